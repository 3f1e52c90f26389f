"""Reads of the network app: one's own figures, the programme's reach and overlap, the interaction graph.

Privacy (see docs/network.md):
- an ambassador's own figures: to them (and counts only: how many of their connections are also in
  colleagues' networks, never whose);
- the graph: an ambassador appears by name only if they opted in (`Ambassador.show_name_in_network`) and
  the reader is a programme admin; everyone else is counted in their department's node, and departments
  with fewer than MIN_GROUP_SIZE such people merge into their parent, up to "Other";
- managers see their department subtree at department level only; figures of fewer than MIN_GROUP_SIZE
  uploaders are hidden from them.

Each table is read once per page (ambassadors, shares, people, departments, snapshots); the connection
hashes are read in the background only (figures.py), once per upload or deletion.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations, groupby
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from ambassade.ambassadors.models import Ambassador, Share
from ambassade.ambassadors.selectors import is_programme_admin, scope_top
from ambassade.network import graph
from ambassade.network.connections import CATEGORIES
from ambassade.network.models import ConnectionHash, NetworkSnapshot
from ambassade.orgs.models import Department, Membership, Organisation, Person
from ambassade.orgs.selectors import MIN_GROUP_SIZE

# Two nodes of the graph with at least this many connections in common may be linked by an "overlap" edge.
OVERLAP_THRESHOLD = 10
OVERLAP_LINKS = 3  # the strongest overlap links drawn per node
MATRIX_GROUPS = 12
TOP_CONNECTING = 10
SHARED_MINIMUM = 50  # connections from which one sees how many colleagues also have
SHARED_ROUNDING = 10
OTHER = "other"


# --- one's own figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MyNetwork:
    snapshot: NetworkSnapshot | None
    # Own connections also in at least one colleague's network, rounded to SHARED_ROUNDING; None under
    # SHARED_MINIMUM connections. Exact, it would answer "does a colleague know this person?" to anyone who
    # uploads a file made of that one person (padded with strangers).
    shared_with_colleagues: int | None
    categories: list[tuple[str, str, int]]  # key, label, count
    companies: list[tuple[str, int]]  # "" = all other companies
    years: list[tuple[str, int]]

    @property
    def only_mine(self) -> int | None:
        if self.snapshot is None or self.shared_with_colleagues is None:
            return None
        return max(0, self.snapshot.hashes - self.shared_with_colleagues)

    @property
    def shared_percent(self) -> int | None:
        if self.snapshot is None or not self.snapshot.hashes or self.shared_with_colleagues is None:
            return None
        return round(100 * self.shared_with_colleagues / self.snapshot.hashes)


def shared_rounded(count: int) -> int:
    return SHARED_ROUNDING * ((count + SHARED_ROUNDING // 2) // SHARED_ROUNDING)


def my_network(*, ambassador: Ambassador) -> MyNetwork:
    snapshot = NetworkSnapshot.objects.filter(ambassador=ambassador).first()
    if snapshot is None:
        return MyNetwork(None, None, [], [], [])
    shared = None
    if snapshot.hashes >= SHARED_MINIMUM:
        # One lookup in the (organisation, digest) index per own connection: an IN over the subquery of
        # the whole organisation's hashes made SQLite build a million-row temporary index on every view.
        colleague_has_it = ConnectionHash.objects.filter(
            organisation_id=ambassador.organisation_id, digest=OuterRef("digest")
        ).exclude(ambassador=ambassador)
        exact = ConnectionHash.objects.filter(ambassador=ambassador).filter(Exists(colleague_has_it)).count()
        shared = min(shared_rounded(exact), snapshot.hashes)
    categories = [
        (key, str(label), snapshot.by_category.get(key, 0))
        for key, label in CATEGORIES
        if snapshot.by_category.get(key)
    ]
    companies = [(str(name), int(count)) for name, count in snapshot.by_company]
    years = [(year, int(count)) for year, count in snapshot.by_year.items()]
    return MyNetwork(snapshot, shared, categories, companies, years)


# --- the programme's network ------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    enrolled: int | None
    uploaded: int | None
    connections: int | None  # sum of everyone's connections
    distinct: int | None  # distinct connections across the programme (the reach)

    @property
    def overlap_percent(self) -> float | None:
        """Share of the connections that another ambassador of the scope also has."""
        if not self.connections or self.distinct is None:
            return None
        return round(100 * (self.connections - self.distinct) / self.connections, 1)


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str  # "person", "department", "other"
    people: int
    department: str
    degree: int = 0
    betweenness: float = 0.0


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # "share", "invite", "overlap"
    weight: int


@dataclass(frozen=True)
class Matrix:
    labels: list[str]
    uploaders: list[int]
    cells: list[list[int]]  # distinct connections known in both groups (the diagonal: in the group)


@dataclass
class NetworkOverview:
    figures: Figures
    names_allowed: bool
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    connecting: list[Node] = field(default_factory=list)
    isolated: list[str] = field(default_factory=list)
    matrix: Matrix = field(default_factory=lambda: Matrix([], [], []))
    threshold: int = OVERLAP_THRESHOLD
    # The pass over the hashes is made in the background: "ready" (figures up to date), "updating" (the
    # last figures, being computed again), "computing" (none yet).
    state: str = "ready"
    computed_at: datetime | None = None
    progress: int = 0

    def chart(self) -> dict[str, Any]:
        """The graph for ECharts (json_script)."""
        return {
            "nodes": [
                {
                    "id": node.id,
                    "name": node.label,
                    "category": node.kind,
                    "value": node.people,
                    "degree": node.degree,
                }
                for node in self.nodes
            ],
            "links": [
                {"source": edge.source, "target": edge.target, "kind": edge.kind, "value": edge.weight}
                for edge in self.edges
            ],
            "kinds": {
                "share": _("Shared content by"),
                "invite": _("Invited"),
                "overlap": _("Common connections"),
            },
            "categories": {"person": _("Ambassador"), "department": _("Department"), "other": _("Other")},
        }


@dataclass
class _Scope:
    organisation: Organisation
    names_allowed: bool
    top: Department | None  # a manager's subtree; None: the whole organisation
    departments: dict[int, dict[str, Any]]

    def contains(self, department_id: int | None) -> bool:
        if self.top is None:
            return True
        department = self.departments.get(department_id) if department_id else None
        return department is not None and department["path"].startswith(self.top.path)


def _scope(membership: Membership) -> _Scope | None:
    admin = is_programme_admin(membership)
    top = None if admin else scope_top(membership)
    if not admin and top is None:
        return None
    return _scope_of(membership.organisation, top)


def _scope_of(organisation: Organisation, top: Department | None) -> _Scope:
    """The organisation (programme admins: names allowed), or a manager's subtree (department level)."""
    departments: dict[int, dict[str, Any]] = {
        row["id"]: dict(row)
        for row in Department.objects.filter(organisation=organisation).values(
            "id", "name", "path", "parent_id", "depth"
        )
    }
    return _Scope(organisation, top is None, top, departments)


