"""Periodic jobs of the analytics app: the daily outcomes rollup of the recent days."""

from __future__ import annotations

from datetime import timedelta

from ambassade.analytics.rollup import outcomes_rollup_recent
from ambassade.core.periodic import periodic


@periodic(every=timedelta(hours=1))
def outcomes_rollup_recent_days() -> None:
    """Rebuild the last 60 days of DailyOutcome (late stage changes and erasures are picked up)."""
    outcomes_rollup_recent()
