"""Follower counts of the organisation's own pages: manual entry and import of page analytics exports.

LinkedIn's page analytics exports (XLS, XLSX or CSV) start with a line of notes before the header. The
followers export has one row per day: `Date` (MM/DD/YYYY), `Sponsored followers`, `Organic followers`,
`Auto-invited followers` and `Total followers` — where "Total followers" is the total of the day's NEW
followers (the sum of the three others), not the page's follower count. The visitors export has `Date`
and `Total unique visitors (total)` among page-view columns.

Follower totals are then rebuilt from the daily new followers: the person importing gives the page's
follower count on the file's last day, and each earlier day's total is the next day's total minus the
next day's new followers. A file whose `Total followers` differs from the sum of the parts, or that has
a `Followers` column alone, is read as totals.

Imports are all-or-nothing; every error names the line and the column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ambassade.analytics.models import PageFollowerCount
from ambassade.core.audit import audit_record
from ambassade.core.spreadsheets import SpreadsheetError, SpreadsheetErrors, normalise_header, read_table
from ambassade.orgs.models import Entity, Organisation

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
MAX_COUNT = 2_000_000_000  # what a count column holds on every database

# Recognised columns (normalised: lower case, accents removed, words joined by "_").
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "jour", "day"),
    "sponsored": ("sponsored_followers", "abonnes_sponsorises", "abonnes_sponsorises_total"),
    "organic": ("organic_followers", "abonnes_naturels", "abonnes_organiques"),
    "auto_invited": ("auto_invited_followers", "abonnes_auto_invites", "abonnes_invites_automatiquement"),
    "total": ("total_followers", "total_des_abonnes", "total_abonnes"),
    "new": ("new_followers", "nouveaux_abonnes"),
    "followers": ("followers", "abonnes", "follower_count", "nombre_d_abonnes"),
    "visitors": (
        "total_unique_visitors_total",
        "total_unique_visitors",
        "unique_visitors",
        "total_visiteurs_uniques_total",
        "visiteurs_uniques_total",
        "visiteurs_uniques",
    ),
}
PARTS = ("sponsored", "organic", "auto_invited")
_NUMBER = re.compile(r"\d{1,3}(?:[,.\s\u00a0\u202f']\d{3})+|\d+")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", normalise_header(header)).strip("_")


def _column_kind(header: str) -> str | None:
    key = _key(header)
    for kind, names in COLUMNS.items():
        if key in names:
            return kind
    return None


def _is_header(cells: Sequence[str]) -> bool:
    kinds = {_column_kind(cell) for cell in cells if cell}
    return "date" in kinds and len(kinds - {None, "date"}) >= 1


@dataclass(frozen=True)
class PageDay:
    day: date
    followers: int | None  # None: only visitors known (a visitors export)
    new_followers: int | None
    unique_visitors: int | None


@dataclass(frozen=True)
class ParsedExport:
    days: list[PageDay]
    needs_total: bool  # daily new followers only: the current total is needed

    @property
    def first(self) -> date:
        return self.days[0].day

    @property
    def last(self) -> date:
        return self.days[-1].day


def _error(
    template: Any, *, line: int | None, column: str | None, code: str, **extra: object
) -> SpreadsheetError:
    params: dict[str, object] = {"line": line, "column": column, **extra}
    return SpreadsheetError(template, line=line, column=column, code=code, params=params)


def _parse_number(text: str, line: int, column: str, errors: list[SpreadsheetError]) -> int | None:
    raw = text.strip()
    if not raw:
        return None
    if raw.endswith(".0"):
        raw = raw[:-2]
    if not _NUMBER.fullmatch(raw):
        errors.append(
            _error(
                _('Line %(line)s, column "%(column)s": "%(value)s" is not a whole number of zero or more.'),
                line=line,
                column=column,
                code="number",
                value=raw[:40],
            )
        )
        return None
    number = int(re.sub(r"\D", "", raw))
    if number > MAX_COUNT:
        errors.append(_too_large(line, column, raw))
        return None
    return number


def _too_large(line: int, column: str, value: str) -> SpreadsheetError:
    return _error(
        _('Line %(line)s, column "%(column)s": "%(value)s" is larger than %(max)s.'),
        line=line,
        column=column,
        code="too_large",
        value=value[:40],
        max=MAX_COUNT,
    )


def _date_order(values: list[str]) -> str:
    """ "mdy" (LinkedIn's MM/DD/YYYY) unless a first part above 12 shows the file is DD/MM/YYYY."""
    for value in values:
        match = _SLASHED.fullmatch(value.strip())
        if match and int(match.group(1)) > 12:
            return "dmy"
    return "mdy"


def _parse_date(text: str, order: str) -> date | None:
    raw = text.strip()
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        pass
    match = _SLASHED.fullmatch(raw)
    if match is None:
        return None
    first, second, year = (int(part) for part in match.groups())
    month, day = (first, second) if order == "mdy" else (second, first)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def export_parse(data: bytes, *, filename: str) -> ParsedExport:
    """The days of a page analytics export; raises SpreadsheetErrors naming line and column."""
    table = read_table(
        data, filename=filename, max_bytes=MAX_IMPORT_BYTES, max_rows=MAX_IMPORT_ROWS, header_row=_is_header
    )
    columns: dict[str, str] = {}
    for header in table.headers:
        kind = _column_kind(header)
        if kind is not None and kind not in columns:
            columns[kind] = header
    if "date" not in columns or not ({"total", "new", "followers", "visitors"} | set(PARTS)) & set(columns):
        raise SpreadsheetErrors(
            [
                _error(
                    _(
                        "The file has no “Date” column with follower or visitor figures next to it: "
                        "import the followers or visitors export of the page analytics."
                    ),
                    line=None,
                    column=None,
                    code="columns",
                )
            ]
        )
    errors: list[SpreadsheetError] = []
    order = _date_order([row.values.get(columns["date"], "") for row in table.rows])
    parsed: dict[date, tuple[int, int | None, int | None, int | None, int | None]] = {}
    parts_seen = [kind for kind in PARTS if kind in columns]
    totals_are_new = bool(parts_seen) and "total" in columns
    rows: list[tuple[int, date, dict[str, int | None]]] = []
    for row in table.rows:
        date_column = columns["date"]
        day = _parse_date(row.values.get(date_column, ""), order)
        if day is None:
            errors.append(
                _error(
                    _(
                        'Line %(line)s, column "%(column)s": "%(value)s" is not a date '
                        "(MM/DD/YYYY or YYYY-MM-DD)."
                    ),
                    line=row.line,
                    column=date_column,
                    code="date",
                    value=row.values.get(date_column, "")[:40],
                )
            )
            continue
        if day in parsed:
            errors.append(
                _error(
                    _(
                        'Line %(line)s, column "%(column)s": the date %(value)s '
                        "already appears on line %(first)s."
                    ),
                    line=row.line,
                    column=date_column,
                    code="duplicate_date",
                    value=row.values.get(date_column, ""),
                    first=parsed[day][0],
                )
            )
            continue
        numbers: dict[str, int | None] = {}
        for kind, header in columns.items():
            if kind != "date":
                numbers[kind] = _parse_number(row.values.get(header, ""), row.line, header, errors)
        parsed[day] = (row.line, None, None, None, None)
        rows.append((row.line, day, numbers))
        if totals_are_new and numbers.get("total") is not None:
            parts_sum = sum(numbers.get(kind) or 0 for kind in parts_seen)
            if parts_sum != numbers["total"]:
                totals_are_new = False
    if errors:
        raise SpreadsheetErrors(errors[:200])
    rows.sort(key=lambda item: item[1])
    days: list[PageDay] = []
    daily = bool(parts_seen) or "new" in columns
    cumulative_column = "followers" if "followers" in columns else ("total" if not totals_are_new else None)
    if parts_seen and "total" in columns and not totals_are_new:
        cumulative_column = "total"
    for line, day, numbers in rows:
        new: int | None = None
        if "new" in columns:
            new = numbers.get("new")
        elif parts_seen:
            new = sum(numbers.get(kind) or 0 for kind in parts_seen)
            if new > MAX_COUNT:
                errors.append(_too_large(line, columns[parts_seen[0]], str(new)))
        followers = numbers.get(cumulative_column) if cumulative_column else None
        days.append(PageDay(day, followers, new, numbers.get("visitors")))
    if errors:
        raise SpreadsheetErrors(errors[:200])
    needs_total = daily and cumulative_column is None
    return ParsedExport(days=days, needs_total=needs_total)


def totals_from_daily(days: list[PageDay], *, last_total: int) -> list[PageDay]:
    """Follower totals computed backwards from the total on the last day and each day's new followers."""
    result: list[PageDay] = []
    total = last_total
    for index in range(len(days) - 1, -1, -1):
        current = days[index]
        result.append(PageDay(current.day, total, current.new_followers, current.unique_visitors))
        total -= current.new_followers or 0
    result.reverse()
    if result and min(day.followers or 0 for day in result) < 0:
        raise SpreadsheetErrors(
            [
                _error(
                    _(
                        "The current total (%(total)s) is smaller than the followers gained in the file: "
                        "check the total on the file's last day."
                    ),
                    line=None,
                    column=None,
                    code="total_too_small",
                    total=last_total,
                )
            ]
        )
    return result


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    first: date
    last: date


def _fill_visitors_only(
    days: list[PageDay], organisation: Organisation, entity: Entity | None, network: str
) -> list[PageDay]:
    """A visitors export has no follower figure: keep each day's count, else carry the last known one."""
    known = dict(
        PageFollowerCount.objects.filter(
            organisation=organisation, entity=entity, network=network, day__lte=days[-1].day
        ).values_list("day", "followers")
    )
    result = []
    for current in days:
        before = [day for day in known if day <= current.day]
        if not before:
            raise SpreadsheetErrors(
                [
                    _error(
                        _(
                            "This file has visitors but no follower figures, and the page has no follower "
                            "count on or before %(day)s: import the followers export first."
                        ),
                        line=None,
                        column=None,
                        code="no_followers",
                        day=current.day.isoformat(),
                    )
                ]
            )
        followers = known[max(before)]
        result.append(PageDay(current.day, followers, current.new_followers, current.unique_visitors))
    return result


def page_followers_import(
    *,
    actor: Any,
    organisation: Organisation,
    entity: Entity | None,
    network: str,
    data: bytes,
    filename: str,
    current_total: int | None,
) -> ImportResult:
    """Import an export for one page; all-or-nothing. Raises SpreadsheetErrors (with code "needs_total"
    when the file has only daily new followers and no current total was given)."""
    parsed = export_parse(data, filename=filename)
    days = parsed.days
    if parsed.needs_total:
        if current_total is None:
            raise SpreadsheetErrors(
                [
                    _error(
                        _(
                            "This file gives the new followers of each day, not the page's total: enter the "
                            "page's follower count on %(day)s (the file's last day) and import it again."
                        ),
                        line=None,
                        column=None,
                        code="needs_total",
                        day=parsed.last.isoformat(),
                    )
                ]
            )
        days = totals_from_daily(days, last_total=current_total)
    elif all(day.followers is None for day in days):
        days = _fill_visitors_only(days, organisation, entity, network)
    visitors_only = all(day.new_followers is None for day in parsed.days) and all(
        day.followers is None for day in parsed.days
    )
    created = updated = 0
    with transaction.atomic():
        existing = {
            row.day: row
            for row in PageFollowerCount.objects.select_for_update().filter(
                organisation=organisation,
                entity=entity,
                network=network,
                day__gte=days[0].day,
                day__lte=days[-1].day,
            )
        }
        new_rows = []
        for current in days:
            row = existing.get(current.day)
            if row is None:
                new_rows.append(
                    PageFollowerCount(
                        organisation=organisation,
                        entity=entity,
                        network=network,
                        day=current.day,
                        followers=current.followers or 0,
                        new_followers=current.new_followers,
                        unique_visitors=current.unique_visitors,
                        source=PageFollowerCount.Source.IMPORT,
                        created_by=actor,
                    )
                )
                continue
            if not visitors_only:
                row.followers = current.followers or 0
                if current.new_followers is not None:
                    row.new_followers = current.new_followers
            if current.unique_visitors is not None:
                row.unique_visitors = current.unique_visitors
            row.source = PageFollowerCount.Source.IMPORT
            row.save(update_fields=["followers", "new_followers", "unique_visitors", "source", "updated_at"])
            updated += 1
        PageFollowerCount.objects.bulk_create(new_rows)
        created = len(new_rows)
        audit_record(
            actor=actor,
            action="analytics.page_followers_import",
            organisation=organisation,
            target=entity or organisation,
            changes={
                "network": network,
                "filename": filename[:200],
                "first": days[0].day.isoformat(),
                "last": days[-1].day.isoformat(),
                "created": created,
                "updated": updated,
            },
        )
    return ImportResult(created, updated, days[0].day, days[-1].day)


def page_follower_save(
    *,
    actor: Any,
    organisation: Organisation,
    entity: Entity | None,
    network: str,
    day: date,
    followers: int,
    new_followers: int | None = None,
    unique_visitors: int | None = None,
) -> PageFollowerCount:
    """Enter (or correct) one day's figures of a page by hand."""
    with transaction.atomic():
        row, created = PageFollowerCount.objects.update_or_create(
            organisation=organisation,
            entity=entity,
            network=network,
            day=day,
            defaults={
                "followers": followers,
                "new_followers": new_followers,
                "unique_visitors": unique_visitors,
                "source": PageFollowerCount.Source.MANUAL,
                "created_by": actor,
            },
        )
        audit_record(
            actor=actor,
            action="analytics.page_followers_save",
            organisation=organisation,
            target=row,
            changes={"network": network, "day": day.isoformat(), "followers": followers, "created": created},
        )
    return row


def page_follower_delete(*, actor: Any, row: PageFollowerCount) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="analytics.page_followers_delete",
            organisation=row.organisation,
            target=row,
            changes={"network": row.network, "day": row.day.isoformat(), "followers": row.followers},
        )
        row.delete()
