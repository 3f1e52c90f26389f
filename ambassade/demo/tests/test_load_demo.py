from __future__ import annotations

import hashlib
from collections.abc import Iterator
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ambassade.core.models import AuditEvent
from ambassade.demo.generate import demo_delete, demo_organisation_get
from ambassade.orgs.models import Department, Membership, Organisation, Person
from ambassade.orgs.roles import Role


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker) -> Iterator[Organisation]:
    """The demo, loaded once for the whole module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        organisation = demo_organisation_get()
        assert organisation is not None
        yield organisation
        transaction.set_rollback(True)


def counts(organisation: Organisation) -> dict[str, int]:
    return {
        "entities": organisation.entities.count(),
        "departments": organisation.departments.count(),
        "audiences": organisation.audiences.count(),
        "people": organisation.people.count(),
        "memberships": organisation.memberships.count(),
        "organisations": Organisation.objects.count(),
    }


def people_digest(organisation: Organisation) -> str:
    rows = Person.objects.filter(organisation=organisation).order_by("hr_id")
    text = "\n".join(
        f"{hr_id}|{first}|{last}|{department}"
        for hr_id, first, last, department in rows.values_list(
            "hr_id", "first_name", "last_name", "department__name"
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()


def account_person(organisation: Organisation, username: str) -> Person:
    person = Membership.objects.get(organisation=organisation, user__username=username).person
    assert person is not None and person.department is not None
    return person


def run_load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, verbosity=0, stdout=out)
    return out.getvalue()


def test_the_demo_has_three_entities_about_sixty_departments_four_audiences_and_1800_people(demo, db) -> None:
    assert demo.name == "Région Île-de-Seine"
    assert sorted(demo.entities.values_list("slug", flat=True)) == ["agence-nord", "filiale-sud", "siege"]
    assert 55 <= demo.departments.count() <= 65
    assert list(demo.audiences.values_list("name", flat=True)) == [
        "Direction générale", "Directeurs", "Encadrants", "Agents",
    ]  # fmt: skip
    assert demo.people.count() == 1800


def test_the_subsidiaries_hang_under_the_headquarters(demo, db) -> None:
    siege = demo.entities.get(slug="siege")
    assert siege.parent is None
    assert siege.languages == ["fr", "en"]
    assert set(demo.entities.exclude(pk=siege.pk).values_list("parent", flat=True)) == {siege.pk}


def test_departments_form_trees_with_paths_that_match_their_parents(demo, db) -> None:
    for department in Department.objects.filter(organisation=demo).select_related("parent"):
        if department.parent is None:
            assert department.path == f"/{department.pk}/"
        else:
            assert department.parent.entity_id == department.entity_id
            assert department.path == f"{department.parent.path}{department.pk}/"
        assert department.depth == department.path.count("/") - 2
    assert Department.objects.filter(organisation=demo, depth=3).exists()


def test_loading_again_changes_nothing_and_says_so(demo, db) -> None:
    before = counts(demo)

    output = run_load_demo("--password", "another-password")

    assert "already loaded" in output
    assert counts(demo) == before
    assert get_user_model().objects.get(username="admin").check_password("ambassade-demo")


def test_reset_deletes_the_demo_and_loads_it_again(demo, db) -> None:
    before = counts(demo)
    Person.objects.filter(organisation=demo, is_active=False).delete()

    output = run_load_demo("--reset")

    reloaded = demo_organisation_get()
    assert reloaded is not None and reloaded.pk != demo.pk
    assert "1800" in output
    assert counts(reloaded) == before
    assert not Organisation.objects.filter(pk=demo.pk).exists()


def test_a_reload_produces_exactly_the_same_people_and_takes_the_new_password(demo, db) -> None:
    first_digest = people_digest(demo)

    run_load_demo("--reset", "--password", "s3cret-demo-password")

    reloaded = demo_organisation_get()
    assert reloaded is not None
    assert people_digest(reloaded) == first_digest
    assert get_user_model().objects.get(username="employee").check_password("s3cret-demo-password")


def test_every_load_is_written_to_the_audit_log(demo, db) -> None:
    event = AuditEvent.objects.get(organisation=demo, action="demo.load")
    assert event.changes["people"] == 1800
    assert event.actor_label == "system"


def test_the_five_demo_accounts_have_their_roles_and_their_own_person(demo, db) -> None:
    memberships = {
        m.user.username: m for m in Membership.objects.filter(organisation=demo).select_related("user")
    }
    assert {name: m.role for name, m in memberships.items()} == {
        "admin": Role.HR_ADMIN, "comms": Role.COMMS, "recruiter": Role.RECRUITER, "manager": Role.MANAGER,
        "employee": Role.EMPLOYEE,
    }  # fmt: skip
    for membership in memberships.values():
        assert membership.person is not None
        assert membership.person.organisation_id == demo.pk
        assert membership.person.is_active
        assert membership.user.email == membership.person.email
    assert memberships["employee"].user.check_password("ambassade-demo")


def test_the_demo_manager_leads_a_direction_whose_departments_are_big_enough_to_show(demo, db) -> None:
    membership = Membership.objects.get(organisation=demo, user__username="manager")
    top = membership.managed_department
    assert top is not None and top == account_person(demo, "manager").department
    subtree = Department.objects.filter(path__startswith=top.path).exclude(pk=top.pk)
    active = Person.objects.filter(is_active=True)
    big_enough = [d for d in subtree if active.filter(department=d).count() >= 5]
    assert len(big_enough) >= 2
    assert active.filter(department__path__startswith=top.path).count() > 5


def test_the_demo_employee_works_in_the_demo_managers_direction(demo, db) -> None:
    employee, manager = account_person(demo, "employee"), account_person(demo, "manager")
    assert employee.department and manager.department
    assert employee.department.path.startswith(manager.department.path)


def test_every_person_works_in_a_department_of_their_own_entity(demo, db) -> None:
    people = Person.objects.filter(organisation=demo)
    assert not people.filter(department__isnull=True).exists()
    assert not people.exclude(department__entity=F("entity")).exists()


def test_manager_chains_end_at_a_chief_without_cycles(demo, db) -> None:
    manager_of = dict(Person.objects.filter(organisation=demo).values_list("pk", "manager_id"))
    chiefs = {pk for pk, manager in manager_of.items() if manager is None}
    assert len(chiefs) == 3  # one chief executive per entity
    for pk in manager_of:
        seen: set[int] = set()
        while pk is not None:
            assert pk not in seen, "a manager chain loops"
            seen.add(pk)
            pk = manager_of[pk]


def test_heads_report_to_the_head_of_the_parent_department(demo, db) -> None:
    manager = account_person(demo, "manager")
    assert manager.manager is not None and manager.department is not None
    assert manager.manager.department == manager.department.parent
    assert manager.manager.job_title.startswith("Direct")


def test_e_mails_are_unique_plain_ascii_and_on_the_reserved_example_domain(demo, db) -> None:
    emails = list(Person.objects.filter(organisation=demo).values_list("email", flat=True))
    assert len(set(emails)) == len(emails)
    for email in emails:
        assert email.isascii() and email == email.lower()
        assert email.endswith("@ile-de-seine.example")


def test_hr_identifiers_look_like_the_hr_systems(demo, db) -> None:
    hr_ids = Person.objects.filter(organisation=demo).values_list("hr_id", flat=True)
    assert all(len(hr_id) == 7 and hr_id[0] == "M" and hr_id[1:].isdigit() for hr_id in hr_ids)


def test_some_people_have_left_and_a_few_are_leaving(demo, db) -> None:
    today = timezone.localdate()
    people = Person.objects.filter(organisation=demo)
    departed = people.filter(is_active=False)
    assert 20 <= departed.count() <= 60
    assert not departed.filter(active_until__isnull=True).exists()
    assert not departed.filter(active_until__gte=today).exists()
    assert not departed.filter(active_from__gte=F("active_until")).exists()
    assert people.filter(is_active=True, active_until__gt=today).count() >= 5
    assert not people.filter(active_from__isnull=True).exists()


def test_job_titles_fit_the_audience(demo, db) -> None:
    titles = dict(
        Person.objects.filter(
            organisation=demo, audience__slug="direction-generale", manager__isnull=True
        ).values_list("entity__slug", "job_title")
    )
    assert titles["siege"] in {"Directeur général des services", "Directrice générale des services"}
    directors = Person.objects.filter(organisation=demo, audience__slug="directeurs")
    assert all(title.startswith("Direct") for title in directors.values_list("job_title", flat=True))
    assert Person.objects.filter(
        organisation=demo, audience__slug="encadrants", job_title__contains="service"
    ).exists()


def test_it_refuses_to_take_over_an_existing_account_with_a_demo_user_name(demo, db) -> None:
    demo_delete(organisation=Organisation.objects.get(pk=demo.pk))  # a copy: the fixture outlives the test
    get_user_model().objects.create_user("admin", password="someone-elses-password")

    with pytest.raises(CommandError, match="admin"):
        run_load_demo()

    assert demo_organisation_get() is None
    assert not Person.objects.exists()


def test_it_refuses_an_empty_password(demo, db) -> None:
    with pytest.raises(CommandError, match="password"):
        run_load_demo("--reset", "--password", "")
    assert Organisation.objects.filter(pk=demo.pk).exists()
