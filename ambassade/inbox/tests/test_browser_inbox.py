"""The inbox in a real Chromium, in French and in English: a candidate asks a question on the career
site, a communication officer answers it with a canned answer and proposes it for the FAQ, an HR admin
approves it, and the question and answer appear on the career site's FAQ page in that language."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ambassade.inbox.models import CannedAnswer, Conversation, FaqEntry
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "fr": {
        "question": "Bonjour, je suis Léa Dupont (lea@example.net). Le télétravail est-il possible ?",
        "faq": "Le télétravail est-il possible ?",
        "canned": "Bonjour Léa, oui : deux jours par semaine.",
    },
    "en": {
        "question": "Hello, Sam Smith here (sam@example.net). Is remote work possible?",
        "faq": "Is remote work possible?",
        "canned": "Hello Sam, yes: two days a week.",
    },
}


@pytest.fixture
def live_world(transactional_db) -> World:
    world = world_create()
    world.hq.languages = ["fr", "en"]
    world.hq.save(update_fields=["languages"])
    CannedAnswer.objects.create(
        organisation=world.organisation,
        title="Télétravail / remote work",
        body_fr="Bonjour {first_name}, oui : deux jours par semaine.",
        body_en="Hello {first_name}, yes: two days a week.",
    )
    return world


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_question_is_answered_and_published_to_the_faq(
    page, chromium, live_server, live_world, smtp_inbox, language: str
) -> None:
    texts = TEXTS[language]
    site = f"/careers/{live_world.hq.slug}"
    suffix = "?lang=en" if language == "en" else ""

    # The candidate asks on the career site, in the site's language.
    page.goto(f"{site}/ask/{suffix}")
    page.locator("#id_name").fill("Léa Dupont" if language == "fr" else "Sam Smith")
    page.locator("#id_email").fill("lea@example.net" if language == "fr" else "sam@example.net")
    page.locator("#id_question").fill(texts["question"])
    page.locator("#id_consent").check()
    page.locator("#ask-send").click()
    expect(page.locator("#ask-thanks")).to_be_visible()
    conversation = Conversation.objects.get()
    assert conversation.language == language

    # A communication officer answers it with the canned answer, by e-mail.
    sign_in(page, "comms", PASSWORD)
    page.goto("/inbox/")
    page.locator(f'#conversations tr[data-conversation="{conversation.pk}"] a').click()
    expect(page.locator("#conversation-subject")).to_contain_text(texts["question"][:20])
    page.wait_for_load_state("load")
    page.locator("#canned-select").select_option(label="Télétravail / remote work")
    expect(page.locator("#reply-form textarea[name=body]")).to_have_value(texts["canned"])
    page.locator("#reply-send").click()
    expect(page.locator('#messages li[data-direction="out"]')).to_contain_text(texts["canned"])
    assert texts["canned"] in smtp_inbox.bodies()[-1]

    # ... and proposes it for the FAQ, rewriting the question without personal data.
    page.locator("#faq-propose").click()
    question = page.locator("#id_question")
    expect(question).not_to_have_value(texts["question"])  # the address and name are gone already
    assert "@" not in question.input_value()
    question.fill(texts["faq"])
    page.locator("#faq-send").click()
    entry = FaqEntry.objects.get()
    assert (entry.status, entry.language) == ("review", language)

    # The proposer cannot publish it; a second person, the HR admin, does.
    page.goto("/inbox/faq/")
    expect(page.locator(f'#faq-table tr[data-faq="{entry.pk}"] .faq-publish')).to_have_count(0)
    admin = chromium.new_context(base_url=live_server.url, locale="en-GB")
    admin_page = admin.new_page()
    sign_in(admin_page, "admin", PASSWORD)
    admin_page.goto("/inbox/faq/")
    admin_page.locator(f'#faq-table tr[data-faq="{entry.pk}"] .faq-publish').click()
    expect(admin_page.locator(f'#faq-table tr[data-faq="{entry.pk}"] .status-published')).to_be_visible()
    admin.close()

    # The candidate's site shows it, in that language only.
    page.goto(f"{site}/faq/{suffix}")
    expect(page.locator("#faq details summary")).to_have_text(texts["faq"])
    page.locator("#faq details summary").click()
    expect(page.locator("#faq details")).to_contain_text(texts["canned"])
    other = "" if language == "en" else "?lang=en"
    page.goto(f"{site}/faq/{other}")
    expect(page.locator("#faq details")).to_have_count(0)
    assert page.console_errors == []
