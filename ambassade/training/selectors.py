"""Reads of training, scoped by membership: programme admins (HR admins, comms) see everything of their
organisation; other members see the sessions open to them and their own registrations. Another
organisation's objects are a 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ambassade.ambassadors.models import Ambassador
from ambassade.ambassadors.selectors import is_programme_admin
from ambassade.orgs.models import Membership, Person
from ambassade.training.models import (
    Registration,
    Track,
    TrainingProgramme,
    TrainingSession,
    Wave,
    WaveInvitation,
)
from ambassade.training.services import CHECK_IN_EARLY, track_fits, waiting_position

Status = Registration.Status


def is_training_admin(membership: Membership) -> bool:
    return is_programme_admin(membership)


def _get_or_404(queryset: QuerySet[Any], pk: object) -> Any:
    try:
        return queryset.get(pk=int(str(pk)))
    except (ValueError, TypeError, queryset.model.DoesNotExist) as error:
        raise Http404 from error


def programme_list(*, membership: Membership) -> QuerySet[TrainingProgramme]:
    return TrainingProgramme.objects.filter(organisation=membership.organisation).annotate(
        track_count=Count("tracks", distinct=True), wave_count=Count("waves", distinct=True)
    )


def programme_get_for_user(*, membership: Membership, pk: object) -> TrainingProgramme:
    return _get_or_404(TrainingProgramme.objects.filter(organisation=membership.organisation), pk)


def track_get_for_user(*, membership: Membership, pk: object) -> Track:
    return _get_or_404(
        Track.objects.filter(programme__organisation=membership.organisation).select_related(
            "programme", "audience"
        ),
        pk,
    )


def wave_get_for_user(*, membership: Membership, pk: object) -> Wave:
    return _get_or_404(
        Wave.objects.filter(programme__organisation=membership.organisation).select_related("programme"), pk
    )


def with_counts(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    return sessions.annotate(
        registered_count=Count("registrations", filter=Q(registrations__status=Status.REGISTERED)),
        waiting_count=Count("registrations", filter=Q(registrations__status=Status.WAITING)),
        present_count=Count(
            "registrations",
            filter=Q(registrations__status=Status.REGISTERED, registrations__attendance="present"),
        ),
    )


def session_get_for_admin(*, membership: Membership, pk: object) -> TrainingSession:
    return _get_or_404(
        with_counts(TrainingSession.objects.filter(organisation=membership.organisation)).select_related(
            "track__programme", "track__audience"
        ),
        pk,
    )


def session_registrations(*, session: TrainingSession) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(session=session)
        .exclude(status=Status.CANCELLED)
        .select_related("person", "person__department")
        .order_by("status", "waiting_since", "person__last_name", "person__first_name", "pk")
    )


# --- what a member sees -----------------------------------------------------------------------------


def _person(membership: Membership) -> Person | None:
    person = membership.person
    return person if person is not None and person.is_active else None


def open_sessions(*, membership: Membership) -> list[TrainingSession]:
    """Upcoming sessions open to the member: those of tracks that fit them, those of programmes whose
    wave invited them (at their audience), and any they are registered for."""
    person = _person(membership)
    if person is None:
        return []
    ambassador = Ambassador.objects.filter(person=person).first()
    invited = set(WaveInvitation.objects.filter(person=person).values_list("wave__programme_id", flat=True))
    mine = set(
        Registration.objects.filter(person=person)
        .exclude(status=Status.CANCELLED)
        .values_list("session_id", flat=True)
    )
    sessions = (
        TrainingSession.objects.filter(
            organisation=membership.organisation,
            track__programme__archived=False,
            starts_at__gt=timezone.now(),
            cancelled_at__isnull=True,
        )
        .select_related("track__programme", "track__audience", "organisation")
        .order_by("starts_at", "pk")
    )
    shown = []
    for session in with_counts(sessions):
        track = session.track
        fits = track_fits(track=track, person=person, ambassador=ambassador)
        invited_here = track.programme_id in invited and (
            track.audience_id is None or track.audience_id == person.audience_id
        )
        if fits or invited_here or session.pk in mine:
            shown.append(session)
    return shown


def session_fits(*, membership: Membership, session: TrainingSession) -> bool:
    """Whether the session's track fits the member or a wave of its programme invited them (whatever
    the session's date or state)."""
    person = _person(membership)
    if person is None:
        return False
    track = session.track
    ambassador = Ambassador.objects.filter(person=person).first()
    if track_fits(track=track, person=person, ambassador=ambassador):
        return True
    invited = WaveInvitation.objects.filter(person=person, wave__programme_id=track.programme_id).exists()
    return invited and (track.audience_id is None or track.audience_id == person.audience_id)


