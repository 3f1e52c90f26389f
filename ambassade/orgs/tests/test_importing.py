"""The people import: reading real HR exports, checking every row, previewing, applying all at once."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from ambassade.core.models import AuditEvent
from ambassade.orgs import importing
from ambassade.orgs.importing import (
    ImportPlan,
    parse_date,
    people_import_apply,
    people_import_create,
    people_import_plan,
    people_import_preview,
)
from ambassade.orgs.models import Membership, PeopleImport, Person
from ambassade.testing.factories import World, department_create, person_create

FILES = Path(__file__).parent / "files"
HEADER = "Matricule;Nom;Prénom;Entité;Service;Responsable;Poste"


@pytest.fixture(autouse=True)
def _isolated_media_in_english(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _hr_admin_without_a_person_record(request) -> None:
    """The test files do not list the world's HR admin: as the first admin of a real installation, they
    have no person record, so that a full import does not take their access away (tested apart)."""
    if "world" in request.fixturenames:
        world = request.getfixturevalue("world")
        Membership.objects.filter(user=world.users["admin"]).update(person=None)


def csv(*lines: str, encoding: str = "utf-8") -> bytes:
    return "\r\n".join(lines).encode(encoding)


def plan_of(world: World, data: bytes, filename: str = "export.csv", **options) -> ImportPlan:
    return people_import_plan(organisation=world.organisation, data=data, filename=filename, **options)


def uploaded(world: World, data: bytes, filename: str = "export.csv", **options) -> PeopleImport:
    upload = SimpleUploadedFile(filename, data)
    return people_import_create(actor=world.users["admin"], organisation=world.organisation, upload=upload,
                                queue_preview=False, **options)  # fmt: skip


def previewed(world: World, data: bytes, filename: str = "export.csv", **options) -> PeopleImport:
    people_import = uploaded(world, data, filename, **options)
    people_import_preview(import_id=people_import.pk)
    people_import.refresh_from_db()
    return people_import


def imported(world: World, data: bytes, filename: str = "export.csv", **options) -> PeopleImport:
    people_import = previewed(world, data, filename, **options)
    people_import_apply(import_id=people_import.pk, actor_id=world.users["admin"].pk)
    people_import.refresh_from_db()
    return people_import


def errors_of(people_import: PeopleImport) -> list[tuple[int | None, str, str]]:
    return [(error["line"], error["column"], error["messages"]["en"]) for error in people_import.errors]


def give_hr_ids(world: World) -> None:
    """Fixed HR identifiers for the world's people, so that files can name them."""
    for persona, hr_id in {"admin": "W-ADMIN", "manager": "W-MANAGER", "employee": "W-EMPLOYEE"}.items():
        Person.objects.filter(pk=world.people[persona].pk).update(hr_id=hr_id)


def active_hr_ids(world: World) -> set[str]:
    return set(
        Person.objects.filter(organisation=world.organisation, is_active=True).values_list("hr_id", flat=True)
    )


# --- real, messy exports ---------------------------------------------------------------------------


def test_a_windows_1252_export_with_semicolons_keeps_its_accents_ligatures_and_euro_sign(world) -> None:
    people_import = imported(world, (FILES / "export_rh_windows1252.csv").read_bytes(), "export_rh.csv")

    assert people_import.status == PeopleImport.Status.APPLIED
    assert people_import.summary["counts"]["created"] == 7
    coeur = Person.objects.get(organisation=world.organisation, hr_id="RH-1002")
    assert (coeur.first_name, coeur.last_name) == ("Cœur", "Benoît")
    assert coeur.department == world.service  # by code "COM"
    assert coeur.audience == world.audiences["managers"]  # by name "Encadrants"
    assert coeur.active_from == datetime.date(2018, 3, 15)  # 15-03-2018
    loic = Person.objects.get(organisation=world.organisation, hr_id="RH-1003")
    assert loic.last_name == "Garçon" and loic.job_title == "Chargé de projet œuvres & événements"
    assert loic.active_from == datetime.date(2021, 5, 2)  # 02.05.2021
    thu = Person.objects.get(organisation=world.organisation, hr_id="RH-1004")
    assert thu.job_title == "Contrôleuse de gestion (budget 2 M€)"
    assert thu.department == world.other_service  # by name "Service finances"
    marche = Person.objects.get(organisation=world.organisation, hr_id="RH-1006")
    assert marche.entity == world.subsidiary  # "filiale sud", whatever the case
    assert people_import.summary["encoding"] == "cp1252" and people_import.summary["delimiter"] == ";"
    assert people_import.summary["ignored_columns"] == ["Commentaire"]


