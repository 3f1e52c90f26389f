"""The click job: human clicks of ambassadors' links become activity, confirmed shares, points, badges."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from ambassade.ambassadors import share_clicks
from ambassade.ambassadors.models import ActivityDay, Ambassador, BadgeAward, PointsEntry, Share
from ambassade.ambassadors.share_clicks import WATERMARK, share_clicks_credit
from ambassade.ambassadors.tests.recognition_support import clicks_make, link_make, share_make
from ambassade.links.models import Click, RollupWatermark
from ambassade.links.rollups import clicks_roll_up
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def ambassador(world: World) -> Ambassador:
    return ambassador_enrol(world.people["employee"], at=timezone.now() - timedelta(days=30))


def human_clicks(ambassador: Ambassador) -> int:
    return ActivityDay.objects.filter(ambassador=ambassador).aggregate(n=Sum("human_clicks"))["n"] or 0


def first_click_points(ambassador: Ambassador) -> list[tuple[str, int]]:
    rows = PointsEntry.objects.filter(ambassador=ambassador, reason=PointsEntry.Reason.FIRST_CLICK)
    return sorted(rows.values_list("source", "points"))


def test_human_clicks_are_added_to_the_ambassadors_day(ambassador) -> None:
    link = link_make(ambassador)
    yesterday = timezone.now() - timedelta(days=1)
    clicks_make(link, at=yesterday, humans=3)
    clicks_make(link, at=timezone.now() - timedelta(minutes=5), humans=2)

    result = share_clicks_credit()

    assert (result.clicks, result.credited) == (5, 5)
    days = dict(ActivityDay.objects.filter(ambassador=ambassador).values_list("day", "human_clicks"))
    assert days[timezone.localdate(yesterday)] >= 3 and sum(days.values()) == 5
    ambassador.refresh_from_db()
    assert ambassador.last_active_on == timezone.localdate(timezone.now() - timedelta(minutes=5))


def test_the_first_human_click_confirms_the_share_and_credits_its_points_once(ambassador) -> None:
    share = share_make(ambassador, at=timezone.now() - timedelta(hours=3))
    first = timezone.now() - timedelta(hours=2)
    clicks_make(share.link, at=first)
    clicks_make(share.link, at=first + timedelta(minutes=30), humans=4)

    share_clicks_credit()
    clicks_make(share.link, at=timezone.now() - timedelta(minutes=10))
    share_clicks_credit()

    share.refresh_from_db()
    assert share.confirmed_at == first
    assert first_click_points(ambassador) == [(f"share:{share.pk}", 5)]
    entry = PointsEntry.objects.get(ambassador=ambassador, reason=PointsEntry.Reason.FIRST_CLICK)
    assert entry.created_at == first  # dated by the click, so the day's cap is the click's day


@pytest.mark.parametrize("reason", ["bot", "prefetch", "head_request", "duplicate", "self_click"])
def test_dropped_clicks_are_never_credited(ambassador, reason) -> None:
    share = share_make(ambassador)
    clicks_make(share.link, at=timezone.now() - timedelta(hours=1), humans=0, drops={reason: 4})

    result = share_clicks_credit()

    assert (result.clicks, result.credited, result.confirmed) == (4, 0, 0)
    share.refresh_from_db()
    assert share.confirmed_at is None
    assert human_clicks(ambassador) == 0
    assert first_click_points(ambassador) == []
    assert not BadgeAward.objects.filter(ambassador=ambassador, badge="first_click").exists()
    assert RollupWatermark.objects.get(name=WATERMARK).last_click_id == Click.objects.latest("id").id


def test_a_share_opened_after_a_click_waits_for_a_later_click(ambassador) -> None:
    earlier = share_make(ambassador, at=timezone.now() - timedelta(hours=5))
    clicks_make(earlier.link, at=timezone.now() - timedelta(hours=4))
    again = share_make(ambassador, item=earlier.item, at=timezone.now() - timedelta(hours=3))
    assert again.link == earlier.link

    share_clicks_credit()
    again.refresh_from_db()
    assert again.confirmed_at is None

    clicks_make(earlier.link, at=timezone.now() - timedelta(hours=1))
    share_clicks_credit()
    again.refresh_from_db()
    assert again.confirmed_at is not None
    # One first-click credit per link: re-sharing the same item to the same network earns nothing more.
    assert first_click_points(ambassador) == [(f"share:{earlier.pk}", 5)]


def test_clicks_of_withdrawn_or_departed_ambassadors_are_skipped(world, ambassador) -> None:
    share = share_make(ambassador)
    ambassador.status = Ambassador.Status.WITHDRAWN
    ambassador.save(update_fields=["status"])
    other = ambassador_enrol(world.people["manager"], at=timezone.now() - timedelta(days=3))
    left = share_make(other)
    Ambassador.objects.filter(pk=other.pk).update(status=Ambassador.Status.LEFT)
    clicks_make(share.link, at=timezone.now() - timedelta(hours=1), humans=3)
    clicks_make(left.link, at=timezone.now() - timedelta(hours=1), humans=2)

    result = share_clicks_credit()

    assert (result.clicks, result.credited, result.confirmed) == (5, 0, 0)
    assert Share.objects.filter(confirmed_at__isnull=False).count() == 0
    assert ActivityDay.objects.filter(human_clicks__gt=0).count() == 0
    assert PointsEntry.objects.filter(reason=PointsEntry.Reason.FIRST_CLICK).count() == 0
    # Passed over for good: re-enrolling later does not bring these clicks back.
    Ambassador.objects.filter(pk=ambassador.pk).update(status=Ambassador.Status.ENROLLED)
    assert share_clicks_credit().clicks == 0


def test_clicks_before_the_person_enrolled_are_not_theirs_to_count(world) -> None:
    person = world.people["comms"]
    enrolled_at = timezone.now() - timedelta(hours=2)
    ambassador = ambassador_enrol(person, at=enrolled_at)
    link = link_make(ambassador)
    clicks_make(link, at=enrolled_at - timedelta(days=2), humans=4)
    clicks_make(link, at=enrolled_at + timedelta(minutes=10), humans=1)

    assert share_clicks_credit().credited == 1
    assert human_clicks(ambassador) == 1


def test_clicks_of_links_without_an_ambassador_or_of_people_not_in_the_programme_count_for_nobody(
    world, ambassador
) -> None:
    from ambassade.links.services import tracked_link_create

    plain = tracked_link_create(
        actor=None,
        organisation=world.organisation,
        target_type="career_page",
        entity=world.hq,
        channel="email",
    )
    outsider_link = tracked_link_create(
        actor=None,
        organisation=world.organisation,
        target_type="career_page",
        entity=world.hq,
        channel="x",
        ambassador=world.people["recruiter"],  # not an ambassador
    )
    clicks_make(plain, at=timezone.now() - timedelta(hours=1), humans=2)
    clicks_make(outsider_link, at=timezone.now() - timedelta(hours=1), humans=2)

    result = share_clicks_credit()

    assert (result.clicks, result.credited) == (4, 0)
    assert ActivityDay.objects.count() == 0


def test_recent_clicks_wait_until_they_have_settled(ambassador) -> None:
    link = link_make(ambassador)
    now = timezone.now()
    clicks_make(link, at=now - timedelta(minutes=10), humans=2)
    clicks_make(link, at=now - timedelta(seconds=3))
    clicks_make(link, at=now - timedelta(minutes=9))  # an older click committed late: larger id, waits too

    assert share_clicks_credit(now=now).credited == 2
    assert share_clicks_credit(now=now + timedelta(minutes=1)).credited == 2
    assert human_clicks(ambassador) == 4


def test_running_twice_credits_nothing_twice(ambassador) -> None:
    share = share_make(ambassador)
    clicks_make(share.link, at=timezone.now() - timedelta(hours=1), humans=6, drops={"bot": 2})
    share_clicks_credit(batch_size=4)
    second = share_clicks_credit(batch_size=4)

    assert (second.clicks, second.credited) == (0, 0)
    assert human_clicks(ambassador) == 6
    assert len(first_click_points(ambassador)) == 1


def test_the_job_does_not_disturb_the_links_rollups_watermark(ambassador) -> None:
    link = link_make(ambassador)
    clicks_make(link, at=timezone.now() - timedelta(hours=1), humans=3)
    share_clicks_credit()
    assert RollupWatermark.objects.filter(name="clicks").first() is None
    assert clicks_roll_up().clicks == 3
    assert share_clicks_credit().clicks == 0


def test_a_crash_between_batches_resumes_without_double_counting(ambassador, monkeypatch) -> None:
    link = link_make(ambassador)
    clicks_make(link, at=timezone.now() - timedelta(hours=1), humans=25)
    real = share_clicks._activity_add
    calls = {"n": 0}

    def crash_on_third_batch(rows, ambassadors):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("worker killed")
        return real(rows, ambassadors)

    monkeypatch.setattr(share_clicks, "_activity_add", crash_on_third_batch)
    with pytest.raises(RuntimeError):
        share_clicks_credit(batch_size=10)
    assert human_clicks(ambassador) == 20
    monkeypatch.setattr(share_clicks, "_activity_add", real)
    share_clicks_credit(batch_size=10)
    assert human_clicks(ambassador) == 25


def test_a_batch_whose_watermark_moved_meanwhile_is_rolled_back(ambassador, monkeypatch) -> None:
    share = share_make(ambassador)
    clicks_make(share.link, at=timezone.now() - timedelta(hours=1), humans=3)
    real = share_clicks._shares_confirm

    def someone_else_moves_it(rows, ambassadors):
        confirmed = real(rows, ambassadors)
        RollupWatermark.objects.filter(name=WATERMARK).update(last_click_id=rows[-1]["id"])
        return confirmed

    monkeypatch.setattr(share_clicks, "_shares_confirm", someone_else_moves_it)
    with pytest.raises(share_clicks.ShareClicksConflict):
        share_clicks_credit()
    share.refresh_from_db()
    assert share.confirmed_at is None
    assert human_clicks(ambassador) == 0
    assert first_click_points(ambassador) == []


def test_the_job_awards_the_badges_its_clicks_earn(ambassador) -> None:
    share = share_make(ambassador)
    clicks_make(share.link, at=timezone.now() - timedelta(hours=1), humans=50)
    share_clicks_credit()
    badges = set(BadgeAward.objects.filter(ambassador=ambassador).values_list("badge", flat=True))
    assert {"first_share", "first_click", "fifty_clicks"} <= badges


def test_the_periodic_job_is_declared_every_minute_and_runs(ambassador) -> None:
    from ambassade.core.periodic import jobs, periodic_job_run

    name = "ambassade.ambassadors.recognition_periodic.share_clicks"
    assert jobs[name].every == timedelta(minutes=1)
    clicks_make(link_make(ambassador), at=timezone.now() - timedelta(hours=1), humans=2)
    assert periodic_job_run(name=name)
    assert human_clicks(ambassador) == 2


@pytest.mark.django_db(transaction=True)
def test_two_runners_in_parallel_credit_each_click_once(world) -> None:
    since = timezone.now() - timedelta(days=10)
    first = ambassador_enrol(world.people["employee"], at=since)
    second = ambassador_enrol(world.people["manager"], at=since)
    shares = [
        share_make(first, at=since + timedelta(hours=1)),
        share_make(second, at=since + timedelta(hours=1)),
    ]
    for index, share in enumerate(shares):
        for day in range(1, 6):
            clicks_make(share.link, at=since + timedelta(days=day), humans=20 + index, drops={"bot": 2})
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run() -> None:
        try:
            start.wait()
            share_clicks_credit(batch_size=13)
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
    assert (human_clicks(first), human_clicks(second)) == (100, 105)
    assert PointsEntry.objects.filter(reason=PointsEntry.Reason.FIRST_CLICK).count() == 2
    assert Share.objects.filter(confirmed_at__isnull=False).count() == 2
    assert RollupWatermark.objects.get(name=WATERMARK).last_click_id == Click.objects.latest("id").id
