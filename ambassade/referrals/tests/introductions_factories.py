"""Builders for the introductions' tests (helper A): introductions made through the service, the
contact's link, and what a contact sends when they confirm."""

from __future__ import annotations

import re
from itertools import count
from typing import Any

from django.test import TestCase
from django.urls import reverse

from ambassade.careers.models import JobOffer
from ambassade.careers.tests.application_factories import offer_create
from ambassade.referrals.introductions import introduction_create, introduction_token
from ambassade.referrals.models import Introduction
from ambassade.testing.factories import World

_contacts = count(1)
# The answer link of the contact's e-mail (not its "never again" link).
_ANSWER_LINK = re.compile(r"https?://[^/\s]+(/introduction/[^/\s]+/)(?=\s)")


def contact_email() -> str:
    return f"contact{next(_contacts)}@example.net"


def introduce(
    world: World,
    *,
    persona: str = "employee",
    offer: JobOffer | None = None,
    spontaneous: bool = False,
    **values: Any,
) -> Introduction:
    """An introduction made through the service by a persona (the employee unless told), for `offer`
    (a new open offer unless given or spontaneous)."""
    if offer is None and not spontaneous:
        offer = offer_create(world.hq)
    values.setdefault("contact_name", "Claire Contact")
    values.setdefault("contact_email", contact_email())
    values.setdefault("contact_profile_url", "")
    values.setdefault("relationship", Introduction.Relationship.FORMER_COLLEAGUE)
    values.setdefault("relationship_note", "Lyon, 2019–2022")
    values.setdefault("language", "fr")
    with TestCase.captureOnCommitCallbacks(execute=True):  # the contact's e-mail leaves after commit
        return introduction_create(
            actor=world.users[persona],
            introducer=world.people[persona],
            offer=offer,
            entity=world.hq if offer is None else None,
            **values,
        )


def answer_url(introduction: Introduction) -> str:
    return reverse("introduction_answer", kwargs={"token": introduction_token(introduction=introduction)})


def decline_url(introduction: Introduction) -> str:
    return reverse("introduction_decline", kwargs={"token": introduction_token(introduction=introduction)})


def never_url(introduction: Introduction) -> str:
    return reverse("introduction_never", kwargs={"token": introduction_token(introduction=introduction)})


def answer_data(**values: Any) -> dict[str, Any]:
    """What a contact sends to confirm: no CV."""
    data: dict[str, Any] = {
        "first_name": "Claire",
        "last_name": "Contact",
        "email": "claire@example.net",
        "phone": "",
        "message": "",
        "consent": "on",
    }
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def answer_path_in(body: object) -> str:
    """The path of the answer link in a contact's e-mail (its body: a str, or a lazy one)."""
    found = _ANSWER_LINK.search(str(body))
    assert found is not None, body
    return found.group(1)


def introduce_by_profile(world: World, **values: Any) -> Introduction:
    """An introduction known by a profile address only: nothing is sent, the introducer passes the link on."""
    values.setdefault("contact_profile_url", "https://www.linkedin.com/in/claire-contact")
    return introduce(world, contact_email="", **values)
