"""The rewards API: the active catalogue, requests (employees see their own, HR admins all of the
organisation), requesting an item, and the caller's points with their ledger."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from ambassade.ambassadors.models import PointsEntry
from ambassade.api.services import api_token_create
from ambassade.rewards.models import RewardRequest
from ambassade.rewards.services import reward_request_refuse
from ambassade.rewards.tests.support import enrolled, item_make, request_make
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world: World):
    client = Client()
    tokens = {persona: api_token_create(user=user, name="t")[1] for persona, user in world.users.items()}

    def call(persona: str, method: str, path: str, *, body: Any = None, language: str = "en", **params: Any):
        headers = {"Authorization": f"Bearer {tokens[persona]}", "Accept-Language": language}
        if method == "get":
            return client.get(path, params, headers=headers)
        return client.post(path, json.dumps(body or {}), content_type="application/json", headers=headers)

    return call


def test_every_member_reads_the_active_catalogue_of_their_organisation(world, api) -> None:
    item_make(
        world.organisation, name="Mug", cost=80, stock=0, with_photo=True, handed_out_by=world.people["comms"]
    )
    item_make(world.organisation, name="Livre", cost=200)
    item_make(world.organisation, name="Ancien", cost=10, active=False)
    item_make(world.foreign_organisation, name="Étranger", cost=10)
    body = api("recruiter", "get", "/api/v1/rewards/").json()
    assert body["count"] == 2
    mug, book = body["items"]
    assert (mug["name"], mug["cost"], mug["stock"], mug["available"]) == ("Mug", 80, 0, False)
    assert mug["photo"].endswith(f"/rewards/{mug['id']}/photo/") and mug["handed_out_by"] == "Camille Comm"
    assert (book["stock"], book["available"], book["photo"]) == (None, True, None)


def test_an_employee_reads_only_their_own_requests_and_an_hr_admin_every_one(world, api) -> None:
    mine = request_make(world, item=item_make(world.organisation, name="Mug", cost=10))
    request_make(world, item=item_make(world.organisation, name="Livre", cost=10), persona="manager")
    body = api("employee", "get", "/api/v1/rewards/requests/").json()
    assert [row["id"] for row in body["items"]] == [mine.pk]
    assert body["items"][0]["person"] == "Émile Employé" and body["items"][0]["status"] == "requested"
    assert api("admin", "get", "/api/v1/rewards/requests/").json()["count"] == 2
    assert api("outsider", "get", "/api/v1/rewards/requests/").json()["count"] == 0
    assert api("admin", "get", "/api/v1/rewards/requests/", status="approved").json()["count"] == 0


def test_an_enrolled_ambassador_requests_an_item_and_its_points_are_spent(world, api) -> None:
    enrolled(world.people["employee"], points=100)
    item = item_make(world.organisation, name="T-shirt", cost=60, stock=2)
    response = api(
        "employee", "post", "/api/v1/rewards/requests/", body={"item": item.pk, "note": "Taille L"}
    )
    assert response.status_code == 201
    created = response.json()
    assert (created["item_name"], created["cost"], created["note"], created["status"]) == (
        "T-shirt",
        60,
        "Taille L",
        "requested",
    )
    points = api("employee", "get", "/api/v1/me/points/").json()
    assert (points["balance"], points["lifetime"]) == (40, 100)


def test_someone_not_enrolled_gets_a_403_saying_to_join_in_their_language(world, api) -> None:
    item = item_make(world.organisation, cost=10)
    english = api("recruiter", "post", "/api/v1/rewards/requests/", body={"item": item.pk})
    french = api("recruiter", "post", "/api/v1/rewards/requests/", body={"item": item.pk}, language="fr")
    assert english.status_code == french.status_code == 403
    assert english.json()["detail"].startswith("Only enrolled ambassadors can request rewards")
    assert french.json()["detail"].startswith("Seuls les ambassadeurs inscrits peuvent demander")


def test_bad_requests_are_422_naming_the_problem_and_spend_nothing(world, api) -> None:
    enrolled(world.people["employee"], points=50)
    foreign = item_make(world.foreign_organisation, cost=10)
    dear = item_make(world.organisation, name="iPad mini", cost=2500)
    gone = item_make(world.organisation, name="Mug", cost=10, stock=0)
    unknown = api("employee", "post", "/api/v1/rewards/requests/", body={"item": foreign.pk})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "item"]
    poor = api("employee", "post", "/api/v1/rewards/requests/", body={"item": dear.pk})
    assert poor.status_code == 422 and "2500" in poor.json()["detail"][0]["msg"]
    empty = api("employee", "post", "/api/v1/rewards/requests/", body={"item": gone.pk}, language="fr")
    assert empty.status_code == 422
    assert empty.json()["detail"][0]["field"] == "item"
    assert empty.json()["detail"][0]["msg"] == "«\u00a0Mug\u00a0» est en rupture de stock."
    extra = api("employee", "post", "/api/v1/rewards/requests/", body={"item": dear.pk, "cost": 1})
    assert extra.status_code == 422
    assert not RewardRequest.objects.exists()
    assert PointsEntry.objects.filter(reason=PointsEntry.Reason.REDEMPTION).count() == 0


def test_my_points_give_balance_lifetime_level_and_the_ledger_page_by_page(world, api) -> None:
    request = request_make(world, item=item_make(world.organisation, name="Mug", cost=60))
    enrolled(world.people["employee"], points=10)
    reward_request_refuse(actor=world.users["admin"], request=request, note="Épuisé")
    body = api("employee", "get", "/api/v1/me/points/", limit=2).json()
    assert (body["balance"], body["lifetime"], body["count"], body["enrolled"]) == (70, 70, 4, True)
    assert body["level"] == {"name": "Relais", "threshold": 50}
    assert body["next_level"]["name"] == "Ambassadeur·rice" and body["to_next_level"] == 80
    assert [row["reason"] for row in body["items"]] == ["refund", "training"]
    assert (
        body["items"][0]["points"] == 60
        and body["items"][0]["reason_label"] == "Reward request refused or cancelled"
    )
    second = api("employee", "get", "/api/v1/me/points/", limit=2, offset=2).json()
    assert [row["reason"] for row in second["items"]] == ["redemption", "training"]


def test_someone_outside_the_programme_has_no_points(world, api) -> None:
    body = api("recruiter", "get", "/api/v1/me/points/").json()
    assert (body["balance"], body["lifetime"], body["count"], body["enrolled"], body["level"]) == (
        0,
        0,
        0,
        False,
        {"name": "Curieux·se", "threshold": 0},
    )
