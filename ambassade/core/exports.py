"""Helpers for files we export to users (CSV / XLSX opened in a spreadsheet)."""

from __future__ import annotations

import datetime
import re

__all__ = ["safe_cell"]

# A spreadsheet may execute a cell starting with one of these (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: object) -> str:
    """Text of ``value`` that no spreadsheet will run as a formula.

    Text starting with ``= + - @``, a tab or a carriage return is prefixed
    with ``'`` (which spreadsheets show as plain text), unless it is a plain
    number such as ``-3`` or ``+1.5``.
    """
    text = _as_text(value)
    if text.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)
