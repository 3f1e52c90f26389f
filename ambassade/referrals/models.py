"""Social referral: an employee introduces a contact; the contact agrees (or not); recruiters evaluate.

An introduction is not a recommendation: nothing about the contact's qualities is asked or kept.
Until the contact confirms, only the introducer sees the contact's name and address; recruiters see
that an introduction is pending. Declined and expired introductions are erased after the retention
period, leaving an anonymous row for the counts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ambassade.core.models import TimeStampedModel
from ambassade.orgs.models import Entity, Organisation, Person


class ReferralSettings(TimeStampedModel):
    """The organisation's referral rules (one row, created on first use with these defaults)."""

    class CreditRule(models.TextChoices):
        FIRST_CONFIRMED = "first_confirmed", _("The first introduction the contact confirmed")
        FIRST_INTRODUCED = "first_introduced", _("The first introduction made")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="referral_settings"
    )
    link_days = models.PositiveSmallIntegerField(_("introduction links expire after (days)"), default=14)
    erase_after_days = models.PositiveSmallIntegerField(
        _("declined or expired introductions are erased after (days)"), default=30
    )
    credit_rule = models.CharField(
        _("when two colleagues introduce the same person, credit"),
        max_length=20,
        choices=CreditRule.choices,
        default=CreditRule.FIRST_CONFIRMED,
    )
    points_confirmed = models.SmallIntegerField(_("points when the contact confirms"), default=25)
    points_interview = models.SmallIntegerField(_("points when the candidate reaches interview"), default=50)
    points_hired = models.SmallIntegerField(_("points when the candidate is hired"), default=100)
    daily_introductions_limit = models.PositiveSmallIntegerField(
        _("introductions a day before points are held for review"), default=5
    )
    daily_points_cap = models.PositiveIntegerField(
        _("referral points a day before they are held for review"), default=200
    )
    allow_internal_mobility = models.BooleanField(
        _("colleagues may be introduced (internal mobility)"), default=False
    )
    # One domain per line; empty means the domains of the staff's own e-mail addresses.
    internal_domains = models.TextField(_("the organisation's e-mail domains"), blank=True)
    cash_bonus_enabled = models.BooleanField(_("record a cash bonus for payroll on hiring"), default=False)
    cash_bonus_amount = models.DecimalField(
        _("cash bonus amount"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    cash_bonus_currency = models.CharField(_("currency"), max_length=3, default="EUR")

    class Meta:
        verbose_name = _("referral settings")
        verbose_name_plural = _("referral settings")

    def __str__(self) -> str:
        return str(self.organisation)


class Introduction(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")  # waiting for the contact's answer
        CONFIRMED = "confirmed", _("Confirmed")  # the contact agreed and applied
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        DUPLICATE = "duplicate", _("Already a candidate")  # nothing sent: already in the pipeline

    class Via(models.TextChoices):
        FORM = "form", _("Introduction form")
        LINK = "link", _("Personal tracked link")

    class Relationship(models.TextChoices):
        FORMER_COLLEAGUE = "former_colleague", _("Former colleague")
        STUDIES = "studies", _("Studied together")
        NETWORK = "network", _("Professional network")
        PERSONAL = "personal", _("Friend or family")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="introductions")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="introductions")
    offer = models.ForeignKey(
        "careers.JobOffer", on_delete=models.PROTECT, null=True, blank=True, related_name="introductions"
    )  # None: a spontaneous introduction to the organisation
    introducer = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="introductions_made"
    )
    via = models.CharField(max_length=4, choices=Via.choices, default=Via.FORM)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # The contact, as the introducer typed it; emptied on erasure.
    contact_name = models.CharField(_("contact's name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact's e-mail"), blank=True)
    contact_profile_url = models.URLField(_("contact's professional profile"), max_length=500, blank=True)
    contact_hash = models.CharField(max_length=64, blank=True, db_index=True)  # keyed hash of the address
    # The contact typed their address on a profile-only link: the introducer never sees it.
    email_given_by_contact = models.BooleanField(default=False)
    relationship = models.CharField(
        _("how you know each other"), max_length=20, choices=Relationship.choices, blank=True
    )
    relationship_note = models.CharField(_("in a few words"), max_length=200, blank=True)
    language = models.CharField(_("language of the message"), max_length=5, default="fr")
    # Bumped when a new link is sent: older links stop working.
    link_version = models.PositiveSmallIntegerField(default=1)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    application = models.OneToOneField(
        "careers.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="introduction",
    )
    credited = models.BooleanField(default=False)  # this introducer earns the points (credit rule)
    introducer_seen_at = models.DateTimeField(null=True, blank=True)  # in-app "new" marker
    thanked_at = models.DateTimeField(null=True, blank=True)
    thanked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["introducer", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class DoNotIntroduce(models.Model):
    """A contact who asked never to be introduced again: only a keyed hash of their address is kept."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    email_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "email_hash"], name="do_not_introduce_once")
        ]

    def __str__(self) -> str:
        return self.email_hash[:12]


class PointsHold(TimeStampedModel):
    """Referral points held for review by HR instead of credited (velocity rules)."""

    class Why(models.TextChoices):
        TOO_MANY_INTRODUCTIONS = "too_many", _("More introductions in a day than the limit")
        DAILY_CAP = "daily_cap", _("More referral points in a day than the cap")

    class Status(models.TextChoices):
        HELD = "held", _("Held for review")
        RELEASED = "released", _("Credited")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled (the candidate moved back)")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    ambassador = models.ForeignKey(
        "ambassadors.Ambassador", on_delete=models.CASCADE, related_name="points_holds"
    )
    introduction = models.ForeignKey(Introduction, on_delete=models.CASCADE, related_name="holds")
    points = models.IntegerField()
    source = models.CharField(max_length=60)  # the ledger source the points will be credited under
    why = models.CharField(max_length=10, choices=Why.choices)
    detail = models.CharField(max_length=300, blank=True)  # e.g. "7 introductions on 2026-11-22 (limit 5)"
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["ambassador", "source"], name="one_hold_per_points_source")
        ]

    def __str__(self) -> str:
        return f"{self.points:+d} {self.source}"


class PayrollBonus(TimeStampedModel):
    """A cash bonus recorded for payroll when an introduced candidate is hired. Nothing is ever paid here."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    introduction = models.OneToOneField(Introduction, on_delete=models.CASCADE, related_name="payroll_bonus")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="payroll_bonuses")
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    currency = models.CharField(max_length=3, default="EUR")
    exported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("payroll bonus")
        verbose_name_plural = _("payroll bonuses")

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"
