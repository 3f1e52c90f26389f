"""The listening API: sources and mentions for HR admins and communication officers only, secrets never
shown, the stream's filters (query language included) with a 422 naming a bad one, and label corrections."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from ambassade.api.services import api_token_create
from ambassade.listening.models import LabelCorrection, Source
from ambassade.listening.tests.support import (
    FakeConnector,
    encoder_hashing,
    fake_connector,
    mention_make,
    source_make,
)
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _hashing(settings) -> None:
    encoder_hashing(settings)


@pytest.fixture
def fake() -> Iterator[FakeConnector]:
    yield from fake_connector("feed")


@pytest.fixture
def api(world: World):
    client = Client()
    tokens = {persona: api_token_create(user=user, name="t")[1] for persona, user in world.users.items()}

    def call(persona: str, method: str, path: str, *, body: Any = None, language: str = "en", **params: Any):
        headers = {"Authorization": f"Bearer {tokens[persona]}", "Accept-Language": language}
        if method == "get":
            return client.get(path, params, headers=headers)
        if method == "delete":
            return client.delete(path, headers=headers)
        send = client.patch if method == "patch" else client.post
        return send(path, json.dumps(body or {}), content_type="application/json", headers=headers)

    return call


@pytest.mark.parametrize("persona", ["recruiter", "manager", "employee"])
def test_other_roles_are_refused(world, api, persona) -> None:
    response = api(persona, "get", "/api/v1/mentions/")
    assert response.status_code == 403 and "communication officers" in response.json()["detail"]
    assert api(persona, "get", "/api/v1/sources/").status_code == 403


def test_another_organisation_s_objects_are_not_found(world, api) -> None:
    source = source_make(world.organisation)
    mention = mention_make(source, "Un avis sur le recrutement")
    assert api("outsider", "get", f"/api/v1/sources/{source.pk}").status_code == 404
    assert api("outsider", "get", f"/api/v1/mentions/{mention.pk}").status_code == 404
    assert api("outsider", "get", "/api/v1/mentions/").json()["count"] == 0
    body = {"task": "sentiment", "label": "negative"}
    assert api("outsider", "post", f"/api/v1/mentions/{mention.pk}/labels/", body=body).status_code == 404


def test_a_source_is_created_with_its_secret_never_shown_back(world, api, fake) -> None:
    body = {
        "name": "Alertes",
        "kind": "feed",
        "config": {"url": "https://a.example/feed"},
        "secret": "tok-123",
    }
    response = api("comms", "post", "/api/v1/sources/", body=body)
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["has_secret"] is True and "tok-123" not in response.content.decode()
    assert Source.objects.get(pk=created["id"]).secret == "tok-123"
    listed = api("admin", "get", "/api/v1/sources/").json()
    assert listed["count"] == 1 and "tok-123" not in json.dumps(listed)


def test_a_bad_source_is_refused_naming_the_field(world, api, fake) -> None:
    response = api("admin", "post", "/api/v1/sources/", body={"name": "", "kind": "feed"})
    assert response.status_code == 422
    assert [item["field"] for item in response.json()["detail"]] == ["name"]
    response = api(
        "admin", "post", "/api/v1/sources/", body={"name": "X", "kind": "feed", "query": "(emploi"}
    )
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "query"
    response = api("admin", "post", "/api/v1/sources/", body={"name": "X", "kind": "manual"})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "kind"


def test_a_source_is_changed_and_deleted(world, api, fake) -> None:
    source = source_make(world.organisation, secret="old")
    response = api(
        "admin", "patch", f"/api/v1/sources/{source.pk}", body={"name": "Renommée", "active": False}
    )
    assert response.status_code == 200 and response.json()["name"] == "Renommée"
    assert response.json()["active"] is False
    source.refresh_from_db()
    assert source.secret == "old"
    response = api("admin", "patch", f"/api/v1/sources/{source.pk}", body={"secret": "new"})
    assert response.status_code == 200 and Source.objects.get(pk=source.pk).secret == "new"
    assert api("admin", "delete", f"/api/v1/sources/{source.pk}").status_code == 204
    assert not Source.objects.filter(pk=source.pk).exists()


def test_mentions_come_with_their_enrichment_and_filters(world, api) -> None:
    source = source_make(world.organisation)
    other = source_make(world.organisation, name="Mastodon", kind="mastodon_hashtag", config={})
    question = mention_make(
        source, "Comment se passe l'entretien pour un stage à la Région ?", venue="reddit.com"
    )
    mention_make(other, "Le télétravail est super bien organisé, bravo", venue="mastodon.social")
    mention_make(source, "Quelle galère ce processus de recrutement, aucune réponse", sentiment="negative")
    body = api("comms", "get", "/api/v1/mentions/").json()
    assert body["count"] == 3
    row = next(item for item in body["items"] if item["id"] == question.pk)
    assert row["intent"] == "question" and row["is_question"] and row["lang"] == "fr"
    assert "internships" in row["themes"] and row["venue"] == "reddit.com" and row["tier"] == "immediate"
    assert api("comms", "get", "/api/v1/mentions/", venue="mastodon.social").json()["count"] == 1
    assert api("comms", "get", "/api/v1/mentions/", source=other.pk).json()["count"] == 1
    assert api("comms", "get", "/api/v1/mentions/", sentiment="negative").json()["count"] == 1
    assert api("comms", "get", "/api/v1/mentions/", q='entretien OR "télétravail"').json()["count"] == 2
    assert api("comms", "get", "/api/v1/mentions/", q="recrutement NOT galere").json()["count"] == 0
    assert api("comms", "get", "/api/v1/mentions/", theme="remote-work").json()["count"] == 1
    page = api("comms", "get", "/api/v1/mentions/", limit=1, offset=1).json()
    assert page["count"] == 3 and len(page["items"]) == 1


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("sentiment", "angry"),
        ("intent", "rant"),
        ("since", "2026-13-01"),
        ("until", "yesterday"),
        ("theme", "nope"),
        ("source", "abc"),
        ("q", '"unclosed'),
        ("lang", "f1"),
        ("until", "9999-12-31"),
        ("since", "0001-01-01"),
        ("source", "99999999999999999999999"),
        ("limit", "0"),
        ("limit", "100000"),
        ("offset", "-1"),
        ("q", "x" * 2001),
    ],
)
def test_a_bad_filter_is_a_422_naming_it(world, api, parameter, value) -> None:
    response = api("admin", "get", "/api/v1/mentions/", **{parameter: value})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["query", parameter] and detail[0]["msg"]


def test_a_filter_error_speaks_french_when_asked(world, api) -> None:
    response = api("admin", "get", "/api/v1/mentions/", language="fr", since="demain")
    assert response.status_code == 422 and response.headers["Content-Language"] == "fr"


def test_a_label_is_corrected_through_the_api(world, api) -> None:
    mention = mention_make(source_make(world.organisation), "Les horaires sont corrects", sentiment="neutral")
    body = {"task": "sentiment", "label": "positive"}
    response = api("comms", "post", f"/api/v1/mentions/{mention.pk}/labels/", body=body)
    assert response.status_code == 201 and response.json()["sentiment"] == "positive"
    assert response.json()["corrected"] is True
    assert LabelCorrection.objects.get().corrected_by == world.users["comms"]
    response = api(
        "comms", "post", f"/api/v1/mentions/{mention.pk}/labels/", body={"task": "theme", "label": "x"}
    )
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "label"


def test_a_source_of_another_organisation_is_not_a_filter(world, api) -> None:
    foreign = source_make(world.foreign_organisation)
    mention_make(foreign, "Un avis ailleurs")
    response = api("admin", "get", "/api/v1/mentions/", source=foreign.pk)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "source"]


def test_the_mention_list_takes_a_fixed_number_of_queries(world, api, django_assert_max_num_queries) -> None:
    source = source_make(world.organisation)
    for index in range(3):
        mention_make(source, f"Avis {index} sur le télétravail", themes=["remote-work"])
    api("comms", "get", "/api/v1/mentions/")
    with django_assert_max_num_queries(12) as few:
        api("comms", "get", "/api/v1/mentions/")
    for index in range(3, 15):
        mention_make(source, f"Avis {index} sur le télétravail", themes=["remote-work", "pay"])
    with django_assert_max_num_queries(len(few)):
        body = api("comms", "get", "/api/v1/mentions/").json()
    assert body["count"] == 15 and body["items"][0]["themes"] == ["remote-work", "pay"]


def test_secrets_stay_out_of_the_audit_trail(world, api, fake) -> None:
    from ambassade.core.models import AuditEvent

    body = {"name": "Compte", "kind": "feed", "config": {"url": "https://a.example/feed"}, "secret": "tok-1"}
    created = api("admin", "post", "/api/v1/sources/", body=body).json()
    api("admin", "patch", f"/api/v1/sources/{created['id']}", body={"secret": "tok-2"})
    trail = json.dumps(list(AuditEvent.objects.values_list("changes", flat=True)), default=str)
    assert "tok-1" not in trail and "tok-2" not in trail and "tok-" not in json.dumps(created)
