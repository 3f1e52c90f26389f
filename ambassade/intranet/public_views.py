"""The digest's public pages under /digest/<token>/: no sign-in (the token is the secret), no cookie.

The pages may be embedded in an iframe by the intranet (they are exempt from X-Frame-Options; set
INTRANET_FRAME_ANCESTORS, e.g. "https://intranet.example.org", to send a Content-Security-Policy
frame-ancestors instead of allowing every site). Feeds are cached by readers, not by us.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from ambassade.careers.applications import RateLimit, visitor_key
from ambassade.intranet import feeds, selectors, services
from ambassade.intranet.forms import SubscribeForm
from ambassade.intranet.models import Digest, Issue, Subscription
from ambassade.intranet.presentation import SUPPORTED, issue_context, reader_language
from ambassade.links.visitors import client_ip

# Subscription requests accepted per visitor and per e-mail address within ten minutes (like "Ask us").
SUBSCRIBE_PER_IP = RateLimit("ip", 5, 10 * 60)
SUBSCRIBE_PER_EMAIL = RateLimit("email", 3, 10 * 60)
ARCHIVE_SIZE = 200

View = Callable[..., HttpResponse]


def _rate_key(rate: RateLimit, value: str) -> str:
    return f"intranet:subscribe:{rate.name}:{visitor_key(value)}"


def _rate_exceeded(rate: RateLimit, value: str) -> bool:
    return int(cache.get(_rate_key(rate, value), 0)) >= rate.limit


def _rate_take(rate: RateLimit, value: str) -> bool:
    key = _rate_key(rate, value)
    cache.add(key, 0, timeout=rate.window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=rate.window_seconds)
        count = 1
    return int(count) <= rate.limit


def embeddable(view: View) -> View:
    """Allowed in an iframe (this page only), limited to INTRANET_FRAME_ANCESTORS when it is set."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        ancestors = getattr(settings, "INTRANET_FRAME_ANCESTORS", "")
        if ancestors:
            response["Content-Security-Policy"] = f"frame-ancestors 'self' {ancestors}"
        return response

    return xframe_options_exempt(wrapper)


