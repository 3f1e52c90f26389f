"""Reads of the programme, always scoped by the reader's membership.

Programme admins (HR admins, comms) see every ambassador of the organisation individually, except
people who withdrew or left: of them, only their status. Managers see aggregates of their department
subtree, never a person (see "Small groups" below for what they are not shown). Everyone sees their own
ambassador record. A foreign or out-of-scope object raises Http404.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from ambassade.ambassadors.adoption import adoption_start
from ambassade.ambassadors.checklist import ALWAYS_SHOWN, ChecklistItem, checklist_items
from ambassade.ambassadors.models import (
    AdoptionSnapshot,
    Ambassador,
    ChecklistTick,
    FollowerCount,
    Network,
    SocialAccount,
)
from ambassade.ambassadors.programme import active_since, programme_get
from ambassade.orgs.models import Audience, Department, Entity, Membership, Person
from ambassade.orgs.roles import Role
from ambassade.orgs.selectors import MIN_GROUP_SIZE, PeopleFilters, person_list

Status = Ambassador.Status
PROGRAMME_ADMIN_ROLES = frozenset({Role.HR_ADMIN, Role.COMMS})
AGGREGATE_ROLES = frozenset({Role.HR_ADMIN, Role.COMMS, Role.MANAGER})
INVITER_ROLES = AGGREGATE_ROLES
GROUP_TYPES = ("entity", "department", "audience")


def is_programme_admin(membership: Membership) -> bool:
    return membership.role in PROGRAMME_ADMIN_ROLES


def hides_small_groups(membership: Membership) -> bool:
    return not is_programme_admin(membership)


def _shown(membership: Membership, size: int) -> bool:
    return is_programme_admin(membership) or size >= MIN_GROUP_SIZE


# --- small groups ---------------------------------------------------------------------------------
#
# What a manager is shown of a group (a department with its sub-departments, an entity, an audience,
# everyone in their scope):
# - its headcount when it has at least MIN_GROUP_SIZE people (the rule of the people directory);
# - its programme figures (invited, enrolled, active, coverage, checklist completion) only when at least
#   MIN_GROUP_SIZE of its people are enrolled, and only when no subtraction gives the figures of fewer
#   people: taking the shown sub-groups away from a shown group must leave nobody, or at least
#   MIN_GROUP_SIZE enrolled people. Groups are chosen from the top down (a department before its own
#   people, before its sub-departments), so the larger group wins.
# The programme's admins (HR admins, comms) are not limited.

GroupKey = Hashable


@dataclass(frozen=True)
class Group:
    key: GroupKey
    parent: GroupKey | None  # the group it is part of (None: the top)
    staff: int
    enrolled: int


def _safe(staff: int, enrolled: int) -> bool:
    return staff == 0 or enrolled >= MIN_GROUP_SIZE


def groups_shown(groups: Iterable[Group]) -> set[GroupKey]:
    """The groups whose programme figures a manager may see. `groups` nest (each inside its parent) and
    come parents first."""
    parent_of: dict[GroupKey, GroupKey | None] = {}
    rest: dict[GroupKey, tuple[int, int]] = {}  # shown group → what its shown sub-groups leave
    for group in groups:
        parent_of[group.key] = group.parent
        if group.enrolled < MIN_GROUP_SIZE:
            continue
        above = group.parent
        while above is not None and above not in rest:
            above = parent_of.get(above)
        if above is not None:
            staff, enrolled = rest[above]
            left = (staff - group.staff, enrolled - group.enrolled)
            if not _safe(*left):
                continue
            rest[above] = left
        rest[group.key] = (group.staff, group.enrolled)
    return set(rest)


def _department_groups(departments: Iterable[Department], own: Mapping[int, tuple[int, int]]) -> list[Group]:
    """The department tree as nested groups: each department (with its sub-departments, key ("d", pk)),
    then its own people (key ("own", pk)), then its sub-departments. `own`: (staff, enrolled) of each
    department's own people."""
    chosen = sorted(departments, key=lambda department: department.path)
    ids = {department.pk for department in chosen}
    totals: dict[int, list[int]] = {pk: [0, 0] for pk in ids}
    for department in chosen:
        staff, enrolled = own.get(department.pk, (0, 0))
        for ancestor in _path_ids(department.path):
            if ancestor in totals:
                totals[ancestor][0] += staff
                totals[ancestor][1] += enrolled
    groups = []
    for department in chosen:
        parent = ("d", department.parent_id) if department.parent_id in ids else None
        groups.append(Group(("d", department.pk), parent, *totals[department.pk]))
        groups.append(Group(("own", department.pk), ("d", department.pk), *own.get(department.pk, (0, 0))))
    return groups


