"""Introductions: an employee introduces a contact, the contact answers (owned by helper A)."""

from __future__ import annotations

from ambassade.careers.models import Application


def introduction_from_link_application(*, application: Application) -> None:
    """An application through an ambassador's tracked link: recorded as introduced by that ambassador."""
