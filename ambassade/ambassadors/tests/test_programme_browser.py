"""Enrolment in a real Chromium: an HR admin invites, the e-mail arrives through SMTP, the person opens
the link, reads what is collected and why, consents, and ticks a checklist item; in French, and in
English for a newcomer who has no account yet."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from ambassade.ambassadors.models import Ambassador, ChecklistTick, ConsentRecord
from ambassade.orgs.models import Membership
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, person_create, world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"http\S+/programme/join/\S+/")


@pytest.fixture
def live_world(transactional_db, settings, live_server) -> Iterator[World]:
    settings.SITE_URL = live_server.url  # invitation links lead to the test server
    yield world_create()


def _sign_in_here(page, username: str, password: str) -> None:
    """Sign in on the login page the browser is on (keeping its `next`)."""
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def test_an_invited_employee_joins_with_consent_and_ticks_a_checklist_item(
    page, live_world, smtp_inbox
) -> None:
    employee = live_world.people["employee"]
    sign_in(page, "admin", PASSWORD)
    page.goto(f"/programme/invite/?person={employee.pk}")
    expect(page.locator("#invitation-preview")).to_contain_text("Vous allez inviter Émile Employé")
    page.get_by_role("button", name="Envoyer les invitations").click()
    expect(page.locator("#invitation-report")).to_contain_text("1 invitation envoyée")
    page.get_by_role("button", name="Se déconnecter").click()

    assert len(smtp_inbox.messages) == 1
    body = smtp_inbox.bodies()[0]
    assert body.startswith("Bonjour Émile,")
    link = LINK.search(body)
    assert link is not None

    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rejoindre le programme ambassadeurs")
    consent = page.locator("#consent-text")
    expect(consent).to_contain_text("Ce qui est collecté")
    expect(consent).to_contain_text("Les managers ne voient que des totaux")
    page.get_by_role("button", name="Rejoindre le programme").click()  # consent is never implied
    assert Ambassador.objects.get(person=employee).status == "invited"
    page.get_by_label("J'ai lu ce qui est collecté et pourquoi").check()
    page.get_by_role("button", name="Rejoindre le programme").click()

    expect(page.locator(".messages")).to_contain_text("Connectez-vous pour compléter votre profil")
    _sign_in_here(page, "employee", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil d'ambassadeur")
    ambassador = Ambassador.objects.get(person=employee)
    assert ambassador.status == "enrolled"
    assert ConsentRecord.objects.get(ambassador=ambassador).language == "fr"

    checklist = page.locator("#checklist-linkedin")
    expect(checklist).to_contain_text("0 sur 7 faits")
    checklist.get_by_label("Une photo professionnelle").check()
    expect(page.locator("#checklist-linkedin")).to_contain_text("1 sur 7 faits")
    expect(page.locator("#completion")).to_have_text("14 %")
    page.locator("#checklist-linkedin").get_by_text("Comment faire").nth(6).click()
    expect(page.locator("#checklist-linkedin")).to_contain_text("C'est votre choix, et il le reste")
    assert ChecklistTick.objects.filter(ambassador=ambassador, network="linkedin", item="photo").exists()
    assert page.console_errors == []


def test_a_newcomer_without_an_account_joins_in_english_and_chooses_a_password(
    page, live_world, smtp_inbox
) -> None:
    newcomer = person_create(
        live_world.hq, live_world.unit, first_name="Ines", last_name="Newcomer", email="ines@example.org"
    )
    sign_in(page, "comms", PASSWORD)
    page.goto(f"/programme/invite/?person={newcomer.pk}")
    page.get_by_role("button", name="Envoyer les invitations").click()
    expect(page.locator("#invitation-report")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()
    link = LINK.search(smtp_inbox.bodies()[0])
    assert link is not None

    page.goto(link.group(0))
    page.get_by_role("button", name="Switch to English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the ambassador programme")
    expect(page.locator("#consent-text")).to_contain_text("What is never collected")
    expect(page.locator("main")).to_contain_text("If you have no account yet, one is created for you")
    page.get_by_label("I have read what is collected and why").check()
    page.get_by_role("button", name="Join the programme").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    page.locator("#id_new_password1").fill("A-solid-sentence-2026")
    page.locator("#id_new_password2").fill("A-solid-sentence-2026")
    page.get_by_role("button", name="Save my password").click()
    membership = Membership.objects.select_related("user").get(person=newcomer)
    assert membership.language == "en" and membership.user.username == "ines@example.org"

    sign_in(page, "ines@example.org", "A-solid-sentence-2026")
    expect(page.locator("#programme-card")).to_contain_text("You are an ambassador")
    page.locator("#programme-card").get_by_role("button", name="My ambassador profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My ambassador profile")

    x_card = page.locator("#network-x")
    x_card.get_by_label("X profile").fill("@a_name_far_too_long")
    x_card.get_by_role("button", name="Save").click()
    expect(page.locator("#network-x .field-error")).to_contain_text("X: enter your handle")
    page.locator("#network-x").get_by_label("X profile").fill("@ines_new")
    page.locator("#network-x").get_by_role("button", name="Save").click()
    expect(page.locator("#network-x header")).to_contain_text("@ines_new")

    page.locator("#checklist-linkedin").get_by_label("A clear headline").check()
    expect(page.locator("#checklist-linkedin")).to_contain_text("1 of 7 done")
    expect(page.locator("#checklist-x")).to_contain_text("0 of 3 done")
    ambassador = Ambassador.objects.get(person=newcomer)
    assert list(ChecklistTick.objects.filter(ambassador=ambassador).values_list("item", flat=True)) == [
        "headline"
    ]
    # The one 400 is the refused handle's page (invalid forms answer 400); nothing else went wrong.
    assert [error for error in page.console_errors if "status of 400" not in error] == []
    assert len(page.console_errors) == 1
