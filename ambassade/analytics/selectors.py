"""Reads of the analytics app: the overview from rollups, page follower history.

Every figure of the overview comes from a rollup: `AdoptionSnapshot` (staff, enrolled, active, coverage),
`ActivityDay` (shares, ambassadors' human clicks), `LinkDailyRollup` (clicks by source), `FollowerCount`
(reach), `PageFollowerCount` (the organisation's pages) and `DailyOutcome` (applications, introductions,
hires). Nothing reads raw clicks or applications at request time. Each rollup is read once for both the
period and the previous one (one scan per table), and grouped in Python when the rows are few.

Scopes: the organisation, one entity, or one department with its sub-departments (a manager). Without
`names_allowed` (a manager) there is no per-person row, and small groups follow the rule of
`ambassade/ambassadors/selectors.py` ("Small groups", `groups_shown`): no figure of a scope (or of a
previous period, or of a day of the adoption curve) with fewer than MIN_GROUP_SIZE enrolled ambassadors,
and departments are shown one by one only while what the shown ones leave of the scope is nobody or at
least MIN_GROUP_SIZE enrolled ambassadors; the rest is one "Other departments" row, so that no subtraction
gives the figures of a small group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from ambassade.ambassadors.models import (
    ActivityDay,
    AdoptionSnapshot,
    Ambassador,
    FollowerCount,
    Network,
    SocialAccount,
)
from ambassade.ambassadors.selectors import Group, groups_shown, is_programme_admin
from ambassade.analytics.models import DailyOutcome, PageFollowerCount
from ambassade.analytics.overview import FIGURE_KEYS, SOURCE_KINDS, Figure, Overview, Period, SourceRow
from ambassade.careers.application_selectors import channel_label
from ambassade.links.models import Campaign, LinkDailyRollup, TrackedLink
from ambassade.orgs.models import Department, Entity, Membership, Organisation, Person, organisation_zone
from ambassade.orgs.roles import Role
from ambassade.orgs.selectors import MIN_GROUP_SIZE

MAX_AMBASSADOR_ROWS = 50
OWN = "own"  # coverage key of a manager's department's own people
NO_DEPARTMENT = "none"
LONG_AGO = datetime(1970, 1, 1, tzinfo=UTC)


def figure_labels() -> dict[str, str]:
    return {
        "staff": _("Staff"),
        "enrolled": _("Enrolled ambassadors"),
        "active": _("Active ambassadors"),
        "active_share": _("Active share (%)"),
        "followers": _("Page followers"),
        "reach": _("Reach"),
        "shares": _("Shares"),
        "human_clicks": _("Human clicks"),
        "applications": _("Applications"),
        "introductions": _("Introductions"),
        "hires": _("Hires"),
    }


@dataclass(frozen=True)
class Scope:
    organisation: Organisation
    entity: Entity | None = None
    department: Department | None = None

    @property
    def label(self) -> str:
        if self.department is not None:
            return _("%(department)s and its sub-departments") % {"department": self.department.name}
        if self.entity is not None:
            return self.entity.name
        return self.organisation.name

    def snapshots(self) -> QuerySet[AdoptionSnapshot]:
        rows = AdoptionSnapshot.objects.filter(organisation=self.organisation)
        if self.department is not None:
            return rows.filter(department__path__startswith=self.department.path)
        if self.entity is not None:
            return rows.filter(entity=self.entity)
        return rows

    def people_filter(self, prefix: str) -> Q:
        """Filter on a Person reached through `prefix` (e.g. "ambassador__person")."""
        if self.department is not None:
            return Q(**{f"{prefix}__department__path__startswith": self.department.path})
        if self.entity is not None:
            return Q(**{f"{prefix}__entity": self.entity})
        return Q()

    def outcomes(self) -> QuerySet[DailyOutcome]:
        rows = DailyOutcome.objects.filter(organisation=self.organisation)
        if self.department is not None:
            return rows.filter(department__path__startswith=self.department.path)
        if self.entity is not None:
            return rows.filter(entity=self.entity)
        return rows

    def ambassador_links(self) -> QuerySet[TrackedLink]:
        """The links of the ambassadors of the scope (for an entity: of the whole organisation, as a
        link's entity is the entity it points to, not its ambassador's)."""
        links = TrackedLink.objects.filter(organisation=self.organisation, ambassador__isnull=False)
        if self.department is not None:
            return links.filter(ambassador__department__path__startswith=self.department.path)
        return links

    def link_rollups(self) -> QuerySet[LinkDailyRollup]:
        rows = LinkDailyRollup.objects.filter(organisation=self.organisation)
        if self.department is not None:
            # A subquery of the subtree's links: faster than joining every rollup row to its person.
            return rows.filter(link_id__in=self.ambassador_links().values("pk"))
        if self.entity is not None:
            return rows.filter(entity=self.entity)
        return rows

    def activity(self) -> QuerySet[ActivityDay]:
        return ActivityDay.objects.filter(ambassador__organisation=self.organisation).filter(
            self.people_filter("ambassador__person")
        )

    def pages(self) -> QuerySet[PageFollowerCount]:
        rows = PageFollowerCount.objects.filter(organisation=self.organisation)
        if self.department is not None:
            return rows.filter(Q(entity_id=self.department.entity_id) | Q(entity__isnull=True))
        if self.entity is not None:
            return rows.filter(entity=self.entity)
        return rows

    def day_end(self, day: date) -> datetime:
        """The first moment after `day` in the organisation's time zone."""
        return datetime.combine(
            day + timedelta(days=1), time.min, tzinfo=organisation_zone(self.organisation)
        )


