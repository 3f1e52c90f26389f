"""The personal data of the reviews app: who asked for a review (the review itself names no one)."""

from __future__ import annotations

from typing import Any

from ambassade.core import personal_data
from ambassade.orgs.models import Person
from ambassade.reviews.models import ReviewReport


def _user_id(person: Person) -> int | None:
    return getattr(getattr(person, "membership", None), "user_id", None)


def _reviews_export(person: Person) -> list[dict[str, Any]]:
    user_id = _user_id(person)
    if user_id is None:
        return []
    rows = ReviewReport.objects.filter(created_by_id=user_id).order_by("created_at", "pk")
    return [
        {
            "review_from": row.period_start.isoformat(),
            "review_to": row.period_end.isoformat(),
            "language": row.language,
            "status": row.status,
            "created_at": row.created_at.isoformat(),
        }
        for row in rows
    ]


def _reviews_erase(person: Person) -> int:
    user_id = _user_id(person)
    return ReviewReport.objects.filter(created_by_id=user_id).update(created_by=None) if user_id else 0


# Before the membership (900) whose user they point to.
personal_data.register(ReviewReport, export=_reviews_export, erase=_reviews_erase, order=60)
