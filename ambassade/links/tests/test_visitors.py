"""Visitors: a daily-salted hash; salts live 48 hours at most."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from ambassade.links.models import DailySalt
from ambassade.links.tests.test_pipeline import visit
from ambassade.links.visitors import salt_day, salt_for, salts_delete_expired, visitor_hash

pytestmark = pytest.mark.django_db


def test_the_visitor_is_a_hash_of_the_days_salt_the_link_the_address_and_the_user_agent(link) -> None:
    moment = datetime(2026, 3, 10, 12, tzinfo=UTC)
    click = visit(link, ip="203.0.113.7", agent="Firefox", now=moment)
    salt = DailySalt.objects.get(day=date(2026, 3, 10)).salt
    expected = hashlib.sha256(f"{salt}\x1f{link.pk}\x1f203.0.113.7\x1fFirefox".encode()).hexdigest()
    assert click.visitor == expected
    assert len(salt) == 64


def test_each_day_has_its_own_random_salt(link) -> None:
    first = visit(link, now=datetime(2026, 3, 10, 23, 59, tzinfo=UTC))
    second = visit(link, now=datetime(2026, 3, 11, 0, 1, tzinfo=UTC))
    salts = list(DailySalt.objects.order_by("day").values_list("salt", flat=True))
    assert len(salts) == 2 and salts[0] != salts[1]
    assert first.visitor != second.visitor


def test_salts_change_at_midnight_utc_whatever_the_time_zone() -> None:
    paris_half_past_midnight = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)  # 00:30 in Paris
    assert salt_day(paris_half_past_midnight) == date(2026, 3, 10)


def test_salts_older_than_48_hours_are_deleted(link) -> None:
    for day in (7, 8, 9, 10):
        DailySalt.objects.create(day=date(2026, 3, day), salt=f"salt{day}")
    deleted = salts_delete_expired(now=datetime(2026, 3, 10, 0, 30, tzinfo=UTC))
    assert deleted == 2
    # Yesterday's salt stays (at most 48 hours old): a visit just after midnight can still be matched.
    assert list(DailySalt.objects.order_by("day").values_list("day", flat=True)) == [
        date(2026, 3, 9),
        date(2026, 3, 10),
    ]


def test_the_periodic_job_deletes_expired_salts() -> None:
    from ambassade.core.periodic import periodic_job_run

    DailySalt.objects.create(day=date.today() - timedelta(days=5), salt="old")
    assert periodic_job_run(name="ambassade.links.periodic.visitor_salts_delete")
    assert not DailySalt.objects.filter(salt="old").exists()


def test_a_missing_salt_of_yesterday_is_not_invented() -> None:
    assert salt_for(date(2020, 1, 1), create=False) is None
    assert not DailySalt.objects.exists()


def test_the_hash_changes_with_each_ingredient() -> None:
    base: dict[str, Any] = {"salt": "s", "link_id": 1, "ip": "203.0.113.7", "agent": "Firefox"}
    variants = [base, {**base, "salt": "t"}, {**base, "link_id": 2}, {**base, "ip": "203.0.113.8"},
                {**base, "agent": "Safari"}]  # fmt: skip
    assert len({visitor_hash(**values) for values in variants}) == 5
