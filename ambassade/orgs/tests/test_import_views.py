"""The HR admin's import screens: upload, watch the progress, read the preview, apply."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from ambassade.core.models import AuditEvent
from ambassade.orgs.importing import people_import_create, people_import_preview
from ambassade.orgs.models import Membership, PeopleImport, Person
from ambassade.testing.factories import World

FILES = Path(__file__).parent / "files"
OTHER_ROLES = ["comms", "recruiter", "manager", "employee"]


@pytest.fixture(autouse=True)
def _hr_admin_without_a_person_record(request) -> None:
    """The test files do not list the world's HR admin: keep their access through full imports."""
    if "world" in request.fixturenames:
        world = request.getfixturevalue("world")
        Membership.objects.filter(user=world.users["admin"]).update(person=None)


@pytest.fixture(autouse=True)
def _isolated_media_in_english(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def an_import(world: World, data: bytes | None = None, *, preview: bool = True) -> PeopleImport:
    data = data or (FILES / "export_rh_windows1252.csv").read_bytes()
    people_import = people_import_create(
        actor=world.users["admin"],
        organisation=world.organisation,
        upload=SimpleUploadedFile("export_rh.csv", data),
        queue_preview=False,
    )
    if preview:
        people_import_preview(import_id=people_import.pk)
    people_import.refresh_from_db()
    return people_import


def import_urls(people_import: PeopleImport) -> list[tuple[str, str]]:
    return [
        ("get", reverse("people_import_detail", args=[people_import.pk])),
        ("get", reverse("people_import_progress", args=[people_import.pk])),
        ("post", reverse("people_import_apply", args=[people_import.pk])),
    ]


def test_an_hr_admin_uploads_reads_the_preview_and_applies(
    world, login, django_capture_on_commit_callbacks
) -> None:
    client = login("admin")
    assert client.get(reverse("people_import_list")).status_code == 200
    form_page = client.get(reverse("people_import_create"))
    assert form_page.status_code == 200 and b'enctype="multipart/form-data"' in form_page.content

    upload = SimpleUploadedFile("export_rh.csv", (FILES / "export_rh_windows1252.csv").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people_import_create"), {"upload": upload, "entity": "", "full": "on"}
        )
    people_import = PeopleImport.objects.get(organisation=world.organisation)
    assert response.status_code == 302 and response["Location"] == reverse(
        "people_import_detail", args=[people_import.pk]
    )

    detail = client.get(response["Location"])
    page = detail.content.decode()
    assert "Ready to apply" in page and "to create" in page and "Nothing has been written yet." in page
    assert "Françoise Lefèvre" in page  # among the first changes
    assert f'action="{reverse("people_import_apply", args=[people_import.pk])}"' in page
    assert not Person.objects.filter(hr_id="RH-1001").exists()

    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(reverse("people_import_apply", args=[people_import.pk]))
    assert applied.status_code == 302
    page = client.get(applied["Location"]).content.decode()
    assert "The import is being applied." in page
    assert "Applied" in page and "Result" in page
    assert "Apply this import" not in page
    assert Person.objects.filter(organisation=world.organisation, hr_id="RH-1001").exists()
    assert AuditEvent.objects.filter(action="people_import.apply", actor=world.users["admin"]).count() == 1
    listing = client.get(reverse("people_import_list")).content.decode()
    assert "export_rh.csv" in listing and "Applied" in listing


def test_the_upload_form_explains_the_accepted_columns(world, login) -> None:
    page = login("admin").get(reverse("people_import_create")).content.decode()

    assert "matricule_rh" in page and "courriel" in page and "date_sortie" in page


def test_an_upload_without_a_file_shows_the_form_again_with_an_error(world, login) -> None:
    response = login("admin").post(reverse("people_import_create"), {"full": "on"})

    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert not PeopleImport.objects.exists()


def test_the_detail_of_a_file_with_errors_lists_them_and_offers_no_apply_button(world, login) -> None:
    people_import = an_import(world, (FILES / "export_rh_erreurs.csv").read_bytes())

    page = login("admin").get(reverse("people_import_detail", args=[people_import.pk])).content.decode()

    assert "Has errors" in page and "Apply this import" not in page
    assert "<td>3</td><td>Courriel</td>" in page
    assert "is not a valid e-mail address." in page


def test_only_the_first_200_errors_are_shown_with_a_note_of_how_many_more(world, login) -> None:
    rows = [f"X{n};Nom;Prénom;Atlantide" for n in range(250)]
    people_import = an_import(world, "\n".join(["Matricule;Nom;Prénom;Entité", *rows]).encode())
    assert len(people_import.errors) == 250

    page = login("admin").get(reverse("people_import_detail", args=[people_import.pk])).content.decode()

    assert page.count("Unknown entity") == 200
    assert "and 50 more errors, not shown." in page


def test_applying_an_import_with_errors_is_refused_with_a_message(world, login) -> None:
    people_import = an_import(world, (FILES / "export_rh_formule.csv").read_bytes())

    response = login("admin").post(reverse("people_import_apply", args=[people_import.pk]), follow=True)

    assert "Only a checked import without errors can be applied." in response.content.decode()
    people_import.refresh_from_db()
    assert people_import.status == PeopleImport.Status.INVALID


def test_the_progress_bar_polls_while_the_import_is_running(world, login) -> None:
    people_import = an_import(world, preview=False)
    PeopleImport.objects.filter(pk=people_import.pk).update(
        status=PeopleImport.Status.CHECKING, processed_rows=50, total_rows=200
    )
    client = login("admin")

    detail = client.get(reverse("people_import_detail", args=[people_import.pk])).content.decode()
    partial = client.get(
        reverse("people_import_progress", args=[people_import.pk]), headers={"HX-Request": "true"}
    )

    for page in (detail, partial.content.decode()):
        assert 'hx-trigger="every 1s"' in page
        assert '<progress value="50" max="200"' in page
    assert "HX-Refresh" not in partial
    assert '<meta http-equiv="refresh"' in detail  # without JavaScript, the page refreshes itself
    assert "<html" not in partial.content.decode()  # only the bar


def test_the_progress_bar_stops_polling_and_reloads_the_page_once_done(world, login) -> None:
    people_import = an_import(world)

    response = login("admin").get(
        reverse("people_import_progress", args=[people_import.pk]), headers={"HX-Request": "true"}
    )

    assert response["HX-Refresh"] == "true"
    assert "hx-trigger" not in response.content.decode()


def test_apply_answers_only_posts(world, login) -> None:
    people_import = an_import(world)

    response = login("admin").get(reverse("people_import_apply", args=[people_import.pk]))

    assert response.status_code == 405


@pytest.mark.parametrize("persona", OTHER_ROLES)
def test_other_roles_may_not_see_or_run_imports(world, login, persona: str) -> None:
    people_import = an_import(world)
    client = login(persona)

    for url in (reverse("people_import_list"), reverse("people_import_create")):
        assert client.get(url).status_code == 403
    for method, url in import_urls(people_import):
        assert getattr(client, method)(url).status_code == 403
    people_import.refresh_from_db()
    assert people_import.status == PeopleImport.Status.PREVIEWED


def test_anonymous_visitors_are_sent_to_sign_in(world, client) -> None:
    response = client.get(reverse("people_import_list"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_another_organisations_import_answers_404(world, login) -> None:
    people_import = an_import(world)
    client = login("outsider")  # an HR admin, of another organisation

    for method, url in import_urls(people_import):
        assert getattr(client, method)(url).status_code == 404
    assert "export_rh.csv" not in client.get(reverse("people_import_list")).content.decode()
    people_import.refresh_from_db()
    assert people_import.status == PeopleImport.Status.PREVIEWED


def test_the_entity_choice_of_the_upload_form_only_offers_the_organisations_entities(world, login) -> None:
    assert world.foreign_organisation is not None
    foreign_entity = world.foreign_organisation.entities.get()
    upload = SimpleUploadedFile("export.csv", b"Matricule;Nom;Prenom\nA1;Martin;Paul\n")

    response = login("admin").post(
        reverse("people_import_create"), {"upload": upload, "entity": foreign_entity.pk}
    )

    assert response.status_code == 400
    assert not PeopleImport.objects.exists()
