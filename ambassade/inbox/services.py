"""Writes of the candidate inbox: conversations arrive (mention, "Ask us" form, application message),
are assigned, answered (by e-mail, or on the network and then recorded), closed; answers become FAQ
entries after a second person's review. Every state change is audited (the audit names the
conversation by number only: its subject is the candidate's words) and written to the conversation's
history.

Timers: the due time is the arrival plus the team's response target; the first response is the first
reply sent or recorded (notes do not count); the resolution is the moment it is closed (reopening it
clears it).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _

from ambassade.core.audit import Actor, audit_record
from ambassade.inbox import selectors
from ambassade.inbox.models import (
    VARIABLE,
    CannedAnswer,
    Conversation,
    ConversationEvent,
    FaqEntry,
    Message,
)
from ambassade.orgs.models import Entity, Organisation

Status = Conversation.Status
Channel = Conversation.Channel
SUBJECT_MAX = 90
BODY_MAX = 10_000
QUESTION_MAX = 300
TITLE_MAX = 120
NAME_MAX = 200


def _user(actor: Actor) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


def _text(value: str, *, field: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise ValidationError({field: _("Null characters are not allowed.")})
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError({field: _("Enter at most %(max_length)s characters.") % {"max_length": limit}})
    return value


def subject_from(text: str) -> str:
    """The first line of a text, cut at a word near SUBJECT_MAX characters."""
    line = next((line.strip() for line in (text or "").splitlines() if line.strip()), "")
    line = re.sub(r"\s+", " ", line)
    if len(line) <= SUBJECT_MAX:
        return line or _("(no text)")
    cut = line[:SUBJECT_MAX].rsplit(" ", 1)[0]
    return f"{cut}…"


def _event(conversation: Conversation, actor: Actor, kind: str, **data: Any) -> None:
    ConversationEvent.objects.create(conversation=conversation, actor=_user(actor), kind=kind, data=data)


def _audit(actor: Actor, conversation: Conversation, action: str, changes: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        action=action,
        organisation=conversation.organisation,
        target=conversation,
        changes=changes,
    )


def _due(organisation: Organisation, arrived: datetime) -> datetime:
    return arrived + timedelta(hours=selectors.response_target_hours(organisation=organisation))


def _create(*, organisation: Organisation, body: str, via: str, at: datetime, **values: Any) -> Conversation:
    conversation = Conversation.objects.create(
        organisation=organisation, due_at=_due(organisation, at), **values
    )
    Message.objects.create(
        conversation=conversation, direction=Message.Direction.IN, sent_via=via, body=body, at=at
    )
    _event(conversation, None, "created", channel=conversation.channel)
    _audit(None, conversation, "conversation.create", {"channel": [None, conversation.channel]})
    return conversation


# --- arrivals ---------------------------------------------------------------------------------------


def conversation_from_mention(*, mention: Any) -> Conversation | None:
    """A conversation for a mention marked question or worry, once per mention; not for what is heard
    about a competitor (share-of-voice sources): that question is not addressed to us."""
    if mention.intent not in ("question", "worry") or mention.duplicate_of_id is not None:
        return None
    if mention.source is not None and mention.source.competitor:
        return None
    existing = Conversation.objects.filter(mention=mention).first()
    if existing is not None:
        return existing
    language = mention.lang if mention.lang in ("fr", "en") else "fr"
    try:
        with transaction.atomic():
            return _create(
                organisation=mention.organisation,
                channel=Channel.MENTION,
                mention=mention,
                subject=subject_from(mention.title or mention.text),
                language=language,
                body=mention.text,
                via=Message.Via.NETWORK,
                at=timezone.now(),
            )
    except IntegrityError:  # sent twice at once: the other one made it
        return Conversation.objects.filter(mention=mention).first()


def conversation_from_ask(
    *, entity: Entity, name: str, email: str, question: str, language: str, consent_text: str
) -> Conversation:
    """A question from a career site's "Ask us" form; the confirmation e-mail leaves after commit."""
    from ambassade.inbox.tasks import ask_confirmation_send

    name = _text(name, field="name", limit=NAME_MAX)
    question = _text(question, field="question", limit=5_000)
    email = _text(email, field="email", limit=254)
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError(
            {"email": _("Enter a valid e-mail address, such as name@example.org.")}
        ) from error
    now = timezone.now()
    with transaction.atomic():
        conversation = _create(
            organisation=entity.organisation,
            entity=entity,
            channel=Channel.ASK,
            subject=subject_from(question),
            contact_name=name,
            contact_email=email,
            language=language if language in ("fr", "en") else "fr",
            consent_text=consent_text,
            consent_at=now,
            body=question,
            via=Message.Via.FORM,
            at=now,
        )
        ask_confirmation_send.enqueue(conversation_id=conversation.pk)
    return conversation


