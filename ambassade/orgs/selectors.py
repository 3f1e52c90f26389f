"""Reads, always scoped by the reader's membership. A foreign object raises Http404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from ambassade.orgs.models import Audience, Department, Entity, Membership, PeopleImport, Person
from ambassade.orgs.roles import DIRECTORY_ROLES, Role

# Groups smaller than this are hidden from managers' aggregates (habit 7: no singling out).
MIN_GROUP_SIZE = 5


def _get_or_404(queryset: QuerySet[Any], pk: object) -> Any:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def department_subtree(department: Department) -> QuerySet[Department]:
    return Department.objects.filter(
        organisation_id=department.organisation_id, path__startswith=department.path
    )


def entity_list(*, membership: Membership) -> QuerySet[Entity]:
    return Entity.objects.filter(organisation=membership.organisation).select_related("parent")


def entity_get_for_user(*, membership: Membership, pk: object) -> Entity:
    return _get_or_404(entity_list(membership=membership), pk)


def department_list(*, membership: Membership, entity: Entity | None = None) -> QuerySet[Department]:
    departments = Department.objects.filter(organisation=membership.organisation).select_related(
        "entity", "parent"
    )
    if membership.role == Role.MANAGER:
        top = membership.managed_department
        departments = departments.filter(path__startswith=top.path) if top else departments.none()
    elif membership.role == Role.EMPLOYEE:
        departments = departments.none()
    if entity is not None:
        departments = departments.filter(entity=entity)
    return departments


def department_get_for_user(*, membership: Membership, pk: object) -> Department:
    return _get_or_404(department_list(membership=membership), pk)


def audience_list(*, membership: Membership) -> QuerySet[Audience]:
    return Audience.objects.filter(organisation=membership.organisation)


def audience_get_for_user(*, membership: Membership, pk: object) -> Audience:
    return _get_or_404(audience_list(membership=membership), pk)


@dataclass(frozen=True)
class PeopleFilters:
    query: str = ""
    entity_id: int | None = None
    department_id: int | None = None
    audience_id: int | None = None
    active: bool | None = True


def person_list(*, membership: Membership, filters: PeopleFilters | None = None) -> QuerySet[Person]:
    """Everyone for the programme's admins; for anyone else, only their own record."""
    people = Person.objects.filter(organisation=membership.organisation).select_related(
        "entity", "department", "audience", "manager"
    )
    if membership.role not in DIRECTORY_ROLES:
        people = people.filter(pk=membership.person_id) if membership.person_id else people.none()
    return _filter_people(people, filters) if filters else people


def _filter_people(people: QuerySet[Person], filters: PeopleFilters) -> QuerySet[Person]:
    if filters.query:
        for word in filters.query.split():
            people = people.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(hr_id__iexact=word)
                | Q(job_title__icontains=word)
            )
    if filters.entity_id:
        people = people.filter(entity_id=filters.entity_id)
    if filters.department_id:
        department = Department.objects.filter(pk=filters.department_id).first()
        people = people.filter(department__path__startswith=department.path) if department else people.none()
    if filters.audience_id:
        people = people.filter(audience_id=filters.audience_id)
    if filters.active is not None:
        people = people.filter(is_active=filters.active)
    return people


def person_get_for_user(*, membership: Membership, pk: object) -> Person:
    return _get_or_404(person_list(membership=membership), pk)


@dataclass(frozen=True)
class GroupCount:
    label: str
    count: int | None  # None when the group is too small to show
    department_id: int | None = None
    depth: int = 0


def department_headcounts(*, department: Department) -> list[GroupCount]:
    """Active people per department of a subtree (including sub-departments), small groups hidden."""
    subtree = list(department_subtree(department).order_by("path"))
    direct = dict(
        Person.objects.filter(department__in=subtree, is_active=True)
        .values_list("department_id")
        .annotate(n=Count("id"))
        .values_list("department_id", "n")
    )
    path_of = {node.pk: node.path for node in subtree}
    rows = []
    for node in subtree:
        total = sum(n for dept_id, n in direct.items() if path_of[dept_id].startswith(node.path))
        rows.append(
            GroupCount(
                label=node.name,
                count=_shown(total),
                department_id=node.pk,
                depth=node.depth - department.depth,
            )
        )
    return rows


def audience_headcounts(*, department: Department) -> list[GroupCount]:
    counts = (
        Person.objects.filter(department__path__startswith=department.path, is_active=True)
        .values("audience__name")
        .annotate(n=Count("id"))
        .order_by("audience__position", "audience__name")
    )
    return [GroupCount(label=row["audience__name"] or "—", count=_shown(row["n"])) for row in counts]


def _shown(count: int) -> int | None:
    return count if count >= MIN_GROUP_SIZE else None


def organisation_totals(*, membership: Membership) -> dict[str, int]:
    organisation = membership.organisation
    return {
        "entities": organisation.entities.count(),
        "departments": organisation.departments.count(),
        "audiences": organisation.audiences.count(),
        "people": organisation.people.filter(is_active=True).count(),
        "inactive_people": organisation.people.filter(is_active=False).count(),
    }


def people_import_list(*, membership: Membership) -> QuerySet[PeopleImport]:
    return PeopleImport.objects.filter(organisation=membership.organisation).select_related(
        "entity", "created_by"
    )


def people_import_get_for_user(*, membership: Membership, pk: object) -> PeopleImport:
    return _get_or_404(people_import_list(membership=membership), pk)


def person_language(person: Person) -> str:
    """The language to write to a person in: their account's, else their organisation's, else the site's."""
    languages = dict(settings.LANGUAGES)
    language = Membership.objects.filter(person=person).values_list("language", flat=True).first()
    if language in languages:
        return str(language)
    default = person.organisation.default_language
    return default if default in languages else settings.LANGUAGE_CODE
