"""Periodic jobs of the crediting side of the referral programme."""

from datetime import timedelta

from django.utils import timezone

from ambassade.core.periodic import periodic
from ambassade.referrals.crediting import referral_points_reconcile

RECONCILE_WINDOW = timedelta(days=2)  # the job runs hourly: two days of margin for a stopped scheduler


@periodic(every=timedelta(hours=1))
def referral_points() -> None:
    """Reconcile the points of introductions that changed in the last two days with the stages reached
    (idempotent): a missed signal, someone who joined the programme by another path, are credited here."""
    referral_points_reconcile(since=timezone.now() - RECONCILE_WINDOW)
