"""`{% load inbox_faq %}{% faq_entries site.entity %}`: the published FAQ of a career site, in the
language the page speaks (the site's, else the active one), with a link to "Ask us"."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch
from django.utils import translation

from ambassade.inbox.selectors import faq_published

register = template.Library()


@register.inclusion_tag("inbox/public/_faq.html", takes_context=True)
def faq_entries(context: template.Context, entity: Any) -> dict[str, Any]:
    site = context.get("site")
    language = getattr(site, "language", None) or (translation.get_language() or "fr")[:2]
    ask_url = ""
    if site is not None:
        try:
            ask_url = site.path("inbox_ask")
        except NoReverseMatch:  # the inbox's public pages are not mounted on this site
            ask_url = ""
    return {
        "entries": list(faq_published(entity=entity, language=language)),
        "heading": True,
        "ask_url": ask_url,
    }