def _partition_groups(kind: str, total: tuple[int, int], parts: Mapping[int, tuple[int, int]]) -> list[Group]:
    """Everyone in scope, split by entity or audience (people without one stay in the whole)."""
    return [Group("all", None, *total)] + [
        Group((kind, pk), "all", *counts) for pk, counts in sorted(parts.items())
    ]


def scope_top(membership: Membership) -> Department | None:
    """A manager's department subtree top (None for everyone else)."""
    return membership.managed_department if membership.role == Role.MANAGER else None


def people_in_scope(*, membership: Membership) -> QuerySet[Person]:
    """The people whose aggregates the member may read: everyone for admins, the subtree for managers."""
    people = Person.objects.filter(organisation=membership.organisation)
    if is_programme_admin(membership):
        return people
    top = scope_top(membership)
    if top is None:
        return people.none()
    return people.filter(department__path__startswith=top.path)


def departments_in_scope(*, membership: Membership) -> QuerySet[Department]:
    departments = Department.objects.filter(organisation=membership.organisation).select_related("entity")
    if is_programme_admin(membership):
        return departments
    top = scope_top(membership)
    return departments.filter(path__startswith=top.path) if top is not None else departments.none()


# --- one's own record -----------------------------------------------------------------------------


def my_ambassador(*, membership: Membership) -> Ambassador | None:
    if membership.person_id is None:
        return None
    return (
        Ambassador.objects.select_related("person", "organisation")
        .filter(person_id=membership.person_id, organisation=membership.organisation)
        .first()
    )


# --- individual views (programme admins) ----------------------------------------------------------


@dataclass(frozen=True)
class AmbassadorFilters:
    status: str = ""
    department_id: int | None = None
    activity: str = ""  # "", "active", "inactive"


def ambassador_list(
    *, membership: Membership, filters: AmbassadorFilters | None = None
) -> QuerySet[Ambassador]:
    ambassadors = Ambassador.objects.filter(organisation=membership.organisation).select_related(
        "person", "person__department", "person__entity"
    )
    if not is_programme_admin(membership):
        return ambassadors.none()
    filters = filters or AmbassadorFilters()
    if filters.status:
        ambassadors = ambassadors.filter(status=filters.status)
    if filters.department_id:
        department = Department.objects.filter(
            pk=filters.department_id, organisation=membership.organisation
        ).first()
        ambassadors = (
            ambassadors.filter(person__department__path__startswith=department.path)
            if department
            else ambassadors.none()
        )
    if filters.activity:
        since = active_since(programme=programme_get(organisation=membership.organisation))
        active = Q(status=Status.ENROLLED, last_active_on__gte=since)
        ambassadors = (
            ambassadors.filter(active) if filters.activity == "active" else ambassadors.exclude(active)
        )
        if filters.activity == "inactive":
            ambassadors = ambassadors.filter(status=Status.ENROLLED)
    return ambassadors


