"""The public redirect /r/<code>: lean on purpose (see ambassade/links/middleware.py).

No query parameter is read: the destination is the link's own target, whatever the request carries.
No cookie is set, and the session is read only to recognise the link's own ambassador when a session
cookie came along.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ambassade.links.clicks import click_record
from ambassade.links.targets import link_target_forget, link_target_get

CODE = re.compile(r"[A-Za-z0-9]{6,16}")
REDIRECT_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


@require_http_methods(["GET", "HEAD"])
def link_redirect(request: HttpRequest, code: str) -> HttpResponse:
    if not CODE.fullmatch(code):
        raise Http404
    target = link_target_get(code)
    if target is None:
        raise Http404
    try:
        click_record(request=request, target=target, now=timezone.now())
    except IntegrityError as error:  # the link was deleted since its target was cached
        link_target_forget(code)
        raise Http404 from error
    # Every visit must reach us: a cached redirect would be a lost click.
    return HttpResponse(status=302, headers={**REDIRECT_HEADERS, "Location": target.location})


def baseline_redirect(request: HttpRequest) -> HttpResponse:
    """For `make bench-redirect` only (BENCH_BASELINE=true): a 302 with no database work at all."""
    return HttpResponseRedirect(settings.SITE_URL + "/")
