"""Invitation waves: who they choose, one e-mail per person in their language, sending when due."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ambassade.core.models import AuditEvent
from ambassade.orgs.models import Membership
from ambassade.testing.factories import person_create
from ambassade.testing.programme import ambassador_enrol
from ambassade.training import services
from ambassade.training.models import Wave, WaveInvitation
from ambassade.training.tests.support import programme_make, session_make, track_make


def _wave(programme, **choices) -> Wave:
    wave = Wave.objects.create(
        programme=programme, name="Vague", include_managers_teams=choices.pop("teams", False)
    )
    for name, items in choices.items():
        getattr(wave, name).set(items)
    return wave


def test_a_wave_chooses_active_people_with_an_email_matching_every_criterion(world) -> None:
    programme = programme_make(world.organisation)
    agents = world.audiences["agents"]
    person_create(world.hq, world.unit, audience=agents, email="")
    person_create(world.hq, world.unit, audience=agents, is_active=False)
    wave = _wave(programme, audiences=[agents], departments=[world.service])
    chosen = set(services.wave_people(wave=wave))
    assert world.people["employee"] in chosen  # in the unit, under the service
    assert world.people["comms"] in chosen
    assert all(p.audience == agents and p.email and p.is_active for p in chosen)
    assert not any(p.department == world.other_service for p in chosen)


def test_a_wave_of_line_managers_and_their_teams(world) -> None:
    programme = programme_make(world.organisation)
    boss = world.people["manager"]
    world.people["employee"].manager = boss
    world.people["employee"].save()
    chosen = set(services.wave_people(wave=_wave(programme, teams=True)))
    assert chosen == {boss, world.people["employee"]}


def test_an_empty_wave_chooses_nobody(world) -> None:
    assert list(services.wave_people(wave=_wave(programme_make(world.organisation)))) == []


def test_sending_a_wave_emails_each_person_once_with_the_sessions_that_fit_them(world, mail) -> None:
    programme = programme_make(world.organisation)
    agents_track = track_make(programme, name="Agents", audience=world.audiences["agents"])
    directors_track = track_make(programme, name="Directeurs", audience=world.audiences["directors"])
    session_make(agents_track, title="Atelier agents")
    session_make(directors_track, title="Atelier directeurs")
    Membership.objects.filter(person=world.people["comms"]).update(language="en")
    wave = _wave(programme, audiences=[world.audiences["agents"]], departments=[world.service])
    services.wave_send(actor=world.users["admin"], wave=wave)
    recipients = sorted(message["To"] for message in mail.messages)
    assert recipients == sorted(person.email for person in services.wave_people(wave=wave))
    assert len(recipients) == 8  # the employee, the comms officer and six agents of the web unit
    english = next(m for m in mail.messages if m["To"] == world.people["comms"].email)
    body = english.get_payload(decode=True).decode()
    assert "Atelier agents" in body and "Atelier directeurs" not in body and "Register:" in body
    assert WaveInvitation.objects.filter(wave=wave, sent_at__isnull=False).count() == 8
    assert AuditEvent.objects.filter(action="training.wave.send").count() == 1
    mail.messages.clear()
    services.wave_emails_send(wave_id=wave.pk)  # a resend
    later = _wave(programme, audiences=[world.audiences["agents"]])  # overlaps the first one
    services.wave_send(actor=None, wave=later)
    again = [m["To"] for m in mail.messages]
    assert (
        world.people["employee"].email not in again and len(again) == len(set(again)) == 3
    )  # finance agents


def test_an_expert_track_fits_expert_ambassadors_only(world) -> None:
    programme = programme_make(world.organisation)
    expert = track_make(programme, expertise="expert")
    person = world.people["employee"]
    assert services.track_fits(track=expert, person=person, ambassador=None)
    beginner = ambassador_enrol(person, expertise="beginner")
    assert not services.track_fits(track=expert, person=person, ambassador=beginner)
    beginner.expertise = "expert"
    assert services.track_fits(track=expert, person=person, ambassador=beginner)


def test_due_waves_are_sent_by_the_periodic_job(world, mail) -> None:
    programme = programme_make(world.organisation)
    due = _wave(programme, audiences=[world.audiences["executives"], world.audiences["directors"]])
    due.send_at = timezone.now() - timedelta(minutes=1)
    due.save()
    later = _wave(programme, audiences=[world.audiences["agents"]])
    later.send_at = timezone.now() + timedelta(days=1)
    later.save()
    services.waves_due_send()
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.sent_at is not None and later.sent_at is None
    assert [m["To"] for m in mail.messages] == [world.people["admin"].email]