def conversation_from_application(*, application: Any) -> Conversation | None:
    """A conversation for the message a candidate wrote with their application (none when empty)."""
    message = (application.message or "").strip()
    if not message:
        return None
    existing = Conversation.objects.filter(application=application).first()
    if existing is not None:
        return existing
    # Two names of 120 characters do not fit the 200 of contact_name (PostgreSQL would refuse them).
    name = f"{application.first_name} {application.last_name}".strip()[:NAME_MAX]
    return _create(
        organisation=application.organisation,
        entity=application.entity,
        channel=Channel.APPLICATION,
        application=application,
        subject=subject_from(message),
        contact_name=name,
        contact_email=application.email,
        language=application.language if application.language in ("fr", "en") else "fr",
        consent_text=application.consent_text,
        consent_at=application.consent_at,
        body=message,
        via=Message.Via.APPLICATION,
        at=application.created_at or timezone.now(),
    )


# --- working on a conversation ----------------------------------------------------------------------


def _locked(conversation: Conversation) -> Conversation:
    return Conversation.objects.select_for_update().select_related("organisation").get(pk=conversation.pk)


def conversation_assign(*, actor: Actor, conversation: Conversation, assignee: Any | None) -> Conversation:
    """Give the conversation to a member with an inbox role (or to nobody). A new one becomes open."""
    if (
        assignee is not None
        and not selectors.assignee_choices(organisation=conversation.organisation)
        .filter(pk=assignee.pk)
        .exists()
    ):
        raise ValidationError({"assignee": _("Choose a member who works the inbox.")})
    with transaction.atomic():
        conversation = _locked(conversation)
        before = conversation.assignee_id
        new = assignee.pk if assignee is not None else None
        if before == new:
            return conversation
        conversation.assignee = assignee
        changes: dict[str, Any] = {"assignee_id": [before, new]}
        if conversation.status == Status.NEW and assignee is not None:
            conversation.status = Status.OPEN
            changes["status"] = [Status.NEW, Status.OPEN]
        conversation.save(update_fields=["assignee", "status", "updated_at"])
        # The id lets a member's erasure find and blank the name written here.
        _event(conversation, actor, "assigned", assignee=selectors.user_label(assignee), assignee_id=new)
        _audit(actor, conversation, "conversation.assign", changes)
    return conversation


def _status_change(conversation: Conversation, actor: Actor, status: str, now: datetime) -> dict[str, Any]:
    before = conversation.status
    conversation.status = status
    if status == Status.CLOSED and conversation.resolved_at is None:
        conversation.resolved_at = now
        conversation.resolved_by = _user(actor)
    elif status != Status.CLOSED:
        conversation.resolved_at = None
        conversation.resolved_by = None
    return {"status": [before, status]}


def conversation_status_set(*, actor: Actor, conversation: Conversation, status: str) -> Conversation:
    if status not in Status.values:
        raise ValidationError(
            {"status": _("Choose one of: %(expected)s.") % {"expected": ", ".join(Status.values)}}
        )
    with transaction.atomic():
        conversation = _locked(conversation)
        if conversation.status == status:
            return conversation
        changes = _status_change(conversation, actor, status, timezone.now())
        conversation.save(update_fields=["status", "resolved_at", "resolved_by", "updated_at"])
        _event(conversation, actor, "status", before=changes["status"][0], after=status)
        _audit(actor, conversation, "conversation.status", changes)
    return conversation


