"""Template filters of the review document: `{{ text|typography:language }}`, `{{ n|num:language }}`."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from ambassade.reviews import typography as typo

register = template.Library()


@register.filter(needs_autoescape=True)
def typography(value: Any, language: str = "fr", autoescape: bool = True) -> SafeString:
    text = conditional_escape(value) if autoescape else str(value)
    return mark_safe(typo.typography(str(text), language))  # noqa: S308 - escaped above


@register.filter
def num(value: Any, language: str = "fr") -> str:
    return typo.number(value, language)


@register.filter
def num1(value: Any, language: str = "fr") -> str:
    return typo.number(value, language, decimals=1)


@register.filter
def pct(value: Any, language: str = "fr") -> str:
    return typo.number(value, language, percent=True)


@register.filter
def change(value: Any, language: str = "fr") -> str:
    return typo.signed_percent(value, language)
