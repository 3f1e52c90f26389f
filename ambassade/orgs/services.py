"""Writes to the organisation's structure and people. Every write is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ambassade.core.audit import Actor, audit_record, model_changes, snapshot
from ambassade.orgs.models import Audience, Department, Entity, Organisation, Person

ENTITY_FIELDS = ["name", "slug", "kind", "parent", "languages", "host", "is_active"]
DEPARTMENT_FIELDS = ["name", "code", "entity", "parent"]
AUDIENCE_FIELDS = ["name", "slug", "description", "position"]
PERSON_FIELDS = [
    "hr_id",
    "first_name",
    "last_name",
    "email",
    "entity",
    "department",
    "audience",
    "manager",
    "job_title",
    "active_from",
    "active_until",
]


def _save_audited(
    *, actor: Actor, instance: Any, fields: list[str], values: dict[str, Any], noun: str
) -> Any:
    creating = instance.pk is None
    before = snapshot(instance, fields) if not creating else {}
    for field, value in values.items():
        setattr(instance, field, value)
    instance.full_clean()
    instance.save()
    changes = model_changes(instance, fields, before)
    if creating or changes:
        audit_record(
            actor=actor,
            action=f"{noun}.{'create' if creating else 'update'}",
            organisation=instance.organisation,
            target=instance,
            changes=changes,
        )
    return instance


@transaction.atomic
def entity_save(
    *, actor: Actor, organisation: Organisation, entity: Entity | None = None, **values: Any
) -> Entity:
    entity = entity or Entity(organisation=organisation)
    parent = values.get("parent")
    if parent is not None and entity.pk is not None and _entity_is_ancestor(entity, parent):
        raise ValidationError(
            {"parent": _("An entity cannot be placed under itself or one of its children.")}
        )
    return _save_audited(actor=actor, instance=entity, fields=ENTITY_FIELDS, values=values, noun="entity")


def _entity_is_ancestor(entity: Entity, candidate: Entity | None) -> bool:
    while candidate is not None:
        if candidate.pk == entity.pk:
            return True
        candidate = candidate.parent
    return False


@transaction.atomic
def department_save(
    *,
    actor: Actor,
    organisation: Organisation,
    department: Department | None = None,
    **values: Any,
) -> Department:
    department = department or Department(organisation=organisation)
    parent: Department | None = values.get("parent", department.parent)
    entity: Entity | None = values.get("entity", getattr(department, "entity", None))
    _check_department_parent(department, parent, entity)
    old_path = department.path
    department = _save_audited(
        actor=actor, instance=department, fields=DEPARTMENT_FIELDS, values=values, noun="department"
    )
    _department_repath(department, old_path)
    return department


def _check_department_parent(
    department: Department, parent: Department | None, entity: Entity | None
) -> None:
    moves_entity = department.pk is not None and entity is not None and entity.pk != department.entity_id
    if moves_entity and (department.children.exists() or department.people.exists()):
        message = _(
            "Only an empty department can move to another entity: move its sub-departments and people first."
        )
        raise ValidationError({"entity": message})
    if parent is None:
        return
    if entity is not None and parent.entity_id != entity.pk:
        raise ValidationError({"parent": _("The parent department must belong to the same entity.")})
    if department.pk is not None and parent.path.startswith(department.path):
        raise ValidationError(
            {"parent": _("A department cannot be placed under itself or one of its sub-departments.")}
        )


def _department_repath(department: Department, old_path: str) -> None:
    """Recompute the materialised path of a department and, when it moved, of its whole subtree."""
    parent_path = department.parent.path if department.parent_id and department.parent else "/"
    new_path = f"{parent_path}{department.pk}/"
    if new_path == old_path:
        return
    depth = new_path.count("/") - 2
    Department.objects.filter(pk=department.pk).update(path=new_path, depth=depth)
    department.path, department.depth = new_path, depth
    if not old_path:
        return
    for child in Department.objects.filter(path__startswith=old_path).exclude(pk=department.pk):
        child.path = new_path + child.path[len(old_path) :]
        child.depth = child.path.count("/") - 2
        child.save(update_fields=["path", "depth"])


@transaction.atomic
def audience_save(
    *,
    actor: Actor,
    organisation: Organisation,
    audience: Audience | None = None,
    **values: Any,
) -> Audience:
    audience = audience or Audience(organisation=organisation)
    return _save_audited(
        actor=actor, instance=audience, fields=AUDIENCE_FIELDS, values=values, noun="audience"
    )


@transaction.atomic
def person_save(
    *, actor: Actor, organisation: Organisation, person: Person | None = None, **values: Any
) -> Person:
    person = person or Person(organisation=organisation)
    _check_person_links(person, values)
    return _save_audited(actor=actor, instance=person, fields=PERSON_FIELDS, values=values, noun="person")


def _check_person_links(person: Person, values: dict[str, Any]) -> None:
    manager = values.get("manager")
    chain = manager
    while chain is not None:
        if person.pk is not None and chain.pk == person.pk:
            raise ValidationError({"manager": _("A person cannot be their own manager, directly or not.")})
        chain = chain.manager


@transaction.atomic
def person_set_active(*, actor: Actor, person: Person, active: bool) -> Person:
    if person.is_active == active:
        return person
    person.is_active = active
    person.deactivated_at = None if active else timezone.now()
    person.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    audit_record(
        actor=actor,
        action="person.reactivate" if active else "person.deactivate",
        organisation=person.organisation,
        target=person,
    )
    return person


def people_deactivate_departed(*, today: Any = None) -> int:
    """Deactivate people whose `active until` date has passed. Returns how many were deactivated."""
    today = today or timezone.localdate()
    departed = Person.objects.filter(is_active=True, active_until__lt=today)
    count = 0
    for person in departed.select_related("organisation"):
        person_set_active(actor=None, person=person, active=False)
        count += 1
    return count


@transaction.atomic
def department_delete(*, actor: Actor, department: Department) -> None:
    """Delete an empty department (no sub-department, nobody in it); people are never orphaned."""
    if department.children.exists() or department.people.exists():
        raise ValidationError(
            _("Only an empty department can be deleted: move its sub-departments and people first.")
        )
    audit_record(
        actor=actor, action="department.delete", organisation=department.organisation, target=department
    )
    department.delete()


@transaction.atomic
def audience_delete(*, actor: Actor, audience: Audience) -> int:
    """Delete an audience; its people simply no longer belong to one. Returns how many they were."""
    members = audience.people.count()
    audit_record(actor=actor, action="audience.delete", organisation=audience.organisation, target=audience,
                 changes={"people": [members, 0]})  # fmt: skip
    audience.delete()
    return members