def _reply(
    *, actor: Actor, conversation: Conversation, body: str, via: str, at: datetime, close: bool
) -> Message:
    body = _text(body, field="body", limit=BODY_MAX)
    with transaction.atomic():
        conversation = _locked(conversation)
        message = Message.objects.create(
            conversation=conversation,
            direction=Message.Direction.OUT,
            sent_via=via,
            body=body,
            author=_user(actor),
            at=at,
        )
        changes: dict[str, Any] = {"reply": [None, message.pk], "via": [None, via]}
        # The earliest reply is the first response, even when recorded after a later one.
        before = conversation.first_response_at
        if before is None or at < before:
            conversation.first_response_at = at
            conversation.first_responder = _user(actor)
            changes["first_response_at"] = [before.isoformat() if before else None, at.isoformat()]
        target = Status.CLOSED if close else Status.ANSWERED
        if conversation.status != target and conversation.status != Status.CLOSED or close:
            changes.update(_status_change(conversation, actor, target, at))
        conversation.save()
        _event(conversation, actor, "reply", via=via, message=message.pk)
        _audit(actor, conversation, "conversation.reply", changes)
    return message


def reply_send_email(*, actor: Actor, conversation: Conversation, body: str, close: bool = False) -> Message:
    """Answer a candidate known by e-mail: the message is stored and e-mailed (plain text) after
    commit."""
    from ambassade.inbox.tasks import reply_email_send

    if not conversation.contact_email:
        raise ValidationError(
            {"body": _("This candidate has no e-mail address: reply on the network, then record it.")}
        )
    with transaction.atomic():
        message = _reply(
            actor=actor,
            conversation=conversation,
            body=body,
            via=Message.Via.EMAIL,
            at=timezone.now(),
            close=close,
        )
        reply_email_send.enqueue(message_id=message.pk)
    return message


def reply_record(
    *, actor: Actor, conversation: Conversation, body: str, at: datetime | None = None, close: bool = False
) -> Message:
    """Record a reply made on the network (or elsewhere), at the time it was made."""
    now = timezone.now()
    at = at or now
    if timezone.is_naive(at):  # a time without offset is the organisation's local time
        at = timezone.make_aware(at)
    if at > now + timedelta(minutes=5):
        raise ValidationError({"at": _("The reply cannot be in the future.")})
    if at < conversation.created_at - timedelta(minutes=5):
        raise ValidationError({"at": _("The reply cannot come before the question arrived.")})
    return _reply(
        actor=actor, conversation=conversation, body=body, via=Message.Via.NETWORK, at=at, close=close
    )


def note_add(*, actor: Actor, conversation: Conversation, body: str) -> Message:
    """An internal note: seen by the team only; the timers do not move."""
    body = _text(body, field="body", limit=BODY_MAX)
    with transaction.atomic():
        message = Message.objects.create(
            conversation=conversation,
            direction=Message.Direction.NOTE,
            sent_via=Message.Via.NOTE,
            body=body,
            author=_user(actor),
            at=timezone.now(),
        )
        _event(conversation, actor, "note", message=message.pk)
        _audit(actor, conversation, "conversation.note", {"note": [None, message.pk]})
    return message


# --- network reply dialogs ------------------------------------------------------------------------


def network_reply_url(*, conversation: Conversation, text: str) -> str:
    """The network's own reply dialog for a mention, pre-filled where the network allows it; "" else."""
    from urllib.parse import quote, urlencode, urlsplit

    mention = conversation.mention
    if mention is None:
        return ""
    url = mention.link
    if not url:
        return ""
    platform = (mention.platform or "").lower()
    if platform == "mastodon":
        host = urlsplit(url).hostname or ""
        if not re.fullmatch(r"[a-z0-9.-]+", host):  # never a host taken from elsewhere
            return ""
        return f"https://{host}/authorize_interaction?{urlencode({'uri': url})}"
    if platform == "bluesky":
        handle = mention.author_handle.lstrip("@")
        prefix = f"@{handle} " if handle else ""
        return f"https://bsky.app/intent/compose?text={quote(prefix + text)}"
    if platform == "x":
        match = re.search(r"/status(?:es)?/(\d+)", url)
        if match:
            return f"https://x.com/intent/post?{urlencode({'in_reply_to': match.group(1), 'text': text})}"
    return ""


# --- canned answers ---------------------------------------------------------------------------------


