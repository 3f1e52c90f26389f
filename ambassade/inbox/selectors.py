"""Reads of the candidate inbox, scoped to the reader's organisation and role.

HR admins, communication officers and recruiters work the inbox (INBOX_ROLES); canned answers and the
FAQ's review are for HR admins and communication officers (EDITOR_ROLES). A conversation, canned answer
or FAQ entry of another organisation is a 404.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ambassade.inbox.models import CannedAnswer, Conversation, FaqEntry
from ambassade.orgs.models import Entity, Membership, Organisation
from ambassade.orgs.roles import Role

INBOX_ROLES = frozenset({Role.HR_ADMIN, Role.COMMS, Role.RECRUITER})
EDITOR_ROLES = frozenset({Role.HR_ADMIN, Role.COMMS})
DEFAULT_TARGET_HOURS = 24
DEFAULT_RETENTION_DAYS = 365
OPEN_STATUSES = (
    Conversation.Status.NEW,
    Conversation.Status.OPEN,
    Conversation.Status.WAITING,
    Conversation.Status.ANSWERED,
)


def inbox_allowed(membership: Membership | None) -> bool:
    return membership is not None and membership.role in INBOX_ROLES


def editor_allowed(membership: Membership | None) -> bool:
    return membership is not None and membership.role in EDITOR_ROLES


def _get_or_404(queryset: QuerySet[Any], pk: object) -> Any:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


# --- settings ---------------------------------------------------------------------------------------


def _listening_settings(organisation_id: int) -> Any:
    from ambassade.listening.models import ListeningSettings

    return ListeningSettings.objects.filter(organisation_id=organisation_id).first()


# Beyond any real setting; keeps date arithmetic within the calendar (year 9999) whatever is stored.
MAX_TARGET_HOURS = 24 * 366 * 10
MAX_RETENTION_DAYS = 366 * 100


def response_target_hours(*, organisation: Organisation) -> int:
    """The team's response target (listening settings), 24 hours when not set."""
    found = _listening_settings(organisation.pk)
    hours = int(found.response_target_hours) if found is not None else DEFAULT_TARGET_HOURS
    return min(hours, MAX_TARGET_HOURS)


def retention_days(*, organisation: Organisation) -> int:
    """How long closed conversations are kept (the listening settings' retention), 365 days by default."""
    found = _listening_settings(organisation.pk)
    days = int(found.retention_days) if found is not None else DEFAULT_RETENTION_DAYS
    return min(days, MAX_RETENTION_DAYS)


# --- conversations ----------------------------------------------------------------------------------


def overdue_q(now: datetime | None = None) -> Q:
    """Past its due time with no answer yet, and not closed."""
    return Q(due_at__lt=now or timezone.now(), first_response_at__isnull=True) & ~Q(
        status=Conversation.Status.CLOSED
    )


