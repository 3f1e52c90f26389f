"""Building the `DailyOutcome` rollup from applications and introductions.

A day is a day of the organisation's time zone. `outcomes_rollup` replaces every row of the days it
covers in one transaction, so running it twice gives the same rows (idempotent); the periodic job runs
it for the recent days, `manage.py analytics_rollup --since` for any history.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from ambassade.analytics.models import DailyOutcome
from ambassade.careers.models import Application
from ambassade.orgs.models import Organisation, organisation_zone
from ambassade.referrals.models import Introduction

RECENT_DAYS = 60
INTRODUCTION_CHANNEL = "introduction"
BATCH_SIZE = 2000

# entity, department, channel, campaign, ambassador
Key = tuple[int, int | None, str, int | None, int | None]


def _bounds(organisation: Organisation, start: date, end: date) -> tuple[datetime, datetime]:
    zone = organisation_zone(organisation)
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def _application_key(row: dict[str, Any]) -> Key:
    if row["source_link_id"] is not None:
        return (
            row["entity_id"],
            row["source_link__ambassador__department_id"],
            row["source_link__channel"] or "",
            row["source_link__campaign_id"],
            row["source_link__ambassador_id"],
        )
    return (row["entity_id"], None, row["source_channel"] or "", None, None)


_APPLICATION_FIELDS = (
    "entity_id",
    "source_link_id",
    "source_link__channel",
    "source_link__campaign_id",
    "source_link__ambassador_id",
    "source_link__ambassador__department_id",
    "source_channel",
)


def outcomes_compute(
    *, organisation: Organisation, start: date, end: date
) -> dict[tuple[date, Key], Counter]:
    """Per (day, source): {"applications": n, "introductions": n, "hires": n}."""
    zone = organisation_zone(organisation)
    low, high = _bounds(organisation, start, end)
    totals: dict[tuple[date, Key], Counter] = {}

    def add(moment: datetime, key: Key, what: str) -> None:
        day = timezone.localtime(moment, zone).date()
        totals.setdefault((day, key), Counter())[what] += 1

    applications = Application.objects.filter(organisation=organisation)
    for row in applications.filter(created_at__gte=low, created_at__lt=high).values(
        "created_at", *_APPLICATION_FIELDS
    ):
        add(row["created_at"], _application_key(row), "applications")
    hired = applications.filter(stage=Application.Stage.HIRED, decided_at__gte=low, decided_at__lt=high)
    for row in hired.values("decided_at", *_APPLICATION_FIELDS):
        add(row["decided_at"], _application_key(row), "hires")
    introductions = Introduction.objects.filter(
        organisation=organisation, created_at__gte=low, created_at__lt=high
    )
    for row in introductions.values("created_at", "entity_id", "introducer_id", "introducer__department_id"):
        key = (
            row["entity_id"],
            row["introducer__department_id"],
            INTRODUCTION_CHANNEL,
            None,
            row["introducer_id"],
        )
        add(row["created_at"], key, "introductions")
    return totals


def outcomes_rollup(*, organisation: Organisation, start: date, end: date) -> int:
    """Replace the organisation's DailyOutcome rows from `start` to `end` (inclusive); returns the rows."""
    totals = outcomes_compute(organisation=organisation, start=start, end=end)
    rows = [
        DailyOutcome(
            organisation=organisation,
            day=day,
            entity_id=key[0],
            department_id=key[1],
            channel=key[2][:20],
            campaign_id=key[3],
            ambassador_id=key[4],
            applications=counts["applications"],
            introductions=counts["introductions"],
            hires=counts["hires"],
        )
        for (day, key), counts in sorted(totals.items(), key=lambda item: item[0][0])
    ]
    with transaction.atomic():
        DailyOutcome.objects.filter(organisation=organisation, day__gte=start, day__lte=end).delete()
        DailyOutcome.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


def outcomes_rollup_recent(*, today: date | None = None, days: int = RECENT_DAYS) -> int:
    """The periodic job: the last `days` days of every organisation (each in its own time zone)."""
    written = 0
    for organisation in Organisation.objects.all():
        end = today or timezone.localdate(timezone=organisation_zone(organisation))
        written += outcomes_rollup(organisation=organisation, start=end - timedelta(days=days - 1), end=end)
    return written
