"""One way to declare a periodic job.

    @periodic(every=timedelta(hours=1))
    def people_deactivate_departed() -> None: ...

`manage.py runperiodic` (started by `make run`, or called by cron) runs the jobs that are due; with
Celery, beat sends one message per job and interval and a worker runs it. Either way a job is
claimed by a compare-and-swap on its next due time, so two runners never run it twice for one slot.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone

from ambassade.core.models import PeriodicJobState
from ambassade.core.tasks import Task, TaskFunction, task

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    task: Task


jobs: dict[str, PeriodicJob] = {}


def periodic(*, every: timedelta) -> Callable[[TaskFunction], Task]:
    def declare(function: TaskFunction) -> Task:
        declared = task(function)
        jobs[declared.name] = PeriodicJob(name=declared.name, every=every, task=declared)
        return declared

    return declare


def periodic_job_claim(*, job: PeriodicJob, now: datetime) -> bool:
    """Take this job's current slot; False when it is not due or another runner took it.

    A job is due a little early (a tenth of its interval, at most a minute): Celery beat's messages
    arrive with jitter, and a message a second early must not skip a whole interval. The next slot
    follows the schedule, not the moment the job happened to run, so runs don't drift.
    """
    state, _ = PeriodicJobState.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    tolerance = min(job.every / 10, timedelta(minutes=1))
    if state.next_run_at - tolerance > now:
        return False
    claimed = PeriodicJobState.objects.filter(pk=state.pk, next_run_at=state.next_run_at).update(
        next_run_at=_next_slot(state.next_run_at, job.every, now), last_started_at=now, runs=F("runs") + 1
    )
    return claimed == 1


def _next_slot(slot: datetime, every: timedelta, now: datetime) -> datetime:
    """The first slot after `now` on the job's schedule (missed slots are not run twice)."""
    if slot > now:
        return slot + every
    missed = (now - slot) // every
    return slot + (missed + 1) * every


def periodic_job_run(*, name: str, now: datetime | None = None) -> bool:
    """Run one job if it is due. Returns whether it ran."""
    job = jobs[name]
    now = now or timezone.now()
    if not periodic_job_claim(job=job, now=now):
        return False
    error = ""
    try:
        job.task()
    except Exception:
        logger.exception("periodic job %s failed", name)
        error = traceback.format_exc(limit=5)
    PeriodicJobState.objects.filter(name=name).update(last_finished_at=timezone.now(), last_error=error)
    return True


def periodic_run_due(*, now: datetime | None = None) -> list[str]:
    """Run every job that is due now; returns the names of those that ran."""
    return [name for name in sorted(jobs) if periodic_job_run(name=name, now=now)]


# Celery beat sends this task, with a job's name, once per job interval (config/celery.py).
periodic_job_run_task = task(periodic_job_run)