def _conversations(organisation_id: int) -> QuerySet[Conversation]:
    return (
        Conversation.objects.filter(organisation_id=organisation_id)
        .select_related("entity", "mention", "assignee", "application")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class ConversationFilters:
    status: str = ""
    channel: str = ""
    assignee: str = ""  # a user id, "me" or "none"
    overdue: bool = False


def conversation_filters_parse(params: Mapping[str, str]) -> ConversationFilters:
    """The list's filters from a query string; a ValidationError names a bad parameter."""
    status = (params.get("status") or "").strip()
    channel = (params.get("channel") or "").strip()
    assignee = (params.get("assignee") or "").strip()
    overdue = (params.get("overdue") or "").strip().lower()
    errors: dict[str, str] = {}
    if status and status not in Conversation.Status.values:
        errors["status"] = _("Unknown status “%(value)s”: choose one of %(choices)s.") % {
            "value": status,
            "choices": ", ".join(Conversation.Status.values),
        }
    if channel and channel not in Conversation.Channel.values:
        errors["channel"] = _("Unknown channel “%(value)s”: choose one of %(choices)s.") % {
            "value": channel,
            "choices": ", ".join(Conversation.Channel.values),
        }
    if assignee and assignee not in ("me", "none") and not (assignee.isdigit() and len(assignee) <= 18):
        errors["assignee"] = _("Enter a member's id, “me” or “none” for the assignee.")
    if overdue not in ("", "0", "1", "true", "false", "on"):
        errors["overdue"] = _("Enter 1 or 0 for overdue.")
    if errors:
        raise ValidationError(errors)
    return ConversationFilters(status, channel, assignee, overdue in ("1", "true", "on"))


def conversation_list(
    *, membership: Membership, filters: ConversationFilters | None = None
) -> QuerySet[Conversation]:
    """The organisation's conversations for the inbox roles (none for others), filtered."""
    if not inbox_allowed(membership):
        return Conversation.objects.none()
    conversations = _conversations(membership.organisation_id)
    filters = filters or ConversationFilters()
    if filters.status:
        conversations = conversations.filter(status=filters.status)
    if filters.channel:
        conversations = conversations.filter(channel=filters.channel)
    if filters.assignee == "me":
        conversations = conversations.filter(assignee_id=membership.user_id)
    elif filters.assignee == "none":
        conversations = conversations.filter(assignee__isnull=True)
    elif filters.assignee:
        conversations = conversations.filter(assignee_id=int(filters.assignee))
    if filters.overdue:
        conversations = conversations.filter(overdue_q())
    return conversations


def conversation_get_for_user(*, membership: Membership, pk: object) -> Conversation:
    if not inbox_allowed(membership):
        raise Http404
    return _get_or_404(_conversations(membership.organisation_id), pk)


def conversation_counts(*, membership: Membership) -> dict[str, int]:
    """How many conversations are in each status, plus "overdue" and "mine" (open ones)."""
    base = Conversation.objects.filter(organisation_id=membership.organisation_id)
    counts = dict.fromkeys(Conversation.Status.values, 0)
    for row in base.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    counts["overdue"] = base.filter(overdue_q()).count()
    counts["mine"] = base.filter(assignee_id=membership.user_id, status__in=OPEN_STATUSES).count()
    return counts


def assignee_choices(*, organisation: Organisation) -> QuerySet[Any]:
    """The members who may be assigned a conversation: those with an inbox role."""
    return (
        get_user_model()
        .objects.filter(
            membership__organisation=organisation, membership__role__in=INBOX_ROLES, is_active=True
        )
        .order_by("first_name", "last_name", "username")
    )


def user_label(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# --- canned answers -----------------------------------------------------------------------------------


def canned_answer_list(*, membership: Membership, active_only: bool = False) -> QuerySet[CannedAnswer]:
    if not inbox_allowed(membership):
        return CannedAnswer.objects.none()
    answers = CannedAnswer.objects.filter(organisation_id=membership.organisation_id)
    return answers.filter(active=True) if active_only else answers


def canned_answer_get_for_user(*, membership: Membership, pk: object) -> CannedAnswer:
    if not editor_allowed(membership):
        raise Http404
    return _get_or_404(canned_answer_list(membership=membership), pk)


# --- FAQ -------------------------------------------------------------------------------------------


def faq_list(*, membership: Membership, status: str = "") -> QuerySet[FaqEntry]:
    if not inbox_allowed(membership):
        return FaqEntry.objects.none()
    entries = FaqEntry.objects.filter(organisation_id=membership.organisation_id).select_related(
        "entity", "proposed_by", "reviewed_by"
    )
    if status:
        entries = entries.filter(status=status)
    return entries.order_by("entity__name", "language", "position", "pk")


def faq_get_for_user(*, membership: Membership, pk: object) -> FaqEntry:
    return _get_or_404(faq_list(membership=membership), pk)


def faq_published(*, entity: Entity, language: str) -> QuerySet[FaqEntry]:
    """What a career site shows: the published entries of that site, in the visitor's language."""
    return FaqEntry.objects.filter(
        entity=entity, language=language, status=FaqEntry.Status.PUBLISHED
    ).order_by("position", "published_at", "pk")


def entity_choices(*, organisation: Organisation) -> QuerySet[Entity]:
    return Entity.objects.filter(organisation=organisation, is_active=True).order_by("name")


# --- metrics -------------------------------------------------------------------------------------


@dataclass
class Timing:
    count: int
    median_hours: float | None
    p90_hours: float | None


def _timing(hours: list[float]) -> Timing:
    if not hours:
        return Timing(0, None, None)
    ordered = sorted(hours)
    # The nearest-rank 90th percentile: the smallest value at or above 90 % of the others.
    rank = max(1, -(-len(ordered) * 9 // 10))
    return Timing(len(ordered), round(statistics.median(ordered), 1), round(ordered[rank - 1], 1))


@dataclass
class MetricRow:
    key: str
    label: str
    first_response: Timing
    resolution: Timing
    conversations: int


def _period_key(moment: datetime, period: str) -> str:
    local = timezone.localtime(moment)
    if period == "week":
        year, week, _day = local.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{local:%Y-%m}"


def _hours(start: datetime, end: datetime | None) -> float | None:
    return None if end is None else max(0.0, (end - start).total_seconds() / 3600)


def inbox_metrics(
    *, membership: Membership, since: datetime, until: datetime, period: str = "month"
) -> dict[str, list[MetricRow]]:
    """Median and 90th percentile of first-response and resolution times (hours), per person (who
    answered first / who closed), per channel and per period of arrival, for conversations that arrived
    between `since` and `until`. Recruiters see their own row only among the persons."""
    if period not in ("month", "week"):
        raise ValidationError({"period": _("Choose “month” or “week” for the period.")})
    rows = conversation_list(membership=membership).filter(created_at__gte=since, created_at__lt=until)
    groups: dict[str, dict[str, dict[str, list[float]]]] = {
        "person": defaultdict(lambda: {"first": [], "resolution": [], "all": []}),
        "channel": defaultdict(lambda: {"first": [], "resolution": [], "all": []}),
        "period": defaultdict(lambda: {"first": [], "resolution": [], "all": []}),
    }
    users: dict[str, str] = {}
    channels = dict(Conversation.Channel.choices)
    for conversation in rows.select_related("first_responder", "resolved_by").order_by():
        first = _hours(conversation.created_at, conversation.first_response_at)
        resolution = _hours(conversation.created_at, conversation.resolved_at)
        keyed = {
            "channel": conversation.channel,
            "period": _period_key(conversation.created_at, period),
        }
        for group, key in keyed.items():
            bucket = groups[group][key]
            bucket["all"].append(1)
            if first is not None:
                bucket["first"].append(first)
            if resolution is not None:
                bucket["resolution"].append(resolution)
        if conversation.first_responder_id is not None and first is not None:
            key = str(conversation.first_responder_id)
            users[key] = user_label(conversation.first_responder)
            groups["person"][key]["first"].append(first)
            groups["person"][key]["all"].append(1)
        if conversation.resolved_by_id is not None and resolution is not None:
            key = str(conversation.resolved_by_id)
            users[key] = user_label(conversation.resolved_by)
            groups["person"][key]["resolution"].append(resolution)
    if not editor_allowed(membership):
        # Individual response times are seen by their owner and the programme's admins only.
        mine = str(membership.user_id)
        groups["person"] = defaultdict(
            lambda: {"first": [], "resolution": [], "all": []},
            {key: value for key, value in groups["person"].items() if key == mine},
        )
    labels = {"person": users, "channel": {key: str(value) for key, value in channels.items()}}
    result: dict[str, list[MetricRow]] = {}
    for group, buckets in groups.items():
        result[group] = [
            MetricRow(
                key=key,
                label=labels.get(group, {}).get(key, key),
                first_response=_timing(values["first"]),
                resolution=_timing(values["resolution"]),
                conversations=len(values["all"]),
            )
            for key, values in buckets.items()
        ]
        result[group].sort(key=lambda row: row.key if group == "period" else row.label.casefold())
    return result


def default_metrics_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or timezone.now()
    return now - timedelta(days=183), now + timedelta(seconds=1)
