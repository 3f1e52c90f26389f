"""Every read endpoint, for every role: the API shows exactly what the web pages show, nothing more."""

from __future__ import annotations

import pytest

from ambassade.orgs.models import Person
from ambassade.testing.factories import person_create

pytestmark = pytest.mark.django_db

MEMBERS = ["admin", "comms", "recruiter", "manager", "employee"]
LISTS = ["/api/v1/entities/", "/api/v1/departments/", "/api/v1/audiences/", "/api/v1/people/"]


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


@pytest.mark.parametrize("path", LISTS + ["/api/v1/entities/1", "/api/v1/people/1"])
def test_without_a_token_every_endpoint_answers_401_in_json(api, path) -> None:
    response = api(None, "get", path)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_token_answers_401_saying_so(api) -> None:
    headers = {"Authorization": "Bearer amb_not-a-real-token", "Accept-Language": "en"}
    response = api(None, "get", "/api/v1/entities/", headers=headers)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


@pytest.mark.parametrize("persona", MEMBERS)
def test_every_member_reads_the_organisations_entities_and_audiences(api, world, persona) -> None:
    assert _ids(api(persona, "get", "/api/v1/entities/")) == {world.hq.pk, world.subsidiary.pk}
    assert _ids(api(persona, "get", "/api/v1/audiences/")) == {a.pk for a in world.audiences.values()}
    entity = api(persona, "get", f"/api/v1/entities/{world.subsidiary.pk}").json()
    assert entity == entity | {
        "name": "Filiale Sud",
        "slug": "sud",
        "kind": "subsidiary",
        "parent": world.hq.pk,
    }
    audience = api(persona, "get", f"/api/v1/audiences/{world.audiences['agents'].pk}").json()
    assert audience["name"] == "Agents"


@pytest.mark.parametrize("persona", ["admin", "comms", "recruiter"])
def test_the_structure_roles_read_every_department(api, world, persona) -> None:
    every = {
        world.direction.pk,
        world.service.pk,
        world.unit.pk,
        world.other_service.pk,
        world.subsidiary_service.pk,
    }
    assert _ids(api(persona, "get", "/api/v1/departments/")) == every
    unit = api(persona, "get", f"/api/v1/departments/{world.unit.pk}").json()
    assert unit == unit | {"name": "Pôle web", "entity": world.hq.pk, "parent": world.service.pk, "depth": 2}


def test_a_manager_reads_only_the_departments_of_their_subtree(api, world) -> None:
    assert _ids(api("manager", "get", "/api/v1/departments/")) == {world.service.pk, world.unit.pk}
    assert api("manager", "get", f"/api/v1/departments/{world.unit.pk}").status_code == 200
    assert api("manager", "get", f"/api/v1/departments/{world.other_service.pk}").status_code == 404
    assert api("manager", "get", f"/api/v1/departments/{world.direction.pk}").status_code == 404


def test_an_employee_reads_no_department(api, world) -> None:
    assert _ids(api("employee", "get", "/api/v1/departments/")) == set()
    response = api("employee", "get", f"/api/v1/departments/{world.unit.pk}")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


def test_departments_can_be_filtered_by_entity(api, world) -> None:
    response = api("admin", "get", "/api/v1/departments/", params={"entity": world.subsidiary.pk})
    assert _ids(response) == {world.subsidiary_service.pk}


@pytest.mark.parametrize("persona", ["admin", "comms"])
def test_hr_admins_and_comms_read_everyone(api, world, persona) -> None:
    everyone = set(Person.objects.filter(organisation=world.organisation).values_list("pk", flat=True))
    response = api(persona, "get", "/api/v1/people/", params={"limit": 500})
    assert _ids(response) == everyone and response.json()["count"] == len(everyone) == 15
    manager = world.people["manager"]
    detail = api(persona, "get", f"/api/v1/people/{world.people['employee'].pk}").json()
    assert detail == detail | {"last_name": "Employé", "department": world.unit.pk, "is_active": True}
    assert api(persona, "get", f"/api/v1/people/{manager.pk}").json()["first_name"] == "Maëlle"


@pytest.mark.parametrize("persona", ["recruiter", "manager", "employee"])
def test_everyone_else_reads_only_their_own_record(api, world, persona) -> None:
    own = world.people[persona]
    assert _ids(api(persona, "get", "/api/v1/people/")) == {own.pk}
    assert api(persona, "get", f"/api/v1/people/{own.pk}").json()["hr_id"] == own.hr_id
    other = world.people["admin"]
    response = api(persona, "get", f"/api/v1/people/{other.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": response.json()["detail"]}


