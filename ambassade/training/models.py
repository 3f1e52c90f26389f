"""Training: programmes (e.g. "LinkedIn ambassadors 2027"), tracks per audience and expertise level,
sessions (workshops, conferences, photo sessions, webinars, e-learning), invitation waves that follow the
organisation's cascade, registrations with a waiting list, and attendance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ambassade.ambassadors.models import Expertise
from ambassade.core.models import TimeStampedModel
from ambassade.orgs.models import Audience, Department, Entity, Organisation, Person


class TrainingProgramme(TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="training_programmes"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    points = models.PositiveSmallIntegerField(
        _("recognition points per session attended"),
        default=10,
        help_text=_("Credited to the ambassador's points when their attendance is recorded."),
    )
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")

    def __str__(self) -> str:
        return self.name


class Track(TimeStampedModel):
    """One path of a programme for one audience and expertise level (e.g. directors × beginner)."""

    programme = models.ForeignKey(TrainingProgramme, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(_("name"), max_length=200)
    audience = models.ForeignKey(
        Audience,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("audience"),
        help_text=_("Empty: every audience."),
    )
    expertise = models.CharField(
        _("expertise level"),
        max_length=12,
        choices=Expertise.choices,
        blank=True,
        help_text=_("Empty: every level."),
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def __str__(self) -> str:
        return self.name


class TrainingSession(TimeStampedModel):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        CONFERENCE = "conference", _("Conference")
        PHOTO = "photo", _("Photo session")
        WEBINAR = "webinar", _("Webinar")
        ELEARNING = "elearning", _("E-learning")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.WORKSHOP)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # iCalendar SEQUENCE: bumped whenever the date, place or link changes, so calendars update the event.
    ics_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        indexes = [models.Index(fields=["organisation", "starts_at"])]

    def __str__(self) -> str:
        return self.title


class Wave(TimeStampedModel):
    """One round of invitations, chosen by HR: e.g. executives first, then directors, then managers."""

    programme = models.ForeignKey(TrainingProgramme, on_delete=models.CASCADE, related_name="waves")
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    audiences = models.ManyToManyField(Audience, blank=True, related_name="+", verbose_name=_("audiences"))
    entities = models.ManyToManyField(Entity, blank=True, related_name="+", verbose_name=_("entities"))
    departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("departments (with their sub-departments)")
    )
    # Line managers and their teams: people who manage someone, and the people they manage.
    include_managers_teams = models.BooleanField(_("line managers and their teams"), default=False)
    send_at = models.DateTimeField(_("send on"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("invitation wave")
        verbose_name_plural = _("invitation waves")

    def __str__(self) -> str:
        return self.name


class WaveInvitation(models.Model):
    """A person invited by a wave (sent once, even when waves overlap)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="training_invitations")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["wave", "person"], name="one_invitation_per_wave")]

    def __str__(self) -> str:
        return f"{self.wave_id} → {self.person_id}"


class Registration(TimeStampedModel):
    """A person's place in a session: registered, on the waiting list, or cancelled; and attendance."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")

    class AttendanceSource(models.TextChoices):
        NONE = "", "—"
        CHECK_IN = "check_in", _("Check-in")
        SHEET = "sheet", _("Sign-in sheet")
        MANUAL = "manual", _("Recorded by hand")

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="training_registrations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REGISTERED)
    # The waiting list is served in this order (set when the person joined it).
    waiting_since = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=8, choices=Attendance.choices, blank=True, default=Attendance.UNKNOWN
    )
    attendance_source = models.CharField(max_length=10, choices=AttendanceSource.choices, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Reminder kinds already sent, e.g. ["day_before", "hour_before"].
    reminders_sent = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_registration_per_session")
        ]
        indexes = [models.Index(fields=["person", "attendance"])]

    def __str__(self) -> str:
        return f"{self.session_id} ← {self.person_id} ({self.status})"
