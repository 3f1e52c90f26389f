"""The database a benchmark runs on: a fresh SQLite file in a temporary folder, or its own PostgreSQL
database (created, then dropped), migrated, with background tasks run at once."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def postgres_database(name: str, action: str) -> str:
    """Create (or drop) the benchmark's own PostgreSQL database; no other database is touched."""
    import psycopg

    admin = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if action == "create":
            connection.execute(f"CREATE DATABASE {name}")
    return admin.rsplit("/", 1)[0] + f"/{name}"


def django_setup(directory: Path, database_url: str | None) -> None:
    os.environ["DATA_DIR"] = str(directory)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["TASKS_MODE"] = "sync"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "DATABASE_CONN_MAX_AGE"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


@contextmanager
def bench_database(backend: str, postgres_name: str) -> Iterator[None]:
    """Django set up on a fresh database of `backend` ("sqlite" or "postgresql") for the block."""
    database_url = postgres_database(postgres_name, "create") if backend == "postgresql" else None
    try:
        with tempfile.TemporaryDirectory(prefix="ambassade-bench-") as directory:
            django_setup(Path(directory), database_url)
            try:
                yield
            finally:
                from django.db import connections

                connections.close_all()
    finally:
        if database_url:
            postgres_database(postgres_name, "drop")
