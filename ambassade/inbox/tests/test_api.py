"""The inbox API: list with filters and pagination, one conversation with its messages, recording a
reply, changing status and assignee; bad parameters are 422s naming them, foreign objects 404s."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from ambassade.api.services import api_token_create
from ambassade.inbox import services
from ambassade.inbox.tests.support import age, ask_create, hours_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world):
    client = Client()
    tokens = {persona: api_token_create(user=user, name="t")[1] for persona, user in world.users.items()}

    def call(persona: str, method: str, path: str, *, body: Any = None, **params: Any):
        headers = {"Authorization": f"Bearer {tokens[persona]}", "Accept-Language": "en"}
        if method == "get":
            return client.get(path, params, headers=headers)
        send = getattr(client, method)
        return send(path, json.dumps(body or {}), content_type="application/json", headers=headers)

    return call


def test_the_list_filters_and_paginates(world, api) -> None:
    late = age(ask_create(world.hq), hours_ago(30))
    ask_create(world.hq, email="b@example.net")
    response = api("recruiter", "get", "/api/v1/conversations/", overdue="true")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1 and data["items"][0]["id"] == late.pk and data["items"][0]["overdue"] is True
    assert api("admin", "get", "/api/v1/conversations/", limit=1).json()["count"] == 2
    assert api("admin", "get", "/api/v1/conversations/", channel="ask", status="new").json()["count"] == 2


def test_a_bad_filter_is_a_422_naming_it(world, api) -> None:
    response = api("admin", "get", "/api/v1/conversations/", status="lost")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "status"]
    assert api("admin", "get", "/api/v1/conversations/", assignee="bob").status_code == 422


def test_one_conversation_comes_with_its_messages(world, api) -> None:
    conversation = ask_create(world.hq)
    services.note_add(actor=world.users["comms"], conversation=conversation, body="À voir")
    data = api("comms", "get", f"/api/v1/conversations/{conversation.pk}").json()
    assert [message["direction"] for message in data["messages"]] == ["in", "note"]
    assert data["email"] == "lea.dupont@example.net"
    assert api("outsider", "get", f"/api/v1/conversations/{conversation.pk}").status_code == 404
    assert api("employee", "get", f"/api/v1/conversations/{conversation.pk}").status_code == 403


def test_recording_a_reply_sets_the_first_response(world, api) -> None:
    conversation = age(ask_create(world.hq), hours_ago(4))
    at = hours_ago(1).isoformat()
    response = api(
        "recruiter",
        "post",
        f"/api/v1/conversations/{conversation.pk}/replies/",
        body={"text": "Oui", "at": at},
    )
    assert response.status_code == 201
    conversation.refresh_from_db()
    assert conversation.first_response_at is not None
    assert conversation.first_response_at.isoformat() == at and conversation.status == "answered"
    future = api(
        "recruiter",
        "post",
        f"/api/v1/conversations/{conversation.pk}/replies/",
        body={"text": "x", "at": "2099-01-01T00:00:00Z"},
    )
    assert future.status_code == 422
    naive = api(
        "admin",
        "post",
        f"/api/v1/conversations/{conversation.pk}/replies/",
        body={"text": "y", "at": "2099-01-01T00:00:00"},
    )
    assert naive.status_code == 422


def test_patch_changes_status_and_assignee(world, api) -> None:
    conversation = ask_create(world.hq)
    recruiter = world.users["recruiter"]
    response = api(
        "admin",
        "patch",
        f"/api/v1/conversations/{conversation.pk}",
        body={"assignee": recruiter.pk, "status": "waiting"},
    )
    assert response.status_code == 200
    assert (response.json()["assignee"], response.json()["status"]) == (recruiter.pk, "waiting")
    manager = world.users["manager"]
    refused = api("admin", "patch", f"/api/v1/conversations/{conversation.pk}", body={"assignee": manager.pk})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "assignee"]
    cleared = api("admin", "patch", f"/api/v1/conversations/{conversation.pk}", body={"assignee": 0})
    assert cleared.json()["assignee"] is None
