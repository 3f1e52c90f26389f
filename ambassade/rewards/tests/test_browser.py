"""The rewards catalogue in a real Chromium: an enrolled employee orders a T-shirt (French), an HR admin
approves it (English), and the employee sees the status, fewer points to spend and the same level."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ambassade.rewards.models import RewardRequest
from ambassade.rewards.tests.support import enrolled, item_make
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_world(transactional_db) -> World:
    return world_create()


def test_an_employee_orders_a_t_shirt_hr_approves_it_and_the_level_stays(
    page, live_world, smtp_inbox
) -> None:
    enrolled(live_world.people["employee"], points=160, at=timezone.now() - timedelta(days=10))
    tshirt = item_make(
        live_world.organisation,
        name="T-shirt",
        cost=120,
        stock=5,
        with_photo=True,
        handed_out_by=live_world.people["comms"],
        description="Coton bio, du XS au XXL",
    )
    item_make(live_world.organisation, name="iPad mini", cost=2500, stock=1)

    # The employee, in French: the catalogue, their points apart, and the order with a size.
    sign_in(page, "employee", PASSWORD)
    page.goto("/rewards/")
    expect(page.locator("h1")).to_have_text("Catalogue des récompenses")
    expect(page.locator("#spendable-points")).to_have_text("160")
    expect(page.locator("#lifetime-points")).to_have_text("160")
    expect(page.locator("#my-level-name")).to_have_text("Ambassadeur·rice")
    card = page.locator(f'[data-item="{tshirt.pk}"]')
    expect(card).to_contain_text("120 points")
    expect(card).to_contain_text("5 restants")
    expect(card.locator("img")).to_have_js_property("naturalWidth", 40)  # the photo is served
    expect(page.locator("#catalogue article", has_text="iPad mini")).to_contain_text("Pas assez de points")
    card.get_by_role("button", name="Demander").click()
    expect(page.locator("#request-summary")).to_contain_text("Vous avez 160 points disponibles.")
    page.get_by_label("Note pour l'équipe RH").fill("Taille M")
    page.get_by_role("button", name="Dépenser 120 points et la demander").click()
    expect(page.locator(".messages")).to_contain_text("Votre demande de «\u00a0T-shirt\u00a0» est envoyée")
    row = page.locator("#my-requests tbody tr").first
    expect(row).to_contain_text("Demandée")
    expect(row).to_contain_text("Taille M")
    expect(page.locator("#spendable-points")).to_have_text("40")
    request = RewardRequest.objects.get()
    page.context.clear_cookies()

    # The HR admin, in English: the requests to handle, and the approval.
    sign_in(page, "admin", PASSWORD)
    page.goto("/rewards/requests/")
    page.get_by_role("button", name="Switch to English").click()
    expect(page.locator("h1")).to_have_text("Reward requests")
    admin_row = page.locator(f'#requests tr[data-request="{request.pk}"]')
    expect(admin_row).to_contain_text("Émile Employé")
    expect(admin_row).to_contain_text("Taille M")
    admin_row.get_by_role("button", name="Approve").click()
    expect(page.locator(".messages")).to_contain_text("Request of Émile Employé for “T-shirt” approved.")
    expect(page.locator(f'#requests tr[data-request="{request.pk}"]')).to_contain_text("Approved")
    assert sorted(message["To"] for message in smtp_inbox.messages) == sorted(
        [live_world.people["employee"].email, live_world.people["comms"].email]
    )
    page.context.clear_cookies()

    # The employee sees the approval; points to spend went down, the level did not.
    sign_in(page, "employee", PASSWORD)
    page.goto("/rewards/mine/")
    expect(page.locator("#my-requests tbody tr").first).to_contain_text("Approuvée")
    expect(page.locator("#spendable-points")).to_have_text("40")
    expect(page.locator("#lifetime-points")).to_have_text("160")
    expect(page.locator("#my-level-name")).to_have_text("Ambassadeur·rice")
    page.goto("/recognition/")
    expect(page.locator("#my-points")).to_have_text("160")
    expect(page.locator("#my-spendable-points")).to_have_text("40")
    expect(page.locator("#my-level")).to_contain_text("Ambassadeur·rice")
    spending = page.locator("#ledger tbody tr").first
    expect(spending).to_contain_text("Récompense demandée")
    expect(spending).to_contain_text("T-shirt")
    expect(spending).to_contain_text("-120")
    assert page.console_errors == []
