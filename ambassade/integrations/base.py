"""What every source of mentions has in common: the items it brings back and the connector interface.

A connector turns a source's settings (``config``, validated by ``config_validate``) and its state
(``etag``, ``last_modified``, ``cursor`` and ``secret``, the token or app password kept apart from the
config) into a ``FetchResult``, using only the ``HttpClient`` it is given, so that tests replay recorded
exchanges and production goes through the SSRF-safe client. Connectors register themselves in
``connectors`` when their package is imported (``ambassade.integrations`` imports them all).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from ambassade.lib.safe_http import HttpClient

__all__ = [
    "PLATFORMS",
    "TEXT_MAX",
    "Connector",
    "FetchResult",
    "FetchedItem",
    "connector_get",
    "connector_register",
    "connectors",
    "http_url",
    "lang_code",
    "moment_plausible",
    "url_host",
]

PLATFORMS = ("web", "mastodon", "bluesky", "x", "import", "manual")
TEXT_MAX = 20_000  # characters kept of one item's text
TITLE_MAX = 500


@dataclass(kw_only=True)
class FetchedItem:
    external_id: str
    text: str
    url: str = ""
    title: str = ""
    published_at: datetime | None = None
    author_name: str = ""
    author_handle: str = ""
    author_url: str = ""
    platform: str = "web"
    venue: str = ""
    thread_url: str = ""
    reach: int | None = None
    lang: str = ""


@dataclass
class FetchResult:
    items: list[FetchedItem] = field(default_factory=list)
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False
    cursor: str = ""


class Connector(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def label(self) -> StrOrPromise: ...

    @property
    def secret_required(self) -> bool:
        """Whether the source needs a token or app password (``state["secret"]``)."""
        ...

    def config_validate(self, config: Mapping[str, Any]) -> dict[str, Any]:
        """Return the cleaned config or raise ValidationError({field: message})."""
        ...

    def fetch(
        self, *, config: Mapping[str, Any], state: Mapping[str, str], http: HttpClient
    ) -> FetchResult: ...


connectors: dict[str, Connector] = {}


def connector_register(connector: Connector) -> Connector:
    connectors[connector.kind] = connector
    return connector


def connector_get(kind: str) -> Connector:
    try:
        return connectors[kind]
    except KeyError:
        raise ValidationError({"kind": _("Unknown kind of source: %(kind)s.") % {"kind": kind}}) from None


def http_url(url: str | None) -> str:
    """The URL if it is an absolute http(s) address (links to originals are never anything else)."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(ord(c) < 33 for c in url):
        return ""
    return url


def lang_code(value: object) -> str:
    """``fr`` of ``fr``, ``FR-ca`` or ``fr_FR``; "" for anything else (``und``, ``<s``, None)."""
    primary = re.split(r"[-_]", str(value or "").strip(), maxsplit=1)[0].lower()
    return primary if len(primary) == 2 and primary.isascii() and primary.isalpha() else ""


def url_host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)


def moment_plausible(value: datetime | None) -> datetime | None:
    """The moment if a post can have been published then (1990 to tomorrow), else None.

    Dates come from the outside: year 1 or 9999 with an offset cannot even be stored, and a post
    claiming to come from the future would hold a date cursor back for ever.
    """
    if value is None or value.tzinfo is None:
        return None
    try:
        moment = value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return value if EARLIEST <= moment <= timezone.now() + FUTURE_SLACK else None


def clip(text: str, limit: int = TEXT_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
