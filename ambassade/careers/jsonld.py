"""schema.org JobPosting for a job page, following Google's job-posting guidelines.

Required: title, description (HTML), datePosted, hiringOrganization, jobLocation, or for fully remote
jobs jobLocationType TELECOMMUTE with applicantLocationRequirements. Recommended and always emitted
when known: validThrough, employmentType, identifier, baseSalary, directApply (the form is on the page).
Closed offers get no markup at all (the caller checks `offer.is_open`).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from ambassade.careers.content import Location
from ambassade.careers.models import JobOffer
from ambassade.careers.selectors import OfferText, offer_locations, offer_valid_through

# Characters that could end the <script> element or open a comment, as JSON escapes.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def job_posting(
    offer: JobOffer,
    *,
    text: OfferText,
    url: str,
    organisation_url: str,
    logo_url: str | None = None,
) -> dict[str, Any]:
    posting: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": text.title,
        "description": text.description,
        # The organisation's local date: just after midnight in Paris is still yesterday in UTC.
        "datePosted": timezone.localdate(offer.published_at or offer.created_at).isoformat(),
        "validThrough": offer_valid_through(offer).isoformat(),
        "employmentType": offer.contract_type,
        "hiringOrganization": _organisation(offer, organisation_url, logo_url),
        "identifier": {
            "@type": "PropertyValue",
            "name": offer.organisation.name,
            "value": offer.reference,
        },
        "directApply": True,
        "url": url,
        "inLanguage": text.language,
    }
    if offer.category:
        posting["occupationalCategory"] = offer.category
    posting.update(_where(offer))
    salary = _salary(offer)
    if salary:
        posting["baseSalary"] = salary
    return posting


def _organisation(offer: JobOffer, organisation_url: str, logo_url: str | None) -> dict[str, Any]:
    organisation: dict[str, Any] = {
        "@type": "Organization",
        "name": offer.entity.name,
        "sameAs": organisation_url,
    }
    if logo_url:
        organisation["logo"] = logo_url
    return organisation


def _where(offer: JobOffer) -> dict[str, Any]:
    where: dict[str, Any] = {}
    locations = offer_locations(offer)
    if offer.remote_policy == JobOffer.Remote.REMOTE:
        where["jobLocationType"] = "TELECOMMUTE"
        where["applicantLocationRequirements"] = [
            {"@type": "Country", "name": code} for code in offer.remote_countries or []
        ]
    if locations:
        where["jobLocation"] = [_place(location) for location in locations]
    return where


def _place(location: Location) -> dict[str, Any]:
    address = {
        "@type": "PostalAddress",
        "streetAddress": location.street,
        "addressLocality": location.city,
        "addressRegion": location.region,
        "postalCode": location.postal_code,
        "addressCountry": location.country,
    }
    return {"@type": "Place", "address": {key: value for key, value in address.items() if value}}


def _salary(offer: JobOffer) -> dict[str, Any] | None:
    if offer.salary_min is None and offer.salary_max is None:
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": offer.salary_period}
    if offer.salary_min is not None and offer.salary_max is not None and offer.salary_min == offer.salary_max:
        value["value"] = _number(offer.salary_min)
    else:
        if offer.salary_min is not None:
            value["minValue"] = _number(offer.salary_min)
        if offer.salary_max is not None:
            value["maxValue"] = _number(offer.salary_max)
    return {"@type": "MonetaryAmount", "currency": offer.salary_currency, "value": value}


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def as_script(data: dict[str, Any]) -> SafeString:
    """The markup, safe inside <script type="application/ld+json"> whatever the texts contain."""
    encoded = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(encoded)  # noqa: S308 - every character able to close the element is escaped
