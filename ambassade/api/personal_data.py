from __future__ import annotations

from typing import Any

from ambassade.api.models import ApiToken
from ambassade.core import personal_data
from ambassade.orgs.models import Membership, Person


def _user_id(person: Person) -> int | None:
    membership = Membership.objects.filter(person=person).first()
    return membership.user_id if membership else None


def _tokens_export(person: Person) -> list[dict[str, Any]]:
    user_id = _user_id(person)
    if user_id is None:
        return []
    return [
        {"name": t.name, "prefix": t.prefix, "created_at": t.created_at, "last_used_at": t.last_used_at,
         "revoked_at": t.revoked_at}
        for t in ApiToken.objects.filter(user_id=user_id)
    ]  # fmt: skip


def _tokens_erase(person: Person) -> int:
    user_id = _user_id(person)
    if user_id is None:
        return 0
    deleted, _ = ApiToken.objects.filter(user_id=user_id).delete()
    return deleted


personal_data.register(ApiToken, export=_tokens_export, erase=_tokens_erase, order=20)
