"""The programme overview: every figure of the analytics dashboard, read from rollups only.

The interface (dataclasses and function signatures) is shared with the review report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

__all__ = [
    "FIGURE_KEYS",
    "SOURCE_KINDS",
    "Figure",
    "Overview",
    "Period",
    "PeriodError",
    "SourceRow",
    "overview_for_member",
    "overview_get",
    "period_parse",
]

FIGURE_KEYS = (
    "staff",
    "enrolled",
    "active",
    "active_share",
    "followers",
    "reach",
    "shares",
    "human_clicks",
    "applications",
    "introductions",
    "hires",
)
SOURCE_KINDS = ("channel", "campaign", "department", "entity", "ambassador")
MAX_PERIOD_DAYS = 3 * 366 + 1
# The days a period may start or end on: far enough from the calendar's ends that the previous period
# and the weeks around it can always be computed.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)


@dataclass(frozen=True)
class Period:
    """Days from `start` to `end`, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int | float | None
    previous: int | float | None

    @property
    def change_percent(self) -> float | None:
        """Change from the previous period in percent; None when either is unknown or previous is 0."""
        if self.value is None or self.previous is None or self.previous == 0:
            return None
        return round(100 * (self.value - self.previous) / self.previous, 1)


@dataclass(frozen=True)
class SourceRow:
    label: str
    human_clicks: int
    applications: int
    introductions: int
    hires: int


@dataclass(frozen=True)
class Overview:
    period: Period
    scope_label: str
    # keys: FIGURE_KEYS
    figures: dict[str, Figure]
    # "enrolled", "active" per day
    adoption: dict[str, list[tuple[date, int]]]
    # "<network> · <entity>" → page followers by day
    followers: dict[str, list[tuple[date, int]]]
    # department label, staff, enrolled, active (small groups merged)
    coverage: list[tuple[str, int, int, int]]
    # "shares", "human_clicks" per week (the Monday of the week)
    activity: dict[str, list[tuple[date, int]]]
    # SOURCE_KINDS → rows
    by_source: dict[str, list[SourceRow]]
    # human clicks per day (LinkDailyRollup)
    clicks: list[tuple[date, int]] = field(default_factory=list)
    # "<network> · <entity>" → followers gained over the period (last minus first count)
    followers_gained: dict[str, int] = field(default_factory=dict)
    names_allowed: bool = True


class PeriodError(ValueError):
    """A bad period parameter; `parameter` names it ("from", "to" or "period")."""

    def __init__(self, parameter: str, message: Any) -> None:
        super().__init__(str(message))
        self.parameter = parameter
        self.message = message


def _parse_day(params: Mapping[str, str], name: str) -> date | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise PeriodError(
            name,
            _("The parameter “%(name)s” must be a date written YYYY-MM-DD, not “%(value)s”.")
            % {"name": name, "value": raw[:40]},
        ) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise PeriodError(
            name,
            _("The parameter “%(name)s” must be a day from %(first)s to %(last)s.")
            % {"name": name, "first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
        )
    return day


def preset_period(preset: str, *, today: date) -> Period | None:
    """The period of a preset name: "30d", "quarter", "12m", "year" (calendar year to date)."""
    if preset == "30d":
        return Period(today - timedelta(days=29), today)
    if preset == "quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        return Period(date(today.year, first_month, 1), today)
    if preset == "12m":
        return Period(today - timedelta(days=364), today)
    if preset == "year":
        return Period(date(today.year, 1, 1), today)
    return None


PRESETS = (
    ("30d", _("Last 30 days")),
    ("quarter", _("This quarter")),
    ("12m", _("Last 12 months")),
    ("year", _("This calendar year")),
)


def period_parse(params: Mapping[str, str], *, today: date) -> Period:
    """The period of `?from=&to=` (or `?period=<preset>`); default the last 30 days.

    Raises PeriodError naming the bad parameter."""
    preset = (params.get("period") or "").strip()
    if preset and not (params.get("from") or params.get("to")):
        period = preset_period(preset, today=today)
        if period is None:
            raise PeriodError(
                "period",
                _("The parameter “period” must be one of %(choices)s.")
                % {"choices": ", ".join(key for key, _label in PRESETS)},
            )
        return period
    start = _parse_day(params, "from")
    end = _parse_day(params, "to")
    if end is None:
        end = today if start is None or start <= today else start
    if start is None:
        start = end - timedelta(days=29)
    if start > end:
        raise PeriodError("from", _("The parameter “from” must be on or before “to”."))
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise PeriodError("to", _("The period from “from” to “to” may last at most three years."))
    return Period(start, end)


def overview_get(
    *, organisation: Any, period: Period, entity: Any = None, department: Any = None, names_allowed: bool
) -> Overview:
    """Every figure of the dashboard for the organisation, one entity or one department subtree."""
    from ambassade.analytics.selectors import build_overview

    return build_overview(
        organisation=organisation,
        period=period,
        entity=entity,
        department=department,
        names_allowed=names_allowed,
    )


def overview_for_member(*, membership: Any, period: Period) -> Overview:
    """The overview a member may see: programme admins the whole organisation with names; managers
    their department subtree in aggregate, without names, small groups merged."""
    from ambassade.analytics.selectors import overview_for_membership

    return overview_for_membership(membership=membership, period=period)
