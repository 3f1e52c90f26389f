"""Career sites and the recruiter's path, in a real Chromium.

Page budget (docs/careers.md): each career-site page, loaded in a fresh browser (nothing cached), makes
requests to the live server only, sets no cookie, logs no console error, and transfers at most
PAGE_BUDGET bytes in total (HTML, CSS, images, headers included).
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from ambassade.careers.models import JobOffer
from ambassade.careers.selectors import job_offer_public_url
from ambassade.careers.tests.factories import (
    LYON,
    job_offer_create,
    png_bytes,
    staff_testimonial_create,
    story_create,
)
from ambassade.orgs.models import Membership
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_BUDGET = (
    50 * 1024
)  # bytes per page, everything included, uncompressed; measured 10–16 KB (docs/careers.md)


@pytest.fixture
def live_world(transactional_db) -> World:
    world = world_create()
    world.hq.languages = ["fr", "en"]
    world.hq.save()
    return world


@pytest.fixture
def career_site(live_world: World) -> JobOffer:
    story_create(
        live_world.organisation,
        tagline="Construire les lycées et les transports de demain",
        presentation="La Région agit pour 2 millions d'habitants.\n\nNos agents exercent 150 métiers.",
        values="Service public\nConfiance",
        benefits="Télétravail, restaurant collectif, 27 jours de congés",
        facts={"headcount": "1 800", "sites": "42"},
        social_accounts={"linkedin": "https://www.linkedin.com/company/exemple"},
        logo=png_bytes((120, 40)),
    )
    story_create(live_world.organisation, language="en", tagline="Building tomorrow's schools and transport")
    for name in ("Inès", "Karim", "Lou"):
        staff_testimonial_create(live_world.organisation, name=name, video_url="https://video.example/t")
    for index in range(25):
        job_offer_create(
            live_world.hq, title=f"Agent·e d'accueil {index}", category="Accueil", locations=[LYON]
        )
    return job_offer_create(live_world.hq, salary_min=38000, salary_max=52000, category="Numérique")


def _visit(chromium: Any, base_url: str, path: str) -> dict[str, Any]:
    """Load one page in a fresh browser context and record what it cost."""
    context = chromium.new_context(base_url=base_url, locale="fr-FR")
    page = context.new_page()
    seen: dict[str, Any] = {"urls": [], "bytes": 0, "errors": []}

    def finished(request: Any) -> None:
        sizes = request.sizes()
        seen["bytes"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.on("request", lambda request: seen["urls"].append(request.url))
    page.on("requestfinished", finished)
    page.on(
        "console", lambda message: seen["errors"].append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    response = page.goto(path, wait_until="load")
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    seen["cookies"] = context.cookies()
    seen["title"] = page.title()
    context.close()
    return seen


def test_career_pages_are_light_local_cookieless_and_error_free(chromium, live_server, career_site) -> None:
    job_path = job_offer_public_url(career_site, absolute=False)
    for path in ("/careers/siege/", "/careers/siege/jobs/", job_path, "/careers/siege/advice/"):
        seen = _visit(chromium, live_server.url, path)
        assert seen["errors"] == [], path
        assert [url for url in seen["urls"] if not url.startswith(live_server.url)] == [], path
        assert seen["cookies"] == [], path
        assert 0 < seen["bytes"] <= PAGE_BUDGET, (path, seen["bytes"])


def test_a_visitor_filters_searches_and_switches_to_english(page, live_server, career_site) -> None:
    page.goto("/careers/siege/jobs/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    # The site speaks French (whatever the translation of its labels): elements found by their role.
    page.get_by_role("searchbox").fill("Développeur")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator(".offer-card")).to_have_count(1)
    page.get_by_role("link", name="Développeur·se web").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Développeur·se web")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Web developer")
    page.get_by_role("navigation", name="Career site").get_by_role("link", name="Job offers").click()
    expect(page).to_have_url(live_server.url + "/careers/siege/jobs/?lang=en")
    assert page.context.cookies() == [] and page.console_errors == []


def test_a_recruiter_writes_publishes_and_opens_an_offer_in_both_languages(
    page, live_server, live_world, settings
) -> None:
    settings.SITE_URL = live_server.url  # the public page's absolute address leads to this server
    Membership.objects.filter(user=live_world.users["recruiter"]).update(language="en")
    sign_in(page, "recruiter", PASSWORD)
    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_text("Recruitment").click()
    menu.get_by_role("link", name="Job offers").click()
    page.get_by_role("button", name="New offer").click()
    page.get_by_label("Title (French)").fill("Ingénieur·e voirie")
    page.get_by_label("Description (French)").fill("Vous concevez les routes de demain.\n\nPoste à Lyon.")
    page.get_by_label("Title (English)").fill("Roads engineer")
    page.get_by_label("Description (English)").fill("You design tomorrow's roads.")
    page.get_by_label("Entity").select_option(label="Siège")
    page.get_by_label("Contract type").select_option("FULL_TIME")
    page.get_by_label("Locations").fill("2 rue de la République; 69001; Lyon; Auvergne-Rhône-Alpes; FR")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Roads engineer")
    page.get_by_role("button", name="Publish now").click()
    expect(page.get_by_text("The offer is published.")).to_be_visible()
    offer = JobOffer.objects.get(translations__title="Roads engineer")
    assert offer.status == JobOffer.Status.PUBLISHED
    page.get_by_role("link", name=job_offer_public_url(offer)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingénieur·e voirie")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Roads engineer")
    expect(page.locator(".description")).to_contain_text("You design tomorrow's roads.")
    assert page.console_errors == []
