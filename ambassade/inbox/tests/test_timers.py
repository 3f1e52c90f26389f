"""The inbox's timers: due time and overdue, first response (notes do not count), resolution (closing;
reopening clears it), the unanswered alert (once per conversation) and retention of closed ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ambassade.core.models import AuditEvent
from ambassade.inbox import selectors, services
from ambassade.inbox.models import Conversation
from ambassade.inbox.tests.support import age, ask_create, hours_ago
from ambassade.listening.models import Alert, ListeningSettings

pytestmark = pytest.mark.django_db


def test_a_conversation_past_its_due_time_without_answer_is_overdue(world) -> None:
    late = age(ask_create(world.hq), hours_ago(30))
    fresh = ask_create(world.hq, email="other@example.net")
    answered = age(ask_create(world.hq, email="third@example.net"), hours_ago(40))
    services.reply_record(actor=world.users["comms"], conversation=answered, body="Oui.", at=hours_ago(39))
    closed = age(ask_create(world.hq, email="fourth@example.net"), hours_ago(50))
    services.conversation_status_set(actor=world.users["admin"], conversation=closed, status="closed")
    overdue = Conversation.objects.filter(selectors.overdue_q())
    assert list(overdue) == [late]
    assert late.is_overdue and not fresh.is_overdue
    counts = selectors.conversation_counts(membership=world.users["admin"].membership)
    assert counts["overdue"] == 1


def test_the_first_reply_sets_the_first_response_and_notes_do_not(world) -> None:
    conversation = age(ask_create(world.hq), hours_ago(5))
    services.note_add(actor=world.users["recruiter"], conversation=conversation, body="Je regarde.")
    conversation.refresh_from_db()
    assert conversation.first_response_at is None
    at = hours_ago(2)
    services.reply_record(actor=world.users["recruiter"], conversation=conversation, body="Oui.", at=at)
    services.reply_record(actor=world.users["comms"], conversation=conversation, body="Et aussi…")
    conversation.refresh_from_db()
    assert conversation.first_response_at == at
    assert conversation.first_responder == world.users["recruiter"]
    assert conversation.status == "answered"
    assert list(conversation.events.values_list("kind", flat=True)) == ["created", "note", "reply", "reply"]


def test_closing_resolves_and_reopening_clears_the_resolution(world) -> None:
    conversation = ask_create(world.hq)
    services.conversation_status_set(actor=world.users["comms"], conversation=conversation, status="closed")
    conversation.refresh_from_db()
    assert conversation.resolved_at is not None and conversation.resolved_by == world.users["comms"]
    services.conversation_status_set(actor=world.users["comms"], conversation=conversation, status="open")
    conversation.refresh_from_db()
    assert conversation.resolved_at is None
    actions = list(
        AuditEvent.objects.filter(target_type="inbox.conversation").values_list("action", flat=True)
    )
    assert actions.count("conversation.status") == 2


def test_a_reply_cannot_be_recorded_in_the_future_or_before_the_question(world) -> None:
    conversation = age(ask_create(world.hq), hours_ago(3))
    with pytest.raises(Exception, match="future"):
        services.reply_record(
            actor=None, conversation=conversation, body="x", at=timezone.now() + timedelta(hours=1)
        )
    with pytest.raises(Exception, match="before the question"):
        services.reply_record(actor=None, conversation=conversation, body="x", at=hours_ago(5))


def test_an_unanswered_conversation_raises_one_alert_and_one_e_mail_to_its_assignee(
    world, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    world.users["recruiter"].email = "romain@example.org"
    world.users["recruiter"].save()
    conversation = age(ask_create(world.hq), hours_ago(26))
    services.conversation_assign(
        actor=world.users["admin"], conversation=conversation, assignee=world.users["recruiter"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.conversations_alert_overdue() == 1
        assert services.conversations_alert_overdue() == 0
    alert = Alert.objects.get()
    assert (alert.kind, alert.object_ref) == ("unanswered", f"inbox.conversation:{conversation.pk}")
    assert [message["To"] for message in smtp_inbox.messages] == ["romain@example.org"]
    assert f"/inbox/{conversation.pk}/" in smtp_inbox.bodies()[0]


def test_closed_conversations_are_deleted_after_the_retention_period(world) -> None:
    ListeningSettings.objects.create(organisation=world.organisation, retention_days=30)
    old = ask_create(world.hq)
    services.conversation_status_set(actor=None, conversation=old, status="closed")
    Conversation.objects.filter(pk=old.pk).update(resolved_at=timezone.now() - timedelta(days=31))
    recent = ask_create(world.hq, email="recent@example.net")
    services.conversation_status_set(actor=None, conversation=recent, status="closed")
    still_open = age(ask_create(world.hq, email="open@example.net"), timezone.now() - timedelta(days=90))
    assert services.conversations_purge() == 1
    assert set(Conversation.objects.all()) == {recent, still_open}
