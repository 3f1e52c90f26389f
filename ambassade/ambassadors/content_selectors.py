"""Reads of the content hub, scoped by the reader.

Programme admins (HR admins and comms) see every item of their organisation, whatever its status. An
enrolled ambassador sees the published items within their window that are meant for them: an item with
no entity, department, audience or expertise level is for everyone; otherwise each dimension that is
set must match (a department includes its sub-departments).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ambassade.ambassadors.models import (
    SHARE_NETWORKS,
    Ambassador,
    ContentItem,
    Network,
    Share,
    SocialAccount,
    SuggestedText,
)
from ambassade.ambassadors.sharing import default_variant, mastodon_instance
from ambassade.careers.models import JobOffer
from ambassade.core.models import AuditEvent
from ambassade.links.selectors import linkable_offers
from ambassade.orgs.models import Membership, Organisation
from ambassade.orgs.roles import Role

CONTENT_ADMIN_ROLES = frozenset({Role.HR_ADMIN, Role.COMMS})


def _get_or_404(queryset: QuerySet[Any], pk: object) -> Any:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def is_content_admin(membership: Membership | None) -> bool:
    return membership is not None and membership.role in CONTENT_ADMIN_ROLES


# --- for the programme's admins ------------------------------------------------------------------


def content_list(*, membership: Membership, status: str = "", kind: str = "") -> QuerySet[ContentItem]:
    """Every item of the organisation for its admins; nothing for anyone else."""
    items = ContentItem.objects.filter(organisation=membership.organisation).select_related(
        "job", "job__entity", "created_by", "submitted_by", "approved_by"
    )
    if not is_content_admin(membership):
        return items.none()
    if status:
        items = items.filter(status=status)
    if kind:
        items = items.filter(kind=kind)
    return items.prefetch_related("texts", "job__translations")


def content_item_get_for_user(*, membership: Membership, pk: object) -> ContentItem:
    return _get_or_404(content_list(membership=membership), pk)


def content_item_history(*, item: ContentItem) -> QuerySet[AuditEvent]:
    """The item's audit trail: creation, changes and each move of the workflow, newest first."""
    return AuditEvent.objects.filter(
        organisation_id=item.organisation_id,
        target_type=item._meta.label_lower,
        target_id=str(item.pk),
        action__startswith="content.",
    ).order_by("-created_at", "-id")


def content_item_last_edit(*, item: ContentItem) -> AuditEvent | None:
    """The item's latest creation or change that altered something (its audit event names who made it).

    Read from the audit log, which is written in the same transaction as every edit and never rewritten:
    the second approval uses it to keep whoever wrote the item's current content from approving it."""
    events = content_item_history(item=item).filter(action__in=["content.create", "content.change"])
    for event in events.iterator(chunk_size=20):
        if event.changes:  # a save that changed nothing is not an edit
            return event
    return None


def content_offers(*, organisation: Organisation) -> QuerySet[JobOffer]:
    """The job offers an item may promote: the organisation's open offers."""
    return linkable_offers(organisation=organisation)


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    items: list[ContentItem] = field(default_factory=list)  # every item whose window covers the day

    @property
    def starts(self) -> list[ContentItem]:
        """The items that go out this day (the calendar's headline)."""
        return [item for item in self.items if timezone.localtime(item.publish_from).date() == self.day]

    @property
    def ends(self) -> list[ContentItem]:
        """The items whose window closes during this day."""
        return [item for item in self.items if _last_day(item) == self.day and item not in self.starts]

    @property
    def running(self) -> int:
        """How many other items are live this day."""
        return len(self.items) - len(self.starts) - len(self.ends)


def _last_day(item: ContentItem) -> date | None:
    if item.publish_until is None:
        return None
    # A window ending at midnight does not cover the day that starts then.
    return (timezone.localtime(item.publish_until) - timedelta(microseconds=1)).date()


@dataclass
class CalendarMonth:
    first: date
    weeks: list[list[CalendarDay]]
    previous: date
    next: date


