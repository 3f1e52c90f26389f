from __future__ import annotations

import pytest
from django.http import Http404

from ambassade.orgs import selectors
from ambassade.orgs.models import Membership
from ambassade.testing.factories import World, department_create, person_create

pytestmark = pytest.mark.django_db


def _membership(world: World, persona: str) -> Membership:
    return Membership.objects.get(user=world.users[persona])


def test_a_manager_sees_only_their_department_subtree(world: World) -> None:
    departments = set(selectors.department_list(membership=_membership(world, "manager")))
    assert departments == {world.service, world.unit}


def test_a_department_outside_the_manager_scope_is_a_404(world: World) -> None:
    with pytest.raises(Http404):
        selectors.department_get_for_user(membership=_membership(world, "manager"), pk=world.other_service.pk)


def test_an_employee_sees_only_their_own_record(world: World) -> None:
    people = list(selectors.person_list(membership=_membership(world, "employee")))
    assert people == [world.people["employee"]]
    with pytest.raises(Http404):
        selectors.person_get_for_user(membership=_membership(world, "employee"), pk=world.people["comms"].pk)


def test_another_organisation_s_objects_are_a_404_even_for_an_hr_admin(world: World) -> None:
    admin = _membership(world, "admin")
    assert world.foreign_person is not None and world.foreign_department is not None
    with pytest.raises(Http404):
        selectors.person_get_for_user(membership=admin, pk=world.foreign_person.pk)
    with pytest.raises(Http404):
        selectors.department_get_for_user(membership=admin, pk=world.foreign_department.pk)


def test_a_malformed_id_is_a_404_not_an_error(world: World) -> None:
    with pytest.raises(Http404):
        selectors.entity_get_for_user(membership=_membership(world, "admin"), pk="abc")


def test_people_search_matches_names_across_accents_case_and_department_subtrees(world: World) -> None:
    admin = _membership(world, "admin")
    found = selectors.person_list(membership=admin, filters=selectors.PeopleFilters(query="comm"))
    assert list(found) == [world.people["comms"]]
    in_service = selectors.person_list(
        membership=admin, filters=selectors.PeopleFilters(department_id=world.service.pk)
    )
    assert world.people["employee"] in in_service  # the unit is under the service
    assert world.people["recruiter"] not in in_service


def test_manager_headcounts_hide_groups_under_five(world: World) -> None:
    rows = {row.label: row.count for row in selectors.department_headcounts(department=world.service)}
    # service: comms + manager directly, plus the unit's 7 people below it.
    assert rows == {"Service communication": 9, "Pôle web": 7}
    small = department_create(world.hq, "Cellule presse", parent=world.service)
    for _ in range(2):
        person_create(world.hq, small, audience=world.audiences["managers"])
    rows = {row.label: row.count for row in selectors.department_headcounts(department=world.service)}
    assert rows["Cellule presse"] is None  # 2 people: too few to show
    assert rows["Service communication"] == 11
    audiences = {row.label: row.count for row in selectors.audience_headcounts(department=world.service)}
    assert audiences["Agents"] == 8
    assert audiences["Encadrants"] is None  # 3 people
