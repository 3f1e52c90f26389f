"""Personal data of the intranet digest (see ambassade/core/personal_data.py).

Subscriptions hold an e-mail address and a language, nothing else. A member's subscriptions are found
by the e-mail address of their person record: exported, and deleted on erasure. Someone who is not a
member is erased by unsubscribing (the link in every e-mail deletes the row), by an HR admin removing
the address from the digest's subscriber list, or with the candidates' erasure by e-mail address
(careers' `candidate_data_holders`), which covers these subscriptions too. Requests never confirmed are
deleted after a week.

Issues name only ambassadors who opted in to leaderboards; a name frozen in a past issue is removed from
it when that person is erased. The digest definitions name their author (a user account): erasure
forgets it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ambassade.careers.applications import CandidateDataHolder, candidate_data_holders
from ambassade.core import personal_data
from ambassade.intranet.models import Digest, Issue, Subscription
from ambassade.orgs.models import Membership, Organisation, Person


def _subscriptions(email: str, organisation: Organisation | None) -> Any:
    email = (email or "").strip()
    if not email:
        return Subscription.objects.none()
    found = Subscription.objects.filter(email__iexact=email)
    return found.filter(digest__organisation=organisation) if organisation is not None else found


def email_export(*, email: str, organisation: Organisation | None = None) -> list[dict[str, Any]]:
    return [
        {
            "kind": "intranet.subscription",
            "digest": subscription.digest.title,
            "email": subscription.email,
            "language": subscription.language,
            "created_at": subscription.created_at.isoformat(),
            "confirmed_at": subscription.confirmed_at.isoformat() if subscription.confirmed_at else None,
            "last_sent_at": subscription.last_sent_at.isoformat() if subscription.last_sent_at else None,
        }
        for subscription in _subscriptions(email, organisation).select_related("digest").order_by("pk")
    ]


def email_erase(*, email: str, organisation: Organisation | None = None) -> int:
    deleted, _rows = _subscriptions(email, organisation).delete()
    return deleted


_holder = CandidateDataHolder(export=email_export, erase=email_erase)
if _holder not in candidate_data_holders:
    candidate_data_holders.append(_holder)


def _subscriptions_export(person: Person) -> list[dict[str, Any]]:
    return email_export(email=person.email, organisation=person.organisation)


def _subscriptions_erase(person: Person) -> int:
    return email_erase(email=person.email, organisation=person.organisation)


def _full_name(person: Person) -> str:
    return f"{person.first_name} {person.last_name}".strip()


def _issues_export(person: Person) -> list[dict[str, Any]]:
    name = _full_name(person)
    issues = Issue.objects.filter(digest__organisation=person.organisation).order_by("pk")
    return [
        {
            "issue": issue.pk,
            "period": [issue.period_start.isoformat(), issue.period_end.isoformat()],
            "named": True,
        }
        for issue in issues
        if name and name in (issue.content or {}).get("active", {}).get("named", [])
    ]


def issues_unname(person: Person) -> int:
    """Take the person's name out of past issues (they are counted among the others instead)."""
    name = _full_name(person)
    count = 0
    if not name:
        return 0
    with transaction.atomic():
        for issue in Issue.objects.filter(digest__organisation=person.organisation).select_for_update():
            active = (issue.content or {}).get("active", {})
            if name in active.get("named", []):
                active["named"] = [other for other in active["named"] if other != name]
                active["others"] = int(active.get("others", 0)) + 1
                issue.save(update_fields=["content"])
                count += 1
    return count


def _digests_export(person: Person) -> list[dict[str, Any]]:
    user_id = Membership.objects.filter(person=person).values_list("user_id", flat=True).first()
    if user_id is None:
        return []
    return [
        {"digest": digest.title, "created": True} for digest in Digest.objects.filter(created_by_id=user_id)
    ]


def _digests_erase(person: Person) -> int:
    user_id = Membership.objects.filter(person=person).values_list("user_id", flat=True).first()
    return Digest.objects.filter(created_by_id=user_id).update(created_by=None) if user_id is not None else 0


# Before the audit log (800) and the account (900).
personal_data.register(Subscription, export=_subscriptions_export, erase=_subscriptions_erase, order=60)
personal_data.register(Issue, export=_issues_export, erase=issues_unname, order=60)
personal_data.register(Digest, export=_digests_export, erase=_digests_erase, order=60)
