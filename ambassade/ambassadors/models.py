"""The ambassador programme: enrolment with consent, social accounts, the profile checklist, the content
hub and its shares, daily activity, the points ledger, and the adoption snapshots the charts read."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ambassade.core.models import AppendOnlyError, TimeStampedModel
from ambassade.orgs.models import Audience, Department, Entity, Organisation, Person


class Network(models.TextChoices):
    LINKEDIN = "linkedin", "LinkedIn"
    X = "x", "X"
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    YOUTUBE = "youtube", "YouTube"


# The networks a content item can be shared to through a share dialog (Instagram and YouTube have none).
SHARE_NETWORKS = (Network.LINKEDIN, Network.X, Network.MASTODON, Network.BLUESKY, Network.FACEBOOK)


class Expertise(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    EXPERT = "expert", _("Expert")


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")
    NEVER = "never", _("Never")


class Programme(TimeStampedModel):
    """The organisation's programme settings: launch date, activity period, approval, points rules."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="programme")
    name = models.CharField(_("name"), max_length=200, default="Ambassadeurs")
    launched_on = models.DateField(_("launch date"), null=True, blank=True)
    active_period_days = models.PositiveSmallIntegerField(
        _("activity period (days)"),
        default=30,
        help_text=_("An ambassador is active when they shared, or their links were clicked, in this period."),
    )
    second_approval = models.BooleanField(
        _("a second person approves content"),
        default=False,
        help_text=_("Content is published only when someone other than its author approves it."),
    )
    invitation_days = models.PositiveSmallIntegerField(_("invitation links expire after (days)"), default=30)
    points_share = models.SmallIntegerField(_("points per share"), default=5)
    points_first_click = models.SmallIntegerField(_("points for a share's first human click"), default=5)
    points_checklist = models.SmallIntegerField(_("points for a complete profile checklist"), default=20)
    points_training = models.SmallIntegerField(_("points per training attended"), default=10)
    daily_points_cap = models.PositiveSmallIntegerField(
        _("daily cap on points from shares and clicks"), default=30
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class Level(models.Model):
    """A named level reached at a number of lifetime points (e.g. Curieux 0, Relais 50, Ambassadeur 200)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="levels")
    name = models.CharField(_("name"), max_length=80)
    threshold = models.PositiveIntegerField(_("from (points)"))

    class Meta:
        ordering = ["threshold"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "threshold"],
                name="level_threshold_unique_per_organisation",
                violation_error_message=_("Another level starts at this number of points."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Ambassador(TimeStampedModel):
    """A person's place in the programme: invited → enrolled → (active / inactive) → withdrawn or left.

    Active / inactive is not stored: it follows from `last_active_on` and the programme's period.
    """

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ENROLLED = "enrolled", _("Enrolled")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        LEFT = "left", _("Left the organisation")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="ambassadors")
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="ambassador")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.INVITED)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Bumped by every new invitation: older invitation links stop working.
    invitation_nonce = models.CharField(max_length=32, blank=True)
    enrolled_at = models.DateTimeField(_("enrolled at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    expertise = models.CharField(
        _("expertise level"), max_length=12, choices=Expertise.choices, default=Expertise.BEGINNER
    )
    self_assessment = models.JSONField(default=dict, blank=True)  # {question key: answer}
    digest_frequency = models.CharField(
        _("news e-mail"), max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)
    leaderboard_opt_in = models.BooleanField(_("show me on leaderboards"), default=False)
    show_name_in_network = models.BooleanField(_("show my name in the programme's network"), default=False)
    last_active_on = models.DateField(_("last active on"), null=True, blank=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def is_enrolled(self) -> bool:
        return self.status == self.Status.ENROLLED


class ConsentRecord(models.Model):
    """Append-only history of a person's consent (given, withdrawn), with the version of the text."""

    class Action(models.TextChoices):
        GIVEN = "given", pgettext_lazy("consent record", "Consent given")
        WITHDRAWN = "withdrawn", pgettext_lazy("consent record", "Consent withdrawn")

    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(max_length=10, choices=Action.choices)
    text_version = models.CharField(max_length=20)
    language = models.CharField(max_length=5, default="fr")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.ambassador_id} {self.action} {self.text_version}"


class SocialAccount(TimeStampedModel):
    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="accounts")
    network = models.CharField(_("network"), max_length=12, choices=Network.choices)
    # A profile URL (LinkedIn, Facebook, Instagram, YouTube) or a handle (@name, user@host, x.bsky.social).
    handle = models.CharField(_("profile"), max_length=300)

    class Meta:
        ordering = ["network"]
        constraints = [
            models.UniqueConstraint(fields=["ambassador", "network"], name="one_account_per_network")
        ]

    def __str__(self) -> str:
        return f"{self.get_network_display()}: {self.handle}"


class FollowerCount(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        IMPORT = "import", _("Imported")

    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, related_name="follower_counts")
    counted_on = models.DateField(_("date"))
    followers = models.PositiveIntegerField(_("followers"))
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)

    class Meta:
        ordering = ["counted_on"]
        constraints = [
            models.UniqueConstraint(fields=["account", "counted_on"], name="one_follower_count_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.counted_on}: {self.followers}"


class ChecklistTick(models.Model):
    """One item of the profile checklist done (items are defined in code, per network)."""

    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="checklist_ticks")
    network = models.CharField(max_length=12, choices=Network.choices)
    item = models.CharField(max_length=40)
    done_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ambassador", "network", "item"], name="one_tick_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.ambassador_id} {self.network}:{self.item}"