def _merge_small(scope: _Scope, counts: Counter[int | None]) -> dict[int | None, str]:
    """Department id → group id: a department with fewer than MIN_GROUP_SIZE people merges into its parent
    (inside the scope), up to "other"."""
    pending: Counter[int | None] = Counter(counts)
    target: dict[int | None, int | None | str] = {}
    inside_scope = [key for key in scope.departments if scope.contains(key)]
    for department_id in sorted(inside_scope, key=lambda key: -scope.departments[key]["depth"]):
        size = pending[department_id]
        if size == 0 or size >= MIN_GROUP_SIZE:
            continue
        parent = scope.departments[department_id]["parent_id"]
        inside = parent is not None and (scope.top is None or department_id != scope.top.pk)
        target[department_id] = parent if inside else OTHER
        if inside:
            pending[parent] += size
        pending[department_id] = 0
    target[None] = OTHER

    def resolve(key: int | None) -> str:
        seen = 0
        current: int | None | str = key
        while current in target and current != OTHER and seen < 100:
            current = target[current]
            seen += 1
        return OTHER if current in (OTHER, None) else f"d{current}"

    return {key: resolve(key) for key in counts}


def _group_label(scope: _Scope, group: str, size: int) -> str:
    if group == OTHER:
        return _("Other · %(count)s") % {"count": size}
    return f"{scope.departments[int(group[1:])]['name']} · {size}"


