"""Daily activity of an ambassador: shares opened and human clicks brought, one row per day."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F

from ambassade.ambassadors.models import ActivityDay, Ambassador


def activity_add(*, ambassador: Ambassador, day: date, shares: int = 0, human_clicks: int = 0) -> None:
    """Add to the ambassador's row for `day` (created if missing) and move their last active day."""
    if not shares and not human_clicks:
        return
    with transaction.atomic():
        updated = ActivityDay.objects.filter(ambassador=ambassador, day=day).update(
            shares=F("shares") + shares, human_clicks=F("human_clicks") + human_clicks
        )
        if not updated:
            try:
                with transaction.atomic():
                    ActivityDay.objects.create(
                        ambassador=ambassador, day=day, shares=shares, human_clicks=human_clicks
                    )
            except IntegrityError:  # created meanwhile by another process
                ActivityDay.objects.filter(ambassador=ambassador, day=day).update(
                    shares=F("shares") + shares, human_clicks=F("human_clicks") + human_clicks
                )
        Ambassador.objects.filter(pk=ambassador.pk, last_active_on__isnull=True).update(last_active_on=day)
        Ambassador.objects.filter(pk=ambassador.pk, last_active_on__lt=day).update(last_active_on=day)
