"""The links screens in a real Chromium: the dashboard's chart, and creating a link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ambassade.links.models import Click, TrackedLink
from ambassade.links.rollups import clicks_roll_up
from ambassade.links.services import tracked_link_create
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_world(transactional_db) -> World:
    return world_create()


def test_the_dashboard_draws_its_chart_without_errors(page, live_world) -> None:
    link = tracked_link_create(
        actor=None, organisation=live_world.organisation, target_type="career_page", entity=live_world.hq,
        channel="linkedin", ambassador=live_world.people["employee"],
    )  # fmt: skip
    now = timezone.now()
    Click.objects.bulk_create(
        Click(link=link, occurred_at=now - timedelta(days=day, hours=1), visitor=f"{day}-{n}", reason=reason)
        for day in range(20)
        for n, reason in enumerate(["", "", "", "bot"][: 1 + day % 4])
    )
    clicks_roll_up()

    sign_in(page, "comms", PASSWORD)
    page.goto("/links/dashboard/")

    expect(page.locator("#clicks-chart canvas")).to_have_count(1)
    box = page.locator("#clicks-chart canvas").bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200
    expect(page.locator("main")).to_contain_text("Émile Employé")
    page.locator("#id_days").select_option("90")
    page.locator("form.period button").click()
    expect(page.locator("#clicks-chart canvas")).to_have_count(1)
    assert page.console_errors == []


def test_comms_create_a_link_for_an_ambassador_found_by_name(page, live_world) -> None:
    sign_in(page, "comms", PASSWORD)
    page.goto("/links/new/")
    page.locator("#id_target_type_1").check()  # the career site
    page.locator("#id_entity").select_option(label="Filiale Sud")
    page.locator("#id_channel").select_option("bluesky")
    page.locator("#ambassador-search").fill("Employ")
    expect(page.locator("#id_ambassador option")).to_have_count(2)
    page.locator("#id_ambassador").select_option(str(live_world.people["employee"].pk))
    page.locator("main form button[type=submit]").click()

    expect(page.locator("#short-url")).to_have_value(re.compile(r"/r/[A-Za-z0-9]{10}$"))
    link = TrackedLink.objects.get(channel="bluesky")
    assert page.locator("#short-url").input_value().endswith(f"/r/{link.code}")
    assert (link.entity, link.ambassador) == (live_world.subsidiary, live_world.people["employee"])
    qr = page.locator("img.qr")
    expect(qr).to_be_visible()
    assert page.evaluate("document.querySelector('img.qr').naturalWidth") > 100
    assert page.console_errors == []
