"""Numbers and French typography for the review, in HTML and in the PDF.

In French, a narrow no-break space (U+202F) goes before « : ; ! ? », inside « », and between the groups
of digits of a number (1 234 567); in English, nothing changes but the thousands separator (1,234,567).
"""

from __future__ import annotations

import re

NNBSP = "\u202f"
NBSP = "\u00a0"

_BEFORE_PUNCTUATION = re.compile(r"[ \u00a0\u202f]*([:;!?])")
_AFTER_OPEN_QUOTE = re.compile(r"«[ \u00a0\u202f]*")
_BEFORE_CLOSE_QUOTE = re.compile(r"[ \u00a0\u202f]*»")
_DIGIT_GROUPS = re.compile(r"(?<=\d)[ \u00a0](?=\d{3}(?!\d))")
# Not inside a web address or a clock time ("https://", "10:30"), nor a tag or an entity.
_PROTECTED = re.compile(r"(<[^>]*>|&[#\w]+;|\w+://\S+|\d+:\d+)")


def _french(text: str) -> str:
    text = _BEFORE_PUNCTUATION.sub(lambda match: NNBSP + match.group(1), text)
    text = _AFTER_OPEN_QUOTE.sub("«" + NNBSP, text)
    text = _BEFORE_CLOSE_QUOTE.sub(NNBSP + "»", text)
    return _DIGIT_GROUPS.sub(NNBSP, text)


def typography(text: str, language: str) -> str:
    """Text with French spacing when `language` is French (HTML tags, entities, addresses and times
    are left as they are); unchanged otherwise."""
    if not language.startswith("fr") or not text:
        return text
    parts = _PROTECTED.split(text)
    return "".join(part if index % 2 else _french(part) for index, part in enumerate(parts))


def number(value: float | int | None, language: str, *, decimals: int = 0, percent: bool = False) -> str:
    """A number for people: 1 234,5 in French (narrow no-break spaces), 1,234.5 in English; "–" for None."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    if language.startswith("fr"):
        text = text.replace(",", NNBSP).replace(".", ",")
    if text.startswith("-"):
        text = "−" + text[1:]
    if percent:
        text += NNBSP + "%" if language.startswith("fr") else "%"
    return text


def signed_percent(value: float | None, language: str) -> str:
    """+12 % / −3 % (French) or +12% / −3% (English); "–" when there is nothing to compare with."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else ""
    return sign + number(value, language, percent=True)
