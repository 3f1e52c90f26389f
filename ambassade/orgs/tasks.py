"""Background work of the organisation app: thin wrappers around the services."""

from __future__ import annotations

from ambassade.core.tasks import task
from ambassade.orgs import importing


@task
def people_import_preview(*, import_id: int) -> None:
    importing.people_import_preview(import_id=import_id)


@task
def people_import_apply(*, import_id: int, actor_id: int | None = None) -> None:
    importing.people_import_apply(import_id=import_id, actor_id=actor_id)
