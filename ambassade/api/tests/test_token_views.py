"""The profile page's API token section: list, create (shown once), revoke."""

from __future__ import annotations

import pytest

from ambassade.api.models import ApiToken
from ambassade.api.services import api_token_authenticate, api_token_create

pytestmark = pytest.mark.django_db


def test_the_profile_page_lists_the_users_own_tokens_only(login, world) -> None:
    mine, _ = api_token_create(user=world.users["employee"], name="Mon script")
    api_token_create(user=world.users["admin"], name="Script de l'admin")
    html = login("employee").get("/profile/").content.decode()
    assert "Mon script" in html and mine.prefix in html
    assert "Script de l&#x27;admin" not in html and "Script de l'admin" not in html
    assert mine.token_hash not in html
    assert 'action="/api/tokens/new/"' in html


def test_a_member_creates_a_token_and_sees_it_once(login, world) -> None:
    client = login("manager")
    response = client.post("/api/tokens/new/", {"name": "Tableau de bord"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=world.users["manager"])
    raw = response.context["raw"]
    assert raw in response.content.decode() and token.name == "Tableau de bord"
    membership = api_token_authenticate(raw=raw)
    assert membership is not None and membership.user == world.users["manager"]
    assert raw not in client.get("/profile/").content.decode()


def test_a_token_without_a_name_is_refused_with_the_field_named(login, world) -> None:
    response = login("employee").post("/api/tokens/new/", {"name": "  "})
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_a_member_revokes_their_token(login, world) -> None:
    token, raw = api_token_create(user=world.users["comms"], name="Ancien")
    response = login("comms").post(f"/api/tokens/{token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/profile/"
    token.refresh_from_db()
    assert token.revoked_at is not None and api_token_authenticate(raw=raw) is None
    assert (
        "Revoke" not in login("comms").get("/profile/").content.decode().split("Ancien")[1].split("</tr>")[0]
    )


def test_another_users_token_cannot_be_revoked(login, world) -> None:
    token, raw = api_token_create(user=world.users["employee"], name="x")
    response = login("admin").post(f"/api/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    assert api_token_authenticate(raw=raw) is not None


def test_token_pages_only_accept_posts_from_signed_in_members(client, login, world) -> None:
    assert client.post("/api/tokens/new/", {"name": "x"})["Location"].startswith("/login/")
    assert login("employee").get("/api/tokens/new/").status_code == 405
    assert not ApiToken.objects.exists()