def test_a_manager_may_be_named_by_a_later_row_of_the_file(world) -> None:
    imported(world, (FILES / "export_rh_windows1252.csv").read_bytes())

    loic = Person.objects.get(organisation=world.organisation, hr_id="RH-1003")
    assert loic.manager is not None and loic.manager.hr_id == "RH-1007"  # line 8, after Loïc's line 4
    assert loic.manager.manager is not None and loic.manager.manager.hr_id == "RH-1002"


def test_a_utf8_export_with_a_bom_english_headers_and_quoted_cells_is_read(world) -> None:
    people_import = imported(world, (FILES / "export_rh_utf8_bom.csv").read_bytes())

    assert people_import.status == PeopleImport.Status.APPLIED
    amelie = Person.objects.get(organisation=world.organisation, hr_id="EN-1")
    assert amelie.first_name == "Amélie" and amelie.job_title == "Writer, web and print"
    assert amelie.manager is not None and amelie.manager.hr_id == "EN-2"
    eric = Person.objects.get(organisation=world.organisation, hr_id="EN-2")
    assert eric.job_title == 'Director "people"'
    segolene = Person.objects.get(organisation=world.organisation, hr_id="EN-3")
    assert segolene.job_title == "Adviser,\nbilingual" and segolene.email == ""
    assert segolene.active_until == datetime.date(2099, 12, 31)


def test_an_xlsx_export_with_numbers_and_dates_is_read(world) -> None:
    people_import = imported(world, (FILES / "export_rh.xlsx").read_bytes(), "export_rh.xlsx")

    assert people_import.status == PeopleImport.Status.APPLIED
    theo = Person.objects.get(organisation=world.organisation, hr_id="5002")  # a number cell, not "5002.0"
    assert theo.active_from == datetime.date(2021, 9, 13)
    assert theo.department == world.unit and theo.manager is not None and theo.manager.hr_id == "5001"
    ines = Person.objects.get(organisation=world.organisation, hr_id="5003")
    assert ines.entity == world.subsidiary and ines.audience == world.audiences["agents"]


def test_when_direction_and_service_columns_are_both_given_the_service_is_used_with_a_warning(world) -> None:
    plan = plan_of(world, (FILES / "export_rh.xlsx").read_bytes(), "export_rh.xlsx", full=False)

    assert plan.columns["Service"] == "department" and "Direction" in plan.ignored_columns
    assert [warning.message for warning in plan.warnings] == [
        'The column "Direction" is ignored: the department is read from the column "Service".'
    ]


def test_a_formula_in_a_cell_is_refused_naming_its_line_and_column_and_nothing_is_written(world) -> None:
    people_before = Person.objects.count()
    people_import = previewed(world, (FILES / "export_rh_formule.csv").read_bytes())

    assert people_import.status == PeopleImport.Status.INVALID
    [(line, column, message)] = errors_of(people_import)
    assert line == 3 and column == "Entité" and "formulas are not allowed" in message
    assert Person.objects.count() == people_before
    with pytest.raises(ValidationError):
        importing.people_import_request_apply(people_import=people_import, actor=world.users["admin"])


def test_a_ragged_row_is_refused_with_its_line_number(world) -> None:
    people_import = previewed(world, (FILES / "export_rh_ligne_irreguliere.csv").read_bytes())

    assert people_import.status == PeopleImport.Status.INVALID
    [(line, _column, message)] = errors_of(people_import)
    assert line == 3 and "6 cells" in message


