"""The review in a real Chromium, in French and in English: an HR admin starts a review of the last
twelve months, watches the progress bar reach 100 %, downloads the PDF and finds in it (pypdf) the
headings and a figure the page shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from ambassade.orgs.models import Membership
from ambassade.reviews.models import ReviewReport
from ambassade.reviews.tests.support import pdf_text, review_data_make
from ambassade.reviews.typography import typography
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "fr": {
        "new": "Nouveau bilan",
        "start": "Générer le bilan",
        "done": "Terminé",
        "pdf": "Télécharger le PDF",
    },
    "en": {"new": "New review", "start": "Generate the review", "done": "Done", "pdf": "Download the PDF"},
}


@pytest.fixture
def live_world(transactional_db, settings, tmp_path: Path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    # In the background as in production: the page polls the progress bar while a thread generates.
    settings.TASKS_MODE = "thread"
    world = world_create()
    review_data_make(world)
    return world


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_admin_generates_a_review_and_downloads_its_pdf(
    page, chromium, live_server, live_world, language: str
) -> None:
    texts = TEXTS[language]
    Membership.objects.filter(user=live_world.users["admin"]).update(language=language)
    sign_in(page, "admin", PASSWORD)
    page.goto("/reviews/")
    page.locator("#review-new").click()
    expect(page.locator("#review-start")).to_have_text(texts["start"])
    page.locator("#id_language").select_option(language)
    page.locator("#review-start").click()

    expect(page.locator("#review-percent")).to_have_text("100 %", timeout=60_000)
    expect(page.locator(".review-status")).to_have_text(texts["done"])
    shares = page.locator('#review-figures tr[data-figure="shares"] td.number').first.inner_text()
    followers = page.locator('#review-figures tr[data-figure="followers"] td.number').first.inner_text()
    expect(page.locator("#review-pdf")).to_have_text(texts["pdf"])
    with page.expect_download() as download_info:
        page.locator("#review-pdf").click()
    download = download_info.value
    assert download.suggested_filename.endswith(f"-{language}.pdf")
    text = pdf_text(Path(download.path()).read_bytes())

    with translation.override(language):
        for heading in ("Participation and adoption", "Traffic to the career sites", "Followers and reach"):
            assert typography(_(heading), language) in text, heading
    assert shares and shares in text
    assert followers in text
    if language == "fr":
        assert "\u202f" in followers  # 1 185: digit groups joined by a narrow no-break space
    report = ReviewReport.objects.get()
    assert (report.language, report.status) == (language, ReviewReport.Status.DONE)
    assert page.console_errors == []