class ContentItem(TimeStampedModel):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        JOB = "job", _("Job offer")
        EVENT = "event", _("Event")
        VIDEO = "video", _("Video testimonial")
        ADVICE = "advice", _("Advice for candidates")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="content_items")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    job = models.ForeignKey(
        "careers.JobOffer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="content_items",
        verbose_name=_("job offer"),
    )
    target_url = models.URLField(_("address"), max_length=1000, blank=True)
    image = models.ImageField(_("image"), upload_to="content/%Y/%m/", blank=True, max_length=300)
    # Who it is for; empty means everyone enrolled.
    entities = models.ManyToManyField(Entity, blank=True, related_name="+", verbose_name=_("entities"))
    departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("departments (with their sub-departments)")
    )
    audiences = models.ManyToManyField(Audience, blank=True, related_name="+", verbose_name=_("audiences"))
    expertise_levels = models.JSONField(_("expertise levels"), default=list, blank=True)
    publish_from = models.DateTimeField(_("publish from"))
    publish_until = models.DateTimeField(_("publish until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-publish_from", "-id"]
        verbose_name = _("content item")
        verbose_name_plural = _("content items")
        indexes = [models.Index(fields=["organisation", "status", "publish_from"])]

    def __str__(self) -> str:
        return self.title


class SuggestedText(models.Model):
    """A suggested text for one network and language; several variants discourage identical copies."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="texts")
    network = models.CharField(_("network"), max_length=12, choices=Network.choices)
    language = models.CharField(_("language"), max_length=5, default="fr")
    variant = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["network", "language", "variant"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "network", "language", "variant"], name="one_text_per_variant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.network}/{self.language}#{self.variant}"


class Share(models.Model):
    """An ambassador opened a network's share dialog for an item, with their own tracked link.

    Confirmed when the link brings its first human click. On withdrawal the share loses its ambassador
    and stays as an anonymous count for the item.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="shares")
    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="shares")
    ambassador = models.ForeignKey(
        Ambassador, on_delete=models.SET_NULL, null=True, blank=True, related_name="shares"
    )
    network = models.CharField(max_length=12, choices=Network.choices)
    link = models.ForeignKey("links.TrackedLink", on_delete=models.SET_NULL, null=True, related_name="shares")
    text = models.ForeignKey(
        SuggestedText, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    own_text = models.BooleanField(default=False)
    opened_at = models.DateTimeField(db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["ambassador", "item"])]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.network}"


class ActivityDay(models.Model):
    """What one ambassador did on one day (shares opened, human clicks their links brought)."""

    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="activity_days")
    day = models.DateField()
    shares = models.PositiveIntegerField(default=0)
    human_clicks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ambassador", "day"], name="one_activity_row_per_day")]

    def __str__(self) -> str:
        return f"{self.ambassador_id} {self.day}"


class PointsEntryQuerySet(models.QuerySet["PointsEntry"]):
    """Append-only: a correction is a new row. Only erasure of the person deletes their rows."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("the points ledger is append-only; write a correcting row")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the points ledger is append-only; write a correcting row")

    def erase(self) -> tuple[int, dict[str, int]]:
        return super().delete()


class PointsEntry(models.Model):
    class Reason(models.TextChoices):
        SHARE = "share", _("Share")
        FIRST_CLICK = "first_click", _("First human click on a share")
        CHECKLIST = "checklist", _("Profile checklist complete")
        TRAINING = "training", _("Training attended")
        INTRODUCTION = "introduction", _("Introduction")
        ADJUSTMENT = "adjustment", _("Manual adjustment")
        REDEMPTION = "redemption", _("Reward requested")
        REFUND = "refund", _("Reward request refused or cancelled")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="points")
    points = models.IntegerField()
    reason = models.CharField(max_length=16, choices=Reason.choices)
    # The event it comes from, e.g. "share:42", "click:981"; unique per ambassador and reason, so that
    # replaying events never credits twice. Adjustments get a random key.
    source = models.CharField(max_length=60)
    note = models.CharField(max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(db_index=True)

    objects = PointsEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ambassador", "reason", "source"], name="one_points_entry_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ambassador_id} {self.points:+d} {self.reason}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("the points ledger is append-only; write a correcting row")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the points ledger is append-only; write a correcting row")


class BadgeAward(models.Model):
    """A badge (defined in code, see recognition.BADGES) earned by an ambassador."""

    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="badges")
    badge = models.CharField(max_length=30)
    awarded_at = models.DateTimeField()

    class Meta:
        ordering = ["awarded_at"]
        constraints = [models.UniqueConstraint(fields=["ambassador", "badge"], name="one_award_per_badge")]

    def __str__(self) -> str:
        return f"{self.ambassador_id} {self.badge}"


class AdoptionSnapshot(models.Model):
    """Anonymous daily counts per entity, department and audience: the adoption curve reads these, and
    they stay when someone withdraws."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, null=True, related_name="+")
    audience = models.ForeignKey(Audience, on_delete=models.SET_NULL, null=True, related_name="+")
    staff = models.PositiveIntegerField(default=0)  # active people of the organisation
    invited = models.PositiveIntegerField(default=0)
    enrolled = models.PositiveIntegerField(default=0)
    active = models.PositiveIntegerField(default=0)

    class Meta:
        # A day's rows are replaced together (delete, then insert) in one transaction.
        indexes = [models.Index(fields=["organisation", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.department_id}/{self.audience_id}"