def test_every_row_error_is_reported_with_its_line_and_column_as_in_the_file(world) -> None:
    people_import = previewed(world, (FILES / "export_rh_erreurs.csv").read_bytes())

    found = errors_of(people_import)
    expected = [
        (3, "Courriel", '"camille(at)exemple.fr" is not a valid e-mail address.'),
        (4, "Entité", 'Unknown entity "Groupe Nord". Known entities: Filiale Sud, Siège.'),
        (5, "Service", 'Unknown department "Service comunication" in the entity "Siège". '
                       "Did you mean: Service communication?"),
        (6, "Service", 'The department "MRS" belongs to another entity (Filiale Sud), not to "Siège".'),
        (7, "Public", 'Unknown audience "Stagiaires". Known audiences: Agents, Directeurs, '
                      "Direction générale, Encadrants."),
        (8, "Date début", '"31/02/2020" is not a valid date: use DD/MM/YYYY or YYYY-MM-DD.'),
        (9, "Date fin", "The end date (01/01/2021) comes before the start date (01/06/2021)."),
        (10, "Matricule", 'The HR identifier "RH-4001" already appears on line 2.'),
        (11, "Responsable", 'No one has the HR identifier "RH-9999", in this file or among the people '
                            "already known."),
        (12, "Responsable", "A person cannot be their own manager."),
        (13, "Responsable", "The managers form a loop: RH-4012 → RH-4013 → RH-4012."),
        (14, "Responsable", "The managers form a loop: RH-4013 → RH-4012 → RH-4013."),
        (15, "Matricule", "This cell is empty, but the HR identifier is required."),
        (15, "Prénom", "This cell is empty, but the first name is required."),
    ]  # fmt: skip
    assert found == expected
    assert people_import.status == PeopleImport.Status.INVALID
    assert people_import.summary["counts"]["errors"] == len(expected)


def test_errors_are_stored_in_every_language_and_shown_in_the_readers(world) -> None:
    people_import = previewed(world, csv(HEADER, "X1;Nom;;Siège;;;"))

    [record] = people_import.errors
    assert set(record["messages"]) == {"fr", "en"}
    with translation.override("en"):
        assert importing.record_message(record) == "This cell is empty, but the first name is required."
        assert importing.record_text(record).startswith('Line 2, column "Prénom": ')


def test_a_missing_required_column_is_one_error_naming_the_accepted_names(world) -> None:
    plan = plan_of(world, csv("Nom;Prénom;Entité", "Martin;Paul;Siège"))

    [issue] = plan.issues
    assert issue.line is None
    assert issue.message == (
        'The column "HR identifier" is missing. Accepted names: matricule, matricule_rh, identifiant_rh, '
        "id_rh, employee_id, employee_number, hr_id, id."
    )


def test_two_columns_for_the_same_information_are_refused(world) -> None:
    plan = plan_of(world, csv("Matricule;ID;Nom;Prénom;Entité", "A1;1;Martin;Paul;Siège"))

    [issue] = plan.issues
    assert issue.message == 'The columns "Matricule", "ID" all give the HR identifier: keep only one of them.'


def test_headers_are_matched_whatever_their_case_accents_spaces_and_punctuation(world) -> None:
    plan = plan_of(
        world,
        csv("  MATRICULE RH ;NOM DE FAMILLE;prénom;E-Mail;ENTITÉ;Date d'entrée", "A1;X;Y;a@b.fr;siege;"),
    )

    assert not plan.issues
    assert set(plan.columns.values()) == {
        "hr_id",
        "last_name",
        "first_name",
        "email",
        "entity",
        "active_from",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01", datetime.date(2024, 3, 1)),
        ("01/03/2024", datetime.date(2024, 3, 1)),
        ("1-3-2024", datetime.date(2024, 3, 1)),
        ("01.03.2024", datetime.date(2024, 3, 1)),
        ("2024-03-01 00:00:00", datetime.date(2024, 3, 1)),
        ("31/02/2024", None),
        ("03/01/24", None),
        ("01/03-2024", None),
        ("demain", None),
    ],
)
def test_dates_are_read_in_french_and_iso_formats(text: str, expected: datetime.date | None) -> None:
    assert parse_date(text) == expected


