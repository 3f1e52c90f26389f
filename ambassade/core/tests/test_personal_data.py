from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models

from ambassade.core import personal_data
from ambassade.core.audit import audit_record
from ambassade.core.models import AuditEvent
from ambassade.orgs.models import Membership, Person
from ambassade.orgs.services import person_save


def test_every_model_linked_to_a_person_or_a_user_is_registered() -> None:
    assert personal_data.unregistered_personal_models() == []


def test_the_check_finds_a_model_that_forgot_to_register() -> None:
    class Note(models.Model):  # noqa: DJ008
        person = models.ForeignKey("orgs.Person", on_delete=models.CASCADE)

        class Meta:
            app_label = "orgs"

    Note.__module__ = "ambassade.orgs.notes"
    try:
        assert "orgs.Note" in personal_data.unregistered_personal_models()
    finally:
        from django.apps import apps

        del apps.all_models["orgs"]["note"]
        apps.clear_cache()


@pytest.mark.django_db
def test_an_export_holds_the_person_their_account_and_what_was_done_about_them(world) -> None:
    employee = world.people["employee"]
    person_save(
        actor=world.users["admin"],
        organisation=world.organisation,
        person=employee,
        job_title="Webmestre",
        entity=employee.entity,
        department=employee.department,
    )
    data = personal_data.person_data_export(person=employee)
    assert data["orgs.Person"][0]["last_name"] == "Employé"
    assert data["orgs.Membership"][0]["username"] == "employee"
    assert any(event["action"] == "person.update" for event in data["core.AuditEvent"])


@pytest.mark.django_db
def test_erasure_removes_identity_deletes_the_account_and_keeps_anonymous_counts(world) -> None:
    employee = world.people["employee"]
    headcount = Person.objects.filter(organisation=world.organisation).count()
    audit_record(actor=world.users["employee"], action="profile.update", organisation=world.organisation)
    audit_record(
        actor=world.users["admin"], action="person.update", organisation=world.organisation, target=employee
    )
    counts = personal_data.person_data_erase(person=employee)
    employee.refresh_from_db()
    assert (employee.first_name, employee.last_name, employee.email) == ("", "", "")
    assert employee.hr_id == f"erased-{employee.pk}" and not employee.is_active and employee.erased_at
    assert not get_user_model().objects.filter(username="employee").exists()
    assert not Membership.objects.filter(person=employee).exists()
    assert counts["orgs.Person"] == 1
    assert not AuditEvent.objects.filter(target_label__contains="Employé").exists()
    assert not AuditEvent.objects.filter(actor_label="employee").exists()
    assert Person.objects.filter(organisation=world.organisation).count() == headcount


@pytest.mark.django_db
def test_the_command_exports_json_and_erases_with_yes(world, capsys) -> None:
    employee = world.people["employee"]
    call_command("personal_data", "export", "--person", str(employee.pk))
    exported = json.loads(capsys.readouterr().out)
    assert exported["orgs.Person"][0]["hr_id"] == employee.hr_id
    call_command("personal_data", "erase", "--person", str(employee.pk), "--yes")
    employee.refresh_from_db()
    assert employee.erased_at is not None
    assert AuditEvent.objects.filter(action="person.erase", target_id=str(employee.pk)).exists()


@pytest.mark.django_db
def test_the_command_names_a_missing_person(world) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No person with id 999999"):
        call_command("personal_data", "export", "--person", "999999")
