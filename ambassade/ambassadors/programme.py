"""The programme of an organisation: its settings row (created with defaults on first use) and levels."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from ambassade.ambassadors.models import Ambassador, Level, Programme
from ambassade.orgs.models import Organisation

# The version of the consent text shown when joining (ambassadors/programme/consent_text.html).
# Change it whenever that text changes: each consent record keeps the version the person accepted.
CONSENT_VERSION = "2026-11"

DEFAULT_LEVELS = [("Curieux·se", 0), ("Relais", 50), ("Ambassadeur·rice", 150), ("Porte-voix", 400)]


def programme_get(*, organisation: Organisation) -> Programme:
    """The organisation's programme, created with the default settings and levels on first use."""
    programme = Programme.objects.filter(organisation=organisation).first()
    if programme is not None:
        return programme
    with transaction.atomic():
        programme, created = Programme.objects.get_or_create(organisation=organisation)
        if created and not Level.objects.filter(organisation=organisation).exists():
            Level.objects.bulk_create(
                Level(organisation=organisation, name=name, threshold=threshold)
                for name, threshold in DEFAULT_LEVELS
            )
    return programme


def active_since(*, programme: Programme, today: date | None = None) -> date:
    """The first day of the activity period ending today: active on or after it means active."""
    today = today or timezone.localdate()
    return today - timedelta(days=programme.active_period_days - 1)


def ambassador_is_active(*, ambassador: Ambassador, programme: Programme, today: date | None = None) -> bool:
    return (
        ambassador.status == Ambassador.Status.ENROLLED
        and ambassador.last_active_on is not None
        and ambassador.last_active_on >= active_since(programme=programme, today=today)
    )
