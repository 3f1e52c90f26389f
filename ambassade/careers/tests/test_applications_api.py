"""/api/v1/applications/: recruiters and HR admins list, read and move applications."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from ambassade.api.services import api_token_create
from ambassade.careers.applications import application_erase
from ambassade.careers.models import Application, JobOffer
from ambassade.careers.tests.application_factories import application_create, offer_create, pdf_bytes
from ambassade.core.models import AuditEvent
from ambassade.links.models import TrackedLink
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db

URL = "/api/v1/applications/"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path
    yield


@pytest.fixture
def offer(world: World) -> JobOffer:
    return offer_create(world.hq)


def _headers(world: World, persona: str) -> dict[str, str]:
    _token, secret = api_token_create(user=world.users[persona], name="test")
    return {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}


def test_a_recruiter_lists_applications_with_their_source(client, world, offer) -> None:
    link = TrackedLink.objects.create(
        organisation=world.organisation,
        code="api001",
        target_type="job",
        job=offer,
        channel="bluesky",
        ambassador=world.people["comms"],
    )
    application_create(offer, cv=pdf_bytes(), source_link=link, source_channel="bluesky")
    body = client.get(URL, headers=_headers(world, "recruiter")).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["offer"] == offer.pk and item["stage"] == "received"
    assert item["source"] == {
        "channel": "bluesky",
        "link": link.pk,
        "link_code": "api001",
        "campaign": None,
        "ambassador": "Camille Comm",
    }
    assert item["cv_url"].endswith(f"/applications/{item['id']}/cv/")


def test_the_list_filters_by_offer_and_stage_and_pages(client, world, offer) -> None:
    other = offer_create(world.hq)
    for number in range(3):
        application_create(offer, email=f"a{number}@example.net")
    application_create(offer, stage="interview")
    application_create(other)
    headers = _headers(world, "admin")
    assert client.get(URL, {"offer": offer.pk}, headers=headers).json()["count"] == 4
    assert client.get(URL, {"offer": offer.pk, "stage": "interview"}, headers=headers).json()["count"] == 1
    page = client.get(URL, {"limit": 2, "offset": 2}, headers=headers).json()
    assert page["count"] == 5 and len(page["items"]) == 2


def test_bad_filters_name_the_parameter(client, world, offer) -> None:
    headers = _headers(world, "recruiter")
    response = client.get(URL, {"stage": "shortlisted"}, headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "stage"]
    foreign = client.get(URL, {"offer": 999999}, headers=headers)
    assert foreign.status_code == 422
    assert foreign.json()["detail"][0] == {
        "loc": ["query", "offer"],
        "field": "offer",
        "msg": "No job offer has the id 999999.",
        "type": "invalid",
    }


def test_erased_applications_are_not_listed(client, world, offer) -> None:
    erased = application_create(offer)
    application_erase(pk=erased.pk, reason="test")
    assert client.get(URL, headers=_headers(world, "recruiter")).json()["count"] == 0
    assert client.get(f"{URL}{erased.pk}", headers=_headers(world, "recruiter")).status_code == 404


def test_comms_are_refused_with_a_reason(client, world) -> None:
    response = client.get(URL, headers=_headers(world, "comms"))
    assert response.status_code == 403
    assert response.json() == {"detail": "Only recruiters and HR admins can see applications."}


def test_a_recruiter_moves_an_application_and_it_is_audited(client, world, offer) -> None:
    application = application_create(offer)
    response = client.patch(
        f"{URL}{application.pk}",
        json.dumps({"stage": "rejected"}),
        content_type="application/json",
        headers=_headers(world, "recruiter"),
    )
    assert response.status_code == 200
    assert response.json()["stage"] == "rejected" and response.json()["decided_at"] is not None
    assert Application.objects.get().stage == "rejected"
    assert AuditEvent.objects.get(action="application.move").actor == world.users["recruiter"]


def test_a_patch_refuses_unknown_stages_and_fields(client, world, offer) -> None:
    application = application_create(offer)
    headers = _headers(world, "recruiter")
    for payload, field in (({"stage": "maybe"}, "stage"), ({"email": "x@example.net"}, "email")):
        response = client.patch(
            f"{URL}{application.pk}", json.dumps(payload), content_type="application/json", headers=headers
        )
        assert response.status_code == 422
        assert response.json()["detail"][0]["field"] == field
    assert Application.objects.get().stage == "received"


def test_another_organisation_s_application_is_not_found(client, world, offer) -> None:
    application = application_create(offer)
    headers = _headers(world, "outsider")
    assert client.get(f"{URL}{application.pk}", headers=headers).status_code == 404
    response = client.patch(
        f"{URL}{application.pk}",
        json.dumps({"stage": "hired"}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 404
    assert Application.objects.get().stage == "received"
