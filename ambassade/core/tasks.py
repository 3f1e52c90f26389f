"""One way to declare background work.

    @task
    def people_import_apply(*, import_id: int) -> None: ...

    people_import_apply.enqueue(import_id=42)   # after the current transaction commits

With no broker (TASKS_MODE=thread, the default) the task runs in a thread of the web process once the
transaction has committed; TASKS_MODE=sync runs it in the same thread (tests, commands); with
CELERY_BROKER_URL set (TASKS_MODE=celery) it is sent to Celery workers. Tasks take keyword arguments
that JSON can carry, and must be idempotent: a task may run twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import close_old_connections, connections, transaction

logger = logging.getLogger(__name__)

TaskFunction = Callable[..., Any]


class Task:
    def __init__(self, function: TaskFunction, name: str) -> None:
        self.function = function
        self.name = name
        self.celery_task = shared_task(name=name)(function)

    def __call__(self, **kwargs: Any) -> Any:
        return self.function(**kwargs)

    def __repr__(self) -> str:
        return f"<Task {self.name}>"

    def enqueue(self, **kwargs: Any) -> None:
        transaction.on_commit(lambda: self._dispatch(kwargs))

    def _dispatch(self, kwargs: dict[str, Any]) -> None:
        mode = settings.TASKS_MODE
        if mode == "celery":
            self.celery_task.apply_async(kwargs=kwargs)
        elif mode == "thread":
            threading.Thread(target=self._run_in_thread, args=(kwargs,), name=self.name, daemon=True).start()
        else:
            self.function(**kwargs)

    def _run_in_thread(self, kwargs: dict[str, Any]) -> None:
        close_old_connections()
        try:
            self.function(**kwargs)
        except Exception:
            logger.exception("task %s failed", self.name)
        finally:
            connections.close_all()


registry: dict[str, Task] = {}


def task(function: TaskFunction) -> Task:
    name = f"{function.__module__}.{function.__name__}"
    declared = Task(function, name)
    registry[name] = declared
    return declared
