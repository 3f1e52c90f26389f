"""Listening (veille): sources polled or imported, the mentions they bring, their enrichment and the alerts.

Text from the outside (posts, feeds, imports) is stored as plain text and always rendered autoescaped.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ambassade.core.models import TimeStampedModel
from ambassade.orgs.models import Organisation


class Sentiment(models.TextChoices):
    NEGATIVE = "negative", _("Negative")
    NEUTRAL = "neutral", _("Neutral")
    POSITIVE = "positive", _("Positive")


class Intent(models.TextChoices):
    QUESTION = "question", _("Question")
    WORRY = "worry", _("Worry")
    EXPECTATION = "expectation", _("Expectation")
    PRAISE = "praise", _("Praise")
    OTHER = "other", _("Other")


class Theme(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="listening_themes")
    slug = models.SlugField(_("code"), max_length=60)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    keywords = models.TextField(_("keywords"), blank=True, help_text=_("One word or phrase per line."))
    active = models.BooleanField(_("active"), default=True)
    discovered = models.BooleanField(_("discovered"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="listening_theme_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "fr")[:2]
        return (self.name_en if language == "en" else self.name_fr) or self.name_fr or self.slug

    def keyword_list(self) -> list[str]:
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]


class Source(TimeStampedModel):
    class Kind(models.TextChoices):
        FEED = "feed", _("RSS/Atom feed")
        MASTODON_HASHTAG = "mastodon_hashtag", _("Mastodon hashtag")
        MASTODON_MENTIONS = "mastodon_mentions", _("Mastodon account mentions")
        BLUESKY_SEARCH = "bluesky_search", _("Bluesky search")
        BLUESKY_NOTIFICATIONS = "bluesky_notifications", _("Bluesky account notifications")
        X_ARCHIVE = "x_archive", _("X archive import")
        TABLE = "table", _("CSV/XLSX import")
        MANUAL = "manual", _("Added by hand")

    POLLED_KINDS = (
        "feed",
        "mastodon_hashtag",
        "mastodon_mentions",
        "bluesky_search",
        "bluesky_notifications",
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="listening_sources")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    config = models.JSONField(_("settings"), default=dict, blank=True)
    secret = models.TextField(_("token or app password"), blank=True)  # write-only: never shown back
    query = models.TextField(
        _("query"), blank=True, help_text=_('Keep only items matching: words, "phrases", AND, OR, NOT, ( ).')
    )
    competitor = models.BooleanField(_("competitor"), default=False)
    competitor_name = models.CharField(_("competitor name"), max_length=120, blank=True)
    active = models.BooleanField(_("active"), default=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    cursor = models.CharField(max_length=300, blank=True)
    last_fetched_at = models.DateTimeField(_("last fetch"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)  # in the organisation's language
    last_errors = models.JSONField(default=dict, blank=True)  # the same, per language: {"fr": …, "en": …}
    error_count = models.PositiveIntegerField(_("errors in a row"), default=0)
    items_total = models.PositiveIntegerField(_("items"), default=0)
    next_fetch_at = models.DateTimeField(_("next fetch"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.name

    @property
    def polled(self) -> bool:
        return self.kind in self.POLLED_KINDS

    @property
    def error_message(self) -> str:
        """Why the last fetch failed, in the reader's language when it was recorded in it."""
        language = (get_language() or "fr")[:2]
        texts = self.last_errors if isinstance(self.last_errors, dict) else {}
        return str(texts.get(language) or self.last_error) if self.last_error else ""


class Mention(models.Model):
    class Tier(models.TextChoices):
        NONE = "", _("Not enriched")
        IMMEDIATE = "immediate", _("Immediate")
        FULL = "full", _("Full")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="mentions")
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("source")
    )
    external_id = models.CharField(max_length=500)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    text = models.TextField(_("text"))
    title = models.CharField(_("title"), max_length=500, blank=True)
    text_search = models.TextField(blank=True)  # normalised text (query.text_normalise) for filtering
    text_hash = models.CharField(max_length=64, blank=True)
    simhash = models.BigIntegerField(default=0)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    published_at = models.DateTimeField(_("published"))
    fetched_at = models.DateTimeField(_("fetched"), auto_now_add=True)
    platform = models.CharField(_("platform"), max_length=30, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    thread_url = models.URLField(_("thread"), max_length=1000, blank=True)
    author_name = models.CharField(_("author"), max_length=200, blank=True)
    author_handle = models.CharField(_("author handle"), max_length=200, blank=True)
    author_url = models.URLField(_("author link"), max_length=1000, blank=True)
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True)
    lang = models.CharField(_("language"), max_length=8, blank=True)
    sentiment = models.CharField(_("sentiment"), max_length=10, choices=Sentiment.choices, blank=True)
    intent = models.CharField(_("intent"), max_length=12, choices=Intent.choices, blank=True)
    is_question = models.BooleanField(_("question"), default=False)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    tier = models.CharField(_("enrichment"), max_length=10, choices=Tier.choices, blank=True)
    enriched_at = models.DateTimeField(null=True, blank=True)
    embedding = models.BinaryField(null=True, blank=True)
    themes: models.ManyToManyField[Theme, MentionTheme] = models.ManyToManyField(
        Theme, through="MentionTheme", related_name="mentions", blank=True
    )
    corrected = models.BooleanField(_("corrected by the team"), default=False)
    flagged_at = models.DateTimeField(null=True, blank=True)  # when mention_flagged was sent (once)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="listening_mention_unique_external"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "published_at"], name="listening_mention_org_pub"),
            models.Index(fields=["organisation", "text_hash"], name="listening_mention_org_hash"),
            models.Index(fields=["organisation", "simhash"], name="listening_mention_org_simhash"),
        ]

    def __str__(self) -> str:
        return (self.title or self.text)[:80]

    @property
    def link(self) -> str:
        """The original's address, only if it is http(s)."""
        return self.url if self.url.lower().startswith(("http://", "https://")) else ""


