"""Bluesky: authenticated post search and the organisation account's notifications (app password).

Unauthenticated search has been refused by Bluesky since 2025, so both connectors sign in first
(``com.atproto.server.createSession`` with the handle and an app password, never the account's real
password) and send the ``accessJwt`` as a bearer token. Search asks
``app.bsky.feed.searchPosts?q=&limit=50&sort=latest`` with ``since`` = the newest post seen (the
cursor), paging with the answer's ``cursor``; notifications keep the reasons mention, reply and quote,
paging back until the cursor. Links shortened in a post's text are restored from its facets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ambassade.integrations.base import FetchedItem, FetchResult, clip, http_url, lang_code
from ambassade.integrations.html import text_tidy
from ambassade.integrations.social import MAX_PAGES, instance_url, iso_datetime, items_build, secret_get
from ambassade.lib.safe_http import FetchError, HttpClient

__all__ = ["BlueskyNotificationsConnector", "BlueskySearchConnector", "post_item", "post_url"]

SERVICE = "https://bsky.social"
PAGE = 50
REASONS = ("mention", "reply", "quote")
_HANDLE = re.compile(
    r"^(?:did:[a-z]+:[A-Za-z0-9._:%-]+|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+)$"
)
_AT_URI = re.compile(r"^at://(?P<repo>[^/]+)/app\.bsky\.feed\.post/(?P<rkey>[A-Za-z0-9._:~-]+)$")


def post_url(uri: str, *, profile: str = "") -> str:
    """``at://did/app.bsky.feed.post/rkey`` → ``https://bsky.app/profile/{handle or did}/post/{rkey}``."""
    match = _AT_URI.match(uri or "")
    if match is None:
        return ""
    return f"https://bsky.app/profile/{quote(profile or match['repo'], safe=':.')}/post/{match['rkey']}"


def _text(record: Mapping[str, Any]) -> str:
    """The post's text with its link facets' full addresses in place of the shortened ones."""
    text = str(record.get("text") or "")
    data = text.encode()
    links = []
    for facet in record.get("facets") or []:
        index = facet.get("index") or {}
        uris = [
            f.get("uri") for f in facet.get("features") or [] if str(f.get("$type", "")).endswith("#link")
        ]
        start, end = index.get("byteStart"), index.get("byteEnd")
        if uris and isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(data):
            links.append((start, end, http_url(uris[0])))
    for start, end, uri in sorted(links, reverse=True):
        if uri:
            data = data[:start] + uri.encode() + data[end:]
    return text_tidy(data.decode(errors="replace"))


def post_item(post: Mapping[str, Any]) -> FetchedItem | None:
    """A post view (search) or a notification as an item; None without text."""
    record = post.get("record") or {}
    author = post.get("author") or {}
    text = _text(record)
    uri = str(post.get("uri") or "")
    if not text or not uri:
        return None
    handle = str(author.get("handle") or "")
    root = ((record.get("reply") or {}).get("root") or {}).get("uri", "")
    langs = record.get("langs") or []
    return FetchedItem(
        external_id=uri,
        url=post_url(uri, profile=handle),
        text=clip(text),
        published_at=iso_datetime(record.get("createdAt")) or iso_datetime(post.get("indexedAt")),
        author_name=text_tidy(str(author.get("displayName") or handle))[:200],
        author_handle=f"@{handle}"[:200] if handle else "",
        author_url=f"https://bsky.app/profile/{quote(handle, safe='.')}" if handle else "",
        platform="bluesky",
        venue="bsky.app",
        thread_url=post_url(str(root)),
        lang=lang_code(langs[0]) if isinstance(langs, list) and langs else "",
    )


def _config(config: Mapping[str, Any], *, search: bool) -> dict[str, Any]:
    handle = str(config.get("handle") or "").strip().lstrip("@")
    if not _HANDLE.match(handle):
        raise ValidationError({"handle": _("Enter the account's handle, e.g. ourname.bsky.social.")})
    cleaned: dict[str, Any] = {
        "handle": handle,
        "service": instance_url(config.get("service") or SERVICE, field="service"),
    }
    if search:
        query = str(config.get("search") or "").strip()
        if not query or len(query) > 300:
            raise ValidationError({"search": _("Enter what to search for (at most 300 characters).")})
        cleaned["search"] = query
    return cleaned


