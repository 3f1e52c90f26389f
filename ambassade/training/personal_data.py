"""Personal data of training (see ambassade/core/personal_data.py): a person's registrations (status,
attendance, reminders sent) and the invitation waves that e-mailed them. Erasure deletes both; the
attendance counts of past sessions lose that person, and the points already credited stay in the ledger
(which the programme's personal data erases with the ambassador)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ambassade.core import personal_data
from ambassade.orgs.models import Membership, Person
from ambassade.training.models import Registration, Wave, WaveInvitation


def _user_id(person: Person) -> int | None:
    return Membership.objects.filter(person=person).values_list("user_id", flat=True).first()


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def registrations_export(person: Person) -> list[dict[str, Any]]:
    rows = []
    registrations = Registration.objects.filter(person=person).select_related("session__track__programme")
    for registration in registrations.order_by("created_at", "pk"):
        session = registration.session
        rows.append(
            {
                "programme": session.track.programme.name,
                "track": session.track.name,
                "session": session.title,
                "starts_at": _iso(session.starts_at),
                "status": registration.status,
                "registered_at": _iso(registration.created_at),
                "waiting_since": _iso(registration.waiting_since),
                "cancelled_at": _iso(registration.cancelled_at),
                "attendance": registration.attendance,
                "attendance_source": registration.attendance_source,
                "attendance_recorded_at": _iso(registration.attendance_recorded_at),
                "reminders_sent": list(registration.reminders_sent),
            }
        )
    return rows


def registrations_erase(person: Person) -> int:
    """Delete the person's registrations; the seats they held in future sessions go to the waiting list."""
    from ambassade.training.services import waiting_list_serve

    seats = Registration.objects.filter(
        person=person, status=Registration.Status.REGISTERED, session__starts_at__gt=timezone.now()
    )
    freed = list(seats.values_list("session_id", flat=True))
    count, _ = Registration.objects.filter(person=person).delete()
    waiting_list_serve(session_ids=freed)
    user_id = _user_id(person)
    if user_id is not None:  # attendance they recorded stays, without their name
        count += Registration.objects.filter(attendance_recorded_by_id=user_id).update(
            attendance_recorded_by=None
        )
    return count


def waves_export(person: Person) -> list[dict[str, Any]]:
    user_id = _user_id(person)
    if user_id is None:
        return []
    waves = Wave.objects.filter(created_by_id=user_id).select_related("programme")
    return [
        {"programme": wave.programme.name, "wave": wave.name, "created_at": _iso(wave.created_at)}
        for wave in waves.order_by("pk")
    ]


def waves_erase(person: Person) -> int:
    user_id = _user_id(person)
    if user_id is None:
        return 0
    return Wave.objects.filter(created_by_id=user_id).update(created_by=None)


def invitations_export(person: Person) -> list[dict[str, Any]]:
    invitations = WaveInvitation.objects.filter(person=person).select_related("wave__programme")
    return [
        {
            "programme": invitation.wave.programme.name,
            "wave": invitation.wave.name,
            "sent_at": _iso(invitation.sent_at),
        }
        for invitation in invitations.order_by("pk")
    ]


def invitations_erase(person: Person) -> int:
    count, _ = WaveInvitation.objects.filter(person=person).delete()
    return count


# Before the account (900) and the person record (1000).
personal_data.register(Registration, export=registrations_export, erase=registrations_erase, order=60)
personal_data.register(Wave, export=waves_export, erase=waves_erase, order=60)
personal_data.register(WaveInvitation, export=invitations_export, erase=invitations_erase, order=60)
