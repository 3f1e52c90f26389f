"""Reads of the analytics app: the overview from rollups, page follower history.

Every figure of the overview comes from a rollup: `AdoptionSnapshot` (staff, enrolled, active, coverage),
`ActivityDay` (shares, ambassadors' human clicks), `LinkDailyRollup` (clicks by source), `FollowerCount`
(reach), `PageFollowerCount` (the organisation's pages) and `DailyOutcome` (applications, introductions,
hires). Nothing reads raw clicks or applications at request time.

Scopes: the organisation, one entity, or one department with its sub-departments (a manager). Without
`names_allowed` there is no per-person row and departments with fewer than MIN_GROUP_SIZE enrolled
ambassadors are merged into "Other departments" (see `ambassade/ambassadors/selectors.py`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

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
from ambassade.ambassadors.selectors import is_programme_admin
from ambassade.analytics.models import DailyOutcome, PageFollowerCount
from ambassade.analytics.overview import FIGURE_KEYS, Figure, Overview, Period, SourceRow
from ambassade.careers.application_selectors import channel_label
from ambassade.links.models import Campaign, LinkDailyRollup, TrackedLink
from ambassade.orgs.models import Department, Entity, Membership, Organisation, Person
from ambassade.orgs.roles import Role
from ambassade.orgs.selectors import MIN_GROUP_SIZE

MAX_AMBASSADOR_ROWS = 50


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

    def link_rollups(self) -> QuerySet[LinkDailyRollup]:
        rows = LinkDailyRollup.objects.filter(organisation=self.organisation)
        if self.department is not None:
            return rows.filter(link__ambassador__department__path__startswith=self.department.path)
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


# --- figures --------------------------------------------------------------------------------------


def _adoption_at(scope: Scope, day: date) -> dict[str, int | None]:
    """Staff, enrolled, active of the last snapshot on or before `day` (None: no snapshot yet)."""
    rows = scope.snapshots().filter(day__lte=day)
    last = rows.order_by("-day").values_list("day", flat=True).first()
    if last is None:
        return {"staff": None, "enrolled": None, "active": None}
    sums = rows.filter(day=last).aggregate(staff=Sum("staff"), enrolled=Sum("enrolled"), active=Sum("active"))
    return {key: value or 0 for key, value in sums.items()}


def _page_latest(scope: Scope, day: date) -> dict[tuple[str, int | None], int]:
    """Per page (network, entity): its latest follower count on or before `day`."""
    rows = scope.pages().filter(day__lte=day)
    latest: dict[tuple[str, int | None], int] = {}
    days: dict[tuple[str, int | None], date] = {}
    for network, entity_id, counted, followers in rows.values_list(
        "network", "entity_id", "day", "followers"
    ):
        key = (network, entity_id)
        if key not in days or counted > days[key]:
            days[key], latest[key] = counted, followers
    return latest


def _reach(scope: Scope, day: date) -> int | None:
    """Sum of the latest follower counts (on or before `day`) of the ambassadors enrolled then."""
    ambassadors = Ambassador.objects.filter(
        organisation=scope.organisation,
        status=Ambassador.Status.ENROLLED,
        enrolled_at__date__lte=day,
    ).filter(scope.people_filter("person"))
    latest = FollowerCount.objects.filter(account=OuterRef("pk"), counted_on__lte=day).order_by("-counted_on")
    total = (
        SocialAccount.objects.filter(ambassador__in=ambassadors)
        .annotate(last=Subquery(latest.values("followers")[:1], output_field=IntegerField()))
        .aggregate(total=Sum("last"))["total"]
    )
    return total


def _sums(queryset: QuerySet[Any], period: Period, **fields: str) -> dict[str, int]:
    found = queryset.filter(day__gte=period.start, day__lte=period.end).aggregate(
        **{key: Sum(field) for key, field in fields.items()}
    )
    return {key: value or 0 for key, value in found.items()}


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


def _figure_values(
    scope: Scope, period: Period, *, hidden: bool, activity: Mapping[date, tuple[int, int]]
) -> dict[str, int | float | None]:
    values: dict[str, int | float | None] = {}
    adoption = _adoption_at(scope, period.end)
    values.update(adoption)
    enrolled, active = adoption["enrolled"], adoption["active"]
    values["active_share"] = round(100 * active / enrolled, 1) if enrolled and active is not None else None
    pages = _page_latest(scope, period.end)
    values["followers"] = sum(pages.values()) if pages else None
    values["reach"] = _reach(scope, period.end)
    in_period = [counts for day, counts in activity.items() if day in period]
    values["shares"] = sum(counts[0] for counts in in_period)
    values["human_clicks"] = sum(counts[1] for counts in in_period)
    values.update(
        _sums(
            scope.outcomes(),
            period,
            applications="applications",
            introductions="introductions",
            hires="hires",
        )
    )
    if hidden:
        # A manager's scope with fewer than MIN_GROUP_SIZE enrolled: only the headcount.
        staff = values["staff"]
        values = dict.fromkeys(FIGURE_KEYS)
        values["staff"] = staff if staff is not None and staff >= MIN_GROUP_SIZE else None
    return values


# --- series ---------------------------------------------------------------------------------------


def _adoption_series(scope: Scope, period: Period) -> dict[str, list[tuple[date, int]]]:
    rows = (
        scope.snapshots()
        .filter(day__gte=period.start, day__lte=period.end)
        .values("day")
        .annotate(enrolled=Sum("enrolled"), active=Sum("active"), staff=Sum("staff"))
        .order_by("day")
    )
    series: dict[str, list[tuple[date, int]]] = {"enrolled": [], "active": [], "active_share": []}
    for row in rows:
        series["enrolled"].append((row["day"], row["enrolled"] or 0))
        series["active"].append((row["day"], row["active"] or 0))
        share = round(100 * (row["active"] or 0) / row["enrolled"]) if row["enrolled"] else 0
        series["active_share"].append((row["day"], share))
    return series


def _page_label(network: str, entity: Entity | None, organisation: Organisation) -> str:
    networks = dict(Network.choices)
    return f"{networks.get(network, network)} · {entity.name if entity else organisation.name}"


def _followers_series(
    scope: Scope, period: Period
) -> tuple[dict[str, list[tuple[date, int]]], dict[str, int]]:
    """Page followers by day in the period, and followers gained over it, per page."""
    entities = {entity.pk: entity for entity in Entity.objects.filter(organisation=scope.organisation)}
    rows = scope.pages().filter(day__lte=period.end).order_by("network", "entity_id", "day")
    series: dict[str, list[tuple[date, int]]] = defaultdict(list)
    before: dict[str, int] = {}
    for network, entity_id, counted, followers in rows.values_list(
        "network", "entity_id", "day", "followers"
    ):
        label = _page_label(network, entities.get(entity_id) if entity_id else None, scope.organisation)
        if counted < period.start:
            before[label] = followers
        else:
            series[label].append((counted, followers))
    gained = {}
    for label, points in series.items():
        first = before.get(label, points[0][1])
        gained[label] = points[-1][1] - first
    return dict(sorted(series.items())), gained


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


# --- coverage -------------------------------------------------------------------------------------


def _coverage(scope: Scope, period: Period, *, merge_small: bool) -> list[tuple[str, int, int, int]]:
    """Per top department of the scope (with its sub-departments): staff, enrolled, active on the last
    snapshot day of the period. For a department scope: its sub-departments and its own people."""
    rows = scope.snapshots().filter(day__lte=period.end)
    last = rows.order_by("-day").values_list("day", flat=True).first()
    if last is None:
        return []
    per_department: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in (
        rows.filter(day=last)
        .values("department_id")
        .annotate(staff=Sum("staff"), enrolled=Sum("enrolled"), active=Sum("active"))
    ):
        per_department[row["department_id"]] = [row["staff"] or 0, row["enrolled"] or 0, row["active"] or 0]
    departments = Department.objects.filter(organisation=scope.organisation)
    if scope.department is not None:
        departments = departments.filter(path__startswith=scope.department.path)
        top_depth = scope.department.depth + 1
    elif scope.entity is not None:
        departments = departments.filter(entity=scope.entity)
        top_depth = 0
    else:
        top_depth = 0
    by_id = {department.pk: department for department in departments}
    groups: dict[Any, list[Any]] = {}
    for department_id, counts in per_department.items():
        department = by_id.get(department_id) if department_id is not None else None
        key: Any
        if department is None:
            key, label = ("none", _("No department"))
        elif scope.department is not None and department.pk == scope.department.pk:
            key, label = ("own", _("%(department)s (its own people)") % {"department": department.name})
        else:
            ids = [int(part) for part in department.path.strip("/").split("/") if part.isdigit()]
            top_id = ids[top_depth] if len(ids) > top_depth else department.pk
            top = by_id.get(top_id, department)
            key, label = (top.pk, top.name)
        group = groups.setdefault(key, [label, 0, 0, 0])
        for index in range(3):
            group[index + 1] += counts[index]
    result = sorted((tuple(group) for group in groups.values()), key=lambda row: (-row[1], row[0]))
    if merge_small:
        kept = [row for row in result if row[2] >= MIN_GROUP_SIZE]
        small = [row for row in result if row[2] < MIN_GROUP_SIZE]
        merged = [_("Other departments"), *(sum(row[i] for row in small) for i in (1, 2, 3))]
        if small and merged[2] >= MIN_GROUP_SIZE:
            kept.append(tuple(merged))
        result = kept
    return [(str(row[0]), int(row[1]), int(row[2]), int(row[3])) for row in result]


# --- by source ------------------------------------------------------------------------------------


def _source_rows(
    clicks: Iterable[tuple[Any, int]], outcomes: Iterable[dict[str, Any]], key: str, label: Any
) -> list[SourceRow]:
    table: dict[Any, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for source, n in clicks:
        table[source][0] += n or 0
    for row in outcomes:
        values = table[row[key]]
        values[1] += row["applications"] or 0
        values[2] += row["introductions"] or 0
        values[3] += row["hires"] or 0
    rows = [SourceRow(str(label(source)), *values) for source, values in table.items() if any(values)]
    rows.sort(key=lambda row: (-row.applications, -row.hires, -row.human_clicks, row.label))
    return rows


def _outcomes_by(scope: Scope, period: Period, field: str) -> list[dict[str, Any]]:
    return list(
        scope.outcomes()
        .filter(day__gte=period.start, day__lte=period.end)
        .values(field)
        .annotate(applications=Sum("applications"), introductions=Sum("introductions"), hires=Sum("hires"))
        .order_by()
    )


def _clicks_grouped(scope: Scope, period: Period) -> list[dict[str, Any]]:
    """Human clicks of the period per link (with its channel, campaign, entity, ambassador and the
    ambassador's department): one grouped query without joins, and one over the links."""
    per_link = list(
        scope.link_rollups()
        .filter(day__gte=period.start, day__lte=period.end)
        .values("link_id", "channel", "campaign_id", "entity_id")
        .annotate(n=Sum("human_clicks"))
        .order_by()
    )
    links = {
        pk: (ambassador_id, department_id)
        for pk, ambassador_id, department_id in TrackedLink.objects.filter(
            organisation=scope.organisation, ambassador__isnull=False
        ).values_list("pk", "ambassador_id", "ambassador__department_id")
    }
    for row in per_link:
        row["link__ambassador_id"], row["link__ambassador__department_id"] = links.get(
            row["link_id"], (None, None)
        )
    return per_link


def _clicks_by(grouped: list[dict[str, Any]], field: str) -> list[tuple[Any, int]]:
    totals: dict[Any, int] = defaultdict(int)
    for row in grouped:
        totals[row[field]] += row["n"] or 0
    return list(totals.items())


def _department_of_top(scope: Scope) -> dict[int, tuple[Any, str]]:
    """department id → (top department key, label) for grouping the by-department rows."""
    departments = list(Department.objects.filter(organisation=scope.organisation))
    by_id = {department.pk: department for department in departments}
    top_depth = scope.department.depth + 1 if scope.department is not None else 0
    result: dict[int, tuple[Any, str]] = {}
    for department in departments:
        ids = [int(part) for part in department.path.strip("/").split("/") if part.isdigit()]
        top_id = ids[top_depth] if len(ids) > top_depth else department.pk
        top = by_id.get(top_id, department)
        result[department.pk] = (top.pk, top.name)
    return result


def _by_source(scope: Scope, period: Period, *, names_allowed: bool) -> dict[str, list[SourceRow]]:
    organisation = scope.organisation
    grouped = _clicks_grouped(scope, period)
    none = _("(none)")
    result: dict[str, list[SourceRow]] = {}
    result["channel"] = _source_rows(
        _clicks_by(grouped, "channel"),
        _outcomes_by(scope, period, "channel"),
        "channel",
        lambda key: channel_label(key) if key else _("Unknown"),
    )
    campaigns = dict(Campaign.objects.filter(organisation=organisation).values_list("pk", "name"))
    result["campaign"] = _source_rows(
        _clicks_by(grouped, "campaign_id"),
        _outcomes_by(scope, period, "campaign_id"),
        "campaign_id",
        lambda key: campaigns.get(key, none) if key else _("No campaign"),
    )
    entities = dict(Entity.objects.filter(organisation=organisation).values_list("pk", "name"))
    result["entity"] = _source_rows(
        _clicks_by(grouped, "entity_id"),
        _outcomes_by(scope, period, "entity_id"),
        "entity_id",
        lambda key: entities.get(key, none) if key else none,
    )
    tops = _department_of_top(scope)
    department_clicks: dict[Any, int] = defaultdict(int)
    for key, n in _clicks_by(grouped, "link__ambassador__department_id"):
        department_clicks[tops[key][0] if key in tops else None] += n or 0
    department_outcomes: dict[Any, dict[str, Any]] = {}
    for row in _outcomes_by(scope, period, "department_id"):
        top = tops[row["department_id"]][0] if row["department_id"] in tops else None
        found = department_outcomes.setdefault(
            top, {"department": top, "applications": 0, "introductions": 0, "hires": 0}
        )
        for what in ("applications", "introductions", "hires"):
            found[what] += row[what] or 0
    labels: dict[Any, str] = dict(tops.values())
    rows = _source_rows(
        department_clicks.items(),
        department_outcomes.values(),
        "department",
        lambda key: labels.get(key, none) if key else _("No ambassador"),
    )
    if not names_allowed:
        rows = _merge_small_departments(scope, period, rows, labels)
    result["department"] = rows
    result["ambassador"] = _by_ambassador(scope, period, grouped) if names_allowed else []
    return result


def _merge_small_departments(
    scope: Scope, period: Period, rows: list[SourceRow], labels: dict[Any, str]
) -> list[SourceRow]:
    """Managers: departments with fewer than MIN_GROUP_SIZE enrolled ambassadors merged together."""
    big = {
        label
        for label, _staff, enrolled, _active in _coverage(scope, period, merge_small=False)
        if enrolled >= MIN_GROUP_SIZE
    }
    kept = [row for row in rows if row.label in big]
    small = [row for row in rows if row.label not in big]
    if small:
        kept.append(
            SourceRow(
                _("Other departments"),
                sum(row.human_clicks for row in small),
                sum(row.applications for row in small),
                sum(row.introductions for row in small),
                sum(row.hires for row in small),
            )
        )
    return kept


def _by_ambassador(scope: Scope, period: Period, grouped: list[dict[str, Any]]) -> list[SourceRow]:
    clicks = [(key, n) for key, n in _clicks_by(grouped, "link__ambassador_id") if key is not None]
    outcomes = [
        row for row in _outcomes_by(scope, period, "ambassador_id") if row["ambassador_id"] is not None
    ]
    ids = {key for key, _n in clicks} | {row["ambassador_id"] for row in outcomes}
    names = {
        person.pk: person.full_name
        for person in Person.objects.filter(pk__in=ids).only("first_name", "last_name")
    }
    rows = _source_rows(clicks, outcomes, "ambassador_id", lambda key: names.get(key, "?"))
    return rows[:MAX_AMBASSADOR_ROWS]


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
    hidden = False
    if not names_allowed:
        at_end = _adoption_at(scope, period.end)
        hidden = (at_end["enrolled"] or 0) < MIN_GROUP_SIZE
    activity = _activity_days(scope, period.previous().start, period.end)
    values = _figure_values(scope, period, hidden=hidden, activity=activity)
    previous = _figure_values(scope, period.previous(), hidden=hidden, activity=activity)
    labels = figure_labels()
    figures = {key: Figure(key, labels[key], values[key], previous[key]) for key in FIGURE_KEYS}
    followers, gained = _followers_series(scope, period)
    if hidden:
        return Overview(
            period=period,
            scope_label=scope.label,
            figures=figures,
            adoption={"enrolled": [], "active": []},
            followers=followers,
            coverage=[],
            activity={"shares": [], "human_clicks": []},
            by_source={kind: [] for kind in ("channel", "campaign", "department", "entity", "ambassador")},
            clicks=[],
            followers_gained=gained,
            names_allowed=names_allowed,
        )
    return Overview(
        period=period,
        scope_label=scope.label,
        figures=figures,
        adoption=_adoption_series(scope, period),
        followers=followers,
        coverage=_coverage(scope, period, merge_small=not names_allowed),
        activity=_activity_series(period, activity),
        by_source=_by_source(scope, period, names_allowed=names_allowed),
        clicks=_clicks_series(scope, period),
        followers_gained=gained,
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
