"""GET /api/v1/network/overview/: the screen's figures, scoped like it."""

from __future__ import annotations

import pytest

from ambassade.api.services import api_token_create
from ambassade.network.tests.support import network_give
from ambassade.orgs.models import Person
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db


def _get(client, world, persona: str):
    _token, raw = api_token_create(user=world.users[persona], name="test")
    return client.get(
        "/api/v1/network/overview/", headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"}
    )


def test_the_overview_gives_the_distinct_reach_and_the_overlap(client, world) -> None:
    named = ambassador_enrol(world.people["employee"], show_name_in_network=True)
    network_give(named, range(0, 100))
    for index, person in enumerate(Person.objects.filter(department=world.unit, last_name="Web")):
        network_give(ambassador_enrol(person), range(50 + index, 150 + index))
    response = _get(client, world, "admin")
    assert response.status_code == 200
    body = response.json()
    assert body["figures"]["uploaded"] == 7
    assert body["figures"]["connections"] == 700
    assert body["figures"]["distinct"] == 155
    assert body["figures"]["overlap_percent"] == pytest.approx(77.9)
    assert body["overlap"]["departments"] == ["Pôle web"]
    assert body["overlap"]["common"] == [[155]]
    manager = _get(client, world, "manager").json()
    assert manager["figures"]["distinct"] == 155
    assert manager["most_connecting"] == []


def test_employees_are_refused(client, world) -> None:
    response = _get(client, world, "employee")
    assert response.status_code == 403
    assert "managers" in response.json()["detail"]
