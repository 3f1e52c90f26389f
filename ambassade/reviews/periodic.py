"""Periodic jobs of the reviews app."""

from __future__ import annotations

from datetime import timedelta

from ambassade.core.periodic import periodic
from ambassade.reviews import services


@periodic(every=timedelta(minutes=1))
def reviews_run_queued() -> None:
    """Generate the reviews waiting to start: the demo's (created queued at load) and runs interrupted
    by a stopped process."""
    services.reviews_run_queued()
