"""The introductions API (/api/v1/introductions/), registered in ambassade/api/api.py.

`POST`: any member with an HR record introduces a contact, as from the web form (same rules, same
messages). `GET`: an employee (and any member with `?mine=true`) lists their own introductions, as they
see them on their page; recruiters and HR admins list the organisation's confirmed introductions, and
of the pending ones get only a count (`pending`): never a pending contact's name or address.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from ambassade.api.auth import request_membership
from ambassade.api.errors import invalid_parameter
from ambassade.api.pagination import ApiPagination
from ambassade.api.schemas import Id, Language, Text, WriteInput
from ambassade.careers.models import JobOffer
from ambassade.orgs.models import Entity, Membership, Person
from ambassade.referrals import introductions as services
from ambassade.referrals import selectors
from ambassade.referrals.models import Introduction
from ambassade.referrals.rules import introducer_status, introducer_status_label

router = Router(tags=["referral"])

RelationshipName = Literal["former_colleague", "studies", "network", "personal", "other"]
IntroducerStatus = Literal[
    "pending", "confirmed", "in_process", "hired", "not_retained", "declined", "expired", "already_candidate"
]


class IntroductionIn(WriteInput):
    offer: Id | None = Field(None, description="An open job offer; null: the organisation in general.")
    entity: Id | None = Field(
        None, description="Without an offer: the career site; by default the introducer's own entity."
    )
    contact_name: Text = Field(max_length=200)
    contact_email: Text = Field("", max_length=254, description="Their address, or else a profile address.")
    contact_profile_url: Text = Field(
        "", max_length=500, description="With no e-mail address nothing is sent: `message_to_copy` is."
    )
    relationship: RelationshipName
    relationship_note: Text = Field(
        "", max_length=200, description="How you know each other, in a few words."
    )
    language: Language = Field("fr", description="The language of the message to the contact.")


class IntroductionOut(Schema):
    id: int
    offer: int | None = Field(description="null: introduced to the organisation in general.")
    entity: int
    via: Literal["form", "link"] = Field(description='"link": an application through a tracked link.')
    status: Literal["pending", "confirmed", "declined", "expired", "duplicate"]
    introducer_status: IntroducerStatus = Field(
        description="What the introducer is told: the candidate's place in the pipeline, in short."
    )
    introducer_status_label: str
    introducer: int | None = Field(description="The person who introduced.")
    introducer_name: str | None
    contact_name: str = Field(description="As the introducer typed it; empty once erased or via a link.")
    contact_email: str
    contact_profile_url: str
    application: int | None = Field(description="Recruiters and HR admins: the candidate's application.")
    credited: bool
    created_at: datetime
    expires_at: datetime | None
    responded_at: datetime | None
    message_to_copy: str | None = Field(
        description="The introducer's own pending introduction by profile address: the message to send."
    )
    notice: str | None = Field(None, description="After creating: what the introducer is told.")


class IntroductionPage(Schema):
    count: int
    pending: int | None = Field(
        description="Recruiters and HR admins: introductions waiting for their contact's answer (a count "
        "only); null in a list of one's own."
    )
    items: list[IntroductionOut]


class IntroductionQuery(Schema):
    mine: bool = Field(False, description="List your own introductions (the default for other roles).")


def _own_out(introduction: Introduction, *, language: str, notice: str | None = None) -> dict[str, Any]:
    row = selectors.introducer_row(introduction, language=language)
    by_form = introduction.via == Introduction.Via.FORM
    return {
        **_common(introduction),
        "introducer_status": row.status,
        "introducer_status_label": str(row.status_label),
        "contact_name": introduction.contact_name if by_form else "",
        "contact_email": introduction.contact_email
        if by_form and not introduction.email_given_by_contact
        else "",
        "contact_profile_url": introduction.contact_profile_url if by_form else "",
        "application": None,  # the introducer never sees the candidate's application
        "message_to_copy": row.message_to_copy or None,
        "notice": notice,
    }


def _staff_out(introduction: Introduction) -> dict[str, Any]:
    return {
        **_common(introduction),
        "introducer_status": introducer_status(introduction),
        "introducer_status_label": str(introducer_status_label(introduction)),
        "contact_name": introduction.contact_name,
        "contact_email": introduction.contact_email,
        "contact_profile_url": introduction.contact_profile_url,
        "application": introduction.application_id,
        "message_to_copy": None,
        "notice": None,
    }


def _common(introduction: Introduction) -> dict[str, Any]:
    introducer = introduction.introducer
    return {
        "id": introduction.pk,
        "offer": introduction.offer_id,
        "entity": introduction.entity_id,
        "via": introduction.via,
        "status": introduction.status,
        "introducer": introduction.introducer_id,
        "introducer_name": introducer.full_name if introducer is not None else None,
        "credited": introduction.credited,
        "created_at": introduction.created_at,
        "expires_at": introduction.expires_at,
        "responded_at": introduction.responded_at,
    }


def _language() -> str:
    return (get_language() or "fr")[:2]


def _person(membership: Membership) -> Person:
    if membership.person_id is None or membership.person is None:
        raise HttpError(403, _("Your account is not linked to an HR record: you cannot introduce anyone."))
    return membership.person


@router.post(
    "/introductions/",
    response={201: IntroductionOut},
    summary="Introduce a contact",
    description="As the token's person: an introduction, not an endorsement. The contact receives an "
    "e-mail naming the introducer (nothing with only a profile address: `message_to_copy` is to send). "
    "Whether the contact already applied is not told: a contact already a candidate for the offer "
    "becomes `duplicate` (not credited) only once they confirm.",
)
def introduction_create(request: HttpRequest, payload: IntroductionIn) -> Status[dict[str, Any]]:
    membership = request_membership(request)
    person = _person(membership)
    organisation = membership.organisation
    offer = None
    if payload.offer is not None:
        offer = JobOffer.objects.filter(organisation=organisation, pk=payload.offer).first()
        if offer is None:
            raise invalid_parameter(
                loc=["body", "offer"], message=_("No job offer has the id %(id)s.") % {"id": payload.offer}
            )
    entity = person.entity
    if payload.entity is not None:
        found = Entity.objects.filter(organisation=organisation, pk=payload.entity).first()
        if found is None:
            raise invalid_parameter(
                loc=["body", "entity"],
                message=_("No career site has the id %(id)s.") % {"id": payload.entity},
            )
        entity = found
    introduction = services.introduction_create(
        actor=membership.user,
        introducer=person,
        offer=offer,
        entity=entity,
        contact_name=payload.contact_name,
        contact_email=payload.contact_email,
        contact_profile_url=payload.contact_profile_url,
        relationship=payload.relationship,
        relationship_note=payload.relationship_note,
        language=payload.language,
    )
    notice = services.introduction_created_notice(introduction=introduction)
    return Status(201, _own_out(introduction, language=_language(), notice=notice))


@router.get(
    "/introductions/",
    response=IntroductionPage,
    summary="List introductions",
    description="An employee's own introductions (any member's with `mine=true`); for recruiters and HR "
    "admins, the organisation's confirmed introductions and a count of the pending ones.",
)
def introduction_list(
    request: HttpRequest, query: Query[IntroductionQuery], page: Query[ApiPagination.Input]
) -> dict[str, Any]:
    membership = request_membership(request)
    start, end = page.offset, page.offset + page.limit
    if query.mine or membership.role not in selectors.STAFF_ROLES:
        person = membership.person if membership.person_id else None
        mine = selectors.introduction_list_mine(person=person)
        language = _language()
        return {
            "count": mine.count(),
            "pending": None,
            "items": [_own_out(introduction, language=language) for introduction in mine[start:end]],
        }
    confirmed = selectors.introduction_list_confirmed(membership=membership)
    return {
        "count": confirmed.count(),
        "pending": selectors.introduction_pending_count(membership=membership),
        "items": [_staff_out(introduction) for introduction in confirmed[start:end]],
    }
