"""/api/v1/links/: scoped reads with figures from the rollups; creation for admins and for oneself."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from ambassade.api.services import api_token_create
from ambassade.links.models import Click, TrackedLink
from ambassade.links.rollups import clicks_roll_up
from ambassade.links.signing import ref_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world):
    client = Client()
    tokens = {persona: api_token_create(user=user, name="t")[1] for persona, user in world.users.items()}

    def call(persona: str, method: str, path: str, body: Any = None):
        headers = {"Authorization": f"Bearer {tokens[persona]}", "Accept-Language": "en"}
        if method == "get":
            return client.get(path, headers=headers)
        return client.post(path, data=json.dumps(body), content_type="application/json", headers=headers)

    return call


def test_each_link_carries_its_code_url_target_and_figures(world, api, make_link, offer) -> None:
    link = make_link(target_type="job", job=offer, channel="x", ambassador=world.people["employee"])
    at = timezone.now() - timedelta(hours=2)
    Click.objects.bulk_create(
        [Click(link=link, occurred_at=at, visitor=str(n), reason="") for n in range(4)]
        + [
            Click(link=link, occurred_at=at, visitor="b", reason=reason)
            for reason in ("bot", "bot", "prefetch")
        ]
    )
    clicks_roll_up()

    item = api("comms", "get", f"/api/v1/links/{link.pk}").json()

    assert item["code"] == link.code
    assert item["url"] == f"{settings.SITE_URL}/r/{link.code}"
    assert item["target"] == {
        "type": "job",
        "url": f"{settings.SITE_URL}/careers/siege/jobs/{offer.pk}-developpeuse-web/",
        "job": offer.pk,
        "entity": None,
    }
    assert (item["channel"], item["campaign"], item["ambassador"]) == ("x", None, world.people["employee"].pk)
    assert item["human_clicks"] == 4
    assert item["drops"] == {"bot": 2, "prefetch": 1}


def test_admins_list_every_link_and_others_their_own(world, api, make_link) -> None:
    own = make_link(ambassador=world.people["employee"])
    make_link(ambassador=world.people["manager"])
    make_link()
    listed = api("admin", "get", "/api/v1/links/").json()
    assert listed["count"] == 3
    assert all("human_clicks" in item and "drops" in item for item in listed["items"])
    assert [item["id"] for item in api("employee", "get", "/api/v1/links/").json()["items"]] == [own.pk]
    assert api("recruiter", "get", "/api/v1/links/").json()["count"] == 0
    assert api("outsider", "get", "/api/v1/links/").json()["count"] == 0
    assert api("manager", "get", f"/api/v1/links/{own.pk}").status_code == 404


def test_comms_create_any_link(world, api) -> None:
    response = api("comms", "post", "/api/v1/links/", {
        "target_type": "news", "url": f"{settings.SITE_URL}/actualites/forum", "channel": "email",
        "ambassador": world.people["manager"].pk,
    })  # fmt: skip
    assert response.status_code == 201
    body = response.json()
    assert body["target"]["type"] == "news" and body["ambassador"] == world.people["manager"].pk
    assert body["human_clicks"] == 0 and body["drops"] == {}
    link = TrackedLink.objects.get(code=body["code"])
    location = Client().get(f"/r/{link.code}", headers={"user-agent": "Mozilla/5.0 Firefox/128.0"})[
        "Location"
    ]
    assert ref_verify(location.rsplit("ref=", 1)[1]) == link.pk


def test_an_employee_creates_a_link_for_themselves_to_a_job_or_a_career_site(world, api, offer) -> None:
    response = api(
        "employee", "post", "/api/v1/links/", {"target_type": "job", "job": offer.pk, "channel": "linkedin"}
    )
    assert response.status_code == 201
    assert response.json()["ambassador"] == world.people["employee"].pk
    response = api("employee", "post", "/api/v1/links/", {
        "target_type": "career_page", "entity": world.subsidiary.pk, "channel": "bluesky",
        "ambassador": world.people["employee"].pk,
    })  # fmt: skip
    assert response.status_code == 201


def test_an_employee_cannot_create_links_for_others_nor_to_other_addresses(world, api) -> None:
    response = api("employee", "post", "/api/v1/links/", {
        "target_type": "career_page", "entity": world.hq.pk, "channel": "x",
        "ambassador": world.people["manager"].pk,
    })  # fmt: skip
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "ambassador"
    response = api("employee", "post", "/api/v1/links/", {
        "target_type": "url", "url": f"{settings.SITE_URL}/x", "channel": "x",
    })  # fmt: skip
    assert response.status_code == 422
    assert response.json()["detail"][0] == {
        "loc": ["body", "target_type"],
        "field": "target_type",
        "msg": "You can create links to job offers and career sites only.",
        "type": "invalid",
    }
    assert TrackedLink.objects.count() == 0


def test_bad_input_names_the_field(world, api) -> None:
    cases = [
        ({"target_type": "job", "job": 999999, "channel": "x"}, "job"),
        ({"target_type": "career_page", "entity": world.hq.pk, "channel": "fax"}, "channel"),
        ({"target_type": "url", "url": "https://evil.example/", "channel": "x"}, "url"),
        ({"target_type": "career_page", "channel": "x"}, "entity"),
        ({"target_type": "career_page", "entity": world.hq.pk, "channel": "x", "campaign": 5}, "campaign"),
        ({"target_type": "career_page", "entity": world.hq.pk, "channel": "x", "colour": "red"}, "colour"),
    ]
    for body, field in cases:
        response = api("admin", "post", "/api/v1/links/", body)
        assert response.status_code == 422, body
        assert response.json()["detail"][0]["field"] == field, response.json()
    assert TrackedLink.objects.count() == 0


def test_an_outsider_cannot_use_our_objects(world, api, offer) -> None:
    response = api(
        "outsider", "post", "/api/v1/links/", {"target_type": "job", "job": offer.pk, "channel": "x"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "job"