# --- adoption -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Adoption:
    """Staff, enrolled, active of the scope on the last snapshot day on or before a day."""

    day: date | None  # None: no snapshot yet
    staff: int | None
    enrolled: int | None
    active: int | None


def _adoption_at(scope: Scope, day: date) -> Adoption:
    rows = scope.snapshots().filter(day__lte=day)
    last = rows.order_by("-day").values_list("day", flat=True).first()
    if last is None:
        return Adoption(None, None, None, None)
    sums = rows.filter(day=last).aggregate(staff=Sum("staff"), enrolled=Sum("enrolled"), active=Sum("active"))
    return Adoption(last, sums["staff"] or 0, sums["enrolled"] or 0, sums["active"] or 0)


def _figures_shown(adoption: Adoption, *, names_allowed: bool) -> bool:
    """May the programme's figures of this scope be shown? Managers: only with MIN_GROUP_SIZE enrolled
    (the rule of a group on its own in `groups_shown`)."""
    return names_allowed or bool(
        groups_shown([Group("all", None, adoption.staff or 0, adoption.enrolled or 0)])
    )


def _adoption_series(
    scope: Scope, period: Period, *, names_allowed: bool
) -> dict[str, list[tuple[date, int]]]:
    """Enrolled, active and active share per snapshot day; for a manager, only the days on which the
    scope had MIN_GROUP_SIZE enrolled ambassadors."""
    rows = (
        scope.snapshots()
        .filter(day__gte=period.start, day__lte=period.end)
        .values("day")
        .annotate(enrolled=Sum("enrolled"), active=Sum("active"), staff=Sum("staff"))
        .order_by("day")
    )
    series: dict[str, list[tuple[date, int]]] = {"enrolled": [], "active": [], "active_share": []}
    for row in rows:
        day, staff, enrolled, active = row["day"], row["staff"] or 0, row["enrolled"] or 0, row["active"] or 0
        if not _figures_shown(Adoption(day, staff, enrolled, active), names_allowed=names_allowed):
            continue
        series["enrolled"].append((day, enrolled))
        series["active"].append((day, active))
        series["active_share"].append((day, round(100 * active / enrolled) if enrolled else 0))
    return series


# --- reach ----------------------------------------------------------------------------------------


def _enrolled_until(status: str, withdrawn_at: datetime | None, left_at: datetime | None) -> datetime | None:
    """When an ambassador stopped being enrolled (None: still enrolled, or no date known)."""
    if status == Ambassador.Status.ENROLLED:
        return None
    ends = [moment for moment in (withdrawn_at, left_at) if moment is not None]
    return min(ends) if ends else LONG_AGO


