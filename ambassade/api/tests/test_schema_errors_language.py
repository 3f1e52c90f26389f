"""The schema, the docs page, and the shape and language of errors."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/training/impact/{id}/": {"get"},
    "/api/v1/network/overview/": {"get"},
    "/api/v1/analytics/overview/": {"get"},
    "/api/v1/analytics/page-followers/": {"get", "post"},
    "/api/v1/reviews/": {"get", "post"},
    "/api/v1/reviews/{id}": {"get"},
    "/api/v1/training/sessions/": {"get"},
    "/api/v1/training/sessions/{id}": {"get"},
    "/api/v1/sources/": {"get", "post"},
    "/api/v1/sources/{id}": {"get", "patch", "delete"},
    "/api/v1/mentions/": {"get"},
    "/api/v1/mentions/{id}": {"get"},
    "/api/v1/mentions/{id}/labels/": {"post"},
    "/api/v1/conversations/": {"get"},
    "/api/v1/conversations/{id}": {"get", "patch"},
    "/api/v1/conversations/{id}/replies/": {"post"},
    "/api/v1/entities/": {"get", "post"},
    "/api/v1/entities/{id}": {"get", "patch"},
    "/api/v1/departments/": {"get", "post"},
    "/api/v1/departments/{id}": {"get", "patch"},
    "/api/v1/audiences/": {"get", "post"},
    "/api/v1/audiences/{id}": {"get", "patch"},
    "/api/v1/people/": {"get", "post"},
    "/api/v1/people/{id}": {"get", "patch"},
    "/api/v1/jobs/": {"get", "post"},
    "/api/v1/jobs/{id}": {"get", "patch"},
    "/api/v1/applications/": {"get"},
    "/api/v1/applications/{id}": {"get", "patch"},
    "/api/v1/links/": {"get", "post"},
    "/api/v1/links/{id}": {"get"},
    "/api/v1/content/": {"get"},
    "/api/v1/me/shares/": {"get"},
    "/api/v1/programme/adoption/": {"get"},
    "/api/v1/programme/coverage/": {"get"},
    "/api/v1/introductions/": {"get", "post"},
    "/api/v1/rewards/": {"get"},
    "/api/v1/rewards/requests/": {"get", "post"},
    "/api/v1/me/points/": {"get"},
}


def test_the_openapi_schema_is_json_listing_every_path_and_the_bearer_scheme(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.") and schema["info"]["title"] == "ambassade API"
    assert {path: set(methods) for path, methods in schema["paths"].items()} == PATHS
    schemes = schema["components"]["securitySchemes"]
    assert [scheme["scheme"] for scheme in schemes.values()] == ["bearer"]


def test_the_docs_page_loads_only_local_files(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html and "/api/v1/openapi.json" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "cdn" not in html.lower()
    for url in re.findall(r"(?:src|href)=\"/static/([^\"]+)\"", html):
        assert finders.find(url), url


def test_an_unknown_address_under_the_api_is_a_json_404(api) -> None:
    for path in ["/api/v1/nothing-here", "/api/v1/people", "/api/v1/people/1/extra"]:
        response = api("admin", "get", path)
        assert response.status_code == 404, path
        assert response.json()["detail"]


def test_a_method_the_endpoint_does_not_have_is_a_json_405(api, world) -> None:
    response = api("admin", "delete", f"/api/v1/people/{world.people['employee'].pk}")
    assert response.status_code == 405
    assert "DELETE" in response.json()["detail"]
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "PATCH"}


def test_a_malformed_id_in_the_address_is_refused_naming_it(api) -> None:
    response = api("admin", "get", "/api/v1/people/abc")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "id"]


def test_messages_follow_accept_language(api) -> None:
    body = {"name": "", "slug": "vide"}
    english = api(
        "admin", "post", "/api/v1/entities/", body=body, headers={"Accept-Language": "en-GB,en;q=0.8"}
    )
    assert english["Content-Language"] == "en"
    assert english.json()["detail"][0] == english.json()["detail"][0] | {
        "field": "name",
        "msg": "This field cannot be blank.",
    }
    french = api("admin", "post", "/api/v1/entities/", body=body, headers={"Accept-Language": "fr-FR"})
    assert french["Content-Language"] == "fr"
    assert french.json()["detail"][0]["msg"] == "Ce champ ne peut pas être vide."


def test_without_accept_language_the_users_saved_language_applies_else_french(api, world) -> None:
    assert api("admin", "get", "/api/v1/entities/")["Content-Language"] == "fr"
    membership = world.users["admin"].membership
    membership.language = "en"
    membership.save()
    response = api("admin", "get", "/api/v1/entities/")
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]


def test_an_unauthenticated_request_is_answered_in_the_language_asked_for(api) -> None:
    response = api(None, "get", "/api/v1/people/", headers={"Accept-Language": "en"})
    assert response.status_code == 401 and response["Content-Language"] == "en"
    assert api(None, "get", "/api/v1/people/")["Content-Language"] == "fr"


def test_the_api_root_leads_to_the_docs(client: Client) -> None:
    response = client.get("/api/v1/")
    assert response.status_code == 302 and response["Location"] == "/api/v1/docs"
