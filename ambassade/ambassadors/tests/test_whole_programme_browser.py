"""The whole programme in one real Chromium, as seeds 000 and 001 run it: an HR admin invites a person;
the person joins with consent, completes a checklist item and opts into the leaderboard; opens the hub,
shares a job offer to X with their own tracked link; a visitor clicks it; the ambassador sees the click
and the points; leaving the programme takes them off the leaderboard at once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from ambassade.ambassadors.models import Ambassador, PointsEntry, Share
from ambassade.ambassadors.share_clicks import share_clicks_credit
from ambassade.careers.tests.factories import job_offer_create
from ambassade.links.models import Click
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create
from ambassade.testing.programme import content_item_publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INVITATION = re.compile(r"http\S+/programme/join/\S+/")
X_TEXT = "La Région recrute un·e juriste en droit public : à partager !"
PERSON_ON_A_PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/128.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture
def live_world(transactional_db, settings, tmp_path, live_server) -> Iterator[World]:
    settings.SITE_URL = live_server.url  # invitation and tracked links lead to the test server
    settings.MEDIA_ROOT = tmp_path
    yield world_create()


def _answer_for_x(page) -> list[str]:
    """X's share dialog is answered from here (nothing leaves the machine); the addresses are kept."""
    opened: list[str] = []

    def answer(route) -> None:
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>X</title>intercepted")

    def share(route) -> None:  # send the server's 302 on as a navigation, so that X's address is routed too
        response = route.fetch(max_redirects=0)
        location = response.headers.get("location", "")
        route.fulfill(
            status=200, content_type="text/html", body=f'<script>location.replace("{location}")</script>'
        )

    page.context.route("https://x.com/**", answer)
    page.context.route("**/hub/*/share/", share)
    return opened


def test_a_person_is_invited_joins_shares_a_job_to_x_gets_a_click_and_points_then_leaves(
    page, live_world: World, live_server, smtp_inbox
) -> None:
    employee = live_world.people["employee"]
    offer = job_offer_create(live_world.hq, title="Juriste en droit public")
    item = content_item_publish(
        live_world.organisation, title="Juriste en droit public", kind="job", job=offer, target_url="",
        texts={"x": X_TEXT},
    )  # fmt: skip
    opened = _answer_for_x(page)

    # An HR admin invites the person; the invitation arrives through SMTP.
    sign_in(page, "admin", PASSWORD)
    page.goto(f"/programme/invite/?person={employee.pk}")
    page.get_by_role("button", name="Envoyer les invitations").click()
    expect(page.locator("#invitation-report")).to_contain_text("1 invitation envoyée")
    page.context.clear_cookies()
    invitation = INVITATION.search(smtp_inbox.bodies()[0])
    assert invitation is not None

    # The person reads what is collected and why, consents, and signs in.
    page.goto(invitation.group(0))
    expect(page.locator("#consent-text")).to_contain_text("Ce qui est collecté")
    page.get_by_label("J'ai lu ce qui est collecté et pourquoi").check()
    page.get_by_role("button", name="Rejoindre le programme").click()
    page.locator("#id_username").fill("employee")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil d'ambassadeur")

    # A checklist item, and the leaderboard opt-in.
    page.locator("#checklist-linkedin").get_by_label("Une photo professionnelle").check()
    expect(page.locator("#checklist-linkedin")).to_contain_text("1 sur 7 faits")
    page.locator("#preferences").get_by_label("Me faire figurer dans les classements").check()
    page.locator("#preferences").get_by_role("button", name="Enregistrer mes préférences").click()
    ambassador = Ambassador.objects.get(person=employee)
    assert ambassador.status == "enrolled" and ambassador.leaderboard_opt_in

    # The hub: share the job offer to X in one click.
    page.goto("/hub/")
    with page.context.expect_page() as new_tab:
        page.locator(f"#item-{item.pk}").get_by_role("button", name="Partager sur X").click()
    dialog = new_tab.value
    dialog.wait_for_load_state()
    share = Share.objects.get(ambassador=ambassador)
    link = share.link
    assert link is not None and link.job == offer and link.ambassador == employee and link.channel == "x"
    assert urlsplit(dialog.url).netloc == "x.com" and opened == [dialog.url]
    assert parse_qs(urlsplit(dialog.url).query) == {
        "text": [X_TEXT],
        "url": [f"{live_server.url}/r/{link.code}"],
    }
    dialog.close()

    # X's preview robot fetches the link (not counted), then a visitor clicks it in their own browser.
    assert Client(HTTP_USER_AGENT="Twitterbot/1.0").get(f"/r/{link.code}").status_code == 302
    visitor = page.context.browser.new_context(user_agent=PERSON_ON_A_PHONE)
    visit = visitor.new_page()
    visit.goto(f"{live_server.url}/r/{link.code}")
    expect(visit.get_by_role("heading", level=1)).to_contain_text("Juriste en droit public")
    visitor.close()
    assert list(Click.objects.filter(link=link).values_list("reason", flat=True).order_by("id")) == [
        "bot",
        "",
    ]
    share_clicks_credit(now=timezone.now() + timedelta(minutes=1))  # the every-minute job, once settled

    # The ambassador sees the click and the points (5 for the share, 5 for its first human click).
    page.goto("/recognition/")
    figures = page.locator("#impact-figures")
    expect(figures).to_contain_text("1 clics humains")
    expect(figures).to_contain_text("1 partages confirmés")
    expect(page.locator("#my-points")).to_have_text("10")
    assert sorted(PointsEntry.objects.filter(ambassador=ambassador).values_list("reason", flat=True)) == [
        "first_click",
        "share",
    ]
    page.goto("/recognition/leaderboard/")
    expect(page.locator("#people-board")).to_contain_text("Émile Employé")

    # Leaving takes effect at once: off the leaderboard.
    page.goto("/programme/me/")
    page.locator("#withdraw summary").click()
    page.get_by_role("button", name="Oui, je quitte le programme").click()
    page.goto("/recognition/leaderboard/")
    expect(page.locator("main")).not_to_contain_text("Émile Employé")
    assert Ambassador.objects.get(pk=ambassador.pk).status == "withdrawn"
    assert page.console_errors == []
