"""Periodic jobs of the introductions: expiry of unanswered links, erasure of contacts' data."""

from datetime import timedelta

from ambassade.core.periodic import periodic
from ambassade.referrals.introductions import introductions_erase_due, introductions_expire


@periodic(every=timedelta(hours=1))
def introductions_retention() -> None:
    """Pending introductions past their link's expiry → expired (the introducer is told); declined,
    expired and duplicate ones past the organisation's erase_after_days → contact data erased, the
    anonymous row kept for the counts. Both idempotent and safe in parallel."""
    introductions_expire()
    introductions_erase_due()
