"""E-mails of the inbox, sent after commit: the "Ask us" confirmation, replies, unanswered alerts.

All plain text: the candidate's words are never interpreted as HTML, and the confirmation does not
repeat them (the address typed in the form is not verified). A task may run twice; the cache
remembers what was sent for a day so that nobody gets a message twice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ambassade.careers.applications import visitor_key
from ambassade.core.tasks import task
from ambassade.inbox.models import Conversation, Message
from ambassade.inbox.selectors import assignee_choices, retention_days
from ambassade.orgs.models import Membership


def _once(key: str) -> bool:
    return bool(cache.add(key, 1, timeout=24 * 3600))


def _send(key: str, subject: str, body: str, recipients: list[str]) -> None:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:
        cache.delete(key)  # let a retry send it
        raise


@task
def ask_confirmation_send(*, conversation_id: int) -> None:
    """Tell the candidate that their question arrived, in the language they asked in."""
    conversation = (
        Conversation.objects.select_related("entity", "organisation").filter(pk=conversation_id).first()
    )
    if conversation is None or not conversation.contact_email:
        return
    key = f"inbox:ask-confirmation:{conversation.pk}"
    if not _once(key):
        return
    with translation.override(conversation.language):
        subject = (
            _("We have received your question") + f" · {conversation.entity or conversation.organisation}"
        )
        # The question is not repeated: anybody can type any address in the form, and the e-mail
        # must not carry a stranger's text (spam) to it.
        body = render_to_string(
            "inbox/email/ask_confirmation.txt",
            {
                "conversation": conversation,
                "retention_days": retention_days(organisation=conversation.organisation),
            },
        )
    _send(key, subject, body, [conversation.contact_email])


@task
def reply_email_send(*, message_id: int) -> None:
    message = (
        Message.objects.select_related("conversation", "conversation__organisation", "conversation__entity")
        .filter(pk=message_id, direction=Message.Direction.OUT, sent_via=Message.Via.EMAIL)
        .first()
    )
    if message is None or not message.conversation.contact_email:
        return
    key = f"inbox:reply:{message.pk}"
    if not _once(key):
        return
    conversation = message.conversation
    with translation.override(conversation.language):
        subject = _("Re: %(subject)s") % {"subject": conversation.subject}
        body = render_to_string("inbox/email/reply.txt", {"conversation": conversation, "message": message})
    _send(key, subject, body, [conversation.contact_email])


def _team_addresses(conversation: Conversation) -> list[tuple[str, str]]:
    """(address, language) of the assignee, or of everyone who works the inbox when nobody has it (or
    when the assignee no longer does: a member who lost the role reads no candidate's question)."""
    team = list(assignee_choices(organisation=conversation.organisation))
    users = [user for user in team if user.pk == conversation.assignee_id] or team
    languages = dict(
        Membership.objects.filter(user__in=[user.pk for user in users]).values_list("user_id", "language")
    )
    return [(user.email, languages.get(user.pk) or "fr") for user in users if user.email]


@task
def overdue_email_send(*, conversation_id: int) -> None:
    conversation = (
        Conversation.objects.select_related("assignee", "organisation").filter(pk=conversation_id).first()
    )
    if (
        conversation is None
        or conversation.first_response_at is not None
        or conversation.status == Conversation.Status.CLOSED
    ):
        return  # answered or closed since the alert was raised
    link = settings.SITE_URL + reverse("inbox_conversation", args=[conversation.pk])
    for address, language in _team_addresses(conversation):
        key = f"inbox:overdue:{conversation.pk}:{visitor_key(address)}"  # a retry skips who has it
        if not _once(key):
            continue
        with translation.override(language):
            subject = _("Unanswered candidate: %(subject)s") % {"subject": conversation.subject}
            body = render_to_string("inbox/email/overdue.txt", {"conversation": conversation, "link": link})
        _send(key, subject, body, [address])
