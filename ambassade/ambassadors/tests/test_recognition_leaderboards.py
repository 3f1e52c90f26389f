"""Leaderboards: opted-in enrolled individuals only; teams as aggregates, small groups hidden."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ambassade.ambassadors.ledger import points_adjust, points_award
from ambassade.ambassadors.models import Ambassador, PointsEntry
from ambassade.ambassadors.recognition import leaderboard_people, leaderboard_teams
from ambassade.orgs.models import Person
from ambassade.testing.factories import World, person_create
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db
Reason = PointsEntry.Reason


def give(ambassador: Ambassador, points: int, *, days_ago: int = 1) -> None:
    points_award(
        ambassador=ambassador,
        reason=Reason.TRAINING,
        source=f"training:{ambassador.pk}:{days_ago}:{points}",
        points=points,
        at=timezone.now() - timedelta(days=days_ago),
    )


def enrol(person: Person, *, opt_in: bool = True) -> Ambassador:
    return ambassador_enrol(person, leaderboard_opt_in=opt_in)


def names(rows) -> list[str]:
    return [row.name for row in rows]


def test_only_opted_in_enrolled_people_appear_by_points_in_the_period(world: World) -> None:
    employee = enrol(world.people["employee"])
    manager = enrol(world.people["manager"])
    shy = enrol(world.people["comms"], opt_in=False)
    give(employee, 30)
    give(manager, 10)
    give(manager, 100, days_ago=60)
    give(shy, 500)

    thirty = leaderboard_people(organisation=world.organisation, period="30")
    assert [(row.rank, row.name, row.points) for row in thirty] == [
        (1, "Émile Employé", 30),
        (2, "Maëlle Manager", 10),
    ]
    assert names(leaderboard_people(organisation=world.organisation, period="90")) == [
        "Maëlle Manager",
        "Émile Employé",
    ]
    assert "Camille Comm" not in names(leaderboard_people(organisation=world.organisation, period="all"))


def test_ties_share_a_rank(world: World) -> None:
    for key in ["employee", "manager", "comms"]:
        give(enrol(world.people[key]), 20 if key != "comms" else 5)
    rows = leaderboard_people(organisation=world.organisation)
    assert [row.rank for row in rows] == [1, 1, 3]


def test_withdrawal_removes_the_person_from_leaderboards_at_once(world: World) -> None:
    employee = enrol(world.people["employee"])
    give(employee, 30)
    assert names(leaderboard_people(organisation=world.organisation)) == ["Émile Employé"]

    Ambassador.objects.filter(pk=employee.pk).update(status=Ambassador.Status.WITHDRAWN)

    assert leaderboard_people(organisation=world.organisation) == []


def test_people_who_left_or_were_deactivated_are_not_listed(world: World) -> None:
    employee = enrol(world.people["employee"])
    manager = enrol(world.people["manager"])
    Ambassador.objects.filter(pk=employee.pk).update(status=Ambassador.Status.LEFT)
    Person.objects.filter(pk=manager.person_id).update(is_active=False)
    assert leaderboard_people(organisation=world.organisation) == []


def test_negative_corrections_lower_the_period_points(world: World) -> None:
    employee = enrol(world.people["employee"])
    give(employee, 30)
    points_adjust(actor=world.users["admin"], ambassador=employee, points=-25, note="Erreur de saisie")
    assert [row.points for row in leaderboard_people(organisation=world.organisation)] == [5]


def test_other_organisations_never_appear(world: World) -> None:
    assert world.foreign_person is not None
    give(enrol(world.foreign_person), 99)
    assert leaderboard_people(organisation=world.organisation) == []


def test_team_boards_are_aggregates_and_hide_groups_under_five(world: World) -> None:
    # Pôle web (unit): the employee and six agents → 7 people; five of them enrolled.
    unit_people = list(Person.objects.filter(department=world.unit).order_by("pk"))
    unit = [enrol(person, opt_in=False) for person in unit_people[:5]]
    for ambassador in unit[:2]:
        give(ambassador, 10)
    Ambassador.objects.filter(pk=unit[0].pk).update(last_active_on=timezone.localdate())
    # Service finances: three enrolled, hidden.
    for person in Person.objects.filter(department=world.other_service)[:3]:
        give(enrol(person), 50)
    # A withdrawn ambassador adds nothing.
    extra = enrol(person_create(world.hq, world.unit), opt_in=False)
    give(extra, 1000)
    Ambassador.objects.filter(pk=extra.pk).update(status=Ambassador.Status.WITHDRAWN)

    departments = leaderboard_teams(organisation=world.organisation, by="department")

    assert [
        (row.label, row.ambassadors, row.points, row.average, row.active_percent) for row in departments.rows
    ] == [("Pôle web", 5, 20, 4.0, 20)]
    assert departments.hidden_groups == 1
    entities = leaderboard_teams(organisation=world.organisation, by="entity")
    # The entity adds up the departments shown: Pôle web, not the hidden Service finances.
    assert [(row.label, row.ambassadors, row.points) for row in entities.rows] == [("Siège", 5, 20)]
    assert entities.hidden_groups == 0


# --- no individual's points by subtraction (habit 7) -----------------------------------------------


def team(world: World, department, size: int, *, named: int, points: int = 20) -> list[Ambassador]:
    """`size` enrolled ambassadors of `department` (new people if needed), the first `named` opted in,
    each with `points`."""
    people = list(Person.objects.filter(department=department).order_by("pk"))
    while len(people) < size:
        people.append(person_create(department.entity, department))
    ambassadors = [enrol(person, opt_in=index < named) for index, person in enumerate(people[:size])]
    for ambassador in ambassadors:
        give(ambassador, points)
    return ambassadors


def test_the_entity_board_adds_up_only_the_departments_shown_so_a_hidden_one_cannot_be_subtracted(
    world: World,
) -> None:
    team(world, world.unit, 5, named=0)  # Pôle web: shown, 100 points
    give(enrol(world.people["comms"], opt_in=False), 40)  # alone in Service communication: hidden

    departments = leaderboard_teams(organisation=world.organisation, by="department")
    entities = leaderboard_teams(organisation=world.organisation, by="entity")

    assert [(row.label, row.points) for row in departments.rows] == [("Pôle web", 100)]
    assert [(row.label, row.ambassadors, row.points) for row in entities.rows] == [("Siège", 5, 100)]


def test_an_entity_without_a_department_shown_is_not_shown(world: World) -> None:
    team(world, world.other_service, 4, named=0)  # Siège: 4 + 1 ambassadors, but no department of 5
    give(enrol(world.people["comms"], opt_in=False), 40)
    team(world, world.subsidiary_service, 6, named=0)

    entities = leaderboard_teams(organisation=world.organisation, by="entity")

    assert [row.label for row in entities.rows] == ["Filiale Sud"]
    assert entities.hidden_groups == 1


def test_a_team_with_one_to_four_ambassadors_left_off_the_named_board_is_hidden(world: World) -> None:
    # Pôle web: 5 ambassadors, 4 named on the board: 100 − 4 × 20 would give the fifth one's points.
    team(world, world.unit, 5, named=4)

    departments = leaderboard_teams(organisation=world.organisation, by="department")
    entities = leaderboard_teams(organisation=world.organisation, by="entity")

    assert departments.rows == [] and departments.hidden_groups == 1
    assert entities.rows == [] and entities.hidden_groups == 1
    assert len(leaderboard_people(organisation=world.organisation)) == 4


@pytest.mark.parametrize(
    ("size", "named", "shown"),
    [
        (5, 0, True),  # nobody named: the total is a group's
        (5, 5, True),  # everyone named: the total adds up the named rows, nothing more
        (5, 1, False),
        (9, 5, False),  # four unnamed
        (10, 5, True),  # five unnamed
        (4, 0, False),  # too small
    ],
)
def test_a_team_is_shown_with_five_ambassadors_and_none_or_five_of_them_unnamed(
    world: World, size: int, named: int, shown: bool
) -> None:
    team(world, world.unit, size, named=named)
    departments = leaderboard_teams(organisation=world.organisation, by="department")
    assert [row.label for row in departments.rows] == (["Pôle web"] if shown else [])


def test_opted_in_people_beyond_the_named_board_count_as_unnamed(world: World) -> None:
    ambassadors = team(world, world.unit, 5, named=5)
    give(ambassadors[0], 1)  # the first one ranks first, the others tie behind

    rows = leaderboard_teams(organisation=world.organisation, by="department")
    assert [row.label for row in rows.rows] == ["Pôle web"]

    named = {row.ambassador_id for row in leaderboard_people(organisation=world.organisation, limit=4)}
    limited = leaderboard_teams(organisation=world.organisation, by="department", named=named)
    assert limited.rows == []  # one opted-in ambassador is not on a board of 4 rows: 101 − 4 rows