def content_calendar(*, membership: Membership, year: int, month: int) -> CalendarMonth:
    """A month grid (weeks from Monday) with, on each day, the items whose window covers it; drafts and
    items in review show where they are planned, archived items are left out."""
    first = date(year, month, 1)
    weeks_dates = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    grid_start, grid_end = weeks_dates[0][0], weeks_dates[-1][-1]
    zone = timezone.get_current_timezone()
    start = datetime.combine(grid_start, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(grid_end + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    items = (
        content_list(membership=membership)
        .exclude(status=ContentItem.Status.ARCHIVED)
        .filter(publish_from__lt=end)
        .filter(Q(publish_until__isnull=True) | Q(publish_until__gt=start))
        .order_by("publish_from", "pk")
    )
    by_day: dict[date, list[ContentItem]] = defaultdict(list)
    for item in items:
        first_day = max(timezone.localtime(item.publish_from, zone).date(), grid_start)
        if item.publish_until is None:
            last_day = grid_end
        else:
            # A window ending at midnight does not cover the day that starts then.
            last_day = min(
                (timezone.localtime(item.publish_until, zone) - timedelta(microseconds=1)).date(), grid_end
            )
        day = first_day
        while day <= last_day:
            by_day[day].append(item)
            day += timedelta(days=1)
    weeks = [
        [CalendarDay(day, day.month == month, by_day.get(day, [])) for day in week] for week in weeks_dates
    ]
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return CalendarMonth(first=first, weeks=weeks, previous=previous, next=following)


# --- for ambassadors -----------------------------------------------------------------------------


def ambassador_for_membership(membership: Membership | None) -> Ambassador | None:
    """The member's ambassador record when they are enrolled; None otherwise (not joined, withdrawn,
    left, or an account without a person record)."""
    if membership is None or membership.person_id is None:
        return None
    ambassador = (
        Ambassador.objects.select_related("person", "person__department", "organisation")
        .filter(person_id=membership.person_id, organisation_id=membership.organisation_id)
        .first()
    )
    if ambassador is None or not ambassador.is_enrolled or not ambassador.person.is_active:
        return None
    return ambassador


def ambassador_status(membership: Membership | None) -> str:
    """ "" when the member never joined, else the ambassador's status (invited, enrolled...)."""
    if membership is None or membership.person_id is None:
        return ""
    status = (
        Ambassador.objects.filter(person_id=membership.person_id).values_list("status", flat=True).first()
    )
    return status or ""


def _published_now(organisation_id: int, now: datetime) -> QuerySet[ContentItem]:
    open_offer = Q(job__status=JobOffer.Status.PUBLISHED) & (
        Q(job__closes_on__isnull=True) | Q(job__closes_on__gte=timezone.localdate(now))
    )
    return (
        ContentItem.objects.filter(organisation_id=organisation_id, status=ContentItem.Status.PUBLISHED)
        .filter(publish_from__lte=now)
        .filter(Q(publish_until__isnull=True) | Q(publish_until__gt=now))
        # A job item disappears when its offer closes: its link could no longer be created.
        .filter(Q(job__isnull=True) | open_offer)
    )


def _ids(value: int | None) -> list[int]:
    return [] if value is None else [value]


def _targeted(items: QuerySet[ContentItem], ambassador: Ambassador) -> QuerySet[ContentItem]:
    person = ambassador.person
    entities = ContentItem.entities.through.objects.filter(contentitem_id=OuterRef("pk"))
    departments = ContentItem.departments.through.objects.filter(contentitem_id=OuterRef("pk"))
    audiences = ContentItem.audiences.through.objects.filter(contentitem_id=OuterRef("pk"))
    ancestors: list[int] = []
    if person.department_id and person.department is not None:
        ancestors = [int(part) for part in person.department.path.strip("/").split("/") if part]
    return (
        items.filter(~Exists(entities) | Exists(entities.filter(entity_id__in=_ids(person.entity_id))))
        .filter(~Exists(departments) | Exists(departments.filter(department_id__in=ancestors)))
        .filter(~Exists(audiences) | Exists(audiences.filter(audience_id__in=_ids(person.audience_id))))
    )


def _for_expertise(items: Iterable[ContentItem], ambassador: Ambassador) -> list[ContentItem]:
    return [
        item for item in items if not item.expertise_levels or ambassador.expertise in item.expertise_levels
    ]


def _hub_queryset(
    ambassador: Ambassador, *, now: datetime, kind: str = "", not_shared: bool = False
) -> QuerySet[ContentItem]:
    items = _targeted(_published_now(ambassador.organisation_id, now), ambassador)
    if kind:
        items = items.filter(kind=kind)
    if not_shared:
        items = items.exclude(Exists(Share.objects.filter(item_id=OuterRef("pk"), ambassador=ambassador)))
    texts = SuggestedText.objects.order_by("network", "language", "variant")
    return items.select_related("job", "job__entity").prefetch_related(
        "job__translations", Prefetch("texts", queryset=texts)
    )


def hub_items(
    *,
    ambassador: Ambassador,
    kind: str = "",
    not_shared: bool = False,
    now: datetime | None = None,
    published_after: datetime | None = None,
) -> list[ContentItem]:
    """The items for this ambassador now, newest first."""
    items = _hub_queryset(ambassador, now=now or timezone.now(), kind=kind, not_shared=not_shared)
    if published_after is not None:
        # New since then: published after it, or approved earlier and scheduled to start after it.
        items = items.filter(Q(published_at__gt=published_after) | Q(publish_from__gt=published_after))
    return _for_expertise(items.order_by("-publish_from", "-pk"), ambassador)


def hub_item_get_for_user(*, ambassador: Ambassador, pk: int | str) -> ContentItem:
    """One item of the ambassador's hub; anything else (not for them, not published now) is a 404."""
    items = _for_expertise(_hub_queryset(ambassador, now=timezone.now()).filter(pk=pk), ambassador)
    if not items:
        raise Http404
    return items[0]


def hub_item_exists_in_organisation(*, membership: Membership, pk: int | str) -> bool:
    """Whether `pk` is a published item of the member's organisation (foreign ids must 404)."""
    return _published_now(membership.organisation_id, timezone.now()).filter(pk=pk).exists()


def shared_networks(*, ambassador: Ambassador, item_ids: Iterable[int]) -> dict[int, set[str]]:
    """For each item, the networks this ambassador already shared it to."""
    shared: dict[int, set[str]] = defaultdict(set)
    rows = Share.objects.filter(ambassador=ambassador, item_id__in=list(item_ids)).values_list(
        "item_id", "network"
    )
    for item_id, network in rows:
        shared[item_id].add(network)
    return shared


def ambassador_mastodon_instance(*, ambassador: Ambassador) -> str:
    """The instance of the ambassador's Mastodon account (user@instance), "" when they recorded none."""
    handle = (
        SocialAccount.objects.filter(ambassador=ambassador, network=Network.MASTODON)
        .values_list("handle", flat=True)
        .first()
    )
    return mastodon_instance(handle or "")


@dataclass
class NetworkChoice:
    """What the hub offers for one network of one item: the variants, the one chosen by default."""

    network: str
    label: str
    variants: list[SuggestedText]
    default: SuggestedText | None
    shared: bool


def texts_for(item: ContentItem, network: str, language: str) -> list[SuggestedText]:
    """The item's texts for a network in the reader's language, else in any language."""
    texts = [text for text in item.texts.all() if text.network == network]
    own_language = [text for text in texts if text.language == language]
    return own_language or texts


def network_choices(
    *, item: ContentItem, ambassador: Ambassador, language: str, shared: set[str]
) -> list[NetworkChoice]:
    choices = []
    for network in SHARE_NETWORKS:
        variants = texts_for(item, network, language)
        default = default_variant(variants, ambassador_id=ambassador.pk, item_id=item.pk)
        choices.append(
            NetworkChoice(
                network=network,
                label=Network(network).label,
                variants=variants,
                default=default,
                shared=network in shared,
            )
        )
    return choices
