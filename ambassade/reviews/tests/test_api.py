"""The reviews API: start a review, follow it, list them; bad input is a 422 naming the field."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from ambassade.api.services import api_token_create
from ambassade.reviews import services
from ambassade.reviews.models import ReviewReport

pytestmark = pytest.mark.django_db


def _client(world, persona: str = "admin") -> tuple[Client, dict[str, Any]]:
    _token, raw = api_token_create(user=world.users[persona], name="test")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_a_review_is_started_followed_and_listed(world, django_capture_on_commit_callbacks) -> None:
    client, headers = _client(world, "comms")
    today = services.organisation_today(world.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/reviews/",
            {
                "from": (today - timedelta(days=30)).isoformat(),
                "to": today.isoformat(),
                "entity": "siege",
                "language": "en",
            },
            content_type="application/json",
            **headers,
        )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["from"] == (today - timedelta(days=30)).isoformat() and created["entity"] == "siege"
    assert created["status"] == "queued"
    detail = client.get(f"/api/v1/reviews/{created['id']}", **headers).json()
    assert detail["status"] == "done" and detail["progress"] == 100
    assert detail["pdf_url"] == f"/reviews/{created['id']}/download/pdf/"
    listing = client.get("/api/v1/reviews/", **headers).json()
    assert [item["id"] for item in listing["items"]] == [created["id"]]


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"from": "2026-02-30", "to": "2026-03-01"}, ["body", "from"]),
        ({"from": "2026-03-01", "to": "2026-02-01"}, ["body", "from"]),
        ({"from": "2026-03-01", "to": "2026-03-02", "entity": "nowhere"}, ["body", "entity"]),
        ({"from": "2026-03-01", "to": "2026-03-02", "language": "de"}, ["body", "language"]),
    ],
)
def test_bad_input_is_a_422_naming_the_field(world, body, loc) -> None:
    client, headers = _client(world)
    response = client.post("/api/v1/reviews/", body, content_type="application/json", **headers)
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == loc
    assert not ReviewReport.objects.exists()
