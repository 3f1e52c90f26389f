"""Helpers shared by the social network connectors (Mastodon, Bluesky)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ambassade.integrations.base import FetchedItem, moment_plausible
from ambassade.lib.safe_http import UnsafeUrlError, url_check

MAX_PAGES = 5
COUNT_MAX = 2**31 - 1  # followers and the like, as a positive integer column holds them


def instance_url(value: object, *, field: str = "instance") -> str:
    """``mastodon.social`` or ``https://mastodon.social/`` → ``https://mastodon.social``."""
    text = str(value or "").strip().rstrip("/")
    if not text:
        raise ValidationError({field: _("This field is required.")})
    if "://" not in text:
        text = "https://" + text
    try:
        url = url_check(text)
    except UnsafeUrlError as error:
        raise ValidationError({field: error.message}) from error
    if url.count("/") > 2:
        raise ValidationError({field: _("Give the server's address only, e.g. mastodon.social.")})
    return url


def items_build(
    build: Callable[[Mapping[str, Any]], FetchedItem | None], entries: Iterable[Any]
) -> list[FetchedItem]:
    """The items of the entries a server answered; an entry of an unexpected shape is skipped, not fatal."""
    items = []
    for entry in entries:
        try:
            item = build(entry) if isinstance(entry, dict) else None
        except (AttributeError, TypeError, ValueError, KeyError):
            item = None
        if item is not None:
            items.append(item)
    return items


def secret_get(state: Mapping[str, str], config: Mapping[str, Any]) -> str:
    """The source's token or app password: kept apart from the config, handed over in the state."""
    return str(state.get("secret") or config.get("secret") or "").strip()


def iso_datetime(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment_plausible(parsed)


def count(value: object) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return min(number, COUNT_MAX) if number >= 0 else None
