"""Personal data of training: registrations and wave invitations are exported and erased."""

from __future__ import annotations

from django.utils import timezone

from ambassade.core.personal_data import person_data_erase, person_data_export, unregistered_personal_models
from ambassade.training.models import Registration, Wave, WaveInvitation
from ambassade.training.tests.support import programme_make, registration_make, session_for


def test_registrations_and_invitations_are_exported_and_erased(world) -> None:
    session = session_for(world.organisation)
    person = world.people["employee"]
    registration_make(session, person, attendance="present", attendance_recorded_by=world.users["admin"])
    wave = Wave.objects.create(
        programme=programme_make(world.organisation), name="Vague 3", created_by=world.users["admin"]
    )
    WaveInvitation.objects.create(wave=wave, person=person, sent_at=timezone.now())
    exported = person_data_export(person=person)
    assert exported["training.Registration"][0]["attendance"] == "present"
    assert exported["training.Registration"][0]["session"] == session.title
    assert exported["training.WaveInvitation"][0]["wave"] == "Vague 3"
    assert person_data_export(person=world.people["admin"])["training.Wave"][0]["wave"] == "Vague 3"
    person_data_erase(person=world.people["admin"])
    wave.refresh_from_db()
    assert wave.created_by is None
    assert Registration.objects.get().attendance_recorded_by is None
    person_data_erase(person=person)
    assert not Registration.objects.exists() and not WaveInvitation.objects.exists()


def test_every_training_model_naming_a_person_is_in_the_registry() -> None:
    assert [label for label in unregistered_personal_models() if label.startswith("training.")] == []


def test_erasing_someone_with_a_seat_gives_it_to_the_first_person_waiting(world, mail) -> None:
    from ambassade.training import services

    session = session_for(world.organisation, capacity=1)
    services.registration_create(actor=None, session=session, person=world.people["employee"])
    waiting = services.registration_create(actor=None, session=session, person=world.people["manager"])
    assert waiting.status == Registration.Status.WAITING
    person_data_erase(person=world.people["employee"])
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED
    assert world.people["manager"].email in [message["To"] for message in mail.messages]
