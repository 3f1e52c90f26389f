"""Personal data of the recognition side of the programme (see ambassade/core/personal_data.py).

An ambassador's daily activity, their points ledger and their badges are theirs: exported with them and
erased with them (the ledger through its one narrow erasure method; it refuses every other deletion).
Levels belong to the organisation and name nobody. Adjustments an HR admin wrote for others keep their
row; erasing the admin's account leaves them without an author.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ambassade.ambassadors.models import ActivityDay, BadgeAward, PointsEntry
from ambassade.ambassadors.recognition import BADGES_BY_KEY
from ambassade.ambassadors.share_clicks import watermark_lock
from ambassade.core import personal_data
from ambassade.orgs.models import Person


def _activity_export(person: Person) -> list[dict[str, Any]]:
    rows = ActivityDay.objects.filter(ambassador__person=person).order_by("day")
    return [{"day": row.day, "shares": row.shares, "human_clicks": row.human_clicks} for row in rows]


def _activity_erase(person: Person) -> int:
    with transaction.atomic():
        watermark_lock()  # no click batch adds to this person's activity meanwhile
        deleted, _ = ActivityDay.objects.filter(ambassador__person=person).delete()
    return deleted


def _points_export(person: Person) -> list[dict[str, Any]]:
    rows = PointsEntry.objects.filter(ambassador__person=person).order_by("created_at", "id")
    return [
        {
            "created_at": row.created_at,
            "points": row.points,
            "reason": row.reason,
            "source": row.source,
            "note": row.note,
            "by_an_admin": row.author_id is not None,
        }
        for row in rows
    ]


def _points_erase(person: Person) -> int:
    with transaction.atomic():
        watermark_lock()
        deleted, _ = PointsEntry.objects.filter(ambassador__person=person).erase()
    return deleted


def _badges_export(person: Person) -> list[dict[str, Any]]:
    rows = BadgeAward.objects.filter(ambassador__person=person).order_by("awarded_at")
    return [
        {
            "badge": row.badge,
            "name": str(BADGES_BY_KEY[row.badge].name) if row.badge in BADGES_BY_KEY else row.badge,
            "awarded_at": row.awarded_at,
        }
        for row in rows
    ]


def _badges_erase(person: Person) -> int:
    with transaction.atomic():
        watermark_lock()
        deleted, _ = BadgeAward.objects.filter(ambassador__person=person).delete()
    return deleted


# Before the ambassador record itself and the membership (whose erasure deletes the account).
personal_data.register(ActivityDay, export=_activity_export, erase=_activity_erase, order=40)
personal_data.register(PointsEntry, export=_points_export, erase=_points_erase, order=40)
personal_data.register(BadgeAward, export=_badges_export, erase=_badges_erase, order=40)
