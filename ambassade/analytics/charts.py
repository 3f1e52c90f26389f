"""The overview's charts as tables: what the page shows under each chart and what the exports contain."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from ambassade.analytics.overview import FIGURE_KEYS, Overview
from ambassade.core.exports import safe_cell

Cell = str | int | float | date | None


@dataclass(frozen=True)
class ChartTable:
    name: str
    title: str
    header: list[str]
    rows: list[list[Cell]]


def _figures(overview: Overview) -> ChartTable:
    rows: list[list[Cell]] = []
    for key in FIGURE_KEYS:
        figure = overview.figures[key]
        rows.append([figure.label, figure.value, figure.previous, figure.change_percent])
    return ChartTable(
        "figures",
        _("Key figures"),
        [_("Figure"), _("This period"), _("Previous period"), _("Change (%)")],
        rows,
    )


def _adoption(overview: Overview) -> ChartTable:
    active = dict(overview.adoption.get("active", []))
    share = dict(overview.adoption.get("active_share", []))
    rows: list[list[Cell]] = [
        [day, enrolled, active.get(day, 0), share.get(day, 0)]
        for day, enrolled in overview.adoption["enrolled"]
    ]
    return ChartTable(
        "adoption",
        _("Adoption"),
        [_("Day"), _("Enrolled ambassadors"), _("Active ambassadors"), _("Active share (%)")],
        rows,
    )


def _coverage(overview: Overview) -> ChartTable:
    rows: list[list[Cell]] = [list(row) for row in overview.coverage]
    return ChartTable(
        "coverage",
        _("Coverage by department"),
        [_("Department"), _("Staff"), _("Enrolled ambassadors"), _("Active ambassadors")],
        rows,
    )


def _followers(overview: Overview) -> ChartTable:
    return followers_table(overview.followers)


def followers_table(followers: dict[str, list[tuple[date, int]]]) -> ChartTable:
    """Page followers by day, one column per page."""
    pages = list(followers)
    by_day: dict[date, dict[str, int]] = {}
    for page, points in followers.items():
        for day, count in points:
            by_day.setdefault(day, {})[page] = count
    rows: list[list[Cell]] = [[day, *(by_day[day].get(page) for page in pages)] for day in sorted(by_day)]
    return ChartTable("followers", _("Page followers"), [_("Day"), *pages], rows)


def _activity(overview: Overview) -> ChartTable:
    clicks = dict(overview.activity.get("human_clicks", []))
    rows: list[list[Cell]] = [
        [week, shares, clicks.get(week, 0)] for week, shares in overview.activity["shares"]
    ]
    return ChartTable(
        "activity",
        _("Shares and human clicks per week"),
        [_("Week of"), _("Shares"), _("Human clicks")],
        rows,
    )


def _clicks(overview: Overview) -> ChartTable:
    rows: list[list[Cell]] = [[day, clicks] for day, clicks in overview.clicks]
    return ChartTable("clicks", _("Human clicks on tracked links"), [_("Day"), _("Human clicks")], rows)


def _source_titles() -> dict[str, tuple[str, str]]:
    return {
        "channel": (_("Outcomes by channel"), _("Channel")),
        "campaign": (_("Outcomes by campaign"), _("Campaign")),
        "department": (_("Outcomes by department"), _("Department")),
        "entity": (_("Outcomes by entity"), _("Entity")),
        "ambassador": (_("Outcomes by ambassador"), _("Ambassador")),
    }


def _by_source(kind: str) -> Callable[[Overview], ChartTable]:
    def table(overview: Overview) -> ChartTable:
        title, column = _source_titles()[kind]
        rows: list[list[Cell]] = [
            [row.label, row.human_clicks, row.applications, row.introductions, row.hires]
            for row in overview.by_source.get(kind, [])
        ]
        header = [column, _("Human clicks"), _("Applications"), _("Introductions"), _("Hires")]
        return ChartTable(f"by-{kind}", title, header, rows)

    return table


BUILDERS: dict[str, Callable[[Overview], ChartTable]] = {
    "figures": _figures,
    "adoption": _adoption,
    "coverage": _coverage,
    "followers": _followers,
    "activity": _activity,
    "clicks": _clicks,
    "by-channel": _by_source("channel"),
    "by-campaign": _by_source("campaign"),
    "by-department": _by_source("department"),
    "by-entity": _by_source("entity"),
    "by-ambassador": _by_source("ambassador"),
}
CHART_NAMES = tuple(BUILDERS)
NAMED_CHARTS = frozenset({"by-ambassador"})  # only for those who may see names


def chart_table(overview: Overview, name: str) -> ChartTable:
    return BUILDERS[name](overview)


def _cell(value: Cell) -> Cell:
    """Numbers stay numbers (a spreadsheet can sum them); everything else is neutralised text."""
    if isinstance(value, bool):
        return safe_cell(value)
    if isinstance(value, int | float):
        return value
    return safe_cell(value)


def table_csv(table: ChartTable) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in table.header])
    for row in table.rows:
        writer.writerow(
            [str(value).replace(".", ",") if isinstance(value, float) else _cell(value) for value in row]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM: spreadsheets then read UTF-8


def _xlsx_cell(value: Cell) -> Cell:
    """As `_cell`, without the control characters a worksheet cannot hold (a name may contain some)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    found = _cell(value)
    return ILLEGAL_CHARACTERS_RE.sub("", found) if isinstance(found, str) else found


def table_xlsx(table: ChartTable) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = re.sub(r"[\\/?*\[\]:]", "-", str(_xlsx_cell(table.title)))[:31].strip("'") or "Data"
    sheet.append([_xlsx_cell(cell) for cell in table.header])
    for row in table.rows:
        sheet.append([_xlsx_cell(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
