"""From listening to the public FAQ in a real Chromium, in French and in English: a communication officer
adds a feed served from loopback, fetches it, sees a candidate's question and a praise post arrive enriched,
corrects a label with one click, finds the question in the inbox, records the reply made on the network and
proposes it for the FAQ; an HR admin approves and publishes it; the career site shows it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from ambassade.inbox.models import Conversation, FaqEntry
from ambassade.listening.models import LabelCorrection, Mention, Source
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# With TASKS_MODE=sync a correction retrains the heads within the request (in production: in the background).
RETRAIN_WAIT = 90_000

TEXTS = {
    "fr": {
        "question": "Est-ce que le télétravail est possible pour les postes de développeur ?",
        "details": "Je postule la semaine prochaine. Merci ! Karim (karim.b@example.net)",
        "praise": "Bravo à la Région Exemple : une équipe formidable, je recommande cette entreprise !",
        "stream": "Ce qui se dit de nous",
        "added": "Source « Veille emploi » ajoutée",
        "fetch": "Relever maintenant",
        "fetching": "« Veille emploi » est en cours de relev",
        "mentions": "ses mentions",
        "positive": "Positif",
        "praise_label": "Éloge",
        "culture": "#Culture d'entreprise",
        "saved": "Étiquette enregistrée : elle rejoint le jeu de référence.",
        "corrected": "corrigée par l'équipe",
        "inbox": "Boîte de réception des candidat·es",
        "answer": "Oui : deux jours de télétravail par semaine pour les développeurs, dès l'arrivée.",
        "recorded": "Réponse enregistrée.",
        "faq": "Le télétravail est-il possible pour les développeurs ?",
        "proposed": "Proposée pour la FAQ : une deuxième personne la relit avant publication.",
    },
    "en": {
        "question": "Is remote work possible for developer jobs?",
        "details": "I am applying next week. Thanks! Karim (karim.b@example.net)",
        "praise": "Congratulations to Example Region: a wonderful team, I recommend this employer!",
        "stream": "What is said about us",
        "added": "Source “Veille emploi” added",
        "fetch": "Fetch now",
        "fetching": "“Veille emploi” is being fetched",
        "mentions": "its mentions",
        "positive": "Positive",
        "praise_label": "Praise",
        "culture": "#Company culture",
        "saved": "Label saved: it joins the gold set.",
        "corrected": "corrected by the team",
        "inbox": "Candidate inbox",
        "answer": "Yes: developers work from home two days a week, from their first week.",
        "recorded": "Answer recorded.",
        "faq": "Is remote work possible for developers?",
        "proposed": "Proposed for the FAQ: a second person reviews it before publication.",
    },
}

EMPTY_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Veille emploi</title><link>https://www.google.com/alerts</link>
<description>Alertes</description></channel></rss>
"""

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Veille emploi</title>
  <link>https://www.google.com/alerts</link>
  <description>Alertes</description>
  <item>
    <guid>tag:forum.example.org,2026:thread-7</guid>
    <title>{question}</title>
    <link>https://forum.example.org/t/7</link>
    <description>{question} {details}</description>
    <pubDate>Mon, 16 Nov 2026 09:30:00 +0100</pubDate>
  </item>
  <item>
    <guid>tag:blog.example.fr,2026:post-3</guid>
    <link>https://blog.example.fr/post-3</link>
    <description>{praise}</description>
    <pubDate>Tue, 17 Nov 2026 11:00:00 +0100</pubDate>
  </item>
