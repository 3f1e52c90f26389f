"""Listening in a real Chromium: a communication officer adds a feed served from loopback (French), fetches
it, sees the mentions arrive enriched and a new one come in live, corrects a label with one click and sees
the quality page count it; then the same in English after the header's language switch."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from ambassade.listening.models import LabelCorrection, Mention, Source
from ambassade.listening.tests.support import mention_make
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# With TASKS_MODE=sync a correction retrains the heads within the request (in production: in the background).
RETRAIN_WAIT = 90_000

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Alertes Google – Région Exemple</title>
  <link>https://www.google.com/alerts</link>
  <description>Alertes</description>
  <item>
    <guid>tag:google.com,2026:alert-1</guid>
    <title>Forum étudiant</title>
    <link>https://forum.example.org/t/alternance-region-exemple</link>
    <description>Quel est le salaire d'un alternant à la Région Exemple ?
      Quelqu'un a passé l'entretien ?</description>
    <pubDate>Mon, 16 Nov 2026 09:30:00 +0100</pubDate>
  </item>
  <item>
    <guid>tag:google.com,2026:alert-2</guid>
    <title>Blog RH</title>
    <link>https://blog.example.fr/semaine-de-quatre-jours</link>
    <description>Bravo à la Région Exemple : le télétravail deux jours par semaine,
      une super nouvelle pour les équipes !</description>
    <pubDate>Tue, 17 Nov 2026 11:00:00 +0100</pubDate>
  </item>
  <item>
    <guid>tag:google.com,2026:alert-3</guid>
    <title>Avis salarié</title>
    <link>https://avis.example.com/region-exemple/42</link>
    <description>Management toxique et surcharge de travail, je déconseille ce poste.</description>
    <pubDate>Wed, 18 Nov 2026 18:45:00 +0100</pubDate>
  </item>
</channel></rss>
""".encode()


class _FeedHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(FEED)))
        self.end_headers()
        self.wfile.write(FEED)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/alerts/feed.xml"
    server.shutdown()
    server.server_close()


@pytest.fixture
def live_world(transactional_db, settings) -> World:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True  # the feed is served from loopback by the test
    settings.TASKS_MODE = "sync"
    from ambassade.listening import nlp

    nlp.enrich_full(["Réchauffement des modèles"])  # the default heads load once, before the clock of a click
    return world_create()


def _card(page, text: str):
    mention = Mention.objects.get(text__contains=text)
    return mention, page.locator(f"#mention-{mention.pk}")


