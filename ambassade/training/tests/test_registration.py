"""Registration: seats, the waiting list, cancelling, the e-mails with their .ics, and overbooking."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from icalendar import Calendar

from ambassade.core.models import AuditEvent
from ambassade.testing.factories import person_create
from ambassade.training import services
from ambassade.training.models import Registration
from ambassade.training.tests.support import everyone_reads_english, session_for

Status = Registration.Status


def _calendars(message) -> list[Calendar]:
    return [
        Calendar.from_ical(part.get_payload(decode=True))
        for part in message.walk()
        if part.get_content_type() == "text/calendar"
    ]


def test_a_person_gets_a_seat_and_an_email_with_the_calendar_invitation(world, mail) -> None:
    session = session_for(world.organisation, capacity=2)
    person = world.people["employee"]
    registration = services.registration_create(actor=None, session=session, person=person)
    assert registration.status == Status.REGISTERED
    assert [message["To"] for message in mail.messages] == [person.email]
    calendars = _calendars(mail.messages[0])
    assert len(calendars) == 1 and calendars[0]["METHOD"] == "REQUEST"
    assert AuditEvent.objects.filter(action="training.registration.create").count() == 1


def test_registering_twice_keeps_one_registration(world) -> None:
    session = session_for(world.organisation)
    first = services.registration_create(actor=None, session=session, person=world.people["employee"])
    again = services.registration_create(actor=None, session=session, person=world.people["employee"])
    assert first.pk == again.pk
    assert Registration.objects.count() == 1


def test_a_full_session_puts_the_next_person_on_the_waiting_list_with_their_position(world, mail) -> None:
    everyone_reads_english(world.organisation)
    session = session_for(world.organisation, capacity=1)
    services.registration_create(actor=None, session=session, person=world.people["comms"])
    second = services.registration_create(actor=None, session=session, person=world.people["employee"])
    third = services.registration_create(actor=None, session=session, person=world.people["manager"])
    assert (second.status, third.status) == (Status.WAITING, Status.WAITING)
    assert services.waiting_position(second) == 1
    assert services.waiting_position(third) == 2
    waiting_mail = mail.messages[1]
    assert "waiting list" in waiting_mail["Subject"] and not _calendars(waiting_mail)


def test_cancelling_a_seat_promotes_the_first_waiting_person_who_is_emailed(world, mail) -> None:
    session = session_for(world.organisation, capacity=1)
    first = services.registration_create(actor=None, session=session, person=world.people["comms"])
    waiting = services.registration_create(actor=None, session=session, person=world.people["employee"])
    services.registration_create(actor=None, session=session, person=world.people["manager"])
    mail.messages.clear()
    services.registration_cancel(actor=None, registration=first)
    waiting.refresh_from_db()
    assert waiting.status == Status.REGISTERED and waiting.waiting_since is None
    later = Registration.objects.get(person=world.people["manager"])
    assert later.status == Status.WAITING and services.waiting_position(later) == 1
    recipients = {message["To"]: message for message in mail.messages}
    assert set(recipients) == {world.people["comms"].email, world.people["employee"].email}
    assert _calendars(recipients[world.people["comms"].email])[0]["METHOD"] == "CANCEL"
    assert _calendars(recipients[world.people["employee"].email])[0]["METHOD"] == "REQUEST"


def test_a_cancelled_session_cannot_be_joined(world) -> None:
    session = session_for(world.organisation)
    services.session_cancel(actor=None, session=session)
    with pytest.raises(ValidationError, match="cancelled"):
        services.registration_create(actor=None, session=session, person=world.people["employee"])


def test_a_past_session_cannot_be_joined(world) -> None:
    session = session_for(world.organisation, starts_at=timezone.now() - timedelta(hours=3))
    with pytest.raises(ValidationError, match="already started"):
        services.registration_create(actor=None, session=session, person=world.people["employee"])


def test_registering_again_after_cancelling_takes_a_new_place(world) -> None:
    session = session_for(world.organisation, capacity=1)
    mine = services.registration_create(actor=None, session=session, person=world.people["employee"])
    services.registration_cancel(actor=None, registration=mine)
    services.registration_create(actor=None, session=session, person=world.people["comms"])
    again = services.registration_create(actor=None, session=session, person=world.people["employee"])
    assert again.pk == mine.pk and again.status == Status.WAITING


@pytest.mark.django_db(transaction=True)
def test_many_people_asking_for_the_last_seats_at_once_never_overbook(settings) -> None:
    from ambassade.testing.factories import world_create

    world = world_create()
    session = session_for(world.organisation, capacity=3)
    people = [person_create(world.hq, world.unit) for _ in range(8)]
    errors: list[Exception] = []
    barrier = threading.Barrier(len(people))

    def register(person) -> None:
        try:
            barrier.wait(timeout=10)
            for attempt in range(20):
                try:
                    services.registration_create(actor=None, session=session, person=person)
                    return
                except Exception as error:  # SQLite: "database is locked" while another writer commits
                    if "locked" not in str(error) or attempt == 19:
                        raise
                    threading.Event().wait(0.05)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = list(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count(Status.REGISTERED) == 3
    assert statuses.count(Status.WAITING) == 5
