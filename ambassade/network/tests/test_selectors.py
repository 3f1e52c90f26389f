"""The programme's network: distinct reach and overlap, the interaction graph under the privacy rules
(opt-in names, department groups of at least five, managers at department level), isolated departments
and the overlap between departments."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ambassade.ambassadors.models import Share
from ambassade.network.selectors import (
    OVERLAP_THRESHOLD,
    my_network,
    network_overview,
    programme_network_figures,
)
from ambassade.network.tests.support import network_give
from ambassade.orgs.models import Person
from ambassade.testing.programme import ambassador_enrol, content_item_publish

pytestmark = pytest.mark.django_db


def _membership(world, persona: str):
    return world.users[persona].membership


def _unit_agents(world) -> list[Person]:
    return list(Person.objects.filter(department=world.unit, last_name="Web").order_by("pk"))


def _finance(world) -> list[Person]:
    return list(Person.objects.filter(department=world.other_service).order_by("pk"))


@pytest.fixture
def programme(world):
    """Employee (named) and 6 agents of the web unit; the recruiter and 3 agents of finance, invited by
    the HR admin; an agent of the web unit shares an item written by the employee; networks overlap."""
    employee = ambassador_enrol(world.people["employee"], show_name_in_network=True)
    web = [ambassador_enrol(person) for person in _unit_agents(world)]
    finance = [ambassador_enrol(person, invited_by=world.users["admin"]) for person in _finance(world)]
    item = content_item_publish(world.organisation, created_by=world.users["employee"])
    Share.objects.create(
        organisation=world.organisation,
        item=item,
        ambassador=web[0],
        network="linkedin",
        opened_at=timezone.now(),
    )
    network_give(employee, range(0, 100))
    for index, ambassador in enumerate(web):
        network_give(ambassador, range(1000 + 50 * index, 1100 + 50 * index))  # neighbours share 50
    network_give(finance[0], list(range(1000, 1000 + OVERLAP_THRESHOLD)) + list(range(5000, 5100)))
    return {"employee": employee, "web": web, "finance": finance}


def test_distinct_reach_counts_each_connection_once_and_the_overlap_is_the_rest(world) -> None:
    first = ambassador_enrol(world.people["employee"])
    second = ambassador_enrol(world.people["comms"])
    third = ambassador_enrol(world.people["manager"])
    network_give(first, range(0, 100))
    network_give(second, range(50, 150))
    network_give(third, range(0, 10))
    figures = programme_network_figures(organisation=world.organisation)
    assert (figures.uploaded, figures.connections, figures.distinct) == (3, 210, 150)
    assert figures.overlap_percent == pytest.approx(28.6)
    overview = network_overview(membership=_membership(world, "admin"))
    assert (overview.figures.connections, overview.figures.distinct) == (210, 150)
    assert my_network(ambassador=third).shared_with_colleagues is None  # too few connections to show it
    assert my_network(ambassador=first).shared_with_colleagues == 60


def test_the_admin_graph_names_only_those_who_opted_in_and_groups_the_others(world, programme) -> None:
    overview = network_overview(membership=_membership(world, "admin"))
    labels = {node.id: node.label for node in overview.nodes}
    employee = f"p{world.people['employee'].pk}"
    assert labels == {
        employee: "Émile Employé",
        f"d{world.unit.pk}": "Pôle web · 6",
        # finance (4 people) is too small: merged into its parent with the HR admin who invited them.
        f"d{world.direction.pk}": "Direction générale · 5",
    }
    kinds = {(edge.source, edge.target, edge.kind): edge.weight for edge in overview.edges}
    assert kinds[(f"d{world.unit.pk}", employee, "share")] == 1
    assert (f"d{world.direction.pk}", f"d{world.unit.pk}", "overlap") in kinds or (
        f"d{world.unit.pk}",
        f"d{world.direction.pk}",
        "overlap",
    ) in kinds
    assert not any(edge.kind == "invite" for edge in overview.edges)  # inside one group: no edge drawn
    assert [node.label for node in overview.connecting] == ["Émile Employé"]
    assert overview.isolated == ["Pôle web"]
    rendered = str(overview.chart())
    for person in _unit_agents(world) + _finance(world):
        assert person.last_name not in rendered or person.last_name == "Web"
        assert person.first_name not in rendered


def test_a_manager_sees_their_subtree_at_department_level_without_any_name(world, programme) -> None:
    overview = network_overview(membership=_membership(world, "manager"))
    assert not overview.names_allowed
    assert [node.label for node in overview.nodes] == ["Pôle web · 7"]
    assert overview.edges == []  # the share is inside the group
    assert overview.connecting == []
    assert overview.figures.uploaded == 7
    assert overview.figures.connections == 100 + 6 * 100
    assert "Émile" not in str(overview.chart())
    assert overview.matrix.labels == ["Pôle web"]


def test_a_manager_with_fewer_than_five_ambassadors_in_scope_sees_no_figure(world) -> None:
    for person in _unit_agents(world)[:3]:
        network_give(ambassador_enrol(person), range(10))
    overview = network_overview(membership=_membership(world, "manager"))
    assert overview.figures.uploaded is None and overview.figures.distinct is None
    assert overview.nodes == []


def test_employees_get_no_graph_of_others(world, programme) -> None:
    overview = network_overview(membership=_membership(world, "employee"))
    assert overview.nodes == [] and overview.figures.distinct is None


def test_the_department_overlap_matrix_counts_common_connections_between_groups(world, programme) -> None:
    matrix = network_overview(membership=_membership(world, "admin")).matrix
    # Uploaders: 7 in the web unit, 1 in finance (merged up to the top, then "Other").
    assert matrix.labels == ["Pôle web", "Other"]
    assert matrix.uploaders == [7, 1]
    web_distinct = 100 + 100 + 5 * 50  # the employee's 100, then the agents' overlapping ranges
    assert matrix.cells[0][0] == web_distinct
    assert matrix.cells[1][1] == OVERLAP_THRESHOLD + 100
    assert matrix.cells[0][1] == matrix.cells[1][0] == OVERLAP_THRESHOLD


def test_withdrawn_ambassadors_are_not_counted(world, programme) -> None:
    from ambassade.ambassadors.services import ambassador_withdraw

    ambassador_withdraw(actor=None, ambassador=programme["employee"], language="en")
    overview = network_overview(membership=_membership(world, "admin"))
    assert all(not node.id.startswith("p") for node in overview.nodes)
    assert overview.figures.uploaded == 7  # the 6 web agents and the finance agent; not the employee
