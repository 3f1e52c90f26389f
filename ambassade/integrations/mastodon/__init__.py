"""Mastodon: hashtag timelines and the organisation account's mentions."""

from ambassade.integrations.base import connector_register
from ambassade.integrations.mastodon.connector import (
    MastodonHashtagConnector,
    MastodonMentionsConnector,
    status_item,
)

connector_register(MastodonHashtagConnector())
connector_register(MastodonMentionsConnector())

__all__ = ["MastodonHashtagConnector", "MastodonMentionsConnector", "status_item"]