def canned_answer_save(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    body_fr: str,
    body_en: str,
    active: bool = True,
    answer: CannedAnswer | None = None,
) -> CannedAnswer:
    errors: dict[str, list[str]] = {}
    values: dict[str, str] = {}
    for field, value, limit, required in (
        ("title", title, TITLE_MAX, True),
        ("body_fr", body_fr, BODY_MAX, False),
        ("body_en", body_en, BODY_MAX, False),
    ):
        try:
            values[field] = _text(value, field=field, limit=limit, required=required)
        except ValidationError as error:
            errors.update({key: list(messages) for key, messages in error.message_dict.items()})
    if not errors and not (values["body_fr"] or values["body_en"]):
        errors["body_fr"] = [_("Write the answer in French, in English, or both.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = answer is None
        answer = answer or CannedAnswer(organisation=organisation)
        before = {field: getattr(answer, field) for field in (*values, "active")}
        for field, value in values.items():
            setattr(answer, field, value)
        answer.active = bool(active)
        answer.save()
        changes = {
            field: [None if created else before[field], getattr(answer, field)]
            for field in (*values, "active")
            if created or before[field] != getattr(answer, field)
        }
        if changes:
            action = "canned_answer.create" if created else "canned_answer.update"
            audit_record(
                actor=actor, action=action, organisation=organisation, target=answer, changes=changes
            )
    return answer


def canned_answer_delete(*, actor: Actor, answer: CannedAnswer) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="canned_answer.delete",
            organisation=answer.organisation,
            target=answer,
            changes={"title": [answer.title, None]},
        )
        answer.delete()


def _site_urls(entity: Entity | None) -> tuple[str, str]:
    from ambassade.careers.selectors import career_site_url, site_reverse

    if entity is None:
        return "", ""
    site = career_site_url(entity)
    try:
        faq = site_reverse(entity, "inbox_faq_public")
    except NoReverseMatch:  # the public pages are not mounted: the advice page holds the FAQ too
        faq = site_reverse(entity, "careers_advice")
    return site, faq


def answer_variables(*, conversation: Conversation) -> dict[str, str]:
    """The values of {first_name}, {name}, {offer}, {site_url}, {faq_url} for this conversation."""
    offer = ""
    application = conversation.application
    if application is not None and application.offer is not None:
        from ambassade.careers.selectors import offer_text

        offer = offer_text(application.offer, conversation.language).title
    entity = conversation.entity
    if entity is None:
        entity = (
            Entity.objects.filter(organisation_id=conversation.organisation_id, is_active=True)
            .order_by("pk")
            .first()
        )
    site_url, faq_url = _site_urls(entity)
    return {
        "first_name": conversation.first_name,
        "name": conversation.contact_label,
        "offer": offer,
        "site_url": site_url,
        "faq_url": faq_url,
    }


def canned_answer_render(*, answer: CannedAnswer, conversation: Conversation) -> str:
    """The answer in the conversation's language (the other one if it is missing), variables filled.
    Plain replacement: any other brace in the text stays as written."""
    body = (
        (answer.body_en or answer.body_fr)
        if conversation.language == "en"
        else (answer.body_fr or answer.body_en)
    )
    values = answer_variables(conversation=conversation)
    # One pass: a value holding "{...}" (a candidate's name...) is not filled in again.
    return VARIABLE.sub(lambda match: values.get(match.group(1), match.group(0)), body)


# --- FAQ --------------------------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# With a scheme, "www.", or a bare domain followed by a path (linkedin.com/in/someone).
_URL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w@.])[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*", re.IGNORECASE)
_PHONE = re.compile(r"(?<!\w)\+?\d[\d .\-()]{6,}\d")
_HANDLE = re.compile(r"(?<!\w)@[\w.\-]+")


def _has_phone(text: str) -> bool:
    """A phone number: nine digits or more in one run (not "2025 - 2026" or a salary)."""
    return any(sum(char.isdigit() for char in found) >= 9 for found in _PHONE.findall(text))


def question_scrubbed(text: str, *, names: list[str]) -> str:
    """The question without e-mail addresses, URLs, phone numbers, @handles and the contact's names:
    a starting point, to be rewritten by a person."""
    text = _EMAIL.sub("", text or "")
    text = _URL.sub("", text)
    text = _PHONE.sub("", text)
    text = _HANDLE.sub("", text)
    for name in names:
        for part in re.split(r"\s+", name or ""):
            if len(part) >= 2:
                text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\(\s*[,;]?\s*\)", "", text)  # brackets left empty
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" ([,.])", r"\1", text)
    text = re.sub(r"([,;:]\s*)+([,;:])", r"\2", text)
    return re.sub(r"^[\s,.;:!?-]+", "", text).strip()[:QUESTION_MAX]