def _reach(scope: Scope, days: Iterable[date]) -> dict[date, int | None]:
    """Per day: the sum of the latest follower counts (on or before the day) of the ambassadors enrolled
    at the end of that day (in the organisation's time zone). One query for every day."""
    ends = sorted(set(days))
    bounds = {day: scope.day_end(day) for day in ends}
    ambassadors = Ambassador.objects.filter(
        organisation=scope.organisation, enrolled_at__lt=max(bounds.values())
    ).filter(scope.people_filter("person"))
    latest = {
        f"last_{index}": Subquery(
            FollowerCount.objects.filter(account=OuterRef("pk"), counted_on__lte=day)
            .order_by("-counted_on")
            .values("followers")[:1],
            output_field=IntegerField(),
        )
        for index, day in enumerate(ends)
    }
    rows = (
        SocialAccount.objects.filter(ambassador__in=ambassadors)
        .annotate(**latest)
        .values_list(
            "ambassador__status",
            "ambassador__enrolled_at",
            "ambassador__withdrawn_at",
            "ambassador__left_at",
            *latest,
        )
    )
    totals: dict[date, int | None] = dict.fromkeys(ends)
    for status, enrolled_at, withdrawn_at, left_at, *counts in rows:
        until = _enrolled_until(status, withdrawn_at, left_at)
        for day, count in zip(ends, counts, strict=True):
            bound = bounds[day]
            if count is None or enrolled_at >= bound or (until is not None and until < bound):
                continue
            totals[day] = (totals[day] or 0) + count
    return totals


# --- page followers -------------------------------------------------------------------------------


@dataclass
class Pages:
    """The pages' follower counts read once: the series of the period, and each page's latest count
    at the end of the period and at the end of the previous one."""

    series: dict[str, list[tuple[date, int]]] = field(default_factory=dict)
    gained: dict[str, int] = field(default_factory=dict)
    latest: dict[str, int] = field(default_factory=dict)
    latest_before: dict[str, int] = field(default_factory=dict)

    def total(self, *, before: bool = False) -> int | None:
        counts = self.latest_before if before else self.latest
        return sum(counts.values()) if counts else None


def _page_label(network: str, entity: Entity | None, organisation: Organisation) -> str:
    networks = dict(Network.choices)
    return f"{networks.get(network, network)} · {entity.name if entity else organisation.name}"


def _pages(scope: Scope, period: Period, entities: Mapping[int, Entity]) -> Pages:
    rows = scope.pages().filter(day__lte=period.end).order_by("network", "entity_id", "day")
    found = Pages()
    series: dict[str, list[tuple[date, int]]] = defaultdict(list)
    labels: dict[tuple[str, int | None], str] = {}
    for network, entity_id, counted, followers in rows.values_list(
        "network", "entity_id", "day", "followers"
    ):
        label = labels.get((network, entity_id))
        if label is None:
            entity = entities.get(entity_id) if entity_id else None
            label = labels[network, entity_id] = _page_label(network, entity, scope.organisation)
        found.latest[label] = followers
        if counted < period.start:
            found.latest_before[label] = followers
        else:
            series[label].append((counted, followers))
    for label, points in series.items():
        found.gained[label] = points[-1][1] - found.latest_before.get(label, points[0][1])
    found.series = dict(sorted(series.items()))
    return found


def page_followers_series(
    *, organisation: Organisation, period: Period
) -> tuple[dict[str, list[tuple[date, int]]], dict[str, int]]:
    """The pages' followers by day over the period, and the followers each page gained over it."""
    entities = {entity.pk: entity for entity in Entity.objects.filter(organisation=organisation)}
    pages = _pages(Scope(organisation), period, entities)
    return pages.series, pages.gained


# --- activity and outcomes ------------------------------------------------------------------------


def _activity_days(scope: Scope, start: date, end: date) -> dict[date, tuple[int, int]]:
    """Shares and human clicks per day from `start` to `end` (one query for both periods)."""
    rows = (
        scope.activity()
        .filter(day__gte=start, day__lte=end)
        .values("day")
        .annotate(shares=Sum("shares"), human_clicks=Sum("human_clicks"))
        .order_by()
    )
    return {row["day"]: (row["shares"] or 0, row["human_clicks"] or 0) for row in rows}


OUTCOMES = ("applications", "introductions", "hires")
OUTCOME_SOURCES = ("channel", "campaign_id", "entity_id", "department_id", "ambassador_id")


def _outcome_groups(scope: Scope, period: Period) -> list[dict[str, Any]]:
    """Outcomes per source (channel, campaign, entity, department, ambassador), summed in SQL for the
    period ("now_applications"…) and the previous one ("before_applications"…): one query."""
    previous = period.previous()
    current = Q(day__gte=period.start)
    sums: dict[str, Any] = {}
    for what in OUTCOMES:
        sums[f"now_{what}"] = Sum(what, filter=current, default=0)
        sums[f"before_{what}"] = Sum(what, filter=~current, default=0)
    return list(
        scope.outcomes()
        .filter(day__gte=previous.start, day__lte=period.end)
        .values(*OUTCOME_SOURCES)
        .annotate(**sums)
        .order_by()
    )


