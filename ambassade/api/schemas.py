"""What the API reads and writes. Related objects are ids; write payloads refuse unknown fields."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict

from ambassade.orgs.models import Department, Entity, Person

MAX_ID = 2**63 - 1  # the largest value of a BigAutoField on every supported database


def _printable(value: str) -> str:
    # Databases refuse NUL characters (PostgreSQL errors out): say so instead of failing.
    if "\x00" in value:
        raise ValueError(_("Null characters are not allowed."))
    return value.strip()


Text = Annotated[str, AfterValidator(_printable)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Language = Literal["fr", "en"]


def _french() -> list[Language]:
    return ["fr"]


def kept(**constraints: Any) -> Any:
    """A field of a change (PATCH): when left out of the request, the stored value stays as it is."""
    return Field(None, **constraints)


class WriteInput(Schema):
    model_config = ConfigDict(extra="forbid")


# --- entities -----------------------------------------------------------------------------------


class EntityOut(Schema):
    id: int
    name: str
    slug: str
    kind: Entity.Kind
    parent: int | None
    languages: list[str]
    host: str
    is_active: bool
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_parent(obj: Entity) -> int | None:
        return obj.parent_id


class EntityIn(WriteInput):
    name: Text = Field(max_length=200)
    slug: Text = Field(max_length=60)
    kind: Entity.Kind = Entity.Kind.SUBSIDIARY
    parent: Id | None = None
    languages: list[Language] = Field(default_factory=_french, min_length=1, max_length=2)
    host: Text = Field("", max_length=253)
    is_active: bool = True


class EntityPatch(WriteInput):
    # Fields left out stay as they are; `null` is accepted only where the field may be empty.
    name: Text = kept(max_length=200)
    slug: Text = kept(max_length=60)
    kind: Entity.Kind = kept()
    parent: Id | None = None
    languages: list[Language] = kept(min_length=1, max_length=2)
    host: Text = kept(max_length=253)
    is_active: bool = kept()


# --- departments --------------------------------------------------------------------------------


class DepartmentOut(Schema):
    id: int
    name: str
    code: str
    entity: int
    parent: int | None
    depth: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_entity(obj: Department) -> int:
        return obj.entity_id

    @staticmethod
    def resolve_parent(obj: Department) -> int | None:
        return obj.parent_id


class DepartmentIn(WriteInput):
    name: Text = Field(max_length=200)
    code: Text = Field("", max_length=40)
    entity: Id
    parent: Id | None = None


class DepartmentPatch(WriteInput):
    name: Text = kept(max_length=200)
    code: Text = kept(max_length=40)
    entity: Id = kept()
    parent: Id | None = None


# --- audiences ----------------------------------------------------------------------------------


class AudienceOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    position: int
    created_at: datetime
    updated_at: datetime


class AudienceIn(WriteInput):
    name: Text = Field(max_length=120)
    slug: Text = Field(max_length=60)
    description: Text = Field("", max_length=10_000)
    position: int = Field(0, ge=0, le=32767)


class AudiencePatch(WriteInput):
    name: Text = kept(max_length=120)
    slug: Text = kept(max_length=60)
    description: Text = kept(max_length=10_000)
    position: int = kept(ge=0, le=32767)


# --- people -------------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    hr_id: str
    first_name: str
    last_name: str
    email: str
    entity: int
    department: int | None
    audience: int | None
    manager: int | None
    job_title: str
    active_from: date | None
    active_until: date | None
    is_active: bool
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_entity(obj: Person) -> int:
        return obj.entity_id

    @staticmethod
    def resolve_department(obj: Person) -> int | None:
        return obj.department_id

    @staticmethod
    def resolve_audience(obj: Person) -> int | None:
        return obj.audience_id

    @staticmethod
    def resolve_manager(obj: Person) -> int | None:
        return obj.manager_id


class PersonIn(WriteInput):
    hr_id: Text = Field(max_length=64)
    first_name: Text = Field(max_length=120)
    last_name: Text = Field(max_length=120)
    email: Text = Field("", max_length=254)
    entity: Id
    department: Id | None = None
    audience: Id | None = None
    manager: Id | None = None
    job_title: Text = Field("", max_length=200)
    active_from: date | None = None
    active_until: date | None = None
    is_active: bool = True


class PersonPatch(WriteInput):
    hr_id: Text = kept(max_length=64)
    first_name: Text = kept(max_length=120)
    last_name: Text = kept(max_length=120)
    email: Text = kept(max_length=254)
    entity: Id = kept()
    department: Id | None = None
    audience: Id | None = None
    manager: Id | None = None
    job_title: Text = kept(max_length=200)
    active_from: date | None = None
    active_until: date | None = None
    is_active: bool = kept()


class PeopleQuery(Schema):
    q: Text = Field(
        "", max_length=200, description="Words found in the name, e-mail, job title or HR identifier."
    )
    entity: Id | None = Field(None, description="Only the people of this entity.")
    department: Id | None = Field(
        None, description="Only the people of this department and its sub-departments."
    )
    audience: Id | None = Field(None, description="Only the people of this audience.")
    active: bool | None = Field(
        None, description="true: active people only; false: inactive only; omitted: all."
    )


class DepartmentQuery(Schema):
    entity: Id | None = Field(None, description="Only the departments of this entity.")


class Message(Schema):
    detail: str
