"""What the review of the training screens found: attendance before a session, capacity raised with a
waiting list, reminders after a move, e-mails that fail, time zones on the wave pages, stale pages,
and a fixed number of queries on the session lists."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ambassade.ambassadors.models import PointsEntry
from ambassade.orgs.models import Membership
from ambassade.testing.programme import ambassador_enrol
from ambassade.training import services
from ambassade.training.models import Registration, TrainingSession, Wave, WaveInvitation
from ambassade.training.tests.support import (
    programme_make,
    registration_make,
    session_for,
    session_make,
    track_make,
)

Status = Registration.Status


@pytest.fixture(autouse=True)
def _english(world: Any) -> None:
    """Everyone reads English here (the French is checked by the browser tests)."""
    Membership.objects.filter(organisation=world.organisation).update(language="en")


# --- attendance before the session ------------------------------------------------------------------


def test_attendance_cannot_be_recorded_before_the_session_opens_nor_points_credited(world) -> None:
    ambassador_enrol(world.people["employee"])
    session = session_for(world.organisation, starts_at=timezone.now() + timedelta(days=7))
    registration = registration_make(session, world.people["employee"])
    with pytest.raises(ValidationError, match="30 minutes before"):
        services.attendance_set(actor=world.users["admin"], registration=registration, attendance="present")
    registration.refresh_from_db()
    assert registration.attendance == "" and not PointsEntry.objects.exists()


def test_a_sign_in_sheet_for_a_session_to_come_is_refused_with_a_message(world) -> None:
    session = session_for(world.organisation, starts_at=timezone.now() + timedelta(days=7))
    registration_make(session, world.people["employee"])
    data = f"email\n{world.people['employee'].email}\n".encode()
    report = services.attendance_sheet_import(actor=None, session=session, data=data, filename="x.csv")
    assert report.errors and "30 minutes before" in report.errors[0]
    assert not Registration.objects.filter(attendance="present").exists()


def test_the_session_page_offers_attendance_buttons_only_once_the_session_opens(world, login) -> None:
    later = session_for(world.organisation, starts_at=timezone.now() + timedelta(days=7))
    registration = registration_make(later, world.people["employee"])
    client = login("admin")
    page = client.get(reverse("training_session_detail", args=[later.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert f'id="attendance-{registration.pk}"' not in page.content.decode()
    assert "Attendance can be recorded from 30 minutes before the session starts." in page.content.decode()
    now = timezone.now()
    started = session_for(
        world.organisation, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1)
    )
    registration = registration_make(started, world.people["employee"])
    page = client.get(reverse("training_session_detail", args=[started.pk]))
    assert f'id="attendance-{registration.pk}"' in page.content.decode()


# --- capacity and the waiting list ------------------------------------------------------------------


def test_raising_the_capacity_gives_the_new_seats_to_the_waiting_list_in_order(world, mail) -> None:
    session = session_for(world.organisation, capacity=1)
    services.registration_create(actor=None, session=session, person=world.people["comms"])
    first = services.registration_create(actor=None, session=session, person=world.people["employee"])
    second = services.registration_create(actor=None, session=session, person=world.people["manager"])
    mail.messages.clear()
    services.session_update(actor=world.users["admin"], session=session, values={"capacity": 2})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.REGISTERED, Status.WAITING)
    assert services.waiting_position(second) == 1
    assert [m["To"] for m in mail.messages] == [world.people["employee"].email]
    services.session_update(actor=world.users["admin"], session=session, values={"capacity": None})
    second.refresh_from_db()
    assert second.status == Status.REGISTERED


# --- reminders --------------------------------------------------------------------------------------


def test_a_session_moved_to_a_later_day_gets_its_reminders_again(world, mail) -> None:
    now = timezone.now()
    session = session_for(world.organisation, starts_at=now + timedelta(hours=20))
    registration_make(session, world.people["employee"])
    assert services.reminders_send(now=now) == 1
    values = {"starts_at": now + timedelta(days=7), "ends_at": now + timedelta(days=7, hours=2)}
    services.session_update(actor=world.users["admin"], session=session, values=values)
    assert services.reminders_send(now=now + timedelta(days=6, hours=4)) == 1
    assert mail.messages[-1]["Subject"].startswith("Tomorrow")


def test_a_reminder_for_a_session_later_the_same_day_says_today(world, mail) -> None:
    zone = ZoneInfo("Europe/Paris")
    now = datetime(2030, 3, 12, 8, 0, tzinfo=zone)
    session = session_for(
        world.organisation,
        starts_at=datetime(2030, 3, 12, 17, 0, tzinfo=zone),
        ends_at=now + timedelta(hours=11),
    )
    registration_make(session, world.people["employee"])
    assert services.reminders_send(now=now) == 1
    assert mail.messages[0]["Subject"].startswith("Today")


def test_a_reminder_that_fails_to_send_is_tried_again_at_the_next_run(world, mail, monkeypatch) -> None:
    now = timezone.now()
    session = session_for(world.organisation, starts_at=now + timedelta(hours=20))
    registration = registration_make(session, world.people["employee"])
    other = registration_make(session, world.people["comms"])
    original = EmailMultiAlternatives.send
    calls: list[str] = []

    def flaky(self: EmailMultiAlternatives, fail_silently: bool = False) -> int:
        calls.append(self.to[0])
        if self.to == [world.people["employee"].email] and len(calls) == 1:
            raise OSError("SMTP server unreachable")
        return original(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    services.reminders_send(now=now)
    registration.refresh_from_db()
    other.refresh_from_db()
    assert registration.reminders_sent == [] and other.reminders_sent == ["day_before"]
    assert services.reminders_send(now=now + timedelta(hours=1)) == 1
    assert sorted(m["To"] for m in mail.messages) == sorted(
        [world.people["employee"].email, world.people["comms"].email]
    )


# --- waves ------------------------------------------------------------------------------------------


def _agents_wave(world: Any) -> Wave:
    wave = Wave.objects.create(programme=programme_make(world.organisation), name="Vague 1")
    wave.audiences.set([world.audiences["agents"]])
    return wave


def test_a_wave_email_that_fails_is_sent_when_the_wave_is_sent_again(world, mail, monkeypatch, login) -> None:
    wave = _agents_wave(world)
    people = list(services.wave_people(wave=wave))
    assert len(people) >= 2
    failing = people[0].email
    original = EmailMultiAlternatives.send

    def flaky(self: EmailMultiAlternatives, fail_silently: bool = False) -> int:
        if self.to == [failing]:
            raise OSError("SMTP server unreachable")
        return original(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    services.wave_send(actor=world.users["admin"], wave=wave)
    assert failing not in [m["To"] for m in mail.messages]
    assert len(mail.messages) == len(people) - 1
    assert not WaveInvitation.objects.filter(person=people[0], sent_at__isnull=False).exists()
    page = login("admin").get(reverse("training_wave_detail", args=[wave.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Send to the 1 person not yet e-mailed" in page.content.decode()
    monkeypatch.setattr(EmailMultiAlternatives, "send", original)
    mail.messages.clear()
    services.wave_send(actor=world.users["admin"], wave=wave)
    assert [m["To"] for m in mail.messages] == [failing]


def test_wave_dates_are_shown_and_entered_in_the_organisations_time_zone(world, login) -> None:
    world.organisation.time_zone = "America/Montreal"
    world.organisation.save()
    programme = programme_make(world.organisation)
    client = login("admin")
    response = client.post(
        reverse("training_wave_new", args=[programme.pk]),
        {
            "name": "Vague",
            "position": 1,
            "audiences": [world.audiences["agents"].pk],
            "send_at": "2030-03-12T10:00",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    wave = Wave.objects.get()
    assert response.status_code == 302
    assert wave.send_at == datetime(2030, 3, 12, 10, 0, tzinfo=ZoneInfo("America/Montreal"))
    for url in (
        reverse("training_wave_detail", args=[wave.pk]),
        reverse("training_programme_detail", args=[programme.pk]),
    ):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "10:00" in page or "10 a.m." in page, url
    form = client.get(reverse("training_wave_new", args=[programme.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "America/Montreal" in form.content.decode()


def test_a_wave_to_be_sent_at_a_moment_already_past_is_refused_with_a_message(world, login) -> None:
    programme = programme_make(world.organisation)
    response = login("admin").post(
        reverse("training_wave_new", args=[programme.pk]),
        {"name": "Vague", "position": 1, "include_managers_teams": "on", "send_at": "2001-01-01T10:00"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and not Wave.objects.exists()
    assert "This moment has passed" in response.content.decode()


# --- stale pages: a session cancelled or started meanwhile ---------------------------------------------


@pytest.mark.parametrize("change", ["cancelled", "started"])
def test_registering_for_a_session_cancelled_or_started_meanwhile_says_so(world, login, change: str) -> None:
    session = session_for(world.organisation)
    if change == "cancelled":
        session.cancelled_at = timezone.now()
    else:
        session.starts_at = timezone.now() - timedelta(minutes=1)
    session.save()
    client = login("employee")
    response = client.post(
        reverse("training_session_register", args=[session.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    expected = "This session is cancelled." if change == "cancelled" else "registration is closed"
    assert expected in response.content.decode()
    assert not Registration.objects.exists()


def test_my_training_shows_cancelled_past_sessions_as_cancelled_and_offers_check_in_during_one(
    world, login
) -> None:
    now = timezone.now()
    running = session_for(
        world.organisation,
        title="Atelier en cours",
        starts_at=now - timedelta(minutes=10),
        ends_at=now + timedelta(hours=1),
    )
    registration_make(running, world.people["employee"])
    gone = session_for(world.organisation, title="Atelier annulé", starts_at=now - timedelta(days=2))
    gone.cancelled_at = now - timedelta(days=3)
    gone.save()
    registration_make(gone, world.people["employee"])
    page = login("employee").get(reverse("training_mine"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert reverse("training_check_in", args=[running.pk]) in page
    past = page.split('id="past"', 1)[1]
    cancelled_item = past.split("Atelier annulé", 1)[1].split("</li>", 1)[0]
    assert "cancelled" in cancelled_item and "attendance not recorded" not in cancelled_item


# --- queries ----------------------------------------------------------------------------------------


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_session_lists_take_the_same_number_of_queries_for_2_or_12_sessions(world, login) -> None:
    programme = programme_make(world.organisation)
    track = track_make(programme)
    admin = login("admin")
    from django.test import Client

    employee = Client()
    employee.force_login(world.users["employee"])
    urls = [
        (admin, reverse("training_programme_detail", args=[programme.pk])),
        (admin, reverse("training_track_detail", args=[track.pk])),
        (employee, reverse("training_mine")),
    ]

    def add(count: int) -> None:
        for _ in range(count):
            session = session_make(track)
            registration_make(session, world.people["employee"])
            past = session_make(track, starts_at=timezone.now() - timedelta(days=3))
            registration_make(past, world.people["employee"])

    add(2)
    few = [_queries(client, url) for client, url in urls]
    add(10)
    many = [_queries(client, url) for client, url in urls]
    assert many == few
    assert TrainingSession.objects.count() == 24
