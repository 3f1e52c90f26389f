"""Template tags of applications.

On a job page: `{% load applications %}{% application_form offer %}` renders the application form of an
open offer, carrying the `ref` of the job page's address (so the source survives without a cookie);
on a career site's page: `{% spontaneous_application_form entity %}`.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from ambassade.careers import selectors as site_selectors
from ambassade.careers.application_forms import ApplicationForm
from ambassade.careers.application_selectors import channel_label as _channel_label
from ambassade.careers.application_selectors import offer_title
from ambassade.careers.models import JobOffer
from ambassade.links.signing import MAX_REF_LENGTH
from ambassade.orgs.models import Entity

register = template.Library()


def _ref(context: template.Context) -> str:
    request: HttpRequest | None = context.get("request")
    ref = request.GET.get("ref", "") if request is not None else ""
    return ref if len(ref) <= MAX_REF_LENGTH else ""


def _action(context: template.Context, entity: Entity, name: str, **kwargs: Any) -> str:
    """On a career-site page, the address on the host and in the language the visitor is using."""
    site = context.get("site")
    if site is not None and getattr(site, "entity", None) == entity:
        return str(site.path(name, **kwargs))
    return site_selectors.site_reverse(entity, name, absolute=False, **kwargs)


@register.inclusion_tag("careers/application_form.html", takes_context=True)
def application_form(context: template.Context, offer: JobOffer) -> dict[str, Any]:
    """The application form of an offer (nothing when the offer is not open)."""
    if not offer.is_open:
        return {"form": None}
    form = ApplicationForm(initial={"ref": _ref(context)}, organisation=offer.organisation)
    return {
        "form": form,
        "action": _action(context, offer.entity, "application_apply", pk=offer.pk),
        "offer": offer,
    }


@register.inclusion_tag("careers/application_form.html", takes_context=True)
def spontaneous_application_form(context: template.Context, entity: Entity) -> dict[str, Any]:
    """An application to no offer in particular, on the entity's career site."""
    form = ApplicationForm(initial={"ref": _ref(context)}, organisation=entity.organisation)
    return {"form": form, "action": _action(context, entity, "application_spontaneous"), "offer": None}


@register.filter
def channel_label(channel: str) -> str:
    return _channel_label(channel)


@register.simple_tag
def offer_title_in(offer: JobOffer, language: str) -> str:
    return offer_title(offer, language)
