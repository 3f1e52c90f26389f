"""The rewards catalogue: non-financial recognition (a T-shirt, a book, a day at a conference).

Requesting an item spends points at once (a negative ledger row, reason "redemption"); a refused or
cancelled request gives them back (reason "refund"). Both reasons are left out of lifetime points, so
spending never lowers a level.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ambassade.core.models import TimeStampedModel
from ambassade.orgs.models import Organisation, Person


class RewardItem(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reward_items")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="rewards/", blank=True, max_length=300)
    cost = models.PositiveIntegerField(_("cost (points)"))
    stock = models.PositiveIntegerField(
        _("in stock"), null=True, blank=True, help_text=_("Empty: unlimited.")
    )
    handed_out_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rewards_to_hand_out",
        verbose_name=_("handed out by"),
    )
    active = models.BooleanField(_("shown in the catalogue"), default=True)

    class Meta:
        ordering = ["cost", "name"]
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")

    def __str__(self) -> str:
        return self.name


class RewardRequest(TimeStampedModel):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        DELIVERED = "delivered", _("Delivered")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(RewardItem, on_delete=models.PROTECT, related_name="requests")
    ambassador = models.ForeignKey(
        "ambassadors.Ambassador", on_delete=models.CASCADE, related_name="reward_requests"
    )
    cost = models.PositiveIntegerField()  # the points spent, as the item cost at the time
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    note = models.CharField(_("note"), max_length=300, blank=True)  # e.g. the T-shirt size, or why refused
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Why HR refused the request (shown to the requester); `note` keeps what the requester wrote.
    decision_note = models.CharField(_("reason for the decision"), max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reward request")
        verbose_name_plural = _("reward requests")

    def __str__(self) -> str:
        return f"{self.item} #{self.pk}"
