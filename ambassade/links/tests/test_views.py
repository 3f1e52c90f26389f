"""The links screens, as the programme's admins use them."""

from __future__ import annotations

import io
from datetime import timedelta
from xml.etree import ElementTree

import pytest
import segno
from django.utils import timezone
from PIL import Image

from ambassade.careers.models import Application
from ambassade.links.models import Campaign, Click, LinkDailyRollup, TrackedLink
from ambassade.links.rollups import clicks_roll_up
from ambassade.links.services import campaign_save
from ambassade.links.targets import link_short_url

pytestmark = pytest.mark.django_db
ENGLISH = {"django_language": "en"}


def english(client):
    client.cookies["django_language"] = "en"
    return client


def add_clicks(link: TrackedLink, *, humans: int, drops: dict[str, int] | None = None, days_ago: int = 1):
    at = timezone.now() - timedelta(days=days_ago)
    rows = [Click(link=link, occurred_at=at, visitor=f"h{n}", reason="") for n in range(humans)]
    for reason, count in (drops or {}).items():
        rows += [Click(link=link, occurred_at=at, visitor=f"d{n}", reason=reason) for n in range(count)]
    Click.objects.bulk_create(rows)
    clicks_roll_up()


def test_the_menu_shows_links_to_comms_and_hr_admins_only(login) -> None:
    assert 'href="/links/"' in login("comms").get("/").content.decode()
    assert 'href="/links/"' in login("admin").get("/").content.decode()
    assert 'href="/links/"' not in login("manager").get("/").content.decode()


def test_the_list_shows_each_links_figures_from_the_rollups(world, login, make_link) -> None:
    link = make_link(ambassador=world.people["employee"])
    add_clicks(link, humans=7, drops={"bot": 4, "duplicate": 2})
    page = english(login("comms")).get("/links/").content.decode()
    assert link.code in page
    assert "Émile Employé" in page
    assert ">7<" in page
    assert "Robot or link preview: 4" in page and "Same visitor within 24 hours: 2" in page


def test_the_list_filters_by_channel_and_campaign(world, login, make_link) -> None:
    campaign = campaign_save(actor=None, organisation=world.organisation, name="Salon", slug="salon")
    x_link, mail_link = make_link(channel="x", campaign=campaign), make_link(channel="email")
    client = login("comms")
    page = client.get("/links/", {"channel": "x"}).content.decode()
    assert x_link.code in page and mail_link.code not in page
    page = client.get("/links/", {"campaign": campaign.pk}).content.decode()
    assert x_link.code in page and mail_link.code not in page


def test_comms_create_a_job_link_for_an_ambassador(world, login, offer) -> None:
    client = english(login("comms"))
    ambassador = world.people["employee"]
    response = client.post(
        "/links/new/",
        {"target_type": "job", "job": offer.pk, "channel": "linkedin", "ambassador": ambassador.pk},
    )
    link = TrackedLink.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/links/{link.pk}/"
    assert (link.job, link.ambassador, link.channel, link.created_by) == (
        offer, ambassador, "linkedin", world.users["comms"]
    )  # fmt: skip
    detail = client.get(response["Location"]).content.decode()
    assert link_short_url(link) in detail
    assert f"/links/{link.pk}/qr.svg" in detail


def test_the_form_says_what_is_wrong_and_creates_nothing(login) -> None:
    client = english(login("comms"))
    response = client.post(
        "/links/new/", {"target_type": "url", "url": "https://evil.example/", "channel": "x"}
    )
    assert response.status_code == 400
    assert "Links may only lead to the organisation&#x27;s own sites" in response.content.decode()
    response = client.post("/links/new/", {"target_type": "job", "channel": "x"})
    assert "Choose the job offer the link leads to." in response.content.decode()
    assert TrackedLink.objects.count() == 0


def test_the_form_lists_open_offers_and_only_the_chosen_ambassador(world, login, offer) -> None:
    page = login("comms").get("/links/new/").content.decode()
    assert "Développeuse web" in page
    assert "Agent0" not in page  # people are searched, not listed: there may be thousands
    bound = login("comms").post(
        "/links/new/", {"target_type": "job", "ambassador": world.people["employee"].pk}
    )
    assert "Employé Émile" in bound.content.decode()


def test_the_ambassador_search_returns_matching_active_people(world, login) -> None:
    options = login("comms").get("/links/ambassadors/", {"q": "employ"}).content.decode()
    assert f'value="{world.people["employee"].pk}"' in options
    assert "Camille" not in options
    assert (
        'value="' not in login("comms").get("/links/ambassadors/", {"q": "nobody-here"}).content.decode()[20:]
    )


