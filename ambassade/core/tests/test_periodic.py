from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from ambassade.core.models import PeriodicJobState
from ambassade.core.periodic import jobs, periodic, periodic_job_claim, periodic_job_run, periodic_run_due

calls: list[str] = []


@periodic(every=timedelta(minutes=10))
def count_calls() -> None:
    calls.append("ran")


@periodic(every=timedelta(minutes=10))
def always_fails() -> None:
    raise ValueError("the job broke")


COUNT = "ambassade.core.tests.test_periodic.count_calls"
FAILS = "ambassade.core.tests.test_periodic.always_fails"


@pytest.fixture(autouse=True)
def _no_calls() -> None:
    calls.clear()


@pytest.mark.django_db
def test_a_due_job_runs_once_per_interval() -> None:
    now = timezone.now()
    assert periodic_job_run(name=COUNT, now=now) is True
    assert periodic_job_run(name=COUNT, now=now + timedelta(minutes=5)) is False
    assert periodic_job_run(name=COUNT, now=now + timedelta(minutes=10)) is True
    assert calls == ["ran", "ran"]
    assert PeriodicJobState.objects.get(name=COUNT).runs == 2


@pytest.mark.django_db
def test_two_runners_cannot_claim_the_same_slot(monkeypatch) -> None:
    now = timezone.now()
    PeriodicJobState.objects.create(name=COUNT, next_run_at=now - timedelta(seconds=1))
    stale = PeriodicJobState.objects.get(name=COUNT)
    assert periodic_job_run(name=COUNT, now=now) is True
    # A second runner that read the row before the first one's claim loses the compare-and-swap.
    monkeypatch.setattr(
        PeriodicJobState.objects, "get_or_create", lambda **kwargs: (stale, False), raising=False
    )
    assert periodic_job_claim(job=jobs[COUNT], now=now) is False
    assert calls == ["ran"]


@pytest.mark.django_db
def test_beat_messages_arriving_with_jitter_never_skip_an_interval() -> None:
    start = timezone.now()
    delays = [2, 1, 3, 0.5, 2, 2.5, 1, 1]  # seconds between beat's send time and the worker's run
    ran = [
        periodic_job_run(name=COUNT, now=start + timedelta(minutes=10 * n, seconds=delay))
        for n, delay in enumerate(delays)
    ]
    assert ran == [True] * len(delays)
    assert PeriodicJobState.objects.get(name=COUNT).runs == len(delays)


@pytest.mark.django_db
def test_after_an_outage_a_job_runs_once_and_keeps_its_schedule() -> None:
    start = timezone.now()
    assert periodic_job_run(name=COUNT, now=start)
    assert periodic_job_run(name=COUNT, now=start + timedelta(minutes=35))  # three slots missed
    assert not periodic_job_run(name=COUNT, now=start + timedelta(minutes=36))
    assert PeriodicJobState.objects.get(name=COUNT).next_run_at == start + timedelta(minutes=40)


@pytest.mark.django_db
def test_a_failing_job_keeps_its_error_and_does_not_stop_the_others() -> None:
    ran = periodic_run_due(now=timezone.now())
    assert COUNT in ran and FAILS in ran
    assert "the job broke" in PeriodicJobState.objects.get(name=FAILS).last_error
    assert calls == ["ran"]


@pytest.mark.django_db
def test_runperiodic_runs_what_is_due_and_says_so(capsys) -> None:
    call_command("runperiodic")
    output = capsys.readouterr().out
    assert f"ran {COUNT}" in output
    call_command("runperiodic")
    assert COUNT not in capsys.readouterr().out


def test_the_foundation_declares_its_periodic_jobs() -> None:
    assert "ambassade.orgs.periodic.deactivate_departed_people" in jobs


def test_celery_beat_schedules_every_periodic_job() -> None:
    from config.celery import app

    app.finalize()
    scheduled = set(app.conf.beat_schedule)
    assert "ambassade.orgs.periodic.deactivate_departed_people" in scheduled
    entry = app.conf.beat_schedule["ambassade.orgs.periodic.deactivate_departed_people"]
    assert entry["task"] == "ambassade.core.periodic.periodic_job_run"
