from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ambassade.core.models import AuditEvent
from ambassade.orgs.models import Department, Entity, Membership, Organisation, Person
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


def test_the_interface_is_french_by_default_even_for_an_english_browser(login) -> None:
    client = login("admin")
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert page["Content-Language"] == "fr"
    assert '<html lang="fr">' in page.content.decode()


def test_the_language_switch_is_remembered_for_the_user(world: World, client) -> None:
    client.force_login(world.users["comms"])
    client.post(reverse("language_set"), {"language": "en", "next": reverse("entity_list")})
    assert Membership.objects.get(user=world.users["comms"]).language == "en"
    client.cookies.clear()
    client.force_login(world.users["comms"])
    assert client.get(reverse("home"))["Content-Language"] == "en"


def test_the_language_switch_refuses_to_redirect_elsewhere(login) -> None:
    response = login("employee").post(
        reverse("language_set"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_an_hr_admin_creates_an_entity_and_the_audit_log_shows_it(login) -> None:
    client = login("admin")
    response = client.post(
        reverse("entity_create"),
        {
            "name": "Agence Nord",
            "slug": "nord",
            "kind": "subsidiary",
            "languages": ["fr", "en"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Entity.objects.get(slug="nord").languages == ["fr", "en"]
    log = client.get(reverse("audit_list")).content.decode()
    assert "entity.create" in log and "Agence Nord" in log


def test_a_bad_form_says_which_field_is_wrong_and_writes_nothing(login) -> None:
    client = login("admin")
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("entity_create"),
        {"name": "", "slug": "pas un slug!", "kind": "subsidiary", "languages": ["fr"]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_name"' in page and 'aria-invalid="true"' in page
    assert "Ce champ est obligatoire" in page
    assert AuditEvent.objects.count() == before


def test_a_department_form_offers_only_this_organisation_s_departments(world: World, login) -> None:
    client = login("admin")
    assert world.foreign_department is not None
    response = client.post(
        reverse("department_create"),
        {"name": "Intrus", "entity": world.hq.pk, "parent": world.foreign_department.pk},
    )
    assert response.status_code == 400
    assert not Department.objects.filter(name="Intrus").exists()


def test_an_hr_admin_edits_a_person_and_sees_the_change(world: World, login) -> None:
    client = login("admin")
    employee = world.people["employee"]
    response = client.post(
        reverse("person_edit", args=[employee.pk]),
        {
            "hr_id": employee.hr_id,
            "first_name": "Émile",
            "last_name": "Employé",
            "email": "emile@example.org",
            "job_title": "Webmestre",
            "entity": world.hq.pk,
            "department": world.unit.pk,
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=employee.pk).job_title == "Webmestre"
    event = AuditEvent.objects.get(action="person.update", target_id=str(employee.pk))
    assert event.changes["job_title"] == ["", "Webmestre"]


def test_a_person_cannot_end_before_they_start(world: World, login) -> None:
    response = login("admin").post(
        reverse("person_create"),
        {
            "hr_id": "N1",
            "first_name": "Nina",
            "last_name": "Nouvelle",
            "entity": world.hq.pk,
            "active_from": "2026-05-01",
            "active_until": "2026-04-01",
        },
    )
    assert response.status_code == 400
    assert not Person.objects.filter(hr_id="N1").exists()


def test_a_manager_home_shows_department_figures_and_no_names(world: World, login) -> None:
    page = login("manager").get(reverse("home")).content.decode()
    assert "Service communication" in page and "Pôle web" in page
    assert "Employé" not in page and "Agent0" not in page


def test_an_employee_home_shows_their_own_record(login) -> None:
    page = login("employee").get(reverse("home")).content.decode()
    assert "Émile Employé" in page


def test_people_list_filters_by_department_subtree(world: World, login) -> None:
    page = login("comms").get(reverse("person_list"), {"department": world.service.pk}).content.decode()
    table = page[page.index("<table") : page.index("</table>")]
    assert "Employé" in table and "Recrute" not in table


def test_a_new_superuser_sets_up_the_organisation_and_becomes_its_hr_admin(client) -> None:
    user = get_user_model().objects.create_superuser("root", "root@example.org", "a-long-password-1")
    client.force_login(user)
    assert client.get(reverse("home"))["Location"] == reverse("setup")
    client.post(reverse("setup"), {"name": "Chancellerie", "slug": "chancellerie", "default_language": "fr"})
    membership = Membership.objects.get(user=user)
    assert membership.role == "hr_admin" and membership.organisation == Organisation.objects.get(
        slug="chancellerie"
    )
    assert client.get(reverse("home")).status_code == 200


def test_a_user_without_organisation_is_told_to_ask_hr(client) -> None:
    client.force_login(get_user_model().objects.create_user("lost", password="x"))
    client.cookies["django_language"] = "en"
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "Ask your HR admin to give you access." in response.content.decode()


def test_signing_in_with_the_form_works_and_bad_passwords_lock_out(world: World, client, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    assert (
        client.post(reverse("login"), {"username": "admin", "password": "persona-password-42"}).status_code
        == 302
    )
    client.logout()
    for _ in range(3):
        client.post(reverse("login"), {"username": "comms", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "comms", "password": "persona-password-42"})
    assert locked.status_code == 429


def test_odd_characters_in_filters_are_ignored_not_an_error(login) -> None:
    client = login("admin")
    assert client.get(reverse("audit_list"), {"action": "person\x00"}).status_code == 200
    assert client.get(reverse("person_list"), {"q": "a\x00b", "page": "99999"}).status_code == 200


def test_editing_a_person_keeps_a_manager_who_has_left(world: World, login) -> None:
    employee, manager = world.people["employee"], world.people["manager"]
    employee.manager = manager
    employee.save()
    manager.is_active = False
    manager.save()
    page = login("admin").get(reverse("person_edit", args=[employee.pk])).content.decode()
    assert f'<option value="{manager.pk}" selected>' in page


def test_an_empty_department_can_be_deleted_and_a_busy_one_cannot(world: World, login) -> None:
    client = login("admin")
    empty = Department.objects.create(organisation=world.organisation, entity=world.hq, name="Ancien pôle")
    response = client.post(reverse("department_delete", args=[world.unit.pk]), follow=True)
    assert (
        "Seul un service vide" in response.content.decode()
        or Department.objects.filter(pk=world.unit.pk).exists()
    )
    assert Department.objects.filter(pk=world.unit.pk).exists()
    client.post(reverse("department_delete", args=[empty.pk]))
    assert not Department.objects.filter(pk=empty.pk).exists()
    assert AuditEvent.objects.filter(action="department.delete", target_label="Ancien pôle").exists()


def test_deleting_an_audience_keeps_its_people(world: World, login) -> None:
    agents = world.audiences["agents"]
    members = Person.objects.filter(audience=agents).count()
    login("admin").post(reverse("audience_delete", args=[agents.pk]))
    assert Person.objects.get(pk=world.people["employee"].pk).audience is None
    assert AuditEvent.objects.get(action="audience.delete").changes == {"people": [members, 0]}
