"""/api/v1/content/ and /api/v1/me/shares/."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from ambassade.ambassadors.models import Share, SocialAccount
from ambassade.ambassadors.tests.content_factories import item_create, job_item_create, news_hosts
from ambassade.api.services import api_token_create
from ambassade.links.models import TrackedLink
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

__all__ = ["news_hosts"]
pytestmark = pytest.mark.usefixtures("news_hosts")


@pytest.fixture
def api(world: World):
    client = Client()
    tokens = {persona: api_token_create(user=user, name="t")[1] for persona, user in world.users.items()}

    def get(persona: str, path: str, **params: Any):
        headers = {"Authorization": f"Bearer {tokens[persona]}", "Accept-Language": "en"}
        return client.get(path, params, headers=headers)

    return get


def test_admins_read_every_item_with_its_status_and_texts(world: World, api) -> None:
    item_create(
        world, title="Draft plan", status="draft", texts=[("x", "fr", "Bientôt"), ("x", "fr", "Bientôt 2")]
    )
    job_item_create(world, title="Juriste", texts=[("bluesky", "en", "We're hiring")])
    response = api("comms", "/api/v1/content/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    by_title = {item["title"]: item for item in body["items"]}
    assert by_title["Draft plan"]["status"] == "draft"
    assert [(t["network"], t["variant"], t["text"]) for t in by_title["Draft plan"]["texts"]] == [
        ("x", 1, "Bientôt"),
        ("x", 2, "Bientôt 2"),
    ]
    assert (
        by_title["Draft plan"]["texts"][0]["length"] == 7 + 24
        and by_title["Draft plan"]["texts"][0]["limit"] == 280
    )
    job = by_title["Juriste"]
    assert job["kind"] == "job" and job["job"] is not None and "/careers/siege/jobs/" in job["target_url"]
    drafts = api("admin", "/api/v1/content/", status="draft").json()
    assert [item["title"] for item in drafts["items"]] == ["Draft plan"]


def test_ambassadors_read_the_published_items_for_them_and_others_nothing(world: World, api) -> None:
    item_create(world, title="For everyone")
    item_create(world, title="Subsidiary only", entities=[world.subsidiary])
    item_create(world, title="Draft", status="draft")
    assert api("employee", "/api/v1/content/").json() == {"count": 0, "items": []}
    ambassador_enrol(world.people["employee"])
    titles = [item["title"] for item in api("employee", "/api/v1/content/").json()["items"]]
    assert titles == ["For everyone"]
    assert api("employee", "/api/v1/content/", status="draft").json()["count"] == 0
    assert api("outsider", "/api/v1/content/").json()["count"] == 0


def test_my_shares_lists_an_intent_address_per_item_and_network_with_my_own_links(world: World, api) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    item = item_create(world, texts=[("x", "en", "Come and see us"), ("x", "fr", "Venez nous voir")])
    response = api("employee", "/api/v1/me/shares/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["items"][0]
    assert row["item"] == item.pk
    networks = {entry["network"]: entry for entry in row["networks"]}
    assert set(networks) == {"linkedin", "x", "mastodon", "bluesky", "facebook"}
    x = networks["x"]
    link = TrackedLink.objects.get(ambassador=world.people["employee"], channel="x")
    assert x["link"] == f"http://127.0.0.1:8000/r/{link.code}"
    assert parse_qs(urlsplit(x["intent_url"]).query) == {"text": ["Come and see us"], "url": [x["link"]]}
    assert networks["mastodon"]["intent_url"] is None  # no Mastodon account recorded
    assert networks["linkedin"]["text_in_clipboard"] and not x["text_in_clipboard"]
    assert not any(entry["shared"] for entry in row["networks"])
    # Reading records no share, and asking again reuses the same links.
    assert not Share.objects.exists()
    api("employee", "/api/v1/me/shares/")
    assert TrackedLink.objects.filter(ambassador=world.people["employee"]).count() == 5
    SocialAccount.objects.create(ambassador=ambassador, network="mastodon", handle="emile@piaille.fr")
    again = {e["network"]: e for e in api("employee", "/api/v1/me/shares/").json()["items"][0]["networks"]}
    assert again["mastodon"]["intent_url"].startswith("https://piaille.fr/share?text=")


def test_a_share_from_the_hub_reuses_the_link_the_api_handed_out(world: World, api, client) -> None:
    from django.urls import reverse

    ambassador_enrol(world.people["employee"])
    item = item_create(world)
    listed = {e["network"]: e for e in api("employee", "/api/v1/me/shares/").json()["items"][0]["networks"]}
    client.force_login(world.users["employee"])
    client.post(reverse("hub_share", args=[item.pk]), {"network": "x"})
    link = Share.objects.get().link
    assert link is not None and f"http://127.0.0.1:8000/r/{link.code}" == listed["x"]["link"]
    shared = {e["network"]: e for e in api("employee", "/api/v1/me/shares/").json()["items"][0]["networks"]}
    assert shared["x"]["shared"] and not shared["bluesky"]["shared"]


def test_an_item_whose_link_cannot_be_made_says_why_without_breaking_the_list(
    world: World, api, settings
) -> None:
    ambassador_enrol(world.people["employee"])
    item_create(world, title="Sur le site officiel", target_url="https://www.example.org/forum")
    elsewhere = item_create(world, title="Ailleurs", target_url="https://partenaire.example.net/salon")
    settings.LINK_ALLOWED_HOSTS = [".example.org"]  # example.net was taken off the list after publication
    response = api("employee", "/api/v1/me/shares/")
    assert response.status_code == 200
    rows = {row["title"]: row for row in response.json()["items"]}
    assert set(rows) == {"Sur le site officiel", "Ailleurs"}
    for entry in rows["Ailleurs"]["networks"]:
        assert entry["link"] is None and entry["intent_url"] is None
        assert entry["unavailable"].startswith("No link can be made for this item now")
        assert "organisation's own sites" in entry["unavailable"]
    fine = {entry["network"]: entry for entry in rows["Sur le site officiel"]["networks"]}
    assert fine["x"]["link"] and fine["x"]["intent_url"] and fine["x"]["unavailable"] is None
    assert not TrackedLink.objects.filter(url=elsewhere.target_url).exists()


def test_members_who_are_not_enrolled_ambassadors_are_told_so(world: World, api) -> None:
    response = api("recruiter", "/api/v1/me/shares/")
    assert response.status_code == 403
    assert "join the ambassador programme" in response.json()["detail"]
