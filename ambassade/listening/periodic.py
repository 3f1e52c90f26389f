"""Periodic jobs of the listening app: polling the sources, spike alerts, emerging themes, retention."""

from __future__ import annotations

from datetime import timedelta

from ambassade.core.periodic import periodic
from ambassade.listening import alerts, ingest, labelling, services
from ambassade.listening.models import Mention
from ambassade.listening.tasks import source_fetch_task, themes_discover_task


@periodic(every=timedelta(minutes=5))
def sources_poll() -> None:
    """Claim the sources due for a fetch and fetch each in the background."""
    for source_id in services.sources_claim_due():
        source_fetch_task.enqueue(source_id=source_id)


@periodic(every=timedelta(minutes=2))
def mentions_enrich_pending() -> None:
    ingest.mentions_enrich_pending()


@periodic(every=timedelta(minutes=15))
def heads_retrain_stale() -> None:
    """Retrain where corrections are newer than the model (a lost retrain, or corrections loaded in bulk)."""
    for organisation_id in labelling.heads_stale_organisations():
        labelling.heads_retrain_enqueue(organisation_id=organisation_id)


@periodic(every=timedelta(hours=1))
def alerts_check() -> None:
    alerts.alerts_check()


@periodic(every=timedelta(days=7))
def themes_discover() -> None:
    """Propose emerging themes to every organisation with mentions."""
    for organisation_id in Mention.objects.values_list("organisation_id", flat=True).distinct():
        themes_discover_task.enqueue(organisation_id=organisation_id)


@periodic(every=timedelta(days=1))
def mentions_retention() -> None:
    services.mentions_retention_apply()
