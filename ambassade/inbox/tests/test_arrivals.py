"""Conversations arrive from listening's flagged mentions, from applications sent with a message, and
from the "Ask us" form (test_ask.py): once each, with a subject, a due time and their first message."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile

from ambassade.careers.applications import application_submit
from ambassade.inbox.models import Conversation, Message
from ambassade.inbox.services import subject_from
from ambassade.inbox.tests.support import mention_create
from ambassade.listening.models import ListeningSettings, Mention
from ambassade.listening.signals import mention_flagged

pytestmark = pytest.mark.django_db


def test_a_flagged_question_becomes_one_conversation_linked_to_its_original(world) -> None:
    mention = mention_create(
        world.organisation, "Quelqu'un sait comment se passe l'entretien chez Région Exemple ?"
    )
    mention_flagged.send(sender=Mention, mention=mention)
    mention_flagged.send(sender=Mention, mention=mention)
    conversation = Conversation.objects.get()
    assert conversation.channel == "mention"
    assert conversation.mention == mention
    assert conversation.subject == "Quelqu'un sait comment se passe l'entretien chez Région Exemple ?"
    assert conversation.contact_label == "Jeanne Martin"
    assert conversation.status == "new"
    [message] = conversation.messages.all()
    assert (message.direction, message.sent_via, message.body) == ("in", "network", mention.text)


def test_a_worry_counts_too_but_praise_and_duplicates_do_not(world) -> None:
    worry = mention_create(world.organisation, "J'ai peur que le poste soit supprimé", intent="worry")
    praise = mention_create(world.organisation, "Super équipe !", intent="praise")
    duplicate = mention_create(world.organisation, "Même question", duplicate_of=worry)
    for mention in (worry, praise, duplicate):
        mention_flagged.send(sender=Mention, mention=mention)
    assert list(Conversation.objects.values_list("mention", flat=True)) == [worry.pk]


def test_the_due_time_follows_the_teams_response_target(world) -> None:
    ListeningSettings.objects.create(organisation=world.organisation, response_target_hours=4)
    mention = mention_create(world.organisation)
    mention_flagged.send(sender=Mention, mention=mention)
    conversation = Conversation.objects.get()
    assert conversation.due_at - conversation.created_at == pytest.approx(
        timedelta(hours=4), abs=timedelta(seconds=5)
    )


def test_a_long_text_gives_a_subject_cut_at_a_word() -> None:
    subject = subject_from("\n\n" + "Bonjour, " * 30)
    assert subject.endswith("…") and len(subject) <= 91 and "  " not in subject


def _apply(world, message: str):
    return application_submit(
        entity=world.hq,
        offer=None,
        first_name="Paul",
        last_name="Durand",
        email="paul.durand@example.net",
        message=message,
        cv=ContentFile(b"%PDF-1.4 cv"),
        cv_name="cv.pdf",
        cv_kind=None,
        consent="J'accepte.",
        language="en",
    )


def test_an_application_with_a_message_opens_a_conversation_in_its_language(world) -> None:
    application = _apply(world, "Is the job open to remote work?\nThanks")
    conversation = Conversation.objects.get()
    assert (conversation.channel, conversation.application, conversation.language) == (
        "application",
        application,
        "en",
    )
    assert (conversation.contact_name, conversation.contact_email) == (
        "Paul Durand",
        "paul.durand@example.net",
    )
    assert conversation.subject == "Is the job open to remote work?"
    assert conversation.messages.get().sent_via == Message.Via.APPLICATION


def test_an_application_without_a_message_opens_nothing(world) -> None:
    _apply(world, "   ")
    assert not Conversation.objects.exists()
