"""The programme's figures are computed in the background and stored: the page never makes the pass over
the hashes itself; it shows the last figures with their time, "being updated" when they are older than the
uploads, and a progress bar when there are none yet. Requests made during a computation fold into one
more run."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ambassade.network.figures import network_figures_compute
from ambassade.network.models import NetworkFigures
from ambassade.network.selectors import network_overview
from ambassade.network.tests.support import network_give
from ambassade.orgs.models import Person
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploaders(world):
    """Seven ambassadors of the web unit (the employee and six agents) who uploaded overlapping networks."""
    people = [world.people["employee"], *Person.objects.filter(department=world.unit, last_name="Web")]
    ambassadors = [ambassador_enrol(person) for person in people]
    for index, ambassador in enumerate(ambassadors):
        network_give(ambassador, range(10 * index, 100 + 10 * index))
    return ambassadors


@pytest.fixture
def background(settings):
    """Tasks go to the background (they wait for a commit that the test's transaction never makes, or
    that django_capture_on_commit_callbacks makes: then they run in this thread)."""
    settings.TASKS_MODE = "thread"


def _hash_queries(queries: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in queries.captured_queries if "network_connectionhash" in query["sql"]]


def test_the_page_reads_the_stored_figures_without_reading_a_single_hash(
    world, uploaders, background
) -> None:
    network_figures_compute(organisation_id=world.organisation.pk, scope="")
    with CaptureQueriesContext(connection) as queries:
        overview = network_overview(membership=world.users["admin"].membership)
    assert _hash_queries(queries) == []
    assert overview.state == "ready" and overview.computed_at is not None
    assert (overview.figures.uploaded, overview.figures.connections, overview.figures.distinct) == (
        7,
        700,
        160,
    )


def test_before_any_figure_the_page_says_they_are_being_computed_with_a_progress_bar(
    world, uploaders, background, login, django_capture_on_commit_callbacks, settings
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        page = login("admin").get(reverse("network_overview"))
    content = page.content.decode()
    assert page.status_code == 200
    assert 'data-state="computing"' in content and "<progress" in content
    assert 'id="figure-distinct">—' in content
    assert callbacks  # the computation is queued, not made while the page waits
    progress = login("admin").get(reverse("network_overview_progress"), headers={"HX-Request": "true"})
    assert "HX-Refresh" not in progress and "<progress" in progress.content.decode()
    settings.TASKS_MODE = "sync"  # the queued task runs (here, in this thread)
    for callback in callbacks:
        callback()
    done = login("admin").get(reverse("network_overview_progress"), headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    page = login("admin").get(reverse("network_overview")).content.decode()
    assert 'data-state="ready"' in page and 'id="figure-distinct">160<' in page


def test_after_a_new_upload_the_last_figures_are_shown_with_their_time_while_new_ones_are_computed(
    world, uploaders, background
) -> None:
    network_figures_compute(organisation_id=world.organisation.pk, scope="")
    network_give(uploaders[0], range(1000, 1300))  # a re-upload
    overview = network_overview(membership=world.users["admin"].membership)
    assert overview.state == "updating" and overview.computed_at is not None
    assert overview.figures.distinct == 160  # the last figures, not a blank page
    network_figures_compute(organisation_id=world.organisation.pk, scope="")
    overview = network_overview(membership=world.users["admin"].membership)
    assert (
        overview.state == "ready"
        and overview.figures.distinct == 60 + 90 + 300
        and overview.figures.connections == 900
    )


def test_uploads_during_a_computation_fold_into_one_more_run(
    world, uploaders, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    from ambassade.network import selectors

    runs: list[str] = []
    original = selectors.figures_data

    def counted(**kwargs):
        runs.append(kwargs["key"])
        if len(runs) == 1:  # two more uploads arrive while the first pass runs: their tasks find it busy
            for ambassador in uploaders[1:3]:
                with django_capture_on_commit_callbacks(execute=True):
                    network_give(ambassador, range(5000, 5100 + len(runs)))
        return original(**kwargs)

    monkeypatch.setattr(selectors, "figures_data", counted)
    network_figures_compute(organisation_id=world.organisation.pk, scope="")
    assert runs == ["", ""]  # the first pass, then one more for both uploads
    row = NetworkFigures.objects.get(organisation=world.organisation, scope="")
    assert row.computing_since is None and row.computed_generation == row.requested
    network_figures_compute(organisation_id=world.organisation.pk, scope="")  # a late duplicate task
    assert runs == ["", ""]


def test_withdrawing_asks_for_the_figures_again(world, uploaders, django_capture_on_commit_callbacks) -> None:
    from ambassade.network.services import network_consent_withdraw

    network_figures_compute(organisation_id=world.organisation.pk, scope="")
    with django_capture_on_commit_callbacks(execute=True):  # sync: the task runs on "commit"
        network_consent_withdraw(actor=None, ambassador=uploaders[-1])
    row = NetworkFigures.objects.get(organisation=world.organisation, scope="")
    assert row.computed_generation == row.requested and row.data["uploaders"] == 6
    overview = network_overview(membership=world.users["admin"].membership)
    assert overview.state == "ready" and overview.figures.uploaded == 6


def test_a_manager_has_figures_of_their_own_subtree(
    world, uploaders, background, django_capture_on_commit_callbacks, settings
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        first = network_overview(membership=world.users["manager"].membership)
    assert first.state == "computing" and first.figures.distinct is None
    settings.TASKS_MODE = "sync"
    for callback in callbacks:
        callback()
    overview = network_overview(membership=world.users["manager"].membership)
    assert overview.state == "ready" and overview.figures.distinct == 160 and not overview.names_allowed
    assert NetworkFigures.objects.filter(organisation=world.organisation).exclude(scope="").count() == 1


def test_an_upload_queues_one_task_that_computes_every_scope_one_after_the_other(
    world, uploaders, background, django_capture_on_commit_callbacks, settings
) -> None:
    network_figures_compute(organisation_id=world.organisation.pk, scope=None)
    network_overview(membership=world.users["admin"].membership)
    network_overview(membership=world.users["manager"].membership)  # a manager's subtree gets its row
    with django_capture_on_commit_callbacks() as callbacks:
        network_give(uploaders[0], range(1000, 1100))
    assert len(callbacks) == 1
    settings.TASKS_MODE = "sync"
    callbacks[0]()
    rows = NetworkFigures.objects.filter(organisation=world.organisation)
    assert rows.count() == 2
    assert all(row.computed_generation == row.requested and row.data["distinct"] == 250 for row in rows)
