"""Reminders: the day before and one hour before, once each, never to waiting or cancelled people."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ambassade.training import services
from ambassade.training.tests.support import everyone_reads_english, registration_make, session_for


def test_reminders_go_the_day_before_and_an_hour_before_once_each(world, mail) -> None:
    everyone_reads_english(world.organisation)
    now = timezone.now()
    session = session_for(world.organisation, starts_at=now + timedelta(hours=20))
    registered = registration_make(session, world.people["employee"])
    registration_make(session, world.people["comms"], status="waiting")
    registration_make(session, world.people["manager"], status="cancelled")
    assert services.reminders_send(now=now) == 1
    assert services.reminders_send(now=now + timedelta(minutes=30)) == 0
    assert [m["To"] for m in mail.messages] == [world.people["employee"].email]
    assert mail.messages[0]["Subject"].startswith("Tomorrow")
    assert services.reminders_send(now=now + timedelta(hours=19, minutes=30)) == 1
    assert mail.messages[1]["Subject"].startswith("In one hour")
    assert services.reminders_send(now=now + timedelta(hours=19, minutes=45)) == 0
    registered.refresh_from_db()
    assert sorted(registered.reminders_sent) == ["day_before", "hour_before"]


def test_a_late_registration_gets_only_the_hour_before_reminder(world, mail) -> None:
    everyone_reads_english(world.organisation)
    now = timezone.now()
    session = session_for(world.organisation, starts_at=now + timedelta(minutes=40))
    registration_make(session, world.people["employee"])
    assert services.reminders_send(now=now) == 1
    assert services.reminders_send(now=now + timedelta(minutes=5)) == 0
    assert [m["Subject"][:11] for m in mail.messages] == ["In one hour"]


def test_cancelled_sessions_get_no_reminder(world, mail) -> None:
    session = session_for(world.organisation, starts_at=timezone.now() + timedelta(hours=5))
    registration_make(session, world.people["employee"])
    session.cancelled_at = timezone.now()
    session.save()
    assert services.reminders_send() == 0
