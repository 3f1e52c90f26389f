"""Reads of introductions for the people who made them, and the few that recruiters and HR admins get.

An introducer sees the status of their introductions (rules.introducer_status), the offer, the dates,
whether they are credited and under which rule, and the name they typed themselves; nothing of the
candidate's application (no CV, no notes, no answers). For an application through their tracked link
they typed nothing, and see no name at all. Recruiters and HR admins list confirmed introductions;
of the pending ones they get a count, never the contact's name or address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from ambassade.careers.models import JobOffer
from ambassade.careers.selectors import offer_text
from ambassade.orgs.models import Entity, Membership, Organisation, Person
from ambassade.orgs.roles import Role
from ambassade.referrals.introductions import introduction_message_to_copy
from ambassade.referrals.models import Introduction, ReferralSettings
from ambassade.referrals.rules import introducer_status, introducer_status_label, referral_settings_get

# Who sees the organisation's confirmed introductions (the pipeline's people).
STAFF_ROLES = frozenset({Role.HR_ADMIN, Role.RECRUITER})


def introduction_list_mine(*, person: Person | None) -> QuerySet[Introduction]:
    """The introductions this person made, newest first (none for an account without an HR record)."""
    if person is None:
        return Introduction.objects.none()
    return (
        Introduction.objects.filter(introducer=person)
        .select_related("offer", "entity", "organisation", "application")
        .prefetch_related("offer__translations")
        .order_by("-created_at", "-pk")
    )


def introduction_get_for_introducer(*, person: Person | None, pk: object) -> Introduction:
    """One of this person's introductions; anything else (someone else's, another organisation's, an
    unknown id) is a 404."""
    queryset: QuerySet[Any] = introduction_list_mine(person=person)
    try:
        found: Introduction = queryset.get(pk=pk)
        return found
    except (Introduction.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def introduction_unseen_count(*, person: Person | None) -> int:
    """Introductions whose status changed since their introducer last looked (the in-app marker)."""
    if person is None:
        return 0
    return _unseen(Introduction.objects.filter(introducer=person)).count()


def _unseen(introductions: QuerySet[Introduction]) -> QuerySet[Introduction]:
    return introductions.filter(status_changed_at__isnull=False).filter(
        Q(introducer_seen_at__isnull=True) | Q(status_changed_at__gt=F("introducer_seen_at"))
    )


def introductions_mark_seen(*, person: Person | None, now: datetime | None = None) -> int:
    if person is None:
        return 0
    return _unseen(Introduction.objects.filter(introducer=person)).update(
        introducer_seen_at=now or timezone.now()
    )


@dataclass(frozen=True)
class IntroducerRow:
    """One introduction as its introducer sees it."""

    introduction: Introduction
    contact: str  # the name they typed; for an application through their link, a description instead
    status: str  # rules.introducer_status
    status_label: Promise
    offer_title: str
    is_new: bool
    credited: bool
    credit_rule: str
    message_to_copy: str  # for a pending introduction known by a profile address only


def _is_new(introduction: Introduction) -> bool:
    seen = introduction.introducer_seen_at
    changed = introduction.status_changed_at
    return seen is None or (changed is not None and changed > seen)


def credit_rule_text(settings_: ReferralSettings) -> str:
    return _("When two colleagues introduce the same person, the one credited is: %(rule)s.") % {
        "rule": str(settings_.get_credit_rule_display()).lower()
    }


def introducer_row(introduction: Introduction, *, language: str) -> IntroducerRow:
    settings_ = referral_settings_get(organisation=introduction.organisation)
    pending_by_profile = (
        introduction.status == Introduction.Status.PENDING
        and not introduction.contact_email
        and bool(introduction.contact_profile_url)
    )
    if introduction.via == Introduction.Via.LINK:
        contact = _("A candidate who applied through your link")
    elif introduction.erased_at is not None:
        contact = _("(erased)")
    else:
        contact = introduction.contact_name
    return IntroducerRow(
        introduction=introduction,
        contact=contact,
        status=introducer_status(introduction),
        status_label=introducer_status_label(introduction),
        offer_title=offer_text(introduction.offer, language).title if introduction.offer else "",
        is_new=_is_new(introduction),
        credited=introduction.credited,
        credit_rule=credit_rule_text(settings_),
        message_to_copy=introduction_message_to_copy(introduction=introduction) if pending_by_profile else "",
    )


def introducer_rows(
    *, introductions: QuerySet[Introduction] | list[Introduction], language: str
) -> list[IntroducerRow]:
    return [introducer_row(introduction, language=language) for introduction in introductions]


# --- what the introduction form offers -------------------------------------------------------------


def open_offers(*, organisation: Organisation, language: str) -> list[tuple[JobOffer, str]]:
    """The organisation's open offers with their title in `language`, by title."""
    offers = (
        JobOffer.objects.filter(organisation=organisation, status=JobOffer.Status.PUBLISHED)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=timezone.localdate()))
        .select_related("entity")
        .prefetch_related("translations")
    )
    titled = [(offer, offer_text(offer, language).title) for offer in offers if offer.is_open]
    return sorted(titled, key=lambda item: (item[1].lower(), item[0].reference))


def career_sites(*, organisation: Organisation) -> QuerySet[Entity]:
    return Entity.objects.filter(organisation=organisation, is_active=True).order_by("name", "pk")


# --- recruiters and HR admins ----------------------------------------------------------------------


def introduction_list_confirmed(*, membership: Membership) -> QuerySet[Introduction]:
    """The organisation's confirmed introductions, for recruiters and HR admins (none for others)."""
    if membership.role not in STAFF_ROLES:
        return Introduction.objects.none()
    return (
        Introduction.objects.filter(
            organisation=membership.organisation, status=Introduction.Status.CONFIRMED
        )
        .select_related("offer", "entity", "introducer", "application")
        .order_by("-responded_at", "-pk")
    )


def introduction_pending_count(*, membership: Membership) -> int | None:
    """How many introductions wait for their contact's answer: a count only (None for other roles)."""
    if membership.role not in STAFF_ROLES:
        return None
    return Introduction.objects.filter(
        organisation=membership.organisation, status=Introduction.Status.PENDING
    ).count()
