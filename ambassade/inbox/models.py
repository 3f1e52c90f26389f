"""The candidate inbox: conversations with candidates, their messages and history, canned answers, and
the public FAQ that answers worth keeping become.

A conversation comes from a mention marked question or worry (listening), from the "Ask us" form of a
career site, or from the message sent with an application. Its due time follows the team's response
target (ListeningSettings.response_target_hours); first-response and resolution times are measured from
its creation.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambassade.core.models import TimeStampedModel
from ambassade.orgs.models import Entity, Organisation

LANGUAGE_CHOICES = [("fr", _("French")), ("en", _("English"))]
VARIABLE = re.compile(r"\{(first_name|name|offer|site_url|faq_url)\}")


class Conversation(TimeStampedModel):
    class Channel(models.TextChoices):
        MENTION = "mention", _("Network mention")
        ASK = "ask", _("“Ask us” form")
        APPLICATION = "application", _("Application message")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        OPEN = "open", _("Open")
        WAITING = "waiting", _("Waiting for the candidate")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="conversations")
    entity = models.ForeignKey(
        Entity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("entity")
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    # A conversation about a mention goes with it (its author's data lives there).
    mention = models.ForeignKey(
        "listening.Mention", on_delete=models.CASCADE, null=True, blank=True, related_name="conversations"
    )
    application = models.ForeignKey(
        "careers.Application", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assignee"),
    )
    due_at = models.DateTimeField(_("due"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    first_responder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The candidate: by e-mail (ask, application); a mention's author is read from the mention.
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, default="fr")
    consent_text = models.TextField(blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    overdue_alerted_at = models.DateTimeField(null=True, blank=True)  # the unanswered alert, once

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(
                fields=["mention"], condition=models.Q(mention__isnull=False), name="inbox_one_per_mention"
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(application__isnull=False),
                name="inbox_one_per_application",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "due_at"], name="inbox_conv_org_status_due"),
            models.Index(fields=["organisation", "created_at"], name="inbox_conv_org_created"),
        ]

    def __str__(self) -> str:
        # No subject here: this label lands in the audit log, which outlives the candidate's erasure.
        return f"conversation #{self.pk}"

    @property
    def is_overdue(self) -> bool:
        """Past its due time with no answer yet, and not closed."""
        return (
            self.first_response_at is None
            and self.status != self.Status.CLOSED
            and self.due_at < timezone.now()
        )

    @property
    def contact_label(self) -> str:
        if self.mention_id is not None and self.mention is not None:
            mention = self.mention
            return mention.author_name or mention.author_handle or str(_("Unknown author"))
        return self.contact_name or self.contact_email

    @property
    def first_name(self) -> str:
        label = self.contact_label.strip()
        return label.split()[0] if label else ""


class Message(TimeStampedModel):
    class Direction(models.TextChoices):
        IN = "in", _("From the candidate")
        OUT = "out", _("Our reply")
        NOTE = "note", _("Internal note")

    class Via(models.TextChoices):
        EMAIL = "email", _("E-mail")
        NETWORK = "network", _("On the network")
        NOTE = "note", _("Note")
        FORM = "form", _("Form")
        APPLICATION = "application", _("Application")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=4, choices=Direction.choices)
    sent_via = models.CharField(max_length=12, choices=Via.choices)
    body = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"))  # when it was sent (a reply on a network may be recorded later)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.direction} {self.at:%Y-%m-%d %H:%M}"


class ConversationEvent(models.Model):
    """The history of a conversation: created, assigned, status changed, replied, noted, proposed."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class CannedAnswer(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="canned_answers")
    title = models.CharField(_("title"), max_length=120)
    body_fr = models.TextField(_("text in French"), blank=True)
    body_en = models.TextField(_("text in English"), blank=True)
    active = models.BooleanField(_("offered in the reply form"), default=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("canned answer")
        verbose_name_plural = _("canned answers")

    def __str__(self) -> str:
        return self.title

    @property
    def variables(self) -> list[str]:
        return sorted(set(VARIABLE.findall(self.body_fr)) | set(VARIABLE.findall(self.body_en)))


class FaqEntry(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="faq_entries")
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="faq_entries", verbose_name=_("career site")
    )
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, default="fr")
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    position = models.PositiveIntegerField(_("position"), default=0)
    source_conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="faq_entries"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        indexes = [models.Index(fields=["entity", "language", "status"], name="inbox_faq_site")]

    def __str__(self) -> str:
        return self.question
