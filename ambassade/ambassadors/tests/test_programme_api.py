"""/api/v1/programme/adoption/ and /api/v1/programme/coverage/: aggregates, scoped like the pages."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ambassade.ambassadors.activity import activity_add
from ambassade.ambassadors.adoption import adoption_snapshots_backfill
from ambassade.ambassadors.programme import programme_get
from ambassade.api.services import api_token_create
from ambassade.orgs.models import Person
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def api(world: World) -> Any:
    client = Client()
    tokens = {persona: api_token_create(user=user, name="t")[1] for persona, user in world.users.items()}

    def call(persona: str, path: str, **params: Any) -> Any:
        headers = {"Authorization": f"Bearer {tokens[persona]}", "Accept-Language": "en"}
        return client.get(path, params, headers=headers)

    return call


@pytest.fixture
def history(world: World) -> World:
    programme = programme_get(organisation=world.organisation)
    programme.launched_on = TODAY - timedelta(days=15)
    programme.save()
    at = timezone.make_aware(datetime.combine(TODAY - timedelta(days=10), time(9)))
    for index, person in enumerate(Person.objects.filter(department=world.unit)[:5]):
        ambassador = ambassador_enrol(person, at=at)
        if index < 2:
            activity_add(ambassador=ambassador, day=TODAY - timedelta(days=1), shares=1)
    adoption_snapshots_backfill(organisation=world.organisation)
    return world


def test_the_adoption_curve_is_a_time_series_since_the_launch(history: World, api) -> None:
    body = api("comms", "/api/v1/programme/adoption/").json()
    assert body["launched_on"] == (TODAY - timedelta(days=15)).isoformat()
    assert body["active_period_days"] == 30
    (series,) = body["series"]
    assert series["group"] is None and series["hidden"] is False
    assert len(series["points"]) == 16
    assert series["points"][0] == {
        "day": (TODAY - timedelta(days=15)).isoformat(),
        "days_since_launch": 0,
        "staff": 15,
        "invited": 0,
        "enrolled": 0,
        "active": 0,
    }
    assert series["points"][-1]["enrolled"] == 5 and series["points"][-1]["active"] == 2


def test_the_curve_per_entity_department_or_audience(history: World, api) -> None:
    body = api("admin", "/api/v1/programme/adoption/", group="department").json()
    names = {series["group"]["name"]: series for series in body["series"]}
    assert names["Direction générale"]["points"][-1]["staff"] == 14
    assert names["Pôle web"]["group"] == {"type": "department", "id": history.unit.pk, "name": "Pôle web"}
    since = (TODAY - timedelta(days=2)).isoformat()
    recent = api("admin", "/api/v1/programme/adoption/", group="entity", since=since).json()
    assert {len(series["points"]) for series in recent["series"]} == {3}


def test_managers_get_their_subtree_with_small_groups_hidden(history: World, api) -> None:
    body = api("manager", "/api/v1/programme/adoption/", group="audience").json()
    names = {series["group"]["name"]: series for series in body["series"]}
    assert set(names) == {"Agents", "Encadrants"}
    assert names["Agents"]["points"][-1]["staff"] == 8
    assert names["Encadrants"]["hidden"] is True
    assert names["Encadrants"]["points"][-1] == {
        "day": TODAY.isoformat(),
        "days_since_launch": 15,
        "staff": None,
        "invited": None,
        "enrolled": None,
        "active": None,
    }


def test_employees_and_recruiters_are_refused(history: World, api) -> None:
    for persona in ("employee", "recruiter"):
        response = api(persona, "/api/v1/programme/adoption/")
        assert response.status_code == 403
        assert "managers can read programme figures" in response.json()["detail"]
        assert api(persona, "/api/v1/programme/coverage/").status_code == 403


def test_an_unknown_group_is_a_clear_422(history: World, api) -> None:
    response = api("admin", "/api/v1/programme/adoption/", group="planet")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "group"


def test_coverage_lists_each_department_with_its_figures(history: World, api) -> None:
    rows = {row["name"]: row for row in api("admin", "/api/v1/programme/coverage/").json()}
    assert rows["Pôle web"] == {
        "department": history.unit.pk,
        "name": "Pôle web",
        "entity": history.hq.pk,
        "parent": history.service.pk,
        "depth": 2,
        "own_staff": 7,
        "staff": 7,
        "enrolled": 5,
        "active": 2,
        "covered": True,
    }
    assert rows["Service finances"]["covered"] is False
    manager = {row["name"]: row for row in api("manager", "/api/v1/programme/coverage/").json()}
    assert set(manager) == {"Service communication", "Pôle web"}
    assert manager["Service communication"]["covered"] is None and manager["Pôle web"]["depth"] == 1
    assert api("outsider", "/api/v1/programme/coverage/").json()[0]["name"] == "Service étranger"
