"""Adoption snapshots: anonymous daily counts (staff, invited, enrolled, active) per entity, department
and audience, which the adoption curve reads ("42 of 180 active after 15 days").

A day's counts come from the people's records, the ambassadors' invitation dates, their consent history
(append-only, so whether someone was enrolled on a past day is known) and their daily activity. A daily
job writes today's rows so far; `adoption_snapshots_backfill` fills the days since the launch that have
none (the demo uses it, and the job mends gaps after downtime).

A day's rows are final once they were written after that day: rows written during the day are taken
again, once, by the first run of the next day (`adoption_days_settle`; a day with rows for the day after
it is settled). After that they never change, even when someone withdraws and their daily activity is
deleted: they name nobody. A withdrawal settles the finished days first, for the same reason.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from ambassade.ambassadors.models import ActivityDay, AdoptionSnapshot, Ambassador, ConsentRecord
from ambassade.ambassadors.programme import programme_get
from ambassade.orgs.models import Organisation, Person

GroupKey = tuple[int, int | None, int | None]  # entity, department, audience


@dataclass
class _Someone:
    key: GroupKey
    active_from: date | None
    leaves_on: date | None  # first day no longer on staff (None: still there)
    on_staff_today: bool


@dataclass
class _Ambassador:
    invited_on: date | None
    left_on: date | None
    consent_days: list[date] = field(default_factory=list)
    consent_given: list[bool] = field(default_factory=list)
    activity_days: list[date] = field(default_factory=list)

    def enrolled_on(self, day: date) -> bool:
        index = bisect_right(self.consent_days, day)
        if index == 0 or not self.consent_given[index - 1]:
            return False
        return self.left_on is None or self.left_on > day

    def joined_by(self, day: date) -> bool:
        return bisect_right(self.consent_days, day) > 0

    def active_on(self, day: date, period_days: int) -> bool:
        start = day - timedelta(days=period_days - 1)
        index = bisect_left(self.activity_days, start)
        return index < len(self.activity_days) and self.activity_days[index] <= day


def _local_day(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def _people(organisation: Organisation) -> dict[int, _Someone]:
    rows = Person.objects.filter(organisation=organisation).values_list(
        "pk", "entity_id", "department_id", "audience_id", "active_from", "is_active", "deactivated_at"
    )
    people = {}
    for pk, entity, department, audience, active_from, is_active, deactivated_at in rows:
        if is_active:
            leaves_on = None
        else:
            # Deactivated: gone from the day after; with no date known, not counted at all.
            day = _local_day(deactivated_at)
            leaves_on = day + timedelta(days=1) if day is not None else date.min
        people[pk] = _Someone((entity, department, audience), active_from, leaves_on, is_active)
    return people


def _ambassadors(organisation: Organisation) -> dict[int, _Ambassador]:
    found: dict[int, _Ambassador] = {}
    by_id: dict[int, _Ambassador] = {}
    rows = Ambassador.objects.filter(organisation=organisation).values_list(
        "pk", "person_id", "invited_at", "left_at"
    )
    for pk, person_id, invited_at, left_at in rows:
        record = _Ambassador(invited_on=_local_day(invited_at), left_on=_local_day(left_at))
        found[person_id] = record
        by_id[pk] = record
    consents = ConsentRecord.objects.filter(ambassador__organisation=organisation).order_by("at", "pk")
    for ambassador_id, action, at in consents.values_list("ambassador_id", "action", "at"):
        record = by_id[ambassador_id]
        record.consent_days.append(timezone.localtime(at).date())
        record.consent_given.append(action == ConsentRecord.Action.GIVEN)
    days = ActivityDay.objects.filter(ambassador__organisation=organisation).order_by("day")
    for ambassador_id, day in days.values_list("ambassador_id", "day"):
        by_id[ambassador_id].activity_days.append(day)
    return found


def _on_staff(someone: _Someone, day: date, today: date) -> bool:
    if day >= today:
        return someone.on_staff_today
    if someone.active_from is not None and someone.active_from > day:
        return False
    return someone.leaves_on is None or someone.leaves_on > day


def _counts(
    *,
    day: date,
    today: date,
    people: dict[int, _Someone],
    ambassadors: dict[int, _Ambassador],
    period_days: int,
) -> dict[GroupKey, list[int]]:
    """{group: [staff, invited, enrolled, active]} on `day`."""
    counts: dict[GroupKey, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for person_id, someone in people.items():
        if not _on_staff(someone, day, today):
            continue
        row = counts[someone.key]
        row[0] += 1
        ambassador = ambassadors.get(person_id)
        if ambassador is None:
            continue
        if ambassador.enrolled_on(day):
            row[2] += 1
            if ambassador.active_on(day, period_days):
                row[3] += 1
        elif (
            ambassador.invited_on is not None
            and ambassador.invited_on <= day
            and not ambassador.joined_by(day)
            and (ambassador.left_on is None or ambassador.left_on > day)
        ):
            row[1] += 1
    return counts


def _rows(organisation: Organisation, day: date, counts: dict[GroupKey, list[int]]) -> list[AdoptionSnapshot]:
    return [
        AdoptionSnapshot(
            organisation=organisation,
            day=day,
            entity_id=entity,
            department_id=department,
            audience_id=audience,
            staff=staff,
            invited=invited,
            enrolled=enrolled,
            active=active,
        )
        for (entity, department, audience), (staff, invited, enrolled, active) in counts.items()
    ]


def adoption_snapshot_take(*, organisation: Organisation, day: date | None = None) -> int:
    """Replace the organisation's snapshot rows of `day` (today by default). Returns the rows written."""
    today = timezone.localdate()
    day = day or today
    period = programme_get(organisation=organisation).active_period_days
    counts = _counts(
        day=day,
        today=today,
        people=_people(organisation),
        ambassadors=_ambassadors(organisation),
        period_days=period,
    )
    rows = _rows(organisation, day, counts)
    with transaction.atomic():
        AdoptionSnapshot.objects.filter(organisation=organisation, day=day).delete()
        AdoptionSnapshot.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def adoption_start(*, organisation: Organisation) -> date | None:
    """The programme's launch date, else the day of its first invitation or consent."""
    programme = programme_get(organisation=organisation)
    if programme.launched_on is not None:
        return programme.launched_on
    moments = [
        Ambassador.objects.filter(organisation=organisation, invited_at__isnull=False)
        .order_by("invited_at")
        .values_list("invited_at", flat=True)
        .first(),
        ConsentRecord.objects.filter(ambassador__organisation=organisation)
        .order_by("at")
        .values_list("at", flat=True)
        .first(),
    ]
    days = [day for day in (_local_day(moment) for moment in moments) if day is not None]
    return min(days) if days else None


