"""Bluesky: post search and the organisation account's notifications."""

from ambassade.integrations.base import connector_register
from ambassade.integrations.bluesky.connector import (
    BlueskyNotificationsConnector,
    BlueskySearchConnector,
    post_item,
    post_url,
)

connector_register(BlueskySearchConnector())
connector_register(BlueskyNotificationsConnector())

__all__ = ["BlueskyNotificationsConnector", "BlueskySearchConnector", "post_item", "post_url"]
