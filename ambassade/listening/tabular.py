"""Mentions imported from a CSV or XLSX export (a monitoring tool's export, a team's own sheet).

The person maps our fields to the file's columns (``mapping``: our field → the file's header, as
``table_headers`` lists them; ``mapping_guess`` pre-fills it). Reading is all-or-nothing: every problem
is reported at once, naming the line and the column, and nothing is returned until the file is clean.
Dates are ISO 8601 (``2026-03-14``, ``2026-03-14T09:30:00+01:00``) or French (``14/03/2026``,
``14/03/2026 09:30``); without a time zone they are read in the current one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ambassade.core.spreadsheets import (
    MAX_ERRORS,
    SpreadsheetError,
    SpreadsheetErrors,
    Table,
    normalise_header,
    read_table,
)
from ambassade.integrations.base import TEXT_MAX, FetchedItem, http_url, moment_plausible, url_host

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = ["FIELDS", "MAX_ROWS", "mapping_guess", "mentions_table_read", "table_headers"]

FIELDS = ("text", "url", "author", "published_at", "venue", "platform", "lang")
REQUIRED = ("text",)
MAX_ROWS = 50_000
FIELD_MAX = {"url": 2000, "author": 200, "venue": 200}
PLATFORM_ALIASES = {
    "x": "x",
    "twitter": "x",
    "tweet": "x",
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "bsky": "bluesky",
    "web": "web",
    "site": "web",
    "blog": "web",
    "blogs": "web",
    "news": "web",
    "presse": "web",
    "press": "web",
    "forum": "web",
    "forums": "web",
    "rss": "web",
    "manual": "manual",
    "manuel": "manual",
}
# Headers people use for each field (normalised), to pre-fill the mapping.
GUESSES = {
    "text": ("text", "texte", "content", "contenu", "message", "mention", "post", "extrait", "snippet"),
    "url": ("url", "link", "lien", "permalink", "adresse"),
    "author": ("author", "auteur", "user", "utilisateur", "username", "compte", "account", "name", "nom"),
    "published_at": ("published_at", "date", "published", "publie_le", "date_de_publication", "created_at"),
    "venue": ("venue", "source", "site", "media", "domain", "domaine", "lieu"),
    "platform": ("platform", "plateforme", "reseau", "network", "source_type", "type_de_source"),
    "lang": ("lang", "language", "langue"),
}
_FRENCH_DATE = re.compile(
    r"^(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})"
    r"(?:[ T]+(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?$"
)
_LANG = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]+)?$")


def table_headers(data: bytes, *, filename: str = "") -> list[str]:
    """The file's column names, for the mapping form (raises SpreadsheetErrors)."""
    return _read(data, filename).headers


def mapping_guess(headers: list[str]) -> dict[str, str]:
    """Our field → the first header that usually holds it."""
    by_name = {normalise_header(header): header for header in headers}
    guessed: dict[str, str] = {}
    for field, names in GUESSES.items():
        header = next((by_name[name] for name in names if name in by_name), None)
        if header is not None and header not in guessed.values():
            guessed[field] = header
    return guessed


def mentions_table_read(data: bytes, *, mapping: Mapping[str, str], filename: str = "") -> list[FetchedItem]:
    """Read every row into an item, or raise SpreadsheetErrors listing every problem (line and column)."""
    table = _read(data, filename)
    columns = _mapping_check(mapping, table.headers)
    errors: list[SpreadsheetError] = []
    items: list[FetchedItem] = []
    for row in table.rows:
        item = _row_item(row.line, row.values, columns, errors)
        if item is not None:
            items.append(item)
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise SpreadsheetErrors(errors)
    return items


def _read(data: bytes, filename: str) -> Table:
    return read_table(data, filename=filename or "import.csv", max_rows=MAX_ROWS)


