"""Candidates apply on the public career site: no sign-in, no cookie, no third party.

The pages speak the site's language from the address (`?lang=en`, kept in the form's action), like the
rest of the career site, and are not for search engines (`noindex`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from ambassade.careers.application_files import cv_max_bytes
from ambassade.careers.application_forms import ApplicationForm
from ambassade.careers.applications import (
    PER_EMAIL,
    PER_IP,
    application_rate_count,
    application_rate_exceeded,
    application_submit,
)
from ambassade.careers.models import JobOffer
from ambassade.careers.public_views import Site, site_build
from ambassade.careers.selectors import career_site_get, offer_text
from ambassade.links.visitors import client_ip

# Room for the form's other fields and the multipart envelope around the CV.
_REQUEST_OVERHEAD = 256 * 1024
_KEPT_FIELDS = ("first_name", "last_name", "email", "phone", "message", "ref")

SiteView = Callable[..., HttpResponse]


def _site(request: HttpRequest, entity_slug: str | None) -> Site:
    entity_id = getattr(request, "career_entity_id", None)  # set on an entity's own host name
    if entity_id is not None:
        return site_build(request, career_site_get(entity_id=entity_id), on_own_host=True)
    return site_build(request, career_site_get(entity_slug=entity_slug), on_own_host=False)


def applying(view: SiteView) -> SiteView:
    """Resolve the career site, speak its language, keep the page out of search engines."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, *args: Any, entity_slug: str | None = None, **kwargs: Any
    ) -> HttpResponse:
        site = _site(request, entity_slug)
        with translation.override(site.language):
            response = view(request, site, *args, **kwargs)
        response["Content-Language"] = site.language
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapper


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


def _open_offer(site: Site, pk: int) -> JobOffer:
    offer = (
        JobOffer.objects.filter(pk=pk, entity=site.entity, status=JobOffer.Status.PUBLISHED)
        .select_related("entity", "organisation")
        .prefetch_related("translations")
        .first()
    )
    if offer is None or not offer.is_open:
        raise Http404
    return offer


# The form is anonymous and no session is involved: the signed timestamp it carries stands in for a CSRF
# token, so that career sites set no cookie at all.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@applying
def application_apply(request: HttpRequest, site: Site, pk: int) -> HttpResponse:
    return _apply(request, site, offer=_open_offer(site, pk))


@csrf_exempt
@require_http_methods(["GET", "POST"])
@applying
def application_spontaneous(request: HttpRequest, site: Site) -> HttpResponse:
    return _apply(request, site, offer=None)


def _apply(request: HttpRequest, site: Site, *, offer: JobOffer | None) -> HttpResponse:
    organisation = site.entity.organisation
    context: dict[str, Any] = {
        "entity": site.entity,
        "offer": offer,
        "title": _title(site, offer),
        "action": _action(site, offer),
        "job_url": site.job_path(offer) if offer is not None else "",
    }
    if request.method != "POST":
        form = ApplicationForm(initial={"ref": request.GET.get("ref", "")}, organisation=organisation)
        return _page(request, site, "careers/application_apply.html", {**context, "form": form})
    if _content_length(request) > cv_max_bytes() + _REQUEST_OVERHEAD:
        context["refusal"] = _("The CV is too large: send a file of at most %(max)s MB.") % {
            "max": settings.APPLICATION_CV_MAX_MB
        }
        return _refused(request, site, context, status=413)
    ip = client_ip(request)
    if application_rate_exceeded(rate=PER_IP, value=ip):
        return _too_many(request, site, context)
    form = ApplicationForm(request.POST, request.FILES, organisation=organisation)
    if not form.is_valid():
        form.with_fresh_timestamp()
        return _page(request, site, "careers/application_apply.html", {**context, "form": form}, status=400)
    data = form.cleaned_data
    if application_rate_exceeded(rate=PER_EMAIL, value=data["email"]):
        return _too_many(request, site, context)
    application_submit(
        entity=site.entity,
        offer=offer,
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=data["email"],
        phone=data["phone"],
        message=data["message"],
        cv=data["cv"],
        cv_name=data["cv"].name or "",
        cv_kind=data["cv_kind"],
        talent_pool=data["talent_pool"],
        consent=form.consent_given(),
        ref=data["ref"],
        language=site.language,
    )
    application_rate_count(rate=PER_IP, value=ip)
    application_rate_count(rate=PER_EMAIL, value=data["email"])
    if offer is None:
        return redirect(site.path("application_spontaneous_thanks"))
    return redirect(site.path("application_thanks", pk=offer.pk))


def _action(site: Site, offer: JobOffer | None) -> str:
    if offer is None:
        return site.path("application_spontaneous")
    return site.path("application_apply", pk=offer.pk)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _too_many(request: HttpRequest, site: Site, context: dict[str, Any]) -> HttpResponse:
    context["refusal"] = _(
        "Several applications have just been sent from here or with this e-mail address. "
        "Please wait 10 minutes, then send yours again."
    )
    return _refused(request, site, context, status=429)


def _refused(request: HttpRequest, site: Site, context: dict[str, Any], *, status: int) -> HttpResponse:
    """The form again with what the candidate typed, unchecked: the refusal above it says what to do."""
    typed: dict[str, Any] = {name: request.POST.get(name, "") for name in _KEPT_FIELDS}
    typed["talent_pool"] = bool(request.POST.get("talent_pool"))
    form = ApplicationForm(initial=typed, organisation=site.entity.organisation)
    return _page(request, site, "careers/application_apply.html", {**context, "form": form}, status=status)


def _title(site: Site, offer: JobOffer | None) -> str:
    return offer_text(offer, site.language).title if offer is not None else ""


@require_GET
@applying
def application_thanks(request: HttpRequest, site: Site, pk: int) -> HttpResponse:
    shown = [JobOffer.Status.PUBLISHED, JobOffer.Status.CLOSED]
    offer = (
        JobOffer.objects.filter(pk=pk, entity=site.entity, status__in=shown)
        .prefetch_related("translations")
        .first()
    )
    if offer is None:
        raise Http404
    context = {"entity": site.entity, "offer": offer, "title": _title(site, offer)}
    return _page(request, site, "careers/application_thanks.html", context)


@require_GET
@applying
def application_spontaneous_thanks(request: HttpRequest, site: Site) -> HttpResponse:
    return _page(request, site, "careers/application_thanks.html", {"entity": site.entity, "offer": None})
