"""Expiry and erasure (the hourly job), and the personal data of introducers and contacts."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from ambassade.careers.applications import (
    application_erase,
    candidate_data_erase,
    candidate_data_export,
)
from ambassade.core import personal_data
from ambassade.core.periodic import jobs
from ambassade.referrals.introductions import introductions_erase_due, introductions_expire
from ambassade.referrals.models import DoNotIntroduce, Introduction, ReferralSettings
from ambassade.referrals.rules import contact_hash
from ambassade.referrals.tests.introductions_factories import introduce

pytestmark = pytest.mark.django_db

JOB = "ambassade.referrals.introductions_periodic.introductions_retention"


def _fresh(introduction: Introduction) -> Introduction:
    introduction.refresh_from_db()
    return introduction


# --- expiry ----------------------------------------------------------------------------------------


def test_the_hourly_job_is_declared() -> None:
    assert jobs[JOB].every == timedelta(hours=1)


def test_a_pending_introduction_past_its_expiry_expires_once(world) -> None:
    due = introduce(world)
    waiting = introduce(world)
    Introduction.objects.filter(pk=due.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert introductions_expire() == 1
    assert introductions_expire() == 0  # idempotent
    assert _fresh(due).status == Introduction.Status.EXPIRED and due.status_changed_at is not None
    assert _fresh(waiting).status == Introduction.Status.PENDING
    assert _fresh(due).contact_email  # kept until the erasure period is over


def test_the_job_erases_unanswered_introductions_after_the_organisation_s_period(world) -> None:
    ReferralSettings.objects.update_or_create(
        organisation=world.organisation, defaults={"erase_after_days": 10}
    )
    old = introduce(world)
    recent = introduce(world)
    now = timezone.now()
    Introduction.objects.filter(pk=old.pk).update(
        status=Introduction.Status.EXPIRED, status_changed_at=now - timedelta(days=11)
    )
    Introduction.objects.filter(pk=recent.pk).update(
        status=Introduction.Status.EXPIRED, status_changed_at=now - timedelta(days=9)
    )
    jobs[JOB].task()
    jobs[JOB].task()  # twice: nothing more
    old, recent = _fresh(old), _fresh(recent)
    assert old.erased_at is not None and old.contact_name == old.contact_email == old.contact_hash == ""
    assert (
        old.relationship_note == "" and old.status == Introduction.Status.EXPIRED
    )  # the anonymous row stays
    assert old.introducer == world.people["employee"] and old.offer is not None
    assert recent.erased_at is None and recent.contact_email


def test_duplicates_are_erased_after_the_period_too(world, client) -> None:
    from django.test import TestCase

    from ambassade.careers.tests.application_factories import application_create, offer_create
    from ambassade.referrals.tests.introductions_factories import answer_data, answer_url

    offer = offer_create(world.hq)
    application_create(offer, email="claire@example.net", created_at=timezone.now() - timedelta(days=2))
    duplicate = introduce(world, offer=offer, contact_email="claire@example.net")
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(answer_url(duplicate), answer_data())
    assert _fresh(duplicate).status == Introduction.Status.DUPLICATE
    Introduction.objects.filter(pk=duplicate.pk).update(status_changed_at=timezone.now() - timedelta(days=31))
    assert introductions_erase_due() == 1 and introductions_erase_due() == 0
    assert _fresh(duplicate).contact_email == ""


def test_a_confirmed_introduction_is_erased_with_its_application(world, client) -> None:
    from django.test import TestCase

    from ambassade.referrals.tests.introductions_factories import answer_data, answer_url

    introduction = introduce(world, contact_email="claire@example.net")
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(answer_url(introduction), answer_data())
    introduction = _fresh(introduction)
    assert introductions_erase_due() == 0
    assert introduction.application_id is not None
    application_erase(pk=introduction.application_id, reason="retention")
    assert introductions_erase_due() == 1
    assert _fresh(introduction).contact_email == "" and introduction.status == Introduction.Status.CONFIRMED


# --- the introducer's personal data --------------------------------------------------------------------


def test_introductions_are_in_the_registry_and_the_list_is_declared() -> None:
    assert "referrals.Introduction" in {
        handler.model._meta.label for handler in personal_data.registered_handlers()
    }
    assert "referrals.Introduction" not in personal_data.unregistered_personal_models()
    assert "referrals.DoNotIntroduce" in personal_data._exempt


def test_an_introducer_s_export_lists_their_introductions_without_the_contact(world) -> None:
    introduce(world, contact_name="Claire Contact", contact_email="claire@example.net")
    exported = personal_data.person_data_export(person=world.people["employee"])["referrals.Introduction"]
    assert len(exported) == 1
    assert {"offer", "created_at", "status"} <= set(exported[0])
    assert "Claire" not in json.dumps(exported) and "claire@" not in json.dumps(exported)


def test_erasing_an_introducer_unlinks_them_and_keeps_the_contact_s_introduction(world) -> None:
    introduction = introduce(world, contact_email="claire@example.net")
    personal_data.person_data_erase(person=world.people["employee"])
    introduction = _fresh(introduction)
    assert introduction.introducer is None and introduction.relationship_note == ""
    assert introduction.contact_email == "claire@example.net"  # not theirs: it follows its own retention


# --- the contact's own request, by e-mail -----------------------------------------------------------------


def test_a_contact_s_export_lists_the_introductions_of_their_address(world) -> None:
    introduce(world, contact_email="Claire@example.net")
    introduce(world, contact_email="someone@example.net")
    DoNotIntroduce.objects.create(
        organisation=world.organisation, email_hash=contact_hash("claire@example.net")
    )
    rows = candidate_data_export(email="claire@example.net")
    introductions = [row for row in rows if row.get("record") == "introduction"]
    assert [row["introduced_by"] for row in introductions] == ["Émile Employé"]
    assert introductions[0]["contact_email"] == "Claire@example.net"
    assert [row["record"] for row in rows if row.get("record") == "do_not_introduce"] == ["do_not_introduce"]


def test_a_contact_s_erasure_erases_their_introductions_but_keeps_their_wish(world) -> None:
    claire = introduce(world, contact_email="claire@example.net")
    other = introduce(world, contact_email="someone@example.net")
    DoNotIntroduce.objects.create(
        organisation=world.organisation, email_hash=contact_hash("claire@example.net")
    )
    candidate_data_erase(email="CLAIRE@example.net")
    assert _fresh(claire).contact_email == "" and _fresh(claire).erased_at is not None
    assert _fresh(other).contact_email == "someone@example.net"
    assert DoNotIntroduce.objects.count() == 1  # erasing it would let them be introduced again


def test_the_candidate_command_exports_introductions_too(world) -> None:
    introduce(world, contact_email="claire@example.net")
    out = StringIO()
    call_command("candidate_data", "export", "--email", "claire@example.net", stdout=out)
    rows = json.loads(out.getvalue())["applications"]
    assert [row["record"] for row in rows] == ["introduction"]


def test_the_candidate_command_erases_a_pending_introduction_without_any_application(world) -> None:
    claire = introduce(world, contact_email="claire@example.net")
    out = StringIO()
    call_command("candidate_data", "erase", "--email", "claire@example.net", "--yes", stdout=out)
    assert json.loads(out.getvalue()) == {"erased": 0}  # no application, yet the introduction goes
    assert _fresh(claire).contact_email == "" and _fresh(claire).erased_at is not None
