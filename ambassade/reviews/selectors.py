"""Reads of the reviews app, scoped to the member's organisation (another's review is a 404)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from ambassade.orgs.models import Membership
from ambassade.orgs.roles import Role
from ambassade.reviews.models import ReviewReport

REVIEW_ROLES = frozenset({Role.HR_ADMIN, Role.COMMS})


def review_list(*, membership: Membership) -> QuerySet[ReviewReport]:
    return ReviewReport.objects.filter(organisation=membership.organisation).select_related(
        "entity", "created_by"
    )


def review_get(*, membership: Membership, pk: int | str) -> ReviewReport:
    try:
        return review_list(membership=membership).get(pk=pk)
    except (ReviewReport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
