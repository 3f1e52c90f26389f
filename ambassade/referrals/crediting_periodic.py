"""Periodic jobs of the crediting side of the referral programme."""

from datetime import timedelta

from ambassade.core.periodic import periodic
from ambassade.referrals.crediting import referral_points_reconcile


@periodic(every=timedelta(hours=1))
def referral_points() -> None:
    """Reconcile every credited introduction's points with the stages reached (idempotent): a missed
    signal, someone who joined the programme by another path, are credited here."""
    referral_points_reconcile()
