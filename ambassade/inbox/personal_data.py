"""Personal data of the inbox (see ambassade/core/personal_data.py).

Candidates are known by e-mail address (the "Ask us" form, applications): their conversations and every
message in them are exported and erased with their applications (careers' `candidate_data_holders`);
the audit rows about those conversations name them by number only and lose their details. A
conversation about a network mention goes with the mention (listening erases mentions' authors).

Team members are people: the export lists the replies and notes they wrote and the conversations and
FAQ entries they handled; erasure keeps the work (a reply stays a reply) but no longer names them.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from ambassade.careers.applications import CandidateDataHolder, candidate_data_holders
from ambassade.core import personal_data
from ambassade.core.models import AuditEvent
from ambassade.inbox.models import Conversation, ConversationEvent, FaqEntry, Message
from ambassade.orgs.models import Membership, Organisation, Person


def _user_id(person: Person) -> int | None:
    return Membership.objects.filter(person=person).values_list("user_id", flat=True).first()


# --- candidates, by e-mail --------------------------------------------------------------------------


def _candidate_conversations(email: str, organisation: Organisation | None) -> Any:
    email = (email or "").strip()
    if not email:
        return Conversation.objects.none()
    found = Conversation.objects.filter(contact_email__iexact=email)
    return found.filter(organisation=organisation) if organisation is not None else found


def candidate_export(*, email: str, organisation: Organisation | None = None) -> list[dict[str, Any]]:
    rows = []
    conversations = _candidate_conversations(email, organisation).select_related("organisation", "entity")
    for conversation in conversations.order_by("created_at", "pk"):
        rows.append(
            {
                "kind": "inbox.conversation",
                "organisation": conversation.organisation.name,
                "career_site": conversation.entity.name if conversation.entity else None,
                "channel": conversation.channel,
                "subject": conversation.subject,
                "name": conversation.contact_name,
                "email": conversation.contact_email,
                "language": conversation.language,
                "status": conversation.status,
                "consent_text": conversation.consent_text,
                "consent_at": conversation.consent_at.isoformat() if conversation.consent_at else None,
                "created_at": conversation.created_at.isoformat(),
                "messages": [
                    {
                        "direction": message.direction,
                        "via": message.sent_via,
                        "at": message.at.isoformat(),
                        "text": message.body,
                    }
                    for message in conversation.messages.exclude(direction=Message.Direction.NOTE).order_by(
                        "at", "pk"
                    )
                ],
            }
        )
    return rows


def candidate_erase(*, email: str, organisation: Organisation | None = None) -> int:
    with transaction.atomic():
        conversations = _candidate_conversations(email, organisation)
        ids = [str(pk) for pk in conversations.values_list("pk", flat=True)]
        AuditEvent.objects.filter(target_type="inbox.conversation", target_id__in=ids).pseudonymise(
            changes={}
        )
        FaqEntry.objects.filter(source_conversation__in=conversations).update(source_conversation=None)
        deleted, _ = conversations.delete()
    return len(ids) if deleted else 0


_holder = CandidateDataHolder(export=candidate_export, erase=candidate_erase)
if _holder not in candidate_data_holders:
    candidate_data_holders.append(_holder)


# --- team members, by person ------------------------------------------------------------------------


def _conversations_export(person: Person) -> list[dict[str, Any]]:
    user_id = _user_id(person)
    if user_id is None:
        return []
    handled = Conversation.objects.filter(
        Q(assignee_id=user_id) | Q(first_responder_id=user_id) | Q(resolved_by_id=user_id)
    ).order_by("created_at", "pk")
    return [
        {
            "conversation": conversation.pk,
            "assigned": conversation.assignee_id == user_id,
            "answered_first": conversation.first_responder_id == user_id,
            "closed": conversation.resolved_by_id == user_id,
            "created_at": conversation.created_at.isoformat(),
        }
        for conversation in handled
    ]


def _conversations_erase(person: Person) -> int:
    user_id = _user_id(person)
    if user_id is None:
        return 0
    count = Conversation.objects.filter(assignee_id=user_id).update(assignee=None)
    count += Conversation.objects.filter(first_responder_id=user_id).update(first_responder=None)
    count += Conversation.objects.filter(resolved_by_id=user_id).update(resolved_by=None)
    return count


def _messages_export(person: Person) -> list[dict[str, Any]]:
    user_id = _user_id(person)
    if user_id is None:
        return []
    return [
        {
            "conversation": row.conversation_id,
            "direction": row.direction,
            "via": row.sent_via,
            "at": row.at.isoformat(),
            "text": row.body,
        }
        for row in Message.objects.filter(author_id=user_id).order_by("at", "pk")
    ]


def _messages_erase(person: Person) -> int:
    user_id = _user_id(person)
    return Message.objects.filter(author_id=user_id).update(author=None) if user_id is not None else 0


def _events_export(person: Person) -> list[dict[str, Any]]:
    user_id = _user_id(person)
    if user_id is None:
        return []
    events = ConversationEvent.objects.filter(
        Q(actor_id=user_id) | Q(kind="assigned", data__assignee_id=user_id)
    ).order_by("created_at", "pk")
    return [
        {
            "conversation": row.conversation_id,
            "kind": row.kind,
            "at": row.created_at.isoformat(),
            "by_them": row.actor_id == user_id,
        }
        for row in events
    ]


def _events_erase(person: Person) -> int:
    """Unlink the member from what they did, and blank their name where the history wrote it (an
    assignment to them)."""
    user_id = _user_id(person)
    if user_id is None:
        return 0
    count = ConversationEvent.objects.filter(actor_id=user_id).update(actor=None)
    named = ConversationEvent.objects.filter(kind="assigned", data__assignee_id=user_id)
    return count + named.update(data={"assignee": "", "assignee_id": None})


def _faq_export(person: Person) -> list[dict[str, Any]]:
    user_id = _user_id(person)
    if user_id is None:
        return []
    entries = FaqEntry.objects.filter(Q(proposed_by_id=user_id) | Q(reviewed_by_id=user_id)).order_by("pk")
    return [
        {
            "faq_entry": entry.pk,
            "question": entry.question,
            "proposed": entry.proposed_by_id == user_id,
            "approved": entry.reviewed_by_id == user_id,
        }
        for entry in entries
    ]


def _faq_erase(person: Person) -> int:
    user_id = _user_id(person)
    if user_id is None:
        return 0
    count = FaqEntry.objects.filter(proposed_by_id=user_id).update(proposed_by=None)
    return count + FaqEntry.objects.filter(reviewed_by_id=user_id).update(reviewed_by=None)


# Before the audit log (800) and the account (900).
personal_data.register(Conversation, export=_conversations_export, erase=_conversations_erase, order=60)
personal_data.register(Message, export=_messages_export, erase=_messages_erase, order=60)
personal_data.register(ConversationEvent, export=_events_export, erase=_events_erase, order=60)
personal_data.register(FaqEntry, export=_faq_export, erase=_faq_erase, order=60)
