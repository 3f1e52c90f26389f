"""Personal data of the crediting side (see ambassade/core/personal_data.py).

- PointsHold: points held for review are the ambassador's: exported with them, deleted with them. A hold
  an HR admin decided keeps its row when the admin is erased, without the admin's account.
- PayrollBonus: exported with the introducer. On erasure the row stays with its amount, currency and
  date, but no longer names the person (`person` emptied): the amount belongs to payroll accounting
  (totals and audits must not change after the fact), while the person's identity is kept by the payroll
  system, which received it through the export (ambassade is not the payroll's system of record).
"""

from __future__ import annotations

from typing import Any

from ambassade.core import personal_data
from ambassade.orgs.models import Membership, Person
from ambassade.referrals.models import PayrollBonus, PointsHold


def _holds_export(person: Person) -> list[dict[str, Any]]:
    rows = PointsHold.objects.filter(ambassador__person=person).order_by("created_at", "pk")
    return [
        {
            "created_at": hold.created_at,
            "points": hold.points,
            "source": hold.source,
            "why": hold.why,
            "detail": hold.detail,
            "status": hold.status,
            "decided_at": hold.decided_at,
        }
        for hold in rows
    ]


def _holds_erase(person: Person) -> int:
    deleted, _ = PointsHold.objects.filter(ambassador__person=person).delete()
    user_id = Membership.objects.filter(person=person).values_list("user_id", flat=True).first()
    detached = 0
    if user_id is not None:
        detached = PointsHold.objects.filter(decided_by_id=user_id).update(decided_by=None)
    return deleted + detached


def _bonuses_export(person: Person) -> list[dict[str, Any]]:
    rows = PayrollBonus.objects.filter(person=person).order_by("created_at", "pk")
    return [
        {
            "created_at": bonus.created_at,
            "amount": str(bonus.amount),
            "currency": bonus.currency,
            "exported_at": bonus.exported_at,
        }
        for bonus in rows
    ]


def _bonuses_erase(person: Person) -> int:
    return PayrollBonus.objects.filter(person=person).update(person=None)


# Before the ambassador record (order 700) and the person (1000).
personal_data.register(PointsHold, export=_holds_export, erase=_holds_erase, order=40)
personal_data.register(PayrollBonus, export=_bonuses_export, erase=_bonuses_erase, order=40)
