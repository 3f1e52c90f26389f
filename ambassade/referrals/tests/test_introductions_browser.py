"""An introduction in a real Chromium: the employee introduces a contact from the menu (French pages),
the contact opens the link of the e-mail that arrived through SMTP (English pages, the language the
employee chose for them), confirms and applies without a CV, and the employee sees it confirmed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from ambassade.careers.models import Application
from ambassade.careers.tests.application_factories import offer_create
from ambassade.referrals.models import Introduction
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = re.compile(r"http\S+/introduction/[^/\s]+/(?=\s)")


@pytest.fixture
def live_world(transactional_db, settings, tmp_path, live_server) -> Iterator[World]:
    settings.SITE_URL = live_server.url  # the e-mail's links lead to the test server
    settings.MEDIA_ROOT = tmp_path
    yield world_create()


def test_an_employee_introduces_a_contact_who_confirms_and_applies_from_the_e_mail(
    page, live_world: World, smtp_inbox
) -> None:
    offer = offer_create(live_world.hq, title="Chargé de communication")

    # The employee introduces a contact from the menu; the pages speak French.
    sign_in(page, "employee", PASSWORD)
    page.locator(".main-menu summary", has_text="Recommandation").click()
    page.get_by_role("link", name="Présenter un contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Présenter un contact")
    expect(page.locator("#introduction-principles")).to_contain_text(
        "Une mise en relation, pas une recommandation."
    )
    page.locator("#id_offer").select_option(str(offer.pk))
    page.get_by_label("Nom de votre contact").fill("Claire Contact")
    page.get_by_label("Son adresse e-mail").fill("claire@example.net")
    page.get_by_label("Ancien collègue").check()
    page.get_by_label("En quelques mots (facultatif)").fill("Agence de Lyon, 2019–2022")
    page.get_by_label("Langue du message").select_option("en")
    page.get_by_role("button", name="Présenter", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(
        "Claire Contact va recevoir un e-mail de Région Exemple"
    )
    expect(page.locator("#introduction-status")).to_have_text("En attente de la réponse de votre contact")
    page.get_by_role("button", name="Se déconnecter").click()

    # The contact reads the e-mail, in English, and opens its link.
    assert len(smtp_inbox.messages) == 1
    body = smtp_inbox.bodies()[0]
    assert body.startswith("Hello Claire Contact,")
    assert "This is an introduction, not an endorsement" in body
    link = ANSWER.search(body)
    assert link is not None
    page.context.clear_cookies()
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Émile Employé introduced you to Région Exemple"
    )
    expect(page.locator("#introduction-for")).to_contain_text("Chargé de communication (en)")
    expect(page.get_by_label("First name")).to_have_value("Claire")
    expect(page.get_by_label("E-mail")).to_have_value("claire@example.net")
    expect(page.locator("#answer-form")).to_contain_text("erased 3 months after the decision")
    page.get_by_role("button", name="Confirm and send my application").click()  # consent is never implied
    expect(page.locator("#answer-form")).to_contain_text("Tick this box")
    assert not Application.objects.exists()
    assert [error for error in page.console_errors if "400" not in error] == []  # that refusal is a 400
    page.console_errors.clear()
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Confirm and send my application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your application is sent")
    introduction = Introduction.objects.get()
    assert introduction.status == Introduction.Status.CONFIRMED
    assert introduction.application is not None and introduction.application.cv.name == ""

    # The link is used up now.
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Already answered")

    # The employee sees it confirmed, in French, then in English.
    page.context.clear_cookies()
    sign_in(page, "employee", PASSWORD)
    page.goto("/referrals/introductions/")
    row = page.locator(f'#introductions tr[data-introduction="{introduction.pk}"]')
    expect(row.locator(".introduction-status")).to_contain_text("Confirmée")
    expect(row.locator(".new-mark")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(row.locator(".introduction-status")).to_contain_text("Confirmed: your contact applied")
    assert page.console_errors == []