def faq_suggestion(*, conversation: Conversation) -> str:
    first = conversation.messages.filter(direction=Message.Direction.IN).order_by("at", "pk").first()
    names = [conversation.contact_label, conversation.contact_name]
    if conversation.mention is not None:
        names.append(conversation.mention.author_handle)
    return question_scrubbed(first.body if first else conversation.subject, names=names)


def _faq_values(
    *, organisation: Organisation, entity: Entity | None, language: str, question: str, answer: str
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for field, value, limit in (("question", question, QUESTION_MAX), ("answer", answer, BODY_MAX)):
        try:
            values[field] = _text(value, field=field, limit=limit)
        except ValidationError as error:
            errors.update({key: list(messages) for key, messages in error.message_dict.items()})
    if entity is None or entity.organisation_id != organisation.pk:
        errors["entity"] = [_("Choose a career site of the organisation.")]
    if language not in ("fr", "en"):
        errors["language"] = [_("Choose French or English.")]
    if "question" in values and _EMAIL.search(values["question"]):
        errors["question"] = [_("Remove the e-mail address from the question: the FAQ is public.")]
    elif "question" in values and _has_phone(values["question"]):
        errors["question"] = [_("Remove the phone number from the question: the FAQ is public.")]
    if errors:
        raise ValidationError(errors)
    return {**values, "entity": entity, "language": language}


def faq_propose(
    *,
    actor: Actor,
    organisation: Organisation,
    entity: Entity | None,
    language: str,
    question: str,
    answer: str,
    conversation: Conversation | None = None,
    submit: bool = True,
) -> FaqEntry:
    """A new FAQ entry, in review at once (or a draft): someone else publishes it."""
    values = _faq_values(
        organisation=organisation, entity=entity, language=language, question=question, answer=answer
    )
    with transaction.atomic():
        position = FaqEntry.objects.filter(entity=values["entity"], language=language).count()
        entry = FaqEntry.objects.create(
            organisation=organisation,
            source_conversation=conversation,
            proposed_by=_user(actor),
            status=FaqEntry.Status.REVIEW if submit else FaqEntry.Status.DRAFT,
            position=position,
            **values,
        )
        audit_record(
            actor=actor,
            action="faq.propose",
            organisation=organisation,
            target=entry,
            changes={
                "status": [None, entry.status],
                "conversation": [None, conversation.pk if conversation else None],
            },
        )
        if conversation is not None:
            _event(conversation, actor, "faq_proposed", entry=entry.pk)
    return entry


def faq_update(
    *, actor: Actor, entry: FaqEntry, entity: Entity | None, language: str, question: str, answer: str
) -> FaqEntry:
    """Change an entry; a published one goes back to review (someone else approves the new text)."""
    values = _faq_values(
        organisation=entry.organisation, entity=entity, language=language, question=question, answer=answer
    )
    with transaction.atomic():
        entry = FaqEntry.objects.select_for_update().get(pk=entry.pk)
        changes = {
            field: [str(getattr(entry, field)), str(value)]
            for field, value in values.items()
            if getattr(entry, field) != value
        }
        if not changes:
            return entry
        for field, value in values.items():
            setattr(entry, field, value)
        if entry.status == FaqEntry.Status.PUBLISHED:
            changes["status"] = [entry.status, FaqEntry.Status.REVIEW]
            entry.status = FaqEntry.Status.REVIEW
            entry.published_at = None
        entry.proposed_by = _user(actor)
        entry.save()
        audit_record(
            actor=actor, action="faq.update", organisation=entry.organisation, target=entry, changes=changes
        )
    return entry


def _faq_status(actor: Actor, entry: FaqEntry, status: str, action: str, **extra: Any) -> FaqEntry:
    before = entry.status
    entry.status = status
    for field, value in extra.items():
        setattr(entry, field, value)
    entry.save()
    audit_record(
        actor=actor,
        action=action,
        organisation=entry.organisation,
        target=entry,
        changes={"status": [before, status]},
    )
    return entry


def faq_submit(*, actor: Actor, entry: FaqEntry) -> FaqEntry:
    with transaction.atomic():
        entry = FaqEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != FaqEntry.Status.DRAFT:
            raise ValidationError(_("Only a draft can be sent for review."))
        # The writer stays the proposer: sending someone else's draft does not let its writer publish it.
        writer = entry.proposed_by if entry.proposed_by_id is not None else _user(actor)
        return _faq_status(actor, entry, FaqEntry.Status.REVIEW, "faq.submit", proposed_by=writer)


def faq_publish(*, actor: Actor, entry: FaqEntry) -> FaqEntry:
    """Approve and publish an entry in review: by a second person, never the one who proposed it."""
    with transaction.atomic():
        entry = FaqEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != FaqEntry.Status.REVIEW:
            raise ValidationError(_("Only an entry in review can be published."))
        user = _user(actor)
        if user is None or entry.proposed_by_id is None or entry.proposed_by_id == user.pk:
            raise ValidationError(
                _("A second person approves publication: someone other than the one who proposed it.")
            )
        return _faq_status(
            actor,
            entry,
            FaqEntry.Status.PUBLISHED,
            "faq.publish",
            reviewed_by=user,
            published_at=timezone.now(),
        )


def faq_unpublish(*, actor: Actor, entry: FaqEntry) -> FaqEntry:
    """Take an entry off the career site (back to draft)."""
    with transaction.atomic():
        entry = FaqEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status == FaqEntry.Status.DRAFT:
            return entry
        return _faq_status(actor, entry, FaqEntry.Status.DRAFT, "faq.unpublish", published_at=None)


def faq_delete(*, actor: Actor, entry: FaqEntry) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="faq.delete",
            organisation=entry.organisation,
            target=entry,
            changes={"status": [entry.status, None]},
        )
        entry.delete()


