"""The menu's marker: how many listening alerts nobody has seen yet (counted only when shown)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from ambassade.orgs.roles import Role

LISTENING_ROLES = (Role.HR_ADMIN, Role.COMMS)


def listening_alerts_unseen(request: HttpRequest) -> dict[str, Callable[[], int]]:
    membership: Any = getattr(request, "membership", None)

    def count() -> int:
        if membership is None or membership.role not in LISTENING_ROLES:
            return 0
        from ambassade.listening.selectors import alert_list

        return alert_list(membership=membership, unseen_only=True).count()

    # A callable: the template calls it (one COUNT query) only on pages that render the menu.
    return {"listening_alerts_unseen": count}
