"""Recording a request to /r/<code>: classify it through the pipeline, then store it, committed before
the redirect is answered.

The hot path avoids what costs more than the write itself:

- the INSERT is written in SQL and sent through the driver's own cursor (the ORM, and even Django's
  cursor wrapper, cost more than the statement); on PostgreSQL it is prepared once per connection;
- when the pipeline leaves its `duplicate` step to the INSERT, the statement checks it itself
  (INSERT ... SELECT ... CASE WHEN EXISTS): one round trip per click, not two;
- group commit: the requests of a process that record clicks at the same moment write them together,
  in one statement and one commit. The first to arrive writes every click waiting, the others wait for
  it; then the first of those that arrived meanwhile writes the next group. Alone, a click is written at
  once. Each request still answers only once its own click is committed, so a worker killed at any
  moment never leaves a 302 answered without its click;
- on SQLite, the processes take turns to write on a lock file beside the database (see _SQLiteWriters).
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest

from ambassade.links.models import Click
from ambassade.links.pipeline import DUPLICATE_WINDOW, Visit, classify
from ambassade.links.targets import LinkTarget
from ambassade.links.visitors import client_ip, salt_day, salt_for, user_agent, visitor_hash

MAX_GROUP = 64  # clicks per statement at most
_COLUMNS = ("link_id", "occurred_at", "visitor", "reason", "checked", "first", "second", "since")
_POSTGRES_TYPES = (
    "bigint",
    "timestamptz",
    "varchar",
    "varchar",
    "integer",
    "varchar",
    "varchar",
    "timestamptz",
)


@dataclass(frozen=True)
class Recorded:
    """What was stored (no model instance: building one costs more than the INSERT)."""

    link_id: int
    visitor: str
    reason: str

    @property
    def is_human(self) -> bool:
        return self.reason == ""


def click_record(*, request: HttpRequest, target: LinkTarget, now: datetime) -> Recorded:
    """Store the click (human, or dropped with its reason); returns once it is committed."""
    ip, agent = client_ip(request), user_agent(request)
    salt = salt_for(salt_day(now), create=True)
    assert salt is not None
    link_id = target.link_id
    visitor = visitor_hash(salt=salt, link_id=link_id, ip=ip, agent=agent)
    visit = Visit(request=request, target=target, now=now, ip=ip, agent=agent, visitor=visitor)
    verdict = classify(visit)
    db = connections[DEFAULT_DB_ALIAS]  # once: each access through django.db.connection costs a lookup
    at = db.ops.adapt_datetimefield_value(now)
    pending = _Pending(row=(link_id, at, visitor, verdict.reason, 0, None, None, None))
    if verdict.unless_duplicate:
        first, second = (visit.visitors_within_a_day() * 2)[:2]
        since = db.ops.adapt_datetimefield_value(now - DUPLICATE_WINDOW)
        pending.row = (link_id, at, visitor, verdict.reason, 1, first, second, since)
    return _group_commit.write(db, pending)


# --- group commit ---------------------------------------------------------------------------------


@dataclass(eq=False)
class _Pending:
    row: tuple[Any, ...]  # values of _COLUMNS
    wake: threading.Event = field(default_factory=threading.Event)
    lead: bool = False  # woken to write the next group, not because its click is written
    reason: str | None = None
    error: BaseException | None = None

    @property
    def key(self) -> tuple[int, str]:
        return self.row[0], self.row[2]  # link and visitor: unique within a group


class _GroupCommit:
    def __init__(self) -> None:
        self.mutex = threading.Lock()
        self.queue: list[_Pending] = []
        self.writing = False

    def write(self, db: BaseDatabaseWrapper, pending: _Pending) -> Recorded:
        with self.mutex:
            self.queue.append(pending)
            lead = not self.writing
            self.writing = True
        if not lead:
            pending.wake.wait()
        if lead or pending.lead:
            self._lead(db)
        if pending.error is not None:
            raise pending.error
        assert pending.reason is not None
        return Recorded(link_id=pending.row[0], visitor=pending.row[2], reason=pending.reason)

    def _lead(self, db: BaseDatabaseWrapper) -> None:
        """Write the clicks waiting, wake their requests, and hand the next group to the next waiting."""
        group = self._take()
        try:
            _group_write(db, group)
        except BaseException as error:  # every request of the group answers with the error
            for pending in group:
                pending.error = pending.error or error
        finally:
            with self.mutex:
                if self.queue:
                    self.queue[0].lead = True
                    self.queue[0].wake.set()
                else:
                    self.writing = False
            for pending in group:
                pending.wake.set()

    def _take(self) -> list[_Pending]:
        """Up to MAX_GROUP waiting clicks; a second click of the same visitor on the same link waits for
        the next group, so that it sees the first (and is told a duplicate)."""
        with self.mutex:
            group: list[_Pending] = []
            keys: set[tuple[int, str]] = set()
            rest: list[_Pending] = []
            for pending in self.queue:
                if len(group) < MAX_GROUP and pending.key not in keys:
                    group.append(pending)
                    keys.add(pending.key)
                else:
                    rest.append(pending)
            self.queue = rest
            return group


_group_commit = _GroupCommit()


def _group_write(db: BaseDatabaseWrapper, group: list[_Pending]) -> None:
    try:
        reasons = _insert(db, [pending.row for pending in group])
    except IntegrityError:
        if len(group) == 1:
            raise
        # A link deleted since its target was cached: only its own click fails.
        for pending in group:
            try:
                _group_write(db, [pending])
            except IntegrityError as error:
                pending.error = error
        return
    for pending in group:
        pending.reason = reasons[pending.key]


def _insert(db: BaseDatabaseWrapper, rows: list[tuple[Any, ...]]) -> dict[tuple[int, str], str]:
    """One statement, one commit: the reasons stored, by (link, visitor)."""
    db.ensure_connection()
    with _one_writer(db), db.wrap_database_errors:
        cursor = _cursor(db)
        try:
            cursor.execute(_statement(db.vendor, len(rows)), [value for row in rows for value in row])
            # Read to the end: SQLite commits when the statement is done.
            return {(link_id, visitor): reason for link_id, visitor, reason in cursor.fetchall()}
        finally:
            cursor.close()


@cache
def _statement(vendor: str, size: int) -> str:
    if vendor == "postgresql":
        marks = [f"%s::{kind}" for kind in _POSTGRES_TYPES]
    else:
        marks = ["%s" if vendor != "sqlite" else "?"] * len(_COLUMNS)
    first = "SELECT " + ", ".join(f"{mark} AS {name}" for mark, name in zip(marks, _COLUMNS, strict=True))
    rows = " UNION ALL ".join([first] + ["SELECT " + ", ".join(marks)] * (size - 1))
    table = connections[DEFAULT_DB_ALIAS].ops.quote_name(Click._meta.db_table)
    return (
        f"INSERT INTO {table} (link_id, occurred_at, visitor, reason) "  # noqa: S608 (no user input)
        "SELECT v.link_id, v.occurred_at, v.visitor, CASE WHEN v.checked = 1 AND EXISTS ("
        f"SELECT 1 FROM {table} c WHERE c.link_id = v.link_id AND c.visitor IN (v.first, v.second) "
        "AND c.occurred_at > v.since AND c.occurred_at <= v.occurred_at AND c.reason = '') "
        f"THEN 'duplicate' ELSE v.reason END FROM ({rows}) v RETURNING link_id, visitor, reason"
    )


def _cursor(db: BaseDatabaseWrapper) -> Any:
    """The driver's own cursor. On PostgreSQL, one that binds parameters on the server, so that the
    statements are prepared once per connection (Django's cursors send each query as text, which the
    server parses and plans again every time: most of a click's cost on PostgreSQL)."""
    if db.vendor == "postgresql":
        return _PreparedCursor(db.connection)
    return db.connection.cursor()


class _PreparedCursor:
    def __init__(self, connection: Any) -> None:
        import psycopg

        if connection.prepare_threshold is None:  # Django leaves preparing off; it is on for this cursor
            connection.prepare_threshold = 5
        self.cursor = psycopg.Cursor(connection)

    def execute(self, sql: str, params: Any) -> None:
        self.cursor.execute(sql, params, prepare=True)

    def fetchall(self) -> Any:
        return self.cursor.fetchall()

    def close(self) -> None:
        self.cursor.close()


# --- SQLite: one writer at a time, without polling ---------------------------------------------------


class _SQLiteWriters:
    """SQLite lets one writer in at a time, and a writer that finds the database locked sleeps and polls
    (1, 2, 5, 10... ms): under a burst of clicks, most of the time goes to those sleeps. The processes
    take turns instead on a file lock (flock) beside the database, whose waiters the kernel wakes as soon
    as it is released."""

    def __init__(self) -> None:
        self.files: dict[str, int] = {}
        self.opening = threading.Lock()

    @contextmanager
    def turn(self, database: str) -> Iterator[None]:
        descriptor = self.files.get(database)
        if descriptor is None:
            with self.opening:
                descriptor = self.files.get(database)
                if descriptor is None:
                    descriptor = os.open(f"{database}.clicks-lock", os.O_RDWR | os.O_CREAT, 0o600)
                    self.files[database] = descriptor
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)


_sqlite_writers = _SQLiteWriters()


def _one_writer(db: BaseDatabaseWrapper) -> AbstractContextManager[None]:
    name = str(db.settings_dict["NAME"])
    if db.vendor != "sqlite" or name == ":memory:" or name.startswith("file:"):
        return nullcontext()
    return _sqlite_writers.turn(name)
