"""Builders for the crediting tests: introductions made, confirmed and moved, without the contact's
e-mail round trip (helper A's flow is tested on its side)."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from typing import Any

from django.utils import timezone

from ambassade.ambassadors.models import PointsEntry
from ambassade.careers.applications import application_move, application_submit
from ambassade.careers.models import Application, JobOffer
from ambassade.careers.tests.application_factories import offer_create
from ambassade.orgs.models import Person
from ambassade.referrals.crediting import introduction_confirmed
from ambassade.referrals.models import Introduction
from ambassade.referrals.rules import contact_hash
from ambassade.testing.factories import World

_contacts = count(1)


def introduce(
    world: World,
    *,
    introducer: Person | None = None,
    offer: JobOffer | None = None,
    email: str | None = None,
    at: datetime | None = None,
    **values: Any,
) -> Introduction:
    """A pending introduction (by the employee persona unless told), for a new offer unless given."""
    email = email or f"contact{next(_contacts)}@example.net"
    offer = offer if offer is not None else offer_create(world.hq)
    now = timezone.now()
    introduction = Introduction.objects.create(
        organisation=world.organisation,
        entity=offer.entity if offer is not None else world.hq,
        offer=offer,
        introducer=introducer if introducer is not None else world.people["employee"],
        contact_name="Alice Contact",
        contact_email=email,
        contact_hash=contact_hash(email),
        relationship=Introduction.Relationship.FORMER_COLLEAGUE,
        sent_at=now,
        expires_at=now + timedelta(days=14),
        **values,
    )
    if at is not None:
        Introduction.objects.filter(pk=introduction.pk).update(created_at=at)
        introduction.refresh_from_db()
    return introduction


def confirm(introduction: Introduction, *, apply: bool = True) -> Introduction:
    """The contact agrees and applies (CV optional); the credit rule and the points follow."""
    application = None
    if apply:
        application = application_submit(
            entity=introduction.entity,
            offer=introduction.offer,
            first_name="Alice",
            last_name="Contact",
            email=introduction.contact_email,
            cv=None,
            cv_name="",
            cv_kind=None,
            consent="I agree.",
            language="fr",
        )
    introduction.status = Introduction.Status.CONFIRMED
    introduction.responded_at = timezone.now()
    introduction.status_changed_at = introduction.responded_at
    introduction.application = application
    introduction.save()
    introduction_confirmed(introduction=introduction)
    introduction.refresh_from_db()
    return introduction


def move(world: World, introduction: Introduction, stage: str, *, persona: str = "recruiter") -> Application:
    assert introduction.application_id is not None
    application = Application.objects.get(pk=introduction.application_id)
    return application_move(actor=world.users[persona], application=application, stage=stage)


def introduction_points(person: Person) -> list[int]:
    """The person's referral ledger rows, oldest first."""
    rows = PointsEntry.objects.filter(
        ambassador__person=person, reason=PointsEntry.Reason.INTRODUCTION
    ).order_by("created_at", "id")
    return list(rows.values_list("points", flat=True))