@dataclass
class _Layout:
    """Who is drawn as what: the scope's enrolled ambassadors, the shares between people, and the node of
    each person (a named ambassador, or their department group)."""

    ambassadors: list[dict[str, Any]]
    by_ambassador: dict[int, dict[str, Any]]
    shares: list[dict[str, Any]]
    people_department: dict[int, int | None]
    named: dict[int, str]
    node_of: dict[int, str]  # person id → node id ("p<person>", "d<department>", "other")
    group_sizes: Counter[str]

    def ambassador_nodes(self) -> dict[int, str]:
        """Ambassador id → node id, for the ambassadors drawn."""
        return {
            row["id"]: self.node_of[row["person_id"]]
            for row in self.ambassadors
            if row["person_id"] in self.node_of
        }


def _layout(scope: _Scope) -> _Layout:
    rows = Ambassador.objects.filter(
        organisation=scope.organisation, status=Ambassador.Status.ENROLLED
    ).values(
        "id",
        "person_id",
        "person__department_id",
        "person__first_name",
        "person__last_name",
        "show_name_in_network",
        "invited_by__membership__person_id",
    )
    ambassadors: list[dict[str, Any]] = [
        dict(row) for row in rows if scope.contains(row["person__department_id"])
    ]
    by_ambassador = {row["id"]: row for row in ambassadors}
    shares = list(
        Share.objects.filter(
            organisation=scope.organisation,
            ambassador__status=Ambassador.Status.ENROLLED,
            item__created_by__membership__person__isnull=False,
        )
        .values("ambassador__person_id", "item__created_by__membership__person_id")
        .annotate(count=Count("id"))
    )
    people_department: dict[int, int | None] = {
        row["person_id"]: row["person__department_id"] for row in ambassadors
    }
    outside = {row["item__created_by__membership__person_id"] for row in shares} | {
        row["invited_by__membership__person_id"] for row in ambassadors
    }
    outside -= set(people_department) | {None}
    if outside:
        for person_id, department_id in Person.objects.filter(
            pk__in=outside, organisation=scope.organisation
        ).values_list("id", "department_id"):
            if scope.contains(department_id):
                people_department[person_id] = department_id

    # Display nodes: named ambassadors, then department groups of everyone else.
    named = {
        row["person_id"]: f"{row['person__first_name']} {row['person__last_name']}".strip()
        for row in ambassadors
        if row["show_name_in_network"] and scope.names_allowed
    }
    groups: dict[int | None, str | None]
    if scope.names_allowed:
        unnamed = Counter(
            department for person, department in people_department.items() if person not in named
        )
        groups = dict(_merge_small(scope, unnamed))
    else:
        # For a manager, a group must hold five ambassadors, not five people: the authors of shared items
        # and the inviters on the graph do not act, and would otherwise hide how few did. A department of
        # authors only is drawn when it has five people, else left out.
        acting = {row["person_id"] for row in ambassadors}
        groups = dict(
            _merge_small(
                scope,
                Counter(department for person, department in people_department.items() if person in acting),
            )
        )
        people = Counter(people_department.values())
        for department, count in people.items():
            if department not in groups:
                groups[department] = (
                    f"d{department}" if department is not None and count >= MIN_GROUP_SIZE else None
                )
    group_sizes: Counter[str] = Counter()
    node_of: dict[int, str] = {}
    for person, department in people_department.items():
        if person in named:
            node_of[person] = f"p{person}"
        elif (group := groups[department]) is not None:
            node_of[person] = group
            group_sizes[group] += 1
    if not scope.names_allowed and 0 < group_sizes[OTHER] < MIN_GROUP_SIZE:
        # What is left over once small departments merged up is itself a small group: a manager would read
        # a few colleagues' links and connections in it. Not drawn (their connections still count in the
        # scope's distinct reach).
        node_of = {person: node for person, node in node_of.items() if node != OTHER}
        del group_sizes[OTHER]
    return _Layout(ambassadors, by_ambassador, shares, people_department, named, node_of, group_sizes)


def _empty(names_allowed: bool = False) -> NetworkOverview:
    return NetworkOverview(Figures(None, None, None, None), names_allowed=names_allowed)


