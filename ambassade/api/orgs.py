"""The organisation's structure and people: read by every member within their scope, written by HR admins.

Reads go through the selectors of the web pages, so scoping is the same: a manager sees the departments
of their subtree, an employee none, and only HR admins and comms see other people than themselves.
Entities and audiences (structure, no personal data) are readable by every member, so that the ids in
one's own record can be resolved. Writes go through the same audited services as the web forms.
"""

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ambassade.api.auth import TokenAuth, request_membership
from ambassade.api.errors import invalid_parameter
from ambassade.api.pagination import ApiPagination
from ambassade.api.schemas import (
    AudienceIn,
    AudienceOut,
    AudiencePatch,
    DepartmentIn,
    DepartmentOut,
    DepartmentPatch,
    DepartmentQuery,
    EntityIn,
    EntityOut,
    EntityPatch,
    Id,
    PeopleQuery,
    PersonIn,
    PersonOut,
    PersonPatch,
)
from ambassade.orgs import selectors, services
from ambassade.orgs.models import Audience, Department, Entity, Membership, Person
from ambassade.orgs.roles import Role

router = Router(tags=["organisation"])
hr_admin_auth = TokenAuth(
    roles={Role.HR_ADMIN}, refusal=gettext_lazy("Only HR admins can change the organisation's data.")
)

M = TypeVar("M", bound=models.Model)


def _related(queryset: QuerySet[M], pk: int | None, *, field: str) -> M | None:
    """The object a payload's id names, among those the caller may see; else a 422 naming `field`."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _unknown_id(queryset, pk)})
    return found


def _filter_target(queryset: QuerySet[M], pk: int | None, parameter: str) -> M | None:
    """The object a query filter names; one the caller may not see is refused like one that does not exist."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise invalid_parameter(loc=["query", parameter], message=_unknown_id(queryset, pk))
    return found


def _unknown_id(queryset: QuerySet[Any], pk: int) -> str:
    return _("No %(model)s has the id %(id)s.") % {"model": queryset.model._meta.verbose_name, "id": pk}


def _changes(payload: Any) -> dict[str, Any]:
    return payload.model_dump(exclude_unset=True)


# --- entities -----------------------------------------------------------------------------------


@router.get("/entities/", response=list[EntityOut], summary="List entities")
@paginate(ApiPagination)
def entity_list(request: HttpRequest) -> QuerySet[Entity]:
    return selectors.entity_list(membership=request_membership(request)).order_by("name", "pk")


@router.get("/entities/{id}", response=EntityOut, summary="Get an entity")
def entity_get(request: HttpRequest, id: Id) -> Entity:
    return selectors.entity_get_for_user(membership=request_membership(request), pk=id)


@router.post("/entities/", response={201: EntityOut}, auth=hr_admin_auth, summary="Create an entity")
def entity_create(request: HttpRequest, payload: EntityIn) -> Status[Entity]:
    membership = request_membership(request)
    return Status(201, _entity_save(request, membership, None, payload.model_dump()))


@router.patch("/entities/{id}", response=EntityOut, auth=hr_admin_auth, summary="Change an entity")
def entity_update(request: HttpRequest, id: Id, payload: EntityPatch) -> Entity:
    membership = request_membership(request)
    entity = selectors.entity_get_for_user(membership=membership, pk=id)
    return _entity_save(request, membership, entity, _changes(payload))


def _entity_save(request: HttpRequest, membership: Membership, entity: Entity | None, values: dict) -> Entity:
    if "parent" in values:
        values["parent"] = _related(
            selectors.entity_list(membership=membership), values["parent"], field="parent"
        )
    if "languages" in values:
        values["languages"] = list(dict.fromkeys(values["languages"]))
    return services.entity_save(
        actor=membership.user, organisation=membership.organisation, entity=entity, **values
    )


# --- departments --------------------------------------------------------------------------------


@router.get("/departments/", response=list[DepartmentOut], summary="List departments")
@paginate(ApiPagination)
def department_list(request: HttpRequest, filters: Query[DepartmentQuery]) -> QuerySet[Department]:
    membership = request_membership(request)
    entity = _filter_target(selectors.entity_list(membership=membership), filters.entity, "entity")
    return selectors.department_list(membership=membership, entity=entity).order_by("path", "pk")


@router.get("/departments/{id}", response=DepartmentOut, summary="Get a department")
def department_get(request: HttpRequest, id: Id) -> Department:
    return selectors.department_get_for_user(membership=request_membership(request), pk=id)


@router.post(
    "/departments/", response={201: DepartmentOut}, auth=hr_admin_auth, summary="Create a department"
)
def department_create(request: HttpRequest, payload: DepartmentIn) -> Status[Department]:
    membership = request_membership(request)
    return Status(201, _department_save(request, membership, None, payload.model_dump()))


@router.patch("/departments/{id}", response=DepartmentOut, auth=hr_admin_auth, summary="Change a department")
def department_update(request: HttpRequest, id: Id, payload: DepartmentPatch) -> Department:
    membership = request_membership(request)
    department = selectors.department_get_for_user(membership=membership, pk=id)
    return _department_save(request, membership, department, _changes(payload))