def test_a_feed_is_added_fetched_enriched_and_corrected_in_french_then_english(
    page, live_world, feed_url
) -> None:
    # In French: add the feed, fetched at once.
    sign_in(page, "comms", PASSWORD)
    page.goto("/listening/sources/")
    expect(page.locator("h1")).to_have_text("Sources")
    page.locator("#source-add select").select_option("feed")
    page.locator("#source-add").get_by_role("button", name="Ajouter").click()
    expect(page.locator("h1")).to_have_text("Nouvelle source : Flux RSS/Atom")
    page.get_by_label("Nom").fill("Alertes Google")
    page.get_by_label("Adresse du flux").fill(feed_url)
    page.get_by_role("button", name="Ajouter la source").click()
    expect(page.locator(".messages")).to_contain_text("Source « Alertes Google » ajoutée")
    source = Source.objects.get(name="Alertes Google")
    row = page.locator(f'#sources tr[data-source="{source.pk}"]')
    expect(row).to_contain_text("3")
    expect(row).to_contain_text("OK")

    # The stream: the three mentions, enriched, newest first, each linking to its original.
    row.get_by_role("link", name="ses mentions").click()
    expect(page.locator("h1")).to_have_text("Ce qui se dit de nous")
    expect(page.locator("#mentions article.mention")).to_have_count(3)
    expect(page.locator("#mentions article.mention").first).to_contain_text("Management toxique")
    question, card = _card(page, "salaire d'un alternant")
    expect(card.locator(".tag-lang")).to_have_text("FR")
    expect(card.locator(".tag-intent")).to_have_text("Question")
    expect(card.get_by_role("link", name="Voir l'original")).to_have_attribute(
        "href", "https://forum.example.org/t/alternance-region-exemple"
    )
    negative, negative_card = _card(page, "Management toxique")
    expect(negative_card.locator(".tag-sentiment")).to_have_text("Négatif")
    expect(page.locator("#stream-live")).to_contain_text("Mise à jour en direct")

    # Live: a mention fetched meanwhile comes in at the top when the stream polls (the poll is run now
    # instead of waiting 30 seconds).
    mention_make(source, "Nouvelle question : peut-on faire du télétravail en alternance ?")
    page.evaluate(
        "() => { const live = document.getElementById('stream-live');"
        " return htmx.ajax('GET', live.getAttribute('hx-get'), {target: '#mentions', swap: 'afterbegin'}); }"
    )
    expect(page.locator("#mentions article.mention").first).to_contain_text("peut-on faire du télétravail")
    expect(page.locator("#mentions article.mention")).to_have_count(4)
    expect(page.locator("#stream-live")).to_have_text("1 nouvelle mention vient d'arriver.")

    # One click: the warning against the job is a worry; the card comes back updated.
    worry = "worry" if negative.intent != "worry" else "other"
    negative_card.locator(f"#intent-{negative.pk}-{worry}").focus()  # from the keyboard
    page.keyboard.press("Enter")
    card = page.locator(f"#mention-{negative.pk}")
    expect(card.locator(".saved-note")).to_have_text(
        "Étiquette enregistrée : elle rejoint le jeu de référence.", timeout=RETRAIN_WAIT
    )
    expect(card.locator(".tag-intent")).to_have_text({"worry": "Inquiétude", "other": "Autre"}[worry])
    expect(card.locator(".tag-corrected")).to_be_visible()
    expect(card.locator(f"#intent-{negative.pk}-{worry}")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#label-status")).to_have_text(
        "Étiquette enregistrée : elle rejoint le jeu de référence."
    )
    expect(page.locator("#mentions article.mention")).to_have_count(4)  # swapped in place, not added
    assert LabelCorrection.objects.filter(mention=negative, task="intent", label=worry).count() == 1

    page.goto("/listening/quality/")
    expect(page.locator("h1")).to_have_text("Qualité des étiquettes")
    expect(page.locator("#corrections-count")).to_have_text("1")
    expect(page.locator("#corrections tbody tr").first).to_contain_text("Management toxique")

    # In English: the header's switch, then the question's theme, counted too.
    page.get_by_role("button", name="Switch to English").click()
    expect(page.locator("h1")).to_have_text("Label quality")
    page.goto("/listening/")
    expect(page.locator("h1")).to_have_text("What is said about us")
    first_theme = (
        question.mention_themes.order_by("-score", "pk").values_list("theme__slug", flat=True).first()
    )
    theme, name = ("internships", "Internships and apprenticeships")
    if first_theme == "internships":
        theme, name = ("pay", "Pay")
    page.locator(f"#theme-{question.pk}").select_option(theme)
    page.locator(f"#theme-{question.pk}-save").click()
    card = page.locator(f"#mention-{question.pk}")
    expect(card.locator(".saved-note")).to_have_text(
        "Label saved: it joins the gold set.", timeout=RETRAIN_WAIT
    )
    expect(card.locator(".tag-theme")).to_have_text(f"#{name}")
    expect(card.locator(".tag-intent")).to_have_text("Question")
    page.goto("/listening/quality/")
    expect(page.locator("#corrections-count")).to_have_text("2")
    expect(page.locator("#corrections tbody tr").first).to_contain_text("Theme")

    # Insights draw their charts from the tables.
    page.goto("/listening/insights/")
    expect(page.locator("h1")).to_have_text("Insights")
    expect(page.locator("#volume-chart canvas")).to_have_count(1)
    expect(page.locator("#volume-chart")).to_have_attribute("data-points", "270")
    assert page.console_errors == []


def test_chart_tooltips_show_hostile_names_as_text_and_a_failed_correction_says_so(page, live_world) -> None:
    from ambassade.listening.tests.support import source_make

    hostile = "<img src=x onerror=window.__xss=1>"
    source = source_make(live_world.organisation, name="Alertes")
    for number in range(3):
        mention_make(source, f"Avis numéro {number} sur l'ambiance {number * 31}", venue=hostile)
    sign_in(page, "comms", PASSWORD)
    page.goto("/listening/insights/")
    chart = page.locator("#venues-chart")
    expect(chart.locator("canvas")).to_have_count(1)
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None
    for x in (0.3, 0.5, 0.7):  # over the bar: the axis tooltip shows the venue's name
        page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * 0.4)
    tooltip = chart.locator("div").filter(has_text="onerror")
    expect(tooltip.first).to_be_visible()
    assert page.evaluate("() => window.__xss") is None
    assert chart.locator("img").count() == 0

    # A correction of a mention deleted meanwhile says it failed (a 404), instead of nothing.
    page.goto("/listening/")
    gone = Mention.objects.filter(source=source).first()
    assert gone is not None
    pk = gone.pk
    card = page.locator(f"#mention-{pk}")
    expect(card).to_be_visible()
    gone.delete()
    card.locator(f"#sentiment-{pk}-negative").click()
    failed = page.locator("#label-status").get_attribute("data-failed")
    expect(card.locator(".fix-failed")).to_have_text(failed or "?")
    expect(page.locator("#label-status")).to_have_text(failed or "?")
