"""The menu's marker: how many of my introductions changed since I last looked (counted only when shown)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from ambassade.referrals.selectors import introduction_unseen_count


def introductions_unseen(request: HttpRequest) -> dict[str, Callable[[], int]]:
    membership: Any = getattr(request, "membership", None)
    person = membership.person if membership is not None else None
    # A callable: the template calls it (one COUNT query) only on pages that render the menu.
    return {"introductions_unseen": lambda: introduction_unseen_count(person=person)}
