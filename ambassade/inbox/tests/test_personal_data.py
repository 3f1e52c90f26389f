"""Personal data of the inbox: candidates' conversations are exported and erased by e-mail address
with their applications; team members are unlinked from their work, which stays."""

from __future__ import annotations

import pytest

from ambassade.careers.applications import candidate_data_erase, candidate_data_export
from ambassade.core import personal_data
from ambassade.core.models import AuditEvent
from ambassade.inbox import services
from ambassade.inbox.models import Conversation, FaqEntry, Message
from ambassade.inbox.tests.support import ask_create

pytestmark = pytest.mark.django_db


def test_the_registry_covers_the_inbox_models() -> None:
    labels = {handler.model._meta.label for handler in personal_data.registered_handlers()}
    assert {"inbox.Conversation", "inbox.Message", "inbox.ConversationEvent", "inbox.FaqEntry"} <= labels
    assert not [label for label in personal_data.unregistered_personal_models() if label.startswith("inbox.")]


def test_a_candidates_conversations_are_exported_by_e_mail_without_internal_notes(world) -> None:
    conversation = ask_create(world.hq, email="Lea.Dupont@example.net")
    services.reply_record(actor=world.users["comms"], conversation=conversation, body="Oui.")
    services.note_add(actor=world.users["comms"], conversation=conversation, body="Candidate sérieuse")
    ask_create(world.hq, email="someone.else@example.net")
    rows = [
        row
        for row in candidate_data_export(email="lea.dupont@example.net")
        if row.get("kind") == "inbox.conversation"
    ]
    [row] = rows
    assert [message["text"] for message in row["messages"]] == [
        "Bonjour, proposez-vous du télétravail ?",
        "Oui.",
    ]
    assert row["consent_text"] == "J'accepte."


def test_erasing_a_candidate_deletes_their_conversations_and_keeps_the_faq(world) -> None:
    conversation = ask_create(world.hq)
    entry = services.faq_propose(
        actor=world.users["comms"],
        organisation=world.organisation,
        entity=world.hq,
        language="fr",
        question="Le télétravail ?",
        answer="Oui.",
        conversation=conversation,
    )
    candidate_data_erase(email="lea.dupont@example.net")
    assert not Conversation.objects.exists() and not Message.objects.exists()
    entry.refresh_from_db()
    assert entry.source_conversation is None
    assert AuditEvent.objects.filter(target_type="inbox.conversation", changes={}).exists()


def test_a_team_member_is_unlinked_from_their_work(world) -> None:
    conversation = ask_create(world.hq)
    services.conversation_assign(
        actor=world.users["admin"], conversation=conversation, assignee=world.users["comms"]
    )
    services.reply_record(actor=world.users["comms"], conversation=conversation, body="Oui.")
    export = personal_data.person_data_export(person=world.people["comms"])
    assert export["inbox.Message"][0]["text"] == "Oui."
    assert export["inbox.Conversation"][0]["assigned"] is True
    personal_data.person_data_erase(person=world.people["comms"])
    conversation.refresh_from_db()
    assert conversation.assignee is None and conversation.first_responder is None
    assert Message.objects.get(direction="out").author is None
    assert FaqEntry.objects.count() == 0
