"""Rollups of the analytics dashboard: outcomes per day and source, and the organisation's page followers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ambassade.ambassadors.models import Network
from ambassade.core.models import TimeStampedModel
from ambassade.links.models import Campaign
from ambassade.orgs.models import Department, Entity, Organisation, Person


class DailyOutcome(models.Model):
    """Applications, introductions and hires of one day (in the organisation's time zone) per source.

    Rebuilt from `careers.Application` and `referrals.Introduction` by `analytics.rollup.outcomes_rollup`:
    a day's rows are replaced together in one transaction. `department` is the department of the
    ambassador whose link (or introduction) brought the outcome."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, related_name="+")
    channel = models.CharField(max_length=20, blank=True)
    campaign = models.ForeignKey(Campaign, on_delete=models.SET_NULL, null=True, related_name="+")
    ambassador = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    applications = models.PositiveIntegerField(default=0)
    introductions = models.PositiveIntegerField(default=0)
    hires = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["organisation", "day"])]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.day} {self.channel}"


class PageFollowerCount(TimeStampedModel):
    """Followers of one of the organisation's own pages (entity None: the organisation's page) on a day."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        IMPORT = "import", _("Imported")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("entity")
    )
    network = models.CharField(_("network"), max_length=12, choices=Network.choices)
    day = models.DateField(_("date"))
    followers = models.PositiveIntegerField(_("followers"))
    new_followers = models.PositiveIntegerField(_("new followers"), null=True, blank=True)
    unique_visitors = models.PositiveIntegerField(_("unique visitors"), null=True, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["network", "entity_id", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "entity", "network", "day"],
                condition=models.Q(entity__isnull=False),
                name="one_page_count_per_entity_day",
            ),
            models.UniqueConstraint(
                fields=["organisation", "network", "day"],
                condition=models.Q(entity__isnull=True),
                name="one_page_count_per_organisation_day",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "day"])]

    def __str__(self) -> str:
        return f"{self.network} {self.entity_id} {self.day}: {self.followers}"
