"""Measured impact of trainings: gathers participants, a comparison group and their weekly outcomes from the
rollups, and turns the statistics of impact.py into figures, a chart and one plain sentence.

- Participants: enrolled ambassadors whose attendance was recorded as present (for a track: at their first
  attended session of the track; the training date is that session's date, in the organisation's time zone).
- Weeks run Monday to Sunday; week 0 holds the training and is left out. Before: weeks −8 to −1. After:
  the full weeks since, up to 8; fewer than MIN_WEEKS_AFTER: "too early".
- A week counts for a person only once they had joined the programme (`enrolled_at`): before, they had no
  activity row because they were not ambassadors, not because they shared nothing. Their means are taken
  over the weeks they were in; people (participants or colleagues) in for fewer than MIN_WEEKS_BEFORE of the
  weeks before are left aside, which the page says. People who have since withdrawn or left are not used at
  all (their consent to the programme ended), on both sides.
- Comparison group: enrolled ambassadors with no present attendance in any session up to the end of the
  after window, of the same audience and department (same audience and entity when the department has
  fewer than MIN_STRATUM of them, which the page says), then the nearest neighbours on activity before
  (shares and human clicks per week), with replacement, within a caliper (impact.match_nearest).
- Outcomes per person and week: shares and human clicks (ActivityDay), profile checklist completion (share
  of the checklist items of their networks done by the end of the week), followers (the latest count of
  each of their accounts by the end of the week, summed; a week before one of their accounts was first
  counted is unknown, and people without any counted account are left out of that metric).
- Privacy: no figure of a group of fewer than impact.MIN_UNITS people is given (means, weekly series, or a
  week of the chart reached by fewer of them).

Queries are bounded: one per table for all the people concerned, whatever their number.
"""

from __future__ import annotations

import hashlib
import warnings
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ambassade.ambassadors.checklist import ALWAYS_SHOWN, checklist_items
from ambassade.ambassadors.models import (
    ActivityDay,
    Ambassador,
    ChecklistTick,
    FollowerCount,
    SocialAccount,
)
from ambassade.orgs.models import Entity, Organisation, organisation_zone
from ambassade.training import impact
from ambassade.training.models import Registration, Track, TrainingSession

WEEKS_BEFORE = 8
WEEKS_AFTER = 8
MIN_WEEKS_AFTER = 3
# Weeks before the training a person must have been in the programme for to be compared (of WEEKS_BEFORE).
MIN_WEEKS_BEFORE = 4
# A department with fewer comparison candidates than this: compare with the same audience in the entity.
MIN_STRATUM = 5
# Follower counts older than this before the first week are not read (a count is usually refreshed).
FOLLOWERS_LOOKBACK_DAYS = 366
CACHE_SECONDS = 300

METRICS = ("shares", "human_clicks", "checklist", "followers")
HEADLINE = "shares"
METRIC_LABELS = {
    "shares": gettext_lazy("Shares per week"),
    "human_clicks": gettext_lazy("Human clicks per week"),
    "checklist": gettext_lazy("Profile checklist completion"),
    "followers": gettext_lazy("Followers"),
}
AFTER_SESSION = {
    TrainingSession.Kind.WORKSHOP: gettext_lazy("After the workshop of %(date)s"),
    TrainingSession.Kind.CONFERENCE: gettext_lazy("After the conference of %(date)s"),
    TrainingSession.Kind.PHOTO: gettext_lazy("After the photo session of %(date)s"),
    TrainingSession.Kind.WEBINAR: gettext_lazy("After the webinar of %(date)s"),
    TrainingSession.Kind.ELEARNING: gettext_lazy("After the e-learning module of %(date)s"),
}


@dataclass(frozen=True)
class MetricImpact:
    metric: str  # "shares", "human_clicks", "checklist", "followers"
    label: str  # localised
    effect: float | None  # per-participant weekly difference in differences
    low: float | None  # bootstrap interval (95 %)
    high: float | None
    ratio: float | None  # participants' after/before relative to the comparison group's, when meaningful
    # Weekly means of the groups; None when a group has fewer than impact.MIN_UNITS people (privacy).
    treated_before: float | None
    treated_after: float | None
    control_before: float | None
    control_after: float | None
    ratio_low: float | None = None
    ratio_high: float | None = None
    reason: str | None = None  # localised reason this metric has no estimate
    significant: bool = False  # the interval excludes 0


@dataclass(frozen=True)
class ImpactResult:
    subject: str
    treated_n: int
    control_n: int
    metrics: list[MetricImpact]
    reason: str | None  # localised reason there is no estimate (too small / too unlike), else None
    sentence: str  # one plain localised sentence
    weekly: dict[str, list[Any]]  # chart data: weeks relative to training, participants vs comparison
    notes: list[str] = field(default_factory=list)  # localised remarks (fallbacks, people left aside)
    training_date: date | None = None
    kind: str = "session"  # "session" or "track"
    pk: int | None = None
    weeks_after: int = 0

    def metric(self, key: str) -> MetricImpact | None:
        return next((m for m in self.metrics if m.metric == key), None)