def session_open_to(*, membership: Membership, session: TrainingSession) -> bool:
    return any(item.pk == session.pk for item in open_sessions(membership=membership))


def session_get_for_member(*, membership: Membership, pk: object) -> TrainingSession:
    """A session the member may see: open to them, registered for, or any for programme admins."""
    session: TrainingSession = _get_or_404(
        with_counts(TrainingSession.objects.filter(organisation=membership.organisation)).select_related(
            "track__programme", "organisation"
        ),
        pk,
    )
    if is_training_admin(membership):
        return session
    person = _person(membership)
    if person is None:
        raise Http404
    if Registration.objects.filter(session=session, person=person).exclude(status=Status.CANCELLED).exists():
        return session
    if session_open_to(membership=membership, session=session):
        return session
    raise Http404


@dataclass(frozen=True)
class MySession:
    session: TrainingSession
    registration: Registration | None
    position: int | None  # on the waiting list

    @property
    def check_in_open(self) -> bool:
        """Self check-in is open: from 30 minutes before the start until the end."""
        session, now = self.session, timezone.now()
        return session.cancelled_at is None and session.starts_at - CHECK_IN_EARLY <= now <= session.ends_at

    @property
    def full(self) -> bool:
        capacity = self.session.capacity
        return capacity is not None and getattr(self.session, "registered_count", 0) >= capacity


def my_training(*, membership: Membership) -> tuple[list[MySession], list[MySession]]:
    """(upcoming sessions open to me with my status, past or cancelled sessions I registered for)."""
    person = _person(membership)
    if person is None:
        return [], []
    registrations = {
        r.session_id: r for r in Registration.objects.filter(person=person).exclude(status=Status.CANCELLED)
    }
    upcoming = [
        MySession(session, registrations.get(session.pk), _position(registrations.get(session.pk)))
        for session in open_sessions(membership=membership)
    ]
    past_sessions = (
        TrainingSession.objects.filter(pk__in=list(registrations))
        .filter(Q(starts_at__lte=timezone.now()) | Q(cancelled_at__isnull=False))
        .select_related("track__programme", "organisation")
        .order_by("-starts_at")
    )
    past = [MySession(session, registrations[session.pk], None) for session in past_sessions]
    return upcoming, past


def _position(registration: Registration | None) -> int | None:
    return waiting_position(registration) if registration is not None else None


def my_registration(*, membership: Membership, session: TrainingSession) -> Registration | None:
    person = _person(membership)
    if person is None:
        return None
    return Registration.objects.filter(session=session, person=person).first()


def registration_get_for_admin(*, membership: Membership, pk: object) -> Registration:
    return _get_or_404(
        Registration.objects.filter(session__organisation=membership.organisation).select_related(
            "session", "person"
        ),
        pk,
    )


def sessions_for_api(
    *,
    membership: Membership,
    start: datetime | None,
    end: datetime | None,
    programme: int | None,
    track: int | None,
) -> list[TrainingSession]:
    if is_training_admin(membership):
        sessions = with_counts(TrainingSession.objects.filter(organisation=membership.organisation))
        sessions = sessions.select_related("track__programme")
        listed = list(_filter(sessions, start, end, programme, track).order_by("starts_at", "pk"))
    else:
        person = _person(membership)
        mine_ids = (
            list(Registration.objects.filter(person=person).values_list("session_id", flat=True))
            if person
            else []
        )
        pks = {s.pk for s in open_sessions(membership=membership)} | set(mine_ids)
        sessions = TrainingSession.objects.filter(organisation=membership.organisation, pk__in=pks)
        listed = list(
            _filter(sessions.select_related("track__programme"), start, end, programme, track).order_by(
                "starts_at", "pk"
            )
        )
    return listed


def _filter(
    sessions: QuerySet[TrainingSession],
    start: datetime | None,
    end: datetime | None,
    programme: int | None,
    track: int | None,
) -> QuerySet[TrainingSession]:
    if start is not None:
        sessions = sessions.filter(starts_at__gte=start)
    if end is not None:
        sessions = sessions.filter(starts_at__lt=end)
    if programme is not None:
        sessions = sessions.filter(track__programme_id=programme)
    if track is not None:
        sessions = sessions.filter(track_id=track)
    return sessions
