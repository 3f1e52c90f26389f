"""Small helpers of the recruiters' job offer screens."""

from __future__ import annotations

from django import template

from ambassade.careers.models import JobOffer
from ambassade.careers.selectors import offer_text

register = template.Library()


@register.simple_tag
def offer_title(offer: JobOffer, language: str) -> str:
    """The offer's title in the reader's language, else in the other one."""
    return offer_text(offer, language).title


@register.simple_tag
def offer_count(counts: dict[str, int], status: str) -> int:
    return counts.get(status, 0)