def test_an_outsider_sees_only_their_organisation_and_gets_404_for_ours(api, world) -> None:
    assert world.hq.pk not in _ids(api("outsider", "get", "/api/v1/entities/"))
    assert _ids(api("outsider", "get", "/api/v1/departments/")) == {world.foreign_department.pk}
    assert _ids(api("outsider", "get", "/api/v1/audiences/")) == set()
    assert _ids(api("outsider", "get", "/api/v1/people/")) == {world.foreign_person.pk}
    ours = [
        f"/api/v1/entities/{world.hq.pk}",
        f"/api/v1/departments/{world.service.pk}",
        f"/api/v1/audiences/{world.audiences['agents'].pk}",
        f"/api/v1/people/{world.people['employee'].pk}",
    ]
    for path in ours:
        response = api("outsider", "get", path)
        assert response.status_code == 404, path
        assert "Employé" not in response.content.decode()


def test_a_missing_id_answers_404_like_a_foreign_one(api) -> None:
    assert api("admin", "get", "/api/v1/people/999999").status_code == 404


def test_people_can_be_searched_and_filtered(api, world) -> None:
    def search(**params) -> set[int]:
        return _ids(api("admin", "get", "/api/v1/people/", params=params))

    assert search(q="Maëlle manager") == {world.people["manager"].pk}
    assert search(q=world.people["comms"].hr_id) == {world.people["comms"].pk}
    assert search(entity=world.subsidiary.pk) == set(world.subsidiary.people.values_list("pk", flat=True))
    service_subtree = Person.objects.filter(department__in=[world.service, world.unit])
    assert search(department=world.service.pk) == set(service_subtree.values_list("pk", flat=True))
    assert search(audience=world.audiences["managers"].pk) == {world.people["manager"].pk}


def test_people_can_be_filtered_by_active_status(api, world) -> None:
    leaver = world.people["recruiter"]
    Person.objects.filter(pk=leaver.pk).update(is_active=False)
    assert _ids(api("admin", "get", "/api/v1/people/", params={"active": "false"})) == {leaver.pk}
    active = _ids(api("admin", "get", "/api/v1/people/", params={"active": "true", "limit": 500}))
    assert leaver.pk not in active and len(active) == 14
    assert len(_ids(api("admin", "get", "/api/v1/people/", params={"limit": 500}))) == 15


@pytest.mark.parametrize("parameter", ["entity", "department", "audience"])
def test_a_filter_naming_a_foreign_object_is_refused_naming_the_parameter(api, world, parameter) -> None:
    foreign_ids = {
        "entity": world.foreign_department.entity_id,
        "department": world.foreign_department.pk,
        "audience": 999_999,
    }
    response = api("admin", "get", "/api/v1/people/", params={parameter: foreign_ids[parameter]})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", parameter] and error["field"] == parameter
    assert str(foreign_ids[parameter]) in error["msg"]


def test_a_malformed_filter_is_refused_naming_the_parameter(api) -> None:
    response = api("admin", "get", "/api/v1/people/", params={"entity": "abc", "active": "maybe"})
    assert response.status_code == 422
    fields = {error["field"]: error["msg"] for error in response.json()["detail"]}
    assert set(fields) == {"entity", "active"}
    assert all(fields.values())


def test_lists_are_paginated_with_limit_offset_and_count(api, world) -> None:
    first = api("admin", "get", "/api/v1/people/", params={"limit": 4}).json()
    second = api("admin", "get", "/api/v1/people/", params={"limit": 4, "offset": 4}).json()
    assert first["count"] == second["count"] == 15
    assert len(first["items"]) == len(second["items"]) == 4
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}
    last = api("admin", "get", "/api/v1/people/", params={"limit": 4, "offset": 12}).json()
    assert len(last["items"]) == 3


def test_the_default_page_holds_50_items_and_the_limit_cannot_exceed_500(api, world) -> None:
    for _ in range(50):
        person_create(world.hq, world.unit)
    page = api("admin", "get", "/api/v1/people/").json()
    assert len(page["items"]) == 50 and page["count"] == 65
    response = api("admin", "get", "/api/v1/people/", params={"limit": 501})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "limit"
