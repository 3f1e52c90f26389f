"""The demo's yearly review: one finished review of the last twelve months, in French, asked by the HR
admin, so that `make run` shows it with its HTML and PDF files.

It is generated at load (about 1.5 s on the demo, the PDF being most of it), so this step must come
last, after every step whose figures the review reads. Should the generation fail, the review stays
waiting, and the periodic job `reviews_run_queued` (every minute, run by `make run`'s `runperiodic
--loop`) generates it after the server starts.
"""

from __future__ import annotations

import logging

from django.utils import translation
from django.utils.translation import gettext as _

from ambassade.demo.generate import DemoContext
from ambassade.reviews.models import ReviewReport
from ambassade.reviews.services import default_period, review_report_run

logger = logging.getLogger(__name__)


def reviews_create(context: DemoContext) -> None:
    start, end = default_period(context.today)
    with translation.override("fr"):
        step = _("Waiting to start")
    report = ReviewReport.objects.create(
        organisation=context.organisation,
        period_start=start,
        period_end=end,
        language="fr",
        status=ReviewReport.Status.QUEUED,
        step=step,
        created_by=context.users.get("admin"),  # type: ignore[misc]  # any AUTH_USER_MODEL
    )
    review_report_run(report_id=report.pk)
    report.refresh_from_db()
    if report.status == ReviewReport.Status.FAILED:
        # Leave it to the periodic job rather than show a failed review in the demo.
        logger.warning("demo review: %s", report.error)
        ReviewReport.objects.filter(pk=report.pk).update(
            status=ReviewReport.Status.QUEUED, step=step, error=""
        )
