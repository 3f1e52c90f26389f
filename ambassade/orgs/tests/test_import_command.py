"""python manage.py import_people: the same checks and messages as the UI, from a terminal."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ambassade.core.models import AuditEvent
from ambassade.orgs.models import Membership, PeopleImport, Person
from ambassade.testing.factories import World, organisation_create

FILES = Path(__file__).parent / "files"


@pytest.fixture(autouse=True)
def _hr_admin_without_a_person_record(request) -> None:
    """The test files do not list the world's HR admin: keep their access through full imports."""
    if "world" in request.fixturenames:
        world = request.getfixturevalue("world")
        Membership.objects.filter(user=world.users["admin"]).update(person=None)


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run(world: World, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_people", *args, "--organisation", world.organisation.slug, "--language", "en",
                 stdout=out, stderr=err)  # fmt: skip
    return out.getvalue(), err.getvalue()


def run_failing(world: World, *args: str) -> tuple[str, str, CommandError]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_people", *args, "--organisation", world.organisation.slug, "--language", "en",
                     stdout=out, stderr=err)  # fmt: skip
    return out.getvalue(), err.getvalue(), failure.value


def snapshot() -> list[tuple]:
    return list(
        Person.objects.order_by("pk").values_list("pk", "hr_id", "first_name", "is_active", "manager_id")
    )


def test_a_dry_run_prints_the_counts_and_writes_nothing(world) -> None:
    before = snapshot()

    out, _err = run(world, str(FILES / "export_rh_windows1252.csv"), "--dry-run")

    assert "To create: 7" in out and "To deactivate: 15" in out and "Dry run: nothing was written." in out
    assert "Read as cp1252, separated by “;”." in out
    assert snapshot() == before
    assert not PeopleImport.objects.exists() and not AuditEvent.objects.exists()


def test_the_command_applies_the_file_and_prints_what_it_did(world) -> None:
    out, _err = run(world, str(FILES / "export_rh_windows1252.csv"))

    assert "Created: 7" in out and "Deactivated: 15" in out
    assert Person.objects.get(hr_id="RH-1002").first_name == "Cœur"
    people_import = PeopleImport.objects.get()
    assert people_import.status == PeopleImport.Status.APPLIED and not people_import.file
    assert (
        AuditEvent.objects.filter(action="people_import.apply", target_id=str(people_import.pk)).count() == 1
    )


def test_errors_are_printed_with_their_line_and_column_and_nothing_is_written(world) -> None:
    before = snapshot()

    out, err, failure = run_failing(world, str(FILES / "export_rh_erreurs.csv"))

    assert failure.returncode != 0
    assert 'Line 3, column "Courriel": "camille(at)exemple.fr" is not a valid e-mail address.' in err
    assert 'Line 10, column "Matricule": The HR identifier "RH-4001" already appears on line 2.' in err
    assert "Errors: 14" in out
    assert "nothing was written" in str(failure)
    assert snapshot() == before


def test_a_dry_run_with_errors_also_fails(world) -> None:
    _out, err, _failure = run_failing(world, str(FILES / "export_rh_formule.csv"), "--dry-run")

    assert 'Line 3, column "Entité": formulas are not allowed' in err
    assert not Person.objects.filter(hr_id__startswith="RH-2").exists()


def test_an_unreadable_file_is_refused_with_the_readers_message(world, tmp_path) -> None:
    renamed = tmp_path / "export.xlsx"
    renamed.write_bytes(b"%PDF-1.7 not a workbook at all")

    _out, err, _failure = run_failing(world, str(renamed))

    assert "This file is not a valid XLSX workbook." in err


def test_a_partial_import_deactivates_nobody(world) -> None:
    out, _err = run(world, str(FILES / "export_rh_utf8_bom.csv"), "--partial")

    assert "Deactivated: 0" in out
    assert Person.objects.filter(organisation=world.organisation, is_active=False).count() == 0


def test_an_entity_scoped_import_only_touches_that_entity(world, tmp_path) -> None:
    export = tmp_path / "sud.csv"
    export.write_text("Matricule;Nom;Prénom;Service\nS1;Sudiste;Sam;MRS\n", encoding="cp1252")

    out, _err = run(world, str(export), "--entity", world.subsidiary.slug)

    assert "Created: 1" in out and "Deactivated: 1" in out
    assert Person.objects.filter(entity=world.hq, is_active=False).count() == 0


def test_an_unknown_entity_is_refused_with_the_known_ones(world) -> None:
    _out, _err, failure = run_failing(world, str(FILES / "export_rh_utf8_bom.csv"), "--entity", "nord")

    assert str(failure) == 'No entity has the short name "nord". Known entities: siege, sud.'


def test_the_organisation_must_be_named_when_there_are_several(world) -> None:
    with pytest.raises(CommandError, match="several organisations"):
        call_command("import_people", str(FILES / "export_rh_utf8_bom.csv"), "--language", "en",
                     stdout=StringIO(), stderr=StringIO())  # fmt: skip


def test_the_only_organisation_is_used_by_default(db, tmp_path, settings) -> None:
    organisation = organisation_create("Seule", slug="seule")
    organisation.entities.create(name="Siège", slug="siege")
    export = tmp_path / "people.csv"
    export.write_text("Matricule,Nom,Prénom,Entité\nA1,Martin,Paul,siege\n", encoding="utf-8")
    out = StringIO()

    call_command("import_people", str(export), "--language", "en", stdout=out, stderr=StringIO())

    assert "Created: 1" in out.getvalue()
    assert Person.objects.get(hr_id="A1").organisation == organisation


def test_a_missing_file_is_a_clear_error(world) -> None:
    _out, _err, failure = run_failing(world, "/nonexistent/export.csv")

    assert str(failure) == 'The file "/nonexistent/export.csv" does not exist.'