# --- periodic work ------------------------------------------------------------------------------


def conversations_alert_overdue(*, now: datetime | None = None) -> int:
    """Each conversation past its due time with no answer: one alert (listening's alert list) and one
    e-mail to its assignee, or to the inbox team when nobody has it. Returns how many."""
    from ambassade.inbox.tasks import overdue_email_send
    from ambassade.listening.models import Alert

    now = now or timezone.now()
    count = 0
    pending = Conversation.objects.filter(selectors.overdue_q(now), overdue_alerted_at__isnull=True)
    for pk in pending.values_list("pk", flat=True)[:500]:
        with transaction.atomic():
            # Still overdue and not alerted yet: one answered meanwhile or taken by another runner is skipped.
            claimed = Conversation.objects.filter(
                selectors.overdue_q(now), pk=pk, overdue_alerted_at__isnull=True
            ).update(overdue_alerted_at=now)
            if not claimed:
                continue
            conversation = Conversation.objects.get(pk=pk)
            hours = round((now - conversation.created_at).total_seconds() / 3600, 1)
            target = selectors.response_target_hours(organisation=conversation.organisation)
            Alert.objects.get_or_create(
                organisation_id=conversation.organisation_id,
                kind=Alert.Kind.UNANSWERED,
                day=timezone.localdate(now),
                object_ref=f"inbox.conversation:{pk}",
                defaults={
                    "period_start": conversation.created_at,
                    "period_end": now,
                    "value": hours,
                    "baseline": target,
                    "message_fr": f"Conversation n° {pk} sans réponse depuis {hours} h "
                    f"(objectif : {target} h).",
                    "message_en": f"Conversation #{pk} unanswered for {hours} h (target: {target} h).",
                    "emailed_at": now,  # the inbox e-mails its own alert (below)
                },
            )
            overdue_email_send.enqueue(conversation_id=pk)
            count += 1
    return count


def conversations_purge(*, now: datetime | None = None) -> int:
    """Delete the conversations closed longer ago than the organisation's retention, and those left
    open but untouched (no change, no message) for as long: an answer never closed is not kept forever."""
    from django.db.models import Exists, OuterRef, Q

    now = now or timezone.now()
    deleted = 0
    organisations = Conversation.objects.order_by().values_list("organisation_id", flat=True).distinct()
    for organisation in Organisation.objects.filter(pk__in=set(organisations)):
        limit = now - timedelta(days=selectors.retention_days(organisation=organisation))
        recent_message = Message.objects.filter(conversation=OuterRef("pk"), at__gte=limit)
        old = Conversation.objects.filter(organisation=organisation).filter(
            Q(status=Status.CLOSED, resolved_at__lt=limit)
            | (Q(updated_at__lt=limit) & ~Exists(recent_message))  # idle, whatever its status
        )
        deleted += old.delete()[1].get("inbox.Conversation", 0)
    return deleted