def test_a_department_is_matched_by_code_first_then_by_name_within_the_entity(world) -> None:
    department_create(world.hq, "COM")  # a department *named* like another's code
    plan = plan_of(world, csv(HEADER, "A1;Martin;Paul;Siège;COM;;", "A2;Petit;Léa;Siège;com;;"))

    assert [change.values["department_id"] for change in plan.creates] == [world.service.pk, world.service.pk]


def test_two_departments_with_the_same_name_ask_for_the_code(world) -> None:
    department_create(world.hq, "Secrétariat", parent=world.service, code="SEC1")
    department_create(world.hq, "Secrétariat", parent=world.other_service, code="SEC2")
    plan = plan_of(world, csv(HEADER, "A1;Martin;Paul;Siège;secretariat;;"))

    [issue] = plan.issues
    assert "use the department code instead (SEC1, SEC2)" in issue.message


def test_a_manager_already_in_the_database_is_accepted(world) -> None:
    give_hr_ids(world)
    plan = plan_of(world, csv(HEADER, "A1;Martin;Paul;Siège;COM;W-MANAGER;"))

    assert not plan.issues and plan.creates[0].manager_hr_id == "W-MANAGER"


def test_a_loop_through_a_manager_already_in_the_database_is_refused(world) -> None:
    give_hr_ids(world)
    Person.objects.filter(pk=world.people["manager"].pk).update(manager=world.people["employee"])
    plan = plan_of(world, csv(HEADER, "W-EMPLOYEE;Employé;Émile;Siège;WEB;W-MANAGER;"), full=False)

    [issue] = plan.issues
    assert issue.message == "The managers form a loop: W-EMPLOYEE → W-MANAGER → W-EMPLOYEE."


def test_an_over_long_value_is_refused_before_the_database_sees_it(world) -> None:
    plan = plan_of(world, csv(HEADER, f"A1;{'x' * 121};Paul;Siège;;;"))

    [issue] = plan.issues
    assert issue.column == "Nom" and issue.message == "This value is too long (121 characters; at most 120)."


# --- preview ---------------------------------------------------------------------------------------


def test_the_preview_counts_changes_and_writes_no_person(world) -> None:
    give_hr_ids(world)
    people_before = list(Person.objects.order_by("pk").values_list("pk", "hr_id", "job_title", "is_active"))
    audit_before = AuditEvent.objects.count()
    data = csv(
        HEADER,
        "W-ADMIN;Admin;Hélène;Siège;DG;;DRH",
        "W-MANAGER;Manager;Maëlle;Siège;COM;;",
        "N1;Neuf;Noé;Sud;;;",
    )

    people_import = previewed(world, data)

    assert people_import.status == PeopleImport.Status.PREVIEWED
    counts = people_import.summary["counts"]
    assert counts == {"rows": 3, "created": 1, "updated": 1, "unchanged": 1, "reactivated": 0,
                      "deactivated": 13, "errors": 0}  # fmt: skip
    assert (
        list(Person.objects.order_by("pk").values_list("pk", "hr_id", "job_title", "is_active"))
        == people_before
    )
    assert AuditEvent.objects.count() == audit_before
    assert (people_import.total_rows, people_import.processed_rows) == (3, 3)


def test_the_preview_lists_the_first_changes_with_their_changed_fields(world) -> None:
    give_hr_ids(world)
    people_import = previewed(
        world, csv(HEADER, "W-ADMIN;Admin;Hélène;Siège;DG;;DRH", "N1;Neuf;Noé;Sud;;W-ADMIN;")
    )

    update, creation = people_import.summary["changes"]
    assert update == {"action": "update", "line": 2, "hr_id": "W-ADMIN", "name": "Hélène Admin",
                      "changes": {"job_title": ["", "DRH"]}, "activity": ""}  # fmt: skip
    assert creation["action"] == "create" and creation["changes"]["entity"] == ["", "Filiale Sud"]
    assert creation["changes"]["manager"] == ["", "W-ADMIN"]
    names = {person["name"] for person in people_import.summary["deactivations"]}
    assert "Maëlle Manager" in names and "Hélène Admin" not in names