# --- gathering -------------------------------------------------------------------------------------


@dataclass
class _Participant:
    ambassador_id: int
    person_id: int
    audience_id: int | None
    department_id: int | None
    entity_id: int
    monday: date  # Monday of the training week
    enrolled_on: date | None  # the day they joined the programme (organisation's time zone)
    trained_on: date  # the day of the training (organisation's time zone)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _local_date(moment: datetime, organisation: Organisation) -> date:
    return timezone.localtime(moment, organisation_zone(organisation)).date()


_PERSON_FIELDS = (
    "person__ambassador__id",
    "person_id",
    "person__audience_id",
    "person__department_id",
    "person__entity_id",
    "person__ambassador__enrolled_at",
)


def _present(organisation: Organisation) -> Any:
    return Registration.objects.filter(
        attendance=Registration.Attendance.PRESENT,
        session__organisation=organisation,
        session__cancelled_at__isnull=True,
        person__ambassador__status=Ambassador.Status.ENROLLED,
        person__ambassador__organisation=organisation,
    )


def _enrolled_on(moment: datetime | None, organisation: Organisation) -> date | None:
    return _local_date(moment, organisation) if moment is not None else None


def _session_participants(session: TrainingSession) -> list[_Participant]:
    organisation = session.organisation
    day = _local_date(session.starts_at, organisation)
    rows = _present(organisation).filter(session=session).values_list(*_PERSON_FIELDS)
    return [
        _Participant(a, p, au, d, e, _monday(day), _enrolled_on(joined, organisation), day)
        for a, p, au, d, e, joined in rows
    ]


def _track_participants(track: Track, organisation: Organisation) -> list[_Participant]:
    first: dict[int, tuple[datetime, tuple[Any, ...]]] = {}
    rows = (
        _present(organisation).filter(session__track=track).values_list("session__starts_at", *_PERSON_FIELDS)
    )
    for starts_at, *person in rows:
        if person[1] not in first or starts_at < first[person[1]][0]:
            first[person[1]] = (starts_at, tuple(person))
    participants = []
    for starts_at, (a, p, au, d, e, joined) in first.values():
        day = _local_date(starts_at, organisation)
        participants.append(
            _Participant(a, p, au, d, e, _monday(day), _enrolled_on(joined, organisation), day)
        )
    return participants


@dataclass
class _Panel:
    """Weekly outcomes of every ambassador concerned, on a common calendar of weeks."""

    start: date  # Monday of week index 0
    weeks: int
    row: dict[int, int]  # ambassador id → row
    values: dict[str, np.ndarray]  # metric → (rows, weeks)


def _activity(scope: Q, row: dict[int, int], start: date, weeks: int) -> tuple[np.ndarray, np.ndarray]:
    """Shares and human clicks per row and week, from the daily rollup (vectorised: no loop per row)."""
    shares = np.zeros((len(row), weeks))
    clicks = np.zeros((len(row), weeks))
    end = start + timedelta(days=7 * weeks)
    rows = list(
        ActivityDay.objects.filter(scope, day__gte=start, day__lt=end).values_list(
            "ambassador_id", "day", "shares", "human_clicks"
        )
    )
    if not rows:
        return shares, clicks
    ids, days, day_shares, day_clicks = zip(*rows, strict=True)
    ordered = np.array(sorted(row), dtype=np.int64)
    indices = np.array([row[pk] for pk in ordered.tolist()], dtype=np.int64)
    found = np.searchsorted(ordered, np.array(ids, dtype=np.int64))
    found = np.clip(found, 0, len(ordered) - 1)
    known = ordered[found] == np.array(ids, dtype=np.int64)
    week = np.fromiter(((day - start).days for day in days), dtype=np.int64, count=len(days)) // 7
    target = (indices[found[known]], week[known])
    np.add.at(shares, target, np.array(day_shares, dtype=float)[known])
    np.add.at(clicks, target, np.array(day_clicks, dtype=float)[known])
    return shares, clicks


def _weeks_in_before(enrolled_on: date | None, monday: date) -> float:
    """How many of the WEEKS_BEFORE weeks before the training week the person was in the programme (days / 7:
    the week they joined counts for its part)."""
    if enrolled_on is None:
        return float(WEEKS_BEFORE)
    return min(float(WEEKS_BEFORE), max(0.0, (monday - enrolled_on).days / 7))


