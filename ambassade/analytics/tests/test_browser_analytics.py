"""The programme overview in a real Chromium, in French and in English: an HR admin opens the dashboard,
sees the charts drawn, changes the period, and downloads a chart's figures as CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ambassade.analytics.models import DailyOutcome, PageFollowerCount
from ambassade.analytics.tests.support import snapshot_make
from ambassade.orgs.models import Membership
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "fr": {"title": "Vue d'ensemble du programme", "header": ["Canal", "Clics humains", "Candidatures"]},
    "en": {"title": "Programme overview", "header": ["Channel", "Human clicks", "Applications"]},
}


@pytest.fixture
def live_world(transactional_db) -> World:
    world = world_create()
    today = timezone.localdate()
    for offset in range(0, 120, 7):
        day = today - timedelta(days=offset)
        snapshot_make(world.organisation, day=day, department=world.unit, staff=10, enrolled=6, active=4)
        PageFollowerCount.objects.create(
            organisation=world.organisation,
            entity=world.hq,
            network="linkedin",
            day=day,
            followers=900 - offset,
        )
    DailyOutcome.objects.create(
        organisation=world.organisation,
        day=today - timedelta(days=3),
        entity=world.hq,
        channel="linkedin",
        applications=7,
        hires=2,
    )
    DailyOutcome.objects.create(
        organisation=world.organisation,
        day=today - timedelta(days=80),
        entity=world.hq,
        channel="x",
        applications=3,
    )
    return world


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_admin_reads_the_overview_changes_the_period_and_downloads_a_csv(
    page, live_server, live_world, language: str
) -> None:
    Membership.objects.filter(user=live_world.users["admin"]).update(language=language)
    texts = TEXTS[language]
    sign_in(page, "admin", PASSWORD)

    page.goto("/analytics/")
    expect(page.locator("h1")).to_have_text(texts["title"])
    expect(page.locator('#figures article[data-figure="applications"] strong')).to_have_text("7")
    expect(page.locator("#followers-chart canvas")).to_have_count(1)
    expect(page.locator("#adoption-chart")).to_have_attribute("data-points", "10")

    # A longer period: the application of 80 days ago counts too.
    today = timezone.localdate()
    page.locator("#id_from").fill((today - timedelta(days=99)).isoformat())
    page.locator("#id_to").fill(today.isoformat())
    page.locator("#period-submit").click()
    expect(page.locator('#figures article[data-figure="applications"] strong')).to_have_text("10")

    with page.expect_download() as download_info:
        page.locator('#by-channel-section a[data-export="by-channel.csv"]').click()
    download = download_info.value
    assert download.suggested_filename == f"by-channel_{today - timedelta(days=99)}_{today}.csv"
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][:3] == texts["header"]
    assert [row[0] for row in rows[1:]] == ["LinkedIn", "X"]
    assert page.console_errors == []
