"""Response times: median and 90th percentile of first-response and resolution times per person,
channel and period, on the metrics page with its chart's table."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ambassade.inbox import selectors, services
from ambassade.inbox.models import Conversation
from ambassade.inbox.tests.support import ask_create

pytestmark = pytest.mark.django_db


def _answered(
    world, *, arrived: datetime, hours: float, by: str, close_after: float | None = None
) -> Conversation:
    conversation = ask_create(world.hq, email=f"c{arrived.timestamp()}@example.net")
    Conversation.objects.filter(pk=conversation.pk).update(
        created_at=arrived, due_at=arrived + timedelta(hours=24)
    )
    conversation.refresh_from_db()
    services.reply_record(
        actor=world.users[by], conversation=conversation, body="Réponse", at=arrived + timedelta(hours=hours)
    )
    if close_after is not None:
        Conversation.objects.filter(pk=conversation.pk).update(
            status="closed", resolved_at=arrived + timedelta(hours=close_after), resolved_by=world.users[by]
        )
    return conversation


def test_medians_and_90th_percentiles_per_person_channel_and_month(world) -> None:
    march = timezone.make_aware(datetime(2026, 3, 2, 9))
    april = timezone.make_aware(datetime(2026, 4, 6, 9))
    for hours in (1, 2, 3, 4, 10):
        _answered(world, arrived=march, hours=hours, by="comms", close_after=hours + 1)
    _answered(world, arrived=april, hours=6, by="recruiter")
    metrics = selectors.inbox_metrics(
        membership=world.users["admin"].membership,
        since=timezone.make_aware(datetime(2026, 1, 1)),
        until=timezone.make_aware(datetime(2026, 6, 1)),
    )
    periods = {row.key: row for row in metrics["period"]}
    assert (periods["2026-03"].first_response.median_hours, periods["2026-03"].first_response.p90_hours) == (
        3,
        10,
    )
    assert (periods["2026-03"].resolution.median_hours, periods["2026-03"].resolution.count) == (4, 5)
    assert periods["2026-04"].resolution.count == 0 and periods["2026-04"].resolution.median_hours is None
    people = {row.label: row for row in metrics["person"]}
    assert people["Comms"].first_response.count == 5 and people["Recruiter"].first_response.median_hours == 6
    [channel] = metrics["channel"]
    assert (channel.key, channel.conversations) == ("ask", 6)


def test_weeks_are_iso_weeks(world) -> None:
    _answered(world, arrived=timezone.make_aware(datetime(2026, 3, 2, 9)), hours=1, by="comms")
    metrics = selectors.inbox_metrics(
        membership=world.users["admin"].membership,
        since=timezone.make_aware(datetime(2026, 1, 1)),
        until=timezone.make_aware(datetime(2026, 6, 1)),
        period="week",
    )
    assert [row.key for row in metrics["period"]] == ["2026-W10"]


def test_the_metrics_page_shows_the_table_the_chart_reads(world, login) -> None:
    _answered(world, arrived=timezone.now() - timedelta(days=3), hours=2, by="comms")
    page = login("recruiter").get(reverse("inbox_metrics") + "?period=week").content.decode()
    assert 'id="metrics-period"' in page and 'data-value="2.0"' in page and 'id="inbox-chart"' in page


def test_a_bad_period_range_is_refused_naming_the_field(world, login) -> None:
    response = login("admin").get(reverse("inbox_metrics") + "?since=2026-05-01&until=2026-04-01")
    assert response.status_code == 400
