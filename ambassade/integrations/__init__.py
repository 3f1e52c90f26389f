"""Sources of mentions, one package per network behind one interface (see base.py)."""

from ambassade.integrations.base import (
    Connector,
    FetchedItem,
    FetchResult,
    connector_get,
    connector_register,
    connectors,
)
from ambassade.integrations.x import x_archive_read

# Importing the connector packages registers them.
from ambassade.integrations import bluesky, feed, mastodon  # noqa: E402, I001  isort:skip

__all__ = [
    "Connector",
    "FetchResult",
    "FetchedItem",
    "bluesky",
    "connector_get",
    "connector_register",
    "connectors",
    "feed",
    "mastodon",
    "x_archive_read",
]
