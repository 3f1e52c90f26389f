"""Writes of the yearly review: start one, regenerate it, delete it, and the background run itself.

    review_report_create(actor=user, organisation=org, start=..., end=..., entity=None, language="fr")
    review_report_run(report_id=42)   # the task: claims a queued review once, writes HTML then PDF

A run reads every figure, renders the HTML and the PDF in memory and only then stores both files, so a
failure leaves a readable error and never a half-written file (the previous run's files, if any, stay).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ambassade.core.audit import Actor, audit_record
from ambassade.orgs.models import Entity, Organisation, organisation_zone
from ambassade.reviews.models import ReviewReport

logger = logging.getLogger(__name__)

MAX_DAYS = 3 * 366 + 1  # three years, leap days included (as the dashboard's period)
STALE_AFTER = timedelta(minutes=30)  # a run this old was interrupted (the process stopped): run it again


def organisation_today(organisation: Organisation) -> date:
    return timezone.localtime(timezone.now(), organisation_zone(organisation)).date()


def default_period(today: date) -> tuple[date, date]:
    """The last 12 months, today included."""
    return today - timedelta(days=364), today


def review_period_check(
    *, start: date, end: date, today: date, names: tuple[str, str] = ("from", "to")
) -> None:
    """Raise a ValidationError naming the field (`names`: the start's and the end's) when the period is
    not one a review can be written for."""
    first, last = names
    if start > end:
        raise ValidationError({first: _("The start date must be on or before the end date.")})
    if end > today:
        raise ValidationError({last: _("The end date cannot be in the future.")})
    if (end - start).days + 1 > MAX_DAYS:
        raise ValidationError({last: _("A review covers at most three years: choose a shorter period.")})


def review_report_create(
    *,
    actor: Actor,
    organisation: Organisation,
    start: date,
    end: date,
    language: str,
    entity: Entity | None = None,
    enqueue: bool = True,
) -> ReviewReport:
    if entity is not None and entity.organisation_id != organisation.pk:
        raise ValidationError({"entity": _("Choose an entity of your organisation.")})
    if language not in ("fr", "en"):
        raise ValidationError({"language": _("Choose French or English.")})
    review_period_check(start=start, end=end, today=organisation_today(organisation))
    report = ReviewReport.objects.create(
        organisation=organisation,
        entity=entity,
        period_start=start,
        period_end=end,
        language=language,
        created_by=actor if actor is not None and actor.is_authenticated else None,  # type: ignore[misc]
        step=_("Waiting to start"),
    )
    audit_record(
        actor=actor,
        action="review.create",
        organisation=organisation,
        target=report,
        changes={
            "from": str(start),
            "to": str(end),
            "entity": entity.slug if entity else "",
            "language": language,
        },
    )
    if enqueue:
        _enqueue(report)
    return report


def _enqueue(report: ReviewReport) -> None:
    from ambassade.reviews.tasks import review_report_task

    review_report_task.enqueue(report_id=report.pk)


def review_report_regenerate(*, actor: Actor, report: ReviewReport) -> ReviewReport:
    """Queue a new run of the review; its files are replaced when the run succeeds."""
    # Only a finished run can be restarted, as the database says now (another request may have
    # restarted it since `report` was read): otherwise two runs would write the same review.
    restarted = ReviewReport.objects.filter(
        pk=report.pk, status__in=(ReviewReport.Status.DONE, ReviewReport.Status.FAILED)
    ).update(
        status=ReviewReport.Status.QUEUED, progress=0, step=_("Waiting to start"), error="", finished_at=None
    )
    if not restarted:
        report.refresh_from_db()
        raise ValidationError(_("This review is being generated already."))
    report.refresh_from_db()
    audit_record(actor=actor, action="review.regenerate", organisation=report.organisation, target=report)
    _enqueue(report)
    return report


def review_report_delete(*, actor: Actor, report: ReviewReport) -> None:
    audit_record(actor=actor, action="review.delete", organisation=report.organisation, target=report)
    files = [report.html_file.name, report.pdf_file.name]
    report.delete()
    storage = report.html_file.storage

    def remove() -> None:
        for name in files:
            if name:
                storage.delete(name)

    transaction.on_commit(remove)


def review_report_downloaded(*, actor: Actor, report: ReviewReport, kind: str) -> None:
    audit_record(
        actor=actor,
        action="review.download",
        organisation=report.organisation,
        target=report,
        changes={"format": kind},
    )


def _progress_writer(report_id: int) -> Callable[[int, str], None]:
    def write(percent: int, step: str) -> None:
        ReviewReport.objects.filter(pk=report_id).update(
            progress=max(0, min(percent, 100)), step=str(step)[:200]
        )

    return write


@dataclass(frozen=True)
class ReviewFiles:
    html: str
    pdf: bytes | None
    summary: list[dict[str, str]]  # the key figures, shown on the review's page


def review_files(
    *,
    organisation: Organisation,
    entity: Entity | None,
    start: date,
    end: date,
    language: str,
    progress: Callable[[int, str], None] | None = None,
    pdf: bool = True,
) -> ReviewFiles:
    """The review's HTML and (when `pdf`) its PDF, in memory; `progress(percent, step)` on the way."""
    from ambassade.reviews.content import review_build
    from ambassade.reviews.render import review_html, review_pdf

    report = progress or (lambda percent, step: None)
    document = review_build(
        organisation=organisation, entity=entity, start=start, end=end, language=language, progress=report
    )
    with translation.override(language):
        report(80, _("Writing the HTML report"))
        html = review_html(document)
        summary = [
            {"key": figure.key, "label": figure.label, "value": figure.value, "change": figure.change}
            for section in document.sections
            for figure in section.figures
        ]
        if not pdf:
            return ReviewFiles(html, None, summary)
        report(85, _("Writing the PDF"))
        return ReviewFiles(html, review_pdf(html), summary)


