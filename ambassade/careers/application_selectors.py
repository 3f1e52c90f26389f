"""Reads of applications: recruiters and HR admins of the organisation only; anything else is a 404."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ambassade.careers.models import Application, JobOffer
from ambassade.links.models import Channel
from ambassade.orgs.models import Membership
from ambassade.orgs.roles import Role

# Who works on applications: candidates' data is for the people who recruit.
APPLICATION_ROLES = frozenset({Role.HR_ADMIN, Role.RECRUITER})
STAGES = [stage for stage, _label in Application.Stage.choices]
# The `offer` filter's value for applications to no offer in particular.
SPONTANEOUS = "none"


def _get_or_404(queryset: QuerySet[Any], pk: object) -> Any:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


@dataclass(frozen=True)
class ApplicationFilters:
    offer_id: int | None = None
    spontaneous: bool = False  # only applications to no offer
    stage: str = ""
    channel: str = ""


def application_list(
    *, membership: Membership, filters: ApplicationFilters | None = None
) -> QuerySet[Application]:
    """The organisation's applications that still hold a candidate (erased ones only count in figures)."""
    applications = Application.objects.filter(
        organisation=membership.organisation, erased_at__isnull=True
    ).select_related(
        "offer",
        "entity",
        "source_link",
        "source_link__campaign",
        "source_link__ambassador",
        "introduction__introducer",  # the referral programme marks introduced candidates
    )
    if membership.role not in APPLICATION_ROLES:
        return applications.none()
    if filters is None:
        return applications
    if filters.spontaneous:
        applications = applications.filter(offer__isnull=True)
    elif filters.offer_id is not None:
        applications = applications.filter(offer_id=filters.offer_id)
    if filters.stage:
        applications = applications.filter(stage=filters.stage)
    if filters.channel:
        applications = applications.filter(source_channel=filters.channel)
    return applications


def application_get_for_user(*, membership: Membership, pk: object) -> Application:
    return _get_or_404(application_list(membership=membership), pk)


def application_offer_list(*, membership: Membership) -> QuerySet[JobOffer]:
    """The offers whose pipeline the member may open."""
    offers = JobOffer.objects.filter(organisation=membership.organisation).prefetch_related("translations")
    return offers if membership.role in APPLICATION_ROLES else offers.none()


def application_offer_get_for_user(*, membership: Membership, pk: object) -> JobOffer:
    return _get_or_404(application_offer_list(membership=membership), pk)


def application_channels(*, membership: Membership) -> list[str]:
    """The channels applications of the organisation came from, for the filter."""
    return sorted(
        set(
            application_list(membership=membership)
            .exclude(source_channel="")
            .values_list("source_channel", flat=True)
            .distinct()
        )
    )


def application_counts_by_offer(offers: Iterable[JobOffer | int]) -> dict[int, dict[str, int]]:
    """Applications per offer and stage, in one query: {offer_id: {stage: count}}, every stage present.

    Erased applications count: they happened, and the funnel figures must not shrink with retention.
    """
    offer_ids = [offer if isinstance(offer, int) else offer.pk for offer in offers]
    counts: dict[int, dict[str, int]] = {offer_id: dict.fromkeys(STAGES, 0) for offer_id in offer_ids}
    rows = (
        Application.objects.filter(offer_id__in=offer_ids)
        .values_list("offer_id", "stage")
        .annotate(n=Count("id"))
        .order_by()
    )
    for offer_id, stage, number in rows:
        counts[offer_id][stage] = number
    return counts


def application_board(*, applications: QuerySet[Application]) -> list[tuple[str, str, list[Application]]]:
    """Applications grouped by stage, in pipeline order: [(stage, label, applications)]."""
    grouped: dict[str, list[Application]] = {stage: [] for stage in STAGES}
    for application in applications.order_by("stage_changed_at", "pk"):
        grouped[application.stage].append(application)
    labels = dict(Application.Stage.choices)
    return [(stage, str(labels[stage]), grouped[stage]) for stage in STAGES]


def offer_title(offer: JobOffer, language: str) -> str:
    """The offer's title in `language` when written, else in its first language, else its reference."""
    translations = list(offer.translations.all())
    for translation in translations:
        if translation.language == language:
            return translation.title
    return translations[0].title if translations else offer.reference


def channel_label(channel: str) -> str:
    """A source channel in words; "direct" for applications that came without a tracked link."""
    if channel == "direct":
        return _("Direct")
    if channel == "introduction":  # the contact confirmed an employee's introduction (ambassade.referrals)
        return _("Introduction")
    labels: dict[str, Any] = dict(Channel.choices)
    return str(labels.get(channel, channel))
