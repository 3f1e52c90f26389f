"""Demo step "training impact": after the training step has recorded who attended the past sessions, the
participants of the main past workshop share more after it (about 1.6 to 2 times their level before, as
trained ambassadors typically do), so that its impact page shows a clear positive effect. The other past
sessions are left as they are: their pages honestly show no measurable difference.

Runs after ambassade/demo/training.py (its past sessions with present participants) and after the
programme step (the ActivityDay rollup it raises).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Q

from ambassade.ambassadors.models import ActivityDay, Ambassador
from ambassade.demo.generate import DemoContext
from ambassade.orgs.models import organisation_zone
from ambassade.training.impact_data import MIN_WEEKS_AFTER, WEEKS_AFTER, WEEKS_BEFORE
from ambassade.training.models import Registration, TrainingSession

FACTOR_LOW, FACTOR_HIGH = 1.6, 2.0  # each participant's own rise after the workshop
# A participant who barely shared before still gets a small level to rise from (shares per day: about one
# share a month, so that the group's rise stays near FACTOR_LOW–FACTOR_HIGH rather than being made of them).
FLOOR_SHARES_PER_DAY = 0.03
# An extra share brings the human clicks the participant's shares usually bring (their own rate before the
# workshop, or the programme's when they had none; at least MIN_CLICKS_PER_SHARE).
MIN_CLICKS_PER_SHARE = 1.0


def main_past_workshop(context: DemoContext) -> TrainingSession | None:
    """The past workshop with the most participants recorded present, far enough in the past for an
    impact to be measured (at least MIN_WEEKS_AFTER full weeks after it)."""
    zone = organisation_zone(context.organisation)
    candidates = (
        TrainingSession.objects.filter(organisation=context.organisation, cancelled_at__isnull=True)
        .annotate(present=Count("registrations", filter=Q(registrations__attendance="present")))
        .filter(present__gt=0)
        .order_by("-present", "starts_at", "pk")
    )
    latest = context.today - timedelta(weeks=MIN_WEEKS_AFTER + 1, days=context.today.weekday())
    found = [s for s in candidates if s.starts_at.astimezone(zone).date() < latest]
    workshops = [s for s in found if s.kind == TrainingSession.Kind.WORKSHOP]
    chosen = workshops or found
    return chosen[0] if chosen else None


def _poisson(rng: object, mean: float) -> int:
    """A Poisson draw from `context.rng` (random.Random has none): count the unit-rate arrivals."""
    count, total = 0, rng.expovariate(1.0)  # type: ignore[attr-defined]
    while total < mean:
        count += 1
        total += rng.expovariate(1.0)  # type: ignore[attr-defined]
    return count


def training_impact_create(context: DemoContext) -> None:
    session = main_past_workshop(context)
    if session is None:
        return
    rng = context.rng
    zone = organisation_zone(context.organisation)
    training_day = session.starts_at.astimezone(zone).date()
    monday = training_day - timedelta(days=training_day.weekday())
    before_start = monday - timedelta(weeks=WEEKS_BEFORE)
    after_start = monday + timedelta(weeks=1)
    after_end = min(monday + timedelta(weeks=WEEKS_AFTER + 1), context.today)
    ambassador_ids = list(
        Ambassador.objects.filter(
            organisation=context.organisation,
            status=Ambassador.Status.ENROLLED,
            person__training_registrations__session=session,
            person__training_registrations__attendance=Registration.Attendance.PRESENT,
        ).values_list("pk", flat=True)
    )
    if not ambassador_ids:
        return
    rows = {
        (row.ambassador_id, row.day): row
        for row in ActivityDay.objects.filter(
            ambassador_id__in=ambassador_ids, day__gte=before_start, day__lt=after_end
        )
    }
    shares_before: dict[int, int] = defaultdict(int)
    clicks_before: dict[int, int] = defaultdict(int)
    for (ambassador_id, day), row in rows.items():
        if day < monday:
            shares_before[ambassador_id] += row.shares
            clicks_before[ambassador_id] += row.human_clicks
    total_shares = sum(shares_before.values())
    usual_rate = sum(clicks_before.values()) / total_shares if total_shares else 2.0
    days_before = (monday - before_start).days
    changed: list[ActivityDay] = []
    created: list[ActivityDay] = []
    for ambassador_id in sorted(ambassador_ids):
        level = max(shares_before[ambassador_id] / days_before, FLOOR_SHARES_PER_DAY)
        extra_per_day = level * (rng.uniform(FACTOR_LOW, FACTOR_HIGH) - 1)
        own = shares_before[ambassador_id]
        clicks_per_share = max(
            clicks_before[ambassador_id] / own if own else usual_rate, MIN_CLICKS_PER_SHARE
        )
        current = after_start
        while current < after_end:
            extra = _poisson(rng, extra_per_day)
            if extra:
                clicks = _poisson(rng, extra * clicks_per_share)
                existing = rows.get((ambassador_id, current))
                if existing is None:
                    created.append(
                        ActivityDay(
                            ambassador_id=ambassador_id, day=current, shares=extra, human_clicks=clicks
                        )
                    )
                else:
                    existing.shares += extra
                    existing.human_clicks += clicks
                    changed.append(existing)
            current += timedelta(days=1)
    ActivityDay.objects.bulk_update(changed, ["shares", "human_clicks"], batch_size=1000)
    ActivityDay.objects.bulk_create(created, batch_size=1000)
    latest: dict[int, date] = {}
    for new_row in created:
        latest[new_row.ambassador_id] = max(new_row.day, latest.get(new_row.ambassador_id, new_row.day))
    ambassadors = list(Ambassador.objects.filter(pk__in=latest))
    for ambassador in ambassadors:
        if ambassador.last_active_on is None or latest[ambassador.pk] > ambassador.last_active_on:
            ambassador.last_active_on = latest[ambassador.pk]
    Ambassador.objects.bulk_update(ambassadors, ["last_active_on"], batch_size=500)
