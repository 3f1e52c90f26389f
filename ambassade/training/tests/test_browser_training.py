"""Training in a real Chromium, in French and in English: an employee registers for a session, gets the
waiting list of a full one and downloads the .ics; an HR admin records attendance by check-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from ambassade.orgs.models import Membership
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create
from ambassade.training.models import Registration
from ambassade.training.tests.support import programme_make, registration_make, session_make, track_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "fr": {"registered": "Inscrit·e", "waiting": "Liste d'attente\u00a0: n°\u00a01", "present": "Présent"},
    "en": {"registered": "Registered", "waiting": "Waiting list: number 1", "present": "Present"},
}


@pytest.fixture
def live_world(transactional_db) -> World:
    return world_create()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_employee_registers_joins_a_waiting_list_and_downloads_the_ics(
    page, live_server, live_world, smtp_inbox, language: str
) -> None:
    Membership.objects.filter(organisation=live_world.organisation).update(language=language)
    texts = TEXTS[language]
    track = track_make(programme_make(live_world.organisation), audience=live_world.audiences["agents"])
    open_session = session_make(track, title="Atelier LinkedIn : soigner son profil", capacity=10)
    full = session_make(track, title="Séance photo", capacity=1, starts_at=timezone.now() + timedelta(days=9))
    registration_make(full, live_world.people["comms"])

    sign_in(page, "employee", PASSWORD)
    page.goto("/training/")
    row = page.locator(f"#session-{open_session.pk}")
    row.locator("button[type=submit]").click()
    expect(page.locator(f"#session-{open_session.pk} .status-registered")).to_have_text(texts["registered"])
    assert Registration.objects.get(session=open_session).status == "registered"

    page.locator(f"#session-{full.pk} button[type=submit]").click()
    expect(page.locator(f"#session-{full.pk} .status-waiting")).to_have_text(texts["waiting"])

    with page.expect_download() as download_info:
        page.locator(f"#session-{open_session.pk} a[download]").click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        calendar = Calendar.from_ical(handle.read())
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "REQUEST" and str(event["SUMMARY"]) == open_session.title
    assert page.console_errors == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_admin_records_attendance_by_check_in(page, live_server, live_world, language: str) -> None:
    Membership.objects.filter(organisation=live_world.organisation).update(language=language)
    now = timezone.now()
    session = session_make(
        track_make(programme_make(live_world.organisation)),
        starts_at=now - timedelta(minutes=10),
        ends_at=now + timedelta(hours=2),
    )
    registration = registration_make(session, live_world.people["employee"])

    sign_in(page, "admin", PASSWORD)
    page.goto(f"/training/sessions/{session.pk}/")
    form = page.locator(f"#attendance-{registration.pk}")
    form.get_by_role("button", name=TEXTS[language]["present"]).click()
    expect(page.locator(f'#attendance-{registration.pk} button[value="present"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    registration.refresh_from_db()
    assert registration.attendance == "present" and registration.attendance_source == "manual"
    assert page.console_errors == []
