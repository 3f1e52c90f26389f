"""Small filters of the inbox screens."""

from __future__ import annotations

from typing import Any

from django import template

from ambassade.inbox.selectors import user_label

register = template.Library()


@register.filter
def member_name(user: Any, default: str = "—") -> str:
    """A member's full name, else their username; `default` when there is nobody."""
    return user_label(user) or default
