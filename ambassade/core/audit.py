"""Write the audit log: one call per admin write or import."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from ambassade.core.models import AuditEvent

if TYPE_CHECKING:
    from ambassade.orgs.models import Organisation

Actor = AbstractBaseUser | AnonymousUser | None


def audit_record(
    *,
    actor: Actor,
    action: str,
    organisation: Organisation | None,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=user,  # type: ignore[misc]  # any AUTH_USER_MODEL
        actor_label=user.get_username() if user is not None else "system",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        changes=changes or {},
    )


def model_changes(instance: models.Model, fields: list[str], before: dict[str, Any]) -> dict[str, Any]:
    """The fields whose value differs from `before`, as {field: [old, new]} in printable form."""
    changed = {}
    for field in fields:
        old, new = before.get(field), getattr(instance, field)
        if old != new:
            changed[field] = [_printable(old), _printable(new)]
    return changed


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {field: getattr(instance, field) for field in fields}


def _printable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_printable(item) for item in value]
    return str(value)