def ambassador_get_for_user(*, membership: Membership, pk: Any) -> Ambassador:
    try:
        return ambassador_list(membership=membership).get(pk=pk)
    except (Ambassador.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


# --- the checklist --------------------------------------------------------------------------------


@dataclass
class NetworkChecklist:
    network: str
    label: str
    items: list[tuple[ChecklistItem, bool]]
    has_account: bool

    @property
    def done(self) -> int:
        return sum(1 for _item, ticked in self.items if ticked)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


def checklist_state(*, ambassador: Ambassador) -> list[NetworkChecklist]:
    accounts = set(SocialAccount.objects.filter(ambassador=ambassador).values_list("network", flat=True))
    ticks: dict[str, set[str]] = defaultdict(set)
    for network, item in ChecklistTick.objects.filter(ambassador=ambassador).values_list("network", "item"):
        ticks[network].add(item)
    return [
        NetworkChecklist(
            network=network,
            label=str(Network(network).label),
            items=[(item, item.key in ticks[network]) for item in checklist_items(network)],
            has_account=network in accounts,
        )
        for network in Network.values
        if network in ALWAYS_SHOWN or network in accounts
    ]


def completion_percent(checklists: list[NetworkChecklist]) -> int:
    total = sum(checklist.total for checklist in checklists)
    done = sum(checklist.done for checklist in checklists)
    return round(100 * done / total) if total else 0


def completions(*, ambassador_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(items done, items shown) per ambassador, in two queries."""
    networks: dict[int, set[str]] = {pk: set(ALWAYS_SHOWN) for pk in ambassador_ids}
    for ambassador_id, network in SocialAccount.objects.filter(ambassador_id__in=ambassador_ids).values_list(
        "ambassador_id", "network"
    ):
        networks[ambassador_id].add(network)
    done: dict[int, int] = defaultdict(int)
    keys = {network: {item.key for item in checklist_items(network)} for network in Network.values}
    for ambassador_id, network, item in ChecklistTick.objects.filter(
        ambassador_id__in=ambassador_ids
    ).values_list("ambassador_id", "network", "item"):
        if network in networks[ambassador_id] and item in keys.get(network, set()):
            done[ambassador_id] += 1
    return {pk: (done[pk], sum(len(keys[network]) for network in networks[pk])) for pk in ambassador_ids}


@dataclass(frozen=True)
class CompletionRow:
    department: Department
    depth: int
    ambassadors: int | None  # enrolled ambassadors of the subtree; None when hidden
    complete: int | None  # of them, with every item of their checklist done
    average: int | None  # average completion, percent


def checklist_completion_by_department(*, membership: Membership) -> list[CompletionRow]:
    """Checklist completion of the enrolled ambassadors, per department (with its sub-departments);
    managers: their subtree, only the departments whose figures they may see (see "Small groups")."""
    departments = list(departments_in_scope(membership=membership).order_by("entity__name", "path"))
    people = people_in_scope(membership=membership).filter(is_active=True, department__isnull=False)
    enrolled = Ambassador.objects.filter(
        organisation=membership.organisation, status=Status.ENROLLED, person__in=people
    )
    pairs = list(enrolled.values_list("pk", "person__department__path"))
    shares = completions(ambassador_ids=[pk for pk, _path in pairs])
    shown = (
        None
        if is_programme_admin(membership)
        else _departments_shown(membership, departments, _live_counts(membership))
    )
    top_depth = min((department.depth for department in departments), default=0)
    rows = []
    for department in departments:
        depth = department.depth - top_depth
        inside = [pk for pk, path in pairs if path.startswith(department.path)]
        if shown is not None and ("d", department.pk) not in shown:
            rows.append(CompletionRow(department, depth, None, None, None))
        elif not inside:
            rows.append(CompletionRow(department, depth, 0, None, None))
        else:
            complete = sum(1 for pk in inside if shares[pk][1] and shares[pk][0] >= shares[pk][1])
            average = round(
                sum(100 * shares[pk][0] / shares[pk][1] for pk in inside if shares[pk][1]) / len(inside)
            )
            rows.append(CompletionRow(department, depth, len(inside), complete, average))
    return rows


def _live_counts(membership: Membership) -> dict[int, list[int]]:
    """[staff, enrolled, active] of each department's own people (on staff), in the member's scope."""
    since = active_since(programme=programme_get(organisation=membership.organisation))
    people = people_in_scope(membership=membership).filter(is_active=True, department__isnull=False)
    own: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for department_id, status, last_active in people.order_by().values_list(
        "department_id", "ambassador__status", "ambassador__last_active_on"
    ):
        counts = own[department_id]
        counts[0] += 1
        if status == Status.ENROLLED:
            counts[1] += 1
            if last_active is not None and last_active >= since:
                counts[2] += 1
    return own


def _departments_shown(
    membership: Membership, departments: list[Department], own: Mapping[int, list[int]]
) -> set[GroupKey] | None:
    """The department groups whose figures the member may see; None: all (programme admins)."""
    if is_programme_admin(membership):
        return None
    counts = {pk: (values[0], values[1]) for pk, values in own.items()}
    return groups_shown(_department_groups(departments, counts))


# --- accounts and followers -----------------------------------------------------------------------


@dataclass
class AccountView:
    network: str
    label: str
    account: SocialAccount | None
    counts: list[FollowerCount] = field(default_factory=list)

    @property
    def latest(self) -> FollowerCount | None:
        return self.counts[-1] if self.counts else None


def accounts_view(*, ambassador: Ambassador) -> list[AccountView]:
    """One row per network: the account if recorded, and its follower history (oldest first)."""
    accounts = {account.network: account for account in SocialAccount.objects.filter(ambassador=ambassador)}
    counts: dict[int, list[FollowerCount]] = defaultdict(list)
    for count in FollowerCount.objects.filter(account__ambassador=ambassador).order_by("counted_on"):
        counts[count.account_id].append(count)
    return [
        AccountView(
            network=network,
            label=str(Network(network).label),
            account=accounts.get(network),
            counts=counts[accounts[network].pk] if network in accounts else [],
        )
        for network in Network.values
    ]


# --- figures --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """Current figures of a scope; for a manager, None when hidden (see "Small groups")."""

    staff: int | None
    invited: int | None
    enrolled: int | None
    active: int | None
    withdrawn: int | None
    left: int | None

    @property
    def hidden(self) -> bool:
        """A manager's scope of fewer than MIN_GROUP_SIZE people: no figure at all."""
        return self.staff is None

    @property
    def counts_hidden(self) -> bool:
        """Fewer than MIN_GROUP_SIZE people of a manager's scope enrolled: only the headcount."""
        return self.enrolled is None

    @property
    def enrolled_percent(self) -> int:
        return round(100 * self.enrolled / self.staff) if self.staff and self.enrolled is not None else 0

    @property
    def active_percent(self) -> int:
        return round(100 * self.active / self.staff) if self.staff and self.active is not None else 0


def programme_figures(*, membership: Membership) -> Figures:
    """Current figures of the member's scope, from the live records (people on staff; withdrawn and
    left count everyone)."""
    people = people_in_scope(membership=membership)
    staff = people.filter(is_active=True).count()
    since = active_since(programme=programme_get(organisation=membership.organisation))
    on_staff = Q(person__is_active=True)
    counts = Ambassador.objects.filter(organisation=membership.organisation, person__in=people).aggregate(
        invited=Count("pk", filter=on_staff & Q(status=Status.INVITED)),
        enrolled=Count("pk", filter=on_staff & Q(status=Status.ENROLLED)),
        active=Count("pk", filter=on_staff & Q(status=Status.ENROLLED, last_active_on__gte=since)),
        withdrawn=Count("pk", filter=Q(status=Status.WITHDRAWN)),
        left=Count("pk", filter=Q(status=Status.LEFT)),
    )
    if is_programme_admin(membership):
        return Figures(staff=staff, **counts)
    if staff < MIN_GROUP_SIZE:
        return Figures(None, None, None, None, None, None)
    if counts["enrolled"] < MIN_GROUP_SIZE:
        return Figures(staff, None, None, None, None, None)
    return Figures(staff=staff, **counts)


# --- the adoption curve ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    day: date
    days: int  # since the launch
    staff: int | None  # None: hidden (a group of fewer than five people, for a manager)
    invited: int | None  # None: hidden from a manager (see "Small groups")
    enrolled: int | None
    active: int | None


@dataclass
class Series:
    key: str  # "all", "entity:3", "department:17", "audience:2"
    label: str
    points: list[Point]

    @property
    def hidden(self) -> bool:
        """No point shows the programme's figures (for a manager: see "Small groups")."""
        return bool(self.points) and all(point.enrolled is None for point in self.points)

    @property
    def last(self) -> Point | None:
        shown = [point for point in self.points if point.enrolled is not None]
        return shown[-1] if shown else None


def _snapshots(membership: Membership) -> QuerySet[AdoptionSnapshot]:
    rows = AdoptionSnapshot.objects.filter(organisation=membership.organisation)
    if is_programme_admin(membership):
        return rows
    top = scope_top(membership)
    if top is None:
        return rows.none()
    return rows.filter(department__path__startswith=top.path)


_SUMS = {
    "staff": Sum("staff"),
    "invited": Sum("invited"),
    "enrolled": Sum("enrolled"),
    "active": Sum("active"),
}


def _points(
    membership: Membership,
    start: date | None,
    by_day: Mapping[date, Mapping[str, int]],
    shown: Mapping[date, set[GroupKey]] | None,
    key: GroupKey,
) -> list[Point]:
    """The series' points; `shown`: per day, the groups whose figures a manager may see (None: all)."""
    points = []
    for day in sorted(by_day):
        values = by_day[day]
        days = (day - start).days if start else 0
        staff = values["staff"] if _shown(membership, values["staff"]) else None
        if shown is None or key in shown.get(day, set()):
            points.append(Point(day, days, staff, values["invited"], values["enrolled"], values["active"]))
        else:
            points.append(Point(day, days, staff, None, None, None))
    return points


def _shown_by_day(
    membership: Membership, rows: QuerySet[AdoptionSnapshot], group: str
) -> dict[date, set[GroupKey]] | None:
    """Per day, the groups of this kind ("" for everyone in scope) whose figures the member may see;
    None for the programme's admins. `rows`: every snapshot row of the member's scope and days."""
    if is_programme_admin(membership):
        return None
    sums = {"staff": Sum("staff"), "enrolled": Sum("enrolled")}
    shown: dict[date, set[GroupKey]] = {}
    if group == "department":
        departments = list(departments_in_scope(membership=membership))
        own: dict[date, dict[int, tuple[int, int]]] = defaultdict(dict)
        for row in rows.filter(department__isnull=False).values("day", "department_id").annotate(**sums):
            own[row["day"]][row["department_id"]] = (row["staff"] or 0, row["enrolled"] or 0)
        for day, counts in own.items():
            shown[day] = groups_shown(_department_groups(departments, counts))
        return shown
    totals = {row["day"]: row for row in rows.values("day").annotate(**sums)}
    parts: dict[date, dict[int, tuple[int, int]]] = defaultdict(dict)
    if group in ("entity", "audience"):
        grouped = rows.filter(**{f"{group}__isnull": False}).values("day", f"{group}_id").annotate(**sums)
        for row in grouped:
            parts[row["day"]][row[f"{group}_id"]] = (row["staff"] or 0, row["enrolled"] or 0)
    for day, total in totals.items():
        whole = (total["staff"] or 0, total["enrolled"] or 0)
        shown[day] = groups_shown(_partition_groups(group, whole, parts[day]))
    return shown


def _rows_since(membership: Membership, start: date | None, since: date | None) -> QuerySet[AdoptionSnapshot]:
    rows = _snapshots(membership)
    if start is not None:
        rows = rows.filter(day__gte=start)
    if since is not None:
        rows = rows.filter(day__gte=since)
    return rows


def adoption_series(
    *, membership: Membership, group: str = "", group_id: int | None = None, since: date | None = None
) -> Series:
    """One curve: the whole scope, or one entity, department (with its sub-departments) or audience.
    Raises Http404 for a group outside the member's scope."""
    start = adoption_start(organisation=membership.organisation)
    scope = _rows_since(membership, start, since)
    rows = scope
    label = ""
    key = "all"
    group_key: GroupKey = "all"
    if group and group_id is not None:
        target = group_get_for_user(membership=membership, group=group, pk=group_id)
        label, key = str(target), f"{group}:{target.pk}"
        group_key = ("d", target.pk) if group == "department" else (group, target.pk)
        if group == "department":
            rows = rows.filter(department__path__startswith=target.path)
        else:
            rows = rows.filter(**{f"{group}_id": target.pk})
    else:
        group = ""
    by_day = {row["day"]: row for row in rows.values("day").annotate(**_SUMS).order_by("day")}
    shown = _shown_by_day(membership, scope, group)
    return Series(key=key, label=label, points=_points(membership, start, by_day, shown, group_key))


def adoption_by_group(*, membership: Membership, group: str, since: date | None = None) -> list[Series]:
    """One curve per entity, department (with its sub-departments) or audience of the member's scope."""
    start = adoption_start(organisation=membership.organisation)
    rows = _rows_since(membership, start, since)
    series: dict[int, dict[date, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"staff": 0, "invited": 0, "enrolled": 0, "active": 0})
    )
    if group == "department":
        departments = {d.pk: d for d in departments_in_scope(membership=membership)}
        grouped = rows.filter(department__isnull=False).values("day", "department__path").annotate(**_SUMS)
        for row in grouped:
            for ancestor in _path_ids(row["department__path"]):
                if ancestor in departments:
                    _add(series[ancestor][row["day"]], row)
        labels: dict[int, Any] = departments
    else:
        grouped = rows.filter(**{f"{group}__isnull": False}).values("day", f"{group}_id").annotate(**_SUMS)
        for row in grouped:
            _add(series[row[f"{group}_id"]][row["day"]], row)
        model: Any = {"entity": Entity, "audience": Audience}[group]
        labels = {item.pk: item for item in model.objects.filter(organisation=membership.organisation)}
    ordered = sorted(
        (pk for pk in series if pk in labels),
        key=lambda pk: (getattr(labels[pk], "path", ""), str(labels[pk])),
    )
    shown = _shown_by_day(membership, rows, group)
    kind = "d" if group == "department" else group
    return [
        Series(
            key=f"{group}:{pk}",
            label=str(labels[pk]),
            points=_points(membership, start, series[pk], shown, (kind, pk)),
        )
        for pk in ordered
    ]


def _path_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def _add(target: dict[str, int], row: dict[str, Any]) -> None:
    for name in ("staff", "invited", "enrolled", "active"):
        target[name] += row[name] or 0


def group_choices(*, membership: Membership) -> dict[str, list[tuple[int, str]]]:
    """The groups the adoption selector offers, per kind, within the member's scope."""
    organisation = membership.organisation
    departments = departments_in_scope(membership=membership).order_by("entity__name", "path")
    top = scope_top(membership)
    base_depth = top.depth if top is not None else 0
    choices: dict[str, list[tuple[int, str]]] = {
        "department": [(d.pk, f"{'— ' * (d.depth - base_depth)}{d.name}") for d in departments],
        "audience": [(a.pk, a.name) for a in Audience.objects.filter(organisation=organisation)],
    }
    if is_programme_admin(membership):
        choices["entity"] = [(e.pk, e.name) for e in Entity.objects.filter(organisation=organisation)]
    else:
        entity_ids = departments.values_list("entity_id", flat=True)
        choices["entity"] = [(e.pk, e.name) for e in Entity.objects.filter(pk__in=entity_ids)]
    return choices


def group_get_for_user(*, membership: Membership, group: str, pk: object) -> Any:
    choices = group_choices(membership=membership)
    if group not in GROUP_TYPES:
        raise Http404
    try:
        wanted = int(pk)  # type: ignore[call-overload]
    except (TypeError, ValueError) as error:
        raise Http404 from error
    if wanted not in {choice for choice, _label in choices[group]}:
        raise Http404
    model: Any = {"entity": Entity, "department": Department, "audience": Audience}[group]
    return model.objects.get(pk=wanted)


# --- coverage -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    department: Department
    depth: int
    own_staff: int | None  # people of this department itself; None when hidden
    staff: int | None  # with its sub-departments; None when hidden (fewer than five, for a manager)
    enrolled: int | None  # None when hidden from a manager (see "Small groups")
    active: int | None
    covered: bool | None  # at least one active enrolled ambassador (None: nobody, or hidden)

    @property
    def gap(self) -> bool:
        return self.covered is False


def coverage_tree(*, membership: Membership) -> list[CoverageRow]:
    """Per department: is at least one enrolled ambassador active? A department with people of its own
    is covered by an active ambassador among them ("ideally one person per service"); one without
    people of its own, by one anywhere below it. Managers: their subtree; the figures and the coverage
    of a group only when they may see them (see "Small groups")."""
    departments = list(departments_in_scope(membership=membership).order_by("entity__name", "path"))
    own = _live_counts(membership)
    shown = _departments_shown(membership, departments, own)
    in_scope = {department.pk for department in departments}
    totals: dict[int, list[int]] = {pk: [0, 0, 0] for pk in in_scope}
    for department in departments:
        for ancestor in _path_ids(department.path):
            if ancestor in totals:
                for index in range(3):
                    totals[ancestor][index] += own[department.pk][index]
    top_depth = min((department.depth for department in departments), default=0)
    rows = []
    for department in departments:
        mine, total = own[department.pk], totals[department.pk]
        covered = mine[2] > 0 if mine[0] else (total[2] > 0 if total[0] else None)
        figures = True
        if shown is not None:
            deciding = ("own", department.pk) if mine[0] else ("d", department.pk)
            covered = covered if deciding in shown else None
            figures = ("d", department.pk) in shown
        rows.append(
            CoverageRow(
                department,
                department.depth - top_depth,
                mine[0] if _shown(membership, mine[0]) or not mine[0] else None,
                total[0] if _shown(membership, total[0]) else None,
                total[1] if figures else None,
                total[2] if figures else None,
                covered,
            )
        )
    return rows


# --- invitations ----------------------------------------------------------------------------------


def invitation_people(*, membership: Membership, filters: PeopleFilters) -> QuerySet[Person]:
    """The active people an invitation with these filters reaches: for admins the people list's filters;
    for managers their subtree, by department and audience only."""
    if is_programme_admin(membership):
        return person_list(membership=membership, filters=filters).filter(is_active=True)
    top = scope_top(membership)
    if membership.role != Role.MANAGER or top is None:
        return Person.objects.none()
    people = Person.objects.filter(
        organisation=membership.organisation, is_active=True, department__path__startswith=top.path
    )
    if filters.department_id:
        department = Department.objects.filter(
            pk=filters.department_id, organisation=membership.organisation, path__startswith=top.path
        ).first()
        people = people.filter(department__path__startswith=department.path) if department else people.none()
    if filters.audience_id:
        people = people.filter(audience_id=filters.audience_id)
    if filters.entity_id:
        people = people.filter(entity_id=filters.entity_id)
    return people
