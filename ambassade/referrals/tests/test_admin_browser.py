"""The management side in a real Chromium: a recruiter thanks an introducer from the pipeline; an HR
admin sees why points were held and credits them."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ambassade.ambassadors.models import PointsEntry
from ambassade.referrals.models import PointsHold
from ambassade.referrals.tests.crediting_factories import confirm, introduce, move
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create
from ambassade.testing.programme import ambassador_enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("REFERRAL_SCREENSHOTS", "")  # a folder: screenshots for a person to look at


@pytest.fixture
def live_world(transactional_db) -> World:
    return world_create()


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_a_recruiter_sees_who_introduced_a_candidate_and_thanks_them(page, live_world: World) -> None:
    introduction = confirm(introduce(live_world))
    move(live_world, introduction, "interview")
    sign_in(page, "recruiter", PASSWORD)
    page.goto(reverse("application_board", args=[introduction.offer_id]))
    expect(page.locator(".introduced-by")).to_contain_text("Présenté·e par Émile Employé")
    _shot(page, "board")
    page.locator(".introduced-by a").first.click()
    expect(page.locator("#introduction-section .introduced-by")).to_contain_text("Émile Employé")
    page.locator("#thank-message").fill("Merci Émile, belle rencontre !")
    _shot(page, "detail")
    page.locator("#thank-form button[type=submit]").click()
    expect(page.locator("#thanked")).to_be_visible()
    page.goto(reverse("referral_dashboard"))
    expect(page.locator("#confirmed-introductions")).to_contain_text("Remercié·e")
    expect(page.locator("#pending-counts")).not_to_contain_text("Alice")
    # The funnel is drawn from the count tables: one made, one confirmed, one at interview, none hired.
    expect(page.locator("#referral-funnel")).to_have_attribute("data-values", "1,1,1,0")
    expect(page.locator("#referral-funnel canvas")).to_be_visible()
    _shot(page, "dashboard")
    assert page.console_errors == []


def test_an_hr_admin_sees_why_points_were_held_and_credits_them(page, live_world: World) -> None:
    ambassador_enrol(live_world.people["employee"])
    introductions = [introduce(live_world) for _index in range(6)]
    confirm(introductions[0])
    assert not PointsEntry.objects.exists()
    sign_in(page, "admin", PASSWORD)
    page.goto(reverse("points_hold_list"))
    row = page.locator("#points-holds tbody tr").first
    expect(row).to_contain_text("Plus de mises en relation dans la journée que la limite")
    expect(row.locator(".hold-detail")).to_contain_text("6 mises en relation le")
    _shot(page, "holds")
    row.get_by_role("button", name="Créditer").click()
    expect(page.locator(".message-success")).to_contain_text("25 points crédités à Émile Employé")
    assert PointsHold.objects.get().status == "released"
    assert list(PointsEntry.objects.values_list("points", "author__username")) == [(25, "admin")]
    page.goto(reverse("referral_settings"))
    expect(page.locator("#id_cash_bonus_enabled")).not_to_be_checked()
    _shot(page, "settings")
    assert page.console_errors == []
