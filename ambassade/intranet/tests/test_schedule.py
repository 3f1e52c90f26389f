"""The digest is published once per period at its local weekday and hour, through DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ambassade.intranet.models import Digest, Issue
from ambassade.intranet.schedule import current_period, last_slot, next_slot
from ambassade.intranet.services import digests_publish_due
from ambassade.intranet.tests.support import digest_make
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


def _run_hourly(start: datetime, hours: int) -> None:
    """The periodic job, as `runperiodic` calls it: every hour at a few minutes past."""
    for step in range(hours):
        digests_publish_due(now=start + timedelta(hours=step, minutes=7))


def _published_local(issue: Issue, zone: str) -> datetime:
    return issue.published_at.astimezone(ZoneInfo(zone))


def _created_before(digest: Digest, moment: datetime) -> None:
    Digest.objects.filter(pk=digest.pk).update(created_at=moment)
    digest.refresh_from_db()


def test_a_weekly_digest_is_published_once_a_week_at_its_local_hour_across_the_march_dst_change(
    world: World,
) -> None:
    world.organisation.time_zone = "Europe/Paris"
    world.organisation.save()
    # Sunday 02:00 does not exist in Paris on 29 March 2026 (the clocks jump from 02:00 to 03:00).
    digest = digest_make(world.organisation, weekday=Digest.Weekday.SUNDAY, hour=2)
    _created_before(digest, datetime(2026, 3, 16, tzinfo=UTC))  # after the slot of 15 March
    _run_hourly(datetime(2026, 3, 20, tzinfo=UTC), 24 * 17)
    issues = list(Issue.objects.filter(digest=digest).order_by("period_start"))
    assert [(i.period_start, i.period_end) for i in issues] == [
        (date(2026, 3, 15), date(2026, 3, 21)),
        (date(2026, 3, 22), date(2026, 3, 28)),
        (date(2026, 3, 29), date(2026, 4, 4)),
    ]
    local = [_published_local(issue, "Europe/Paris") for issue in issues]
    assert [(moment.date(), moment.hour) for moment in local] == [
        (date(2026, 3, 22), 2),
        (date(2026, 3, 29), 3),  # the first moment that exists after the jump
        (date(2026, 4, 5), 2),
    ]


def test_a_weekly_digest_is_published_once_when_its_hour_happens_twice_in_october(world: World) -> None:
    world.organisation.time_zone = "Europe/Paris"
    world.organisation.save()
    # 02:00–03:00 happens twice in Paris on 25 October 2026.
    digest = digest_make(world.organisation, weekday=Digest.Weekday.SUNDAY, hour=2)
    _created_before(digest, datetime(2026, 10, 12, tzinfo=UTC))
    _run_hourly(datetime(2026, 10, 17, tzinfo=UTC), 24 * 16)
    issues = list(Issue.objects.filter(digest=digest).order_by("period_start"))
    assert [(i.period_start, i.period_end) for i in issues] == [
        (date(2026, 10, 11), date(2026, 10, 17)),
        (date(2026, 10, 18), date(2026, 10, 24)),
        (date(2026, 10, 25), date(2026, 10, 31)),
    ]
    local = [_published_local(issue, "Europe/Paris") for issue in issues]
    assert [(moment.date(), moment.hour) for moment in local] == [
        (date(2026, 10, 18), 2),
        (date(2026, 10, 25), 2),
        (date(2026, 11, 1), 2),
    ]
    assert all(issue.scheduled for issue in issues)


def test_a_digest_follows_its_organisations_zone_not_the_servers(world: World) -> None:
    world.organisation.time_zone = "America/New_York"
    world.organisation.save()
    # New York changes time on 8 March 2026, three weeks before Paris.
    digest = digest_make(world.organisation, weekday=Digest.Weekday.MONDAY, hour=9)
    _created_before(digest, datetime(2026, 2, 24, tzinfo=UTC))
    _run_hourly(datetime(2026, 3, 1, tzinfo=UTC), 24 * 16)
    issues = list(Issue.objects.filter(digest=digest).order_by("period_start"))
    local = [_published_local(issue, "America/New_York") for issue in issues]
    assert [(moment.date(), moment.hour) for moment in local] == [
        (date(2026, 3, 2), 9),
        (date(2026, 3, 9), 9),
        (date(2026, 3, 16), 9),
    ]
    # 09:00 in New York is 14:00 UTC before the change and 13:00 UTC after it.
    assert [issue.published_at.astimezone(UTC).hour for issue in issues] == [14, 13, 13]


def test_two_runners_at_the_same_moment_publish_one_issue(world: World) -> None:
    digest = digest_make(world.organisation, weekday=Digest.Weekday.MONDAY, hour=9)
    _created_before(digest, datetime(2026, 1, 1, tzinfo=UTC))
    moment = datetime(2026, 1, 12, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
    first = digests_publish_due(now=moment)
    second = digests_publish_due(now=moment)
    assert len(first) == 1 and second == []
    assert Issue.objects.filter(digest=digest).count() == 1


def test_a_new_digest_waits_for_its_next_moment_and_a_paused_one_publishes_nothing(world: World) -> None:
    digest = digest_make(world.organisation, weekday=Digest.Weekday.MONDAY, hour=9)
    paused = digest_make(world.organisation, title="En pause", active=False)
    _created_before(paused, datetime(2026, 1, 1, tzinfo=UTC))
    _created_before(digest, datetime(2026, 1, 13, 12, tzinfo=UTC))  # a Tuesday
    assert digests_publish_due(now=datetime(2026, 1, 14, 12, tzinfo=UTC)) == []
    published = digests_publish_due(now=datetime(2026, 1, 19, 8, 30, tzinfo=UTC))
    assert [issue.digest for issue in published] == [digest]


def test_a_monthly_digest_covers_the_previous_month_on_the_first_chosen_weekday(world: World) -> None:
    digest = digest_make(world.organisation, frequency=Digest.Frequency.MONTHLY, weekday=0, hour=8)
    paris = ZoneInfo("Europe/Paris")
    slot = last_slot(digest, datetime(2026, 3, 10, tzinfo=paris))
    assert (slot.due_at, slot.start, slot.end) == (
        datetime(2026, 3, 2, 8, tzinfo=paris),
        date(2026, 2, 1),
        date(2026, 2, 28),
    )
    assert last_slot(digest, datetime(2026, 3, 2, 7, tzinfo=paris)).start == date(2026, 1, 1)
    following = next_slot(digest, datetime(2026, 3, 10, tzinfo=paris))
    assert (following.due_at.date(), following.start, following.end) == (
        date(2026, 4, 6),
        date(2026, 3, 1),
        date(2026, 3, 31),
    )


def test_publish_now_covers_the_period_so_far(world: World) -> None:
    digest = digest_make(world.organisation, weekday=Digest.Weekday.MONDAY, hour=9)
    wednesday = datetime(2026, 1, 14, 15, tzinfo=ZoneInfo("Europe/Paris"))
    assert current_period(digest, wednesday) == (date(2026, 1, 12), date(2026, 1, 14))
