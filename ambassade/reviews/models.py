"""The yearly review ("bilan"): a report for a period, generated in the background as HTML and PDF."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ambassade.core.models import TimeStampedModel
from ambassade.orgs.models import LANGUAGE_CHOICES, Entity, Organisation


def _report_path(instance: ReviewReport, filename: str) -> str:
    # Under MEDIA_ROOT, which is never served: the files go out through a permission-checked view.
    return f"private/reviews/{instance.organisation_id}/{filename}"


class ReviewReport(TimeStampedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Generating")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="review_reports")
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("entity")
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, default="fr")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    html_file = models.FileField(upload_to=_report_path, max_length=300, blank=True)
    pdf_file = models.FileField(upload_to=_report_path, max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    # The key figures of the last run ({"key", "label", "value", "change"}), shown on the review's page.
    summary = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.period_start:%Y-%m-%d} – {self.period_end:%Y-%m-%d}"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def days(self) -> int:
        return (self.period_end - self.period_start).days + 1

    def file_stem(self) -> str:
        scope = self.entity.slug if self.entity_id and self.entity else self.organisation.slug
        return f"review-{scope}-{_iso(self.period_start)}-{_iso(self.period_end)}-{self.language}"


def _iso(day: date) -> str:
    return day.strftime("%Y%m%d")
