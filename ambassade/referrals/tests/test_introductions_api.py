"""/api/v1/introductions/: employees introduce and list their own; recruiters and HR admins list the
confirmed ones, and of the pending ones only a count."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client, TestCase

from ambassade.api.services import api_token_create
from ambassade.careers.models import JobOffer
from ambassade.careers.tests.application_factories import offer_create
from ambassade.referrals.models import Introduction
from ambassade.referrals.tests.introductions_factories import answer_data, answer_url, introduce
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world: World):
    client = Client()
    tokens: dict[str, str] = {}

    def call(persona: str, method: str, body: Any = None, *, language: str = "en", **params: Any) -> Any:
        if persona not in tokens:
            tokens[persona] = api_token_create(user=world.users[persona], name="tests")[1]
        headers = {"Authorization": f"Bearer {tokens[persona]}", "Accept-Language": language}
        if method == "get":
            return client.get("/api/v1/introductions/", data=params, headers=headers)
        with TestCase.captureOnCommitCallbacks(execute=True):
            return client.post(
                "/api/v1/introductions/",
                data=json.dumps(body),
                content_type="application/json",
                headers=headers,
            )

    return call


def _body(offer: JobOffer | None, **values: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "offer": offer.pk if offer is not None else None,
        "contact_name": "Claire Contact",
        "contact_email": "claire@example.net",
        "relationship": "former_colleague",
        "relationship_note": "Lyon",
        "language": "en",
    }
    body.update(values)
    return body


def test_an_employee_introduces_a_contact_through_the_api(world, api) -> None:
    offer = offer_create(world.hq)
    response = api("employee", "post", _body(offer))
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "pending" and data["introducer_status"] == "pending"
    assert data["offer"] == offer.pk and data["introducer"] == world.people["employee"].pk
    assert data["contact_email"] == "claire@example.net" and data["application"] is None
    assert "e-mail" in data["notice"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["claire@example.net"]


def test_a_profile_only_introduction_returns_the_message_to_copy(world, api) -> None:
    body = _body(None, contact_email="", contact_profile_url="https://www.linkedin.com/in/claire")
    data = api("employee", "post", body).json()
    assert data["offer"] is None and data["entity"] == world.people["employee"].entity_id
    assert "/introduction/" in data["message_to_copy"]
    assert mail.outbox == []


def test_bad_input_is_refused_naming_the_field_in_the_client_s_language(world, api) -> None:
    offer = offer_create(world.hq)
    response = api("employee", "post", _body(offer, contact_email="", contact_profile_url=""))
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "contact_email"],
            "field": "contact_email",
            "msg": "Enter your contact's e-mail address, or the address of their professional profile.",
            "type": "invalid",
        }
    ]
    french = api(
        "employee", "post", _body(offer, contact_email=world.people["employee"].email), language="fr"
    )
    assert french.json()["detail"][0]["field"] == "contact_email"
    assert french.json()["detail"][0]["msg"].startswith("C'est votre propre adresse")
    unknown = api("employee", "post", {**_body(None), "offer": 999_999})
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["body", "offer"]
    assert not Introduction.objects.exists()


def test_a_member_without_an_hr_record_cannot_introduce(world, api) -> None:
    response = api("outsider", "post", _body(None))
    assert response.status_code == 403
    assert "HR record" in response.json()["detail"]


def test_an_address_already_a_candidate_is_created_pending_and_says_nothing_about_it(world, api) -> None:
    from ambassade.careers.tests.application_factories import application_create

    offer = offer_create(world.hq)
    application_create(offer, email="claire@example.net")
    data = api("employee", "post", _body(offer)).json()
    assert data["status"] == "pending" and data["introducer_status"] == "pending"
    assert data["notice"].startswith("Thank you!")


def test_an_employee_lists_their_own_introductions_only(world, api) -> None:
    mine = introduce(world)
    introduce(world, persona="manager")
    data = api("employee", "get").json()
    assert data["count"] == 1 and data["pending"] is None
    assert [item["id"] for item in data["items"]] == [mine.pk]
    assert data["items"][0]["contact_name"] == "Claire Contact"


def test_a_recruiter_lists_confirmed_introductions_and_only_counts_pending_ones(world, api, client) -> None:
    pending = introduce(world, contact_name="Paul Pending", contact_email="paul@example.net")
    confirmed = introduce(world, persona="manager", contact_email="claire@example.net")
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(answer_url(confirmed), answer_data()).status_code == 200
    for persona in ("recruiter", "admin"):
        response = api(persona, "get")
        data = response.json()
        assert data["count"] == 1 and data["pending"] == 1
        assert data["items"][0]["id"] == confirmed.pk
        assert data["items"][0]["application"] is not None
        assert data["items"][0]["introducer_name"] == "Maëlle Manager"
        text = response.content.decode()
        assert (
            "Paul" not in text
            and "paul@example.net" not in text
            and str(pending.pk) not in [str(item["id"]) for item in data["items"]]
        )


def test_an_introducer_never_gets_the_application_through_the_api(world, api, client) -> None:
    introduction = introduce(world, contact_email="claire@example.net")
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(answer_url(introduction), answer_data(phone="+33 6 11 22 33 44", message="Secret note"))
    response = api("employee", "get")
    item = response.json()["items"][0]
    assert item["status"] == "confirmed" and item["application"] is None
    assert "Secret note" not in response.content.decode() and "33 44" not in response.content.decode()


def test_a_recruiter_may_list_their_own_with_mine(world, api) -> None:
    own = introduce(world, persona="recruiter")
    data = api("recruiter", "get", mine="true").json()
    assert data["pending"] is None and [item["id"] for item in data["items"]] == [own.pk]


def test_the_list_is_paginated_like_the_others(world, api) -> None:
    offer = offer_create(world.hq)
    for _index in range(3):
        introduce(world, offer=offer)
    data = api("employee", "get", limit=2, offset=1).json()
    assert data["count"] == 3 and len(data["items"]) == 2
    assert api("employee", "get", limit=0).status_code == 422
