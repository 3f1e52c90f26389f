"""The intranet digest: a definition per organisation (optionally per entity or department), its
published issues (frozen content, so past digests never change) and its e-mail subscribers."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ambassade.core.models import TimeStampedModel
from ambassade.orgs.models import Department, Entity, Organisation


def new_token() -> str:
    """An unguessable token for public addresses (about 144 bits)."""
    return secrets.token_urlsafe(18)


def _default_languages() -> list[str]:
    return ["fr", "en"]


class Digest(TimeStampedModel):
    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        MONTHLY = "monthly", _("Every month (first chosen weekday)")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="digests")
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("entity")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department (with its sub-departments)"),
    )
    title = models.CharField(_("title"), max_length=200)
    # The first language is the page's default; readers switch with ?lang=.
    languages = models.JSONField(_("languages"), default=_default_languages)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, default=Weekday.MONDAY)
    hour = models.PositiveSmallIntegerField(_("hour"), default=9, validators=[MaxValueValidator(23)])
    active = models.BooleanField(_("active"), default=True)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    token_rotated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("intranet digest")
        verbose_name_plural = _("intranet digests")

    def __str__(self) -> str:
        return self.title

    @property
    def language(self) -> str:
        return (self.languages or ["fr"])[0]


class Issue(models.Model):
    """One published digest: its period (local dates, inclusive) and its frozen content."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="issues")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    published_at = models.DateTimeField(_("published at"), db_index=True)
    scheduled = models.BooleanField(default=True)  # False: "publish now" by an admin
    content = models.JSONField(default=dict)
    emailed_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-period_end", "-published_at", "-pk"]
        verbose_name = _("digest issue")
        verbose_name_plural = _("digest issues")
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "period_start", "period_end"], name="intranet_issue_unique_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.digest} {self.period_start}–{self.period_end}"


class Subscription(models.Model):
    """An e-mail address that receives the digest: confirmed by a link (double opt-in), left with
    one click. Unsubscribing deletes the row."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="subscriptions")
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=5, default="fr")
    created_at = models.DateTimeField(auto_now_add=True)
    confirm_token = models.CharField(max_length=40, unique=True, default=new_token)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribe_token = models.CharField(max_length=40, unique=True, default=new_token)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["digest", "email"], name="intranet_subscription_unique_email")
        ]

    def __str__(self) -> str:
        return self.email