def _figure_values(
    scope: Scope,
    period: Period,
    *,
    adoption: Adoption,
    shown: bool,
    activity: Mapping[date, tuple[int, int]],
    followers: int | None,
    reach: int | None,
    outcomes: Iterable[Mapping[str, Any]],
    prefix: str,
) -> dict[str, int | float | None]:
    if not shown:
        # A manager's scope with fewer than MIN_GROUP_SIZE enrolled: only the headcount.
        values: dict[str, int | float | None] = dict.fromkeys(FIGURE_KEYS)
        staff = adoption.staff
        values["staff"] = staff if staff is not None and staff >= MIN_GROUP_SIZE else None
        return values
    values = {"staff": adoption.staff, "enrolled": adoption.enrolled, "active": adoption.active}
    enrolled, active = adoption.enrolled, adoption.active
    values["active_share"] = round(100 * active / enrolled, 1) if enrolled and active is not None else None
    values["followers"] = followers
    values["reach"] = reach
    in_period = [counts for day, counts in activity.items() if day in period]
    values["shares"] = sum(counts[0] for counts in in_period)
    values["human_clicks"] = sum(counts[1] for counts in in_period)
    for what in OUTCOMES:
        values[what] = sum(row[f"{prefix}{what}"] or 0 for row in outcomes)
    return values


# --- series ---------------------------------------------------------------------------------------


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _activity_series(
    period: Period, activity: Mapping[date, tuple[int, int]]
) -> dict[str, list[tuple[date, int]]]:
    weeks: dict[date, list[int]] = {}
    monday = _monday(period.start)
    while monday <= period.end:
        weeks[monday] = [0, 0]
        monday += timedelta(days=7)
    for day, (shares, clicks) in activity.items():
        if day in period:
            week = weeks[_monday(day)]
            week[0] += shares
            week[1] += clicks
    return {
        "shares": [(week, values[0]) for week, values in weeks.items()],
        "human_clicks": [(week, values[1]) for week, values in weeks.items()],
    }


def _weeks_shown(scope: Scope, period: Period) -> set[date]:
    """The Mondays of the weeks in which the scope had MIN_GROUP_SIZE enrolled ambassadors on every day
    with a snapshot: a manager's weekly activity is shown for those weeks only, so that a week when two or
    three people were enrolled does not tell what they did."""
    rows = (
        scope.snapshots()
        .filter(day__gte=_monday(period.start), day__lte=period.end)
        .values("day")
        .annotate(enrolled=Sum("enrolled"), active=Sum("active"), staff=Sum("staff"))
    )
    weeks: dict[date, bool] = {}
    for row in rows:
        adoption = Adoption(row["day"], row["staff"] or 0, row["enrolled"] or 0, row["active"] or 0)
        monday = _monday(row["day"])
        weeks[monday] = weeks.get(monday, True) and _figures_shown(adoption, names_allowed=False)
    return {monday for monday, shown in weeks.items() if shown}


def _activity_series_for(
    scope: Scope, period: Period, activity: Mapping[date, tuple[int, int]], *, names_allowed: bool
) -> dict[str, list[tuple[date, int]]]:
    series = _activity_series(period, activity)
    if names_allowed:
        return series
    shown = _weeks_shown(scope, period)
    return {key: [(week, value) for week, value in points if week in shown] for key, points in series.items()}


def _clicks_series(scope: Scope, period: Period) -> list[tuple[date, int]]:
    rows = (
        scope.link_rollups()
        .filter(day__gte=period.start, day__lte=period.end)
        .values("day")
        .annotate(n=Sum("human_clicks"))
        .order_by("day")
    )
    found = {row["day"]: row["n"] or 0 for row in rows}
    return [
        (period.start + timedelta(days=i), found.get(period.start + timedelta(days=i), 0))
        for i in range(period.days)
    ]


# --- departments and coverage ---------------------------------------------------------------------


