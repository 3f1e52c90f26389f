"""Tracked links, the clicks they receive (human or dropped, with a reason), and rollups."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ambassade.core.models import TimeStampedModel
from ambassade.orgs.models import Entity, Organisation, Person


class Channel(models.TextChoices):
    LINKEDIN = "linkedin", "LinkedIn"
    X = "x", "X"
    FACEBOOK = "facebook", "Facebook"
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"
    EMAIL = "email", _("E-mail")
    INTRANET = "intranet", _("Intranet")
    QR = "qr", _("QR code")
    OTHER = "other", _("Other")


class Campaign(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="campaigns")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60, help_text=_("Sent as utm_campaign."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"],
                name="campaign_slug_unique_per_organisation",
                violation_error_message=_("Another campaign already uses this short name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TrackedLink(TimeStampedModel):
    class Target(models.TextChoices):
        JOB = "job", _("Job offer")
        CAREER_PAGE = "career_page", _("Career site")
        NEWS = "news", _("News item")
        URL = "url", _("Other address")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="tracked_links")
    code = models.CharField(max_length=16, unique=True)
    target_type = models.CharField(_("target"), max_length=12, choices=Target.choices)
    job = models.ForeignKey(
        "careers.JobOffer", on_delete=models.CASCADE, null=True, blank=True, related_name="tracked_links"
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, null=True, blank=True, related_name="tracked_links"
    )  # the career site, for career pages
    url = models.URLField(_("address"), max_length=1000, blank=True)  # news items and other addresses
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    ambassador = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="tracked_links"
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="tracked_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tracked link")
        verbose_name_plural = _("tracked links")

    def __str__(self) -> str:
        return self.code


class Click(models.Model):
    """One request to /r/<code>: a human click, or a drop with its reason. No IP, no user agent."""

    class Reason(models.TextChoices):
        HUMAN = "", _("Human click")
        HEAD_REQUEST = "head_request", _("HEAD request")
        BOT = "bot", _("Robot or link preview")
        PREFETCH = "prefetch", _("Browser prefetch")
        DUPLICATE = "duplicate", _("Same visitor within 24 hours")
        SELF_CLICK = "self_click", _("The ambassador's own click")

    link = models.ForeignKey(TrackedLink, on_delete=models.CASCADE, related_name="clicks")
    occurred_at = models.DateTimeField(db_index=True)
    visitor = models.CharField(max_length=64)  # hash of (daily salt, link, IP, user agent)
    reason = models.CharField(max_length=16, choices=Reason.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["link", "visitor", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.link_id} {self.occurred_at:%Y-%m-%d %H:%M} {self.reason or 'human'}"

    @property
    def is_human(self) -> bool:
        return self.reason == ""


class DailySalt(models.Model):
    """A random salt per day: visitors can be told apart within a day, never followed across days."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self) -> str:
        return str(self.day)


class LinkDailyRollup(models.Model):
    """Clicks per link and day, with the link's dimensions copied so dashboards group without joins."""

    link = models.ForeignKey(TrackedLink, on_delete=models.CASCADE, related_name="daily_rollups")
    day = models.DateField()
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=12)
    campaign = models.ForeignKey(Campaign, on_delete=models.SET_NULL, null=True, related_name="+")
    entity = models.ForeignKey(Entity, on_delete=models.SET_NULL, null=True, related_name="+")
    job = models.ForeignKey("careers.JobOffer", on_delete=models.SET_NULL, null=True, related_name="+")
    human_clicks = models.PositiveIntegerField(default=0)
    drops = models.JSONField(default=dict)  # {"bot": 3, "duplicate": 1, ...}

    class Meta:
        constraints = [models.UniqueConstraint(fields=["link", "day"], name="one_rollup_per_link_and_day")]
        indexes = [models.Index(fields=["organisation", "day"])]

    def __str__(self) -> str:
        return f"{self.link_id} {self.day}"


class AmbassadorMonthlyRollup(models.Model):
    ambassador = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="monthly_clicks")
    month = models.DateField()  # first day of the month
    human_clicks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ambassador", "month"], name="one_rollup_per_ambassador_and_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ambassador_id} {self.month:%Y-%m}"


class AmbassadorCounter(models.Model):
    """Running total of human clicks per ambassador, for leaderboards."""

    ambassador = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="click_counter")
    human_clicks = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.ambassador_id}: {self.human_clicks}"


class RollupWatermark(models.Model):
    """The id of the last click rolled up; moved in the same transaction as the rollup rows."""

    name = models.CharField(max_length=40, unique=True)
    last_click_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_click_id}"
