"""The training screens: my training (register, waiting list, .ics), the admin screens, check-in."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from ambassade.core.models import AuditEvent
from ambassade.training.models import Registration, TrainingProgramme, TrainingSession, Wave
from ambassade.training.tests.support import (
    everyone_reads_english,
    programme_make,
    registration_make,
    session_for,
    session_make,
    track_make,
)


def test_an_employee_sees_the_sessions_open_to_them_and_registers(world, login, mail) -> None:
    programme = programme_make(world.organisation)
    mine = session_make(track_make(programme, audience=world.audiences["agents"]), title="Atelier agents")
    session_make(track_make(programme, audience=world.audiences["directors"]), title="Atelier directeurs")
    client = login("employee")
    page = client.get(reverse("training_mine"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Atelier agents" in page and "Atelier directeurs" not in page
    response = client.post(reverse("training_session_register", args=[mine.pk]))
    assert response.status_code == 302
    assert Registration.objects.get(session=mine).person == world.people["employee"]
    page = client.get(reverse("training_mine")).content.decode()
    assert reverse("training_session_ics", args=[mine.pk]) in page


def test_a_session_of_another_audience_cannot_be_joined(world, login) -> None:
    programme = programme_make(world.organisation)
    theirs = session_make(track_make(programme, audience=world.audiences["directors"]))
    response = login("employee").post(reverse("training_session_register", args=[theirs.pk]))
    assert response.status_code == 404 and not Registration.objects.exists()


def test_a_wave_invitation_opens_its_programmes_sessions_at_the_persons_audience(world, login) -> None:
    from ambassade.training.models import WaveInvitation

    programme = programme_make(world.organisation)
    session = session_make(track_make(programme, audience=world.audiences["agents"], expertise="expert"))
    from ambassade.testing.programme import ambassador_enrol

    ambassador_enrol(world.people["employee"], expertise="beginner")
    client = login("employee")
    assert session.title not in client.get(reverse("training_mine")).content.decode()
    wave = Wave.objects.create(programme=programme, name="Agents")
    WaveInvitation.objects.create(wave=wave, person=world.people["employee"], sent_at=timezone.now())
    assert session.title in client.get(reverse("training_mine")).content.decode()


def test_the_waiting_list_position_is_shown(world, login) -> None:
    everyone_reads_english(world.organisation)
    session = session_for(world.organisation, capacity=1)
    registration_make(session, world.people["comms"])
    client = login("employee")
    page = client.get(reverse("training_mine"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Join the waiting list" in page
    client.post(reverse("training_session_register", args=[session.pk]))
    page = client.get(reverse("training_mine")).content.decode()
    assert Registration.objects.get(person=world.people["employee"]).status == "waiting"
    assert 'class="status-waiting"' in page


def test_the_ics_download_is_a_calendar_for_the_person(world, login) -> None:
    session = session_for(world.organisation)
    registration_make(session, world.people["employee"])
    response = login("employee").get(reverse("training_session_ics", args=[session.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["ATTENDEE"]) == f"mailto:{world.people['employee'].email}"


def test_an_admin_creates_a_programme_a_track_and_a_session_in_the_organisations_time_zone(
    world, login
) -> None:
    world.organisation.time_zone = "America/Martinique"
    world.organisation.save()
    client = login("admin")
    response = client.post(
        reverse("training_programme_new"), {"name": "Ambassadeurs LinkedIn 2027", "points": 20}
    )
    programme = TrainingProgramme.objects.get()
    assert response.status_code == 302 and programme.points == 20
    client.post(
        reverse("training_track_new", args=[programme.pk]),
        {
            "name": "Directeurs · experts",
            "audience": world.audiences["directors"].pk,
            "expertise": "expert",
            "position": 1,
        },
    )
    track = programme.tracks.get()
    response = client.post(
        reverse("training_session_new", args=[track.pk]),
        {
            "kind": "workshop",
            "title": "Atelier image",
            "day": "2027-03-12",
            "start_time": "09:30",
            "end_time": "11:30",
            "place": "Fort-de-France",
            "capacity": "12",
        },
    )
    assert response.status_code == 302
    session = TrainingSession.objects.get()
    assert session.starts_at.isoformat() == "2027-03-12T13:30:00+00:00"  # 09:30 at UTC-4
    assert session.capacity == 12
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"training.programme.create", "training.track.create", "training.session.create"} <= actions
    page = client.get(reverse("training_session_detail", args=[session.pk])).content.decode()
    assert "9:30" in page or "09:30" in page


def test_a_session_ending_before_it_starts_is_refused_with_a_message(world, login) -> None:
    everyone_reads_english(world.organisation)
    track = track_make(programme_make(world.organisation))
    response = login("admin").post(
        reverse("training_session_new", args=[track.pk]),
        {
            "kind": "workshop",
            "title": "X",
            "day": "2027-03-12",
            "start_time": "11:00",
            "end_time": "10:00",
            "place": "Ici",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and "must end after it starts" in response.content.decode()


def test_an_admin_ticks_attendance_in_one_click(world, login) -> None:
    now = timezone.now()
    session = session_for(
        world.organisation, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1)
    )
    registration = registration_make(session, world.people["employee"])
    client = login("comms")
    response = client.post(
        reverse("training_attendance_set", args=[registration.pk]),
        {"attendance": "present"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    registration.refresh_from_db()
    assert (
        registration.attendance == "present" and registration.attendance_recorded_by == world.users["comms"]
    )


def test_the_sign_in_sheet_screen_lists_errors_and_records_nothing(world, login) -> None:
    everyone_reads_english(world.organisation)
    now = timezone.now()
    session = session_for(
        world.organisation, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1)
    )
    registration_make(session, world.people["employee"])
    upload = SimpleUploadedFile(
        "feuille.csv", f"courriel;présent\n{world.people['employee'].email};peut-être\n".encode()
    )
    response = login("admin").post(
        reverse("training_attendance_import", args=[session.pk]), {"file": upload}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "Line 2, column “présent”" in response.content.decode()
    assert not Registration.objects.filter(attendance="present").exists()


def test_the_wave_preview_counts_and_names_the_people(world, login) -> None:
    everyone_reads_english(world.organisation)
    programme = programme_make(world.organisation)
    client = login("admin")
    response = client.post(
        reverse("training_wave_new", args=[programme.pk]),
        {
            "name": "Vague 1 : direction générale",
            "position": 1,
            "audiences": [world.audiences["directors"].pk],
        },
    )
    wave = Wave.objects.get()
    assert response.status_code == 302
    page = client.get(
        reverse("training_wave_detail", args=[wave.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "1 person chosen" in page and world.people["admin"].full_name in page


def test_a_wave_without_any_criterion_is_refused(world, login) -> None:
    programme = programme_make(world.organisation)
    response = login("admin").post(
        reverse("training_wave_new", args=[programme.pk]), {"name": "Vide", "position": 1}
    )
    assert response.status_code == 200 and not Wave.objects.exists()


def test_the_check_in_page_records_the_signed_in_person(world, login) -> None:
    now = timezone.now()
    session = session_for(
        world.organisation, starts_at=now + timedelta(minutes=15), ends_at=now + timedelta(hours=2)
    )
    client = login("employee")
    page = client.get(reverse("training_check_in", args=[session.pk])).content.decode()
    assert "<form" in page
    client.post(reverse("training_check_in", args=[session.pk]))
    assert Registration.objects.get(session=session).attendance == "present"


def test_the_qr_code_is_an_svg(world, login) -> None:
    session = session_for(world.organisation)
    response = login("admin").get(reverse("training_session_qr", args=[session.pk]))
    assert response["Content-Type"] == "image/svg+xml" and b"<svg" in response.content