def test_progress_is_recorded_on_the_import_as_rows_are_checked(world) -> None:
    recorded: list[tuple[int, int]] = []
    rows = [f"P{n};Nom{n};Prénom{n};Siège;;;" for n in range(120)]
    people_import = uploaded(world, csv(HEADER, *rows))

    original = importing._progress_tracker

    def spying_tracker(people_import: PeopleImport, also):
        def track(done: int, total: int) -> None:
            original(people_import, also)(done, total)
            if done % importing.PROGRESS_EVERY == 0:
                stored = PeopleImport.objects.get(pk=people_import.pk)
                recorded.append((stored.processed_rows, stored.total_rows))

        return track

    importing._progress_tracker = spying_tracker
    try:
        people_import_preview(import_id=people_import.pk)
    finally:
        importing._progress_tracker = original
    assert recorded == [(50, 120), (100, 120)]
    people_import.refresh_from_db()
    assert (people_import.processed_rows, people_import.total_rows, people_import.progress_percent) == (
        120,
        120,
        100,
    )


# --- apply ---------------------------------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(world) -> None:
    data = (FILES / "export_rh_windows1252.csv").read_bytes()
    imported(world, data)
    first = list(Person.objects.order_by("pk").values())

    again = imported(world, data)

    counts = again.summary["counts"]
    assert (counts["created"], counts["updated"], counts["unchanged"], counts["deactivated"]) == (0, 0, 7, 0)
    assert list(Person.objects.order_by("pk").values()) == first


def test_a_full_import_deactivates_missing_people_and_never_deletes_them(world) -> None:
    give_hr_ids(world)
    count_before = Person.objects.count()

    people_import = imported(
        world, csv(HEADER, "W-ADMIN;Admin;Hélène;Siège;DG;;", "W-MANAGER;Manager;Maëlle;Siège;COM;;")
    )

    assert people_import.summary["counts"]["deactivated"] == 13  # the 15 others
    assert Person.objects.count() == count_before
    assert active_hr_ids(world) == {"W-ADMIN", "W-MANAGER"}
    employee = Person.objects.get(pk=world.people["employee"].pk)
    assert not employee.is_active and employee.deactivated_at is not None
    assert world.foreign_person is not None
    assert Person.objects.get(
        pk=world.foreign_person.pk
    ).is_active  # another organisation's people are untouched


def test_a_partial_import_deactivates_nobody(world) -> None:
    give_hr_ids(world)
    active_before = active_hr_ids(world)

    people_import = imported(world, csv(HEADER, "W-ADMIN;Admin;Hélène;Siège;DG;;Nouveau poste"), full=False)

    assert people_import.summary["counts"]["deactivated"] == 0 and active_hr_ids(world) == active_before
    assert Person.objects.get(hr_id="W-ADMIN").job_title == "Nouveau poste"


def test_an_entity_scoped_import_only_deactivates_people_of_that_entity(world) -> None:
    give_hr_ids(world)
    hq_people = Person.objects.filter(organisation=world.organisation, entity=world.hq, is_active=True)
    hq_active = set(hq_people.values_list("hr_id", flat=True))

    people_import = imported(
        world, csv("Matricule;Nom;Prénom;Service", "S1;Sudiste;Sam;MRS"), entity=world.subsidiary
    )

    assert people_import.status == PeopleImport.Status.APPLIED
    assert active_hr_ids(world) == hq_active | {"S1"}
    assert people_import.summary["counts"]["deactivated"] == 1  # "Sud Agent", the subsidiary's only person
    assert Person.objects.get(hr_id="S1").entity == world.subsidiary


