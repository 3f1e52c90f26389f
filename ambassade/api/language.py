"""The language of API responses.

A client states the language it wants with `Accept-Language` (fr or en); without that header (curl and
most HTTP libraries send none) the token user's saved language applies, else the site's default (fr).
The web UI deliberately ignores Accept-Language (see MembershipMiddleware); an API client, unlike a
browser, sends it on purpose, so here it comes first.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from ambassade.orgs.models import Membership

SUPPORTED = {code for code, _ in settings.LANGUAGES}


def api_language(request: HttpRequest, membership: Membership | None = None) -> str:
    requested = _accepted_language(request.headers.get("Accept-Language", ""))
    if requested:
        return requested
    if membership is not None and membership.language in SUPPORTED:
        return membership.language
    return settings.LANGUAGE_CODE


def api_language_activate(request: HttpRequest, membership: Membership | None = None) -> None:
    language = api_language(request, membership)
    translation.activate(language)
    request.LANGUAGE_CODE = language


def _accepted_language(header: str) -> str | None:
    for code, _quality in parse_accept_lang_header(header[:500]):
        if code == "*":
            return None
        base = code.split("-")[0].lower()
        if base in SUPPORTED:
            return base
    return None
