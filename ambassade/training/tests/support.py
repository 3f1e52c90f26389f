"""Builders for training tests: a programme, a track, sessions, registrations."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from ambassade.orgs.models import Organisation, Person
from ambassade.training.models import Registration, Track, TrainingProgramme, TrainingSession


def programme_make(organisation: Organisation, **values: Any) -> TrainingProgramme:
    values.setdefault("name", "Ambassadeurs LinkedIn 2027")
    values.setdefault("points", 15)
    return TrainingProgramme.objects.create(organisation=organisation, **values)


def track_make(programme: TrainingProgramme, **values: Any) -> Track:
    values.setdefault("name", "Agents · débutants")
    return Track.objects.create(programme=programme, **values)


def session_make(track: Track, *, starts_at: datetime | None = None, **values: Any) -> TrainingSession:
    starts_at = starts_at or timezone.now() + timedelta(days=7)
    values.setdefault("title", "Atelier LinkedIn : soigner son profil")
    values.setdefault("place", "Salle Europe, siège")
    values.setdefault("trainer", "Claire Formatrice")
    values.setdefault("ends_at", starts_at + timedelta(hours=2))
    return TrainingSession.objects.create(
        organisation=track.programme.organisation, track=track, starts_at=starts_at, **values
    )


def session_for(organisation: Organisation, **values: Any) -> TrainingSession:
    """An upcoming session of a track open to everyone, in a new programme."""
    return session_make(track_make(programme_make(organisation)), **values)


def registration_make(session: TrainingSession, person: Person, **values: Any) -> Registration:
    values.setdefault("status", Registration.Status.REGISTERED)
    return Registration.objects.create(session=session, person=person, **values)


def everyone_reads_english(organisation: Organisation) -> None:
    """Pages and e-mails follow each member's language (French in the test world): tests that read
    English text ask for it."""
    from ambassade.orgs.models import Membership

    Membership.objects.filter(organisation=organisation).update(language="en")
