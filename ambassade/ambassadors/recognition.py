"""Recognition: levels, badges, the ledger's rebuild check, leaderboards, and an ambassador's own impact.

Everything here reads the events (shares, confirmed shares, daily activity, checklist credits,
applications) and the points ledger (ledger.py); nothing here spends points. Issue 5 adds spending:
spendable points will be the balance, while levels keep following *lifetime* points, which leave out
the reasons listed in LIFETIME_EXCLUDED_REASONS (spending on rewards and its refunds).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ambassade.ambassadors.checklist import CHECKLISTS
from ambassade.ambassadors.models import (
    ActivityDay,
    Ambassador,
    BadgeAward,
    ChecklistTick,
    Level,
    Network,
    PointsEntry,
    Programme,
    Share,
)
from ambassade.ambassadors.programme import active_since, programme_get
from ambassade.careers.models import Application
from ambassade.core.audit import Actor, audit_record, model_changes, snapshot
from ambassade.orgs.models import Membership, Organisation
from ambassade.orgs.selectors import MIN_GROUP_SIZE

Reason = PointsEntry.Reason
CAPPED_REASONS = frozenset({Reason.SHARE, Reason.FIRST_CLICK})
# Reasons that are not earned and so do not count towards levels (issue 5: spending in the catalogue).
LIFETIME_EXCLUDED_REASONS: frozenset[str] = frozenset(
    {PointsEntry.Reason.REDEMPTION, PointsEntry.Reason.REFUND}
)


# --- points and levels ----------------------------------------------------------------------------


def points_lifetime(*, ambassador: Ambassador) -> int:
    """Every point earned or corrected, positive and negative rows alike (never spending)."""
    rows = PointsEntry.objects.filter(ambassador=ambassador).exclude(reason__in=LIFETIME_EXCLUDED_REASONS)
    return rows.aggregate(total=Sum("points"))["total"] or 0


@dataclass(frozen=True)
class LevelProgress:
    points: int
    level: Level | None  # None below the lowest threshold
    next_level: Level | None  # None at the top level
    to_next: int  # points still needed for the next level
    percent: int  # 0-100, from the current level's threshold to the next one's


def level_progress(*, organisation: Organisation, points: int) -> LevelProgress:
    programme_get(organisation=organisation)  # creates the default levels on first use
    levels = list(Level.objects.filter(organisation=organisation).order_by("threshold"))
    reached = [level for level in levels if level.threshold <= points]
    ahead = [level for level in levels if level.threshold > points]
    level = reached[-1] if reached else None
    next_level = ahead[0] if ahead else None
    if next_level is None:
        return LevelProgress(points=points, level=level, next_level=None, to_next=0, percent=100)
    floor = level.threshold if level is not None else min(0, points)
    span = next_level.threshold - floor
    percent = max(0, min(100, (points - floor) * 100 // span)) if span > 0 else 0
    return LevelProgress(
        points=points,
        level=level,
        next_level=next_level,
        to_next=next_level.threshold - points,
        percent=percent,
    )


# --- badges ---------------------------------------------------------------------------------------


@dataclass
class BadgeFigures:
    """What badges are earned from, for one ambassador."""

    shares: int = 0  # distinct (item, network) shared
    confirmed_shares: int = 0  # distinct (item, network) with a share confirmed by a human click
    human_clicks: int = 0
    complete_checklists: int = 0  # networks whose profile checklist is complete
    applications: int = 0  # applications through their links since they enrolled
    months_in_a_row: int = 0  # the longest run of consecutive calendar months with activity


@dataclass(frozen=True)
class Badge:
    key: str
    name: Promise
    description: Promise
    earned: Callable[[BadgeFigures], bool]


BADGES: tuple[Badge, ...] = (
    Badge(
        "first_share",
        _("First share"),
        _("Shared a first item from the content hub."),
        lambda figures: figures.shares >= 1,
    ),
    Badge(
        "ten_shares",
        _("Ten shares"),
        _("Shared ten different items or networks from the content hub."),
        lambda figures: figures.shares >= 10,
    ),
    Badge(
        "first_click",
        _("First visitor"),
        _("A first person clicked one of your links."),
        lambda figures: figures.human_clicks >= 1,
    ),
    Badge(
        "fifty_clicks",
        _("Fifty visitors"),
        _("Your links brought fifty human clicks."),
        lambda figures: figures.human_clicks >= 50,
    ),
    Badge(
        "profile_complete",
        _("Polished profile"),
        _("Completed the profile checklist of a network."),
        lambda figures: figures.complete_checklists >= 1,
    ),
    Badge(
        "regular",
        _("Regular"),
        _("Active three calendar months in a row."),
        lambda figures: figures.months_in_a_row >= 3,
    ),
    Badge(
        "talent_scout",
        _("Talent scout"),
        _("Someone applied for a job through one of your links."),
        lambda figures: figures.applications >= 1,
    ),
)
BADGES_BY_KEY = {badge.key: badge for badge in BADGES}


def badge_figures(*, ambassador_ids: Iterable[int]) -> dict[int, BadgeFigures]:
    """The figures of these ambassadors, a handful of aggregate queries whatever their number."""
    ids = list(ambassador_ids)
    figures = {pk: BadgeFigures() for pk in ids}
    if not ids:
        return figures
    pairs = (
        Share.objects.filter(ambassador_id__in=ids)
        .order_by()
        .values_list("ambassador_id", "item_id", "network")
        .distinct()
    )
    for ambassador_id, count in Counter(row[0] for row in pairs).items():
        figures[ambassador_id].shares = count
    confirmed = (
        Share.objects.filter(ambassador_id__in=ids, confirmed_at__isnull=False)
        .order_by()
        .values_list("ambassador_id", "item_id", "network")
        .distinct()
    )
    for ambassador_id, count in Counter(row[0] for row in confirmed).items():
        figures[ambassador_id].confirmed_shares = count
    clicks = (
        ActivityDay.objects.filter(ambassador_id__in=ids)
        .values("ambassador_id")
        .annotate(n=Sum("human_clicks"))
    )
    for row in clicks:
        figures[row["ambassador_id"]].human_clicks = row["n"] or 0
    for ambassador_id, networks in checklist_completions(ambassador_ids=ids).items():
        figures[ambassador_id].complete_checklists = len(networks)
    applications = (
        Application.objects.filter(
            source_link__ambassador__ambassador__in=ids,
            created_at__gte=F("source_link__ambassador__ambassador__enrolled_at"),
        )
        .values("source_link__ambassador__ambassador")
        .annotate(n=Count("id"))
    )
    for row in applications:
        figures[row["source_link__ambassador__ambassador"]].applications = row["n"]
    months: dict[int, list[date]] = defaultdict(list)
    active_months = (
        ActivityDay.objects.filter(ambassador_id__in=ids)
        .filter(Q(shares__gt=0) | Q(human_clicks__gt=0))
        .annotate(month=TruncMonth("day"))
        .values_list("ambassador_id", "month")
        .distinct()
    )
    for ambassador_id, month in active_months:
        months[ambassador_id].append(month)
    for ambassador_id, values in months.items():
        figures[ambassador_id].months_in_a_row = _longest_month_run(values)
    return figures


def _longest_month_run(months: Iterable[date]) -> int:
    indexes = sorted({month.year * 12 + month.month for month in months})
    best = run = 0
    previous = None
    for index in indexes:
        run = run + 1 if previous is not None and index == previous + 1 else 1
        best = max(best, run)
        previous = index
    return best


def checklist_completions(*, ambassador_ids: Iterable[int]) -> dict[int, dict[str, datetime]]:
    """For each ambassador, the networks whose profile checklist (checklist.CHECKLISTS) they completed,
    with the moment it became complete (its last tick)."""
    ticks: dict[tuple[int, str], dict[str, datetime]] = defaultdict(dict)
    rows = ChecklistTick.objects.filter(ambassador_id__in=list(ambassador_ids))
    for ambassador_id, network, item, done_at in rows.values_list(
        "ambassador_id", "network", "item", "done_at"
    ):
        ticks[(ambassador_id, network)][item] = done_at
    completions: dict[int, dict[str, datetime]] = defaultdict(dict)
    for (ambassador_id, network), done in ticks.items():
        items = CHECKLISTS.get(network, ())
        if items and all(item.key in done for item in items):
            completions[ambassador_id][network] = max(done[item.key] for item in items)
    return completions


def badges_award(*, ambassador: Ambassador, at: datetime | None = None) -> list[str]:
    """Award the badges the ambassador has earned and does not hold yet; returns their keys. Idempotent,
    safe in parallel (one award per badge, enforced by the database); nothing for non-enrolled people."""
    if ambassador.status != Ambassador.Status.ENROLLED:
        return []
    return _awards_create([ambassador.pk], at=at).get(ambassador.pk, [])


def badges_award_many(*, ambassador_ids: Iterable[int], at: datetime | None = None) -> int:
    """The same for several ambassadors at once (those not enrolled are left out); returns how many
    badges were awarded."""
    ids = list(
        Ambassador.objects.filter(pk__in=list(ambassador_ids), status=Ambassador.Status.ENROLLED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    return sum(len(keys) for keys in _awards_create(ids, at=at).values())


def badges_sweep(*, at: datetime | None = None, chunk: int = 500) -> int:
    """Award every enrolled ambassador's earned badges (time-based ones such as `regular`, and any an
    event missed); returns how many were awarded."""
    ids = list(
        Ambassador.objects.filter(status=Ambassador.Status.ENROLLED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    awarded = 0
    for start in range(0, len(ids), chunk):
        awarded += sum(len(keys) for keys in _awards_create(ids[start : start + chunk], at=at).values())
    return awarded


def _awards_create(ambassador_ids: list[int], *, at: datetime | None) -> dict[int, list[str]]:
    at = at or timezone.now()
    held: dict[int, set[str]] = defaultdict(set)
    for ambassador_id, key in BadgeAward.objects.filter(ambassador_id__in=ambassador_ids).values_list(
        "ambassador_id", "badge"
    ):
        held[ambassador_id].add(key)
    new: dict[int, list[str]] = {}
    for ambassador_id, figures in badge_figures(ambassador_ids=ambassador_ids).items():
        keys = [b.key for b in BADGES if b.key not in held[ambassador_id] and b.earned(figures)]
        if keys:
            new[ambassador_id] = keys
    BadgeAward.objects.bulk_create(
        [BadgeAward(ambassador_id=pk, badge=key, awarded_at=at) for pk, keys in new.items() for key in keys],
        ignore_conflicts=True,
    )
    return new


@dataclass(frozen=True)
class BadgeState:
    badge: Badge
    awarded_at: datetime | None


def badges_of(*, ambassador: Ambassador) -> list[BadgeState]:
    """Every badge, earned ones (with their date) first, in the order of BADGES."""
    awarded = dict(BadgeAward.objects.filter(ambassador=ambassador).values_list("badge", "awarded_at"))
    states = [BadgeState(badge=badge, awarded_at=awarded.get(badge.key)) for badge in BADGES]
    return sorted(states, key=lambda state: state.awarded_at is None)


# --- the ledger rebuilt from the events -----------------------------------------------------------


@dataclass(frozen=True)
class LedgerDifference:
    kind: str  # "missing", "unexpected", "amount" (per source) or "day_total" (capped reasons, per day)
    reason: str
    source: str  # the event's source, or the day (ISO) for a day total
    expected: int
    recorded: int


@dataclass(frozen=True)
class LedgerCheck:
    expected_balance: int
    recorded_balance: int
    differences: list[LedgerDifference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences and self.expected_balance == self.recorded_balance


@dataclass(frozen=True)
class _Event:
    reason: str
    source: str
    at: datetime
    points: int  # before the daily cap


def ledger_events(*, ambassador: Ambassador) -> list[_Event]:
    """The credits the events call for, at today's rules: shares (one per item and network), first human
    clicks (one per link, for its first share), complete checklists (one per network)."""
    programme = programme_get(organisation=ambassador.organisation)
    events: list[_Event] = []
    first_shares = (
        Share.objects.filter(ambassador=ambassador)
        .values("item_id", "network")
        .annotate(first=Min("opened_at"))
    )
    for row in first_shares:
        source = f"share:{row['item_id']}:{row['network']}"
        events.append(_Event(Reason.SHARE, source, row["first"], programme.points_share))
    link_ids = set(
        Share.objects.filter(ambassador=ambassador, link__isnull=False).values_list("link_id", flat=True)
    )
    seen_links: set[int] = set()
    for share in Share.objects.filter(link_id__in=link_ids).order_by("opened_at", "pk"):
        if share.link_id in seen_links:
            continue
        seen_links.add(share.link_id)  # type: ignore[arg-type]
        if share.confirmed_at is not None and share.ambassador_id == ambassador.pk:
            events.append(
                _Event(
                    Reason.FIRST_CLICK, f"share:{share.pk}", share.confirmed_at, programme.points_first_click
                )
            )
    completions = checklist_completions(ambassador_ids=[ambassador.pk]).get(ambassador.pk, {})
    for network, at in sorted(completions.items()):
        events.append(_Event(Reason.CHECKLIST, f"checklist:{network}", at, programme.points_checklist))
    return [event for event in events if event.points != 0]


def last_withdrawal(*, ambassador: Ambassador) -> datetime | None:
    """When the ambassador last withdrew or left (the later of the two), or None."""
    moments = [moment for moment in (ambassador.withdrawn_at, ambassador.left_at) if moment is not None]
    return max(moments) if moments else None


def ledger_rebuild_check(*, ambassador: Ambassador) -> LedgerCheck:
    """Recompute what the ledger should hold from the events and report the differences.

    Rows dated up to the ambassador's last withdrawal or departure (`last_withdrawal`) are taken as
    recorded, and events whose source they credited are not expected again: the ledger is kept across a
    withdrawal, the events it came from are not (shares become anonymous).

    Rows of reasons without an event table here (manual adjustments, and until their issues land,
    trainings and introductions) are their own events and are taken as recorded. Capped reasons are
    compared per local day: the cap keeps the first points of a day, and which event of a capped day
    lost points depends on the order the events were processed in, not their total. The check uses
    today's rules: after HR changes the points of a rule, older rows differ, as they should.
    """
    programme = programme_get(organisation=ambassador.organisation)
    rows = list(
        PointsEntry.objects.filter(ambassador=ambassador).values("reason", "source", "points", "created_at")
    )
    # Rows kept across the last withdrawal (or departure) are taken as recorded: the withdrawal made
    # their events anonymous (shares lose their ambassador), so nothing is left to compare them with.
    # An event after it whose source such a row already credited earns nothing new (the ledger credits
    # a source once), so it is not expected again either.
    cutoff = last_withdrawal(ambassador=ambassador)
    kept = [row for row in rows if cutoff is not None and row["created_at"] <= cutoff]
    rows = [row for row in rows if cutoff is None or row["created_at"] > cutoff]
    kept_sources = {(row["reason"], row["source"]) for row in kept}
    events = [
        event
        for event in ledger_events(ambassador=ambassador)
        if (event.reason, event.source) not in kept_sources and (cutoff is None or event.at > cutoff)
    ]
    expected_sources = {(event.reason, event.source) for event in events}
    differences: list[LedgerDifference] = []
    expected_balance = sum(row["points"] for row in kept)

    # Capped reasons: unexpected rows, then day totals (the cap of a day counts its kept rows too).
    kept_days: Counter[date] = Counter()
    for row in kept:
        if row["reason"] in CAPPED_REASONS:
            kept_days[timezone.localdate(row["created_at"])] += row["points"]
    expected_days: Counter[date] = Counter()
    for event in events:
        if event.reason in CAPPED_REASONS:
            expected_days[timezone.localdate(event.at)] += event.points
    recorded_days: Counter[date] = Counter()
    for row in rows:
        if row["reason"] not in CAPPED_REASONS:
            continue
        if (row["reason"], row["source"]) not in expected_sources:
            differences.append(LedgerDifference("unexpected", row["reason"], row["source"], 0, row["points"]))
        else:
            recorded_days[timezone.localdate(row["created_at"])] += row["points"]
    for day in sorted(set(expected_days) | set(recorded_days)):
        expected = max(0, min(expected_days[day], programme.daily_points_cap - kept_days[day]))
        expected_balance += expected
        if recorded_days[day] != expected:
            differences.append(
                LedgerDifference("day_total", "capped", day.isoformat(), expected, recorded_days[day])
            )

    # Uncapped reasons with events: per source.
    recorded = {(row["reason"], row["source"]): row["points"] for row in rows}
    for event in events:
        if event.reason in CAPPED_REASONS:
            continue
        expected_balance += event.points
        got = recorded.get((event.reason, event.source))
        if got is None:
            differences.append(LedgerDifference("missing", event.reason, event.source, event.points, 0))
        elif got != event.points:
            differences.append(LedgerDifference("amount", event.reason, event.source, event.points, got))
    for row in rows:
        if row["reason"] == Reason.CHECKLIST and (row["reason"], row["source"]) not in expected_sources:
            differences.append(LedgerDifference("unexpected", row["reason"], row["source"], 0, row["points"]))

    # Reasons that are their own events.
    own = {Reason.ADJUSTMENT, Reason.TRAINING, Reason.INTRODUCTION, Reason.REDEMPTION, Reason.REFUND}
    expected_balance += sum(row["points"] for row in rows if row["reason"] in own)
    recorded_balance = sum(row["points"] for row in kept) + sum(row["points"] for row in rows)
    return LedgerCheck(expected_balance, recorded_balance, differences)


# --- leaderboards ---------------------------------------------------------------------------------

PERIODS: dict[str, int | None] = {"30": 30, "90": 90, "all": None}
DEFAULT_PERIOD = "30"


def period_start(period: str, *, now: datetime | None = None) -> datetime | None:
    days = PERIODS.get(period, PERIODS[DEFAULT_PERIOD])
    if days is None:
        return None
    return (now or timezone.now()) - timedelta(days=days)


def _points_since(*, organisation: Organisation, start: datetime | None) -> dict[int, int]:
    """Points per ambassador since `start` (all time when None), in one grouped query on the ledger
    that the date index narrows, rather than a join summing every row ever written."""
    entries = PointsEntry.objects.filter(organisation=organisation).exclude(
        reason__in=LIFETIME_EXCLUDED_REASONS  # spending on rewards never moves anyone down a board
    )
    if start is not None:
        entries = entries.filter(created_at__gte=start)
    totals = entries.order_by().values("ambassador_id").annotate(total=Sum("points"))
    return {row["ambassador_id"]: row["total"] for row in totals}


@dataclass(frozen=True)
class LeaderRow:
    rank: int
    ambassador_id: int
    name: str
    department: str
    points: int


def leaderboard_people(
    *, organisation: Organisation, period: str = DEFAULT_PERIOD, limit: int = 100
) -> list[LeaderRow]:
    """Opted-in, enrolled ambassadors by points over the period (ties share a rank)."""
    points_of = _points_since(organisation=organisation, start=period_start(period))
    opted_in = Ambassador.objects.filter(
        organisation=organisation,
        status=Ambassador.Status.ENROLLED,
        leaderboard_opt_in=True,
        person__is_active=True,
    ).select_related("person", "person__department")
    ranked = sorted(
        opted_in,
        key=lambda a: (-points_of.get(a.pk, 0), a.person.last_name, a.person.first_name, a.pk),
    )[:limit]
    rows: list[LeaderRow] = []
    for position, ambassador in enumerate(ranked, start=1):
        points = points_of.get(ambassador.pk, 0)
        rank = rows[-1].rank if rows and rows[-1].points == points else position
        department = ambassador.person.department
        rows.append(
            LeaderRow(
                rank, ambassador.pk, str(ambassador.person), department.name if department else "", points
            )
        )
    return rows


@dataclass(frozen=True)
class TeamRow:
    label: str
    ambassadors: int
    points: int
    average: float
    active_percent: int


@dataclass(frozen=True)
class TeamBoard:
    rows: list[TeamRow]
    hidden_groups: int  # groups with enrolled ambassadors but no row, by the rule of team_is_shown


def team_is_shown(*, ambassadors: int, unnamed: int) -> bool:
    """The rule of the department boards (habit 7: nobody's points by subtraction). A department is
    shown when it has at least MIN_GROUP_SIZE enrolled ambassadors and, of them, either none or at least
    MIN_GROUP_SIZE are not named on the people board: its total minus the named rows then covers nobody,
    or a group of at least MIN_GROUP_SIZE."""
    return ambassadors >= MIN_GROUP_SIZE and (unnamed == 0 or unnamed >= MIN_GROUP_SIZE)


@dataclass
class _Group:
    label: str
    ambassadors: int = 0
    active: int = 0
    unnamed: int = 0
    points: int = 0

    def add(self, other: _Group) -> None:
        self.ambassadors += other.ambassadors
        self.active += other.active
        self.unnamed += other.unnamed
        self.points += other.points

    def row(self) -> TeamRow:
        return TeamRow(
            label=self.label,
            ambassadors=self.ambassadors,
            points=self.points,
            average=round(self.points / self.ambassadors, 1),
            active_percent=round(100 * self.active / self.ambassadors),
        )


def leaderboard_teams(
    *,
    organisation: Organisation,
    by: str,
    period: str = DEFAULT_PERIOD,
    named: Iterable[int] | None = None,
) -> TeamBoard:
    """Aggregates of enrolled ambassadors (opted in or not) per department or entity: how many, points
    over the period (sum and average), and the share of them active.

    No row lets anyone work out one person's points by subtraction:
    - a department row follows `team_is_shown`, where "named" means listed on the people board of the
      same period (`named`: the ambassador ids shown there; by default leaderboard_people's), so that
      opted-in people beyond the board's length count as unnamed;
    - an entity row adds up the department rows shown in that entity, and nothing else (not the
      hidden departments, not the people without a department): the entity board minus the department
      board is always 0. An entity with no department shown has no row.
    """
    if by not in ("department", "entity"):
        raise ValueError(by)
    programme: Programme = programme_get(organisation=organisation)
    since = active_since(programme=programme)
    if named is None:
        named = [row.ambassador_id for row in leaderboard_people(organisation=organisation, period=period)]
    named_ids = set(named)
    ambassadors = Ambassador.objects.filter(
        organisation=organisation,
        status=Ambassador.Status.ENROLLED,
        person__is_active=True,
        person__department__isnull=False,
    ).values_list(
        "pk",
        "last_active_on",
        "person__department_id",
        "person__department__name",
        "person__department__entity_id",
        "person__department__entity__name",
    )
    departments: dict[int, _Group] = {}
    entity_of: dict[int, tuple[int, str]] = {}
    points_of = _points_since(organisation=organisation, start=period_start(period))
    for pk, last_active_on, department_id, department_name, entity_id, entity_name in ambassadors:
        points = points_of.get(pk, 0)
        group = departments.setdefault(department_id, _Group(department_name))
        group.ambassadors += 1
        group.active += last_active_on is not None and last_active_on >= since
        group.unnamed += pk not in named_ids
        group.points += points
        entity_of[department_id] = (entity_id, entity_name)
    shown = {
        pk: group
        for pk, group in departments.items()
        if team_is_shown(ambassadors=group.ambassadors, unnamed=group.unnamed)
    }
    if by == "department":
        groups = list(shown.values())
        hidden = len(departments) - len(shown)
    else:
        entities: dict[int, _Group] = {}
        for department_id, group in shown.items():
            entity_id, entity_name = entity_of[department_id]
            entities.setdefault(entity_id, _Group(entity_name)).add(group)
        groups = list(entities.values())
        hidden = len({entity_id for entity_id, _name in entity_of.values()}) - len(entities)
    rows = sorted((group.row() for group in groups), key=lambda row: (-row.average, row.label))
    return TeamBoard(rows=rows, hidden_groups=hidden)


# --- an ambassador's own impact -------------------------------------------------------------------


@dataclass(frozen=True)
class Impact:
    shares: int  # items shared, once per item and network however often (as points and badges count)
    confirmed_shares: int  # of those, the ones a human click confirmed
    human_clicks: int
    applications: int
    progress: LevelProgress
    badges: list[BadgeState]


def impact_of(*, ambassador: Ambassador) -> Impact:
    shares = Share.objects.filter(ambassador=ambassador).order_by()
    clicks = ActivityDay.objects.filter(ambassador=ambassador).aggregate(n=Sum("human_clicks"))["n"] or 0
    return Impact(
        shares=shares.values("item_id", "network").distinct().count(),
        confirmed_shares=shares.filter(confirmed_at__isnull=False)
        .values("item_id", "network")
        .distinct()
        .count(),
        human_clicks=clicks,
        applications=Application.objects.filter(source_link__ambassador=ambassador.person_id).count(),
        progress=level_progress(
            organisation=ambassador.organisation, points=points_lifetime(ambassador=ambassador)
        ),
        badges=badges_of(ambassador=ambassador),
    )


@dataclass(frozen=True)
class WeeklyActivity:
    weeks: list[date]  # Mondays
    shares: list[int]  # items first shared that week, once per item and network (as Impact.shares)
    human_clicks: list[int]


def weekly_activity(*, ambassador: Ambassador, weeks: int = 26, today: date | None = None) -> WeeklyActivity:
    today = today or timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    mondays = [this_monday - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    shares: Counter[date] = Counter()
    clicks: Counter[date] = Counter()
    firsts = (
        Share.objects.filter(ambassador=ambassador)
        .order_by()
        .values("item_id", "network")
        .annotate(first=Min("opened_at"))
        .values_list("first", flat=True)
    )
    for first in firsts:
        day = timezone.localdate(first)
        if day >= mondays[0]:
            shares[day - timedelta(days=day.weekday())] += 1
    rows = ActivityDay.objects.filter(ambassador=ambassador, day__gte=mondays[0]).values_list(
        "day", "human_clicks"
    )
    for day, day_clicks in rows:
        clicks[day - timedelta(days=day.weekday())] += day_clicks
    return WeeklyActivity(
        weeks=mondays, shares=[shares[m] for m in mondays], human_clicks=[clicks[m] for m in mondays]
    )


def ledger_source_labels(entries: Iterable[PointsEntry]) -> dict[int, str]:
    """A readable label of each row's source event: the item and network of a share, the network of a
    checklist, nothing for an adjustment (its note says why)."""
    from ambassade.ambassadors.models import ContentItem

    entries = list(entries)
    share_ids, item_ids = set(), set()
    for entry in entries:
        parts = entry.source.split(":")
        if parts[0] == "share" and len(parts) == 2 and parts[1].isdigit():
            share_ids.add(int(parts[1]))
        elif parts[0] == "share" and len(parts) == 3 and parts[1].isdigit():
            item_ids.add(int(parts[1]))
    shares = {share.pk: share for share in Share.objects.filter(pk__in=share_ids)}
    item_ids |= {share.item_id for share in shares.values()}
    titles = dict(ContentItem.objects.filter(pk__in=item_ids).values_list("pk", "title"))
    networks = dict(Network.choices)
    labels: dict[int, str] = {}
    for entry in entries:
        parts = entry.source.split(":")
        label = ""
        if parts[0] == "share" and len(parts) == 3 and parts[1].isdigit():
            label = f"{titles.get(int(parts[1]), '—')} · {networks.get(parts[2], parts[2])}"
        elif parts[0] == "share" and len(parts) == 2 and parts[1].isdigit():
            share = shares.get(int(parts[1]))
            if share is not None:
                label = f"{titles.get(share.item_id, '—')} · {networks.get(share.network, share.network)}"
        elif parts[0] == "checklist" and len(parts) == 2:
            label = str(networks.get(parts[1], parts[1]))
        labels[entry.pk] = label
    return labels


# --- levels: reads and writes for HR admins -------------------------------------------------------


def _get_or_404(queryset: QuerySet[Any], pk: object) -> Any:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def level_list(*, membership: Membership) -> QuerySet[Level]:
    programme_get(organisation=membership.organisation)  # the default levels exist from the start
    return Level.objects.filter(organisation=membership.organisation).order_by("threshold")


def level_get_for_user(*, membership: Membership, pk: object) -> Level:
    return _get_or_404(level_list(membership=membership), pk)


LEVEL_FIELDS = ["name", "threshold"]


def level_save(
    *, actor: Actor, organisation: Organisation, name: str, threshold: int, level: Level | None = None
) -> Level:
    """Create or rename / move a level; a clear error names the field when another level already has
    this name or starts at this number of points. Audited."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the level a name.")})
    if threshold < 0:
        raise ValidationError({"threshold": _("A level starts at 0 points or more.")})
    others = Level.objects.filter(organisation=organisation)
    if level is not None and level.pk is not None:
        others = others.exclude(pk=level.pk)
    errors: dict[str, Any] = {}
    if others.filter(name__iexact=name).exists():
        errors["name"] = _("Another level already has this name.")
    if others.filter(threshold=threshold).exists():
        errors["threshold"] = _("Another level starts at this number of points.")
    if errors:
        raise ValidationError(errors)
    level = level or Level(organisation=organisation)
    creating = level.pk is None
    before = {} if creating else snapshot(level, LEVEL_FIELDS)
    level.name, level.threshold = name, threshold
    try:
        with transaction.atomic():
            level.save()
            changes = model_changes(level, LEVEL_FIELDS, before)
            if creating or changes:
                audit_record(
                    actor=actor,
                    action=f"level.{'create' if creating else 'update'}",
                    organisation=organisation,
                    target=level,
                    changes=changes,
                )
    except IntegrityError as error:  # another admin saved the same threshold meanwhile
        if creating:
            level.pk = None
        raise ValidationError({"threshold": _("Another level starts at this number of points.")}) from error
    return level


@transaction.atomic
def level_delete(*, actor: Actor, level: Level) -> None:
    audit_record(
        actor=actor,
        action="level.delete",
        organisation=level.organisation,
        target=level,
        changes={"name": [level.name, None], "threshold": [level.threshold, None]},
    )
    level.delete()


# --- selectors of ambassadors ---------------------------------------------------------------------


def ambassador_of(*, membership: Membership) -> Ambassador | None:
    """The signed-in member's own ambassador record (whatever its status), or None."""
    if membership.person_id is None:
        return None
    return (
        Ambassador.objects.filter(organisation=membership.organisation, person_id=membership.person_id)
        .select_related("person", "organisation")
        .first()
    )


def ambassador_get_for_adjust(*, membership: Membership, pk: object) -> Ambassador:
    """An enrolled ambassador of the reader's organisation; anyone else (withdrawn, left, invited,
    foreign) is a 404: their figures are shown to nobody but themselves."""
    ambassadors = Ambassador.objects.filter(
        organisation=membership.organisation, status=Ambassador.Status.ENROLLED
    ).select_related("person", "organisation")
    return _get_or_404(ambassadors, pk)