def _session(http: HttpClient, config: Mapping[str, Any], state: Mapping[str, str]) -> str:
    password = secret_get(state, config)
    if not password:
        raise FetchError(
            gettext_lazy("The app password of the Bluesky account is missing."), code="no_secret"
        )
    address = f"{config['service']}/xrpc/com.atproto.server.createSession"
    try:
        response = http.post_json(address, {"identifier": config["handle"], "password": password})
    except FetchError as error:
        if error.status in (400, 401):
            raise FetchError(
                gettext_lazy("Bluesky refused the handle or the app password of %(handle)s."),
                code="login",
                status=error.status,
                handle=config["handle"],
            ) from error
        raise
    answer = response.json()
    token = answer.get("accessJwt") if isinstance(answer, dict) else None
    if not isinstance(token, str) or not token:
        raise _unexpected(address)
    return token


def _posts(answer: Mapping[str, Any]) -> list[Any]:
    posts = answer.get("posts")
    return posts if isinstance(posts, list) else []


def _unexpected(address: str) -> FetchError:
    return FetchError(
        gettext_lazy("Bluesky gave an unexpected answer to %(url)s."), code="unexpected", url=address
    )


def _newest(items: list[FetchedItem], cursor: str) -> str:
    moments = [item.published_at for item in items if item.published_at]
    current = iso_datetime(cursor)
    if current:
        moments.append(current)
    return max(moments).isoformat().replace("+00:00", "Z") if moments else cursor


def _read_pages(
    http: HttpClient,
    url: Callable[[str], str],
    token: str,
    entries_of: Callable[[Mapping[str, Any]], list[Mapping[str, Any]]],
    stop: Callable[[list[FetchedItem]], bool],
) -> list[FetchedItem]:
    items: list[FetchedItem] = []
    page_cursor = ""
    for _page in range(MAX_PAGES):
        address = url(page_cursor)
        answer = http.get(address, headers={"Authorization": f"Bearer {token}"}).json()
        if not isinstance(answer, dict):
            raise _unexpected(address)
        page = items_build(post_item, entries_of(answer))
        items.extend(page)
        page_cursor = str(answer.get("cursor") or "")
        if not page_cursor or not page or stop(page):
            break
    return items


def _older_than(cursor: str) -> Callable[[list[FetchedItem]], bool]:
    since = iso_datetime(cursor)

    def reached(page: list[FetchedItem]) -> bool:
        oldest: datetime | None = min((item.published_at for item in page if item.published_at), default=None)
        return since is None or oldest is None or oldest <= since

    return reached


class BlueskySearchConnector:
    kind = "bluesky_search"
    label = gettext_lazy("Bluesky search")
    secret_required = True

    def config_validate(self, config: Mapping[str, Any]) -> dict[str, Any]:
        return _config(config, search=True)

    def fetch(self, *, config: Mapping[str, Any], state: Mapping[str, str], http: HttpClient) -> FetchResult:
        token = _session(http, config, state)
        cursor = state.get("cursor", "")

        def url(page_cursor: str) -> str:
            params = {"q": config["search"], "limit": str(PAGE), "sort": "latest"}
            if cursor:
                params["since"] = cursor
            if page_cursor:
                params["cursor"] = page_cursor
            return f"{config['service']}/xrpc/app.bsky.feed.searchPosts?{urlencode(params)}"

        items = _read_pages(http, url, token, _posts, _older_than(cursor))
        since = iso_datetime(cursor)
        fresh = [
            item for item in items if since is None or item.published_at is None or item.published_at > since
        ]
        return FetchResult(items=fresh, cursor=_newest(items, cursor))


class BlueskyNotificationsConnector:
    kind = "bluesky_notifications"
    label = gettext_lazy("Bluesky mentions, replies and quotes of our account")
    secret_required = True

    def config_validate(self, config: Mapping[str, Any]) -> dict[str, Any]:
        return _config(config, search=False)

    def fetch(self, *, config: Mapping[str, Any], state: Mapping[str, str], http: HttpClient) -> FetchResult:
        token = _session(http, config, state)
        cursor = state.get("cursor", "")

        def url(page_cursor: str) -> str:
            params = {"limit": str(PAGE), **({"cursor": page_cursor} if page_cursor else {})}
            return f"{config['service']}/xrpc/app.bsky.notification.listNotifications?{urlencode(params)}"

        def kept(answer: Mapping[str, Any]) -> list[Mapping[str, Any]]:
            entries = answer.get("notifications")
            return (
                [n for n in entries if isinstance(n, dict) and n.get("reason") in REASONS]
                if isinstance(entries, list)
                else []
            )

        items = _read_pages(http, url, token, kept, _older_than(cursor))
        since = iso_datetime(cursor)
        fresh = [
            item for item in items if since is None or item.published_at is None or item.published_at > since
        ]
        return FetchResult(items=fresh, cursor=_newest(items, cursor))
