"""Personal data of the content side of the programme (see ambassade/core/personal_data.py).

- ContentItem names the accounts that created, submitted and approved it: exported as the person's
  part in the item; erased by detaching them (the item belongs to the organisation and stays).
- Share: the person's shares are exported; erasure detaches them (the share stays as an anonymous count
  for the item, as on withdrawal). A share holds no text of the person's own, only whether they wrote
  one.
- SuggestedText names nobody.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from ambassade.ambassadors.models import ContentItem, Share
from ambassade.core import personal_data
from ambassade.orgs.models import Membership, Person

ROLES = {"created_by": "created", "submitted_by": "submitted for review", "approved_by": "approved"}


def _user_id(person: Person) -> int | None:
    return Membership.objects.filter(person=person).values_list("user_id", flat=True).first()


def _items_export(person: Person) -> list[dict[str, Any]]:
    user_id = _user_id(person)
    if user_id is None:
        return []
    rows = []
    items = ContentItem.objects.filter(
        Q(created_by_id=user_id) | Q(submitted_by_id=user_id) | Q(approved_by_id=user_id)
    ).order_by("created_at", "pk")
    for item in items:
        rows.append(
            {
                "item": item.title,
                "kind": item.kind,
                "status": item.status,
                "roles": [label for field, label in ROLES.items() if getattr(item, f"{field}_id") == user_id],
                "created_at": item.created_at,
                "published_at": item.published_at,
            }
        )
    return rows


def _items_erase(person: Person) -> int:
    user_id = _user_id(person)
    if user_id is None:
        return 0
    count = 0
    with transaction.atomic():
        for field in ROLES:
            count += ContentItem.objects.filter(**{f"{field}_id": user_id}).update(**{field: None})
    return count


def _shares_export(person: Person) -> list[dict[str, Any]]:
    shares = Share.objects.filter(ambassador__person=person).select_related("item", "link", "text")
    return [
        {
            "item": share.item.title,
            "network": share.network,
            "link": share.link.code if share.link_id and share.link else None,
            "suggested_text": share.text.text if share.text_id and share.text else None,
            "own_text": share.own_text,
            "opened_at": share.opened_at,
            "confirmed_at": share.confirmed_at,
        }
        for share in shares.order_by("opened_at", "pk")
    ]


def _shares_erase(person: Person) -> int:
    return Share.objects.filter(ambassador__person=person).update(ambassador=None)


# Before the ambassador record and the memberships: both are needed to find the person's rows.
personal_data.register(ContentItem, export=_items_export, erase=_items_erase, order=50)
personal_data.register(Share, export=_shares_export, erase=_shares_erase, order=40)
