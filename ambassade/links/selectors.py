"""Reads, scoped by the reader's membership; figures come from the rollups only, never from raw clicks.

The programme's admins (HR admins, comms) see every link of the organisation and the per-ambassador
figures; any other member sees only the links of which they are the ambassador.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, IntegerField, Q, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils import timezone

from ambassade.careers.applications import DIRECT
from ambassade.careers.models import Application, JobOffer
from ambassade.links.models import (
    AmbassadorCounter,
    Campaign,
    Channel,
    Click,
    LinkDailyRollup,
    TrackedLink,
)
from ambassade.orgs.models import Entity, Membership, Organisation, Person
from ambassade.orgs.roles import Role

LINK_ADMIN_ROLES = frozenset({Role.HR_ADMIN, Role.COMMS})
DROP_REASONS = [reason for reason in Click.Reason.values if reason]
PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30


def _get_or_404(queryset: QuerySet[Any], pk: object) -> Any:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def is_link_admin(membership: Membership) -> bool:
    return membership.role in LINK_ADMIN_ROLES


def link_list(*, membership: Membership) -> QuerySet[TrackedLink]:
    links = TrackedLink.objects.filter(organisation=membership.organisation).select_related(
        "ambassador", "campaign", "job", "job__entity", "entity", "organisation"
    )
    if is_link_admin(membership):
        return links
    return links.filter(ambassador_id=membership.person_id) if membership.person_id else links.none()


def link_get_for_user(*, membership: Membership, pk: object) -> TrackedLink:
    return _get_or_404(link_list(membership=membership), pk)


def campaign_list(*, membership: Membership) -> QuerySet[Campaign]:
    return Campaign.objects.filter(organisation=membership.organisation)


def campaign_get_for_user(*, membership: Membership, pk: object) -> Campaign:
    return _get_or_404(campaign_list(membership=membership), pk)


def linkable_offers(*, organisation: Organisation) -> QuerySet[JobOffer]:
    """Open job offers: published, and not past their closing date."""
    today = timezone.localdate()
    return (
        JobOffer.objects.filter(organisation=organisation, status=JobOffer.Status.PUBLISHED)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .select_related("entity")
        .prefetch_related("translations")
        .order_by("entity__name", "reference")
    )


def linkable_entities(*, organisation: Organisation) -> QuerySet[Entity]:
    return Entity.objects.filter(organisation=organisation, is_active=True).order_by("name")


def ambassador_candidates(*, organisation: Organisation) -> QuerySet[Person]:
    return Person.objects.filter(organisation=organisation, is_active=True).select_related("department")


def ambassador_search(*, membership: Membership, query: str, limit: int = 20) -> list[Person]:
    if not is_link_admin(membership):
        return []
    people = ambassador_candidates(organisation=membership.organisation)
    words = query.split()
    if not words:
        return []
    for word in words[:5]:
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return list(people.order_by("last_name", "first_name")[:limit])


# --- figures ------------------------------------------------------------------------------------


@dataclass
class LinkFigures:
    human_clicks: int = 0
    drops: dict[str, int] = field(default_factory=dict)

    @property
    def dropped(self) -> int:
        return sum(self.drops.values())


def _drop_sums() -> dict[str, Any]:
    """SUM of each reason's count in the rollups' `drops` JSON, as columns."""
    return {
        f"drop_{reason}": Coalesce(Sum(Cast(KT(f"drops__{reason}"), IntegerField())), 0)
        for reason in DROP_REASONS
    }


def _drops_of(row: dict[str, Any]) -> dict[str, int]:
    return {reason: row[f"drop_{reason}"] for reason in DROP_REASONS if row[f"drop_{reason}"]}


def link_figures(*, link_ids: list[int]) -> dict[int, LinkFigures]:
    """Human clicks and drops by reason of each link, over its whole life."""
    rows = (
        LinkDailyRollup.objects.filter(link_id__in=link_ids)
        .values("link_id")
        .annotate(human=Coalesce(Sum("human_clicks"), 0), **_drop_sums())
        .order_by()
    )
    figures = {link_id: LinkFigures() for link_id in link_ids}
    for row in rows:
        figures[row["link_id"]] = LinkFigures(human_clicks=row["human"], drops=_drops_of(row))
    return figures


def links_with_figures(links: list[TrackedLink]) -> list[TrackedLink]:
    """Attach `figures` to each link (one query for all)."""
    figures = link_figures(link_ids=[link.pk for link in links])
    for link in links:
        link.figures = figures[link.pk]  # type: ignore[attr-defined]
    return links


# --- the dashboard --------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    human_clicks: int = 0
    drops: dict[str, int] = field(default_factory=dict)
    applications: int = 0
    hires: int = 0
    total_clicks: int | None = None  # all time, for ambassadors

    @property
    def dropped(self) -> int:
        return sum(self.drops.values())


@dataclass
class Dashboard:
    start: date
    end: date
    days: list[date]
    human_by_day: list[int]
    dropped_by_day: list[int]
    totals: Row
    by_channel: list[Row]
    by_campaign: list[Row]
    by_ambassador: list[Row]
    funnel_by_channel: list[Row]
    funnel_by_campaign: list[Row]


def dashboard_get(*, membership: Membership, days: int, today: date | None = None) -> Dashboard:
    """The organisation's clicks over the last `days` days (today included), for the programme's admins."""
    if not is_link_admin(membership):
        raise Http404
    end = today or timezone.localdate()
    start = end - timedelta(days=days - 1)
    organisation = membership.organisation
    rollups = LinkDailyRollup.objects.filter(organisation=organisation, day__gte=start, day__lte=end)
    sums = {"human": Coalesce(Sum("human_clicks"), 0), **_drop_sums()}

    by_day = {row["day"]: row for row in rollups.values("day").annotate(**sums).order_by()}
    calendar = [start + timedelta(days=n) for n in range(days)]
    human_by_day = [by_day[day]["human"] if day in by_day else 0 for day in calendar]
    dropped_by_day = [sum(_drops_of(by_day[day]).values()) if day in by_day else 0 for day in calendar]
    total = rollups.aggregate(**sums)

    channel_labels = dict(Channel.choices)
    by_channel = [
        Row(label=str(channel_labels.get(row["channel"], row["channel"])), human_clicks=row["human"],
            drops=_drops_of(row))
        for row in rollups.values("channel").annotate(**sums).order_by("-human", "channel")
    ]  # fmt: skip
    by_campaign = [
        Row(label=row["campaign__name"] or "", human_clicks=row["human"], drops=_drops_of(row))
        for row in rollups.values("campaign__name").annotate(**sums).order_by("-human", "campaign__name")
    ]
    return Dashboard(
        start=start,
        end=end,
        days=calendar,
        human_by_day=human_by_day,
        dropped_by_day=dropped_by_day,
        totals=Row(label="", human_clicks=total["human"], drops=_drops_of(total)),
        by_channel=by_channel,
        by_campaign=by_campaign,
        by_ambassador=_by_ambassador(rollups),
        funnel_by_channel=_funnel_by_channel(organisation, rollups, start, end),
        funnel_by_campaign=_funnel_by_campaign(organisation, rollups, start, end),
    )


def _by_ambassador(rollups: QuerySet[LinkDailyRollup], limit: int = 50) -> list[Row]:
    """Per-ambassador figures: for the programme's admins only (never shown to managers)."""
    rows: list[dict[str, Any]] = list(
        rollups.filter(link__ambassador__isnull=False)
        .values("link__ambassador_id", "link__ambassador__first_name", "link__ambassador__last_name")
        .annotate(human=Coalesce(Sum("human_clicks"), 0))
        .order_by("-human", "link__ambassador__last_name")[:limit]
    )
    counters = AmbassadorCounter.objects.filter(ambassador_id__in=[r["link__ambassador_id"] for r in rows])
    totals = dict(counters.values_list("ambassador_id", "human_clicks"))
    return [
        Row(
            label=f"{row['link__ambassador__first_name']} {row['link__ambassador__last_name']}".strip(),
            human_clicks=row["human"],
            total_clicks=totals.get(row["link__ambassador_id"], 0),
        )
        for row in rows
    ]


