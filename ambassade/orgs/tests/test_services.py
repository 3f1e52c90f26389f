from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from ambassade.core.models import AuditEvent
from ambassade.orgs.models import Department, Person
from ambassade.orgs.services import (
    audience_save,
    department_save,
    entity_save,
    people_deactivate_departed,
    person_save,
    person_set_active,
)
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


def test_creating_an_entity_is_audited_with_its_author(world: World) -> None:
    entity = entity_save(
        actor=world.users["admin"],
        organisation=world.organisation,
        name="Agence Nord",
        slug="nord",
        kind="subsidiary",
        parent=world.hq,
        languages=["fr", "en"],
    )
    event = AuditEvent.objects.get(action="entity.create", target_id=str(entity.pk))
    assert event.actor_label == "admin" and event.organisation == world.organisation


def test_an_entity_slug_is_unique_within_the_organisation(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        entity_save(
            actor=None, organisation=world.organisation, name="Autre siège", slug="siege", kind="corporate"
        )
    assert "slug" in str(error.value) or "short name" in str(error.value).lower()


def test_an_entity_cannot_be_its_own_ancestor(world: World) -> None:
    with pytest.raises(ValidationError, match="cannot be placed under itself"):
        entity_save(actor=None, organisation=world.organisation, entity=world.hq, parent=world.subsidiary)


def test_a_new_department_gets_its_place_in_the_tree(world: World) -> None:
    team = department_save(
        actor=None,
        organisation=world.organisation,
        name="Équipe réseaux sociaux",
        entity=world.hq,
        parent=world.unit,
    )
    assert team.path == f"{world.unit.path}{team.pk}/"
    assert team.depth == 3


def test_moving_a_department_moves_its_whole_subtree(world: World) -> None:
    department_save(
        actor=world.users["admin"],
        organisation=world.organisation,
        department=world.service,
        parent=world.other_service,
    )
    unit = Department.objects.get(pk=world.unit.pk)
    assert unit.path == f"{world.direction.path}{world.other_service.pk}/{world.service.pk}/{world.unit.pk}/"
    assert unit.depth == 3
    event = AuditEvent.objects.get(action="department.update", target_id=str(world.service.pk))
    assert event.changes["parent"] == ["Direction générale", "Service finances"]


def test_a_department_cannot_move_under_its_own_subtree(world: World) -> None:
    with pytest.raises(ValidationError, match="cannot be placed under itself"):
        department_save(
            actor=None, organisation=world.organisation, department=world.service, parent=world.unit
        )


def test_a_department_parent_must_be_in_the_same_entity(world: World) -> None:
    with pytest.raises(ValidationError, match="same entity"):
        department_save(
            actor=None,
            organisation=world.organisation,
            name="Mauvais",
            entity=world.subsidiary,
            parent=world.service,
        )


def test_an_update_that_changes_nothing_writes_no_audit_row(world: World) -> None:
    audience = world.audiences["agents"]
    audience_save(actor=None, organisation=world.organisation, audience=audience, name=audience.name)
    assert not AuditEvent.objects.filter(action="audience.update").exists()


def test_a_person_cannot_manage_themselves_even_indirectly(world: World) -> None:
    manager, employee = world.people["manager"], world.people["employee"]
    person_save(actor=None, organisation=world.organisation, person=employee, manager=manager)
    with pytest.raises(ValidationError, match="own manager"):
        person_save(actor=None, organisation=world.organisation, person=manager, manager=employee)


def test_a_person_department_must_belong_to_their_entity(world: World) -> None:
    with pytest.raises(ValidationError, match="another entity"):
        person_save(
            actor=None,
            organisation=world.organisation,
            hr_id="X1",
            first_name="A",
            last_name="B",
            entity=world.subsidiary,
            department=world.service,
        )


def test_deactivating_keeps_the_person_and_records_when(world: World) -> None:
    employee = world.people["employee"]
    person_set_active(actor=world.users["admin"], person=employee, active=False)
    employee.refresh_from_db()
    assert not employee.is_active and employee.deactivated_at is not None
    assert Person.objects.filter(pk=employee.pk).exists()
    person_set_active(actor=world.users["admin"], person=employee, active=True)
    employee.refresh_from_db()
    assert employee.is_active and employee.deactivated_at is None
    actions = list(AuditEvent.objects.filter(target_id=str(employee.pk)).values_list("action", flat=True))
    assert set(actions) == {"person.deactivate", "person.reactivate"}


def test_people_whose_end_date_has_passed_are_deactivated(world: World) -> None:
    employee = world.people["employee"]
    employee.active_until = datetime.date(2026, 1, 31)
    employee.save()
    assert people_deactivate_departed(today=datetime.date(2026, 2, 1)) == 1
    employee.refresh_from_db()
    assert not employee.is_active
    assert people_deactivate_departed(today=datetime.date(2026, 2, 2)) == 0


def test_a_department_with_people_cannot_move_to_another_entity(world: World) -> None:
    with pytest.raises(ValidationError, match="Only an empty department"):
        department_save(
            actor=None,
            organisation=world.organisation,
            department=world.unit,
            entity=world.subsidiary,
            parent=None,
        )
    assert Department.objects.get(pk=world.unit.pk).entity == world.hq