def test_a_row_of_another_entity_is_refused_in_an_entity_scoped_import(world) -> None:
    plan = plan_of(world, csv(HEADER, "A1;Martin;Paul;Siège;;;"), entity=world.subsidiary)

    [issue] = plan.issues
    assert (
        issue.message == 'This row belongs to the entity "Siège", but the import is limited to "Filiale Sud".'
    )


def test_people_deactivated_earlier_and_present_again_are_reactivated_and_counted(world) -> None:
    give_hr_ids(world)
    Person.objects.filter(hr_id="W-EMPLOYEE").update(is_active=False, deactivated_at=timezone.now())

    people_import = imported(world, csv(HEADER, "W-EMPLOYEE;Employé;Émile;Siège;WEB;;"), full=False)

    counts = people_import.summary["counts"]
    assert (counts["reactivated"], counts["updated"]) == (1, 1)
    employee = Person.objects.get(hr_id="W-EMPLOYEE")
    assert employee.is_active and employee.deactivated_at is None


def test_a_person_whose_end_date_has_passed_is_imported_inactive(world) -> None:
    header = "Matricule;Nom;Prénom;Entité;Date de sortie"
    imported(
        world, csv(header, "D1;Parti;Paul;Siège;31/12/2020", "D2;Reste;Rose;Siège;31/12/2099"), full=False
    )

    assert not Person.objects.get(hr_id="D1").is_active
    assert Person.objects.get(hr_id="D2").is_active


def test_one_bad_row_means_nothing_is_written_not_even_the_valid_rows(world) -> None:
    people_before = Person.objects.count()
    data = csv(HEADER, "A1;Martin;Paul;Siège;;;", "A2;Petit;Léa;Atlantide;;;", "A3;Durand;Claire;Siège;;;")

    people_import = imported(world, data)

    assert people_import.status == PeopleImport.Status.INVALID
    assert Person.objects.count() == people_before
    assert [line for line, _column, _message in errors_of(people_import)] == [3]
    assert not AuditEvent.objects.filter(action="people_import.apply").exists()


def test_applying_writes_one_audit_event_with_the_counts(world) -> None:
    people_import = imported(world, (FILES / "export_rh_windows1252.csv").read_bytes())

    [event] = AuditEvent.objects.filter(action="people_import.apply")
    assert event.actor == world.users["admin"] and event.organisation == world.organisation
    assert event.target_id == str(people_import.pk)
    assert event.changes["created"] == 7 and event.changes["deactivated"] == 15
    assert event.changes["file"] == "export.csv" and event.changes["full"] is True
    assert AuditEvent.objects.filter(action__startswith="person.").count() == 0  # no row per person


def test_applying_twice_is_a_no_op(world) -> None:
    people_import = imported(world, (FILES / "export_rh_windows1252.csv").read_bytes())

    assert people_import_apply(import_id=people_import.pk) is None

    assert AuditEvent.objects.filter(action="people_import.apply").count() == 1
    people_import.refresh_from_db()
    assert people_import.status == PeopleImport.Status.APPLIED


def test_an_import_cannot_be_applied_before_its_preview_or_twice(world) -> None:
    people_import = uploaded(world, csv(HEADER, "A1;Martin;Paul;Siège;;;"))
    with pytest.raises(ValidationError):
        importing.people_import_request_apply(people_import=people_import, actor=world.users["admin"])
    assert people_import_apply(import_id=people_import.pk) is None  # still pending: nothing happens
    assert not Person.objects.filter(hr_id="A1").exists()

    people_import_preview(import_id=people_import.pk)
    people_import_apply(import_id=people_import.pk)
    people_import.refresh_from_db()
    with pytest.raises(ValidationError, match="already been applied"):
        importing.people_import_request_apply(people_import=people_import, actor=world.users["admin"])


def test_apply_checks_the_file_again_against_the_current_database(world) -> None:
    department = department_create(world.hq, "Service éphémère", code="EPH")
    people_import = previewed(world, csv(HEADER, "A1;Martin;Paul;Siège;EPH;;"))
    assert people_import.status == PeopleImport.Status.PREVIEWED
    department.delete()  # removed by an admin between the preview and the apply

    people_import_apply(import_id=people_import.pk)

    people_import.refresh_from_db()
    assert people_import.status == PeopleImport.Status.INVALID
    assert "Unknown department" in errors_of(people_import)[0][2]
    assert not Person.objects.filter(hr_id="A1").exists()


