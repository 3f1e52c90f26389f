"""The personal-data registry: every model holding data about a person says how to export and erase it.

Each app registers its models in its `personal_data.py`:

    personal_data.register(
        Membership,
        export=lambda person: [...],      # list of JSON-ready dicts about this person
        erase=lambda person: count,       # delete or anonymise; returns how many rows were touched
    )

`manage.py personal_data export|erase --person ID` walks the registry, and a test fails when a model
with a link to a person or a user account is missing from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction

if TYPE_CHECKING:
    from ambassade.orgs.models import Person

Exporter = Callable[["Person"], list[dict[str, Any]]]
Eraser = Callable[["Person"], int]


@dataclass(frozen=True)
class Handler:
    model: type[models.Model]
    export: Exporter
    erase: Eraser
    order: int


_handlers: dict[str, Handler] = {}
# Models that link to a person or user but hold nothing about them (declared with the reason).
_exempt: dict[str, str] = {}


def register(model: type[models.Model], *, export: Exporter, erase: Eraser, order: int = 100) -> None:
    """Register a model; erasers run in ascending `order` (the person record itself comes last)."""
    _handlers[model._meta.label] = Handler(model=model, export=export, erase=erase, order=order)


def exempt(model: type[models.Model], *, reason: str) -> None:
    _exempt[model._meta.label] = reason


def registered_handlers() -> list[Handler]:
    return sorted(_handlers.values(), key=lambda handler: (handler.order, handler.model._meta.label))


def person_data_export(*, person: Person) -> dict[str, list[dict[str, Any]]]:
    return {handler.model._meta.label: handler.export(person) for handler in registered_handlers()}


def person_data_erase(*, person: Person) -> dict[str, int]:
    with transaction.atomic():
        return {handler.model._meta.label: handler.erase(person) for handler in registered_handlers()}


def unregistered_personal_models() -> list[str]:
    """Models with a foreign key or one-to-one to Person or the user model, missing from the registry."""
    targets = {"orgs.Person", settings.AUTH_USER_MODEL}
    missing = []
    for model in apps.get_models():
        label = model._meta.label
        if label in _handlers or label in _exempt:
            continue
        if not model.__module__.startswith("ambassade."):
            continue
        if any(_links_to(field, targets) for field in model._meta.get_fields()):
            missing.append(label)
    return sorted(missing)


def _links_to(field: Any, targets: set[str]) -> bool:
    related = getattr(field, "related_model", None)
    concrete = getattr(field, "concrete", False) and (field.many_to_one or field.one_to_one)
    return bool(concrete and related is not None and related._meta.label in targets)


def _audit_export(person: Person) -> list[dict[str, Any]]:
    from ambassade.core.models import AuditEvent

    events = AuditEvent.objects.filter(_audit_about(person))
    fields = ("created_at", "actor_label", "action", "target_type", "target_label", "changes")
    return [dict(row) for row in events.values(*fields)]


def _audit_erase(person: Person) -> int:
    """Audit rows stay (who did what is kept), but no longer name the person."""
    from ambassade.core.models import AuditEvent

    label = f"erased-{person.pk}"
    as_target = AuditEvent.objects.filter(target_type="orgs.person", target_id=str(person.pk))
    count = as_target.pseudonymise(target_label=label, changes={})
    user_id = _person_user_id(person)
    if user_id is not None:
        count += AuditEvent.objects.filter(actor_id=user_id).pseudonymise(actor=None, actor_label=label)
    return count


def _audit_about(person: Person) -> models.Q:
    about = models.Q(target_type="orgs.person", target_id=str(person.pk))
    user_id = _person_user_id(person)
    return about | models.Q(actor_id=user_id) if user_id is not None else about


def _person_user_id(person: Person) -> int | None:
    membership = getattr(person, "membership", None)
    return membership.user_id if membership is not None else None


def _register_core() -> None:
    from ambassade.core.models import AuditEvent

    register(AuditEvent, export=_audit_export, erase=_audit_erase, order=800)


_register_core()