</channel></rss>
"""


class _Feed(ThreadingHTTPServer):
    body = EMPTY_FEED.encode()


class _FeedHandler(BaseHTTPRequestHandler):
    server: _Feed

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        body = self.server.body
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed() -> Iterator[_Feed]:
    server = _Feed(("127.0.0.1", 0), _FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def live_world(transactional_db, settings) -> World:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True  # the feed is served from loopback by the test
    settings.TASKS_MODE = "sync"
    from ambassade.listening import nlp

    nlp.enrich_full(["Réchauffement des modèles"])  # the default heads load once, before the clock of a click
    world = world_create()
    world.hq.languages = ["fr", "en"]
    world.hq.save(update_fields=["languages"])
    return world


def _switch_language(page, language: str) -> None:
    if language == "en":
        page.get_by_role("button", name="Switch to English").click()
        page.wait_for_load_state("load")


def _add_the_feed_and_fetch_it(page, feed: _Feed, texts: dict[str, str]) -> Source:
    page.goto("/listening/sources/")
    page.locator("#source-add select").select_option("feed")
    page.locator("#source-add button[type=submit]").click()
    page.locator("#id_name").fill("Veille emploi")
    page.locator("#id_url").fill(f"http://127.0.0.1:{feed.server_address[1]}/alerts/emploi.xml")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(texts["added"])
    source = Source.objects.get(name="Veille emploi")
    row = page.locator(f'#sources tr[data-source="{source.pk}"]')
    expect(row.locator(".source-error")).to_have_text("OK")  # fetched at once: an empty feed so far
    expect(row.locator("td.number").last).to_have_text("0")

    # The alert brings the candidate's question and a praise post: fetched now, not in 15 minutes.
    feed.body = FEED.format(**{key: texts[key] for key in ("question", "details", "praise")}).encode()
    row.get_by_role("button", name=texts["fetch"]).click()
    expect(page.locator(".messages")).to_contain_text(texts["fetching"])
    expect(row.locator("td.number").last).to_have_text("2")
    expect(row.locator(".source-error")).to_have_text("OK")
    return source


def _see_the_mentions_enriched_and_correct_one(page, source: Source, language: str) -> None:
    texts = TEXTS[language]
    page.locator(f'#sources tr[data-source="{source.pk}"]').get_by_role(
        "link", name=texts["mentions"]
    ).click()
    expect(page.locator("h1")).to_have_text(texts["stream"])
    expect(page.locator("#mentions article.mention")).to_have_count(2)
    question = Mention.objects.get(source=source, title=texts["question"])
    card = page.locator(f"#mention-{question.pk}")
    expect(card.locator(".mention-title")).to_have_text(texts["question"])
    expect(card.locator(".tag-lang")).to_have_text(language.upper())
    expect(card.locator(".tag-intent")).to_have_text("Question")
    expect(card.locator(".mention-link")).to_have_attribute("href", "https://forum.example.org/t/7")

    praise = Mention.objects.get(source=source, text=texts["praise"])
    card = page.locator(f"#mention-{praise.pk}")
    expect(card.locator(".tag-lang")).to_have_text(language.upper())
    expect(card.locator(".tag-sentiment")).to_have_text(texts["positive"])
    expect(card.locator(".tag-intent")).to_have_text(texts["praise_label"])
    expect(card.locator(".tag-theme")).to_have_count(0)

    # The praise is about the company's culture: choose it, apply; the card comes back corrected ...
    card.locator(f"#theme-{praise.pk}").select_option("culture")
    card.locator(f"#theme-{praise.pk}-save").click()
    card = page.locator(f"#mention-{praise.pk}")
    expect(card.locator(".saved-note")).to_have_text(texts["saved"], timeout=RETRAIN_WAIT)
    expect(card.locator(".tag-theme")).to_have_text(texts["culture"])
    expect(card.locator(".tag-corrected")).to_have_text(texts["corrected"])
    assert LabelCorrection.objects.filter(mention=praise, task="theme", label="culture").count() == 1

    # ... and keeps it once the page is loaded again (the retrained heads do not undo it).
    page.reload()
    card = page.locator(f"#mention-{praise.pk}")
    expect(card.locator(".tag-theme")).to_have_text(texts["culture"])
    expect(card.locator(".tag-corrected")).to_be_visible()
    expect(card.locator(f"#theme-{praise.pk}")).to_have_value("culture")
    expect(card.locator(".tag-sentiment")).to_have_text(texts["positive"])


def _answer_the_question_and_propose_it(page, language: str, question: Mention, site_pk: int) -> FaqEntry:
    texts = TEXTS[language]
    page.goto("/inbox/")
    expect(page.locator("h1")).to_have_text(texts["inbox"])
    conversation = Conversation.objects.get(mention=question)
    row = page.locator(f'#conversations tr[data-conversation="{conversation.pk}"]')
    expect(row).to_contain_text(texts["question"])
    row.get_by_role("link").click()
    expect(page.locator("#conversation-subject")).to_have_text(texts["question"])
    expect(page.locator('#messages li[data-direction="in"]')).to_contain_text(texts["details"])
    expect(page.locator("#original-link")).to_have_attribute("href", "https://forum.example.org/t/7")
    expect(page.locator("#first-response")).to_have_text("—")

    # A post on a forum: the answer is made there (its text can be copied), then recorded here with its time.
    expect(page.locator("#copy-answer")).to_be_visible()
    page.locator("#reply-form textarea[name=body]").fill(texts["answer"])
    page.locator("#reply-record").click()
    expect(page.locator(".messages")).to_contain_text(texts["recorded"])
    expect(page.locator('#messages li[data-direction="out"]')).to_contain_text(texts["answer"])
    expect(page.locator("#first-response")).not_to_have_text("—")

    # Proposed for the FAQ: the suggestion has the e-mail address removed; the question is rewritten.
    page.locator("#faq-propose").click()
    field = page.locator("#id_question")
    expect(field).to_be_visible()
    assert "karim.b@example.net" not in field.input_value()
    expect(page.locator("#id_answer")).to_have_value(texts["answer"])
    expect(page.locator("#id_language")).to_have_value(language)
    field.fill(texts["faq"])
    page.locator("#id_entity").select_option(str(site_pk))
    page.locator("#faq-send").click()
    expect(page.locator(".messages")).to_contain_text(texts["proposed"])
    expect(page.locator("#faq-entries")).to_contain_text(texts["faq"])
    entry = FaqEntry.objects.get(source_conversation=conversation)
    assert (entry.status, entry.language) == ("review", language)
    return entry


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_question_heard_in_a_feed_is_answered_and_published_to_the_career_site_faq(
    page, chromium, live_server, live_world, feed, language: str
) -> None:
    texts = TEXTS[language]
    sign_in(page, "comms", PASSWORD)
    _switch_language(page, language)
    source = _add_the_feed_and_fetch_it(page, feed, texts)
    _see_the_mentions_enriched_and_correct_one(page, source, language)
    question = Mention.objects.get(source=source, title=texts["question"])
    entry = _answer_the_question_and_propose_it(page, language, question, live_world.hq.pk)

    # The proposer cannot publish it; a second person, the HR admin, approves and publishes it.
    page.goto("/inbox/faq/")
    expect(page.locator(f'#faq-table tr[data-faq="{entry.pk}"] .faq-publish')).to_have_count(0)
    admin = chromium.new_context(base_url=live_server.url, locale="en-GB")
    admin_page = admin.new_page()
    sign_in(admin_page, "admin", PASSWORD)
    _switch_language(admin_page, language)
    admin_page.goto("/inbox/faq/")
    admin_row = admin_page.locator(f'#faq-table tr[data-faq="{entry.pk}"]')
    expect(admin_row).to_contain_text(texts["faq"])
    admin_row.locator(".faq-publish").click()
    expect(admin_page.locator(f'#faq-table tr[data-faq="{entry.pk}"] .status-published')).to_be_visible()
    admin.close()

    # The career site's FAQ and advice pages show the rewritten question and the answer, in that language.
    site = f"/careers/{live_world.hq.slug}"
    suffix = "?lang=en" if language == "en" else ""
    for page_name in ("faq", "advice"):
        page.goto(f"{site}/{page_name}/{suffix}")
        summary = page.locator(f'#faq details[data-faq="{entry.pk}"] summary')
        expect(summary).to_have_text(texts["faq"])
        summary.click()
        expect(page.locator(f'#faq details[data-faq="{entry.pk}"]')).to_contain_text(texts["answer"])
        expect(page.locator("#faq")).not_to_contain_text("karim")
    assert page.console_errors == []
