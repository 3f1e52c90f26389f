"""What a manager can deduce: nothing about fewer than five people, whether in the figures, the graph or
the overlap matrix. What anyone can read: no third-party text runs as HTML."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ambassade.ambassadors.models import Share
from ambassade.network.selectors import network_overview
from ambassade.network.tests.support import connection_row, connections_csv, network_give
from ambassade.orgs.models import Person
from ambassade.orgs.selectors import MIN_GROUP_SIZE
from ambassade.testing.programme import ambassador_enrol, content_item_publish

pytestmark = pytest.mark.django_db


def _web(world) -> list[Person]:
    return [world.people["employee"], *Person.objects.filter(department=world.unit, last_name="Web")]


def test_when_too_few_in_a_managers_scope_uploaded_no_matrix_or_overlap_tells_their_figures(world) -> None:
    ambassadors = [ambassador_enrol(person) for person in _web(world)]  # 7 enrolled: the graph may show
    for index, ambassador in enumerate(ambassadors[:3]):  # but only 3 uploaded
        network_give(ambassador, range(10 * index, 100 + 10 * index))
    overview = network_overview(membership=world.users["manager"].membership)
    assert overview.figures.distinct is None
    assert overview.matrix.labels == [] and overview.matrix.cells == []
    assert not any(edge.kind == "overlap" for edge in overview.edges)


def test_a_manager_never_sees_a_group_of_fewer_than_five_people(world) -> None:
    web = [ambassador_enrol(person) for person in _web(world)]
    top = [ambassador_enrol(world.people["comms"]), ambassador_enrol(world.people["manager"])]
    item = content_item_publish(world.organisation, created_by=world.users["employee"])
    Share.objects.create(
        organisation=world.organisation,
        item=item,
        ambassador=top[0],
        network="linkedin",
        opened_at=timezone.now(),
    )
    for index, ambassador in enumerate(web + top):
        network_give(ambassador, range(10 * index, 100 + 10 * index))
    overview = network_overview(membership=world.users["manager"].membership)
    assert overview.figures.distinct is not None  # 9 uploaded: the scope's figures are shown
    assert all(node.people >= MIN_GROUP_SIZE for node in overview.nodes), [
        node.label for node in overview.nodes
    ]
    assert all(size >= MIN_GROUP_SIZE for size in overview.matrix.uploaders), overview.matrix.labels
    chart = str(overview.chart())
    assert "· 2" not in chart


def test_company_names_from_the_file_are_shown_as_text_not_html(world, login) -> None:
    ambassador_enrol(world.people["employee"])
    client = login("employee")
    rows = [connection_row(number, company='<img src=x onerror="alert(1)">') for number in range(3)]
    client.post(
        reverse("network_upload"),
        {"file": _file(connections_csv(rows)), "consent": "on"},
    )
    page = client.get(reverse("network_me")).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page


def _file(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("Connections.csv", data, "text/csv")


def test_a_manager_never_reads_what_fewer_than_five_ambassadors_did_behind_authors_in_their_group(
    world,
) -> None:
    """The web unit has 5 people on the graph but only 2 ambassadors (the other 3 wrote items others shared):
    the unit's sharing must not appear as a node's links of its own to the manager."""
    from ambassade.orgs.roles import Role
    from ambassade.testing.factories import department_create, person_create, user_create

    data = department_create(world.hq, "Pôle data", parent=world.service)
    data_people = [
        person_create(world.hq, data, first_name=f"Data{index}", last_name="Data") for index in range(5)
    ]
    data_ambassadors = [ambassador_enrol(person) for person in data_people]
    data_author = user_create(
        "data-author", organisation=world.organisation, role=Role.EMPLOYEE, person=data_people[0]
    )
    agents = list(Person.objects.filter(department=world.unit, last_name="Web").order_by("pk"))
    web_ambassadors = [ambassador_enrol(agents[0]), ambassador_enrol(agents[1])]
    web_authors = [world.users["employee"]] + [
        user_create(
            f"web-author-{index}", organisation=world.organisation, role=Role.EMPLOYEE, person=agents[index]
        )
        for index in (3, 4)
    ]
    now = timezone.now()
    for ambassador in web_ambassadors:  # what the two web ambassadors did
        item = content_item_publish(world.organisation, created_by=data_author)
        Share.objects.create(
            organisation=world.organisation,
            item=item,
            ambassador=ambassador,
            network="linkedin",
            opened_at=now,
        )
    for author, ambassador in zip(web_authors, data_ambassadors, strict=False):  # the web authors' items
        item = content_item_publish(world.organisation, created_by=author)
        Share.objects.create(
            organisation=world.organisation,
            item=item,
            ambassador=ambassador,
            network="linkedin",
            opened_at=now,
        )
    overview = network_overview(membership=world.users["manager"].membership)
    labels = [node.label for node in overview.nodes]
    assert any(label.startswith("Pôle data") for label in labels)
    assert not any(label.startswith("Pôle web") for label in labels), labels
