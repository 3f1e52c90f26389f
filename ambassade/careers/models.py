"""Career sites' content, job offers and applications."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambassade.core.models import TimeStampedModel
from ambassade.orgs.models import LANGUAGE_CHOICES, Department, Entity, Organisation


class EmployerStory(TimeStampedModel):
    """The employer story in one language: written once for the organisation (entity empty) and
    overridden per entity only where it differs (an empty field inherits the organisation's)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="stories")
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, null=True, blank=True, related_name="stories"
    )
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, default="fr")
    tagline = models.CharField(
        _("tagline"), max_length=200, blank=True, help_text=_("One sentence shown under the site's name.")
    )
    presentation = models.TextField(_("presentation"), blank=True)
    values = models.TextField(_("values"), blank=True)
    benefits = models.TextField(_("benefits"), blank=True)
    how_we_recruit = models.TextField(_("how we recruit"), blank=True)
    how_to_prepare = models.TextField(_("how to prepare"), blank=True)
    # Facts compared across entities and channels by the consistency report (e.g. headcount, sites).
    facts = models.JSONField(_("key facts"), default=dict, blank=True)
    # {"linkedin": "https://...", "x": "...", "mastodon": "...", ...}
    social_accounts = models.JSONField(_("social accounts"), default=dict, blank=True)
    # Stored outside the public web root like every upload; the career site streams them.
    logo = models.ImageField(_("logo"), upload_to="careers/logos/", blank=True, max_length=300)
    cover = models.ImageField(
        _("sharing image"),
        upload_to="careers/covers/",
        blank=True,
        max_length=300,
        help_text=_(
            "Shown when a page of the career site is shared on a network; 1200 × 630 pixels is best."
        ),
    )

    class Meta:
        verbose_name = _("employer story")
        verbose_name_plural = _("employer stories")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "entity", "language"], name="story_unique_per_entity_and_language"
            ),
            models.UniqueConstraint(
                fields=["organisation", "language"],
                condition=models.Q(entity__isnull=True),
                name="organisation_story_unique_per_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity or self.organisation} ({self.language})"


class Testimonial(TimeStampedModel):
    """A member of staff's photo or video testimonial shown on career sites."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="testimonials")
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, null=True, blank=True, related_name="testimonials"
    )
    person = models.ForeignKey(
        "orgs.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="testimonials"
    )
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, default="fr")
    name = models.CharField(_("name shown"), max_length=120)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    quote = models.TextField(_("quote"))
    video_url = models.URLField(_("video address"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="testimonials/", blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")

    def __str__(self) -> str:
        return self.name


class JobOffer(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    class Contract(models.TextChoices):
        # Values are schema.org employmentType.
        FULL_TIME = "FULL_TIME", _("Full time")
        PART_TIME = "PART_TIME", _("Part time")
        CONTRACTOR = "CONTRACTOR", _("Contractor")
        TEMPORARY = "TEMPORARY", _("Fixed-term")
        INTERN = "INTERN", _("Internship")
        VOLUNTEER = "VOLUNTEER", _("Volunteer")
        PER_DIEM = "PER_DIEM", _("Per diem")
        OTHER = "OTHER", _("Other")

    class Remote(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        HYBRID = "hybrid", _("Hybrid")
        REMOTE = "remote", _("Fully remote")

    class SalaryPeriod(models.TextChoices):
        # Values are schema.org unitText.
        YEAR = "YEAR", _("per year")
        MONTH = "MONTH", _("per month")
        HOUR = "HOUR", _("per hour")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="job_offers")
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="job_offers", verbose_name=_("entity")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_offers",
        verbose_name=_("department"),
    )
    reference = models.CharField(_("reference number"), max_length=40)
    category = models.CharField(_("category"), max_length=80, blank=True)
    contract_type = models.CharField(_("contract type"), max_length=20, choices=Contract.choices)
    remote_policy = models.CharField(
        _("remote work"), max_length=10, choices=Remote.choices, default=Remote.ON_SITE
    )
    # [{"street": "", "city": "Paris", "postal_code": "75001", "region": "Île-de-France", "country": "FR"}]
    locations = models.JSONField(_("locations"), default=list, blank=True)
    # For fully remote offers: ISO country codes where candidates may live.
    remote_countries = models.JSONField(_("countries candidates may work from"), default=list, blank=True)
    salary_min = models.DecimalField(
        _("minimum salary"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    salary_max = models.DecimalField(
        _("maximum salary"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    salary_currency = models.CharField(_("currency"), max_length=3, default="EUR")
    salary_period = models.CharField(
        _("salary period"), max_length=5, choices=SalaryPeriod.choices, default=SalaryPeriod.YEAR
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closes_on = models.DateField(_("closing date"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                name="job_reference_unique_per_organisation",
                violation_error_message=_("Another job offer already uses this reference number."),
            ),
        ]
        indexes = [models.Index(fields=["entity", "status"])]

    def __str__(self) -> str:
        translation = self.translations.first()
        return translation.title if translation else self.reference

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PUBLISHED and (
            self.closes_on is None or self.closes_on >= timezone.localdate()
        )


class JobOfferTranslation(models.Model):
    """The offer's title and description in one language (French, English)."""

    offer = models.ForeignKey(JobOffer, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), help_text=_("Formatted text; unsafe HTML is removed."))

    class Meta:
        verbose_name = _("job offer text")
        verbose_name_plural = _("job offer texts")
        constraints = [
            models.UniqueConstraint(fields=["offer", "language"], name="one_text_per_offer_and_language"),
        ]

    def __str__(self) -> str:
        return self.title


REJECTED_RETENTION = timedelta(days=91)  # 3 months after the decision (CNIL, recruitment)
TALENT_POOL_RETENTION = timedelta(days=730)  # 2 years after the last contact


class Application(TimeStampedModel):
    class Stage(models.TextChoices):
        RECEIVED = "received", _("Received")
        SCREENING = "screening", _("Screening")
        INTERVIEW = "interview", _("Interview")
        OFFER = "offer", _("Offer")
        HIRED = "hired", _("Hired")
        REJECTED = "rejected", _("Rejected")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="applications")
    offer = models.ForeignKey(
        JobOffer, on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )  # empty: a spontaneous application to the entity
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="applications")
    first_name = models.CharField(_("first name"), max_length=120)
    last_name = models.CharField(_("last name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("message"), blank=True)
    cv = models.FileField(_("CV"), upload_to="applications/cv/%Y/%m/", blank=True, max_length=300)
    cv_filename = models.CharField(max_length=255, blank=True)
    language = models.CharField(max_length=5, choices=LANGUAGE_CHOICES, default="fr")
    consent_at = models.DateTimeField(_("consent given at"))
    consent_text = models.TextField(_("consent text shown"))
    talent_pool = models.BooleanField(_("keep in the talent pool"), default=False)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.RECEIVED)
    stage_changed_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    last_contact_at = models.DateTimeField(default=timezone.now)
    # Where the candidate came from: the tracked link carried by the signed `ref` parameter.
    source_link = models.ForeignKey(
        "links.TrackedLink", on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    source_channel = models.CharField(_("channel"), max_length=20, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [models.Index(fields=["offer", "stage"]), models.Index(fields=["stage", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or f"#{self.pk}"


class ApplicationNote(TimeStampedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return self.text[:60]
