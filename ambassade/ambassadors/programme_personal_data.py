"""Personal data of the programme side (see ambassade/core/personal_data.py): the ambassador record,
the consent history (exportable: it is the proof of each consent and withdrawal), social accounts,
follower counts and checklist ticks.

Erasure deletes them. The child rows go first (order 600), the ambassador record last (order 700), after
the other sides' rows that hang on it (shares, activity, points, badges) and before the membership and
the person (900, 1000). Adoption snapshots hold no person and stay.
"""

from __future__ import annotations

from typing import Any

from ambassade.ambassadors.models import (
    Ambassador,
    ChecklistTick,
    ConsentRecord,
    FollowerCount,
    SocialAccount,
)
from ambassade.core import personal_data
from ambassade.orgs.models import Membership, Person


def _user_id(person: Person) -> int | None:
    return Membership.objects.filter(person=person).values_list("user_id", flat=True).first()


def _ambassador_export(person: Person) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {
            "status": ambassador.status,
            "invited_at": ambassador.invited_at,
            "enrolled_at": ambassador.enrolled_at,
            "withdrawn_at": ambassador.withdrawn_at,
            "left_at": ambassador.left_at,
            "consent_version": ambassador.consent_version,
            "expertise": ambassador.expertise,
            "self_assessment": ambassador.self_assessment,
            "digest_frequency": ambassador.digest_frequency,
            "last_digest_at": ambassador.last_digest_at,
            "leaderboard_opt_in": ambassador.leaderboard_opt_in,
            "show_name_in_network": ambassador.show_name_in_network,
            "last_active_on": ambassador.last_active_on,
        }
        for ambassador in Ambassador.objects.filter(person=person)
    ]
    user_id = _user_id(person)
    if user_id is not None:
        sent = Ambassador.objects.filter(invited_by_id=user_id).count()
        if sent:
            rows.append({"invitations_sent": sent})
    return rows


def _ambassador_erase(person: Person) -> int:
    count = 0
    user_id = _user_id(person)
    if user_id is not None:
        count += Ambassador.objects.filter(invited_by_id=user_id).update(invited_by=None)
    deleted = Ambassador.objects.filter(person=person).delete()[1].get(Ambassador._meta.label, 0)
    return count + deleted


def _consent_export(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "action": record.action,
            "text_version": record.text_version,
            "language": record.language,
            "at": record.at,
        }
        for record in ConsentRecord.objects.filter(ambassador__person=person).order_by("at", "pk")
    ]


def _consent_erase(person: Person) -> int:
    return ConsentRecord.objects.filter(ambassador__person=person).delete()[0]


def _account_export(person: Person) -> list[dict[str, Any]]:
    return [
        {"network": account.network, "handle": account.handle, "created_at": account.created_at}
        for account in SocialAccount.objects.filter(ambassador__person=person)
    ]


def _account_erase(person: Person) -> int:
    # Their follower counts go first (order 590), so that each model reports its own rows.
    return SocialAccount.objects.filter(ambassador__person=person).delete()[0]


def _followers_export(person: Person) -> list[dict[str, Any]]:
    counts = FollowerCount.objects.filter(account__ambassador__person=person).select_related("account")
    return [
        {
            "network": count.account.network,
            "counted_on": count.counted_on,
            "followers": count.followers,
            "source": count.source,
        }
        for count in counts.order_by("account__network", "counted_on")
    ]


def _followers_erase(person: Person) -> int:
    return FollowerCount.objects.filter(account__ambassador__person=person).delete()[0]


def _ticks_export(person: Person) -> list[dict[str, Any]]:
    return [
        {"network": tick.network, "item": tick.item, "done_at": tick.done_at}
        for tick in ChecklistTick.objects.filter(ambassador__person=person).order_by("network", "item")
    ]


def _ticks_erase(person: Person) -> int:
    return ChecklistTick.objects.filter(ambassador__person=person).delete()[0]


personal_data.register(FollowerCount, export=_followers_export, erase=_followers_erase, order=590)
personal_data.register(SocialAccount, export=_account_export, erase=_account_erase, order=600)
personal_data.register(ChecklistTick, export=_ticks_export, erase=_ticks_erase, order=600)
personal_data.register(ConsentRecord, export=_consent_export, erase=_consent_erase, order=600)
personal_data.register(Ambassador, export=_ambassador_export, erase=_ambassador_erase, order=700)