def _activity_before(
    scope: Q, row: dict[int, int], mondays: list[date], exposure: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Mean weekly shares and human clicks of each row over the weeks before each training week that the
    person was in the programme for (`exposure`, rows × training weeks, in weeks; one column per training
    week), summed by the database: one row per person, not per day."""
    shares = np.zeros((len(row), len(mondays)))
    clicks = np.zeros((len(row), len(mondays)))
    sums: dict[str, Any] = {}
    for index, monday in enumerate(mondays):
        window = Q(day__gte=monday - timedelta(weeks=WEEKS_BEFORE), day__lt=monday)
        sums[f"s{index}"] = Sum("shares", filter=window)
        sums[f"c{index}"] = Sum("human_clicks", filter=window)
    first = mondays[0] - timedelta(weeks=WEEKS_BEFORE)
    rows = (
        ActivityDay.objects.filter(scope, day__gte=first, day__lt=mondays[-1])
        .values("ambassador_id")
        .annotate(**sums)
        .values_list("ambassador_id", *sums)
    )
    for ambassador_id, *totals in rows:
        position = row.get(ambassador_id)
        if position is not None:
            shares[position] = [value or 0 for value in totals[0::2]]
            clicks[position] = [value or 0 for value in totals[1::2]]
    with np.errstate(divide="ignore", invalid="ignore"):
        return (
            np.where(exposure > 0, shares / exposure, 0.0),
            np.where(exposure > 0, clicks / exposure, 0.0),
        )


def _panel(
    organisation: Organisation,
    ambassador_ids: Iterable[int],
    scope: Q,
    start: date,
    weeks: int,
    enrolled_on: dict[int, date | None] | None = None,
) -> _Panel:
    """Every outcome of every row and week; NaN where unknown: a week that began before the person joined
    the programme (`enrolled_on`), followers before an account's first count or without any account."""
    ids = sorted(set(ambassador_ids))
    row = {pk: i for i, pk in enumerate(ids)}
    n = len(ids)
    end = start + timedelta(days=7 * weeks)
    zone = organisation_zone(organisation)
    values = {metric: np.zeros((n, weeks)) for metric in METRICS}

    # Shares and human clicks: the daily rollup.
    values["shares"], values["human_clicks"] = _activity(scope, row, start, weeks)

    # Profile checklist: items of the person's networks done by the end of each week.
    networks: dict[int, set[str]] = defaultdict(lambda: set(ALWAYS_SHOWN))
    accounts = SocialAccount.objects.filter(scope).values_list("ambassador_id", "network")
    for ambassador_id, network in accounts:
        networks[ambassador_id].add(network)
    keys = {
        network: {item.key for item in checklist_items(network)}
        for network in set().union(*networks.values(), ALWAYS_SHOWN)
    }
    total = np.zeros(n)
    for ambassador_id, index in row.items():
        total[index] = sum(len(keys.get(network, ())) for network in networks[ambassador_id])
    done = np.zeros((n, weeks))
    ticks = ChecklistTick.objects.filter(
        scope, done_at__lt=timezone.make_aware(datetime.combine(end, datetime.min.time()), zone)
    )
    for ambassador_id, network, item, done_at in ticks.values_list(
        "ambassador_id", "network", "item", "done_at"
    ):
        tick_row = row.get(ambassador_id)
        if tick_row is None or network not in networks[ambassador_id] or item not in keys.get(network, ()):
            continue
        week = max(0, (timezone.localtime(done_at, zone).date() - start).days // 7)
        done[tick_row, week] += 1
    with np.errstate(divide="ignore", invalid="ignore"):
        values["checklist"] = np.where(total[:, None] > 0, np.cumsum(done, axis=1) / total[:, None], 0.0)

    # Followers: the latest count of each account by the end of each week, summed per ambassador.
    counts = (
        FollowerCount.objects.filter(
            _prefixed(scope, "account__"),
            counted_on__lt=end,
            counted_on__gte=start - timedelta(days=FOLLOWERS_LOOKBACK_DAYS),
        )
        .order_by("account_id", "counted_on")
        .values_list("account__ambassador_id", "account_id", "counted_on", "followers")
    )
    latest: dict[int, np.ndarray] = {}
    owner: dict[int, int] = {}
    values["followers"][:] = np.nan
    for ambassador_id, account_id, counted_on, followers in counts.iterator(chunk_size=5000):
        if ambassador_id not in row:
            continue
        series = latest.get(account_id)
        if series is None:
            series = latest[account_id] = np.full(weeks, np.nan)
            owner[account_id] = row[ambassador_id]
        series[max(0, (counted_on - start).days // 7)] = followers  # ordered by date: the last one stays
    summed = values["followers"]
    for index in set(owner.values()):
        summed[index] = 0.0
    # A week before one of the person's accounts was first counted stays unknown (NaN): summing it as 0 would
    # read an account linked at the training as followers gained.
    for account_id, series in latest.items():
        summed[owner[account_id]] += _forward_fill(series)

    if enrolled_on:
        mondays = np.array([(start + timedelta(days=7 * w)).toordinal() for w in range(weeks)])
        joined = np.array(
            [(enrolled_on.get(pk) or date.min).toordinal() for pk in ids], dtype=np.int64
        ).reshape(-1, 1)
        outside = mondays[None, :] < joined  # the week began before they joined: unknown
        for metric in METRICS:
            values[metric] = np.where(outside, np.nan, values[metric])
    return _Panel(start=start, weeks=weeks, row=row, values=values)


def _prefixed(scope: Q, prefix: str) -> Q:
    """The same filter on a related model (`scope` filters ActivityDay-like rows by `ambassador__…`)."""
    result = Q()
    result.connector, result.negated = scope.connector, scope.negated
    for child in scope.children:
        if isinstance(child, Q):
            result.children.append(_prefixed(child, prefix))
        else:
            key, value = child  # type: ignore[misc]
            result.children.append((prefix + key, value))
    return result


def _forward_fill(series: np.ndarray) -> np.ndarray:
    known = ~np.isnan(series)
    index = np.where(known, np.arange(len(series)), 0)
    np.maximum.accumulate(index, out=index)
    filled = series[index]
    filled[: np.argmax(known) if known.any() else len(series)] = np.nan
    return filled


# --- estimating ------------------------------------------------------------------------------------


@dataclass
class _Gathered:
    participants: list[_Participant]
    reason: str | None = None
    notes: list[str] = field(default_factory=list)
    weeks_after: int = 0
    estimates: dict[str, impact.Estimate] = field(default_factory=dict)
    weekly: dict[str, list[Any]] = field(default_factory=dict)
    treated_n: int = 0  # participants matched to comparison people
    eligible_n: int = 0  # participants with enough weeks after the training
    control_n: int = 0


def _full_weeks_after(monday: date, today: date) -> int:
    """Full weeks after the training week that have ended by yesterday, at most WEEKS_AFTER."""
    return max(0, min(WEEKS_AFTER, (today - monday).days // 7 - 1))


def _estimate(organisation: Organisation, participants: list[_Participant], today: date) -> _Gathered:
    gathered = _Gathered(participants=participants)
    if not participants:
        gathered.reason = "none"
        return gathered
    gathered.weeks_after = max(_full_weeks_after(p.monday, today) for p in participants)
    ripe = [p for p in participants if _full_weeks_after(p.monday, today) >= MIN_WEEKS_AFTER]
    if not ripe:
        gathered.reason = "too_early"
        return gathered
    # Participants in the programme for too few of the weeks before have no "before" to compare.
    newcomers = [p for p in ripe if _weeks_in_before(p.enrolled_on, p.monday) < MIN_WEEKS_BEFORE]
    groups: dict[date, list[_Participant]] = defaultdict(list)
    for participant in ripe:
        if participant not in newcomers:
            groups[participant.monday].append(participant)
    if newcomers:
        gathered.notes.append(
            ngettext(
                "%(count)s participant joined the programme less than %(weeks)s weeks before the training "
                "and is left aside (there is no “before” to compare with).",
                "%(count)s participants joined the programme less than %(weeks)s weeks before the training "
                "and are left aside (there is no “before” to compare with).",
                len(newcomers),
            )
            % {"count": len(newcomers), "weeks": MIN_WEEKS_BEFORE}
        )
    if not groups:
        gathered.estimates = {
            metric: impact.difference_in_differences(
                treated_before=[], treated_after=[], control_before=[], control_after=[]
            )
            for metric in METRICS
        }
        gathered.weekly = _weekly({m: [] for m in METRICS}, {m: [] for m in METRICS}, _RELATIVE)
        return gathered

    first, last = min(groups), max(groups)
    start = first - timedelta(days=7 * WEEKS_BEFORE)
    weeks = (last - start).days // 7 + WEEKS_AFTER + 1
    end_of_after = {
        monday: monday + timedelta(days=7 * (_full_weeks_after(monday, today) + 1)) for monday in groups
    }

    # Comparison candidates: enrolled ambassadors of the participants' audiences and entities.
    treated_ids = {p.ambassador_id for p in participants}
    audiences = {p.audience_id for p in participants}
    audience_q = Q(person__audience_id__in=[a for a in audiences if a is not None])
    if None in audiences:
        audience_q |= Q(person__audience__isnull=True)
    candidates_q = Q(organisation=organisation, status=Ambassador.Status.ENROLLED) & audience_q
    candidates_q &= Q(person__entity_id__in={p.entity_id for p in participants})
    candidates = list(
        Ambassador.objects.filter(candidates_q).values_list(
            "id",
            "person_id",
            "person__audience_id",
            "person__department_id",
            "person__entity_id",
            "enrolled_at",
        )
    )
    enrolled_on: dict[int, date | None] = {c[0]: _enrolled_on(c[5], organisation) for c in candidates}
    enrolled_on.update({p.ambassador_id: p.enrolled_on for p in participants})
    # When each candidate was first trained (present anywhere): they serve until then.
    trained = dict(
        _present(organisation)
        .values("person_id")
        .annotate(first=Min("session__starts_at"))
        .values_list("person_id", "first")
    )
    trained_on = {person: _local_date(moment, organisation) for person, moment in trained.items()}

    # Phase 1: activity before the training of every candidate, to match on (one query).
    pre_ids = sorted({c[0] for c in candidates} | treated_ids)
    pre_row = {pk: i for i, pk in enumerate(pre_ids)}
    ordered_groups = sorted(groups)
    exposure = np.array(
        [[_weeks_in_before(enrolled_on.get(pk), monday) for monday in ordered_groups] for pk in pre_ids]
    ).reshape(len(pre_ids), len(ordered_groups))
    pre_shares, pre_clicks = _activity_before(
        _prefixed(candidates_q, "ambassador__"), pre_row, ordered_groups, exposure
    )

    # Matching, per training week and stratum: participants and the comparison people they take. A
    # colleague can serve several strata of a week (a department's pool is inside its entity's): their
    # weights add up, and they stay one comparison unit.
    treated_by_week: dict[date, list[int]] = defaultdict(list)
    weight_by_week: dict[date, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    fallback = 0
    unmatched = 0
    for group_index, monday in enumerate(ordered_groups):
        members = groups[monday]
        pool = [
            c
            for c in candidates
            if c[0] not in treated_ids
            and (c[1] not in trained_on or trained_on[c[1]] >= end_of_after[monday])
            and exposure[pre_row[c[0]], group_index] >= MIN_WEEKS_BEFORE
        ]
        by_department: dict[tuple[Any, Any], list[int]] = defaultdict(list)
        by_entity: dict[tuple[Any, Any], list[int]] = defaultdict(list)
        for ambassador_id, _person, audience_id, department_id, entity_id, _joined in pool:
            by_department[(audience_id, department_id)].append(ambassador_id)
            by_entity[(audience_id, entity_id)].append(ambassador_id)
        # Strata: same audience and department, or same audience and entity when too few.
        strata: dict[tuple[Any, ...], tuple[list[int], list[int]]] = {}
        for p in members:
            same_department = by_department.get((p.audience_id, p.department_id), [])
            if p.department_id is not None and len(same_department) >= MIN_STRATUM:
                key: tuple[Any, ...] = ("d", p.audience_id, p.department_id)
                pool_ids = same_department
            else:
                key = ("e", p.audience_id, p.entity_id)
                pool_ids = by_entity.get((p.audience_id, p.entity_id), [])
                fallback += 1
            strata.setdefault(key, ([], pool_ids))[0].append(p.ambassador_id)
        activity = np.log1p(np.stack([pre_shares[:, group_index], pre_clicks[:, group_index]], axis=1))
        for treated, pool_ids in strata.values():
            t_rows = np.array([pre_row[pk] for pk in treated], dtype=int)
            c_rows = np.array([pre_row[pk] for pk in pool_ids], dtype=int)
            matched, weight = impact.match_nearest(
                activity[t_rows], activity[c_rows] if len(c_rows) else np.zeros((0, 2))
            )
            unmatched += int((~matched).sum())
            treated_by_week[monday].extend(pk for pk, ok in zip(treated, matched.tolist(), strict=True) if ok)
            for pk, value in zip(pool_ids, weight.tolist(), strict=True):
                if value > 0:
                    weight_by_week[monday][pk] += value
    matches = [
        (
            monday,
            treated_by_week[monday],
            list(weight_by_week[monday]),
            np.array(list(weight_by_week[monday].values()), dtype=float),
        )
        for monday in ordered_groups
    ]

    # Phase 2: every outcome, week by week, of the participants and the people matched (one query a table).
    selected = sorted({pk for _m, t, c, _w in matches for pk in t + c})
    panel = _panel(organisation, selected, Q(ambassador_id__in=selected), start, weeks, enrolled_on)
    rel = _RELATIVE
    units_t: dict[str, list[list[float]]] = {m: [[], []] for m in METRICS}
    units_c: dict[str, list[list[float]]] = {m: [[], []] for m in METRICS}
    weights_c: list[float] = []
    people_c: list[int] = []  # the person behind each comparison unit (a track: one per training week)
    weekly_t: dict[str, list[np.ndarray]] = {m: [] for m in METRICS}
    weekly_c: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {m: [] for m in METRICS}
    controls: set[tuple[date, int]] = set()
    for monday, treated, comparison, weight in matches:
        offset = (monday - start).days // 7
        after = _full_weeks_after(monday, today)
        before_cols = np.arange(offset - WEEKS_BEFORE, offset)
        after_cols = np.arange(offset + 1, offset + 1 + after)
        span_cols = offset + rel
        visible = rel <= after
        t_rows = np.array([panel.row[pk] for pk in treated], dtype=int)
        c_rows = np.array([panel.row[pk] for pk in comparison], dtype=int)
        controls.update((monday, pk) for pk in comparison)
        weights_c.extend(weight.tolist())
        people_c.extend(comparison)
        for metric in METRICS:
            data = panel.values[metric]
            units_t[metric][0].extend(_unit_means(data[t_rows][:, before_cols]))
            units_t[metric][1].extend(_unit_means(data[t_rows][:, after_cols]))
            units_c[metric][0].extend(_unit_means(data[c_rows][:, before_cols]))
            units_c[metric][1].extend(_unit_means(data[c_rows][:, after_cols]))
            weekly_t[metric].append(np.where(visible, data[t_rows][:, span_cols], np.nan))
            weekly_c[metric].append((np.where(visible, data[c_rows][:, span_cols], np.nan), weight))

    gathered.treated_n = len(units_t[HEADLINE][0])
    gathered.eligible_n = sum(len(members) for members in groups.values())
    gathered.control_n = len({pk for _monday, pk in controls})  # people, not units
    if fallback:
        gathered.notes.append(
            ngettext(
                "%(count)s participant's department had too few colleagues not yet trained: they are "
                "compared with colleagues of the same audience in the same entity.",
                "%(count)s participants' departments had too few colleagues not yet trained: they are "
                "compared with colleagues of the same audience in the same entity.",
                fallback,
            )
            % {"count": fallback}
        )
    if unmatched:
        gathered.notes.append(
            ngettext(
                "%(count)s participant had no colleague with a similar activity before and is left aside.",
                "%(count)s participants had no colleague with a similar activity before and are left aside.",
                unmatched,
            )
            % {"count": unmatched}
        )
    weights = np.array(weights_c)
    for metric in METRICS:
        gathered.estimates[metric] = impact.difference_in_differences(
            treated_before=units_t[metric][0],
            treated_after=units_t[metric][1],
            control_before=units_c[metric][0],
            control_after=units_c[metric][1],
            control_weights=weights,
            control_clusters=people_c,
        )
    gathered.weekly = _weekly(weekly_t, weekly_c, rel)
    return gathered


_RELATIVE = np.arange(-WEEKS_BEFORE, WEEKS_AFTER + 1)


def _unit_means(block: np.ndarray) -> list[float]:
    """Each row's mean over its known weeks (NaN when none is known)."""
    if block.size == 0:
        return [float("nan")] * len(block)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a row without any known week: NaN, left out
        return list(np.nanmean(block, axis=1).tolist())


def _weekly(
    weekly_t: dict[str, list[np.ndarray]],
    weekly_c: dict[str, list[tuple[np.ndarray, np.ndarray]]],
    rel: np.ndarray,
) -> dict[str, list[Any]]:
    """Weekly means of both groups; a week known for fewer than impact.MIN_UNITS people of a group is not
    given (it would be the figures of one or two people)."""

    def rounded(values: np.ndarray) -> list[float | None]:
        return [None if np.isnan(v) else round(float(v), 3) for v in values]

    result: dict[str, list[Any]] = {"weeks": [int(w) for w in rel]}
    for metric in METRICS:
        participants = np.full(len(rel), np.nan)
        blocks_t = [block for block in weekly_t[metric] if len(block)]
        if blocks_t:
            t = np.concatenate(blocks_t)
            known = (~np.isnan(t)).sum(axis=0)
            with warnings.catch_warnings():  # a week nobody has reached yet: NaN, said as "—"
                warnings.simplefilter("ignore", RuntimeWarning)
                participants = np.where(known >= impact.MIN_UNITS, np.nanmean(t, axis=0), np.nan)
        comparison = np.full(len(rel), np.nan)
        blocks = [(c, w) for c, w in weekly_c[metric] if len(c)]
        if blocks:
            c = np.concatenate([b for b, _w in blocks])
            w = np.concatenate([w for _b, w in blocks])
            mask = ~np.isnan(c)
            total = (mask * w[:, None]).sum(axis=0)
            with np.errstate(invalid="ignore", divide="ignore"):
                comparison = np.where(
                    (total > 0) & (mask.sum(axis=0) >= impact.MIN_UNITS),
                    (np.nan_to_num(c) * w[:, None]).sum(axis=0) / total,
                    np.nan,
                )
        result[f"{metric}_participants"] = rounded(participants)
        result[f"{metric}_comparison"] = rounded(comparison)
    result["participants"] = result[f"{HEADLINE}_participants"]
    result["comparison"] = result[f"{HEADLINE}_comparison"]
    return result


# --- words -----------------------------------------------------------------------------------------


def _number(value: float, digits: int = 1) -> str:
    """A number as the active language writes it (decimal comma in French), with a true minus sign."""
    text = formats.number_format(round(value, digits), digits, use_l10n=True)
    return "\u2212" + text[1:] if text.startswith("-") else text


def _reason_text(code: str, *, treated: int = 0, control: int = 0, weeks: int = 0) -> str:
    if code == "none":
        return _("No enrolled ambassador's attendance has been recorded as present yet.")
    if code == "too_early":
        return ngettext(
            "It is too early: at least %(needed)s full weeks after the training are needed "
            "(%(weeks)s week so far).",
            "It is too early: at least %(needed)s full weeks after the training are needed "
            "(%(weeks)s weeks so far).",
            weeks,
        ) % {"needed": MIN_WEEKS_AFTER, "weeks": weeks}
    if code == impact.TOO_FEW:
        return _(
            "Too few people to compare: at least %(min)s participants and %(min)s comparable colleagues "
            "not yet trained are needed (here %(treated)s and %(control)s)."
        ) % {"min": impact.MIN_UNITS, "treated": treated, "control": control}
    return _(
        "The participants and the colleagues not yet trained were too unlike before the training to be "
        "compared fairly."
    )


def _metric_impact(metric: str, estimate: impact.Estimate, gathered: _Gathered) -> MetricImpact:
    # The metric's own group sizes (followers: only people with a counted account); participants that no
    # colleague could be matched to are still counted as participants when nobody could be.
    reason = (
        _reason_text(
            estimate.reason,
            treated=estimate.treated_n or gathered.eligible_n,
            control=estimate.control_n,
        )
        if estimate.reason
        else None
    )
    # A group of fewer than MIN_UNITS people: its means would be one or two people's figures.
    shown = estimate.treated_n >= impact.MIN_UNITS and estimate.control_n >= impact.MIN_UNITS
    return MetricImpact(
        metric=metric,
        label=str(METRIC_LABELS[metric]),
        effect=estimate.effect,
        low=estimate.low,
        high=estimate.high,
        ratio=estimate.ratio,
        treated_before=estimate.treated_before if shown else None,
        treated_after=estimate.treated_after if shown else None,
        control_before=estimate.control_before if shown else None,
        control_after=estimate.control_after if shown else None,
        ratio_low=estimate.ratio_low,
        ratio_high=estimate.ratio_high,
        reason=reason,
        significant=estimate.significant,
    )


def _sentence(after: str, headline: MetricImpact, treated: int, control: int) -> str:
    values = {"after": after, "treated": treated, "control": control}
    if headline.effect is None or headline.low is None or headline.high is None:
        return _("%(after)s, no impact can be measured: %(reason)s") % {
            "after": after,
            "reason": headline.reason or "",
        }
    if not headline.significant:
        return _(
            "%(after)s, the %(treated)s participants show no measurable difference in shares, compared with "
            "%(control)s comparable colleagues not yet trained (95%% confidence interval of the weekly "
            "difference: %(low)s to %(high)s)."
        ) % {**values, "low": _number(headline.low, 2), "high": _number(headline.high, 2)}
    ratio_clear = (
        headline.ratio is not None
        and headline.ratio_low is not None
        and headline.ratio_high is not None
        and (headline.ratio_low > 1 or headline.ratio_high < 1)
    )
    if ratio_clear and headline.ratio is not None and headline.ratio >= 1:
        return _(
            "%(after)s, the %(treated)s participants share %(ratio)s times more than before, compared "
            "with %(control)s comparable colleagues not yet trained (95%% confidence interval: "
            "%(low)s to %(high)s)."
        ) % {
            **values,
            "ratio": _number(headline.ratio),
            "low": _number(headline.ratio_low or 0),
            "high": _number(headline.ratio_high or 0),
        }
    if ratio_clear and headline.ratio is not None:
        return _(
            "%(after)s, the %(treated)s participants share less than before (%(ratio)s times as much), "
            "compared with %(control)s comparable colleagues not yet trained (95%% confidence "
            "interval: %(low)s to %(high)s)."
        ) % {
            **values,
            "ratio": _number(headline.ratio),
            "low": _number(headline.ratio_low or 0),
            "high": _number(headline.ratio_high or 0),
        }
    if headline.effect > 0:
        return _(
            "%(after)s, the %(treated)s participants share %(effect)s more per week than before, "
            "compared with %(control)s comparable colleagues not yet trained (95%% confidence "
            "interval: %(low)s to %(high)s)."
        ) % {
            **values,
            "effect": _number(headline.effect, 2),
            "low": _number(headline.low, 2),
            "high": _number(headline.high, 2),
        }
    return _(
        "%(after)s, the %(treated)s participants share %(effect)s fewer per week than before, compared with "
        "%(control)s comparable colleagues not yet trained (95%% confidence interval: %(low)s to %(high)s)."
    ) % {
        **values,
        "effect": _number(-headline.effect, 2),
        "low": _number(-headline.high, 2),
        "high": _number(-headline.low, 2),
    }


def _result(
    gathered: _Gathered, *, subject: str, after: str, kind: str, pk: int, training_date: date | None
) -> ImpactResult:
    metrics = [_metric_impact(metric, estimate, gathered) for metric, estimate in gathered.estimates.items()]
    if gathered.reason:
        reason: str | None = _reason_text(gathered.reason, weeks=gathered.weeks_after)
        sentence = _("%(after)s, no impact can be measured: %(reason)s") % {"after": after, "reason": reason}
    else:
        headline = next(m for m in metrics if m.metric == HEADLINE)
        reason = headline.reason
        sentence = _sentence(after, headline, gathered.treated_n, gathered.control_n)
    return ImpactResult(
        subject=subject,
        treated_n=gathered.treated_n,
        control_n=gathered.control_n,
        metrics=metrics,
        reason=reason,
        sentence=sentence,
        weekly=gathered.weekly,
        notes=gathered.notes,
        training_date=training_date,
        kind=kind,
        pk=pk,
        weeks_after=gathered.weeks_after,
    )


def _cached(key: str, build: Any) -> ImpactResult:
    result: ImpactResult | None = cache.get(key)
    if result is None:
        result = build()
        cache.set(key, result, CACHE_SECONDS)
    return result


def _stamp(organisation: Organisation, since: date, subject: Q) -> str:
    """Changes when what the result is made of changes, so that it shows at once: attendance anywhere in the
    organisation (a colleague trained elsewhere leaves the comparison group), ambassadors (joined, withdrew),
    and the participants' rollups read since `since` (activity, checklist, follower counts; `subject` filters
    the registrations of the session or track). Five aggregate queries, on indexes: the participants'
    rollups only, because summing the whole organisation's would cost as much as half the computation
    (bench/impact.py); a change in the comparison colleagues' rollups shows within CACHE_SECONDS.
    """
    registrations = Registration.objects.filter(session__organisation=organisation).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    ambassadors = Ambassador.objects.filter(organisation=organisation).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    participants = _present(organisation).filter(subject).values("person__ambassador__id")
    activity = ActivityDay.objects.filter(ambassador_id__in=participants, day__gte=since).aggregate(
        n=Count("id"), shares=Sum("shares"), clicks=Sum("human_clicks")
    )
    checklist = ChecklistTick.objects.filter(ambassador_id__in=participants).aggregate(
        n=Count("id"), last=Max("done_at")
    )
    followers = FollowerCount.objects.filter(
        account__ambassador_id__in=participants, counted_on__gte=since
    ).aggregate(n=Count("id"), last=Max("counted_on"), total=Sum("followers"))
    parts = [registrations, ambassadors, activity, checklist, followers]
    text = "|".join(",".join(str(value) for value in part.values()) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def impact_for_session(*, session: TrainingSession, language: str, today: date | None = None) -> ImpactResult:
    organisation = session.organisation
    today = today or timezone.localdate(timezone=organisation_zone(organisation))
    since = _monday(_local_date(session.starts_at, organisation)) - timedelta(weeks=WEEKS_BEFORE)
    stamp = _stamp(organisation, since, Q(session=session))
    key = f"training-impact:session:{session.pk}:{language}:{today}:{stamp}"

    def build() -> ImpactResult:
        with translation.override(language):
            training_date = _local_date(session.starts_at, organisation)
            phrase = AFTER_SESSION.get(
                TrainingSession.Kind(session.kind), AFTER_SESSION[TrainingSession.Kind.WORKSHOP]
            )
            after = str(phrase) % {
                "date": formats.date_format(
                    training_date, "j F Y" if training_date.year != today.year else "j F"
                )
            }
            gathered = _estimate(organisation, _session_participants(session), today)
            return _result(
                gathered,
                subject=session.title,
                after=after,
                kind="session",
                pk=session.pk,
                training_date=training_date,
            )

    return _cached(key, build)


def impact_for_track(*, track: Track, language: str, today: date | None = None) -> ImpactResult:
    organisation = track.programme.organisation
    today = today or timezone.localdate(timezone=organisation_zone(organisation))
    first_session = TrainingSession.objects.filter(track=track).aggregate(first=Min("starts_at"))["first"]
    since = (
        _monday(_local_date(first_session, organisation)) - timedelta(weeks=WEEKS_BEFORE)
        if first_session is not None
        else today
    )
    stamp = _stamp(organisation, since, Q(session__track=track))
    key = f"training-impact:track:{track.pk}:{language}:{today}:{stamp}"

    def build() -> ImpactResult:
        with translation.override(language):
            after = _("After the track “%(name)s”") % {"name": track.name}
            participants = _track_participants(track, organisation)
            gathered = _estimate(organisation, participants, today)
            first = min((p.trained_on for p in participants), default=None)
            return _result(
                gathered, subject=track.name, after=after, kind="track", pk=track.pk, training_date=first
            )

    return _cached(key, build)


def impacts_for_period(
    *,
    organisation: Organisation,
    start: date,
    end: date,
    entity: Entity | None = None,
    language: str,
    today: date | None = None,
) -> list[ImpactResult]:
    """The impact of every session that ended in the period (inclusive) with recorded attendance; with an
    entity, the sessions some of whose participants belong to it."""
    zone = organisation_zone(organisation)
    since = timezone.make_aware(datetime.combine(start, datetime.min.time()), zone)
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), datetime.min.time()), zone)
    present = Registration.objects.filter(attendance=Registration.Attendance.PRESENT)
    if entity is not None:
        present = present.filter(person__entity=entity)
    sessions = (
        TrainingSession.objects.filter(
            organisation=organisation,
            cancelled_at__isnull=True,
            ends_at__gte=since,
            ends_at__lt=until,
            pk__in=present.values("session_id"),
        )
        .select_related("organisation")
        .order_by("starts_at", "pk")
    )
    return [impact_for_session(session=session, language=language, today=today) for session in sessions]
