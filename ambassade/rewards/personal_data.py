"""Personal data of the rewards catalogue (see ambassade/core/personal_data.py).

A person's reward requests are theirs: exported with them and deleted with them (an item still held
for them goes back in stock; the ledger rows of the spending are erased with the rest of their
ledger). The items a person hands out name them: the export lists those items, and erasure leaves the
items without anyone to hand them out. Requests an HR admin decided keep their row; erasing the admin's
account leaves them without a decider (the foreign key is SET_NULL).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F

from ambassade.core import personal_data
from ambassade.orgs.models import Person
from ambassade.rewards.models import RewardItem, RewardRequest
from ambassade.rewards.services import HELD


def _requests_export(person: Person) -> list[dict[str, Any]]:
    rows = (
        RewardRequest.objects.filter(ambassador__person=person)
        .select_related("item")
        .order_by("created_at", "pk")
    )
    own = [
        {
            "created_at": row.created_at,
            "item": row.item.name,
            "cost": row.cost,
            "status": row.status,
            "note": row.note,
            "decision_note": row.decision_note,
            "decided_at": row.decided_at,
            "delivered_at": row.delivered_at,
        }
        for row in rows
    ]
    user_id = getattr(getattr(person, "membership", None), "user_id", None)
    decided: list[dict[str, Any]] = []
    if user_id is not None:
        decided = [
            {"decided": row.status, "item": row.item.name, "decided_at": row.decided_at}
            for row in RewardRequest.objects.filter(decided_by_id=user_id)
            .exclude(ambassador__person=person)
            .select_related("item")
            .order_by("decided_at", "pk")
        ]
    return own + decided


def _requests_erase(person: Person) -> int:
    with transaction.atomic():
        requests = list(
            RewardRequest.objects.select_for_update().filter(ambassador__person=person).order_by("pk")
        )
        for request in requests:
            if request.status in HELD:
                RewardItem.objects.filter(pk=request.item_id, stock__isnull=False).update(
                    stock=F("stock") + 1
                )
        deleted, _ = RewardRequest.objects.filter(pk__in=[request.pk for request in requests]).delete()
    return deleted


def _items_export(person: Person) -> list[dict[str, Any]]:
    items = RewardItem.objects.filter(handed_out_by=person).order_by("name", "pk")
    return [{"hands_out": item.name, "active": item.active} for item in items]


def _items_erase(person: Person) -> int:
    return RewardItem.objects.filter(handed_out_by=person).update(handed_out_by=None)


# Before the points ledger (40), the ambassador record (700) and the membership (900).
personal_data.register(RewardRequest, export=_requests_export, erase=_requests_erase, order=35)
personal_data.register(RewardItem, export=_items_export, erase=_items_erase, order=35)
