"""The digest in a real Chromium, in French and in English: an HR admin creates a digest, publishes it
now and opens its public page (no sign-in needed); the feeds parse."""

from __future__ import annotations

import json
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ambassade.intranet.models import Digest, Issue
from ambassade.intranet.tests.support import active_on, item_make, shares_make
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "fr": {
        "title": "Les nouvelles du réseau",
        "active": "Qui est devenu actif",
        "publish": "Publier maintenant",
    },
    "en": {"title": "Network news", "active": "Who became active", "publish": "Publish now"},
}


@pytest.fixture
def live_world(transactional_db, live_server, settings) -> World:
    settings.SITE_URL = live_server.url  # the public addresses the admin screen shows
    world = world_create()
    active_on(world.people["employee"], timezone.localdate(), opt_in=True)
    item = item_make(world.organisation, "Forum de l'emploi", target_url="https://example.org/forum")
    shares_make(item, 3, at=timezone.now() - timedelta(minutes=5))
    return world


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_admin_creates_a_digest_publishes_it_and_the_intranet_reads_it(
    page, chromium, live_server, live_world, language: str
) -> None:
    texts = TEXTS[language]
    membership = live_world.users["admin"].membership
    membership.language = language
    membership.save()
    sign_in(page, "admin", PASSWORD)
    page.goto("/digest/manage/")
    page.locator("main a[href='/digest/manage/new/']").first.click()
    page.locator("#id_title").fill(texts["title"])
    page.locator("#digest-form input[name=languages][value=fr]").set_checked(language == "fr")
    page.locator("#digest-form input[name=languages][value=en]").set_checked(True)
    page.locator("#digest-form button[type=submit]").click()
    digest = Digest.objects.get()
    assert digest.languages == (["fr", "en"] if language == "fr" else ["en"])
    expect(page.locator("#publish-now button")).to_have_text(texts["publish"])
    page.locator("#publish-now button").click()
    expect(page.locator("#issues li")).to_have_count(1)
    assert Issue.objects.filter(digest=digest).count() == 1

    # The public page, as the intranet shows it: another browser context, nobody signed in.
    public_url = page.locator("#public-page").get_attribute("href")
    assert public_url and digest.token in public_url
    reader = chromium.new_context(base_url=live_server.url)
    reader_page = reader.new_page()
    reader_page.goto(public_url)
    expect(reader_page.locator("h1")).to_have_text(texts["title"])
    expect(reader_page.locator("#digest-active h2")).to_have_text(texts["active"])
    expect(reader_page.locator("#digest-active")).to_contain_text("Émile Employé")
    expect(reader_page.locator("#digest-items")).to_contain_text("Forum de l'emploi")

    # The feeds parse.
    for name, version in (("rss.xml", "rss20"), ("atom.xml", "atom10")):
        response = reader_page.request.get(f"/digest/{digest.token}/{name}")
        assert response.ok
        feed = feedparser.parse(response.body())
        assert not feed.bozo and feed.version == version and len(feed.entries) == 1
    document = json.loads(reader_page.request.get(f"/digest/{digest.token}/feed.json").body())
    assert document["version"] == "https://jsonfeed.org/version/1.1" and len(document["items"]) == 1
    reader.close()
    assert page.console_errors == []
