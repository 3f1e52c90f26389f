"""Serve /r/ ahead of the middleware stack.

The redirect is the one public URL under load (every click of every shared link), and it needs none of
the session, CSRF, authentication, membership, messages or lockout machinery, which cut the throughput
of a trivial view by more than half (docs/performance.md). This middleware, placed right after
SecurityMiddleware, answers every /r/ path itself: the view runs and its response goes back through
SecurityMiddleware only. As a side effect no middleware can add a cookie to a redirect, and the
not-found page of /r/ is a page of its own (Django's would set a CSRF cookie). The view reads the
session itself, and only when a session cookie came along (to recognise the link's own ambassador).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, get_resolver
from django.utils import translation

# Where config/urls.py mounts ambassade.links.redirect_urls.
PREFIX = "/r/"
URLCONF = "ambassade.links.redirect_urls"


class RedirectFastPathMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        try:
            # Resolved against the redirect's own patterns only: the whole URLconf costs ten times more.
            match = get_resolver(URLCONF).resolve("/" + request.path_info[len(PREFIX) :])
            return match.func(request, *match.args, **match.kwargs)
        except (Http404, Resolver404):
            return link_not_found(request)


def link_not_found(request: HttpRequest) -> HttpResponse:
    """In the language of the switch's cookie, else French (as MembershipMiddleware chooses)."""
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    language = cookie if cookie in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE
    with translation.override(language):
        return render(request, "links/not_found.html", status=404)