def _page(
    request: HttpRequest, digest: Digest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    language = context.get("language") or reader_language(digest, request.GET.get("lang"))
    with translation.override(language):
        response = render(
            request,
            template,
            {
                "digest": digest,
                "language": language,
                "other_languages": [code for code in SUPPORTED if code != language],
                "links": {
                    "latest": services.public_url("intranet_latest", token=digest.token),
                    "archive": services.public_url("intranet_archive", token=digest.token),
                    "rss": services.public_url("intranet_rss", token=digest.token),
                    "atom": services.public_url("intranet_atom", token=digest.token),
                    "json": services.public_url("intranet_json", token=digest.token),
                    "subscribe": services.public_url("intranet_subscribe", token=digest.token),
                },
                "form": SubscribeForm(initial={"language": language}),
                **context,
            },
            status=status,
        )
    response["Content-Language"] = language
    return response


def _issue_page(request: HttpRequest, digest: Digest, issue: Issue | None) -> HttpResponse:
    language = reader_language(digest, request.GET.get("lang"))
    context: dict[str, Any] = {"language": language, "issue": issue}
    if issue is not None:
        context.update(issue_context(issue=issue, language=language))
    return _page(request, digest, "intranet/public/issue.html", context)


@require_safe
@embeddable
def latest(request: HttpRequest, token: str) -> HttpResponse:
    digest = selectors.digest_get_public(token=token)
    return _issue_page(request, digest, selectors.issue_latest(digest=digest))


@require_safe
@embeddable
def issue_detail(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    digest = selectors.digest_get_public(token=token)
    return _issue_page(request, digest, selectors.issue_get_public(digest=digest, pk=pk))


@require_safe
@embeddable
def archive(request: HttpRequest, token: str) -> HttpResponse:
    digest = selectors.digest_get_public(token=token)
    issues = list(selectors.issue_list(digest=digest)[:ARCHIVE_SIZE])
    return _page(request, digest, "intranet/public/archive.html", {"issues": issues})


def _feed(request: HttpRequest, token: str, build: Callable[..., str], content_type: str) -> HttpResponse:
    digest = selectors.digest_get_public(token=token)
    language = reader_language(digest, request.GET.get("lang"))
    issues = list(selectors.issue_list(digest=digest).select_related("digest")[: feeds.FEED_ISSUES])
    response = HttpResponse(build(digest, issues, language), content_type=content_type)
    response["Content-Language"] = language
    return response


@require_safe
def rss(request: HttpRequest, token: str) -> HttpResponse:
    return _feed(request, token, feeds.rss_feed, "application/rss+xml; charset=utf-8")


@require_safe
def atom(request: HttpRequest, token: str) -> HttpResponse:
    return _feed(request, token, feeds.atom_feed, "application/atom+xml; charset=utf-8")


@require_safe
def json_feed(request: HttpRequest, token: str) -> HttpResponse:
    return _feed(request, token, feeds.json_feed, "application/feed+json; charset=utf-8")


# Sessionless like the career sites' forms: no cookie, hence no CSRF token; a forged request can only
# send a confirmation e-mail, which does nothing until its link is followed.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@embeddable
def subscribe(request: HttpRequest, token: str) -> HttpResponse:
    digest = selectors.digest_get_public(token=token)
    language = reader_language(digest, request.GET.get("lang") or request.POST.get("language"))
    if request.method != "POST":
        return _page(request, digest, "intranet/public/subscribe.html", {"language": language})
    ip = client_ip(request)
    with translation.override(language):
        form = SubscribeForm(request.POST)
        if _rate_exceeded(SUBSCRIBE_PER_IP, ip):
            return _too_many(request, digest, form, language)
        if not form.is_valid():
            return _page(
                request,
                digest,
                "intranet/public/subscribe.html",
                {"language": language, "form": form},
                status=400,
            )
    email = form.cleaned_data["email"]
    if not _rate_take(SUBSCRIBE_PER_IP, ip) or not _rate_take(SUBSCRIBE_PER_EMAIL, email):
        return _too_many(request, digest, form, language)
    services.subscription_request(digest=digest, email=email, language=form.cleaned_data["language"])
    return _page(
        request, digest, "intranet/public/subscribe_sent.html", {"language": language, "email": email}
    )


def _too_many(request: HttpRequest, digest: Digest, form: SubscribeForm, language: str) -> HttpResponse:
    with translation.override(language):
        refusal = _(
            "Several requests have just been sent from here or for this address. Please wait 10 minutes."
        )
    return _page(
        request,
        digest,
        "intranet/public/subscribe.html",
        {"language": language, "form": form, "refusal": refusal},
        status=429,
    )


def _by_key(token: str, **key: str) -> tuple[Digest, Subscription | None]:
    """The subscription behind an e-mailed link, found by its own secret key: links sent before the
    digest got new addresses keep working (one can always leave). Without a known key, the token must
    be the digest's current one."""
    subscription = (
        Subscription.objects.select_related("digest__organisation", "digest__entity", "digest__department")
        .filter(**key)
        .first()
    )
    if subscription is not None:
        return subscription.digest, subscription
    return selectors.digest_get_public(token=token), None


@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str, key: str) -> HttpResponse:
    """The link in the confirmation e-mail shows a button; pressing it confirms (mail scanners that
    open links do not subscribe anyone)."""
    digest, subscription = _by_key(token, confirm_token=key)
    language = reader_language(
        digest, request.GET.get("lang") or (subscription.language if subscription else None)
    )
    if request.method == "POST" and subscription is not None:
        services.subscription_confirm(digest=digest, key=key)
        subscription.refresh_from_db()
    return _page(
        request,
        digest,
        "intranet/public/confirm.html",
        {"language": language, "subscription": subscription},
        status=200 if subscription is not None else 404,
    )


# One-click unsubscription (RFC 8058): mail programs POST here without a CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str, key: str) -> HttpResponse:
    digest, subscription = _by_key(token, unsubscribe_token=key)
    language = reader_language(
        digest, request.GET.get("lang") or (subscription.language if subscription else None)
    )
    done = False
    if request.method == "POST":
        done = services.subscription_cancel(digest=digest, key=key)
    return _page(
        request,
        digest,
        "intranet/public/unsubscribe.html",
        {"language": language, "subscription": subscription, "done": done or (request.method == "POST")},
    )
