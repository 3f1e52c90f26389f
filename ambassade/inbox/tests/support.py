"""Builders for the inbox tests: mentions (written directly, without the listening pipeline),
conversations from each channel, canned answers and FAQ entries."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from ambassade.inbox import services
from ambassade.inbox.models import CannedAnswer, Conversation, FaqEntry
from ambassade.listening.models import Mention, Source
from ambassade.orgs.models import Entity, Organisation

_ids = itertools.count(1)


def mention_create(
    organisation: Organisation,
    text: str = "Comment se passe l'entretien chez vous ?",
    *,
    intent: str = "question",
    platform: str = "mastodon",
    url: str = "",
    **values: Any,
) -> Mention:
    source = (
        values.pop("source", None)
        or Source.objects.filter(organisation=organisation).first()
        or Source.objects.create(
            organisation=organisation, name="Mastodon #emploi", kind="mastodon_hashtag", config={}
        )
    )
    number = next(_ids)
    values.setdefault("author_name", "Jeanne Martin")
    values.setdefault("author_handle", "@jeanne@mastodon.example")
    values.setdefault("venue", "mastodon.example")
    values.setdefault("lang", "fr")
    values.setdefault("published_at", timezone.now())
    return Mention.objects.create(
        organisation=organisation,
        source=source,
        external_id=f"status-{number}",
        url=url or f"https://mastodon.example/@jeanne/1100{number}",
        text=text,
        platform=platform,
        intent=intent,
        is_question=intent == "question",
        **values,
    )


def ask_create(
    entity: Entity,
    *,
    question: str = "Bonjour, proposez-vous du télétravail ?",
    name: str = "Léa Dupont",
    email: str = "lea.dupont@example.net",
    language: str = "fr",
    at: datetime | None = None,
) -> Conversation:
    conversation = services.conversation_from_ask(
        entity=entity, name=name, email=email, question=question, language=language, consent_text="J'accepte."
    )
    if at is not None:
        age(conversation, at)
    return conversation


def age(conversation: Conversation, created_at: datetime) -> Conversation:
    """Move a conversation's arrival (and its due time with it) into the past."""
    shift = created_at - conversation.created_at
    Conversation.objects.filter(pk=conversation.pk).update(
        created_at=created_at, due_at=conversation.due_at + shift
    )
    conversation.messages.update(at=created_at)
    conversation.refresh_from_db()
    return conversation


def hours_ago(hours: float) -> datetime:
    return timezone.now() - timedelta(hours=hours)


def canned_create(organisation: Organisation, **values: Any) -> CannedAnswer:
    values.setdefault("title", "Télétravail")
    values.setdefault("body_fr", "Bonjour {first_name}, oui : deux jours par semaine. Voir {faq_url}")
    values.setdefault("body_en", "Hello {first_name}, yes: two days a week. See {faq_url}")
    return CannedAnswer.objects.create(organisation=organisation, **values)


def faq_create(entity: Entity, *, status: str = "published", language: str = "fr", **values: Any) -> FaqEntry:
    values.setdefault("question", "Proposez-vous du télétravail ?")
    values.setdefault("answer", "Oui, deux jours par semaine.")
    return FaqEntry.objects.create(
        organisation=entity.organisation,
        entity=entity,
        language=language,
        status=status,
        published_at=timezone.now() if status == "published" else None,
        **values,
    )