def _department_save(
    request: HttpRequest, membership: Membership, department: Department | None, values: dict
) -> Department:
    if "entity" in values:
        values["entity"] = _related(
            selectors.entity_list(membership=membership), values["entity"], field="entity"
        )
    if "parent" in values:
        departments = selectors.department_list(membership=membership)
        values["parent"] = _related(departments, values["parent"], field="parent")
    return services.department_save(
        actor=membership.user, organisation=membership.organisation, department=department, **values
    )


# --- audiences ----------------------------------------------------------------------------------


@router.get("/audiences/", response=list[AudienceOut], summary="List audiences")
@paginate(ApiPagination)
def audience_list(request: HttpRequest) -> QuerySet[Audience]:
    return selectors.audience_list(membership=request_membership(request)).order_by("position", "name", "pk")


@router.get("/audiences/{id}", response=AudienceOut, summary="Get an audience")
def audience_get(request: HttpRequest, id: Id) -> Audience:
    return selectors.audience_get_for_user(membership=request_membership(request), pk=id)


@router.post("/audiences/", response={201: AudienceOut}, auth=hr_admin_auth, summary="Create an audience")
def audience_create(request: HttpRequest, payload: AudienceIn) -> Status[Audience]:
    membership = request_membership(request)
    audience = services.audience_save(
        actor=membership.user, organisation=membership.organisation, **payload.model_dump()
    )
    return Status(201, audience)


@router.patch("/audiences/{id}", response=AudienceOut, auth=hr_admin_auth, summary="Change an audience")
def audience_update(request: HttpRequest, id: Id, payload: AudiencePatch) -> Audience:
    membership = request_membership(request)
    audience = selectors.audience_get_for_user(membership=membership, pk=id)
    return services.audience_save(
        actor=membership.user, organisation=membership.organisation, audience=audience, **_changes(payload)
    )


# --- people -------------------------------------------------------------------------------------


@router.get("/people/", response=list[PersonOut], summary="List people")
@paginate(ApiPagination)
def person_list(request: HttpRequest, filters: Query[PeopleQuery]) -> QuerySet[Person]:
    membership = request_membership(request)
    entity = _filter_target(selectors.entity_list(membership=membership), filters.entity, "entity")
    department = _filter_target(
        selectors.department_list(membership=membership), filters.department, "department"
    )
    audience = _filter_target(selectors.audience_list(membership=membership), filters.audience, "audience")
    people_filters = selectors.PeopleFilters(
        query=filters.q,
        entity_id=entity.pk if entity else None,
        department_id=department.pk if department else None,
        audience_id=audience.pk if audience else None,
        active=filters.active,
    )
    return selectors.person_list(membership=membership, filters=people_filters)


@router.get("/people/{id}", response=PersonOut, summary="Get a person")
def person_get(request: HttpRequest, id: Id) -> Person:
    return selectors.person_get_for_user(membership=request_membership(request), pk=id)


@router.post("/people/", response={201: PersonOut}, auth=hr_admin_auth, summary="Create a person")
def person_create(request: HttpRequest, payload: PersonIn) -> Status[Person]:
    membership = request_membership(request)
    return Status(201, _person_save(request, membership, None, payload.model_dump()))


@router.patch("/people/{id}", response=PersonOut, auth=hr_admin_auth, summary="Change a person")
def person_update(request: HttpRequest, id: Id, payload: PersonPatch) -> Person:
    membership = request_membership(request)
    person = selectors.person_get_for_user(membership=membership, pk=id)
    return _person_save(request, membership, person, _changes(payload))


@transaction.atomic
def _person_save(request: HttpRequest, membership: Membership, person: Person | None, values: dict) -> Person:
    active = values.pop("is_active", None)
    _resolve_person_links(membership, person, values)
    _check_dates(person, values)
    person = services.person_save(
        actor=membership.user, organisation=membership.organisation, person=person, **values
    )
    if active is not None:
        person = services.person_set_active(actor=membership.user, person=person, active=active)
    return person


def _resolve_person_links(membership: Membership, person: Person | None, values: dict) -> None:
    organisation = membership.organisation
    lookups: dict[str, QuerySet[Any]] = {
        "entity": selectors.entity_list(membership=membership),
        "department": selectors.department_list(membership=membership),
        "audience": selectors.audience_list(membership=membership),
        "manager": Person.objects.filter(organisation=organisation, is_active=True),
    }
    for field, queryset in lookups.items():
        if field in values:
            values[field] = _related(queryset, values[field], field=field)
    # The service checks that the department belongs to the entity only when it is given both.
    if person is not None and ("entity" in values or "department" in values):
        values.setdefault("entity", person.entity)
        values.setdefault("department", person.department)


def _check_dates(person: Person | None, values: dict) -> None:
    start = values.get("active_from", person.active_from if person else None)
    end = values.get("active_until", person.active_until if person else None)
    if start and end and end < start:
        raise ValidationError({"active_until": _("The end date must come after the start date.")})
