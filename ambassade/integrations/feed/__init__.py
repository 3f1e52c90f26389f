"""RSS and Atom feeds."""

from ambassade.integrations.base import connector_register
from ambassade.integrations.feed.connector import FeedConnector, feed_parse, link_unwrap

connector_register(FeedConnector())

__all__ = ["FeedConnector", "feed_parse", "link_unwrap"]
