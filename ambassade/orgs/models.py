from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ambassade.core.models import TimeStampedModel
from ambassade.orgs.roles import Role

LANGUAGE_CHOICES = [("fr", _("French")), ("en", _("English"))]


def _default_languages() -> list[str]:
    return ["fr"]


def _default_time_zone() -> str:
    return settings.TIME_ZONE


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Europe/Paris."), params={"value": value}
        ) from error


class Organisation(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    default_language = models.CharField(
        _("default language"), max_length=5, choices=LANGUAGE_CHOICES, default="fr"
    )
    # Weekly digests and day boundaries of reports follow it (TIME_ZONE when the organisation was created).
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=_default_time_zone, validators=[validate_time_zone]
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Entity(TimeStampedModel):
    """A legal or geographic part of the organisation; each carries its own career site."""

    class Kind(models.TextChoices):
        CORPORATE = "corporate", _("Corporate")
        COUNTRY = "country", _("Country")
        SUBSIDIARY = "subsidiary", _("Subsidiary")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="entities")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SUBSIDIARY)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name"), max_length=60, help_text=_("Used in addresses, e.g. /careers/<short name>/.")
    )
    languages = models.JSONField(_("languages"), default=_default_languages)
    host = models.CharField(
        _("host name"),
        max_length=253,
        blank=True,
        help_text=_("Optional own host name of the career site, e.g. careers.example.org."),
        validators=[RegexValidator(r"^[a-z0-9.-]*$", _("Use lower-case letters, digits, dots and hyphens."))],
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="entity_slug_unique_per_organisation"
            ),
            models.UniqueConstraint(
                fields=["host"],
                condition=~models.Q(host=""),
                name="entity_host_unique_when_set",
                violation_error_message=_("Another entity already uses this host name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Department(TimeStampedModel):
    """A service or direction; departments form a tree inside an entity."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="departments")
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="departments", verbose_name=_("entity")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"), max_length=40, blank=True, help_text=_("The HR system's code, if any.")
    )
    # Materialised path of ids ("/3/17/42/"): a subtree is one indexed prefix query.
    path = models.CharField(max_length=400, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "code"],
                condition=~models.Q(code=""),
                name="department_code_unique_per_entity",
                violation_error_message=_("Another department of this entity already uses this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Audience(TimeStampedModel):
    """A configurable group of people, e.g. executives, directors, line managers, agents."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="audiences")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="audience_slug_unique_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    """A member of staff, as the HR system knows them (keyed by the HR identifier)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    hr_id = models.CharField(_("HR identifier"), max_length=64)
    first_name = models.CharField(_("first name"), max_length=120)
    last_name = models.CharField(_("last name"), max_length=120)
    email = models.EmailField(_("e-mail"), blank=True)
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="people", verbose_name=_("entity")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("department"),
    )
    audience = models.ForeignKey(
        Audience,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("audience"),
    )
    manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("manager"),
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    # Set when an HR admin removes this person's access: single sign-on must not recreate it.
    access_revoked_at = models.DateTimeField(_("access removed at"), null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "hr_id"], name="person_hr_id_unique_per_organisation"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "department"])]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        errors = {}
        if self.active_from and self.active_until and self.active_until < self.active_from:
            errors["active_until"] = _("The end date must come after the start date.")
        department = self.department if self.department_id else None
        if department is not None and self.entity_id and department.entity_id != self.entity_id:
            errors["department"] = _("This department belongs to another entity.")
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Membership(TimeStampedModel):
    """A user account's place in an organisation: its role, its person record, its language."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EMPLOYEE)
    person = models.OneToOneField(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="membership",
        verbose_name=_("person"),
    )
    # For a manager: the top of the department subtree they see (defaults to their own department).
    scope_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department scope"),
    )
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def managed_department(self) -> Department | None:
        if self.role != Role.MANAGER:
            return None
        if self.scope_department is not None:
            return self.scope_department
        return self.person.department if self.person else None


class PeopleImport(TimeStampedModel):
    """One upload of an HR export: previewed first, then applied all at once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        CHECKING = "checking", _("Checking")
        PREVIEWED = "previewed", _("Ready to apply")
        INVALID = "invalid", _("Has errors")
        APPLY_QUEUED = "apply_queued", _("Waiting to be applied")
        APPLYING = "applying", _("Applying")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people_imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entity = models.ForeignKey(
        Entity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("entity"),
        help_text=_("Limit the import (and deactivations) to one entity."),
    )
    full = models.BooleanField(
        _("full export"),
        default=True,
        help_text=_("People missing from a full export are deactivated (never deleted)."),
    )
    filename = models.CharField(_("file"), max_length=255)
    file = models.FileField(upload_to="imports/people/%Y/%m/", max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("people import")
        verbose_name_plural = _("people imports")

    def __str__(self) -> str:
        return self.filename

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


def organisation_zone(organisation: Organisation) -> ZoneInfo:
    """The organisation's time zone; TIME_ZONE if the stored name is unknown to this machine."""
    try:
        return ZoneInfo(organisation.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)
