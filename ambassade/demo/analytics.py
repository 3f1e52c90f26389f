"""Demo step (after all the others): the analytics rollups and the pages' follower history.

`DailyOutcome` is rebuilt from the demo's applications and introductions by the real rollup. The LinkedIn
pages of the main entity and of one subsidiary get a daily follower history over the last 14 months: slow
growth before the programme's launch, exactly +185 followers on the main page in the two months after it
(the figure of seed 000), then a steadier pace.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Min

from ambassade.ambassadors.programme import programme_get
from ambassade.analytics.models import PageFollowerCount
from ambassade.analytics.rollup import outcomes_rollup
from ambassade.careers.models import Application
from ambassade.demo.generate import DemoContext
from ambassade.orgs.models import Entity
from ambassade.referrals.models import Introduction

HISTORY_DAYS = 430
LAUNCH_GAIN = 185  # followers gained by the main page in the two months after the launch
LAUNCH_WINDOW_DAYS = 61  # the launch day and the 60 days after it
DEFAULT_LAUNCH_DAYS_AGO = 182


def _first_day(context: DemoContext) -> date:
    firsts = [
        Application.objects.filter(organisation=context.organisation).aggregate(first=Min("created_at"))[
            "first"
        ],
        Introduction.objects.filter(organisation=context.organisation).aggregate(first=Min("created_at"))[
            "first"
        ],
    ]
    days = [moment.date() for moment in firsts if moment is not None]
    return min(days, default=context.today) - timedelta(days=1)


def _spread(context: DemoContext, total: int, days: int) -> list[int]:
    """`total` followers spread over `days` days, more at the start (the launch's momentum)."""
    weights = [2.0 if index < days // 3 else 1.0 for index in range(days)]
    gains = [0] * days
    for index in context.rng.choices(range(days), weights=weights, k=total):
        gains[index] += 1
    return gains


def _page_rows(
    context: DemoContext, entity: Entity, *, start: int, launch: date, before: float, after: float, burst: int
) -> list[PageFollowerCount]:
    first = context.today - timedelta(days=HISTORY_DAYS)
    window = _spread(context, burst, LAUNCH_WINDOW_DAYS)
    rows = []
    total = start
    for offset in range(HISTORY_DAYS + 1):
        day = first + timedelta(days=offset)
        since_launch = (day - launch).days
        if 0 <= since_launch < LAUNCH_WINDOW_DAYS:
            gain = window[since_launch]
        else:
            rate = before if since_launch < 0 else after
            gain = sum(1 for _try in range(4) if context.rng.random() < rate / 4)
        total += gain
        visitors = context.rng.randint(12, 40) + (25 if 0 <= since_launch < LAUNCH_WINDOW_DAYS else 0)
        rows.append(
            PageFollowerCount(
                organisation=context.organisation,
                entity=entity,
                network="linkedin",
                day=day,
                followers=total,
                new_followers=gain,
                unique_visitors=visitors,
                source=PageFollowerCount.Source.IMPORT,
            )
        )
    return rows


def analytics_create(context: DemoContext) -> None:
    organisation = context.organisation
    outcomes_rollup(organisation=organisation, start=_first_day(context), end=context.today)
    launch = programme_get(organisation=organisation).launched_on or (
        context.today - timedelta(days=DEFAULT_LAUNCH_DAYS_AGO)
    )
    entities = Entity.objects.filter(organisation=organisation).order_by("pk")
    main = entities.filter(parent__isnull=True).first()
    if main is None:
        return
    rows = _page_rows(context, main, start=2350, launch=launch, before=0.8, after=1.2, burst=LAUNCH_GAIN)
    subsidiary = entities.filter(parent=main).first()
    if subsidiary is not None:
        rows += _page_rows(context, subsidiary, start=410, launch=launch, before=0.2, after=0.4, burst=48)
    PageFollowerCount.objects.filter(organisation=organisation).delete()
    PageFollowerCount.objects.bulk_create(rows, batch_size=1000)
