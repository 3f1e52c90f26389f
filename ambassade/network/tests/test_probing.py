"""The "also in colleagues' networks" figure must not tell whether one given person is a colleague's
contact: not shown below a minimum number of connections, rounded, and uploads are limited per day."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ambassade.network.selectors import SHARED_MINIMUM, my_network
from ambassade.network.tests.support import connection_row, connections_csv, network_give
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db

TARGET = 7  # contact-7: the person someone wants to know about


@pytest.fixture
def ambassador(world):
    colleague = ambassador_enrol(world.people["comms"])
    network_give(colleague, range(0, 100))  # the colleague knows contact-7 (and 99 others)
    return ambassador_enrol(world.people["employee"])


def _figures(ambassador, numbers: list[int]) -> tuple[object, object, object]:
    network_give(ambassador, numbers)
    mine = my_network(ambassador=ambassador)
    return mine.shared_with_colleagues, mine.only_mine, mine.shared_percent


def test_a_one_line_file_does_not_tell_whether_a_colleague_knows_that_person(world, ambassador) -> None:
    with_target = _figures(ambassador, [TARGET])
    without = _figures(ambassador, [100_000])
    assert with_target == without
    assert with_target[0] is None


def test_padding_the_file_with_unknown_people_does_not_tell_either(world, ambassador) -> None:
    padding = list(range(100_000, 100_000 + SHARED_MINIMUM))
    assert _figures(ambassador, [*padding, TARGET]) == _figures(ambassador, [*padding, 200_000])


def test_a_real_network_sees_its_overlap_rounded(world, ambassador) -> None:
    shared, only_mine, percent = _figures(ambassador, list(range(60, 160)))  # 40 in common, 60 not
    assert (shared, only_mine, percent) == (40, 60, 40)
    shared, _only_mine, _percent = _figures(ambassador, list(range(63, 163)))  # 37 in common
    assert shared == 40


def test_the_page_says_from_how_many_connections_the_figure_is_shown(world, login, ambassador) -> None:
    world.users["employee"].membership.language = "en"
    world.users["employee"].membership.save(update_fields=["language"])
    client = login("employee")
    client.post(
        reverse("network_upload"),
        {
            "file": SimpleUploadedFile(
                "Connections.csv", connections_csv([connection_row(TARGET)]), "text/csv"
            ),
            "consent": "on",
        },
    )
    page = client.get(reverse("network_me")).content.decode()
    assert 'id="my-shared"' not in page
    assert f"from {SHARED_MINIMUM} connections" in page


def test_uploads_are_limited_per_day(world, login, ambassador) -> None:
    client = login("employee")
    data = connections_csv([connection_row(number) for number in range(60)])
    statuses = [
        client.post(
            reverse("network_upload"),
            {"file": SimpleUploadedFile("Connections.csv", data, "text/csv"), "consent": "on"},
        ).status_code
        for _attempt in range(6)
    ]
    assert statuses == [302] * 5 + [400]
