"""Mastodon: a public hashtag timeline, and the organisation account's mentions (token, read:notifications).

``GET /api/v1/timelines/tag/:hashtag?limit=40&since_id=`` and
``GET /api/v1/notifications?types[]=mention&since_id=`` (bearer token). The cursor is the newest id
seen; when a page is full, older pages are read (``max_id``) down to it, at most five pages per fetch.
Statuses' HTML becomes plain text; the venue is the server the post comes from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, urlencode

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ambassade.integrations.base import FetchedItem, FetchResult, clip, http_url, lang_code, url_host
from ambassade.integrations.html import html_to_text, text_tidy
from ambassade.integrations.social import (
    MAX_PAGES,
    count,
    instance_url,
    iso_datetime,
    items_build,
    secret_get,
)
from ambassade.lib.safe_http import FetchError, HttpClient

__all__ = ["MastodonHashtagConnector", "MastodonMentionsConnector", "status_item"]

PAGE = 40
_HASHTAG = re.compile(r"^\w{1,100}$")


def _id(value: object) -> int:
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() else 0


def status_item(status: Mapping[str, Any], *, instance: str) -> FetchedItem | None:
    """A status (or the status it boosts) as an item; None when it has no text."""
    status = status.get("reblog") or status
    account = status.get("account") or {}
    spoiler = text_tidy(str(status.get("spoiler_text") or ""))
    text = html_to_text(str(status.get("content") or ""))
    if spoiler:
        text = f"{spoiler}\n\n{text}".strip()
    if not text:
        return None
    url = http_url(status.get("url")) or http_url(status.get("uri"))
    acct = str(account.get("acct") or "")
    handle = "@" + acct if "@" in acct else f"@{acct}@{url_host(instance)}" if acct else ""
    return FetchedItem(
        external_id=str(status.get("uri") or status.get("id") or ""),
        url=url,
        text=clip(text),
        published_at=iso_datetime(status.get("created_at")),
        author_name=text_tidy(str(account.get("display_name") or account.get("username") or ""))[:200],
        author_handle=handle[:200],
        author_url=http_url(account.get("url")),
        platform="mastodon",
        venue=url_host(url) or url_host(instance),
        thread_url=_thread_url(status, instance=instance),
        reach=count(account.get("followers_count")),
        lang=lang_code(status.get("language")),
    )


def _thread_url(status: Mapping[str, Any], *, instance: str) -> str:
    """The post this one answers, when the mention list says whose it is."""
    parent, parent_account = status.get("in_reply_to_id"), status.get("in_reply_to_account_id")
    if not parent:
        return ""
    if parent_account == (status.get("account") or {}).get("id"):
        acct = (status.get("account") or {}).get("acct")
    else:
        acct = next(
            (m.get("acct") for m in status.get("mentions") or [] if m.get("id") == parent_account), None
        )
    if not acct:
        return ""
    return http_url(f"{instance}/@{acct}/{parent}")


def _pages(
    http: HttpClient, url: Callable[[str], str], *, cursor: str, headers: Mapping[str, str]
) -> list[Mapping[str, Any]]:
    """Newest first, from the first page down to the cursor (at most MAX_PAGES pages)."""
    entries: list[Mapping[str, Any]] = []
    max_id = ""
    for _page in range(MAX_PAGES):
        address = url(max_id)
        page = http.get(address, headers=dict(headers)).json()
        if not isinstance(page, list):
            raise FetchError(
                gettext_lazy("The Mastodon server gave an unexpected answer to %(url)s."),
                code="unexpected",
                url=address,
            )
        entries.extend(entry for entry in page if isinstance(entry, dict))
        if len(page) < PAGE or not cursor or not entries:
            break
        max_id = str(entries[-1].get("id") or "")
        if not max_id:
            break
    return entries


def _newest(entries: list[Mapping[str, Any]], cursor: str) -> str:
    ids = [_id(entry.get("id")) for entry in entries] + [_id(cursor)]
    newest = max(ids)
    return str(newest) if newest else cursor


def _query(params: dict[str, str], *, cursor: str, max_id: str) -> str:
    if cursor:
        params["since_id"] = cursor
    if max_id:
        params["max_id"] = max_id
    return urlencode(params)


class MastodonHashtagConnector:
    kind = "mastodon_hashtag"
    label = gettext_lazy("Mastodon hashtag")
    secret_required = False

    def config_validate(self, config: Mapping[str, Any]) -> dict[str, Any]:
        hashtag = str(config.get("hashtag") or "").strip().lstrip("#")
        if not _HASHTAG.match(hashtag):
            raise ValidationError(
                {"hashtag": _("Enter one hashtag, letters and digits only, e.g. recrutement.")}
            )
        return {"instance": instance_url(config.get("instance")), "hashtag": hashtag}

    def fetch(self, *, config: Mapping[str, Any], state: Mapping[str, str], http: HttpClient) -> FetchResult:
        instance, cursor = config["instance"], state.get("cursor", "")
        token = secret_get(state, config)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        base = f"{instance}/api/v1/timelines/tag/{quote(config['hashtag'])}"

        def url(max_id: str) -> str:
            return f"{base}?{_query({'limit': str(PAGE)}, cursor=cursor, max_id=max_id)}"

        statuses = _pages(http, url, cursor=cursor, headers=headers)
        items = items_build(lambda status: status_item(status, instance=instance), statuses)
        return FetchResult(items=items, cursor=_newest(statuses, cursor))


class MastodonMentionsConnector:
    kind = "mastodon_mentions"
    label = gettext_lazy("Mastodon mentions of our account")
    secret_required = True

    def config_validate(self, config: Mapping[str, Any]) -> dict[str, Any]:
        return {"instance": instance_url(config.get("instance"))}

    def fetch(self, *, config: Mapping[str, Any], state: Mapping[str, str], http: HttpClient) -> FetchResult:
        instance, cursor = config["instance"], state.get("cursor", "")
        token = secret_get(state, config)
        if not token:
            raise FetchError(
                gettext_lazy("The access token of the Mastodon account is missing."), code="no_secret"
            )

        def url(max_id: str) -> str:
            return f"{instance}/api/v1/notifications?types[]=mention&" + _query(
                {"limit": str(PAGE)}, cursor=cursor, max_id=max_id
            )

        notifications = _pages(http, url, cursor=cursor, headers={"Authorization": f"Bearer {token}"})
        mentions = (
            notification["status"] for notification in notifications if notification.get("type") == "mention"
        )
        items = items_build(lambda status: status_item(status, instance=instance), mentions)
        return FetchResult(items=items, cursor=_newest(notifications, cursor))
