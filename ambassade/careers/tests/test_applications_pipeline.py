"""Recruiters and HR admins work on applications: lists, the board, notes, stages, the CV."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ambassade.careers.application_selectors import application_counts_by_offer
from ambassade.careers.applications import application_erase, application_move, application_note_add
from ambassade.careers.models import Application, ApplicationNote, JobOffer
from ambassade.careers.tests.application_factories import application_create, offer_create, pdf_bytes
from ambassade.core.models import AuditEvent
from ambassade.links.models import Campaign, TrackedLink
from ambassade.testing.factories import World, entity_create

pytestmark = pytest.mark.django_db

ENGLISH = {"django_language": "en"}


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path
    yield


@pytest.fixture
def offer(world: World) -> JobOffer:
    return offer_create(world.hq, title="Développeuse web")


@pytest.fixture
def application(offer: JobOffer, world: World) -> Application:
    campaign = Campaign.objects.create(organisation=world.organisation, name="Rentrée", slug="rentree")
    link = TrackedLink.objects.create(
        organisation=world.organisation,
        code="src001",
        target_type="job",
        job=offer,
        channel="linkedin",
        ambassador=world.people["employee"],
        campaign=campaign,
    )
    return application_create(
        offer, cv=pdf_bytes(), source_link=link, source_channel="linkedin", message="Hello,\nI am keen."
    )


def _english(client):
    client.cookies.load(ENGLISH)
    return client


# --- who sees what -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["recruiter", "admin"])
def test_recruiters_and_hr_admins_see_an_application_with_its_source(login, application, persona) -> None:
    page = _english(login(persona)).get(reverse("application_detail", args=[application.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Alice Candidate" in html and "alice@example.net" in html
    assert "LinkedIn" in html and "Rentrée" in html
    assert "Émile Employé" in html  # the ambassador who shared the link
    assert "I am keen." in html
    assert reverse("application_cv", args=[application.pk]) in html


@pytest.mark.parametrize("persona", ["comms", "manager", "employee"])
def test_other_members_cannot_see_applications(login, application, persona) -> None:
    client = login(persona)
    assert client.get(reverse("application_list")).status_code == 403
    assert client.get(reverse("application_detail", args=[application.pk])).status_code == 403
    assert client.get(reverse("application_cv", args=[application.pk])).status_code == 403


def test_another_organisation_s_application_is_not_found(login, application) -> None:
    client = login("outsider")
    for name in ("application_detail", "application_cv"):
        assert client.get(reverse(name, args=[application.pk])).status_code == 404
    assert client.get(reverse("application_board", args=[application.offer_id])).status_code == 404
    assert "Alice" not in client.get(reverse("application_list")).content.decode()


def test_the_list_filters_by_offer_stage_and_channel(login, world, offer, application) -> None:
    other_offer = offer_create(world.hq, title="Comptable")
    application_create(other_offer, first_name="Bruno", email="bruno@example.net", stage="interview")
    application_create(offer, first_name="Chloé", email="chloe@example.net", source_channel="qr")
    application_create(None, entity=world.hq, first_name="Denis", email="denis@example.net")
    client = _english(login("recruiter"))

    def names(**query: str) -> set[str]:
        html = client.get(reverse("application_list"), query).content.decode()
        return {name for name in ("Alice", "Bruno", "Chloé", "Denis") if f" {name}</a>" in html}

    assert names() == {"Alice", "Bruno", "Chloé", "Denis"}
    assert names(offer=str(offer.pk)) == {"Alice", "Chloé"}
    assert names(stage="interview") == {"Bruno"}
    assert names(channel="qr") == {"Chloé"}
    assert names(channel="linkedin", offer=str(offer.pk)) == {"Alice"}
    assert names(offer="none") == {"Denis"}


def test_an_unknown_filter_value_is_named_not_a_crash(login, application) -> None:
    response = _english(login("recruiter")).get(
        reverse("application_list"), {"offer": "999999", "stage": "x"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_board_groups_an_offer_s_applications_by_stage(login, offer, application) -> None:
    application_create(offer, first_name="Bruno", email="bruno@example.net", stage="interview")
    html = _english(login("recruiter")).get(reverse("application_board", args=[offer.pk])).content.decode()
    stages = ["Received", "Screening", "Interview", "Offer", "Hired", "Rejected"]
    positions = [html.index(f'id="stage-{stage.lower()}">{stage}') for stage in stages]
    assert positions == sorted(positions)
    interview = html[positions[2] : positions[3]]
    assert "Bruno" in interview and "Alice" not in interview


# --- moving and noting --------------------------------------------------------------------------------


def test_a_recruiter_moves_an_application_and_the_move_is_audited(login, world, application) -> None:
    response = login("recruiter").post(
        reverse("application_stage", args=[application.pk]), {"stage": "interview"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == "interview" and application.decided_at is None
    event = AuditEvent.objects.get(action="application.move")
    assert event.actor == world.users["recruiter"]
    assert event.changes == {"stage": ["received", "interview"]}


@pytest.mark.parametrize("stage", ["hired", "rejected"])
def test_a_decision_is_dated_for_retention(world, application, stage) -> None:
    moment = timezone.now() - timedelta(days=3)
    moved = application_move(actor=world.users["recruiter"], application=application, stage=stage, now=moment)
    assert moved.decided_at == moment and moved.stage_changed_at == moment


def test_reopening_a_rejected_application_clears_the_decision(world, application) -> None:
    application_move(actor=None, application=application, stage="rejected")
    reopened = application_move(actor=None, application=application, stage="screening")
    assert reopened.decided_at is None


def test_an_unknown_stage_is_refused_with_the_stages_named(login, application) -> None:
    response = _english(login("recruiter")).post(
        reverse("application_stage", args=[application.pk]), {"stage": "shortlisted"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == "received"


def test_a_recruiter_adds_a_note(login, world, application) -> None:
    client = _english(login("recruiter"))
    response = client.post(reverse("application_note", args=[application.pk]), {"text": "Called, very good."})
    assert response.status_code == 302
    note = ApplicationNote.objects.get()
    assert note.author == world.users["recruiter"] and note.text == "Called, very good."
    assert (
        "Called, very good."
        in client.get(reverse("application_detail", args=[application.pk])).content.decode()
    )
    assert AuditEvent.objects.get(action="application.note_add").changes == {}  # the text stays out


def test_an_empty_note_is_refused_with_a_message(login, application) -> None:
    response = _english(login("recruiter")).post(
        reverse("application_note", args=[application.pk]), {"text": "  "}
    )
    assert response.status_code == 400
    assert "Write the note first." in response.content.decode()
    assert not ApplicationNote.objects.exists()


def test_an_erased_application_can_no_longer_move(world, application) -> None:
    from django.core.exceptions import ValidationError

    application_erase(pk=application.pk, reason="test")
    application.refresh_from_db()
    with pytest.raises(ValidationError):
        application_move(actor=None, application=application, stage="hired")
    with pytest.raises(ValidationError):
        application_note_add(actor=None, application=application, text="late")


# --- the CV ----------------------------------------------------------------------------------------------


def test_the_cv_downloads_as_an_attachment_with_safe_headers(login, application) -> None:
    response = login("recruiter").get(reverse("application_cv", args=[application.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Alice CV.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_an_unusual_file_name_cannot_break_the_header(login, application) -> None:
    Application.objects.filter(pk=application.pk).update(cv_filename='évil"\r\nX-Header: 1.pdf')
    response = login("recruiter").get(reverse("application_cv", args=[application.pk]))
    disposition = response["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    assert disposition.startswith("attachment; filename*=utf-8''")


def test_an_application_without_a_cv_has_nothing_to_download(login, offer) -> None:
    bare = application_create(offer)
    assert login("recruiter").get(reverse("application_cv", args=[bare.pk])).status_code == 404


# --- counts for the offers list ----------------------------------------------------------------------------


def test_counts_per_offer_and_stage_come_in_one_query(world, offer, django_assert_num_queries) -> None:
    other = offer_create(world.hq)
    application_create(offer)
    application_create(offer, stage="interview")
    erased = application_create(offer, stage="rejected")
    application_erase(pk=erased.pk, reason="test")
    foreign_entity = entity_create(world.foreign_organisation, "Ailleurs", slug="ailleurs")
    application_create(offer_create(foreign_entity))
    with django_assert_num_queries(1):
        counts = application_counts_by_offer([offer, other.pk])
    assert counts[offer.pk] == {
        "received": 1,
        "screening": 0,
        "interview": 1,
        "offer": 0,
        "hired": 0,
        "rejected": 1,  # erased, still counted: funnels must not shrink with retention
    }
    assert counts[other.pk] == dict.fromkeys(counts[offer.pk], 0)


def test_the_board_says_how_many_erased_applications_still_count(login, offer, application) -> None:
    erased = application_create(offer, stage="rejected", email="gone@example.net")
    application_erase(pk=erased.pk, reason="test")
    html = _english(login("recruiter")).get(reverse("application_board", args=[offer.pk])).content.decode()
    assert "1 more application was erased under the retention rules" in html
