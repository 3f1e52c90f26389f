"""The training API: sessions with counts for admins, open sessions and own status for members."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from ambassade.api.services import api_token_create
from ambassade.training.tests.support import programme_make, registration_make, session_make, track_make


def _get(world, persona: str, url: str, **headers):
    _, secret = api_token_create(user=world.users[persona], name="test")
    return Client().get(url, headers={"Authorization": f"Bearer {secret}", **headers})


def _sessions(world):
    programme = programme_make(world.organisation)
    agents = track_make(programme, audience=world.audiences["agents"])
    directors = track_make(programme, audience=world.audiences["directors"])
    soon = timezone.now() + timedelta(days=3)
    open_one = session_make(agents, title="Atelier agents", starts_at=soon, capacity=1)
    closed_one = session_make(directors, title="Atelier directeurs", starts_at=soon + timedelta(days=30))
    return programme, agents, open_one, closed_one


def test_admins_see_every_session_with_its_counts(world) -> None:
    _programme, _track, open_one, _closed = _sessions(world)
    registration_make(open_one, world.people["comms"])
    registration_make(open_one, world.people["employee"], status="waiting", waiting_since=timezone.now())
    body = _get(world, "admin", "/api/v1/training/sessions/").json()
    assert body["count"] == 2
    first = body["items"][0]
    assert first["title"] == "Atelier agents"
    assert first["counts"] == {"capacity": 1, "registered": 1, "waiting": 1, "present": 0}


def test_members_see_the_sessions_open_to_them_with_their_own_status(world) -> None:
    _programme, _track, open_one, closed_one = _sessions(world)
    registration_make(open_one, world.people["comms"])
    registration_make(open_one, world.people["employee"], status="waiting", waiting_since=timezone.now())
    body = _get(world, "employee", "/api/v1/training/sessions/").json()
    assert [item["id"] for item in body["items"]] == [open_one.pk]
    item = body["items"][0]
    assert item["counts"] is None and item["my_status"] == "waiting" and item["my_waiting_position"] == 1
    assert _get(world, "employee", f"/api/v1/training/sessions/{closed_one.pk}").status_code == 404
    assert (
        _get(world, "employee", f"/api/v1/training/sessions/{open_one.pk}").json()["my_status"] == "waiting"
    )


def test_the_filters_select_by_day_programme_and_track(world) -> None:
    programme, track, open_one, closed_one = _sessions(world)
    day = timezone.localtime(closed_one.starts_at).date().isoformat()
    body = _get(world, "admin", f"/api/v1/training/sessions/?from={day}&to={day}").json()
    assert [item["id"] for item in body["items"]] == [closed_one.pk]
    body = _get(
        world, "admin", f"/api/v1/training/sessions/?track={track.pk}&programme={programme.pk}"
    ).json()
    assert [item["id"] for item in body["items"]] == [open_one.pk]


def test_bad_parameters_are_named_in_the_error(world) -> None:
    _sessions(world)
    response = _get(world, "admin", "/api/v1/training/sessions/?from=12/03/2027", **{"Accept-Language": "en"})
    assert response.status_code == 422 and "from" in response.json()["detail"][0]["loc"]
    response = _get(world, "admin", "/api/v1/training/sessions/?from=2027-03-12&to=2027-03-01")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "to"]
    response = _get(world, "admin", "/api/v1/training/sessions/?programme=999999")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "programme"]
    response = _get(world, "outsider", "/api/v1/training/sessions/?track=1", **{"Accept-Language": "fr"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "track"]
