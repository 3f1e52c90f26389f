"""RSS (0.9x, 1.0, 2.0) and Atom feeds: web alerts (Google Alerts, Talkwalker Alerts), news, blogs, forums.

The bytes come from the SSRF-safe client and are parsed by feedparser as bytes, with the answer's
Content-Type, so the encoding declared by the XML or the HTTP header is honoured. Conditional GET
(ETag, Last-Modified) makes an unchanged feed cost one short answer. Google Alerts links
(``https://www.google.com/url?...&url=REAL``) are unwrapped to the real article.
"""

from __future__ import annotations

import calendar
import hashlib
import io
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import feedparser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from ambassade.integrations.base import (
    TITLE_MAX,
    FetchedItem,
    FetchResult,
    clip,
    http_url,
    moment_plausible,
    url_host,
)
from ambassade.integrations.html import html_to_text, text_tidy
from ambassade.lib.safe_http import FetchError, HttpClient, UnsafeUrlError, url_check

__all__ = ["FeedConnector", "feed_parse", "link_unwrap"]

MAX_ITEMS = 500
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
    "text/xml;q=0.8, */*;q=0.1"
)
REDIRECTORS = {("www.google.com", "/url"), ("google.com", "/url"), ("www.google.fr", "/url")}


def link_unwrap(url: str) -> str:
    """The real address behind a Google Alerts redirect link; other links unchanged."""
    parts = urlsplit(url)
    if ((parts.hostname or ""), parts.path) in REDIRECTORS:
        query = parse_qs(parts.query)
        for key in ("url", "q"):
            target = http_url((query.get(key) or [""])[0])
            if target:
                return target
    return url


def _when(entry: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return moment_plausible(datetime.fromtimestamp(calendar.timegm(value), tz=UTC))
            except (OverflowError, ValueError, OSError):
                return None
    return None


def _entry_text(entry: Mapping[str, Any]) -> str:
    bodies = [part.get("value", "") for part in entry.get("content") or []]
    bodies.append(entry.get("summary", ""))
    return html_to_text(max(bodies, key=len))


def _lang(value: str) -> str:
    value = (value or "").strip().lower()[:2]
    return value if value.isalpha() and len(value) == 2 else ""


def _entry_item(entry: Mapping[str, Any], *, feed_link: str, feed_lang: str) -> FetchedItem | None:
    url = http_url(link_unwrap(entry.get("link", "")))
    title = clip(text_tidy(html_to_text(entry.get("title", ""))), TITLE_MAX)
    text = clip(_entry_text(entry)) or title
    if not text:
        return None
    external_id = (entry.get("id") or entry.get("guid") or url or "").strip()
    if not external_id:
        external_id = "sha256:" + hashlib.sha256(f"{title}\x1f{text}".encode()).hexdigest()
    author = entry.get("author_detail") or {}
    return FetchedItem(
        external_id=external_id[:500],
        url=url,
        title=title,
        text=text,
        published_at=_when(entry),
        author_name=text_tidy(entry.get("author", ""))[:200],
        author_url=http_url(author.get("href", "")),
        platform="web",
        venue=url_host(url) or url_host(feed_link),
        lang=_lang(entry.get("language", "")) or feed_lang,
    )


def feed_parse(body: bytes, *, headers: Mapping[str, str], url: str) -> list[FetchedItem]:
    """The items of a feed's bytes; FetchError when they are not a feed at all."""
    # A stream, never bytes: feedparser opens bytes as a file name when it can ("/etc/…", "/dev/zero").
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers={"content-type": headers.get("content-type", ""), "content-location": url},
    )
    if parsed.get("bozo") and not parsed.entries and not parsed.feed:
        raise FetchError(gettext_lazy("%(url)s is not an RSS or Atom feed."), code="not_a_feed", url=url)
    if not parsed.entries and not parsed.get("version"):
        raise FetchError(gettext_lazy("%(url)s is not an RSS or Atom feed."), code="not_a_feed", url=url)
    feed = parsed.feed
    feed_link = http_url(feed.get("link", "")) or url
    feed_lang = _lang(feed.get("language", ""))
    items = (
        _entry_item(entry, feed_link=feed_link, feed_lang=feed_lang) for entry in parsed.entries[:MAX_ITEMS]
    )
    return [item for item in items if item is not None]


class FeedConnector:
    kind = "feed"
    label = gettext_lazy("RSS or Atom feed")
    secret_required = False

    def config_validate(self, config: Mapping[str, Any]) -> dict[str, Any]:
        try:
            url = url_check(str(config.get("url") or ""))
        except UnsafeUrlError as error:
            raise ValidationError({"url": error.message}) from error
        return {"url": url}

    def fetch(self, *, config: Mapping[str, Any], state: Mapping[str, str], http: HttpClient) -> FetchResult:
        headers = {"Accept": ACCEPT}
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("last_modified"):
            headers["If-Modified-Since"] = state["last_modified"]
        response = http.get(config["url"], headers=headers)
        if response.status == 304:
            return FetchResult(
                items=[],
                etag=state.get("etag", ""),
                last_modified=state.get("last_modified", ""),
                not_modified=True,
            )
        items = feed_parse(response.body, headers=response.headers, url=response.url)
        return FetchResult(
            items=items,
            etag=response.header("etag")[:200],
            last_modified=response.header("last-modified")[:100],
        )
