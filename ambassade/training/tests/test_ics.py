"""The iCalendar invitations: real .ics files that calendar programs accept (parsed with icalendar)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from ambassade.training import ics, services
from ambassade.training.tests.support import registration_make, session_for


def _event(content: bytes):
    calendar = Calendar.from_ical(content)
    events = [component for component in calendar.walk() if component.name == "VEVENT"]
    assert len(events) == 1
    return calendar, events[0]


def test_the_invitation_is_a_vcalendar_with_a_stable_uid_and_utc_times(world) -> None:
    starts = datetime(2027, 3, 12, 9, 30, tzinfo=UTC)
    session = session_for(world.organisation, starts_at=starts, ends_at=starts + timedelta(hours=2))
    person = world.people["employee"]
    calendar, event = _event(ics.session_calendar(session=session, person=person))
    assert (
        calendar["PRODID"] == ics.PRODID and calendar["VERSION"] == "2.0" and calendar["METHOD"] == "REQUEST"
    )
    assert event["UID"] == f"training-session-{session.pk}@127.0.0.1"
    assert event.decoded("DTSTART") == starts and event.decoded("DTEND") == starts + timedelta(hours=2)
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert "DTSTAMP" in event and event["SEQUENCE"] == 0
    assert str(event["SUMMARY"]) == session.title and str(event["LOCATION"]) == session.place
    assert str(event["URL"]).startswith("http://127.0.0.1:8000/training/")
    assert session.trainer in str(event["DESCRIPTION"])
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert str(event["ATTENDEE"]) == f"mailto:{person.email}"
    again = _event(ics.session_calendar(session=session, person=person))[1]
    assert again["UID"] == event["UID"]


def test_moving_a_session_bumps_its_sequence_and_emails_the_update(world, mail) -> None:
    session = session_for(world.organisation)
    registration_make(session, world.people["employee"])
    registration_make(session, world.people["comms"], status="waiting")
    services.session_update(actor=None, session=session, values={"place": "Salle Asie, siège"})
    session.refresh_from_db()
    assert session.ics_sequence == 1
    assert [message["To"] for message in mail.messages] == [world.people["employee"].email]
    part = next(p for p in mail.messages[0].walk() if p.get_content_type() == "text/calendar")
    calendar, event = _event(part.get_payload(decode=True))
    assert calendar["METHOD"] == "REQUEST" and event["SEQUENCE"] == 1
    assert str(event["LOCATION"]) == "Salle Asie, siège"


def test_changing_only_the_trainer_does_not_resend_the_invitation(world, mail) -> None:
    session = session_for(world.organisation)
    registration_make(session, world.people["employee"])
    services.session_update(actor=None, session=session, values={"trainer": "Marc Formateur"})
    session.refresh_from_db()
    assert session.ics_sequence == 0 and mail.messages == []


def test_cancelling_a_session_sends_method_cancel(world, mail) -> None:
    session = session_for(world.organisation)
    registration_make(session, world.people["employee"])
    services.session_cancel(actor=None, session=session)
    part = next(p for p in mail.messages[0].walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "CANCEL"
    calendar, event = _event(part.get_payload(decode=True))
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 1
