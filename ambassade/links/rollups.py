"""Roll clicks up into the tables the dashboards read (they never scan raw clicks).

Where cells are dense: per link and day (with the link's dimensions copied: organisation, channel,
campaign, entity, job), per ambassador and month, and one running counter per ambassador.

Clicks are taken in batches by id from a watermark. Each batch adds its counts and moves the watermark
in one transaction, holding the watermark's row lock (SELECT ... FOR UPDATE; on SQLite the write lock
taken at BEGIN IMMEDIATE) and moving it by compare-and-swap. So a run can be repeated, run in parallel
with another, or interrupted between batches, and no click is counted twice or skipped.

A click is rolled up only once it is `settle` old, stopping at the first younger one: on PostgreSQL ids
are drawn before commit, so a click with a smaller id may become visible after a larger one; by then it
is younger than `settle`, and the batch stops before it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from ambassade.links.models import (
    AmbassadorCounter,
    AmbassadorMonthlyRollup,
    Click,
    LinkDailyRollup,
    RollupWatermark,
)

WATERMARK = "clicks"
BATCH_SIZE = 2000
SETTLE = timedelta(seconds=10)

_CLICK_FIELDS = (
    "id",
    "occurred_at",
    "reason",
    "link_id",
    "link__organisation_id",
    "link__channel",
    "link__campaign_id",
    "link__entity_id",
    "link__job_id",
    "link__job__entity_id",
    "link__ambassador_id",
)


class RollupConflict(Exception):
    """The watermark moved under us: the batch is rolled back (and will be taken by whoever moved it)."""


@dataclass(frozen=True)
class RollupResult:
    clicks: int
    batches: int


def clicks_roll_up(
    *,
    batch_size: int = BATCH_SIZE,
    now: datetime | None = None,
    settle: timedelta = SETTLE,
    max_batches: int | None = None,
) -> RollupResult:
    RollupWatermark.objects.get_or_create(name=WATERMARK)
    horizon = (now or timezone.now()) - settle
    clicks = batches = 0
    while max_batches is None or batches < max_batches:
        done = _batch_roll_up(batch_size=batch_size, horizon=horizon)
        if done == 0:
            break
        clicks += done
        batches += 1
    return RollupResult(clicks=clicks, batches=batches)


def watermark_lock() -> RollupWatermark:
    """Take the rollups' lock until the end of the current transaction."""
    RollupWatermark.objects.get_or_create(name=WATERMARK)
    return RollupWatermark.objects.select_for_update().get(name=WATERMARK)


@transaction.atomic
def _batch_roll_up(*, batch_size: int, horizon: datetime) -> int:
    watermark = watermark_lock()
    rows = Click.objects.filter(id__gt=watermark.last_click_id).order_by("id").values(*_CLICK_FIELDS)
    settled = []
    for row in rows[:batch_size]:
        if row["occurred_at"] >= horizon:
            break
        settled.append(row)
    if not settled:
        return 0
    _daily_add(settled)
    _ambassadors_add(settled)
    moved = RollupWatermark.objects.filter(pk=watermark.pk, last_click_id=watermark.last_click_id).update(
        last_click_id=settled[-1]["id"]
    )
    if moved != 1:
        raise RollupConflict
    return len(settled)


def _day(moment: datetime) -> date:
    return timezone.localdate(moment)


def _daily_add(rows: list[dict[str, Any]]) -> None:
    humans: Counter[tuple[int, date]] = Counter()
    drops: dict[tuple[int, date], Counter[str]] = defaultdict(Counter)
    dimensions: dict[tuple[int, date], dict[str, Any]] = {}
    for row in rows:
        key = (row["link_id"], _day(row["occurred_at"]))
        if row["reason"]:
            drops[key][row["reason"]] += 1
        else:
            humans[key] += 1
        dimensions.setdefault(key, row)
    existing = {
        (rollup.link_id, rollup.day): rollup
        for rollup in LinkDailyRollup.objects.filter(
            link_id__in={link for link, _ in dimensions}, day__in={day for _, day in dimensions}
        )
    }
    changed, new = [], []
    for key, row in dimensions.items():
        rollup = existing.get(key)
        if rollup is None:
            rollup = LinkDailyRollup(
                link_id=key[0],
                day=key[1],
                organisation_id=row["link__organisation_id"],
                channel=row["link__channel"],
                campaign_id=row["link__campaign_id"],
                entity_id=row["link__entity_id"] or row["link__job__entity_id"],
                job_id=row["link__job_id"],
                drops={},
            )
            new.append(rollup)
        else:
            changed.append(rollup)
        rollup.human_clicks += humans[key]
        merged = Counter(rollup.drops)
        merged.update(drops[key])
        rollup.drops = dict(sorted(merged.items()))
    LinkDailyRollup.objects.bulk_update(changed, ["human_clicks", "drops"], batch_size=500)
    LinkDailyRollup.objects.bulk_create(new, batch_size=500)


def _ambassadors_add(rows: list[dict[str, Any]]) -> None:
    monthly: Counter[tuple[int, date]] = Counter()
    totals: Counter[int] = Counter()
    for row in rows:
        ambassador = row["link__ambassador_id"]
        if ambassador is None or row["reason"]:
            continue
        monthly[(ambassador, _day(row["occurred_at"]).replace(day=1))] += 1
        totals[ambassador] += 1
    if not totals:
        return
    months = {
        (rollup.ambassador_id, rollup.month): rollup
        for rollup in AmbassadorMonthlyRollup.objects.filter(
            ambassador_id__in=totals, month__in={month for _, month in monthly}
        )
    }
    new_months = []
    for key, count in monthly.items():
        if key in months:
            months[key].human_clicks += count
        else:
            new_months.append(AmbassadorMonthlyRollup(ambassador_id=key[0], month=key[1], human_clicks=count))
    AmbassadorMonthlyRollup.objects.bulk_update(months.values(), ["human_clicks"], batch_size=500)
    AmbassadorMonthlyRollup.objects.bulk_create(new_months, batch_size=500)
    counters = {c.ambassador_id: c for c in AmbassadorCounter.objects.filter(ambassador_id__in=totals)}
    new_counters = []
    for ambassador, count in totals.items():
        if ambassador in counters:
            counters[ambassador].human_clicks += count
        else:
            new_counters.append(AmbassadorCounter(ambassador_id=ambassador, human_clicks=count))
    AmbassadorCounter.objects.bulk_update(counters.values(), ["human_clicks"], batch_size=500)
    AmbassadorCounter.objects.bulk_create(new_counters, batch_size=500)