def _applications(organisation: Organisation, start: date, end: date) -> QuerySet[Application]:
    return Application.objects.filter(
        organisation=organisation, created_at__date__gte=start, created_at__date__lte=end
    )


def _funnel_by_channel(
    organisation: Organisation, rollups: QuerySet[LinkDailyRollup], start: date, end: date
) -> list[Row]:
    labels = dict(Channel.choices)
    clicks = dict(rollups.values("channel").annotate(n=Sum("human_clicks")).values_list("channel", "n"))
    applications: dict[str, dict[str, Any]] = {}
    for row in (
        _applications(organisation, start, end)
        .values("source_channel")
        .annotate(n=Count("id"), hired=Count("id", filter=Q(stage=Application.Stage.HIRED)))
        .order_by()
    ):
        # Applications without a (valid) tracked link: "direct" for the career sites, "" if unknown.
        key = "" if row["source_channel"] in ("", DIRECT) else row["source_channel"]
        found = applications.setdefault(key, {"n": 0, "hired": 0})
        found["n"] += row["n"]
        found["hired"] += row["hired"]
    return _funnel_rows(clicks, applications, lambda key: str(labels.get(key, key)) if key else "")


def _funnel_by_campaign(
    organisation: Organisation, rollups: QuerySet[LinkDailyRollup], start: date, end: date
) -> list[Row]:
    per_campaign = rollups.values("campaign__name").annotate(n=Sum("human_clicks"))
    clicks = dict(per_campaign.values_list("campaign__name", "n"))
    applications = {
        row["source_link__campaign__name"]: row
        for row in _applications(organisation, start, end)
        .filter(source_link__isnull=False)
        .values("source_link__campaign__name")
        .annotate(n=Count("id"), hired=Count("id", filter=Q(stage=Application.Stage.HIRED)))
        .order_by()
    }
    return _funnel_rows(clicks, applications, lambda key: key or "")


def _funnel_rows(clicks: dict[Any, int], applications: dict[Any, dict[str, Any]], label: Any) -> list[Row]:
    """One row per source with clicks or applications; the empty source ("" or None) last."""
    keys = set(clicks) | set(applications)
    rows = []
    for key in keys:
        found = applications.get(key, {})
        rows.append(
            Row(
                label=label(key),
                human_clicks=clicks.get(key) or 0,
                applications=found.get("n", 0),
                hires=found.get("hired", 0),
            )
        )
    rows.sort(key=lambda row: (row.label == "", -row.human_clicks, -row.applications, row.label))
    return rows
