from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from ambassade.orgs.access import membership_for_user
from ambassade.orgs.models import Membership

SUPPORTED = {code for code, _ in settings.LANGUAGES}


class MembershipMiddleware:
    """Attach the user's membership to the request and speak their language.

    French is the default: the language is the user's saved choice, else the language cookie set by
    the switch in the header, else French. The browser's Accept-Language is deliberately not used.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = self._membership(request)  # type: ignore[attr-defined]
        language = self._language(request, request.membership)  # type: ignore[attr-defined]
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    @staticmethod
    def _membership(request: HttpRequest) -> Membership | None:
        return membership_for_user(getattr(request, "user", None))

    @staticmethod
    def _language(request: HttpRequest, membership: Membership | None) -> str:
        if membership is not None and membership.language in SUPPORTED:
            return membership.language
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if cookie in SUPPORTED:
            return cookie
        return settings.LANGUAGE_CODE
