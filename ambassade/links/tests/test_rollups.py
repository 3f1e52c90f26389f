"""Rollups: exact, idempotent, safe in parallel, resumable after a crash."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from ambassade.links import rollups
from ambassade.links.models import (
    AmbassadorCounter,
    AmbassadorMonthlyRollup,
    Click,
    LinkDailyRollup,
    RollupWatermark,
    TrackedLink,
)
from ambassade.links.rollups import clicks_roll_up

DAY = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
LATER = DAY + timedelta(days=90)


def clicks_add(link: TrackedLink, *, humans: int, drops: dict[str, int] | None = None, at: datetime = DAY):
    rows = [Click(link=link, occurred_at=at, visitor=f"h{n}", reason="") for n in range(humans)]
    for reason, count in (drops or {}).items():
        rows += [Click(link=link, occurred_at=at, visitor=f"d{n}", reason=reason) for n in range(count)]
    Click.objects.bulk_create(rows)


def totals() -> tuple[int, dict[str, int], int, int]:
    human = sum(LinkDailyRollup.objects.values_list("human_clicks", flat=True))
    drops: dict[str, int] = {}
    for row in LinkDailyRollup.objects.values_list("drops", flat=True):
        for reason, count in row.items():
            drops[reason] = drops.get(reason, 0) + count
    monthly = sum(AmbassadorMonthlyRollup.objects.values_list("human_clicks", flat=True))
    counters = sum(AmbassadorCounter.objects.values_list("human_clicks", flat=True))
    return human, drops, monthly, counters


@pytest.mark.django_db
def test_clicks_are_rolled_up_per_link_and_day_with_their_dimensions(world, make_link, offer) -> None:
    ambassador = world.people["employee"]
    job_link = make_link(target_type="job", job=offer, channel="x", ambassador=ambassador)
    site_link = make_link(entity=world.subsidiary, channel="email")
    clicks_add(job_link, humans=3, drops={"bot": 2, "duplicate": 1})
    clicks_add(job_link, humans=1, at=DAY + timedelta(days=1))
    clicks_add(site_link, humans=2, drops={"prefetch": 1})

    result = clicks_roll_up(now=LATER)

    assert result.clicks == 10
    first = LinkDailyRollup.objects.get(link=job_link, day=DAY.date())
    assert (first.human_clicks, first.drops) == (3, {"bot": 2, "duplicate": 1})
    assert (first.organisation, first.channel, first.job, first.entity) == (
        world.organisation,
        "x",
        offer,
        world.hq,
    )
    site = LinkDailyRollup.objects.get(link=site_link)
    assert (site.entity, site.job, site.human_clicks, site.drops) == (
        world.subsidiary,
        None,
        2,
        {"prefetch": 1},
    )
    month = AmbassadorMonthlyRollup.objects.get(ambassador=ambassador)
    assert (month.month, month.human_clicks) == (DAY.date().replace(day=1), 4)
    assert AmbassadorCounter.objects.get(ambassador=ambassador).human_clicks == 4


@pytest.mark.django_db
def test_running_twice_counts_nothing_twice_and_new_clicks_are_added(world, make_link) -> None:
    link = make_link(ambassador=world.people["employee"])
    clicks_add(link, humans=5, drops={"bot": 3})
    clicks_roll_up(now=LATER)
    assert clicks_roll_up(now=LATER).clicks == 0
    assert totals() == (5, {"bot": 3}, 5, 5)

    clicks_add(link, humans=2, drops={"bot": 1, "self_click": 1})
    clicks_roll_up(now=LATER)
    assert totals() == (7, {"bot": 4, "self_click": 1}, 7, 7)
    assert LinkDailyRollup.objects.count() == 1


@pytest.mark.django_db
def test_recent_clicks_wait_until_they_have_settled(link) -> None:
    clicks_add(link, humans=2)
    clicks_add(link, humans=1, at=DAY + timedelta(minutes=5))
    clicks_add(link, humans=1)  # an older click with a larger id, committed late: it waits too
    clicks_roll_up(now=DAY + timedelta(minutes=5, seconds=3))
    assert totals()[0] == 2
    clicks_roll_up(now=LATER)
    assert totals()[0] == 4


@pytest.mark.django_db
def test_a_crash_between_batches_resumes_without_double_counting(world, make_link, monkeypatch) -> None:
    link = make_link(ambassador=world.people["employee"])
    clicks_add(link, humans=25, drops={"bot": 5})
    real = rollups._ambassadors_add
    calls = {"n": 0}

    def crash_on_third_batch(rows):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("worker killed")
        real(rows)

    monkeypatch.setattr(rollups, "_ambassadors_add", crash_on_third_batch)
    with pytest.raises(RuntimeError):
        clicks_roll_up(batch_size=10, now=LATER)
    # Two batches committed with their watermark; the third rolled back whole.
    assert RollupWatermark.objects.get().last_click_id == Click.objects.order_by("id")[19].id
    assert totals()[0] == 20
    monkeypatch.setattr(rollups, "_ambassadors_add", real)
    clicks_roll_up(batch_size=10, now=LATER)
    assert totals() == (25, {"bot": 5}, 25, 25)


@pytest.mark.django_db
def test_a_batch_whose_watermark_moved_meanwhile_is_rolled_back(link, monkeypatch) -> None:
    clicks_add(link, humans=3)
    real = rollups._daily_add

    def someone_else_moves_it(rows):
        real(rows)
        RollupWatermark.objects.update(last_click_id=rows[-1]["id"])

    monkeypatch.setattr(rollups, "_daily_add", someone_else_moves_it)
    with pytest.raises(rollups.RollupConflict):
        clicks_roll_up(now=LATER)
    assert LinkDailyRollup.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_runners_in_parallel_count_each_click_once(world, make_link) -> None:
    links = [make_link(ambassador=world.people["employee"]), make_link(channel="x")]
    for index, link in enumerate(links):
        for day in range(5):
            clicks_add(link, humans=40 + index, drops={"bot": 3}, at=DAY + timedelta(days=day))
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run() -> None:
        try:
            start.wait()
            clicks_roll_up(batch_size=17, now=LATER)
        except BaseException as error:  # reported to the test thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert totals() == (5 * 40 + 5 * 41, {"bot": 30}, 200, 200)
    assert (
        RollupWatermark.objects.get().last_click_id
        == Click.objects.order_by("-id").values_list("id", flat=True)[0]
    )


@pytest.mark.django_db
def test_the_command_rolls_up_and_says_how_much(link) -> None:
    clicks_add(link, humans=3, at=datetime.now(UTC) - timedelta(hours=1))
    out = StringIO()
    call_command("rollup_clicks", "--batch-size", "2", stdout=out)
    assert out.getvalue().strip() == "rolled up 3 clicks in 2 batches"
    assert totals()[0] == 3


@pytest.mark.django_db
def test_the_periodic_job_rolls_up(link) -> None:
    from ambassade.core.periodic import jobs, periodic_job_run

    clicks_add(link, humans=2, at=datetime.now(UTC) - timedelta(hours=1))
    assert "ambassade.links.periodic.clicks_rollup" in jobs
    assert periodic_job_run(name="ambassade.links.periodic.clicks_rollup")
    assert totals()[0] == 2
