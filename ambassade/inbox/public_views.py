"""The inbox on the public career sites: the "Ask us" form and the FAQ page. No sign-in, no cookie.

The form is rate-limited per visitor (a keyed hash of the IP address) and per e-mail address, like
applications, and carries a honeypot field for robots.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from ambassade.careers.application_public_views import applying
from ambassade.careers.applications import RateLimit, visitor_key
from ambassade.careers.public_views import Site, career_site
from ambassade.inbox import selectors, services
from ambassade.inbox.forms import AskForm
from ambassade.links.visitors import client_ip

# Questions accepted per visitor and per e-mail address, within ten minutes.
ASK_PER_IP = RateLimit("ip", 5, 10 * 60)
ASK_PER_EMAIL = RateLimit("email", 3, 10 * 60)
_KEPT_FIELDS = ("name", "email", "question", "language")


def _rate_value(rate: RateLimit, value: str) -> str:
    """An e-mail address without its "+tag" (name+1@ reaches the same person); an IPv6 address as its
    /64 network (one visitor holds a whole one). The keyed hash then ignores case and spaces."""
    value = (value or "").strip()
    if rate.name == "email" and "@" in value:
        local, _at, domain = value.rpartition("@")
        return f"{local.split('+', 1)[0]}@{domain}"
    if rate.name == "ip" and ":" in value:
        try:
            address = ipaddress.IPv6Address(value)
        except ValueError:
            return value
        if address.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is one IPv4 visitor
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False))
    return value


def _rate_key(rate: RateLimit, value: str) -> str:
    return f"inbox:ask:{rate.name}:{visitor_key(_rate_value(rate, value))}"


def ask_rate_exceeded(*, rate: RateLimit, value: str) -> bool:
    return int(cache.get(_rate_key(rate, value), 0)) >= rate.limit


def ask_rate_take(*, rate: RateLimit, value: str) -> bool:
    """Count one question and say whether it is within the limit. The count is an atomic increment,
    so requests checking at the same time cannot all pass (the window starts with the first one)."""
    key = _rate_key(rate, value)
    cache.add(key, 0, timeout=rate.window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=rate.window_seconds)
        count = 1
    return int(count) <= rate.limit


def _page(
    request: HttpRequest, site: Site, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context = {
        "site": site,
        "switch_links": site.switch_links(),
        "alternates": [],
        "canonical_url": "",
        "og_type": "website",
        "og_image": None,
        "meta_description": "",
        "noindex": True,
        **context,
    }
    return render(request, template, context, status=status)


def _form(site: Site, data: Any = None, initial: dict[str, Any] | None = None) -> AskForm:
    organisation = site.entity.organisation
    days = selectors.retention_days(organisation=organisation)
    return AskForm(data, organisation=organisation, days=days, initial=initial or {"language": site.language})


# Anonymous and sessionless like the application form: no cookie, hence no CSRF token to check; a
# forged submission can only ask a question in someone's name, which the confirmation e-mail reveals.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@applying
def ask(request: HttpRequest, site: Site) -> HttpResponse:
    context: dict[str, Any] = {"entity": site.entity, "action": site.path("inbox_ask")}
    if request.method != "POST":
        return _page(request, site, "inbox/public/ask.html", {**context, "form": _form(site)})
    ip = client_ip(request)
    if ask_rate_exceeded(rate=ASK_PER_IP, value=ip):
        return _too_many(request, site, context)
    form = _form(site, request.POST)
    if not form.is_valid():
        return _page(request, site, "inbox/public/ask.html", {**context, "form": form}, status=400)
    data = form.cleaned_data
    if not ask_rate_take(rate=ASK_PER_IP, value=ip) or not ask_rate_take(
        rate=ASK_PER_EMAIL, value=data["email"]
    ):
        return _too_many(request, site, context)
    services.conversation_from_ask(
        entity=site.entity,
        name=data["name"],
        email=data["email"],
        question=data["question"],
        language=data["language"],
        consent_text=form.consent_given(),
    )
    return redirect(site.path("inbox_ask_thanks"))


def _too_many(request: HttpRequest, site: Site, context: dict[str, Any]) -> HttpResponse:
    context["refusal"] = _(
        "Several questions have just been sent from here or with this e-mail address. "
        "Please wait 10 minutes, then send yours again."
    )
    typed = {name: request.POST.get(name, "") for name in _KEPT_FIELDS}
    return _page(
        request, site, "inbox/public/ask.html", {**context, "form": _form(site, initial=typed)}, status=429
    )


@require_GET
@applying
def ask_thanks(request: HttpRequest, site: Site) -> HttpResponse:
    days = selectors.retention_days(organisation=site.entity.organisation)
    return _page(
        request, site, "inbox/public/ask_thanks.html", {"entity": site.entity, "retention_days": days}
    )


@career_site
def faq(request: HttpRequest, site: Site) -> HttpResponse:
    entries = selectors.faq_published(entity=site.entity, language=site.language)
    return _page(
        request,
        site,
        "inbox/public/faq.html",
        {"entries": entries, "ask_url": site.path("inbox_ask"), "noindex": False},
    )
