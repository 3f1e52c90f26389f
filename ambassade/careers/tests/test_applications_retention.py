"""Candidates' data is kept as long as the CNIL's recruitment guidance allows, then erased for good."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ambassade.careers.applications import application_erase_due, application_move, application_note_add
from ambassade.careers.models import Application, ApplicationNote, JobOffer
from ambassade.careers.tests.application_factories import application_create, offer_create, pdf_bytes
from ambassade.core import periodic, personal_data
from ambassade.core.models import AuditEvent
from ambassade.orgs.models import Membership
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db

DECIDED = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path
    yield


@pytest.fixture
def offer(world: World) -> JobOffer:
    return offer_create(world.hq)


def _decided(offer: JobOffer, stage: str, *, at: datetime = DECIDED, **values) -> Application:
    application = application_create(offer, cv=pdf_bytes(), created_at=at - timedelta(days=10), **values)
    return application_move(actor=None, application=application, stage=stage, now=at)


def _erased(application: Application) -> bool:
    application.refresh_from_db()
    return application.erased_at is not None


# --- when ------------------------------------------------------------------------------------------------


def test_a_rejected_candidate_is_kept_3_months_after_the_decision_then_erased(offer) -> None:
    rejected = _decided(offer, "rejected")
    assert application_erase_due(now=DECIDED + timedelta(days=90)) == 0
    assert not _erased(rejected)
    assert application_erase_due(now=DECIDED + timedelta(days=92)) == 1
    assert _erased(rejected)


def test_a_rejected_candidate_in_the_talent_pool_is_kept_2_years_after_the_last_contact(offer) -> None:
    pooled = _decided(offer, "rejected", talent_pool=True)
    assert application_erase_due(now=DECIDED + timedelta(days=400)) == 0
    assert application_erase_due(now=DECIDED + timedelta(days=731)) == 1
    assert _erased(pooled)


def test_any_other_application_goes_2_years_after_the_last_contact(offer) -> None:
    waiting = application_create(offer, last_contact_at=DECIDED)
    hired = _decided(offer, "hired")
    assert application_erase_due(now=DECIDED + timedelta(days=700)) == 0
    assert application_erase_due(now=DECIDED + timedelta(days=731)) == 2
    assert _erased(waiting) and _erased(hired)


def test_a_recent_contact_keeps_a_talent_pool_application(offer) -> None:
    pooled = _decided(offer, "rejected", talent_pool=True)
    application_move(actor=None, application=pooled, stage="screening", now=DECIDED + timedelta(days=700))
    assert application_erase_due(now=DECIDED + timedelta(days=800)) == 0


def test_running_the_job_twice_erases_once(offer) -> None:
    _decided(offer, "rejected")
    later = DECIDED + timedelta(days=100)
    assert application_erase_due(now=later) == 1
    assert application_erase_due(now=later) == 0
    assert AuditEvent.objects.filter(action="application.erase").count() == 1


# --- what ------------------------------------------------------------------------------------------------


def test_erasing_deletes_the_cv_and_the_personal_fields_but_keeps_the_figures(
    offer, world, django_capture_on_commit_callbacks
) -> None:
    rejected = _decided(offer, "rejected", source_channel="linkedin", phone="0612345678", message="Hi")
    application_note_add(actor=world.users["recruiter"], application=rejected, text="Not senior enough.")
    cv_path = Path(rejected.cv.path)
    assert cv_path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        application_erase_due(now=DECIDED + timedelta(days=100))
    rejected.refresh_from_db()
    assert not cv_path.exists()
    personal = ("first_name", "last_name", "email", "phone", "message", "cv_filename")
    assert [getattr(rejected, field) for field in personal] == [""] * len(personal)
    assert not rejected.cv
    assert not ApplicationNote.objects.exists()
    assert (rejected.stage, rejected.offer, rejected.source_channel) == ("rejected", offer, "linkedin")
    assert rejected.decided_at == DECIDED and rejected.erased_at == DECIDED + timedelta(days=100)


def test_the_audit_log_no_longer_names_an_erased_candidate(offer) -> None:
    rejected = _decided(offer, "rejected", first_name="Zoé", last_name="Unique")
    assert AuditEvent.objects.filter(target_label__contains="Unique").exists()
    application_erase_due(now=DECIDED + timedelta(days=100))
    assert not AuditEvent.objects.filter(target_label__contains="Unique").exists()
    assert AuditEvent.objects.filter(target_id=str(rejected.pk), action="application.move").exists()


def test_erased_applications_leave_the_pipeline(login, offer) -> None:
    from django.urls import reverse

    rejected = _decided(offer, "rejected")
    application_erase_due(now=DECIDED + timedelta(days=100))
    client = login("recruiter")
    assert client.get(reverse("application_detail", args=[rejected.pk])).status_code == 404


def test_the_retention_job_is_declared_daily() -> None:
    job = periodic.jobs["ambassade.careers.application_periodic.applications_erase_expired"]
    assert job.every == timedelta(days=1)


# --- the personal-data registry (staff side) ------------------------------------------------------------


def test_both_models_are_in_the_personal_data_registry() -> None:
    labels = {handler.model._meta.label for handler in personal_data.registered_handlers()}
    assert {"careers.Application", "careers.ApplicationNote"} <= labels
    assert "careers.Application" not in personal_data.unregistered_personal_models()
    assert "careers.ApplicationNote" not in personal_data.unregistered_personal_models()


def test_a_staff_member_s_export_holds_their_notes_and_own_applications(world, offer) -> None:
    recruiter = world.people["recruiter"]
    theirs = application_create(offer, email=recruiter.email.upper(), first_name="Romain")
    application_note_add(actor=world.users["recruiter"], application=theirs, text="Internal move.")
    exported = personal_data.person_data_export(person=recruiter)
    assert [row["first_name"] for row in exported["careers.Application"]] == ["Romain"]
    assert [row["text"] for row in exported["careers.ApplicationNote"]] == ["Internal move."]


def test_erasing_a_staff_member_keeps_their_notes_without_their_name(world, offer) -> None:
    other = application_create(offer)
    application_note_add(actor=world.users["recruiter"], application=other, text="Strong profile.")
    personal_data.person_data_erase(person=world.people["recruiter"])
    note = ApplicationNote.objects.get()
    assert note.author is None and note.text == "Strong profile."
    assert not Membership.objects.filter(person=world.people["recruiter"]).exists()


# --- the candidate's own request: by e-mail address ---------------------------------------------------


def test_a_candidate_s_data_is_exported_by_e_mail(offer, world) -> None:
    application_create(offer, email="Claire@Example.net", first_name="Claire")
    application_create(None, entity=world.hq, email="claire@example.net", first_name="Claire")
    application_create(offer, email="someone@example.net")
    out = StringIO()
    call_command("candidate_data", "export", "--email", "claire@example.net", stdout=out)
    data = json.loads(out.getvalue())
    assert [row["first_name"] for row in data["applications"]] == ["Claire", "Claire"]
    assert {"consent_text", "consent_at", "stage", "notes", "cv"} <= set(data["applications"][0])


def test_a_candidate_s_data_is_erased_by_e_mail(offer) -> None:
    claire = application_create(offer, email="claire@example.net", cv=pdf_bytes())
    kept = application_create(offer, email="someone@example.net")
    out = StringIO()
    call_command("candidate_data", "erase", "--email", "CLAIRE@example.net", "--yes", stdout=out)
    assert json.loads(out.getvalue()) == {"erased": 1}
    assert _erased(claire) and not _erased(kept)
    assert AuditEvent.objects.filter(action="candidate.erase").count() == 1


def test_the_command_can_be_limited_to_one_organisation(offer, world) -> None:
    application_create(offer, email="claire@example.net")
    out = StringIO()
    call_command(
        "candidate_data", "export", "--email", "claire@example.net", "--organisation",
        world.foreign_organisation.slug, stdout=out,
    )  # fmt: skip
    assert json.loads(out.getvalue()) == {"applications": []}


def test_the_command_names_a_bad_address_or_organisation() -> None:
    with pytest.raises(CommandError, match="is not an e-mail address"):
        call_command("candidate_data", "export", "--email", "claire")
    with pytest.raises(CommandError, match="No organisation 'nowhere'"):
        call_command("candidate_data", "export", "--email", "a@b.example", "--organisation", "nowhere")
