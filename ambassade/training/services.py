"""Writes of training: programmes, tracks, sessions, waves, registrations, attendance (audited).

Registration takes the session row FOR UPDATE inside a transaction, so that two people asking for the
last seat at the same time cannot both get it (PostgreSQL locks the row; SQLite serialises writers).
E-mails (registration with its .ics, updates, cancellations, wave invitations, reminders, promotion from
the waiting list) are written in the recipient's language.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ambassade.ambassadors.ledger import points_award
from ambassade.ambassadors.models import Ambassador, PointsEntry
from ambassade.core.audit import Actor, audit_record, model_changes, snapshot
from ambassade.core.spreadsheets import SpreadsheetErrors, normalise_header, read_table
from ambassade.core.tasks import task
from ambassade.orgs.models import Organisation, Person, organisation_zone
from ambassade.orgs.selectors import person_language
from ambassade.training import ics
from ambassade.training.models import (
    Registration,
    Track,
    TrainingProgramme,
    TrainingSession,
    Wave,
    WaveInvitation,
)

logger = logging.getLogger(__name__)

Status = Registration.Status
Attendance = Registration.Attendance
Source = Registration.AttendanceSource

PROGRAMME_FIELDS = ["name", "description", "starts_on", "ends_on", "points", "archived"]
TRACK_FIELDS = ["name", "audience", "expertise", "description", "position"]
SESSION_FIELDS = [
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "capacity",
    "trainer",
]
# A change of one of these sends registered people an updated invitation (SEQUENCE bumped).
CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "online_url")
WAVE_FIELDS = ["name", "position", "include_managers_teams", "send_at"]
CHECK_IN_EARLY = timedelta(minutes=30)
REMINDERS = (("hour_before", timedelta(hours=1)), ("day_before", timedelta(days=1)))


def _now() -> datetime:
    return timezone.now()


def _set(instance: Any, values: dict[str, Any], fields: list[str]) -> None:
    for name in fields:
        if name in values:
            setattr(instance, name, values[name])


# --- programmes and tracks --------------------------------------------------------------------------


def _programme_check(programme: TrainingProgramme) -> None:
    if programme.starts_on and programme.ends_on and programme.ends_on < programme.starts_on:
        raise ValidationError({"ends_on": _("The programme must end after it starts.")})


def _save_audited(
    actor: Actor, instance: Any, action: str, organisation: Any, changes: dict[str, Any]
) -> None:
    """Save a programme, track or session and record the change in the audit log, together."""
    with transaction.atomic():
        instance.save()
        audit_record(actor=actor, action=action, organisation=organisation, target=instance, changes=changes)


def programme_create(
    *, actor: Actor, organisation: Organisation, values: dict[str, Any]
) -> TrainingProgramme:
    programme = TrainingProgramme(organisation=organisation)
    _set(programme, values, PROGRAMME_FIELDS)
    _programme_check(programme)
    _save_audited(
        actor,
        programme,
        "training.programme.create",
        organisation,
        {name: [None, str(getattr(programme, name))] for name in PROGRAMME_FIELDS},
    )
    return programme


def programme_update(
    *, actor: Actor, programme: TrainingProgramme, values: dict[str, Any]
) -> TrainingProgramme:
    before = snapshot(programme, PROGRAMME_FIELDS)
    _set(programme, values, PROGRAMME_FIELDS)
    _programme_check(programme)
    changes = model_changes(programme, PROGRAMME_FIELDS, before)
    if changes:
        _save_audited(actor, programme, "training.programme.update", programme.organisation, changes)
    return programme


def _track_check(programme: TrainingProgramme, values: dict[str, Any]) -> None:
    audience = values.get("audience")
    if audience is not None and audience.organisation_id != programme.organisation_id:
        raise ValidationError({"audience": _("This audience belongs to another organisation.")})


def track_create(*, actor: Actor, programme: TrainingProgramme, values: dict[str, Any]) -> Track:
    _track_check(programme, values)
    track = Track(programme=programme)
    _set(track, values, TRACK_FIELDS)
    _save_audited(
        actor,
        track,
        "training.track.create",
        programme.organisation,
        {name: [None, str(getattr(track, name))] for name in TRACK_FIELDS},
    )
    return track


def track_update(*, actor: Actor, track: Track, values: dict[str, Any]) -> Track:
    _track_check(track.programme, values)
    before = snapshot(track, TRACK_FIELDS)
    _set(track, values, TRACK_FIELDS)
    changes = model_changes(track, TRACK_FIELDS, before)
    if changes:
        _save_audited(actor, track, "training.track.update", track.programme.organisation, changes)
    return track


# --- sessions ---------------------------------------------------------------------------------------


def _session_check(session: TrainingSession) -> None:
    errors: dict[str, str] = {}
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        errors["ends_at"] = _("The session must end after it starts.")
    if session.kind not in (TrainingSession.Kind.ELEARNING,) and not (session.place or session.online_url):
        errors["place"] = _("Give a place or a link.")
    if errors:
        raise ValidationError(errors)


def session_create(*, actor: Actor, track: Track, values: dict[str, Any]) -> TrainingSession:
    session = TrainingSession(organisation=track.programme.organisation, track=track)
    _set(session, values, SESSION_FIELDS)
    _session_check(session)
    _save_audited(
        actor,
        session,
        "training.session.create",
        session.organisation,
        {name: [None, str(getattr(session, name))] for name in SESSION_FIELDS},
    )
    return session


def session_update(*, actor: Actor, session: TrainingSession, values: dict[str, Any]) -> TrainingSession:
    """Change a session; a new date, place or link bumps its SEQUENCE and e-mails registered people."""
    if session.cancelled_at is not None:
        raise ValidationError(_("This session is cancelled: it can no longer be changed."))
    before = snapshot(session, SESSION_FIELDS)
    _set(session, values, SESSION_FIELDS)
    _session_check(session)
    changes = model_changes(session, SESSION_FIELDS, before)
    if not changes:
        return session
    moved = any(name in changes for name in CALENDAR_FIELDS)
    with transaction.atomic():
        # The row lock keeps registrations out while seats change (see registration_create).
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        session.ics_sequence = locked.ics_sequence + (1 if moved else 0)
        session.save()
        audit_record(
            actor=actor,
            action="training.session.update",
            organisation=session.organisation,
            target=session,
            changes=changes,
        )
        if "starts_at" in changes:  # the reminders are due again before the new date
            Registration.objects.filter(session=session).update(reminders_sent=[])
        if "capacity" in changes:
            _waiting_promote(session)
        if moved:
            session_emails_send.enqueue(session_id=session.pk, kind="update", sequence=session.ics_sequence)
    return session


def session_cancel(*, actor: Actor, session: TrainingSession) -> TrainingSession:
    """Cancel a session: nobody can join it any more; registered and waiting people get METHOD:CANCEL."""
    if session.cancelled_at is not None:
        return session
    with transaction.atomic():
        session.cancelled_at = _now()
        session.ics_sequence += 1
        session.save(update_fields=["cancelled_at", "ics_sequence", "updated_at"])
        audit_record(
            actor=actor,
            action="training.session.cancel",
            organisation=session.organisation,
            target=session,
            changes={"cancelled_at": [None, session.cancelled_at.isoformat()]},
        )
        session_emails_send.enqueue(session_id=session.pk, kind="cancel", sequence=session.ics_sequence)
    return session


# --- who fits a track, who a wave invites -----------------------------------------------------------


def track_fits(*, track: Track, person: Person, ambassador: Ambassador | None) -> bool:
    """A track fits a person of its audience (any when empty), at their level if they are an ambassador."""
    if track.audience_id is not None and track.audience_id != person.audience_id:
        return False
    if track.expertise and ambassador is not None and ambassador.status == Ambassador.Status.ENROLLED:
        return ambassador.expertise == track.expertise
    return True


def wave_people(*, wave: Wave) -> QuerySet[Person]:
    """Active people with an e-mail address chosen by the wave: every criterion given must hold
    (audiences, entities, departments with their sub-departments, line managers and their teams)."""
    organisation_id = wave.programme.organisation_id
    people = Person.objects.filter(organisation_id=organisation_id, is_active=True).exclude(email="")
    audiences = list(wave.audiences.values_list("pk", flat=True))
    entities = list(wave.entities.values_list("pk", flat=True))
    paths = list(wave.departments.values_list("path", flat=True))
    if not (audiences or entities or paths or wave.include_managers_teams):
        return people.none()
    if audiences:
        people = people.filter(audience_id__in=audiences)
    if entities:
        people = people.filter(entity_id__in=entities)
    if paths:
        condition = Q()
        for path in paths:
            condition |= Q(department__path__startswith=path)
        people = people.filter(condition)
    if wave.include_managers_teams:
        managers = Person.objects.filter(organisation_id=organisation_id, reports__isnull=False)
        people = people.filter(Q(pk__in=managers.values("pk")) | Q(manager__isnull=False))
    return people.distinct()


def wave_create(*, actor: Actor, programme: TrainingProgramme, values: dict[str, Any]) -> Wave:
    wave = Wave(programme=programme, created_by=actor if actor and actor.is_authenticated else None)  # type: ignore[misc]
    _set(wave, values, WAVE_FIELDS)
    with transaction.atomic():
        wave.save()
        _wave_choices_set(wave, values)
        audit_record(
            actor=actor,
            action="training.wave.create",
            organisation=programme.organisation,
            target=wave,
            changes=_wave_description(wave),
        )
    return wave


def wave_update(*, actor: Actor, wave: Wave, values: dict[str, Any]) -> Wave:
    if wave.sent_at is not None:
        raise ValidationError(_("This wave has been sent: it can no longer be changed."))
    before = _wave_description(wave)
    _set(wave, values, WAVE_FIELDS)
    with transaction.atomic():
        wave.save()
        _wave_choices_set(wave, values)
        after = _wave_description(wave)
        changes = {key: [before[key][1], value[1]] for key, value in after.items() if before[key] != value}
        if changes:
            audit_record(
                actor=actor,
                action="training.wave.update",
                organisation=wave.programme.organisation,
                target=wave,
                changes=changes,
            )
    return wave


def _wave_choices_set(wave: Wave, values: dict[str, Any]) -> None:
    organisation_id = wave.programme.organisation_id
    for name in ("audiences", "entities", "departments"):
        if name in values:
            chosen = list(values[name])
            if any(item.organisation_id != organisation_id for item in chosen):
                raise ValidationError({name: _("Choose among your organisation's own.")})
            getattr(wave, name).set(chosen)


def _wave_description(wave: Wave) -> dict[str, list[Any]]:
    described: dict[str, list[Any]] = {name: [None, str(getattr(wave, name))] for name in WAVE_FIELDS}
    if wave.pk:
        for name in ("audiences", "entities", "departments"):
            described[name] = [None, sorted(str(item) for item in getattr(wave, name).all())]
    return described


def wave_not_yet_emailed(*, wave: Wave) -> QuerySet[Person]:
    """The people a wave chooses who have not been e-mailed by any wave of its programme yet (people
    who joined since it was sent, or whose e-mail failed)."""
    emailed = WaveInvitation.objects.filter(wave__programme_id=wave.programme_id, sent_at__isnull=False)
    return wave_people(wave=wave).exclude(pk__in=emailed.values("person_id"))


def wave_send(*, actor: Actor, wave: Wave) -> Wave:
    """Send a wave now (in the background): each person chosen gets one e-mail. Sending it again
    reaches only those not e-mailed yet."""
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.sent_at is None:
            locked.sent_at = _now()
            locked.save(update_fields=["sent_at", "updated_at"])
            audit_record(
                actor=actor,
                action="training.wave.send",
                organisation=wave.programme.organisation,
                target=wave,
                changes={"people": [None, wave_people(wave=wave).count()]},
            )
        else:
            audit_record(
                actor=actor,
                action="training.wave.send_again",
                organisation=wave.programme.organisation,
                target=wave,
                changes={"people": [None, wave_not_yet_emailed(wave=wave).count()]},
            )
        wave_emails_send.enqueue(wave_id=wave.pk)
    wave.sent_at = locked.sent_at
    return wave


def waves_due_send() -> None:
    """Send the waves whose `send_at` has come."""
    for wave in Wave.objects.filter(sent_at__isnull=True, send_at__lte=_now()).select_related("programme"):
        wave_send(actor=None, wave=wave)


def upcoming_sessions_for(*, person: Person, programme: TrainingProgramme) -> list[TrainingSession]:
    ambassador = Ambassador.objects.filter(person=person).first()
    sessions = TrainingSession.objects.filter(
        track__programme=programme, cancelled_at__isnull=True, starts_at__gt=_now()
    ).select_related("track")
    return [s for s in sessions if track_fits(track=s.track, person=person, ambassador=ambassador)]


@task
def wave_emails_send(*, wave_id: int) -> None:
    """E-mail every person of a sent wave once: a person already invited (by this wave or an earlier
    one of the programme) is not e-mailed again."""
    wave = (
        Wave.objects.filter(pk=wave_id, sent_at__isnull=False)
        .select_related("programme__organisation")
        .first()
    )
    if wave is None:
        return
    already = set(
        WaveInvitation.objects.filter(wave__programme=wave.programme, sent_at__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    with get_connection() as connection:
        for person in wave_people(wave=wave).select_related("organisation"):
            if person.pk in already:
                WaveInvitation.objects.get_or_create(wave=wave, person=person)
                continue
            invitation, _created = WaveInvitation.objects.get_or_create(wave=wave, person=person)
            # Claim the row before sending: a second run never sends it again.
            claimed = WaveInvitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(
                sent_at=_now()
            )
            if not claimed:
                continue
            message = _wave_email(wave=wave, person=person)
            message.connection = connection
            try:
                message.send()
            except Exception:  # sending the wave again reaches them; the others still get theirs
                logger.exception("training wave %s to person %s failed", wave.pk, person.pk)
                WaveInvitation.objects.filter(pk=invitation.pk).update(sent_at=None)


def _local(moment: datetime, organisation: Organisation) -> str:
    return formats.date_format(timezone.localtime(moment, organisation_zone(organisation)), "DATETIME_FORMAT")


def _session_context(session: TrainingSession) -> dict[str, Any]:
    return {
        "session": session,
        "starts": _local(session.starts_at, session.organisation),
        "ends": _local(session.ends_at, session.organisation),
        "link": settings.SITE_URL + reverse("training_mine") + f"#session-{session.pk}",
    }


def _wave_email(*, wave: Wave, person: Person) -> EmailMultiAlternatives:
    programme = wave.programme
    with translation.override(person_language(person)):
        sessions = [_session_context(s) for s in upcoming_sessions_for(person=person, programme=programme)]
        context = {
            "person": person,
            "programme": programme,
            "organisation": programme.organisation,
            "sessions": sessions,
            "mine": settings.SITE_URL + reverse("training_mine"),
        }
        subject = _("Training: %(programme)s") % {"programme": programme.name}
        body = render_to_string("training/email/wave.txt", context)
    return EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])


# --- registrations ----------------------------------------------------------------------------------


def session_joinable_check(session: TrainingSession, *, now: datetime | None = None) -> None:
    now = now or _now()
    if session.cancelled_at is not None:
        raise ValidationError(_("This session is cancelled."))
    if session.starts_at <= now:
        raise ValidationError(_("This session has already started: registration is closed."))


def waiting_position(registration: Registration) -> int | None:
    if registration.status != Status.WAITING or registration.waiting_since is None:
        return None
    ahead = Registration.objects.filter(session_id=registration.session_id, status=Status.WAITING).filter(
        Q(waiting_since__lt=registration.waiting_since)
        | Q(waiting_since=registration.waiting_since, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def registration_create(*, actor: Actor, session: TrainingSession, person: Person) -> Registration:
    """Register a person: a seat while there is one, else the waiting list. Registering twice changes
    nothing; registering again after cancelling takes a new place."""
    with transaction.atomic():
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        session_joinable_check(locked)
        registration = Registration.objects.filter(session=locked, person=person).first()
        if registration is not None and registration.status != Status.CANCELLED:
            return registration
        taken = Registration.objects.filter(session=locked, status=Status.REGISTERED).count()
        full = locked.capacity is not None and taken >= locked.capacity
        if registration is None:
            registration = Registration(session=locked, person=person)
        registration.status = Status.WAITING if full else Status.REGISTERED
        registration.waiting_since = _now() if full else None
        registration.cancelled_at = None
        registration.reminders_sent = []
        registration.save()
        audit_record(
            actor=actor,
            action="training.registration.create",
            organisation=locked.organisation,
            target=registration,
            changes={"status": [None, registration.status], "person": [None, person.full_name]},
        )
        registration_email_send.enqueue(registration_id=registration.pk, kind=registration.status)
    return registration


def registration_cancel(*, actor: Actor, registration: Registration) -> Registration:
    """Give up a seat (or a place on the waiting list); the first person waiting takes the seat."""
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=registration.session_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Status.CANCELLED:
            return registration
        if session.starts_at <= _now():
            raise ValidationError(
                _("This session has already started: the registration can no longer be cancelled.")
            )
        was = registration.status
        registration.status = Status.CANCELLED
        registration.cancelled_at = _now()
        registration.waiting_since = None
        registration.save(update_fields=["status", "cancelled_at", "waiting_since", "updated_at"])
        audit_record(
            actor=actor,
            action="training.registration.cancel",
            organisation=session.organisation,
            target=registration,
            changes={"status": [was, Status.CANCELLED]},
        )
        if was == Status.REGISTERED:
            registration_email_send.enqueue(registration_id=registration.pk, kind="cancelled")
            _waiting_promote(session)
    return registration


def waiting_list_serve(*, session_ids: list[int]) -> None:
    """Give the seats freed outside a cancellation (an erasure) to the waiting lists of these sessions."""
    for session_id in session_ids:
        with transaction.atomic():
            session = TrainingSession.objects.select_for_update().filter(pk=session_id).first()
            if session is not None and session.starts_at > _now():
                _waiting_promote(session)


def _waiting_promote(session: TrainingSession) -> None:
    if session.cancelled_at is not None:
        return
    taken = Registration.objects.filter(session=session, status=Status.REGISTERED).count()
    free = None if session.capacity is None else session.capacity - taken
    waiting = Registration.objects.filter(session=session, status=Status.WAITING).order_by(
        "waiting_since", "pk"
    )
    for registration in waiting if free is None else waiting[: max(free, 0)]:
        registration.status = Status.REGISTERED
        registration.waiting_since = None
        registration.save(update_fields=["status", "waiting_since", "updated_at"])
        audit_record(
            actor=None,
            action="training.registration.promote",
            organisation=session.organisation,
            target=registration,
            changes={"status": [Status.WAITING, Status.REGISTERED]},
        )
        registration_email_send.enqueue(registration_id=registration.pk, kind="promoted")


def _calendar_attach(
    message: EmailMultiAlternatives, content: bytes, method: str, session: TrainingSession
) -> None:
    message.attach(ics.ics_filename(session), content, f"text/calendar; method={method}")


@task
def registration_email_send(*, registration_id: int, kind: str) -> None:
    """The e-mail about one registration: registered (with the .ics), waiting, promoted, cancelled."""
    registration = (
        Registration.objects.filter(pk=registration_id)
        .select_related("session__organisation", "session__track", "person__organisation")
        .first()
    )
    if registration is None or not registration.person.email:
        return
    person, session = registration.person, registration.session
    subjects = {
        "registered": gettext_lazy("You are registered: %(title)s"),
        "waiting": gettext_lazy("You are on the waiting list: %(title)s"),
        "promoted": gettext_lazy("A seat is free, you are registered: %(title)s"),
        "cancelled": gettext_lazy("Registration cancelled: %(title)s"),
    }
    if kind not in subjects:
        return
    with translation.override(person_language(person)):
        context = {**_session_context(session), "person": person, "kind": kind}
        context["position"] = waiting_position(registration)
        subject = str(subjects[kind]) % {"title": session.title}
        body = render_to_string("training/email/registration.txt", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
    if kind in ("registered", "promoted"):
        _calendar_attach(message, ics.session_calendar(session=session, person=person), "REQUEST", session)
    elif kind == "cancelled":
        _calendar_attach(
            message, ics.session_calendar(session=session, person=person, method="CANCEL"), "CANCEL", session
        )
    message.send()


@task
def session_emails_send(*, session_id: int, kind: str, sequence: int) -> None:
    """Tell registered (and waiting) people that a session moved ("update") or is cancelled ("cancel")."""
    session = TrainingSession.objects.filter(pk=session_id).select_related("organisation").first()
    if session is None or session.ics_sequence != sequence:
        return  # a later change sends its own
    statuses = [Status.REGISTERED, Status.WAITING] if kind == "cancel" else [Status.REGISTERED]
    registrations = Registration.objects.filter(session=session, status__in=statuses).select_related("person")
    method = "CANCEL" if kind == "cancel" else "REQUEST"
    with get_connection() as connection:
        for registration in registrations:
            person = registration.person
            if not person.email:
                continue
            with translation.override(person_language(person)):
                context = {**_session_context(session), "person": person, "kind": kind}
                if kind == "cancel":
                    subject = _("Session cancelled: %(title)s") % {"title": session.title}
                else:
                    subject = _("Session changed: %(title)s") % {"title": session.title}
                body = render_to_string("training/email/session_change.txt", context)
            message = EmailMultiAlternatives(
                subject, body, settings.DEFAULT_FROM_EMAIL, [person.email], connection=connection
            )
            if registration.status == Status.REGISTERED:
                content = ics.session_calendar(session=session, person=person, method=method)
                _calendar_attach(message, content, method, session)
            message.send()


# --- reminders --------------------------------------------------------------------------------------


def reminders_send(*, now: datetime | None = None) -> int:
    """The day before and one hour before a session, each registered person gets a reminder, once."""
    now = now or _now()
    sent = 0
    registrations = Registration.objects.filter(
        status=Status.REGISTERED,
        session__cancelled_at__isnull=True,
        session__starts_at__gt=now,
        session__starts_at__lte=now + timedelta(days=1),
    ).select_related("session__organisation", "person__organisation")
    with get_connection() as connection:
        for registration in registrations:
            due = _reminder_due(registration, now)
            if due is None:
                continue
            done = [kind for kind, _delay in REMINDERS]  # a later reminder makes the earlier one moot
            kinds = done[done.index(due) :]
            before = registration.reminders_sent
            claimed = Registration.objects.filter(pk=registration.pk, reminders_sent=before).update(
                reminders_sent=sorted(set(before) | set(kinds))
            )
            if not claimed or not registration.person.email:
                continue
            message = _reminder_email(registration, due, now=now)
            message.connection = connection
            try:
                message.send()
            except Exception:  # the next run tries again; the others still get theirs
                logger.exception("training reminder %s to registration %s failed", due, registration.pk)
                Registration.objects.filter(pk=registration.pk).update(reminders_sent=before)
                continue
            sent += 1
    return sent


def _reminder_due(registration: Registration, now: datetime) -> str | None:
    until = registration.session.starts_at - now
    for kind, delay in REMINDERS:
        if until <= delay:
            return None if kind in registration.reminders_sent else kind
    return None


def _reminder_email(registration: Registration, kind: str, *, now: datetime) -> EmailMultiAlternatives:
    person, session = registration.person, registration.session
    zone = organisation_zone(session.organisation)
    # "Tomorrow" only when it is: someone registering the same morning is told "today".
    today = timezone.localtime(now, zone).date() == timezone.localtime(session.starts_at, zone).date()
    if kind == "day_before" and today:
        kind = "today"
    with translation.override(person_language(person)):
        context = {**_session_context(session), "person": person, "kind": kind}
        if kind == "hour_before":
            subject = _("In one hour: %(title)s") % {"title": session.title}
        elif kind == "today":
            subject = _("Today: %(title)s") % {"title": session.title}
        else:
            subject = _("Tomorrow: %(title)s") % {"title": session.title}
        body = render_to_string("training/email/reminder.txt", context)
    return EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])


# --- attendance -------------------------------------------------------------------------------------


def _training_source(registration: Registration) -> str:
    return f"training:{registration.pk}"


def _points_net(ambassador: Ambassador, registration: Registration) -> int:
    source = _training_source(registration)
    entries = PointsEntry.objects.filter(ambassador=ambassador, reason=PointsEntry.Reason.TRAINING).filter(
        Q(source=source) | Q(source__startswith=f"{source}:")
    )
    return int(entries.aggregate(total=Sum("points"))["total"] or 0)


def _points_follow(registration: Registration) -> None:
    """Keep the ledger in line with attendance: the programme's points while present; a correction (a
    new negative row) when attendance is undone; points again if they come back to present."""
    session = registration.session
    ambassador = Ambassador.objects.filter(
        person_id=registration.person_id, status=Ambassador.Status.ENROLLED
    ).first()
    if ambassador is None:
        return
    points = session.track.programme.points
    net = _points_net(ambassador, registration)
    source = _training_source(registration)
    rows = PointsEntry.objects.filter(ambassador=ambassador, reason=PointsEntry.Reason.TRAINING).filter(
        Q(source=source) | Q(source__startswith=f"{source}:")
    )
    if registration.attendance == Attendance.PRESENT and net <= 0 and points:
        name = source if not rows.exists() else f"{source}:again:{rows.count()}"
        points_award(
            ambassador=ambassador,
            reason=PointsEntry.Reason.TRAINING,
            source=name,
            points=points,
            note=session.title[:200],
        )
    elif registration.attendance != Attendance.PRESENT and net > 0:
        points_award(
            ambassador=ambassador,
            reason=PointsEntry.Reason.TRAINING,
            source=f"{source}:undo:{rows.count()}",
            points=-net,
            note=session.title[:200],
        )


def _attendance_not_open() -> str:
    return _("Attendance can be recorded from 30 minutes before the session starts.")


def attendance_open(session: TrainingSession, *, now: datetime | None = None) -> bool:
    """Attendance (and the points that follow) can be recorded once check-in opens, not before."""
    return (now or _now()) >= session.starts_at - CHECK_IN_EARLY


def attendance_set(
    *, actor: Actor, registration: Registration, attendance: str, source: str = Source.MANUAL
) -> Registration:
    """Record present / absent (or "" to clear) for one registration; audited; points follow."""
    if attendance not in Attendance.values:
        raise ValidationError({"attendance": _("Choose present, absent or not recorded.")})
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("session__track__programme")
            .get(pk=registration.pk)
        )
        if registration.session.cancelled_at is not None:
            raise ValidationError(_("This session is cancelled."))
        if attendance and not attendance_open(registration.session):
            raise ValidationError(_attendance_not_open())
        if registration.attendance == attendance:
            return registration
        before = registration.attendance
        registration.attendance = attendance
        registration.attendance_source = source if attendance else ""
        registration.attendance_recorded_at = _now() if attendance else None
        user = actor if actor is not None and actor.is_authenticated else None
        registration.attendance_recorded_by = user  # type: ignore[assignment]
        if attendance == Attendance.PRESENT and registration.status != Status.REGISTERED:
            registration.status = Status.REGISTERED  # they came: a seat is theirs
            registration.waiting_since = None
            registration.cancelled_at = None
        registration.save()
        audit_record(
            actor=actor,
            action="training.attendance",
            organisation=registration.session.organisation,
            target=registration,
            changes={"attendance": [before, attendance], "source": [None, source]},
        )
        _points_follow(registration)
    return registration


def self_check_in(
    *, actor: Actor, session: TrainingSession, person: Person, now: datetime | None = None
) -> Registration:
    """A signed-in person confirms they are at the session (from 30 minutes before it starts to its end);
    someone who had not registered (a walk-in) gets a registration."""
    now = now or _now()
    if session.cancelled_at is not None:
        raise ValidationError(_("This session is cancelled."))
    if now < session.starts_at - CHECK_IN_EARLY:
        raise ValidationError(_("Check-in opens 30 minutes before the session starts."))
    if now > session.ends_at:
        raise ValidationError(_("This session is over: check-in is closed."))
    if person.organisation_id != session.organisation_id or not person.is_active:
        raise ValidationError(_("This session is not open to you."))
    with transaction.atomic():
        registration, _created = Registration.objects.get_or_create(
            session=session, person=person, defaults={"status": Status.REGISTERED}
        )
        return attendance_set(
            actor=actor, registration=registration, attendance=Attendance.PRESENT, source=Source.CHECK_IN
        )


# --- the sign-in sheet ------------------------------------------------------------------------------

EMAIL_HEADERS = {"email", "e_mail", "mail", "courriel", "adresse_e_mail", "adresse_email", "email_address"}
HR_ID_HEADERS = {
    "hr_id",
    "hr_identifier",
    "matricule",
    "identifiant_rh",
    "matricule_rh",
    "id_rh",
    "employee_id",
}
PRESENT_HEADERS = {"present", "presence", "attended", "attendance"}
YES = {"1", "x", "yes", "y", "oui", "o", "true", "vrai", "present", "présent", "présente", "presente"}
NO = {"0", "no", "n", "non", "false", "faux", "absent", "absente"}


@dataclass
class SheetReport:
    present: int = 0
    absent: int = 0
    walk_ins: int = 0
    unknown: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _column(headers: Iterable[str], names: set[str]) -> str | None:
    for header in headers:
        if normalise_header(header) in names:
            return header
    return None


def attendance_sheet_import(
    *, actor: Actor, session: TrainingSession, data: bytes, filename: str
) -> SheetReport:
    """Import a sign-in sheet (CSV/XLSX; an e-mail or HR identifier column, an optional "present"
    column). All or nothing: any error and nothing is recorded. Unknown people are listed; people who
    came without registering get a registration."""
    report = SheetReport()
    if session.cancelled_at is not None:
        report.errors.append(_("This session is cancelled."))
        return report
    if not attendance_open(session):
        report.errors.append(_attendance_not_open())
        return report
    try:
        table = read_table(data, filename=filename)
    except SpreadsheetErrors as error:
        report.errors = [_line_message(e.line, e.column, e.message) for e in error.errors]
        return report
    email_column = _column(table.headers, EMAIL_HEADERS)
    id_column = _column(table.headers, HR_ID_HEADERS)
    present_column = _column(table.headers, PRESENT_HEADERS)
    if email_column is None and id_column is None:
        report.errors.append(
            _('The file needs an "e-mail" or an "HR identifier" column; its columns are: %(columns)s.')
            % {"columns": ", ".join(table.headers) or "—"}
        )
        return report
    people = Person.objects.filter(organisation_id=session.organisation_id)
    by_email = {p.email.strip().lower(): p for p in people.exclude(email="")}
    by_id = {p.hr_id.strip().lower(): p for p in people}
    wanted: dict[int, tuple[Person, str]] = {}
    for row in table.rows:
        email = (row.values.get(email_column, "") if email_column else "").strip()
        hr_id = (row.values.get(id_column, "") if id_column else "").strip()
        if not email and not hr_id:
            column = email_column or id_column or ""
            report.errors.append(
                _line_message(row.line, column, _("Give an e-mail address or an HR identifier."))
            )
            continue
        attendance: str = Attendance.PRESENT
        if present_column:
            value = row.values.get(present_column, "").strip().lower()
            if value in YES:
                attendance = Attendance.PRESENT
            elif value in NO or value == "":
                attendance = Attendance.ABSENT
            else:
                report.errors.append(
                    _line_message(
                        row.line,
                        present_column,
                        _("“%(value)s” is not understood: write yes or no (oui / non, 1 / 0).")
                        % {"value": value},
                    )
                )
                continue
        person = (by_id.get(hr_id.lower()) if hr_id else None) or (
            by_email.get(email.lower()) if email else None
        )
        if person is None:
            report.unknown.append(email or hr_id)
            continue
        wanted[person.pk] = (person, attendance)
    if report.errors:
        return report
    with transaction.atomic():
        for person, attendance in wanted.values():
            registration = Registration.objects.filter(session=session, person=person).first()
            if registration is None:
                if attendance != Attendance.PRESENT:
                    continue
                registration = Registration.objects.create(
                    session=session, person=person, status=Status.REGISTERED
                )
                report.walk_ins += 1
            attendance_set(actor=actor, registration=registration, attendance=attendance, source=Source.SHEET)
            if attendance == Attendance.PRESENT:
                report.present += 1
            else:
                report.absent += 1
        audit_record(
            actor=actor,
            action="training.attendance.import",
            organisation=session.organisation,
            target=session,
            changes={
                "file": [None, filename],
                "present": [None, report.present],
                "absent": [None, report.absent],
                "walk_ins": [None, report.walk_ins],
                "unknown": [None, len(report.unknown)],
            },
        )
    return report


def _line_message(line: int | None, column: str | None, message: str) -> str:
    if line is None:
        return str(message)
    if column:
        return _("Line %(line)s, column “%(column)s”: %(message)s") % {
            "line": line,
            "column": column,
            "message": message,
        }
    return _("Line %(line)s: %(message)s") % {"line": line, "message": message}
