"""Background work of the reviews app."""

from __future__ import annotations

from ambassade.core.tasks import task
from ambassade.reviews import services


@task
def review_report_task(*, report_id: int) -> None:
    """Generate one queued review (safe to run twice: the second run finds it claimed)."""
    services.review_report_run(report_id=report_id)
