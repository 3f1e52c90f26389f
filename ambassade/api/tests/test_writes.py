"""Writes: HR admins only, through the audited services, with errors that name the field."""

from __future__ import annotations

import pytest

from ambassade.core.models import AuditEvent
from ambassade.orgs.models import Audience, Department, Entity, Person

pytestmark = pytest.mark.django_db

NOT_ADMINS = ["comms", "recruiter", "manager", "employee"]


def _errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {error["field"]: error["msg"] for error in response.json()["detail"]}


def test_an_hr_admin_creates_and_changes_an_entity_and_both_are_audited(api, world) -> None:
    body = {
        "name": "Filiale Nord",
        "slug": "nord",
        "kind": "subsidiary",
        "parent": world.hq.pk,
        "languages": ["fr", "en"],
    }
    response = api("admin", "post", "/api/v1/entities/", body=body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created == created | body | {"host": "", "is_active": True}
    entity = Entity.objects.get(pk=created["id"], organisation=world.organisation)
    response = api("admin", "patch", f"/api/v1/entities/{entity.pk}", body={"name": "Filiale Nord-Est"})
    assert response.status_code == 200 and response.json()["slug"] == "nord"
    entity.refresh_from_db()
    assert entity.name == "Filiale Nord-Est" and entity.parent == world.hq
    events = AuditEvent.objects.filter(target_id=str(entity.pk), target_type="orgs.entity").order_by("id")
    assert [(e.action, e.actor) for e in events] == [
        ("entity.create", world.users["admin"]),
        ("entity.update", world.users["admin"]),
    ]
    assert events[1].changes == {"name": ["Filiale Nord", "Filiale Nord-Est"]}


def test_an_hr_admin_creates_and_moves_a_department(api, world) -> None:
    body = {"name": "Pôle vidéo", "code": "VID", "entity": world.hq.pk, "parent": world.service.pk}
    response = api("admin", "post", "/api/v1/departments/", body=body)
    assert response.status_code == 201, response.content
    department = Department.objects.get(pk=response.json()["id"])
    assert department.path == f"{world.service.path}{department.pk}/" and response.json()["depth"] == 2
    response = api(
        "admin", "patch", f"/api/v1/departments/{department.pk}", body={"parent": world.other_service.pk}
    )
    assert response.status_code == 200 and response.json()["parent"] == world.other_service.pk
    department.refresh_from_db()
    assert department.path.startswith(world.other_service.path)
    assert AuditEvent.objects.filter(action="department.create", target_id=str(department.pk)).exists()
    assert AuditEvent.objects.filter(action="department.update", target_id=str(department.pk)).exists()


def test_an_hr_admin_creates_and_changes_an_audience(api, world) -> None:
    response = api("admin", "post", "/api/v1/audiences/", body={"name": "Stagiaires", "slug": "stagiaires"})
    assert response.status_code == 201
    audience_id = response.json()["id"]
    response = api(
        "admin", "patch", f"/api/v1/audiences/{audience_id}", body={"position": 9, "description": "x"}
    )
    assert response.json() == response.json() | {"name": "Stagiaires", "position": 9, "description": "x"}
    assert AuditEvent.objects.filter(action__startswith="audience.", target_id=str(audience_id)).count() == 2


def test_an_hr_admin_creates_changes_and_deactivates_a_person(api, world) -> None:
    body = {
        "hr_id": "X-1",
        "first_name": "Zoé",
        "last_name": "Nouvelle",
        "email": "zoe@example.org",
        "entity": world.hq.pk,
        "department": world.unit.pk,
        "audience": world.audiences["agents"].pk,
        "manager": world.people["manager"].pk,
        "job_title": "Rédactrice",
        "active_from": "2026-01-05",
    }
    response = api("admin", "post", "/api/v1/people/", body=body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created == created | body | {"active_until": None, "is_active": True}
    person = Person.objects.get(pk=created["id"], organisation=world.organisation)
    response = api(
        "admin", "patch", f"/api/v1/people/{person.pk}", body={"job_title": "Cheffe", "is_active": False}
    )
    assert response.status_code == 200, response.content
    assert response.json() == response.json() | {"job_title": "Cheffe", "is_active": False, "hr_id": "X-1"}
    actions = AuditEvent.objects.filter(target_id=str(person.pk), target_type="orgs.person").values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["person.create", "person.deactivate", "person.update"]


def test_a_patch_leaves_out_fields_as_they_are_and_null_empties_an_optional_link(api, world) -> None:
    employee = world.people["employee"]
    response = api("admin", "patch", f"/api/v1/people/{employee.pk}", body={"audience": None})
    assert response.status_code == 200
    employee.refresh_from_db()
    assert employee.audience is None and employee.department == world.unit and employee.last_name == "Employé"


@pytest.mark.parametrize("persona", NOT_ADMINS)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/entities/"),
        ("post", "/api/v1/departments/"),
        ("post", "/api/v1/audiences/"),
        ("post", "/api/v1/people/"),
        ("patch", "/api/v1/entities/{hq}"),
        ("patch", "/api/v1/departments/{unit}"),
        ("patch", "/api/v1/audiences/{agents}"),
        ("patch", "/api/v1/people/{own}"),
    ],
)
def test_other_roles_are_refused_every_write_with_403(api, world, persona, method, path) -> None:
    path = path.format(
        hq=world.hq.pk, unit=world.unit.pk, agents=world.audiences["agents"].pk, own=world.people[persona].pk
    )
    before = AuditEvent.objects.count()
    response = api(persona, method, path, body={"name": "Piraté"}, headers={"Accept-Language": "en"})
    assert response.status_code == 403
    assert "HR admin" in response.json()["detail"]
    assert AuditEvent.objects.count() == before
    assert not Entity.objects.filter(name="Piraté").exists()
    assert not Audience.objects.filter(name="Piraté").exists()


