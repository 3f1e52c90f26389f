"""Periodic jobs of the programme side: leavers leave the programme; adoption snapshots."""

from __future__ import annotations

from datetime import timedelta

from ambassade.ambassadors.adoption import adoption_snapshots_daily
from ambassade.ambassadors.models import Programme
from ambassade.ambassadors.services import ambassadors_of_leavers_remove
from ambassade.core.periodic import periodic
from ambassade.orgs.models import Organisation


@periodic(every=timedelta(hours=1))
def programme_leavers_remove() -> None:
    """People deactivated by the HR import (or by hand) leave the programme within the hour."""
    ambassadors_of_leavers_remove()


@periodic(every=timedelta(days=1))
def programme_adoption_snapshots() -> None:
    """Each organisation's adoption counts: yesterday's final ones, today's so far, and any gap."""
    ids = Programme.objects.values_list("organisation_id", flat=True)
    for organisation in Organisation.objects.filter(pk__in=ids):
        adoption_snapshots_daily(organisation=organisation)