def network_overview(*, membership: Membership) -> NetworkOverview:
    """The programme's network as `membership` may see it. The pass over the hashes is not made here: the
    page reads the last figures computed in the background (see figures.py), and asks for new ones when
    the uploads or the grouping changed since."""
    from ambassade.network import figures as stored_figures

    scope = _scope(membership)
    if scope is None:
        return _empty()
    hide_small = not scope.names_allowed
    layout = _layout(scope)
    if hide_small and len(layout.ambassadors) < MIN_GROUP_SIZE:
        return _empty()
    people_department, node_of, named = layout.people_department, layout.node_of, layout.named

    uploads = _uploads(scope, layout)
    stored = stored_figures.figures_for_page(
        scope=scope, signature=_signature(uploads, layout), uploads=uploads
    )
    overlap = stored.overlap
    figures = Figures(
        enrolled=len(layout.ambassadors),
        uploaded=None if stored.state == "computing" else overlap.uploaders,
        connections=None if stored.state == "computing" else overlap.connections,
        distinct=None if stored.state == "computing" else overlap.distinct,
    )
    if hide_small and overlap.uploaders < MIN_GROUP_SIZE:
        # Nothing drawn from the connections of fewer than five people: no figure, matrix or overlap link.
        figures = Figures(len(layout.ambassadors), None, None, None)
        overlap = _Overlap()

    weights: Counter[tuple[str, str, str]] = Counter()
    crossing: set[int | None] = set()  # real departments with an interaction with another department

    def link(source_person: int | None, target_person: int | None, kind: str, weight: int) -> None:
        if source_person not in node_of or target_person not in node_of or source_person == target_person:
            return
        source_department, target_department = (
            people_department[source_person],
            people_department[target_person],
        )
        if source_department != target_department:
            crossing.update((source_department, target_department))
        source, target = node_of[source_person], node_of[target_person]
        if source != target:
            weights[(source, target, kind)] += weight

    for row in layout.shares:
        link(
            row["ambassador__person_id"],
            row["item__created_by__membership__person_id"],
            "share",
            row["count"],
        )
    for row in layout.ambassadors:
        link(row["invited_by__membership__person_id"], row["person_id"], "invite", 1)
    node_ids = sorted(set(node_of.values()))
    shown = set(node_ids)
    for (first, second), common in overlap.pairs.items():
        if first in shown and second in shown:
            weights[(first, second, "overlap")] += common

    edges = [Edge(source, target, kind, weight) for (source, target, kind), weight in sorted(weights.items())]
    neighbours = graph.adjacency(node_ids, ((edge.source, edge.target) for edge in edges))
    degree = graph.degrees(neighbours)
    between = graph.betweenness(neighbours)
    nodes = []
    for node_id in node_ids:
        if node_id.startswith("p"):
            person = int(node_id[1:])
            home = people_department[person]
            home_name = str(scope.departments[home]["name"]) if home else ""
            nodes.append(
                Node(node_id, named[person], "person", 1, home_name, degree[node_id], between[node_id])
            )
        else:
            kind = "other" if node_id == OTHER else "department"
            label = _group_label(scope, node_id, layout.group_sizes[node_id])
            group_name = label.rsplit(" · ", 1)[0]
            nodes.append(
                Node(
                    node_id,
                    label,
                    kind,
                    layout.group_sizes[node_id],
                    group_name,
                    degree[node_id],
                    between[node_id],
                )
            )
    connecting = sorted(
        (node for node in nodes if node.kind == "person" and node.degree),
        key=lambda node: (-node.betweenness, -node.degree, node.label),
    )[:TOP_CONNECTING]

    with_ambassadors = Counter(row["person__department_id"] for row in layout.ambassadors)
    isolated = sorted(
        scope.departments[department_id]["name"]
        for department_id, count in with_ambassadors.items()
        if department_id is not None
        and department_id not in crossing
        and (not hide_small or count >= MIN_GROUP_SIZE)
    )
    return NetworkOverview(
        figures=figures,
        names_allowed=scope.names_allowed,
        nodes=nodes,
        edges=edges,
        connecting=connecting,
        isolated=isolated,
        matrix=_matrix(scope, overlap),
        state=stored.state,
        computed_at=stored.computed_at,
        progress=stored.progress,
    )


