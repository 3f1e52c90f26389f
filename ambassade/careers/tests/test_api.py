"""/api/v1/jobs/: read by every member, written by recruiters and HR admins."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ambassade.api.services import api_token_create
from ambassade.careers.models import JobOffer
from ambassade.careers.tests.factories import job_offer_create
from ambassade.core.models import AuditEvent
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world: World):
    tokens = {persona: api_token_create(user=user, name="tests")[1] for persona, user in world.users.items()}
    client = Client()

    def call(persona: str, method: str, path: str, body: Any = None, **params: Any):
        headers = {"Authorization": f"Bearer {tokens[persona]}", "Accept-Language": "en"}
        if method == "get":
            return client.get(path, params, headers=headers)
        return getattr(client, method)(
            path, json.dumps(body), content_type="application/json", headers=headers
        )

    return call


def _payload(world: World, **values: Any) -> dict[str, Any]:
    payload = {
        "entity": world.hq.pk,
        "department": world.service.pk,
        "reference": "API-1",
        "category": "Communication",
        "contract_type": "FULL_TIME",
        "remote_policy": "on_site",
        "locations": [
            {
                "street": "1 place X",
                "postal_code": "13001",
                "city": "Marseille",
                "region": "PACA",
                "country": "fr",
            }
        ],
        "salary_min": 2100.5,
        "salary_max": 2600,
        "salary_period": "MONTH",
        "closes_on": (timezone.localdate() + timedelta(days=15)).isoformat(),
        "texts": {
            "fr": {"title": "Chargé·e de communication", "description": "<p>Écrire.</p><script>x()</script>"},
            "en": {"title": "Communication officer", "description": "<p>Write.</p>"},
        },
    }
    payload.update(values)
    return payload


def test_a_recruiter_creates_and_publishes_an_offer_in_one_call(world: World, api) -> None:
    response = api("recruiter", "post", "/api/v1/jobs/", _payload(world, status="published"))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "published" and body["is_open"] is True
    assert body["locations"][0]["country"] == "FR"
    assert body["texts"]["fr"] == {"title": "Chargé·e de communication", "description": "<p>Écrire.</p>"}
    assert body["salary_min"] == 2100.5 and body["salary_period"] == "MONTH"
    assert body["url"] == f"http://127.0.0.1:8000/careers/siege/jobs/{body['id']}-charge-e-de-communication/"
    assert AuditEvent.objects.filter(action="job_offer.publish", actor=world.users["recruiter"]).exists()


def test_a_refused_publication_writes_nothing(world: World, api) -> None:
    response = api("admin", "post", "/api/v1/jobs/", _payload(world, locations=[], status="published"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "locations"]
    assert not JobOffer.objects.exists()


def test_errors_name_the_field_of_the_body(world: World, api) -> None:
    response = api("admin", "post", "/api/v1/jobs/", _payload(world, department=world.subsidiary_service.pk,
                                                               salary_min=9000, salary_max=10))  # fmt: skip
    fields = {item["field"] for item in response.json()["detail"]}
    assert response.status_code == 422 and fields == {"department", "salary_max"}
    bad_text = {"fr": {"title": "Titre", "description": "<script>only</script>"}}
    response = api("admin", "post", "/api/v1/jobs/", _payload(world, texts=bad_text))
    assert response.json()["detail"][0]["field"] == "texts.fr.description"
    response = api(
        "admin", "post", "/api/v1/jobs/", _payload(world, locations=[{"city": "Lyon", "country": "France"}])
    )
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][:3] == ["body", "locations", 0]
    foreign = world.foreign_department
    assert foreign is not None
    response = api("admin", "post", "/api/v1/jobs/", _payload(world, department=foreign.pk))
    assert response.json()["detail"][0]["msg"] == f"No department has the id {foreign.pk}."


def test_a_duplicate_reference_is_named(world: World, api) -> None:
    job_offer_create(world.hq, reference="API-1")
    response = api("recruiter", "post", "/api/v1/jobs/", _payload(world))
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "reference"


def test_a_patch_changes_only_what_it_names_and_moves_the_status(world: World, api) -> None:
    offer = job_offer_create(world.hq, category="RH")
    response = api(
        "recruiter", "patch", f"/api/v1/jobs/{offer.pk}", {"texts": {"en": None}, "status": "closed"}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "closed" and set(body["texts"]) == {"fr"} and body["category"] == "RH"
    body = api("recruiter", "patch", f"/api/v1/jobs/{offer.pk}", {"status": "published"}).json()
    assert body["status"] == "published"
    response = api("recruiter", "patch", f"/api/v1/jobs/{offer.pk}", {"status": "draft"})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "status"


def test_scheduling_through_the_api_needs_a_moment(world: World, api) -> None:
    offer = job_offer_create(world.hq, status=JobOffer.Status.DRAFT)
    response = api("admin", "patch", f"/api/v1/jobs/{offer.pk}", {"status": "scheduled"})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "publish_at"
    moment = (timezone.now() + timedelta(days=3)).isoformat()
    body = api(
        "admin", "patch", f"/api/v1/jobs/{offer.pk}", {"status": "scheduled", "publish_at": moment}
    ).json()
    assert body["status"] == "scheduled" and body["publish_at"] is not None


def test_employees_read_published_offers_only(world: World, api) -> None:
    published = job_offer_create(world.hq)
    draft = job_offer_create(world.hq, status=JobOffer.Status.DRAFT)
    ids = [item["id"] for item in api("employee", "get", "/api/v1/jobs/").json()["items"]]
    assert ids == [published.pk]
    assert api("employee", "get", f"/api/v1/jobs/{draft.pk}").status_code == 404
    assert {item["id"] for item in api("comms", "get", "/api/v1/jobs/").json()["items"]} == {
        published.pk,
        draft.pk,
    }


def test_the_list_filters_and_paginates(world: World, api) -> None:
    for index in range(3):
        job_offer_create(world.hq, title=f"Agent d'accueil {index}")
    job_offer_create(world.subsidiary, title="Conducteur de bus", status=JobOffer.Status.DRAFT)
    body = api("admin", "get", "/api/v1/jobs/", limit=2).json()
    assert body["count"] == 4 and len(body["items"]) == 2
    assert api("admin", "get", "/api/v1/jobs/", entity=world.subsidiary.pk).json()["count"] == 1
    assert api("admin", "get", "/api/v1/jobs/", status="draft").json()["count"] == 1
    assert api("admin", "get", "/api/v1/jobs/", q="bus").json()["count"] == 1
    assert world.foreign_department is not None
    response = api("admin", "get", "/api/v1/jobs/", entity=world.foreign_department.entity_id)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "entity"]
    assert api("admin", "get", "/api/v1/jobs/", status="nonsense").status_code == 422


def test_managers_and_comms_cannot_write(world: World, api) -> None:
    offer = job_offer_create(world.hq)
    for persona in ("comms", "manager", "employee"):
        response = api(persona, "patch", f"/api/v1/jobs/{offer.pk}", {"category": "X"})
        assert response.status_code == 403
        assert response.json()["detail"] == "Only recruiters and HR admins can change job offers."
