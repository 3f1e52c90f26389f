"""The DailyOutcome rollup: sources, hire days, time zone, idempotence, personal data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ambassade.analytics.models import DailyOutcome
from ambassade.analytics.rollup import outcomes_rollup, outcomes_rollup_recent
from ambassade.analytics.tests.support import application_make, introduction_make, link_make
from ambassade.careers.models import Application
from ambassade.core.personal_data import person_data_erase, person_data_export
from ambassade.links.models import Campaign

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


def _rows(world):
    return list(
        DailyOutcome.objects.filter(organisation=world.organisation)
        .order_by("day", "channel", "pk")
        .values(
            "day",
            "entity",
            "department",
            "channel",
            "campaign",
            "ambassador",
            "applications",
            "introductions",
            "hires",
        )
    )


def test_an_application_through_an_ambassadors_link_counts_for_their_channel_campaign_and_department(world):
    campaign = Campaign.objects.create(organisation=world.organisation, name="Printemps", slug="printemps")
    ambassador = world.people["employee"]
    link = link_make(world.organisation, ambassador=ambassador, channel="linkedin", campaign=campaign)
    application_make(world.hq, on=DAY, link=link)
    application_make(world.hq, on=DAY, link=link)
    application_make(world.subsidiary, on=DAY, channel="direct")

    outcomes_rollup(organisation=world.organisation, start=DAY, end=DAY)

    assert _rows(world) == [
        {
            "day": DAY,
            "entity": world.subsidiary.pk,
            "department": None,
            "channel": "direct",
            "campaign": None,
            "ambassador": None,
            "applications": 1,
            "introductions": 0,
            "hires": 0,
        },
        {
            "day": DAY,
            "entity": world.hq.pk,
            "department": world.unit.pk,
            "channel": "linkedin",
            "campaign": campaign.pk,
            "ambassador": ambassador.pk,
            "applications": 2,
            "introductions": 0,
            "hires": 0,
        },
    ]


def test_a_hire_counts_on_the_day_it_was_decided_not_the_day_of_the_application(world):
    link = link_make(world.organisation, ambassador=world.people["comms"], channel="x")
    application_make(world.hq, on=DAY, link=link, hired_on=DAY + timedelta(days=20))

    outcomes_rollup(organisation=world.organisation, start=DAY, end=DAY + timedelta(days=30))

    by_day = {row["day"]: (row["applications"], row["hires"]) for row in _rows(world)}
    assert by_day == {DAY: (1, 0), DAY + timedelta(days=20): (0, 1)}


def test_an_introduction_counts_for_its_introducer_and_their_department(world):
    introduction_make(world.hq, introducer=world.people["recruiter"], on=DAY)

    outcomes_rollup(organisation=world.organisation, start=DAY, end=DAY)

    (row,) = _rows(world)
    assert (row["channel"], row["department"], row["ambassador"], row["introductions"]) == (
        "introduction",
        world.other_service.pk,
        world.people["recruiter"].pk,
        1,
    )


def test_days_are_the_organisations_days_not_utc_days(world):
    world.organisation.time_zone = "Pacific/Auckland"
    world.organisation.save()
    application = application_make(world.hq, on=DAY)
    # 20:00 UTC on the 10th is already the 11th in Auckland.
    Application.objects.filter(pk=application.pk).update(created_at=datetime(2026, 3, 10, 20, tzinfo=UTC))

    outcomes_rollup(organisation=world.organisation, start=DAY, end=DAY + timedelta(days=1))

    assert [row["day"] for row in _rows(world)] == [DAY + timedelta(days=1)]


def test_running_the_rollup_twice_gives_the_same_rows_and_replaces_stale_ones(world):
    application = application_make(world.hq, on=DAY, channel="intranet")
    outcomes_rollup(organisation=world.organisation, start=DAY, end=DAY)
    first = _rows(world)

    outcomes_rollup(organisation=world.organisation, start=DAY, end=DAY)
    assert _rows(world) == first

    application.delete()
    outcomes_rollup(organisation=world.organisation, start=DAY, end=DAY)
    assert _rows(world) == []


def test_the_rollup_leaves_days_outside_its_range_alone(world):
    application_make(world.hq, on=DAY, channel="qr")
    application_make(world.hq, on=DAY + timedelta(days=5), channel="qr")
    outcomes_rollup(organisation=world.organisation, start=DAY, end=DAY + timedelta(days=5))
    Application.objects.all().delete()

    outcomes_rollup(
        organisation=world.organisation, start=DAY + timedelta(days=5), end=DAY + timedelta(days=5)
    )

    assert [row["day"] for row in _rows(world)] == [DAY]


def test_the_periodic_job_rebuilds_the_recent_days(world):
    application_make(world.hq, on=DAY - timedelta(days=3), channel="email")
    application_make(world.hq, on=DAY - timedelta(days=100), channel="email")

    outcomes_rollup_recent(today=DAY)

    assert [row["day"] for row in _rows(world)] == [DAY - timedelta(days=3)]


def test_the_command_rebuilds_from_a_given_day_and_names_a_bad_date(world):
    application_make(world.hq, on=date(2025, 1, 15), channel="email")
    out = StringIO()

    call_command("analytics_rollup", "--since", "2025-01-01", stdout=out, stderr=StringIO())

    assert out.getvalue().strip() == "1"
    assert [row["day"] for row in _rows(world)] == [date(2025, 1, 15)]
    with pytest.raises(CommandError, match="--since"):
        call_command("analytics_rollup", "--since", "15/01/2025", stdout=StringIO(), stderr=StringIO())


def test_erasing_an_ambassador_keeps_the_counts_without_their_name(world):
    ambassador = world.people["employee"]
    application_make(world.hq, on=DAY, link=link_make(world.organisation, ambassador=ambassador))
    outcomes_rollup(organisation=world.organisation, start=DAY, end=DAY)

    exported = person_data_export(person=ambassador)["analytics.DailyOutcome"]
    assert exported == [
        {"day": DAY, "channel": "linkedin", "applications": 1, "introductions": 0, "hires": 0}
    ]

    person_data_erase(person=ambassador)
    row = DailyOutcome.objects.get()
    assert (row.ambassador_id, row.applications) == (None, 1)
