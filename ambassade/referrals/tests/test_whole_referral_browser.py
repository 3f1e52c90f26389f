"""The whole social-referral path in a real Chromium, as seed 004 tells it: an employee introduces a
contact (French), the contact confirms from the e-mail's link and applies, the recruiter moves them to
hired and thanks the introducer (English), the introducer sees the status and the points, orders a T-shirt
from the catalogue, and the HR admin approves it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from ambassade.ambassadors.models import PointsEntry
from ambassade.careers.tests.application_factories import offer_create
from ambassade.referrals.models import Introduction
from ambassade.rewards.models import RewardRequest
from ambassade.rewards.tests.support import enrolled, item_make
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = re.compile(r"http\S+/introduction/[^/\s]+/(?=\s)")


@pytest.fixture
def live_world(transactional_db, settings, tmp_path, live_server) -> Iterator[World]:
    settings.SITE_URL = live_server.url  # the e-mail's links lead to the test server
    settings.MEDIA_ROOT = tmp_path
    yield world_create()


def _sign_out(page) -> None:
    page.context.clear_cookies()


def test_an_introduction_goes_from_the_employee_to_a_hire_then_to_a_t_shirt(
    page, live_world: World, smtp_inbox
) -> None:
    offer = offer_create(live_world.hq, title="Technicienne réseaux")
    employee = enrolled(live_world.people["employee"])
    tshirt = item_make(
        live_world.organisation, name="T-shirt", cost=150, stock=10, handed_out_by=live_world.people["comms"]
    )

    # 1. The employee introduces a contact, in French, from the Referral menu.
    sign_in(page, "employee", PASSWORD)
    page.locator(".main-menu summary", has_text="Recommandation").click()
    page.get_by_role("link", name="Présenter un contact").click()
    page.locator("#id_offer").select_option(str(offer.pk))
    page.get_by_label("Nom de votre contact").fill("Nadia Réseau")
    page.get_by_label("Son adresse e-mail").fill("nadia@example.net")
    page.get_by_label("Ancien collègue").check()
    page.get_by_role("button", name="Présenter", exact=True).click()
    expect(page.locator("#introduction-status")).to_have_text("En attente de la réponse de votre contact")
    introduction = Introduction.objects.get()
    _sign_out(page)

    # 2. The contact confirms from the e-mail (French) and applies without a CV.
    assert [message["To"] for message in smtp_inbox.messages] == ["nadia@example.net"]
    link = ANSWER.search(smtp_inbox.bodies()[0])
    assert link is not None
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Émile Employé")
    page.locator("#id_consent").check()
    page.locator("#answer-form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Merci")
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.CONFIRMED and introduction.application is not None
    application = introduction.application

    # 3. The recruiter, in English, sees who introduced the candidate, moves them to hired and thanks.
    sign_in(page, "recruiter", PASSWORD)
    page.goto(f"/applications/{application.pk}/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("#introduction-section .introduced-by")).to_contain_text(
        "Introduced by Émile Employé"
    )
    page.locator("#id_stage").select_option("hired")
    page.get_by_role("button", name="Move").click()
    expect(page.locator("#current-stage")).to_have_text("Hired")
    page.get_by_label("Your message to the introducer").fill("Merci pour cette belle rencontre !")
    page.get_by_role("button", name="Thank the introducer").click()
    expect(page.locator("#thanked")).to_be_visible()
    _sign_out(page)

    # The introducer was told by e-mail: the new status and the thanks, nothing about the candidate.
    to_employee = [
        body
        for message, body in zip(smtp_inbox.messages, smtp_inbox.bodies(), strict=True)
        if message["To"] == live_world.people["employee"].email
    ]
    assert any("Merci pour cette belle rencontre" in body for body in to_employee)
    assert all("nadia@example.net" not in body for body in to_employee)

    # 4. The introducer sees "hired", the new-changes marker, and 25 + 50 + 100 points.
    sign_in(page, "employee", PASSWORD)
    expect(page.locator(".main-menu .badge")).to_be_visible()
    page.goto("/referrals/introductions/")
    row = page.locator(f'#introductions tr[data-introduction="{introduction.pk}"]')
    expect(row.locator(".introduction-status")).to_contain_text("Recruté·e")
    assert PointsEntry.objects.filter(ambassador=employee, reason="introduction").count() == 3
    page.goto("/recognition/")
    expect(page.locator("#my-points")).to_have_text("175")

    # 5. They order a T-shirt for 150 of their 175 points.
    page.goto("/rewards/")
    page.locator(f'[data-item="{tshirt.pk}"]').get_by_role("button", name="Demander").click()
    page.get_by_label("Note pour l'équipe RH").fill("Taille S")
    page.get_by_role("button", name="Dépenser 150 points et la demander").click()
    expect(page.locator("#spendable-points")).to_have_text("25")
    expect(page.locator("#lifetime-points")).to_have_text("175")
    request = RewardRequest.objects.get()
    _sign_out(page)

    # 6. The HR admin approves it; the employee sees it approved.
    sign_in(page, "admin", PASSWORD)
    page.goto("/rewards/requests/")
    page.locator(f'#requests tr[data-request="{request.pk}"]').get_by_role("button", name="Approuver").click()
    expect(page.locator(f'#requests tr[data-request="{request.pk}"]')).to_contain_text("Approuvée")
    _sign_out(page)
    sign_in(page, "employee", PASSWORD)
    page.goto("/rewards/mine/")
    expect(page.locator("#my-requests tbody tr").first).to_contain_text("Approuvée")
    assert page.console_errors == []