def adoption_snapshots_backfill(*, organisation: Organisation, until: date | None = None) -> int:
    """Fill every day from the launch to `until` (today by default) that has no snapshot yet (and, when
    it writes today's first rows, settle yesterday's). Returns the number of days written."""
    today = timezone.localdate()
    until = min(until or today, today)
    start = adoption_start(organisation=organisation)
    if start is None or start > until:
        return 0
    done = set(
        AdoptionSnapshot.objects.filter(organisation=organisation, day__gte=start, day__lte=until)
        .values_list("day", flat=True)
        .distinct()
    )
    missing = [
        start + timedelta(days=offset)
        for offset in range((until - start).days + 1)
        if start + timedelta(days=offset) not in done
    ]
    yesterday = today - timedelta(days=1)
    if today in missing and yesterday in done and yesterday >= start:
        missing.insert(len(missing) - 1, yesterday)  # settled now: see adoption_days_settle
    if not missing:
        return 0
    period = programme_get(organisation=organisation).active_period_days
    people = _people(organisation)
    ambassadors = _ambassadors(organisation)
    rows: list[AdoptionSnapshot] = []
    for day in missing:
        counts = _counts(day=day, today=today, people=people, ambassadors=ambassadors, period_days=period)
        rows.extend(_rows(organisation, day, counts))
    with transaction.atomic():
        # Another run may have filled some of these days meanwhile: replace rather than double.
        AdoptionSnapshot.objects.filter(organisation=organisation, day__in=missing).delete()
        AdoptionSnapshot.objects.bulk_create(rows, batch_size=1000)
    return len(missing)


def _has_rows(organisation: Organisation, day: date) -> bool:
    return AdoptionSnapshot.objects.filter(organisation=organisation, day=day).exists()


def adoption_days_settle(*, organisation: Organisation) -> bool:
    """Make yesterday's rows final, once: the first time this runs on a day (no rows for today yet),
    yesterday's rows, which may have been written while yesterday was still going on, are taken again,
    then today's so far (which marks yesterday as settled). Later runs the same day change no past day.
    Returns whether it wrote anything."""
    today = timezone.localdate()
    start = adoption_start(organisation=organisation)
    if start is None or start > today or _has_rows(organisation, today):
        return False
    if start < today:
        adoption_snapshot_take(organisation=organisation, day=today - timedelta(days=1))
    adoption_snapshot_take(organisation=organisation, day=today)
    return True


def adoption_snapshots_daily(*, organisation: Organisation) -> None:
    """The daily job for one organisation: settle yesterday (once), today's counts so far, any gap."""
    today = timezone.localdate()
    start = adoption_start(organisation=organisation)
    if start is None or start > today:
        return
    if not adoption_days_settle(organisation=organisation):
        adoption_snapshot_take(organisation=organisation, day=today)
    adoption_snapshots_backfill(organisation=organisation, until=today)