def test_an_hr_admin_of_another_organisation_cannot_change_ours(api, world) -> None:
    response = api(
        "outsider", "patch", f"/api/v1/people/{world.people['employee'].pk}", body={"last_name": "X"}
    )
    assert response.status_code == 404
    response = api("outsider", "patch", f"/api/v1/entities/{world.hq.pk}", body={"name": "X"})
    assert response.status_code == 404
    world.people["employee"].refresh_from_db()
    assert world.people["employee"].last_name == "Employé"


def test_missing_and_malformed_fields_are_named(api, world) -> None:
    response = api(
        "admin",
        "post",
        "/api/v1/people/",
        body={"first_name": "A", "entity": "siège", "active_from": "05/01/2026", "colour": "blue"},
    )
    errors = _errors(response)
    assert set(errors) == {"hr_id", "last_name", "entity", "active_from", "colour"}
    assert all(errors.values())
    assert not Person.objects.filter(first_name="A").exists()


def test_a_validation_error_from_the_service_names_the_field(api, world) -> None:
    response = api("admin", "post", "/api/v1/entities/", body={"name": "Doublon", "slug": "siege"})
    errors = _errors(response)
    assert list(errors) == ["slug"]
    response = api("admin", "post", "/api/v1/entities/", body={"name": "Mauvaise", "slug": "pas un slug!"})
    assert list(_errors(response)) == ["slug"]
    response = api(
        "admin",
        "post",
        "/api/v1/people/",
        body={
            "hr_id": "Y",
            "first_name": "A",
            "last_name": "B",
            "email": "pas-une-adresse",
            "entity": world.hq.pk,
        },
    )
    assert list(_errors(response)) == ["email"]
    assert not Entity.objects.filter(name__in=["Doublon", "Mauvaise"]).exists()


def test_the_services_rules_on_trees_and_links_are_enforced(api, world) -> None:
    response = api("admin", "patch", f"/api/v1/entities/{world.hq.pk}", body={"parent": world.subsidiary.pk})
    assert list(_errors(response)) == ["parent"]
    response = api(
        "admin", "patch", f"/api/v1/departments/{world.direction.pk}", body={"parent": world.unit.pk}
    )
    assert list(_errors(response)) == ["parent"]
    response = api(
        "admin",
        "patch",
        f"/api/v1/people/{world.people['employee'].pk}",
        body={"department": world.subsidiary_service.pk},
    )
    assert list(_errors(response)) == ["department"]
    manager = world.people["manager"]
    response = api("admin", "patch", f"/api/v1/people/{manager.pk}", body={"manager": manager.pk})
    assert list(_errors(response)) == ["manager"]


def test_an_end_date_before_the_start_date_is_refused(api, world) -> None:
    employee = world.people["employee"]
    response = api(
        "admin",
        "patch",
        f"/api/v1/people/{employee.pk}",
        body={"active_from": "2026-03-01", "active_until": "2026-02-01"},
    )
    assert list(_errors(response)) == ["active_until"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/entities/", {"name": "N", "slug": "n", "parent": "{foreign_entity}"}, "parent"),
        ("/api/v1/departments/", {"name": "N", "entity": "{foreign_entity}"}, "entity"),
        ("/api/v1/departments/", {"name": "N", "entity": "{hq}", "parent": "{foreign_department}"}, "parent"),
        (
            "/api/v1/people/",
            {
                "hr_id": "N",
                "first_name": "N",
                "last_name": "N",
                "entity": "{hq}",
                "manager": "{foreign_person}",
            },
            "manager",
        ),
        (
            "/api/v1/people/",
            {
                "hr_id": "N",
                "first_name": "N",
                "last_name": "N",
                "entity": "{hq}",
                "department": "{foreign_department}",
            },
            "department",
        ),
    ],
)
def test_a_related_id_from_another_organisation_is_refused_naming_the_field(
    api, world, path, body, field
) -> None:
    ids = {
        "{foreign_entity}": world.foreign_department.entity_id,
        "{foreign_department}": world.foreign_department.pk,
        "{foreign_person}": world.foreign_person.pk,
        "{hq}": world.hq.pk,
    }
    body = {key: ids.get(value, value) if isinstance(value, str) else value for key, value in body.items()}
    before = AuditEvent.objects.count()
    response = api("admin", "post", path, body=body)
    errors = _errors(response)
    assert list(errors) == [field]
    assert (
        "Étrangère" not in response.content.decode() and "Service étranger" not in response.content.decode()
    )
    assert AuditEvent.objects.count() == before


def test_a_body_that_is_not_json_is_a_400_in_json(api) -> None:
    response = api("admin", "post", "/api/v1/audiences/", body="{not json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_null_characters_are_refused_naming_the_field(api) -> None:
    response = api("admin", "post", "/api/v1/audiences/", body={"name": "A\x00B", "slug": "ab"})
    assert list(_errors(response)) == ["name"]
