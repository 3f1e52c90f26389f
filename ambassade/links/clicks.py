"""Recording a request to /r/<code>: classify it through the pipeline, then one INSERT.

The INSERT is written in SQL and sent through the driver's own cursor: the ORM (and even Django's cursor
wrapper) costs more than the statement itself on this path. When the pipeline leaves the `duplicate`
step to the INSERT, the statement checks it itself (INSERT ... SELECT ... CASE WHEN EXISTS), so that a
human click costs one round trip to the database.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from django.db import connection
from django.http import HttpRequest

from ambassade.links.models import Click
from ambassade.links.pipeline import DUPLICATE_WINDOW, Visit, classify
from ambassade.links.targets import LinkTarget
from ambassade.links.visitors import client_ip, salt_day, salt_for, user_agent, visitor_hash


@cache
def _statements(vendor: str) -> tuple[str, str]:
    mark = "?" if vendor == "sqlite" else "%s"
    table = connection.ops.quote_name(Click._meta.db_table)
    columns = f"INSERT INTO {table} (link_id, occurred_at, visitor, reason)"
    insert = f"{columns} VALUES ({mark}, {mark}, {mark}, {mark})"
    unless_duplicate = (
        f"{columns} SELECT {mark}, {mark}, {mark}, CASE WHEN EXISTS ("  # noqa: S608 (no user input)
        f"SELECT 1 FROM {table} WHERE link_id = {mark} AND visitor IN ({mark}, {mark}) "
        f"AND occurred_at > {mark} AND occurred_at <= {mark} AND reason = '') "
        f"THEN 'duplicate' ELSE {mark} END RETURNING reason"
    )
    return insert, unless_duplicate


def click_record(*, request: HttpRequest, target: LinkTarget, now: datetime) -> Click:
    """Store the click (human, or dropped with its reason). It is committed before the redirect is
    answered, so that every 302 a visitor receives has its click recorded, even if the worker dies."""
    ip, agent = client_ip(request), user_agent(request)
    salt = salt_for(salt_day(now), create=True)
    assert salt is not None
    visitor = visitor_hash(salt=salt, link_id=target.link_id, ip=ip, agent=agent)
    visit = Visit(request=request, target=target, now=now, ip=ip, agent=agent, visitor=visitor)
    verdict = classify(visit)
    insert, unless_duplicate = _statements(connection.vendor)
    at = connection.ops.adapt_datetimefield_value(now)
    reason = verdict.reason
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = connection.connection.cursor()
        try:
            if verdict.unless_duplicate:
                first, second = (visit.visitors_within_a_day() * 2)[:2]
                since = connection.ops.adapt_datetimefield_value(now - DUPLICATE_WINDOW)
                link_id = target.link_id
                cursor.execute(
                    unless_duplicate, (link_id, at, visitor, link_id, first, second, since, at, reason)
                )
                reason = cursor.fetchall()[0][0]  # read to the end: SQLite commits when the statement is done
            else:
                cursor.execute(insert, (target.link_id, at, visitor, reason))
        finally:
            cursor.close()
    return Click(link_id=target.link_id, occurred_at=now, visitor=visitor, reason=reason)
