"""The programme overview (figures, adoption curve, checklist completion), the ambassadors list and
detail, coverage, settings, and the programme card of the home pages."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ambassade.ambassadors.activity import activity_add
from ambassade.ambassadors.adoption import adoption_snapshots_backfill
from ambassade.ambassadors.models import Ambassador, Programme
from ambassade.ambassadors.programme import programme_get
from ambassade.ambassadors.selectors import (
    adoption_by_group,
    adoption_series,
    checklist_completion_by_department,
    coverage_tree,
)
from ambassade.ambassadors.services import ambassador_withdraw, checklist_tick, social_account_save
from ambassade.api.services import api_token_create
from ambassade.core.models import AuditEvent
from ambassade.orgs.models import Membership, Person
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _text(response: Any) -> str:
    return unescape(response.content.decode())


def _enrol_unit(world: World, count: int, *, active: int = 0) -> list[Ambassador]:
    """Enrol `count` people of the unit (the employee first), `active` of them active today."""
    people = [world.people["employee"]] + list(
        Person.objects.filter(department=world.unit).exclude(pk=world.people["employee"].pk)
    )
    at = timezone.make_aware(datetime.combine(TODAY - timedelta(days=15), time(9)))
    ambassadors = [ambassador_enrol(person, at=at) for person in people[:count]]
    for ambassador in ambassadors[:active]:
        activity_add(ambassador=ambassador, day=TODAY, shares=1)
    return ambassadors


@pytest.fixture
def launched(world: World) -> World:
    programme = programme_get(organisation=world.organisation)
    programme.launched_on = TODAY - timedelta(days=15)
    programme.save()
    return world


# --- overview -------------------------------------------------------------------------------------


def test_admins_see_the_figures_and_the_adoption_curve_since_the_launch(launched: World, login) -> None:
    _enrol_unit(launched, 6, active=3)
    Ambassador.objects.create(organisation=launched.organisation, person=launched.people["comms"])
    adoption_snapshots_backfill(organisation=launched.organisation)
    response = login("admin").get(reverse("programme"))
    page = _text(response)
    assert "3 actifs sur 15 et 6 inscrits après 15 jours." in page
    figures = response.context["figures"]
    assert (figures.staff, figures.invited, figures.enrolled, figures.active) == (15, 1, 6, 3)
    chart = json.loads(response.context["chart"] and json.dumps(response.context["chart"]))
    assert chart["days"][0] == 0 and chart["days"][-1] == 15
    assert chart["active"][-1] == 3 and chart["staff"][-1] == 15
    assert 'id="adoption-chart"' in page and "echarts.min.js" in page


def test_the_curve_can_show_one_department_entity_or_audience(launched: World, login) -> None:
    _enrol_unit(launched, 6, active=2)
    adoption_snapshots_backfill(organisation=launched.organisation)
    client = login("comms")
    unit = client.get(reverse("programme"), {"group": f"department:{launched.unit.pk}"})
    assert "2 actifs sur 7 et 6 inscrits après 15 jours." in _text(unit)
    subsidiary = client.get(reverse("programme"), {"group": f"entity:{launched.subsidiary.pk}"})
    assert "0 actifs sur 1 et 0 inscrits après 15 jours." in _text(subsidiary)
    unknown = client.get(reverse("programme"), {"group": "department:999999"})
    assert unknown.status_code == 200 and "2 actifs sur 15" in _text(unknown)


def test_managers_see_their_subtree_in_aggregate_with_small_groups_hidden(launched: World, login) -> None:
    _enrol_unit(launched, 6, active=2)
    adoption_snapshots_backfill(organisation=launched.organisation)
    client = login("manager")
    page = _text(client.get(reverse("programme")))
    assert "Adoption dans Service communication et ses sous-services" in page
    assert "2 actifs sur 9 et 6 inscrits après 15 jours." in page
    assert "Émile" not in page and "Employé" not in page  # no person is named
    small = client.get(reverse("programme"), {"group": f"audience:{launched.audiences['managers'].pk}"})
    assert "La courbe de ce groupe n'est pas affichée" in _text(small)
    outside = client.get(reverse("programme"), {"group": f"department:{launched.other_service.pk}"})
    assert "2 actifs sur 9" in _text(outside)  # not a choice for them: the whole subtree is shown


def test_employees_see_their_own_status_and_the_join_button(launched: World, login) -> None:
    page = _text(login("employee").get(reverse("programme")))
    assert "Rejoindre le programme" in page and 'id="figures"' not in page and "adoption-chart" not in page
    ambassador_enrol(launched.people["employee"])
    page = _text(login("employee").get(reverse("programme")))
    assert "Vous êtes ambassadeur ou ambassadrice depuis" in page and "Inactif" in page


def test_checklist_completion_is_shown_per_department_in_aggregate(launched: World) -> None:
    ambassadors = _enrol_unit(launched, 5)
    for ambassador in ambassadors[:2]:
        for key in (
            "photo",
            "headline",
            "about",
            "position",
            "career_link",
            "featured",
            "open_to_recruiters",
        ):
            checklist_tick(ambassador=ambassador, network="linkedin", item=key, done=True)
    social_account_save(ambassador=ambassadors[0], network="x", handle="@emile")
    admin = Membership.objects.get(user=launched.users["admin"])
    rows = {row.department.name: row for row in checklist_completion_by_department(membership=admin)}
    unit = rows["Pôle web"]
    assert (unit.ambassadors, unit.complete) == (5, 1)  # the first also has X, not done
    assert unit.average == round((70 + 100 + 0 + 0 + 0) / 5)
    manager = Membership.objects.get(user=launched.users["manager"])
    rows = {row.department.name: row for row in checklist_completion_by_department(membership=manager)}
    assert (rows["Service communication"].ambassadors, rows["Service communication"].complete) == (5, 1)
    # Showing Pôle web too would give, by subtraction, the service's own two people: nobody enrolled.
    assert rows["Pôle web"].ambassadors is None
    ambassador_withdraw(actor=None, ambassador=ambassadors[4], language="fr")
    rows = {row.department.name: row for row in checklist_completion_by_department(membership=manager)}
    assert rows["Service communication"].ambassadors is None  # four: too few for a manager


# --- ambassadors (programme admins) ---------------------------------------------------------------


def test_the_ambassadors_list_filters_by_status_department_and_activity(launched: World, login) -> None:
    _enrol_unit(launched, 3, active=1)
    withdrawn = ambassador_enrol(launched.people["recruiter"])
    ambassador_withdraw(actor=None, ambassador=withdrawn, language="fr")
    client = login("comms")
    everyone = client.get(reverse("ambassador_list"))
    assert everyone.context["count"] == 4
    active = client.get(reverse("ambassador_list"), {"activity": "active"})
    assert [row["ambassador"].person for row in active.context["rows"]] == [launched.people["employee"]]
    inactive = client.get(reverse("ambassador_list"), {"activity": "inactive"})
    assert inactive.context["count"] == 2
    finances = client.get(
        reverse("ambassador_list"), {"department": launched.direction.pk, "status": "withdrawn"}
    )
    rows = finances.context["rows"]
    assert [row["ambassador"] for row in rows] == [withdrawn] and rows[0]["figures"] is False


def test_the_detail_of_a_withdrawn_person_shows_no_figures(launched: World, login) -> None:
    ambassador = ambassador_enrol(launched.people["employee"])
    social_account_save(ambassador=ambassador, network="x", handle="@emile_visible")
    client = login("admin")
    assert "@emile_visible" in _text(client.get(reverse("ambassador_detail", args=[ambassador.pk])))
    ambassador_withdraw(actor=None, ambassador=ambassador, language="fr")
    page = _text(client.get(reverse("ambassador_detail", args=[ambassador.pk])))
    assert "ses chiffres individuels ne sont montrés à personne" in page
    assert "@emile_visible" not in page and "Départ : consentement retiré" in page


def test_ambassadors_of_another_organisation_are_not_found(launched: World, login) -> None:
    assert launched.foreign_person is not None
    foreign = ambassador_enrol(launched.foreign_person)
    assert login("admin").get(reverse("ambassador_detail", args=[foreign.pk])).status_code == 404


# --- coverage -------------------------------------------------------------------------------------


def test_coverage_shows_the_gaps_on_the_department_tree(launched: World, login) -> None:
    _enrol_unit(launched, 2, active=1)
    ambassador_enrol(launched.people["recruiter"])  # enrolled in finances, never active
    response = login("admin").get(reverse("coverage"))
    rows = {row.department.name: row for row in response.context["rows"]}
    assert rows["Pôle web"].covered is True
    assert rows["Service finances"].covered is False and rows["Service finances"].gap
    assert rows["Service communication"].covered is False  # its own two people: none active
    assert rows["Agence Marseille"].gap
    assert (rows["Direction générale"].staff, rows["Direction générale"].active) == (14, 1)
    page = _text(response)
    assert f'<tr class="gap" id="coverage-{launched.other_service.pk}">' in page
    assert "Idéalement une personne par service" in page


def test_a_department_with_nobody_of_its_own_is_covered_from_below(launched: World) -> None:
    Person.objects.filter(department=launched.direction).update(department=launched.other_service)
    _enrol_unit(launched, 1, active=1)
    admin = Membership.objects.get(user=launched.users["admin"])
    rows = {row.department.name: row for row in coverage_tree(membership=admin)}
    assert rows["Direction générale"].own_staff == 0 and rows["Direction générale"].covered is True


def test_managers_see_the_coverage_of_their_subtree_with_small_groups_hidden(launched: World, login) -> None:
    _enrol_unit(launched, 2, active=1)
    ambassador_enrol(launched.people["comms"])
    activity_add(ambassador=Ambassador.objects.get(person=launched.people["comms"]), day=TODAY, shares=1)
    response = login("manager").get(reverse("coverage"))
    rows = response.context["rows"]
    assert [row.department.name for row in rows] == ["Service communication", "Pôle web"]
    service, unit = rows
    # Three enrolled in the service, two of them in Pôle web: the manager would learn that the comms
    # officer is enrolled and active, and that both ambassadors of Pôle web are not.
    assert (service.staff, service.enrolled, service.active, service.covered) == (9, None, None, None)
    assert (unit.staff, unit.enrolled, unit.active, unit.covered) == (7, None, None, None)
    assert "non affiché" in _text(response) and 'id="small-groups-rule"' in _text(response)


def test_a_manager_cannot_subtract_a_department_shown_from_its_parent(launched: World, login) -> None:
    _enrol_unit(launched, 5, active=2)
    comms = ambassador_enrol(launched.people["comms"])
    activity_add(ambassador=comms, day=TODAY, shares=1)
    manager = Membership.objects.get(user=launched.users["manager"])
    rows = {row.department.name: row for row in coverage_tree(membership=manager)}
    service, unit = rows["Service communication"], rows["Pôle web"]
    assert (service.enrolled, service.active) == (6, 3)
    # 6 - 5 would be the comms officer:
    assert (unit.enrolled, unit.active, unit.covered) == (None, None, None)
    assert service.covered is None  # decided by its own two people
    completion = {row.department.name: row for row in checklist_completion_by_department(membership=manager)}
    assert completion["Service communication"].ambassadors == 6 and completion["Pôle web"].ambassadors is None
    adoption_snapshots_backfill(organisation=launched.organisation)
    curves = {series.label: series for series in adoption_by_group(membership=manager, group="department")}
    assert curves["Service communication"].points[-1].enrolled == 6
    assert curves["Pôle web"].hidden and curves["Pôle web"].points[-1].staff == 7
    api = Client()
    token = api_token_create(user=launched.users["manager"], name="t")[1]
    body = api.get("/api/v1/programme/coverage/", headers={"Authorization": f"Bearer {token}"}).json()
    assert {row["name"]: row["enrolled"] for row in body} == {"Service communication": 6, "Pôle web": None}


def test_a_manager_sees_a_department_when_what_its_parent_keeps_is_large_enough(
    launched: World,
) -> None:
    _enrol_unit(launched, 6, active=1)
    manager = Membership.objects.get(user=launched.users["manager"])
    for persona in ("comms", "manager"):
        ambassador_enrol(launched.people[persona])
    Person.objects.filter(department=launched.direction).update(department=launched.service)
    finances = Person.objects.filter(department=launched.other_service)
    for person in finances.exclude(pk=launched.people["recruiter"].pk):
        person.department = launched.service
        person.save()
        ambassador_enrol(person)
    rows = {row.department.name: row for row in coverage_tree(membership=manager)}
    # The service's own people: comms, manager, the HR admin and three agents, five of them enrolled.
    assert rows["Service communication"].enrolled == 11 and rows["Pôle web"].enrolled == 6
    assert rows["Service communication"].covered is False  # five enrolled of its own: shown


def test_a_manager_cannot_subtract_an_audience_from_everyone_in_their_scope(launched: World) -> None:
    _enrol_unit(launched, 5)
    ambassador_enrol(launched.people["manager"], at=timezone.now() - timedelta(days=2))
    adoption_snapshots_backfill(organisation=launched.organisation)
    manager = Membership.objects.get(user=launched.users["manager"])
    assert adoption_series(membership=manager).points[-1].enrolled == 6
    audiences = {series.label: series for series in adoption_by_group(membership=manager, group="audience")}
    agents = audiences["Agents"]  # 6 - 5 would be the manager, the only one of their scope not an agent
    assert agents.hidden and agents.points[-1].staff == 8
    alone = adoption_series(membership=manager, group="audience", group_id=launched.audiences["agents"].pk)
    assert alone.hidden
    admin = Membership.objects.get(user=launched.users["admin"])
    audiences = {series.label: series for series in adoption_by_group(membership=admin, group="audience")}
    assert audiences["Agents"].points[-1].enrolled == 5  # the programme's admins are not limited


def test_a_manager_whose_scope_has_fewer_than_five_enrolled_sees_only_the_headcount(
    launched: World, login
) -> None:
    _enrol_unit(launched, 4, active=1)
    client = login("manager")
    response = client.get(reverse("programme"))
    page = _text(response)
    assert "Moins de 5 personnes de votre périmètre sont inscrites" in page
    figures = response.context["figures"]
    assert (figures.staff, figures.invited, figures.enrolled, figures.active, figures.withdrawn) == (
        9,
        None,
        None,
        None,
        None,
    )
    admin = login("admin").get(reverse("programme")).context["figures"]
    assert (admin.enrolled, admin.active) == (4, 1)


def test_programme_admins_see_the_figures_of_every_group(launched: World) -> None:
    _enrol_unit(launched, 2, active=1)
    comms = Membership.objects.get(user=launched.users["comms"])
    rows = {row.department.name: row for row in coverage_tree(membership=comms)}
    assert (rows["Pôle web"].enrolled, rows["Pôle web"].active, rows["Pôle web"].covered) == (2, 1, True)
    assert rows["Service communication"].covered is False


# --- settings -------------------------------------------------------------------------------------


def test_hr_admins_change_the_programme_settings_and_it_is_audited(launched: World, login) -> None:
    client = login("admin")
    data = {
        "name": "Ambassadeurs de la Région",
        "launched_on": (TODAY - timedelta(days=15)).isoformat(),
        "active_period_days": 14,
        "invitation_days": 20,
        "points_share": 5,
        "points_first_click": 5,
        "points_checklist": 25,
        "points_training": 10,
        "daily_points_cap": 30,
    }
    assert client.post(reverse("programme_settings"), data).status_code == 302
    programme = Programme.objects.get(organisation=launched.organisation)
    assert (programme.active_period_days, programme.points_checklist, programme.second_approval) == (
        14,
        25,
        False,
    )
    event = AuditEvent.objects.get(action="programme.settings")
    assert event.changes["points_checklist"] == [20, 25]


@pytest.mark.parametrize("launched_on", ["0202-05-01", "9999-12-31"])
def test_a_launch_date_more_than_ten_years_ago_or_a_year_ahead_is_refused(
    launched: World, login, launched_on: str
) -> None:
    data = {
        "name": "Ambassadeurs",
        "launched_on": launched_on,
        "active_period_days": 30,
        "invitation_days": 30,
        "points_share": 5,
        "points_first_click": 5,
        "points_checklist": 20,
        "points_training": 10,
        "daily_points_cap": 30,
    }
    client = login("admin")
    response = client.post(reverse("programme_settings"), data)
    assert response.status_code == 400
    assert "Indiquez une date de lancement entre le" in _text(response)
    assert Programme.objects.get(organisation=launched.organisation).launched_on == TODAY - timedelta(days=15)
    Membership.objects.filter(user=launched.users["admin"]).update(language="en")
    english = _text(client.post(reverse("programme_settings"), data))
    assert "Enter a launch date between" in english


def test_bad_settings_are_refused_with_a_message_naming_the_field(launched: World, login) -> None:
    response = login("admin").post(
        reverse("programme_settings"),
        {
            "name": "X",
            "active_period_days": 0,
            "invitation_days": 30,
            "points_share": 5,
            "points_first_click": 5,
            "points_checklist": 20,
            "points_training": 10,
            "daily_points_cap": 30,
        },
    )
    assert response.status_code == 400
    assert "Indiquez un nombre de jours entre 1 et 365." in _text(response)
    assert Programme.objects.get(organisation=launched.organisation).active_period_days == 30


# --- home pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin", "comms", "recruiter", "manager", "employee"])
def test_every_home_page_has_the_programme_card(world: World, login, persona: str) -> None:
    page = _text(login(persona).get(reverse("home")))
    assert 'id="programme-card"' in page and reverse("programme_join") in page


def test_the_home_card_leads_ambassadors_to_their_profile(world: World, login) -> None:
    ambassador_enrol(world.people["employee"])
    page = _text(login("employee").get(reverse("home")))
    assert reverse("programme_me") in page and "Vous êtes ambassadeur ou ambassadrice." in page