def test_an_unexpected_failure_marks_the_import_failed_and_writes_nothing(world, monkeypatch) -> None:
    people_import = previewed(world, (FILES / "export_rh_windows1252.csv").read_bytes())

    def broken_audit(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "_audit_apply", broken_audit)
    assert people_import_apply(import_id=people_import.pk) is None

    people_import.refresh_from_db()
    assert people_import.status == PeopleImport.Status.FAILED
    assert "RuntimeError: disk full" in importing.record_message(people_import.summary["failure"])
    assert not Person.objects.filter(hr_id__startswith="RH-").exists()
    assert people_import.file  # kept, so that the failure can be investigated


def test_the_stored_file_is_deleted_once_the_import_is_applied(
    world, django_capture_on_commit_callbacks
) -> None:
    people_import = previewed(world, (FILES / "export_rh_windows1252.csv").read_bytes())
    stored = Path(people_import.file.path)
    assert stored.exists() and stored.name != "export.csv"  # never stored under the user's file name

    with django_capture_on_commit_callbacks(execute=True):
        people_import_apply(import_id=people_import.pk)

    people_import.refresh_from_db()
    assert not stored.exists() and not people_import.file


def test_stored_files_are_deleted_after_30_days(world) -> None:
    recent = previewed(world, csv(HEADER, "A1;Martin;Paul;Siège;;;"))
    old = previewed(world, csv(HEADER, "A2;Petit;Léa;Siège;;;"))
    PeopleImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    old_file = Path(old.file.path)

    assert importing.people_import_files_purge() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old_file.exists() and not old.file and old.status == PeopleImport.Status.FAILED
    assert recent.file and Path(recent.file.path).exists()


def test_an_import_whose_worker_vanished_is_marked_failed_instead_of_running_forever(world) -> None:
    people_import = uploaded(world, csv(HEADER, "A1;Martin;Paul;Siège;;;"))
    PeopleImport.objects.filter(pk=people_import.pk).update(
        status=PeopleImport.Status.APPLYING, updated_at=timezone.now() - datetime.timedelta(hours=2)
    )

    assert importing.people_import_fail_stuck() == 1

    people_import.refresh_from_db()
    assert people_import.status == PeopleImport.Status.FAILED


