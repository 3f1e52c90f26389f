"""The demo's analytics: outcomes rolled up from the demo's applications, and +185 page followers in the
two months after the launch."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from django.contrib.auth.hashers import make_password

from ambassade.ambassadors.programme import programme_get
from ambassade.analytics.models import DailyOutcome, PageFollowerCount
from ambassade.analytics.overview import Period, overview_get
from ambassade.analytics.tests.support import application_make
from ambassade.demo.analytics import analytics_create
from ambassade.demo.generate import DemoContext

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


def _context(world) -> DemoContext:
    context = DemoContext(organisation=world.organisation, password_hash=make_password(None), today=TODAY)
    context.reseed("analytics")
    return context


def test_the_demo_rolls_up_outcomes_and_shows_185_followers_in_two_months_after_the_launch(world):
    programme = programme_get(organisation=world.organisation)
    launch = TODAY - timedelta(days=182)
    programme.launched_on = launch
    programme.save()
    application_make(world.hq, on=TODAY - timedelta(days=40), channel="linkedin")

    started = time.monotonic()
    analytics_create(_context(world))
    elapsed = time.monotonic() - started

    assert elapsed < 3
    assert DailyOutcome.objects.filter(organisation=world.organisation).count() == 1
    pages = set(PageFollowerCount.objects.values_list("entity__name", flat=True).distinct())
    assert pages == {"Siège", "Filiale Sud"}
    oldest = PageFollowerCount.objects.order_by("day").first()
    assert oldest is not None and oldest.day <= TODAY - timedelta(days=365)
    overview = overview_get(
        organisation=world.organisation,
        period=Period(launch, launch + timedelta(days=60)),
        names_allowed=True,
    )
    assert overview.followers_gained["LinkedIn · Siège"] == 185


def test_the_demo_draws_the_same_history_every_time(world):
    analytics_create(_context(world))
    first = list(PageFollowerCount.objects.order_by("entity", "day").values_list("followers", flat=True))

    analytics_create(_context(world))

    assert (
        list(PageFollowerCount.objects.order_by("entity", "day").values_list("followers", flat=True)) == first
    )