@dataclass(frozen=True)
class Tops:
    """How departments group into the rows of the overview: the top departments of the scope (for a
    manager: the sub-departments of theirs, and their department's own people)."""

    key_of: dict[int, Any]
    label_of: dict[Any, str]

    def key(self, department_id: int | None) -> Any:
        if department_id is None:
            return NO_DEPARTMENT
        return self.key_of.get(department_id, NO_DEPARTMENT)

    def label(self, key: Any) -> str:
        return self.label_of.get(key, _("No department"))


def _tops(scope: Scope) -> Tops:
    top_depth = scope.department.depth + 1 if scope.department is not None else 0
    departments = Department.objects.filter(organisation=scope.organisation).values_list("pk", "name", "path")
    names = {pk: name for pk, name, _path in departments}
    key_of: dict[int, Any] = {}
    label_of: dict[Any, str] = {NO_DEPARTMENT: _("No department")}
    for pk, name, path in departments:
        if scope.department is not None and pk == scope.department.pk:
            key_of[pk] = OWN
            label_of[OWN] = _("%(department)s (its own people)") % {"department": name}
            continue
        ids = [int(part) for part in path.strip("/").split("/") if part.isdigit()]
        top = ids[top_depth] if len(ids) > top_depth and ids[top_depth] in names else pk
        key_of[pk] = top
        label_of[top] = names[top]
    return Tops(key_of, label_of)


class CoverageGroup(NamedTuple):
    key: Any  # a top department's id, OWN or NO_DEPARTMENT
    label: str
    staff: int
    enrolled: int
    active: int


@dataclass(frozen=True)
class Coverage:
    groups: list[CoverageGroup]  # largest first
    shown: set[Any] | None  # the keys a manager may see one by one (None: all)

    def rows(self, scope: Scope) -> list[tuple[str, int, int, int]]:
        """The coverage rows; for a manager, the groups not shown one by one together in one row (the
        scope's label when no group is shown one by one)."""
        kept = [
            (group.label, group.staff, group.enrolled, group.active)
            for group in self.groups
            if self.shown is None or group.key in self.shown
        ]
        if self.shown is not None:
            hidden = [group for group in self.groups if group.key not in self.shown]
            staff, enrolled = sum(group.staff for group in hidden), sum(group.enrolled for group in hidden)
            if staff or enrolled:
                label = _("Other departments") if kept else scope.label
                kept.append((label, staff, enrolled, sum(group.active for group in hidden)))
        return kept


def _coverage(scope: Scope, day: date | None, tops: Tops, *, names_allowed: bool) -> Coverage:
    """Per top department of the scope: staff, enrolled, active on the snapshot day `day`. For a
    manager, the groups shown one by one are chosen by `groups_shown`, largest first, so that what they
    leave of the scope is nobody or at least MIN_GROUP_SIZE enrolled ambassadors."""
    counts: dict[Any, list[int]] = {}
    if day is not None:
        for row in (
            scope.snapshots()
            .filter(day=day)
            .values("department_id")
            .annotate(staff=Sum("staff"), enrolled=Sum("enrolled"), active=Sum("active"))
            .order_by()
        ):
            found = counts.setdefault(tops.key(row["department_id"]), [0, 0, 0])
            for index, what in enumerate(("staff", "enrolled", "active")):
                found[index] += row[what] or 0
    groups = sorted(
        (CoverageGroup(key, tops.label(key), *values) for key, values in counts.items()),
        key=lambda group: (-group.staff, group.label),
    )
    if names_allowed:
        return Coverage(groups, None)
    whole = Group("all", None, sum(group.staff for group in groups), sum(group.enrolled for group in groups))
    chosen = groups_shown(
        [whole, *(Group(("d", group.key), "all", group.staff, group.enrolled) for group in groups)]
    )
    return Coverage(groups, {key[1] for key in chosen if isinstance(key, tuple)})


# --- by source ------------------------------------------------------------------------------------

Table = dict[Any, list[int]]  # source key → [human clicks, applications, introductions, hires]


def _clicks_per_link(scope: Scope, period: Period) -> list[tuple[int, str, int | None, int | None, int]]:
    """Human clicks of the period per link, with the channel, campaign and entity copied on the rollup."""
    return list(
        scope.link_rollups()
        .filter(day__gte=period.start, day__lte=period.end)
        .values("link_id", "channel", "campaign_id", "entity_id")
        .annotate(n=Sum("human_clicks"))
        .order_by()
        .values_list("link_id", "channel", "campaign_id", "entity_id", "n")
    )


