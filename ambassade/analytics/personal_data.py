"""Personal data of the analytics app (see ambassade/core/personal_data.py).

`DailyOutcome` names the ambassador whose link or introduction brought applications: the export lists
those rows, erasure leaves them without an ambassador (the anonymous counts stay). `PageFollowerCount`
holds the organisation's page figures and who entered them: the export lists the figures a member
entered, erasure forgets who entered them.
"""

from __future__ import annotations

from typing import Any

from ambassade.analytics.models import DailyOutcome, PageFollowerCount
from ambassade.core import personal_data
from ambassade.orgs.models import Person


def _outcomes_export(person: Person) -> list[dict[str, Any]]:
    rows = DailyOutcome.objects.filter(ambassador=person).order_by("day", "pk")
    return [
        {
            "day": row.day,
            "channel": row.channel,
            "applications": row.applications,
            "introductions": row.introductions,
            "hires": row.hires,
        }
        for row in rows
    ]


def _outcomes_erase(person: Person) -> int:
    return DailyOutcome.objects.filter(ambassador=person).update(ambassador=None)


def _user_id(person: Person) -> int | None:
    return getattr(getattr(person, "membership", None), "user_id", None)


def _page_counts_export(person: Person) -> list[dict[str, Any]]:
    user_id = _user_id(person)
    if user_id is None:
        return []
    rows = PageFollowerCount.objects.filter(created_by_id=user_id).order_by("day", "pk")
    return [{"entered_page_count": row.network, "day": row.day, "followers": row.followers} for row in rows]


def _page_counts_erase(person: Person) -> int:
    user_id = _user_id(person)
    return PageFollowerCount.objects.filter(created_by_id=user_id).update(created_by=None) if user_id else 0


personal_data.register(DailyOutcome, export=_outcomes_export, erase=_outcomes_erase)
personal_data.register(PageFollowerCount, export=_page_counts_export, erase=_page_counts_erase)
