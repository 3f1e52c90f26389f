"""Recognition in a real Chromium: my impact and the leaderboard in French and English; an HR admin's
adjustment with its reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ambassade.ambassadors.models import Ambassador, PointsEntry
from ambassade.ambassadors.share_clicks import share_clicks_credit
from ambassade.ambassadors.tests.recognition_support import clicks_make, share_make
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create
from ambassade.testing.programme import ambassador_enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_world(transactional_db) -> World:
    return world_create()


@pytest.fixture
def ambassador(live_world: World) -> Ambassador:
    ambassador = ambassador_enrol(
        live_world.people["employee"], at=timezone.now() - timedelta(days=20), leaderboard_opt_in=True
    )
    share = share_make(ambassador, at=timezone.now() - timedelta(days=3))
    clicks_make(
        share.link, at=timezone.now() - timedelta(days=2), humans=3, drops={"bot": 4, "self_click": 1}
    )
    share_clicks_credit()
    return ambassador


def test_an_opted_in_ambassador_sees_points_level_badges_and_the_leaderboard_in_both_languages(
    page, ambassador
) -> None:
    sign_in(page, "employee", PASSWORD)
    page.goto("/recognition/")

    expect(page.locator("h1")).to_have_text("Mon impact")
    expect(page.locator("#my-points")).to_have_text("10")
    expect(page.locator("#impact-figures")).to_contain_text("3 clics humains")
    expect(page.locator("#my-level")).to_contain_text("Curieux·se")
    expect(page.locator("#my-level")).to_contain_text("40 points pour atteindre le niveau Relais.")
    earned = page.locator('#my-badges [data-badge="first_click"]')
    expect(earned).to_contain_text("Premier visiteur")
    expect(earned).to_contain_text("Obtenu le")
    expect(page.locator("#ledger")).to_contain_text("Premier clic humain sur un partage")
    expect(page.locator("#impact-chart canvas")).to_have_count(1)

    page.goto("/recognition/leaderboard/")
    expect(page.locator("h1")).to_have_text("Classement")
    expect(page.locator("#people-board tr.me")).to_contain_text("Émile Employé")
    expect(page.locator("#opt-in-note")).to_contain_text("Vous avez choisi d'apparaître ici")

    page.get_by_role("button", name="Switch to English").click()
    expect(page.locator("h1")).to_have_text("Leaderboard")
    expect(page.locator("#people-board tr.me")).to_contain_text("10")
    page.locator("#id_period").select_option("all")
    page.locator("form.period button").click()
    expect(page.locator("#people-board tr.me")).to_contain_text("Émile Employé")

    page.goto("/recognition/")
    expect(page.locator("h1")).to_have_text("My impact")
    expect(page.locator('#my-badges [data-badge="first_share"]')).to_contain_text("First share")
    expect(page.locator("#my-level")).to_contain_text("40 points to reach the level Relais.")
    expect(page.locator("#ledger")).to_contain_text("First human click on a share")
    expect(page.locator("#impact-chart canvas")).to_have_count(1)
    assert page.console_errors == []


def test_an_hr_admin_adjusts_points_with_a_reason_and_the_row_appears(page, ambassador) -> None:
    sign_in(page, "admin", PASSWORD)
    page.goto(f"/recognition/ambassadors/{ambassador.pk}/points/")
    expect(page.locator("h1")).to_have_text("Points de Émile Employé")

    page.locator("#id_points").fill("12")
    page.locator("#adjust-form button[type=submit]").click()
    expect(page.locator("#adjust-form .field-error")).to_have_text("Ce champ est obligatoire.")
    assert not PointsEntry.objects.filter(reason=PointsEntry.Reason.ADJUSTMENT).exists()
    # The refused form answers 400, which the browser reports on its console: that one is expected.
    assert [error for error in page.console_errors if "400 (Bad Request)" not in error] == []
    page.console_errors.clear()

    page.locator("#id_note").fill("Animation du stand au forum")
    page.locator("#adjust-form button[type=submit]").click()

    expect(page.locator(".messages")).to_contain_text("+12 points enregistrés pour Émile Employé.")
    row = page.locator("#ledger tbody tr").first
    expect(row).to_contain_text("Ajustement manuel")
    expect(row).to_contain_text("Animation du stand au forum")
    expect(row).to_contain_text("+12")
    entry = PointsEntry.objects.get(reason=PointsEntry.Reason.ADJUSTMENT)
    assert (entry.points, entry.author.username if entry.author else None) == (12, "admin")

    page.get_by_role("button", name="Switch to English").click()
    expect(page.locator("h1")).to_have_text("Points of Émile Employé")
    expect(page.locator("#ledger tbody tr").first).to_contain_text("Manual adjustment")
    assert page.console_errors == []