def _source_tables(
    scope: Scope, period: Period, outcomes: Iterable[Mapping[str, Any]], tops: Tops
) -> dict[str, Table]:
    """Clicks and outcomes of the period per channel, campaign, entity, top department and ambassador,
    in one pass over the clicks per link and one over the outcomes. Department None: no ambassador."""
    tables: dict[str, Table] = {kind: defaultdict(lambda: [0, 0, 0, 0]) for kind in SOURCE_KINDS}
    links = {
        pk: (ambassador_id, department_id)
        for pk, ambassador_id, department_id in scope.ambassador_links().values_list(
            "pk", "ambassador_id", "ambassador__department_id"
        )
    }
    channels, campaigns, entities = tables["channel"], tables["campaign"], tables["entity"]
    departments, ambassadors = tables["department"], tables["ambassador"]
    for link_id, channel, campaign_id, entity_id, clicks in _clicks_per_link(scope, period):
        clicks = clicks or 0
        channels[channel][0] += clicks
        campaigns[campaign_id][0] += clicks
        entities[entity_id][0] += clicks
        ambassador_id, department_id = links.get(link_id, (None, None))
        if ambassador_id is None:
            departments[None][0] += clicks
        else:
            departments[tops.key(department_id)][0] += clicks
            ambassadors[ambassador_id][0] += clicks
    for row in outcomes:
        counts = [row[f"now_{what}"] or 0 for what in OUTCOMES]
        if not any(counts):
            continue
        keys = {
            "channel": row["channel"],
            "campaign": row["campaign_id"],
            "entity": row["entity_id"],
            "department": tops.key(row["department_id"]) if row["department_id"] is not None else None,
        }
        if row["ambassador_id"] is not None:
            keys["ambassador"] = row["ambassador_id"]
        for kind, key in keys.items():
            values = tables[kind][key]
            for index, count in enumerate(counts, start=1):
                values[index] += count
    return tables


def _sorted_rows(table: Mapping[Any, list[int]]) -> list[tuple[Any, list[int]]]:
    rows = [(key, values) for key, values in table.items() if any(values)]
    rows.sort(key=lambda row: (-row[1][1], -row[1][3], -row[1][0], str(row[0])))
    return rows


def _source_rows(table: Mapping[Any, list[int]], label: Any) -> list[SourceRow]:
    rows = [SourceRow(str(label(key)), *values) for key, values in table.items() if any(values)]
    rows.sort(key=lambda row: (-row.applications, -row.hires, -row.human_clicks, row.label))
    return rows


def _by_source(
    scope: Scope,
    period: Period,
    *,
    outcomes: Iterable[Mapping[str, Any]],
    tops: Tops,
    coverage: Coverage,
    entities: Mapping[int, Entity],
    names_allowed: bool,
) -> dict[str, list[SourceRow]]:
    tables = _source_tables(scope, period, outcomes, tops)
    none = _("(none)")
    campaigns = dict(Campaign.objects.filter(organisation=scope.organisation).values_list("pk", "name"))
    result: dict[str, list[SourceRow]] = {
        "channel": _source_rows(tables["channel"], lambda key: channel_label(key) if key else _("Unknown")),
        "campaign": _source_rows(
            tables["campaign"], lambda key: campaigns.get(key, none) if key else _("No campaign")
        ),
        "entity": _source_rows(tables["entity"], lambda key: entities[key].name if key in entities else none),
    }
    departments = tables["department"]
    if coverage.shown is not None:
        # Managers: the departments shown one by one in the coverage; the others together, which
        # `groups_shown` keeps to nobody or at least MIN_GROUP_SIZE enrolled ambassadors.
        merged: Table = defaultdict(lambda: [0, 0, 0, 0])
        for key, values in departments.items():
            target = key if key in coverage.shown else "rest"
            for index, value in enumerate(values):
                merged[target][index] += value
        departments = merged
    rest_label = _("Other departments") if coverage.shown else scope.label
    result["department"] = _source_rows(
        departments,
        lambda key: (
            rest_label if key == "rest" else (tops.label(key) if key is not None else _("No ambassador"))
        ),
    )
    result["ambassador"] = _by_ambassador(tables["ambassador"]) if names_allowed else []
    return result