def review_report_run(*, report_id: int) -> bool:
    """Generate a queued review once (a second call finds it claimed). Returns whether it ran."""
    claimed = ReviewReport.objects.filter(pk=report_id, status=ReviewReport.Status.QUEUED).update(
        status=ReviewReport.Status.RUNNING, started_at=timezone.now(), progress=0, error=""
    )
    if not claimed:
        return False
    report = ReviewReport.objects.select_related("organisation", "entity").filter(pk=report_id).first()
    if report is None:  # deleted just after it was claimed
        return False
    progress = _progress_writer(report.pk)
    with translation.override(report.language):
        try:
            files = review_files(
                organisation=report.organisation,
                entity=report.entity,
                start=report.period_start,
                end=report.period_end,
                language=report.language,
                progress=progress,
            )
            progress(95, _("Saving the files"))
            _store(report, files.html.encode("utf-8"), files.pdf or b"", files.summary)
        except Exception as error:
            logger.exception("review %s failed", report_id)
            ReviewReport.objects.filter(pk=report_id).update(
                status=ReviewReport.Status.FAILED,
                error=_failure_message(error),
                step=_("Failed"),
                finished_at=timezone.now(),
            )
            return True
    return True


def _failure_message(error: Exception) -> str:
    from ambassade.reviews.render import PdfUnavailable

    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, PdfUnavailable):
        return str(error)
    return _(
        "The review could not be generated (%(error)s). Try again; if it fails again, tell your "
        "administrator."
    ) % {"error": f"{type(error).__name__}: {error}"[:300]}


def _store(report: ReviewReport, html: bytes, pdf: bytes, summary: list[dict[str, str]]) -> None:
    """Write both files under new names, then point the review at them and remove the old ones."""
    storage = report.html_file.storage
    stem = f"{report.file_stem()}-{uuid.uuid4().hex[:8]}"
    old = [report.html_file.name, report.pdf_file.name]
    written: list[str] = []
    try:
        report.html_file.save(f"{stem}.html", ContentFile(html), save=False)
        written.append(report.html_file.name)
        report.pdf_file.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        written.append(report.pdf_file.name)
        stored = ReviewReport.objects.filter(pk=report.pk).update(
            html_file=report.html_file.name,
            pdf_file=report.pdf_file.name,
            summary=summary,
            status=ReviewReport.Status.DONE,
            progress=100,
            step=_("Done"),
            finished_at=timezone.now(),
            runs=F("runs") + 1,
        )
        if not stored:  # the review was deleted while it was generated: keep no file of it
            raise ReviewReport.DoesNotExist
    except ReviewReport.DoesNotExist:
        for name in written:
            storage.delete(name)
        return
    except Exception:
        for name in written:
            storage.delete(name)
        raise
    for name in old:
        if name and name not in written:
            storage.delete(name)


def reviews_run_queued() -> int:
    """Run the reviews waiting to start (the demo's, or those whose process stopped); returns how many."""
    stale = timezone.now() - STALE_AFTER
    ReviewReport.objects.filter(status=ReviewReport.Status.RUNNING, started_at__lt=stale).update(
        status=ReviewReport.Status.QUEUED
    )
    ran = 0
    for report_id in ReviewReport.objects.filter(status=ReviewReport.Status.QUEUED).values_list(
        "pk", flat=True
    ):
        ran += review_report_run(report_id=report_id)
    return ran
