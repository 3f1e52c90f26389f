"""Attendance: check-in by an admin, self check-in, the sign-in sheet, and the points that follow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from ambassade.ambassadors.models import PointsEntry
from ambassade.core.models import AuditEvent
from ambassade.testing.programme import ambassador_enrol
from ambassade.training import services
from ambassade.training.models import Registration
from ambassade.training.tests.support import registration_make, session_for


def _points(ambassador) -> int:
    return PointsEntry.objects.filter(ambassador=ambassador).aggregate(total=Sum("points"))["total"] or 0


def _now_session(world, **values):
    now = timezone.now()
    return session_for(
        world.organisation, starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(hours=1)
    )


def test_present_earns_the_programme_points_and_undoing_adds_a_correction(world) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    session = _now_session(world)
    registration = registration_make(session, world.people["employee"])
    services.attendance_set(actor=world.users["admin"], registration=registration, attendance="present")
    entry = PointsEntry.objects.get(ambassador=ambassador)
    assert (entry.points, entry.reason, entry.source) == (15, "training", f"training:{registration.pk}")
    services.attendance_set(actor=world.users["admin"], registration=registration, attendance="absent")
    assert _points(ambassador) == 0
    assert PointsEntry.objects.filter(ambassador=ambassador, points=-15).count() == 1
    services.attendance_set(actor=world.users["admin"], registration=registration, attendance="present")
    services.attendance_set(actor=world.users["admin"], registration=registration, attendance="present")
    assert _points(ambassador) == 15
    assert AuditEvent.objects.filter(action="training.attendance").count() == 3


def test_people_who_are_not_enrolled_ambassadors_earn_no_points(world) -> None:
    registration = registration_make(_now_session(world), world.people["comms"])
    services.attendance_set(actor=None, registration=registration, attendance="present")
    registration.refresh_from_db()
    assert registration.attendance == "present" and registration.attendance_source == "manual"
    assert PointsEntry.objects.count() == 0


def test_self_check_in_is_open_from_half_an_hour_before_until_the_end(world) -> None:
    now = timezone.now()
    session = session_for(
        world.organisation, starts_at=now + timedelta(minutes=20), ends_at=now + timedelta(hours=2)
    )
    person = world.people["employee"]
    registration = services.self_check_in(actor=world.users["employee"], session=session, person=person)
    assert registration.attendance == "present" and registration.attendance_source == "check_in"
    with pytest.raises(ValidationError, match="30 minutes"):
        services.self_check_in(actor=None, session=session, person=person, now=now - timedelta(hours=1))
    with pytest.raises(ValidationError, match="over"):
        services.self_check_in(actor=None, session=session, person=person, now=now + timedelta(hours=3))


def test_a_walk_in_who_checks_in_gets_a_registration(world) -> None:
    session = _now_session(world)
    services.self_check_in(actor=None, session=session, person=world.people["manager"])
    registration = Registration.objects.get(session=session, person=world.people["manager"])
    assert registration.status == "registered" and registration.attendance == "present"


SHEET = "E-mail;Matricule;Présent\n{employee};;oui\n;{comms_id};non\n{manager};;x\ninconnu@example.org;;oui\n"


def test_a_sign_in_sheet_records_attendance_lists_unknown_people_and_registers_walk_ins(world) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    session = _now_session(world)
    registration_make(session, world.people["employee"])
    registration_make(session, world.people["comms"])
    data = SHEET.format(
        employee=world.people["employee"].email,
        comms_id=world.people["comms"].hr_id,
        manager=world.people["manager"].email,
    ).encode()
    report = services.attendance_sheet_import(
        actor=world.users["admin"], session=session, data=data, filename="feuille.csv"
    )
    assert report.errors == []
    assert (report.present, report.absent, report.walk_ins) == (2, 1, 1)
    assert report.unknown == ["inconnu@example.org"]
    attendance = dict(
        Registration.objects.filter(session=session).values_list("person__last_name", "attendance")
    )
    assert attendance == {"Employé": "present", "Comm": "absent", "Manager": "present"}
    assert _points(ambassador) == 15


def test_a_sign_in_sheet_with_an_error_records_nothing_and_names_the_line_and_column(world) -> None:
    session = _now_session(world)
    registration_make(session, world.people["employee"])
    employee, comms = world.people["employee"].email, world.people["comms"].email
    data = f"email,present\n{employee},yes\n{comms},maybe\n,yes\n".encode()
    report = services.attendance_sheet_import(actor=None, session=session, data=data, filename="sheet.csv")
    assert len(report.errors) == 2
    assert report.errors[0].startswith("Line 3, column “present”") and "maybe" in report.errors[0]
    assert report.errors[1].startswith("Line 4, column “email”")
    assert not Registration.objects.filter(attendance="present").exists()


def test_a_sign_in_sheet_without_an_identifying_column_is_refused(world) -> None:
    session = _now_session(world)
    report = services.attendance_sheet_import(
        actor=None, session=session, data=b"nom;prenom\nA;B\n", filename="x.csv"
    )
    assert report.errors and "e-mail" in report.errors[0] and "nom" in report.errors[0]
