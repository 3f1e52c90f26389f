from __future__ import annotations

from typing import Any

from django.utils import timezone

from ambassade.core import personal_data
from ambassade.orgs.models import Membership, PeopleImport, Person


def _person_export(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "hr_id": person.hr_id,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "entity": str(person.entity),
            "department": str(person.department) if person.department else None,
            "audience": str(person.audience) if person.audience else None,
            "manager": person.manager.full_name if person.manager else None,
            "job_title": person.job_title,
            "active_from": person.active_from,
            "active_until": person.active_until,
            "is_active": person.is_active,
        }
    ]


def _person_erase(person: Person) -> int:
    """Keep an anonymous, inactive row so that aggregates still add up; nothing identifies the person."""
    Person.objects.filter(manager=person).update(manager=None)
    person.hr_id = f"erased-{person.pk}"
    person.first_name = ""
    person.last_name = ""
    person.email = ""
    person.job_title = ""
    person.manager = None
    person.is_active = False
    person.deactivated_at = person.deactivated_at or timezone.now()
    person.erased_at = timezone.now()
    person.save()
    return 1


def _membership_export(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "username": m.user.get_username(),
            "role": m.role,
            "language": m.language,
            "created_at": m.created_at,
        }
        for m in Membership.objects.filter(person=person).select_related("user")
    ]


def _membership_erase(person: Person) -> int:
    """Delete the person's user account; its membership goes with it."""
    count = 0
    for membership in Membership.objects.filter(person=person).select_related("user"):
        membership.user.delete()
        count += 1
    return count


def _imports_export(person: Person) -> list[dict[str, Any]]:
    user_id = _user_id(person)
    return (
        [
            {"file": i.filename, "status": i.status, "created_at": i.created_at}
            for i in PeopleImport.objects.filter(created_by_id=user_id)
        ]
        if user_id
        else []
    )


def _imports_erase(person: Person) -> int:
    user_id = _user_id(person)
    return PeopleImport.objects.filter(created_by_id=user_id).update(created_by=None) if user_id else 0


def _user_id(person: Person) -> int | None:
    membership = Membership.objects.filter(person=person).first()
    return membership.user_id if membership else None


personal_data.register(PeopleImport, export=_imports_export, erase=_imports_erase, order=10)
personal_data.register(Membership, export=_membership_export, erase=_membership_erase, order=900)
personal_data.register(Person, export=_person_export, erase=_person_erase, order=1000)