class MentionTheme(models.Model):
    class By(models.TextChoices):
        RULE = "rule", _("Rule")
        MODEL = "model", _("Model")
        PERSON = "person", _("Person")

    mention = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="mention_themes")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="mention_themes")
    score = models.FloatField(default=1.0)
    by = models.CharField(max_length=10, choices=By.choices, default=By.RULE)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("mention theme")
        verbose_name_plural = _("mention themes")
        constraints = [
            models.UniqueConstraint(fields=["mention", "theme"], name="listening_mentiontheme_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.mention_id}:{self.theme_id}"


class LabelCorrection(models.Model):
    """One label given by the team: the organisation's gold set."""

    class Task(models.TextChoices):
        SENTIMENT = "sentiment", _("Sentiment")
        INTENT = "intent", _("Intent")
        THEME = "theme", _("Theme")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    mention = models.ForeignKey(
        Mention, on_delete=models.SET_NULL, null=True, blank=True, related_name="corrections"
    )
    text = models.TextField(_("text"))
    task = models.CharField(_("task"), max_length=10, choices=Task.choices)
    label = models.CharField(_("label"), max_length=60)
    previous = models.CharField(_("previous label"), max_length=200, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("label correction")
        verbose_name_plural = _("label corrections")

    def __str__(self) -> str:
        return f"{self.task}={self.label}"


class HeadModel(models.Model):
    """The organisation's retrained heads (serialised without pickle)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    encoder_name = models.CharField(max_length=80)
    data = models.BinaryField()
    trained_at = models.DateTimeField(_("trained"), auto_now_add=True)
    examples = models.PositiveIntegerField(_("examples"), default=0)
    scores = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-trained_at", "-id"]
        get_latest_by = "trained_at"

    def __str__(self) -> str:
        return f"{self.encoder_name} {self.trained_at:%Y-%m-%d %H:%M}"


class ScoreSnapshot(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    task = models.CharField(_("task"), max_length=10, choices=LabelCorrection.Task.choices)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    scores = models.JSONField(default=dict)
    examples = models.PositiveIntegerField(_("examples"), default=0)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["organisation", "task", "created_at"], name="listening_score_org_task")
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.created_at:%Y-%m-%d %H:%M}"


class Alert(models.Model):
    class Kind(models.TextChoices):
        VOLUME_SPIKE = "volume_spike", _("Spike in volume")
        NEGATIVE_SPIKE = "negative_spike", _("Spike in negative mentions")
        UNANSWERED = "unanswered", _("Unanswered question or worry")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="listening_alerts")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    period_start = models.DateTimeField(_("from"))
    period_end = models.DateTimeField(_("to"))
    day = models.DateField()  # once per day per kind (and object)
    value = models.FloatField(_("value"), default=0)
    baseline = models.FloatField(_("usual level"), default=0)
    message_fr = models.TextField(blank=True)
    message_en = models.TextField(blank=True)
    theme = models.ForeignKey(Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    object_ref = models.CharField(max_length=80, blank=True)  # e.g. "inbox.conversation:12"
    seen_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "day", "object_ref"], name="listening_alert_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        language = (get_language() or "fr")[:2]
        return (self.message_en if language == "en" else self.message_fr) or self.message_fr


class ListeningSettings(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="listening_settings"
    )
    spike_factor = models.FloatField(
        _("spike factor"),
        default=2.0,
        help_text=_("Alert when the last 24 hours exceed the usual day by this factor."),
    )
    min_volume = models.PositiveIntegerField(
        _("minimum volume"), default=10, help_text=_("No spike alert below this many mentions in 24 hours.")
    )
    response_target_hours = models.PositiveIntegerField(_("response target (hours)"), default=24)
    retention_days = models.PositiveIntegerField(
        _("keep mentions and closed conversations for (days)"),
        default=365,
        help_text=_(
            "Mentions older than this are deleted, and so are the inbox's conversations closed (or left "
            "untouched) for this long."
        ),
    )
    author_retention_days = models.PositiveIntegerField(
        _("keep authors' names for (days)"),
        default=180,
        help_text=_("After this, the author fields are blanked."),
    )
    alert_emails = models.TextField(_("alert e-mails"), blank=True, help_text=_("One address per line."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("listening settings")
        verbose_name_plural = _("listening settings")

    def __str__(self) -> str:
        return str(self.organisation)

    def alert_email_list(self) -> list[str]:
        return [line.strip() for line in self.alert_emails.replace(",", "\n").splitlines() if line.strip()]


class MentionImport(TimeStampedModel):
    """A table or X archive imported in the background: its progress for the screen, then its outcome.

    The uploaded file is kept only while the import waits or runs; it is deleted once done or failed.
    """

    class Kind(models.TextChoices):
        TABLE = "table", _("CSV or XLSX table")
        X_ARCHIVE = "x_archive", _("X archive")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="mention_imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    filename = models.CharField(_("file"), max_length=255)
    file = models.FileField(upload_to="imports/listening/%Y/%m/", max_length=300, blank=True)
    source_name = models.CharField(_("name"), max_length=200, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    known = models.PositiveIntegerField(default=0)
    empty = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def progress_percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def error_lines(self) -> list[str]:
        return [line for line in self.error.splitlines() if line.strip()]
