"""Applications in the personal-data registry (imported by CareersConfig.ready()).

A candidate is not a Person: their own export and erasure go by e-mail address, with
`manage.py candidate_data export|erase --email ADDRESS`. The registry, which takes a Person, covers the
staff side: the notes a member of staff wrote (their authorship is removed; the note is about the
candidate and stays with the application), and applications sent with the person's own e-mail address
(a colleague applying internally).
"""

from __future__ import annotations

from typing import Any

from ambassade.careers.applications import candidate_data_erase, candidate_data_export
from ambassade.careers.models import Application, ApplicationNote
from ambassade.core import personal_data
from ambassade.orgs.models import Membership, Person


def _applications_export(person: Person) -> list[dict[str, Any]]:
    if not person.email:
        return []
    return candidate_data_export(email=person.email, organisation=person.organisation)


def _applications_erase(person: Person) -> int:
    if not person.email:
        return 0
    return candidate_data_erase(email=person.email, organisation=person.organisation)


def _user_id(person: Person) -> int | None:
    membership = Membership.objects.filter(person=person).first()
    return membership.user_id if membership is not None else None


def _notes_export(person: Person) -> list[dict[str, Any]]:
    user_id = _user_id(person)
    if user_id is None:
        return []
    notes = ApplicationNote.objects.filter(author_id=user_id).order_by("created_at", "pk")
    return [
        {"application": note.application_id, "text": note.text, "created_at": note.created_at.isoformat()}
        for note in notes
    ]


def _notes_erase(person: Person) -> int:
    user_id = _user_id(person)
    return ApplicationNote.objects.filter(author_id=user_id).update(author=None) if user_id else 0


# Before the account goes (memberships are erased at 900), so that notes are still found by author.
personal_data.register(ApplicationNote, export=_notes_export, erase=_notes_erase, order=50)
personal_data.register(Application, export=_applications_export, erase=_applications_erase, order=60)