def _mapping_check(mapping: Mapping[str, str], headers: list[str]) -> dict[str, str]:
    problems: dict[str, str] = {}
    columns: dict[str, str] = {}
    for field, header in mapping.items():
        if not header:
            continue
        if field not in FIELDS:
            problems[field] = _('Unknown field "%(field)s".') % {"field": field}
        elif header not in headers:
            problems[field] = _('The file has no column "%(column)s".') % {"column": header}
        else:
            columns[field] = header
    for field in REQUIRED:
        if field not in columns and field not in problems:
            problems[field] = _("Choose the column that holds the text of the mentions.")
    if problems:
        raise ValidationError(problems)
    return columns


def _row_item(
    line: int, values: Mapping[str, str], columns: Mapping[str, str], errors: list[SpreadsheetError]
) -> FetchedItem | None:
    cells = {field: (values.get(header) or "").strip() for field, header in columns.items()}
    if not any(cells.values()):
        return None  # a blank row in the middle of the file
    before = len(errors)

    def fail(field: str, template: StrOrPromise, **params: object) -> None:
        column = columns[field]
        errors.append(
            SpreadsheetError(
                template,
                line=line,
                column=column,
                code=field,
                params={"line": line, "column": column, **params},
            )
        )

    text = cells.get("text", "")
    if not text:
        fail("text", gettext_lazy('Line %(line)s: the text (column "%(column)s") is empty.'))
    for field, limit in FIELD_MAX.items():
        if len(cells.get(field, "")) > limit:
            fail(
                field,
                gettext_lazy('Line %(line)s, column "%(column)s": at most %(max)s characters.'),
                max=limit,
            )
    url = cells.get("url", "")
    if url and not http_url(url):
        fail(
            "url",
            gettext_lazy(
                'Line %(line)s, column "%(column)s": "%(value)s" is not an address starting with http(s)://.'
            ),
            value=url[:80],
        )
    published_at = _date(cells.get("published_at", ""))
    if cells.get("published_at") and published_at is None:
        fail(
            "published_at",
            gettext_lazy(
                'Line %(line)s, column "%(column)s": "%(value)s" is not a date '
                "such as 2026-03-14 or 14/03/2026 09:30."
            ),
            value=cells["published_at"][:40],
        )
    lang = cells.get("lang", "").lower()
    if lang and not _LANG.match(lang):
        fail(
            "lang",
            gettext_lazy(
                'Line %(line)s, column "%(column)s": "%(value)s" is not a language code such as fr or en.'
            ),
            value=lang[:20],
        )
    if len(errors) > before:
        return None
    return _item(cells, url=url, published_at=published_at, lang=lang[:2])


def _item(cells: Mapping[str, str], *, url: str, published_at: datetime | None, lang: str) -> FetchedItem:
    platform_text = cells.get("platform", "")
    platform = PLATFORM_ALIASES.get(normalise_header(platform_text), "import")
    venue = cells.get("venue", "") or url_host(url)
    if not venue and platform == "import":
        venue = platform_text[:200]
    author = cells.get("author", "")
    text = cells["text"]
    key = "\x1f".join([url or text, author, published_at.isoformat() if published_at else ""])
    return FetchedItem(
        external_id="table:" + hashlib.sha256(key.encode()).hexdigest()[:40],
        text=text[:TEXT_MAX],
        url=url,
        published_at=published_at,
        author_name=author.removeprefix("@") if author.startswith("@") else author,
        author_handle=author if author.startswith("@") else "",
        platform=platform,
        venue=venue,
        lang=lang,
    )


def _date(value: str) -> datetime | None:
    if not value:
        return None
    parsed = _french_date(value) or _iso_date(value)
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        try:
            parsed = timezone.make_aware(parsed, timezone.get_current_timezone())
        except (OverflowError, ValueError):
            return None
    return moment_plausible(parsed)


def _french_date(value: str) -> datetime | None:
    match = _FRENCH_DATE.match(value)
    if match is None:
        return None
    parts = {name: int(number) for name, number in match.groupdict(default="0").items()}
    try:
        return datetime.combine(
            date(parts["year"], parts["month"], parts["day"]),
            time(parts["hour"], parts["minute"], parts["second"]),
        )
    except ValueError:
        return None


def _iso_date(value: str) -> datetime | None:
    text = value.replace("Z", "+00:00").replace("z", "+00:00")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.combine(date.fromisoformat(text), time())
    except ValueError:
        return None
