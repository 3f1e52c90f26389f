"""Group commit: concurrent clicks of a process are written together, each one committed before its
request answers, duplicates still told apart."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection

from ambassade.links import clicks
from ambassade.links.clicks import _group_write, _Pending
from ambassade.links.models import Click
from ambassade.links.tests.test_pipeline import visit

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def in_threads(count: int, work: Callable[[int], object]) -> tuple[list[object], list[BaseException]]:
    results: list[object] = [None] * count
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def run(number: int) -> None:
        try:
            start.wait()
            results[number] = work(number)
        except BaseException as error:  # reported to the test thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_clicks_are_all_recorded_and_grouped(link, monkeypatch) -> None:
    sizes: list[int] = []
    real = clicks._insert

    def counting(db, rows):
        sizes.append(len(rows))
        return real(db, rows)

    monkeypatch.setattr(clicks, "_insert", counting)
    results, errors = in_threads(24, lambda n: visit(link, ip=f"198.51.100.{n}", now=NOON).reason)

    assert errors == []
    assert results == [""] * 24
    assert Click.objects.filter(link=link, reason="").count() == 24
    assert sum(sizes) == 24


@pytest.mark.django_db(transaction=True)
def test_the_same_visitor_clicking_twice_at_once_counts_once(link) -> None:
    results, errors = in_threads(2, lambda n: visit(link, now=NOON).reason)
    assert errors == []
    assert sorted(results) == ["", "duplicate"]  # type: ignore[type-var]


@pytest.mark.django_db(transaction=True)
def test_a_click_on_a_deleted_link_fails_alone(link) -> None:
    at = connection.ops.adapt_datetimefield_value(NOON)
    good = _Pending(row=(link.pk, at, "a" * 64, "", 0, None, None, None))
    orphan = _Pending(row=(link.pk + 999, at, "b" * 64, "", 0, None, None, None))
    _group_write(connection, [good, orphan])
    assert good.reason == "" and good.error is None
    assert isinstance(orphan.error, IntegrityError)
    assert list(Click.objects.values_list("visitor", flat=True)) == ["a" * 64]