def test_the_qr_code_svg_encodes_the_qr_twin_of_the_link(world, login, make_link) -> None:
    link = make_link(ambassador=world.people["employee"])
    response = login("employee").get(f"/links/{link.pk}/qr.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    svg = response.content
    assert ElementTree.fromstring(svg).tag.endswith("svg")  # noqa: S314 (our own output)
    twin = TrackedLink.objects.get(channel="qr")
    assert (twin.entity, twin.ambassador) == (link.entity, link.ambassador)
    expected = io.BytesIO()
    url = link_short_url(twin)
    segno.make(url, error="m").save(expected, kind="svg", scale=8, border=4, title=url)
    assert svg == expected.getvalue()


def test_the_qr_code_png_is_a_valid_image_and_reuses_the_twin(world, login, link) -> None:
    client = login("comms")
    client.get(f"/links/{link.pk}/qr.svg")
    response = client.get(f"/links/{link.pk}/qr.png")
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.size[0] == image.size[1] > 200
    assert TrackedLink.objects.filter(channel="qr").count() == 1


def test_a_scan_arrives_on_the_qr_channel(world, login, link, client) -> None:
    login("comms").get(f"/links/{link.pk}/qr.svg")
    twin = TrackedLink.objects.get(channel="qr")
    client.logout()
    response = client.get(f"/r/{twin.code}", headers={"user-agent": "Mozilla/5.0 (iPhone) Safari/604.1"})
    assert "utm_source=qr" in response["Location"]


def test_campaigns_are_created_and_listed(world, login) -> None:
    client = english(login("admin"))
    response = client.post("/links/campaigns/new/", {"name": "Forum emploi", "slug": "forum-2026"})
    assert response.status_code == 302
    assert Campaign.objects.get().slug == "forum-2026"
    assert "forum-2026" in client.get("/links/campaigns/").content.decode()
    again = client.post("/links/campaigns/new/", {"name": "Autre", "slug": "forum-2026"})
    assert again.status_code == 400
    assert "Another campaign already uses this short name." in again.content.decode()


def test_the_dashboard_shows_the_period_the_chart_data_and_the_funnel(world, login, make_link, offer) -> None:
    campaign = campaign_save(actor=None, organisation=world.organisation, name="Salon", slug="salon")
    link = make_link(target_type="job", job=offer, channel="mastodon", campaign=campaign,
                     ambassador=world.people["employee"])  # fmt: skip
    add_clicks(link, humans=12, drops={"bot": 5}, days_ago=2)
    add_clicks(link, humans=3, days_ago=60)
    for stage in ("received", "hired"):
        Application.objects.create(
            organisation=world.organisation, offer=offer, entity=world.hq, first_name="C", last_name="D",
            email="c@example.org", consent_at=timezone.now(), consent_text="ok", stage=stage,
            source_link=link, source_channel="mastodon",
        )  # fmt: skip
    Application.objects.create(
        organisation=world.organisation, offer=offer, entity=world.hq, first_name="E", last_name="F",
        email="e@example.org", consent_at=timezone.now(), consent_text="ok", source_channel="direct",
    )  # fmt: skip
    client = english(login("comms"))

    response = client.get("/links/dashboard/")
    board = response.context["board"]
    assert response.status_code == 200
    assert len(board.days) == 30
    assert board.totals.human_clicks == 12 and board.totals.drops == {"bot": 5}
    assert sum(response.context["chart"]["human"]) == 12
    assert [
        (row.label, row.human_clicks, row.applications, row.hires) for row in board.funnel_by_channel
    ] == [("Mastodon", 12, 2, 1), ("", 0, 1, 0)]  # "": shown as "Without a tracked link"
    assert [(row.label, row.applications) for row in board.funnel_by_campaign] == [("Salon", 2)]
    assert [(row.label, row.human_clicks, row.total_clicks) for row in board.by_ambassador] == [
        ("Émile Employé", 12, 15)
    ]
    page = response.content.decode()
    assert 'id="clicks-data"' in page and 'id="clicks-chart"' in page
    assert "Figures per day" in page

    assert client.get("/links/dashboard/", {"days": "90"}).context["board"].totals.human_clicks == 15
    assert client.get("/links/dashboard/", {"days": "7"}).context["board"].totals.human_clicks == 12
    assert client.get("/links/dashboard/", {"days": "12345"}).context["days"] == 30


def test_the_dashboard_reads_rollups_not_clicks(world, login, link) -> None:
    Click.objects.create(link=link, occurred_at=timezone.now(), visitor="v", reason="")
    board = login("comms").get("/links/dashboard/").context["board"]
    assert board.totals.human_clicks == 0  # not rolled up yet
    assert LinkDailyRollup.objects.count() == 0