def test_uploading_queues_the_preview_as_a_background_task(world, django_capture_on_commit_callbacks) -> None:
    upload = SimpleUploadedFile("export.csv", csv(HEADER, "A1;Martin;Paul;Siège;;;"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        people_import = people_import_create(actor=world.users["admin"], organisation=world.organisation,
                                             upload=upload)  # fmt: skip

    assert len(callbacks) == 1
    people_import.refresh_from_db()
    assert people_import.status == PeopleImport.Status.PREVIEWED


def test_a_file_larger_than_the_limit_is_refused_at_upload(world, settings) -> None:
    settings.IMPORT_MAX_BYTES = 1024
    upload = SimpleUploadedFile("export.csv", csv(HEADER, *(["A1;Martin;Paul;Siège;;;"] * 100)))

    with pytest.raises(ValidationError, match="too large"):
        people_import_create(actor=world.users["admin"], organisation=world.organisation, upload=upload)
    assert not PeopleImport.objects.exists()


def test_an_existing_person_moving_to_another_entity_leaves_their_old_department(world) -> None:
    give_hr_ids(world)
    imported(world, csv("Matricule;Nom;Prénom;Entité", "W-EMPLOYEE;Employé;Émile;Sud"), full=False)

    employee = Person.objects.get(hr_id="W-EMPLOYEE")
    assert employee.entity == world.subsidiary and employee.department is None


def test_columns_absent_from_the_file_keep_their_values(world) -> None:
    give_hr_ids(world)
    before = Person.objects.get(hr_id="W-EMPLOYEE")
    people_import = imported(
        world, csv("Matricule;Nom;Prénom;Entité", "W-EMPLOYEE;Employé;Émile;Siège"), full=False
    )

    after = Person.objects.get(hr_id="W-EMPLOYEE")
    assert people_import.summary["counts"]["unchanged"] == 1
    assert (after.email, after.department, after.audience) == (
        before.email,
        before.department,
        before.audience,
    )


def test_people_are_keyed_by_hr_id_within_their_organisation_only(world) -> None:
    assert world.foreign_person is not None
    foreign_hr_id = world.foreign_person.hr_id
    imported(world, csv(HEADER, f"{foreign_hr_id};Homonyme;Henri;Siège;;;"), full=False)

    assert Person.objects.filter(hr_id=foreign_hr_id).count() == 2
    world.foreign_person.refresh_from_db()
    assert world.foreign_person.first_name == "Étrangère"


def test_a_person_created_by_an_import_can_have_a_manager_created_by_the_same_import(world) -> None:
    person_create(world.hq, world.service, hr_id="OLD-1")
    imported(world, csv(HEADER, "A1;Martin;Paul;Siège;;A2;", "A2;Petit;Léa;Siège;;OLD-1;"), full=False)

    paul = Person.objects.get(hr_id="A1")
    assert paul.manager is not None and paul.manager.hr_id == "A2"
    assert paul.manager.manager is not None and paul.manager.manager.hr_id == "OLD-1"


def test_a_full_import_that_would_deactivate_every_hr_admin_is_refused(world) -> None:
    Membership.objects.filter(user=world.users["admin"]).update(person=world.people["admin"])
    give_hr_ids(world)

    people_import = previewed(world, csv(HEADER, "W-MANAGER;Manager;Maëlle;Siège;COM;;"))

    assert people_import.status == PeopleImport.Status.INVALID
    assert [message for _line, _column, message in errors_of(people_import)] == [
        "This import would deactivate every HR admin (Hélène Admin), and nobody could sign in to manage the "
        "organisation any more: add them to the file, or import it as a partial export."
    ]
    assert (
        previewed(world, csv(HEADER, "W-MANAGER;Manager;Maëlle;Siège;COM;;"), full=False).status
        == "previewed"
    )


def test_the_preview_warns_about_people_who_lose_their_access(world) -> None:
    give_hr_ids(world)

    plan = plan_of(world, csv(HEADER, "W-MANAGER;Manager;Maëlle;Siège;COM;;"))

    assert not plan.issues
    [warning] = plan.warnings
    assert warning.message == (
        "These people have access to ambassade and lose it, as they are deactivated: "
        "Camille Comm, Romain Recrute, Émile Employé."
    )


def test_the_cleanup_job_is_declared_as_a_periodic_job(world) -> None:
    from ambassade.core.periodic import jobs, periodic_job_run

    name = "ambassade.orgs.periodic.people_imports_clean_up"
    assert name in jobs
    old = previewed(world, csv(HEADER, "A2;Petit;Léa;Siège;;;"))
    PeopleImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))

    assert periodic_job_run(name=name)

    old.refresh_from_db()
    assert not old.file


def test_a_requested_apply_shows_as_running_before_the_worker_starts_and_a_second_request_is_refused(
    world,
) -> None:
    people_import = previewed(world, (FILES / "export_rh_windows1252.csv").read_bytes())
    importing.people_import_request_apply(people_import=people_import, actor=world.users["admin"])
    people_import.refresh_from_db()  # the task runs after commit: not yet, inside this test's transaction
    assert people_import.status == PeopleImport.Status.APPLY_QUEUED
    assert importing.people_import_is_running(people_import)
    with pytest.raises(ValidationError, match="already being applied"):
        importing.people_import_request_apply(people_import=people_import, actor=world.users["admin"])
    people_import_apply(import_id=people_import.pk)
    people_import.refresh_from_db()
    assert people_import.status == PeopleImport.Status.APPLIED
