"""Reads of the rewards catalogue, scoped to the reader's organisation and role.

Everyone in the organisation sees the active catalogue. A member sees only their own requests; HR
admins see every request of the organisation and every item, archived ones too. An object of another
organisation, or another person's request, is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from ambassade.ambassadors.ledger import points_spendable
from ambassade.ambassadors.models import Ambassador
from ambassade.ambassadors.recognition import LevelProgress, level_progress, points_lifetime
from ambassade.orgs.models import Membership, Person
from ambassade.orgs.roles import Role
from ambassade.rewards.models import RewardItem, RewardRequest


def is_rewards_admin(membership: Membership) -> bool:
    return membership.role == Role.HR_ADMIN


def _get_or_404(queryset: QuerySet[Any], pk: object) -> Any:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


# --- items ----------------------------------------------------------------------------------------


def reward_catalogue(*, membership: Membership) -> QuerySet[RewardItem]:
    """The items shown in the catalogue: active ones, cheapest first."""
    return RewardItem.objects.filter(organisation=membership.organisation, active=True).order_by(
        "cost", "name", "pk"
    )


def reward_item_list(*, membership: Membership) -> QuerySet[RewardItem]:
    """Every item of the organisation (HR admins), active ones first."""
    return (
        RewardItem.objects.filter(organisation=membership.organisation)
        .select_related("handed_out_by")
        .order_by("-active", "cost", "name", "pk")
    )


def reward_item_get_for_user(*, membership: Membership, pk: object) -> RewardItem:
    """An item of the reader's organisation: any item for HR admins, an active one for others."""
    items = (
        reward_item_list(membership=membership)
        if is_rewards_admin(membership)
        else reward_catalogue(membership=membership)
    )
    return _get_or_404(items, pk)


def handed_out_by_choices(*, membership: Membership, keep: int | None = None) -> QuerySet[Person]:
    """People of the organisation still with it (and `keep`, the item's current one, whoever it is)."""
    shown = Q(is_active=True) | Q(pk=keep) if keep is not None else Q(is_active=True)
    return Person.objects.filter(shown, organisation=membership.organisation).order_by(
        "last_name", "first_name", "pk"
    )


# --- requests -------------------------------------------------------------------------------------


def _requests() -> QuerySet[RewardRequest]:
    return RewardRequest.objects.select_related(
        "item", "ambassador", "ambassador__person", "decided_by"
    ).order_by("-created_at", "-pk")


def reward_request_mine(*, membership: Membership) -> QuerySet[RewardRequest]:
    """The reader's own requests, whatever their role."""
    if membership.person_id is None:
        return RewardRequest.objects.none()
    return _requests().filter(
        organisation=membership.organisation, ambassador__person_id=membership.person_id
    )


def reward_request_list(*, membership: Membership, status: str = "") -> QuerySet[RewardRequest]:
    """HR admins: every request of the organisation; anyone else: their own."""
    if is_rewards_admin(membership):
        requests = _requests().filter(organisation=membership.organisation)
    else:
        requests = reward_request_mine(membership=membership)
    if status:
        requests = requests.filter(status=status)
    return requests


def reward_request_get_for_user(*, membership: Membership, pk: object) -> RewardRequest:
    """A request HR admins decide on: any of the organisation's."""
    if not is_rewards_admin(membership):
        raise Http404
    return _get_or_404(_requests().filter(organisation=membership.organisation), pk)


def reward_request_get_own(*, membership: Membership, pk: object) -> RewardRequest:
    """One of the reader's own requests (to cancel it); anyone else's is a 404, even for HR admins."""
    return _get_or_404(reward_request_mine(membership=membership), pk)


def reward_request_counts(*, membership: Membership) -> dict[str, int]:
    """How many requests of the organisation are in each status (HR admins' filter)."""
    counts = dict.fromkeys(RewardRequest.Status.values, 0)
    rows = (
        RewardRequest.objects.filter(organisation=membership.organisation)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


# --- the reader's points --------------------------------------------------------------------------


def my_ambassador(*, membership: Membership) -> Ambassador | None:
    """The reader's ambassador record, whatever its status, or None."""
    if membership.person_id is None:
        return None
    return (
        Ambassador.objects.filter(organisation=membership.organisation, person_id=membership.person_id)
        .select_related("person", "organisation")
        .first()
    )


@dataclass(frozen=True)
class Points:
    spendable: int  # the balance: what can be spent in the catalogue
    lifetime: int  # earned (spending and refunds left out): levels follow it
    progress: LevelProgress


def points_of(*, ambassador: Ambassador | None, membership: Membership) -> Points:
    if ambassador is None:
        return Points(0, 0, level_progress(organisation=membership.organisation, points=0))
    lifetime = points_lifetime(ambassador=ambassador)
    return Points(
        spendable=points_spendable(ambassador=ambassador),
        lifetime=lifetime,
        progress=level_progress(organisation=ambassador.organisation, points=lifetime),
    )
