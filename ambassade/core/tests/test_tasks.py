from __future__ import annotations

import os
import threading
import time

import pytest
from django.db import transaction

from ambassade.core.models import AuditEvent
from ambassade.core.tasks import registry, task

finished = threading.Event()
ran_in_threads: dict[str, int] = {}


@task
def record_event(*, label: str) -> None:
    AuditEvent.objects.create(action="test.task", target_label=label)
    ran_in_threads[label] = threading.get_ident()
    finished.set()


def _wait_for_event(label: str, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if AuditEvent.objects.filter(target_label=label).exists():
            return True
        time.sleep(0.05)
    return False


def test_a_declared_task_is_registered_under_its_module_path() -> None:
    assert registry["ambassade.core.tests.test_tasks.record_event"] is record_event


@pytest.mark.django_db
def test_a_task_waits_for_the_transaction_to_commit(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record_event.enqueue(label="after-commit")
        assert not AuditEvent.objects.filter(target_label="after-commit").exists()
    for callback in callbacks:
        callback()
    assert AuditEvent.objects.filter(target_label="after-commit").count() == 1


@pytest.mark.django_db
def test_a_task_is_dropped_when_the_transaction_rolls_back(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                record_event.enqueue(label="rolled-back")
                raise RuntimeError("abort")
        except RuntimeError:
            pass
    assert not AuditEvent.objects.filter(target_label="rolled-back").exists()


@pytest.mark.django_db(transaction=True)
def test_with_no_broker_a_task_runs_in_a_thread_of_the_web_process(settings) -> None:
    settings.TASKS_MODE = "thread"
    finished.clear()
    record_event.enqueue(label="in-a-thread")
    assert finished.wait(20)
    assert _wait_for_event("in-a-thread")
    assert ran_in_threads["in-a-thread"] != threading.get_ident()


@pytest.fixture
def celery_worker_on_real_broker(settings):
    broker = os.environ.get("CELERY_TEST_BROKER_URL")
    if not broker:
        pytest.skip("set CELERY_TEST_BROKER_URL (CI does) to run the Celery tests against a real broker")
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.conf.update(broker_url=broker, task_always_eager=False)
    settings.TASKS_MODE = "celery"
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield app


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_with_a_broker_the_same_task_goes_to_a_celery_worker(celery_worker_on_real_broker) -> None:
    finished.clear()
    with transaction.atomic():
        record_event.enqueue(label="through-celery")
    assert _wait_for_event("through-celery")
    assert ran_in_threads["through-celery"] != threading.get_ident()  # run by the worker, not inline


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_with_a_broker_a_periodic_job_runs_on_a_worker_once_per_slot(celery_worker_on_real_broker) -> None:
    from ambassade.core.models import PeriodicJobState
    from ambassade.core.periodic import jobs, periodic_job_run_task

    name = "ambassade.orgs.periodic.deactivate_departed_people"
    assert name in jobs
    periodic_job_run_task.celery_task.apply_async(kwargs={"name": name})
    periodic_job_run_task.celery_task.apply_async(kwargs={"name": name})
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        state = PeriodicJobState.objects.filter(name=name, last_finished_at__isnull=False).first()
        if state is not None:
            break
        time.sleep(0.05)
    time.sleep(0.5)
    state = PeriodicJobState.objects.get(name=name)
    assert state.runs == 1
    assert state.last_error == ""