def _strongest(pairs: Counter[tuple[str, str]]) -> list[tuple[tuple[str, str], int]]:
    """The overlap links drawn: each node's OVERLAP_LINKS strongest, from OVERLAP_THRESHOLD common
    connections (colleagues' networks almost all overlap a little: drawing every pair would hide the rest)."""
    best: dict[str, list[tuple[int, tuple[str, str]]]] = defaultdict(list)
    for pair, common in pairs.items():
        if common >= OVERLAP_THRESHOLD:
            best[pair[0]].append((common, pair))
            best[pair[1]].append((common, pair))
    kept: set[tuple[str, str]] = set()
    for candidates in best.values():
        kept.update(pair for _common, pair in sorted(candidates, reverse=True)[:OVERLAP_LINKS])
    return sorted((pair, pairs[pair]) for pair in kept)


@dataclass
class _Overlap:
    """The result of one pass over the hashes, language-free (stored as JSON by figures.py)."""

    uploaders: int = 0
    connections: int = 0
    distinct: int = 0
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)  # the strongest links between nodes
    groups: list[str] = field(default_factory=list)  # the matrix's department groups ("d<id>", "other")
    sizes: list[int] = field(default_factory=list)  # uploaders per group
    cells: list[list[int]] = field(default_factory=list)

    def as_data(self) -> dict[str, Any]:
        return {
            "uploaders": self.uploaders,
            "connections": self.connections,
            "distinct": self.distinct,
            "pairs": [[first, second, common] for (first, second), common in sorted(self.pairs.items())],
            "groups": self.groups,
            "sizes": self.sizes,
            "cells": self.cells,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> _Overlap:
        return cls(
            uploaders=int(data.get("uploaders", 0)),
            connections=int(data.get("connections", 0)),
            distinct=int(data.get("distinct", 0)),
            pairs={(str(first), str(second)): int(common) for first, second, common in data.get("pairs", [])},
            groups=[str(group) for group in data.get("groups", [])],
            sizes=[int(size) for size in data.get("sizes", [])],
            cells=[[int(cell) for cell in row] for row in data.get("cells", [])],
        )


def _matrix(scope: _Scope, overlap: _Overlap) -> Matrix:
    labels = []
    for group, size in zip(overlap.groups, overlap.sizes, strict=True):
        known = group == OTHER or int(group[1:]) in scope.departments
        labels.append(_group_label(scope, group if known else OTHER, size).rsplit(" · ", 1)[0])
    return Matrix(labels, list(overlap.sizes), [list(row) for row in overlap.cells])


Uploads = list[tuple[int, int, Any]]  # (ambassador id, connections, uploaded at)


def _uploads(scope: _Scope, layout: _Layout) -> Uploads:
    # The organisation's snapshots, then those in scope (an IN list of thousands of ids costs more).
    rows = NetworkSnapshot.objects.filter(organisation=scope.organisation).values_list(
        "ambassador_id", "connections", "uploaded_at"
    )
    return sorted(row for row in rows if row[0] in layout.by_ambassador)


def _signature(uploads: Uploads, layout: _Layout) -> str:
    """What a pass over the hashes depends on: the uploads, the graph's grouping, the departments."""
    departments = sorted((key, row["person__department_id"]) for key, row in layout.by_ambassador.items())
    parts = (
        [(ambassador, connections, at.isoformat()) for ambassador, connections, at in uploads],
        sorted(layout.ambassador_nodes().items()),
        departments,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


Progress = Callable[[int, int], None]


def _hash_pass(
    scope: _Scope, layout: _Layout, uploads: Uploads, progress: Progress | None = None
) -> _Overlap:
    """One ordered read of the scope's hashes: distinct reach, the common connections of the graph's nodes
    and the department groups' overlap matrix. Seconds for a million hashes: run in the background."""
    result = _Overlap()
    if not uploads:
        return result
    by_ambassador = layout.by_ambassador
    node_of = layout.ambassador_nodes()
    snapshots = {ambassador: connections for ambassador, connections, _at in uploads}
    result.uploaders = len(snapshots)
    result.connections = sum(snapshots.values())
    # Department groups of the uploaders (small ones merged, the largest MATRIX_GROUPS kept).
    merged = _merge_small(
        scope, Counter(by_ambassador[ambassador]["person__department_id"] for ambassador in snapshots)
    )
    group_of = {
        ambassador: merged[by_ambassador[ambassador]["person__department_id"]] for ambassador in snapshots
    }
    sizes = Counter(group_of.values())
    kept = [group for group, _size in sizes.most_common() if group != OTHER][:MATRIX_GROUPS]
    group_of = {ambassador: (group if group in kept else OTHER) for ambassador, group in group_of.items()}
    sizes = Counter(group_of.values())
    order = kept + ([OTHER] if OTHER in sizes else [])
    if not scope.names_allowed and 0 < sizes[OTHER] < MIN_GROUP_SIZE:
        order = kept  # a small remainder is not shown to a manager (it still counts in the distinct reach)
    index = {group: position for position, group in enumerate(order)}
    cells = [[0] * len(order) for _group in order]
    pairs: Counter[tuple[str, str]] = Counter()
    total = max(1, sum(snapshots.values()))
    rows = _hashes(scope, list(snapshots)).values_list("digest", "ambassador_id").order_by("digest")
    seen = 0
    for _digest, members in groupby(rows.iterator(chunk_size=20_000), key=lambda row: bytes(row[0])):
        holders = sorted({ambassador for _value, ambassador in members if ambassador in group_of})
        if not holders:
            continue
        result.distinct += 1
        seen += len(holders)
        if progress is not None and result.distinct % 20_000 == 0:
            progress(seen, total)
        positions = sorted(
            {index[group] for group in {group_of[ambassador] for ambassador in holders} if group in index}
        )
        for position in positions:
            cells[position][position] += 1
        for first, second in combinations(positions, 2):
            cells[first][second] += 1
            cells[second][first] += 1
        if len(holders) > 1:
            nodes = sorted({node_of[ambassador] for ambassador in holders if ambassador in node_of})
            for pair in combinations(nodes, 2):
                pairs[pair] += 1
    result.pairs = dict(_strongest(pairs))
    result.groups = order
    result.sizes = [sizes[group] for group in order]
    result.cells = cells
    return result


def _hashes(scope: _Scope, ambassador_ids: list[int]) -> QuerySet[ConnectionHash]:
    hashes = ConnectionHash.objects.filter(organisation=scope.organisation)
    if scope.top is not None:
        hashes = hashes.filter(ambassador_id__in=ambassador_ids)
    return hashes


def scope_key(scope: _Scope) -> str:
    """The key of a scope's stored figures: "" for the organisation, the subtree top's id for a manager."""
    return "" if scope.top is None else str(scope.top.pk)


def scope_for_key(organisation: Organisation, key: str) -> _Scope | None:
    top = None
    if key:
        top = Department.objects.filter(organisation=organisation, pk=int(key)).first()
        if top is None:
            return None
    return _scope_of(organisation, top)


def figures_data(
    *, organisation: Organisation, key: str, progress: Progress | None = None
) -> tuple[str, dict[str, Any]]:
    """The pass over the hashes of one scope, for the background task: (signature, data to store)."""
    scope = scope_for_key(organisation, key)
    if scope is None:
        return "", {}
    layout = _layout(scope)
    uploads = _uploads(scope, layout)
    return _signature(uploads, layout), _hash_pass(scope, layout, uploads, progress).as_data()


def network_figures_progress(*, membership: Membership) -> tuple[bool, int]:
    """(still computing, percent) of the figures `membership` reads."""
    from ambassade.network.figures import figures_progress

    scope = _scope(membership)
    return (False, 0) if scope is None else figures_progress(scope=scope)


def programme_network_figures(*, organisation: Organisation) -> Figures:
    """The whole programme's figures for other apps (review, analytics): aggregates only."""
    snapshots = NetworkSnapshot.objects.filter(
        organisation=organisation, ambassador__status=Ambassador.Status.ENROLLED
    )
    totals = list(snapshots.values_list("connections", flat=True))
    distinct = (
        ConnectionHash.objects.filter(
            organisation=organisation, ambassador__status=Ambassador.Status.ENROLLED
        )
        .values("digest")
        .distinct()
        .count()
    )
    enrolled = Ambassador.objects.filter(organisation=organisation, status=Ambassador.Status.ENROLLED).count()
    return Figures(enrolled=enrolled, uploaded=len(totals), connections=sum(totals), distinct=distinct)
