"""The inbox screens under /inbox/: the list and a conversation (HR admins, communication officers,
recruiters), metrics, canned answers and the FAQ's review (HR admins and communication officers)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassade.inbox import selectors, services
from ambassade.inbox.forms import (
    AssignForm,
    CannedAnswerForm,
    ConversationFilterForm,
    FaqEntryForm,
    MetricsForm,
    NoteForm,
    RecordForm,
    ReplyForm,
    StatusForm,
    faq_initial,
)
from ambassade.inbox.models import Conversation, FaqEntry, Message
from ambassade.orgs.models import Membership
from ambassade.orgs.permissions import roles_required

PAGE_SIZE = 50
inbox_required = roles_required(*selectors.INBOX_ROLES)
editor_required = roles_required(*selectors.EDITOR_ROLES)


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _assignees(membership: Membership) -> list[tuple[str, str]]:
    users = selectors.assignee_choices(organisation=membership.organisation)
    return [(str(user.pk), selectors.user_label(user)) for user in users]


# --- the list -------------------------------------------------------------------------------------


@inbox_required
def inbox_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = ConversationFilterForm(request.GET or None, assignees=_assignees(membership))
    status = 200
    try:
        filters = selectors.conversation_filters_parse(request.GET)
    except ValidationError as error:
        _add_errors(form, error)
        filters = selectors.ConversationFilters()
        status = 400
    conversations = selectors.conversation_list(membership=membership, filters=filters)
    counts = selectors.conversation_counts(membership=membership)
    context = {
        "form": form,
        "page": Paginator(conversations, PAGE_SIZE).get_page(request.GET.get("page")),
        "counts": counts,
        "status_counts": [(value, label, counts[value]) for value, label in Conversation.Status.choices],
        "now": timezone.now(),
        "query": _query_without_page(request),
    }
    return render(request, "inbox/list.html", context, status=status)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- a conversation ---------------------------------------------------------------------------------


def _canned(membership: Membership, conversation: Conversation) -> list[dict[str, Any]]:
    return [
        {
            "id": answer.pk,
            "title": answer.title,
            "body": services.canned_answer_render(answer=answer, conversation=conversation),
        }
        for answer in selectors.canned_answer_list(membership=membership, active_only=True)
    ]


def _conversation_page(
    request: HttpRequest, conversation: Conversation, status: int = 200, **forms: Any
) -> HttpResponse:
    membership = _membership(request)
    assignees = _assignees(membership)
    by_email = bool(conversation.contact_email)
    context = {
        "conversation": conversation,
        "messages_list": conversation.messages.select_related("author").order_by("at", "pk"),
        "events": conversation.events.select_related("actor").order_by("created_at", "pk"),
        "assign_form": forms.get("assign_form")
        or AssignForm(initial={"assignee": conversation.assignee_id or ""}, assignees=assignees),
        "status_form": forms.get("status_form") or StatusForm(initial={"status": conversation.status}),
        "reply_form": forms.get("reply_form") or (ReplyForm() if by_email else RecordForm()),
        "note_form": forms.get("note_form") or NoteForm(prefix="note"),
        "by_email": by_email,
        "canned": _canned(membership, conversation),
        "network_url": services.network_reply_url(conversation=conversation, text=""),
        "network_handle": (conversation.mention.author_handle.lstrip("@") if conversation.mention else ""),
        "overdue": conversation.is_overdue,
        "faq_entries": conversation.faq_entries.all(),
    }
    return render(request, "inbox/conversation.html", context, status=status)


@inbox_required
def inbox_conversation(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = selectors.conversation_get_for_user(membership=_membership(request), pk=pk)
    return _conversation_page(request, conversation)


@inbox_required
@require_POST
def inbox_assign(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    conversation = selectors.conversation_get_for_user(membership=membership, pk=pk)
    form = AssignForm(request.POST, assignees=_assignees(membership))
    if form.is_valid():
        chosen = form.cleaned_data["assignee"]
        assignee = (
            selectors.assignee_choices(organisation=membership.organisation).filter(pk=chosen).first()
            if chosen
            else None
        )
        try:
            services.conversation_assign(actor=request.user, conversation=conversation, assignee=assignee)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Assignment saved."))
            return redirect("inbox_conversation", pk=conversation.pk)
    return _conversation_page(request, conversation, status=400, assign_form=form)


@inbox_required
@require_POST
def inbox_status(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = selectors.conversation_get_for_user(membership=_membership(request), pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.conversation_status_set(
            actor=request.user, conversation=conversation, status=form.cleaned_data["status"]
        )
        messages.success(request, _("Status changed."))
        return redirect("inbox_conversation", pk=conversation.pk)
    return _conversation_page(request, conversation, status=400, status_form=form)


@inbox_required
@require_POST
def inbox_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the answer by e-mail (ask, application)."""
    conversation = selectors.conversation_get_for_user(membership=_membership(request), pk=pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_send_email(
                actor=request.user,
                conversation=conversation,
                body=form.cleaned_data["body"],
                close=form.cleaned_data["close"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Answer sent by e-mail to %(email)s.") % {"email": conversation.contact_email}
            )
            return redirect("inbox_conversation", pk=conversation.pk)
    return _conversation_page(request, conversation, status=400, reply_form=form)


@inbox_required
@require_POST
def inbox_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an answer given on the network, at the time it was given."""
    conversation = selectors.conversation_get_for_user(membership=_membership(request), pk=pk)
    form = RecordForm(request.POST)
    if form.is_valid():
        try:
            services.reply_record(
                actor=request.user,
                conversation=conversation,
                body=form.cleaned_data["body"],
                at=form.cleaned_data.get("at"),
                close=form.cleaned_data["close"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Answer recorded."))
            return redirect("inbox_conversation", pk=conversation.pk)
    return _conversation_page(request, conversation, status=400, reply_form=form)


@inbox_required
@require_POST
def inbox_note(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = selectors.conversation_get_for_user(membership=_membership(request), pk=pk)
    form = NoteForm(request.POST, prefix="note")
    if form.is_valid():
        try:
            services.note_add(actor=request.user, conversation=conversation, body=form.cleaned_data["body"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Note added."))
            return redirect("inbox_conversation", pk=conversation.pk)
    return _conversation_page(request, conversation, status=400, note_form=form)


@inbox_required
def inbox_faq_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a question and its answer for the career site's FAQ; someone else approves it."""
    membership = _membership(request)
    conversation = selectors.conversation_get_for_user(membership=membership, pk=pk)
    entities = selectors.entity_choices(organisation=membership.organisation)
    last_reply = conversation.messages.filter(direction=Message.Direction.OUT).order_by("-at", "-pk").first()
    first_entity = entities.first()
    initial = {
        "entity": conversation.entity_id or (first_entity.pk if first_entity is not None else None),
        "language": conversation.language,
        "question": services.faq_suggestion(conversation=conversation),
        "answer": last_reply.body if last_reply else "",
    }
    form = FaqEntryForm(request.POST or None, entities=entities, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.faq_propose(
                actor=request.user,
                organisation=membership.organisation,
                entity=data["entity"],
                language=data["language"],
                question=data["question"],
                answer=data["answer"],
                conversation=conversation,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Proposed for the FAQ: a second person reviews it before publication.")
            )
            return redirect("inbox_conversation", pk=conversation.pk)
    context = {"form": form, "conversation": conversation}
    return render(request, "inbox/faq_propose.html", context, status=400 if form.errors else 200)


# --- metrics ----------------------------------------------------------------------------------------


def _day_start(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@inbox_required
def inbox_metrics(request: HttpRequest) -> HttpResponse:
    form = MetricsForm(request.GET or None)
    since, until = selectors.default_metrics_window()
    period = "month"
    if form.is_bound and form.is_valid():
        period = form.cleaned_data.get("period") or "month"
        if form.cleaned_data.get("since"):
            since = _day_start(form.cleaned_data["since"])
        if form.cleaned_data.get("until"):
            until = _day_start(form.cleaned_data["until"]) + timedelta(days=1)
    metrics = selectors.inbox_metrics(
        membership=_membership(request), since=since, until=until, period=period
    )
    context = {
        "form": form,
        "metrics": metrics,
        "groups": [
            ("person", _("Per person"), metrics["person"]),
            ("channel", _("Per channel"), metrics["channel"]),
            ("period", _("Per period of arrival"), metrics["period"]),
        ],
        "chart_labels": {"first": _("First response, median (h)"), "resolution": _("Resolution, median (h)")},
    }
    return render(request, "inbox/metrics.html", context, status=400 if form.errors else 200)


# --- canned answers ---------------------------------------------------------------------------------


@editor_required
def inbox_canned_list(request: HttpRequest) -> HttpResponse:
    answers = selectors.canned_answer_list(membership=_membership(request))
    return render(request, "inbox/canned_list.html", {"answers": answers})


def _canned_form(request: HttpRequest, answer: Any) -> HttpResponse:
    membership = _membership(request)
    initial = (
        {"title": answer.title, "body_fr": answer.body_fr, "body_en": answer.body_en, "active": answer.active}
        if answer is not None
        else None
    )
    form = CannedAnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.canned_answer_save(
                actor=request.user,
                organisation=membership.organisation,
                answer=answer,
                title=data["title"],
                body_fr=data["body_fr"],
                body_en=data["body_en"],
                active=data["active"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Canned answer saved."))
            return redirect("inbox_canned_list")
    return render(
        request,
        "inbox/canned_form.html",
        {"form": form, "answer": answer},
        status=400 if form.errors else 200,
    )


@editor_required
def inbox_canned_new(request: HttpRequest) -> HttpResponse:
    return _canned_form(request, None)


@editor_required
def inbox_canned_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _canned_form(request, selectors.canned_answer_get_for_user(membership=_membership(request), pk=pk))


@editor_required
@require_POST
def inbox_canned_delete(request: HttpRequest, pk: int) -> HttpResponse:
    answer = selectors.canned_answer_get_for_user(membership=_membership(request), pk=pk)
    services.canned_answer_delete(actor=request.user, answer=answer)
    messages.success(request, _("Canned answer deleted."))
    return redirect("inbox_canned_list")


# --- the FAQ ----------------------------------------------------------------------------------------


@editor_required
def inbox_faq_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in FaqEntry.Status.values:
        status = ""
    entries = selectors.faq_list(membership=_membership(request), status=status)
    context = {
        "entries": entries,
        "status": status,
        "statuses": FaqEntry.Status.choices,
        "me": request.user.pk,
    }
    return render(request, "inbox/faq_list.html", context)


def _faq_form(request: HttpRequest, entry: FaqEntry | None) -> HttpResponse:
    membership = _membership(request)
    entities = selectors.entity_choices(organisation=membership.organisation)
    form = FaqEntryForm(
        request.POST or None, entities=entities, initial=faq_initial(entry) if entry else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {key: data[key] for key in ("entity", "language", "question", "answer")}
        try:
            if entry is None:
                services.faq_propose(actor=request.user, organisation=membership.organisation, **values)
            else:
                services.faq_update(actor=request.user, entry=entry, **values)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("FAQ entry saved: a second person reviews it before publication."))
            return redirect("inbox_faq_list")
    return render(
        request, "inbox/faq_form.html", {"form": form, "entry": entry}, status=400 if form.errors else 200
    )


@editor_required
def inbox_faq_new(request: HttpRequest) -> HttpResponse:
    return _faq_form(request, None)


@editor_required
def inbox_faq_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _faq_form(request, selectors.faq_get_for_user(membership=_membership(request), pk=pk))


def _faq_action(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    entry = selectors.faq_get_for_user(membership=_membership(request), pk=pk)
    try:
        action(actor=request.user, entry=entry)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("inbox_faq_list")


@editor_required
@require_POST
def inbox_faq_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _faq_action(request, pk, services.faq_submit, _("Sent for review."))


@editor_required
@require_POST
def inbox_faq_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _faq_action(request, pk, services.faq_publish, _("Published on the career site."))


@editor_required
@require_POST
def inbox_faq_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _faq_action(request, pk, services.faq_unpublish, _("Taken off the career site."))


@editor_required
@require_POST
def inbox_faq_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _faq_action(request, pk, services.faq_delete, _("FAQ entry deleted."))
