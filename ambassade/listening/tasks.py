"""Background work of the listening app: thin wrappers around the services."""

from __future__ import annotations

from ambassade.core.tasks import task
from ambassade.listening import alerts, ingest, labelling, services


@task
def source_fetch_task(*, source_id: int) -> None:
    """Fetch one source and ingest what it brings (its health records the outcome)."""
    services.source_fetch(source_id=source_id)


@task
def mentions_enrich_full_task(*, mention_ids: list[int]) -> None:
    """The embedding tier for a batch of mentions (safe to run twice: it writes the same labels)."""
    ingest.mentions_enrich_full(mention_ids=mention_ids, reuse_embeddings=True)


@task
def heads_retrain_task(*, organisation_id: int) -> None:
    labelling.heads_retrain(organisation_id=organisation_id)


@task
def themes_discover_task(*, organisation_id: int) -> None:
    labelling.themes_discover_run(organisation_id=organisation_id)


@task
def alert_emails_send_task(*, alert_id: int) -> None:
    """E-mail an alert (once: a second run finds it already sent)."""
    alerts.alert_emails_send(alert_id=alert_id)


@task
def mention_import_task(*, import_id: int) -> None:
    """A table or X archive import, in the background with its progress (safe twice: it runs once)."""
    services.mention_import_run(import_id=import_id)