def _by_ambassador(table: Mapping[Any, list[int]]) -> list[SourceRow]:
    """The MAX_AMBASSADOR_ROWS ambassadors who brought the most (names read for those only)."""
    top = _sorted_rows(table)[:MAX_AMBASSADOR_ROWS]
    names = {
        person.pk: person.full_name
        for person in Person.objects.filter(pk__in=[key for key, _values in top]).only(
            "first_name", "last_name"
        )
    }
    return _source_rows(dict(top), lambda key: names.get(key, "?"))


# --- the overview ---------------------------------------------------------------------------------


def build_overview(
    *,
    organisation: Organisation,
    period: Period,
    entity: Entity | None = None,
    department: Department | None = None,
    names_allowed: bool,
) -> Overview:
    scope = Scope(organisation, entity, department)
    previous = period.previous()
    adoption = _adoption_at(scope, period.end)
    adoption_before = _adoption_at(scope, previous.end)
    shown = _figures_shown(adoption, names_allowed=names_allowed)
    shown_before = shown and _figures_shown(adoption_before, names_allowed=names_allowed)
    entities = {item.pk: item for item in Entity.objects.filter(organisation=organisation)}
    pages = _pages(scope, period, entities)
    labels = figure_labels()
    if not shown:
        values = _figure_values(
            scope,
            period,
            adoption=adoption,
            shown=False,
            activity={},
            followers=None,
            reach=None,
            outcomes=[],
            prefix="",
        )
        before = _figure_values(
            scope,
            previous,
            adoption=adoption_before,
            shown=False,
            activity={},
            followers=None,
            reach=None,
            outcomes=[],
            prefix="",
        )
        return Overview(
            period=period,
            scope_label=scope.label,
            figures={key: Figure(key, labels[key], values[key], before[key]) for key in FIGURE_KEYS},
            adoption={"enrolled": [], "active": []},
            followers=pages.series,
            coverage=[],
            activity={"shares": [], "human_clicks": []},
            by_source={kind: [] for kind in SOURCE_KINDS},
            clicks=[],
            followers_gained=pages.gained,
            names_allowed=names_allowed,
        )
    activity = _activity_days(scope, previous.start, period.end)
    reach = _reach(scope, [period.end, previous.end])
    outcomes = _outcome_groups(scope, period)
    values = _figure_values(
        scope,
        period,
        adoption=adoption,
        shown=True,
        activity=activity,
        followers=pages.total(),
        reach=reach[period.end],
        outcomes=outcomes,
        prefix="now_",
    )
    before = _figure_values(
        scope,
        previous,
        adoption=adoption_before,
        shown=shown_before,
        activity=activity,
        followers=pages.total(before=True),
        reach=reach[previous.end],
        outcomes=outcomes,
        prefix="before_",
    )
    tops = _tops(scope)
    coverage = _coverage(scope, adoption.day, tops, names_allowed=names_allowed)
    return Overview(
        period=period,
        scope_label=scope.label,
        figures={key: Figure(key, labels[key], values[key], before[key]) for key in FIGURE_KEYS},
        adoption=_adoption_series(scope, period, names_allowed=names_allowed),
        followers=pages.series,
        coverage=coverage.rows(scope),
        activity=_activity_series_for(scope, period, activity, names_allowed=names_allowed),
        by_source=_by_source(
            scope,
            period,
            outcomes=outcomes,
            tops=tops,
            coverage=coverage,
            entities=entities,
            names_allowed=names_allowed,
        ),
        clicks=_clicks_series(scope, period),
        followers_gained=pages.gained,
        names_allowed=names_allowed,
    )


def overview_for_membership(
    *, membership: Membership, period: Period, entity: Entity | None = None
) -> Overview:
    """Programme admins: the organisation (or one entity) with names; managers: their department
    subtree in aggregate. Anyone else: PermissionDenied."""
    if is_programme_admin(membership):
        return build_overview(
            organisation=membership.organisation, period=period, entity=entity, names_allowed=True
        )
    if membership.role == Role.MANAGER:
        department = membership.managed_department
        if department is None:
            raise PermissionDenied
        return build_overview(
            organisation=membership.organisation, period=period, department=department, names_allowed=False
        )
    raise PermissionDenied


def entity_get_for_member(*, membership: Membership, pk: Any) -> Entity:
    try:
        return Entity.objects.get(organisation=membership.organisation, pk=pk)
    except (Entity.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


# --- page followers -------------------------------------------------------------------------------


def page_counts(*, organisation: Organisation) -> QuerySet[PageFollowerCount]:
    return PageFollowerCount.objects.filter(organisation=organisation).select_related("entity")
