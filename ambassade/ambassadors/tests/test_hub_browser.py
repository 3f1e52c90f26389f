"""The content hub in a real Chromium: comms publish a job offer with an X text; an enrolled employee
shares it on X in one click; the new tab is X's share dialog with the text and the employee's own
tracked link (intercepted: nothing leaves the machine); the item then shows as shared."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ambassade.ambassadors.models import ContentItem, Share
from ambassade.careers.tests.factories import job_offer_create
from ambassade.links.models import TrackedLink
from ambassade.orgs.models import Membership
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create
from ambassade.testing.programme import ambassador_enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "fr": {
        "save": "Enregistrer",
        "submit": "Soumettre à relecture",
        "publish": "Approuver et publier",
        "share_x": "Partager sur X",
        "shared": "Déjà partagé sur X",
        "share_linkedin": "Partager sur LinkedIn",
        "copied": "presse-papiers",
    },
    "en": {
        "save": "Save",
        "submit": "Submit for review",
        "publish": "Approve and publish",
        "share_x": "Share on X",
        "shared": "Already shared on X",
        "share_linkedin": "Share on LinkedIn",
        "copied": "clipboard",
    },
}
X_TEXT = "Nous recrutons une juriste : rejoignez-nous ! #emploi"


@pytest.fixture
def live_world(transactional_db, settings, tmp_path, live_server) -> Iterator[World]:
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = live_server.url
    yield world_create()


def _intercept_networks(page) -> list[str]:
    """Answer every request to the networks from here, and keep their addresses."""
    opened: list[str] = []

    def answer(route) -> None:
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>network</title>intercepted")

    def share(route) -> None:
        # Route handlers see only the first request of a redirect chain: the server's answer to the share
        # form is sent on as a navigation of its own, so that the network's address is routed too.
        response = route.fetch(max_redirects=0)
        if response.status != 302:
            route.fulfill(response=response)
            return
        location = json.dumps(response.headers["location"])
        route.fulfill(
            status=200, content_type="text/html", body=f"<script>location.replace({location})</script>"
        )

    for pattern in ("https://x.com/**", "https://www.linkedin.com/**", "https://bsky.app/**"):
        page.context.route(pattern, answer)
    page.context.route("**/hub/*/share/", share)
    return opened


def _sign_out(page) -> None:
    page.context.clear_cookies()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_comms_publish_a_job_offer_and_an_employee_shares_it_on_x_in_one_click(
    page, live_world: World, live_server, language: str
) -> None:
    words = WORDS[language]
    Membership.objects.filter(user__username__in=["comms", "employee"]).update(language=language)
    offer = job_offer_create(
        live_world.hq, title="Juriste en droit public", english=("Public law jurist", "<p>x</p>")
    )
    ambassador_enrol(live_world.people["employee"])
    opened = _intercept_networks(page)

    sign_in(page, "comms", PASSWORD)
    page.goto("/content/new/")
    page.locator("#id_kind").select_option("job")
    expect(page.locator("#field-target_url")).to_be_hidden()
    page.locator("#id_job").select_option(str(offer.pk))
    page.locator("#id_title").fill("Juriste en droit public")
    x_row = page.locator(".text-row").filter(
        has=page.locator("select[name$='-network'] option[value='x']:checked")
    )
    x_row.locator("textarea").fill(X_TEXT)
    expect(x_row.locator(".counter")).to_contain_text(f"{len(X_TEXT) + 24}")
    expect(x_row.locator(".counter")).to_contain_text("280")
    page.get_by_role("button", name=words["save"], exact=True).click()
    page.wait_for_url(re.compile(r"/content/\d+/$"))
    page.get_by_role("button", name=words["submit"]).click()
    page.get_by_role("button", name=words["publish"]).click()
    item = ContentItem.objects.get()
    expect(page.locator(".status")).to_have_class(re.compile("status-published"))
    assert item.status == "published" and item.job == offer

    _sign_out(page)
    sign_in(page, "employee", PASSWORD)
    page.goto("/hub/")
    card = page.locator(f"#item-{item.pk}")
    expect(card).to_contain_text("Juriste en droit public")
    with page.context.expect_page() as new_tab:
        card.get_by_role("button", name=words["share_x"]).click()
    dialog = new_tab.value
    dialog.wait_for_load_state()
    link = TrackedLink.objects.get(ambassador=live_world.people["employee"], channel="x")
    assert dialog.url.startswith("https://x.com/intent/post?")
    assert parse_qs(urlsplit(dialog.url).query) == {
        "text": [X_TEXT],
        "url": [f"{live_server.url}/r/{link.code}"],
    }
    assert opened == [dialog.url]
    assert link.job == offer
    assert Share.objects.get().network == "x"
    dialog.close()

    page.reload()
    expect(page.locator(f"#item-{item.pk} .shared-mark")).to_contain_text(words["shared"])
    assert page.console_errors == []


def test_linkedin_gets_the_text_through_the_clipboard(page, live_world: World, live_server) -> None:
    Membership.objects.filter(user__username="employee").update(language="en")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    ambassador_enrol(live_world.people["employee"])
    offer = job_offer_create(live_world.hq, title="Comptable")
    item = ContentItem.objects.create(
        organisation=live_world.organisation,
        kind="job",
        job=offer,
        title="Comptable",
        status="published",
        publish_from=timezone.now() - timedelta(hours=1),
        published_at=timezone.now(),
    )
    item.texts.create(network="linkedin", language="en", variant=1, text="We are hiring an accountant.")
    opened = _intercept_networks(page)
    sign_in(page, "employee", PASSWORD)
    page.goto(f"/hub/{item.pk}/")
    expect(page.locator("#network-linkedin")).to_contain_text(WORDS["en"]["copied"])
    with page.context.expect_page() as new_tab:
        page.locator("#network-linkedin").get_by_role("button", name=WORDS["en"]["share_linkedin"]).click()
    dialog = new_tab.value
    dialog.wait_for_load_state()
    link = TrackedLink.objects.get(channel="linkedin")
    assert dialog.url.startswith("https://www.linkedin.com/sharing/share-offsite/?") and opened == [
        dialog.url
    ]
    assert parse_qs(urlsplit(dialog.url).query) == {"url": [f"{live_server.url}/r/{link.code}"]}
    expect(page.locator(".copy-status")).to_contain_text("clipboard")
    assert page.evaluate("navigator.clipboard.readText()") == "We are hiring an accountant."
    assert page.console_errors == []
