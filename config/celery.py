"""Celery application, used only when CELERY_BROKER_URL is set (docs/self-hosting.md).

celery -A config worker      # runs the tasks
celery -A config beat        # sends the periodic jobs declared with @periodic
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("ambassade")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["ambassade.core"], related_name="tasks")


@app.on_after_finalize.connect
def schedule_periodic_jobs(sender: Celery, **_: Any) -> None:
    from ambassade.core.periodic import jobs, periodic_job_run_task

    for job in jobs.values():
        sender.add_periodic_task(
            job.every.total_seconds(), periodic_job_run_task.celery_task.s(name=job.name), name=job.name
        )
