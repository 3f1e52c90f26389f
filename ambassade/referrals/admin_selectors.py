"""Reads of the referral programme's management screens: recruiters and HR admins of the organisation.

Recruiters see what careers' application selectors let them see: confirmed introductions lead to
applications they may open. A pending introduction is only a number per offer: no contact data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from ambassade.careers.application_selectors import APPLICATION_ROLES, application_list, offer_title
from ambassade.careers.models import Application
from ambassade.orgs.models import Membership
from ambassade.orgs.roles import Role
from ambassade.referrals.models import Introduction, PayrollBonus, PointsHold

Status = Introduction.Status
DASHBOARD_ROLES = APPLICATION_ROLES


def _get_or_404(queryset: QuerySet[Any], pk: object) -> Any:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


@dataclass(frozen=True)
class PendingRow:
    offer_id: int | None
    title: str  # the offer's title, or "" for spontaneous introductions
    reference: str
    count: int


@dataclass(frozen=True)
class Dashboard:
    by_status: list[tuple[str, str, int]]  # (status, label, count), every status
    by_stage: list[tuple[str, str, int]]  # confirmed introductions by the application's stage
    pending: list[PendingRow]
    confirmed: QuerySet[Introduction]


def confirmed_introduction_list(*, membership: Membership) -> QuerySet[Introduction]:
    """Confirmed introductions whose application the member may open (careers' scope)."""
    if membership.role not in DASHBOARD_ROLES:
        return Introduction.objects.none()
    applications = application_list(membership=membership)
    return (
        Introduction.objects.filter(
            organisation=membership.organisation,
            status=Status.CONFIRMED,
            application__in=applications.values("pk"),
        )
        .select_related("introducer", "application", "offer", "thanked_by")
        .prefetch_related("offer__translations")
        .order_by("-responded_at", "-pk")
    )


def introduction_get_for_thanks(*, membership: Membership, pk: object) -> Introduction:
    return _get_or_404(confirmed_introduction_list(membership=membership), pk)


def referral_dashboard(*, membership: Membership, language: str) -> Dashboard:
    introductions = Introduction.objects.filter(organisation=membership.organisation)
    if membership.role not in DASHBOARD_ROLES:
        introductions = introductions.none()
    counts = dict(introductions.order_by().values_list("status").annotate(n=Count("id")))
    by_status = [(status, str(label), counts.get(status, 0)) for status, label in Status.choices]
    stages = dict(
        introductions.filter(status=Status.CONFIRMED, application__isnull=False)
        .order_by()
        .values_list("application__stage")
        .annotate(n=Count("id"))
    )
    by_stage = [(stage, str(label), stages.get(stage, 0)) for stage, label in Application.Stage.choices]
    pending_counts = (
        introductions.filter(status=Status.PENDING).order_by().values("offer_id").annotate(n=Count("id"))
    )
    offers = {
        offer.pk: offer
        for offer in membership.organisation.job_offers.filter(
            pk__in=[row["offer_id"] for row in pending_counts if row["offer_id"]]
        ).prefetch_related("translations")
    }
    pending = []
    for row in pending_counts:
        offer = offers.get(row["offer_id"]) if row["offer_id"] else None
        pending.append(
            PendingRow(
                offer_id=row["offer_id"],
                title=offer_title(offer, language) if offer is not None else "",
                reference=offer.reference if offer is not None else "",
                count=row["n"],
            )
        )
    pending.sort(key=lambda row: (-row.count, row.title))
    return Dashboard(
        by_status=by_status,
        by_stage=by_stage,
        pending=pending,
        confirmed=confirmed_introduction_list(membership=membership),
    )


def points_hold_list(*, membership: Membership, status: str = "") -> QuerySet[PointsHold]:
    holds = PointsHold.objects.filter(organisation=membership.organisation).select_related(
        "ambassador__person", "introduction", "introduction__offer", "decided_by"
    )
    if membership.role != Role.HR_ADMIN:
        return holds.none()
    if status:
        holds = holds.filter(status=status)
    return holds.order_by("-created_at", "-pk")


def points_hold_get_for_user(*, membership: Membership, pk: object) -> PointsHold:
    return _get_or_404(points_hold_list(membership=membership), pk)


def payroll_bonus_list(*, membership: Membership) -> QuerySet[PayrollBonus]:
    bonuses = PayrollBonus.objects.filter(organisation=membership.organisation).select_related(
        "person", "introduction", "introduction__offer", "introduction__application"
    )
    if membership.role != Role.HR_ADMIN:
        return bonuses.none()
    return bonuses.prefetch_related("introduction__offer__translations").order_by("-created_at", "-pk")
