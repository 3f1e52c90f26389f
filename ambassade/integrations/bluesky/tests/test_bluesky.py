from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from ambassade.integrations import connector_get
from ambassade.integrations.bluesky import post_url
from ambassade.lib.safe_http import FetchError, RecordedHttpClient

RECORDED = Path(__file__).parent / "recorded"
CONFIG = {"search": "Acme", "handle": "acme.bsky.social", "service": "https://bsky.social"}
STATE = {"secret": "abcd-efgh-ijkl-mnop"}


@pytest.fixture
def http() -> RecordedHttpClient:
    return RecordedHttpClient.from_file(RECORDED / "exchanges.json")


def test_search_signs_in_with_the_app_password_then_searches_with_the_token(http) -> None:
    result = connector_get("bluesky_search").fetch(config=CONFIG, state=STATE, http=http)
    login, search = http.requests
    assert login.json == {"identifier": "acme.bsky.social", "password": "abcd-efgh-ijkl-mnop"}
    assert search.headers == {"Authorization": "Bearer eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFUzI1NksifQ.access.sig"}
    camille, reply = result.items
    assert camille.text == (
        "Candidature envoyée chez Acme il y a un mois, pas de réponse. "
        "Leur FAQ https://acme.example/carrieres/faq ne dit rien sur les délais 😕"
    )
    assert camille.url == "https://bsky.app/profile/camille.bsky.social/post/3lkq2w6xzvc2a"
    assert camille.external_id == "at://did:plc:4k3c5rvu2mzxq7l2wd3qzq4h/app.bsky.feed.post/3lkq2w6xzvc2a"
    assert (camille.author_name, camille.author_handle, camille.author_url) == (
        "Camille R.",
        "@camille.bsky.social",
        "https://bsky.app/profile/camille.bsky.social",
    )
    assert (camille.platform, camille.venue, camille.lang) == ("bluesky", "bsky.app", "fr")
    assert camille.published_at == datetime(2026, 3, 14, 9, 40, 12, 345000, tzinfo=UTC)
    assert reply.thread_url == "https://bsky.app/profile/did:plc:acme7oq3ulv6m2nx5rfdexkz/post/3lkpyyroot1x"
    assert result.cursor == "2026-03-14T09:40:12.345000Z"


def test_the_next_search_asks_only_for_posts_since_the_newest_seen(http) -> None:
    connector = connector_get("bluesky_search")
    first = connector.fetch(config=CONFIG, state=STATE, http=http)
    second = connector.fetch(config=CONFIG, state={**STATE, "cursor": first.cursor}, http=http)
    assert second.items == []
    assert second.cursor == first.cursor
    assert "since=2026-03-14T09%3A40%3A12.345000Z" in http.requests[-1].url


def test_notifications_keep_mentions_replies_and_quotes_only(http) -> None:
    result = connector_get("bluesky_notifications").fetch(config=CONFIG, state=STATE, http=http)
    assert [item.text for item in result.items] == [
        "@acme.bsky.social les stages sont-ils payés plus que le minimum légal ?",
        "Merci pour l'info, on relaie !",
        "Enfin une entreprise qui publie ses salaires 👏",
    ]
    assert result.cursor == "2026-03-14T10:30:00Z"


def test_a_refused_app_password_says_so() -> None:
    http = RecordedHttpClient.from_file(RECORDED / "login-refused.json")
    with pytest.raises(FetchError) as caught:
        connector_get("bluesky_search").fetch(config=CONFIG, state={"secret": "wrong"}, http=http)
    assert caught.value.code == "login"
    assert caught.value.message == "Bluesky refused the handle or the app password of acme.bsky.social."


def test_a_missing_app_password_is_reported_before_any_request() -> None:
    http = RecordedHttpClient([])
    with pytest.raises(FetchError) as caught:
        connector_get("bluesky_notifications").fetch(config=CONFIG, state={}, http=http)
    assert caught.value.code == "no_secret"
    assert http.requests == []


def test_settings_are_cleaned_and_bad_ones_name_their_field() -> None:
    assert connector_get("bluesky_search").config_validate(
        {"search": " Acme ", "handle": "@acme.bsky.social"}
    ) == {
        "search": "Acme",
        "handle": "acme.bsky.social",
        "service": "https://bsky.social",
    }
    with pytest.raises(ValidationError) as caught:
        connector_get("bluesky_search").config_validate({"search": "", "handle": "acme.bsky.social"})
    assert list(caught.value.message_dict) == ["search"]
    with pytest.raises(ValidationError) as caught:
        connector_get("bluesky_notifications").config_validate({"handle": "not a handle"})
    assert list(caught.value.message_dict) == ["handle"]


def test_post_urls_come_only_from_post_uris() -> None:
    assert post_url("at://did:plc:abc/app.bsky.feed.post/3k2", profile="a.bsky.social") == (
        "https://bsky.app/profile/a.bsky.social/post/3k2"
    )
    assert post_url("at://did:plc:abc/app.bsky.feed.like/3k2") == ""
    assert post_url("javascript:alert(1)") == ""


def test_a_post_dated_in_the_future_does_not_hold_back_the_cursor() -> None:
    """createdAt is set by the author's app: a post claiming 2099 must not stop every later search."""
    post = {
        "uri": "at://did:plc:abc/app.bsky.feed.post/3lkzzz",
        "author": {"handle": "farceur.bsky.social"},
        "record": {"text": "Acme recrute en 2099", "createdAt": "2099-01-01T00:00:00Z"},
        "indexedAt": "2026-03-14T10:00:00Z",
    }
    http = RecordedHttpClient(
        [
            {
                "method": "POST",
                "url": "https://bsky.social/xrpc/com.atproto.server.createSession",
                "body_json": {"accessJwt": "jwt"},
            },
            {
                "url": "https://bsky.social/xrpc/app.bsky.feed.searchPosts?q=Acme&limit=50&sort=latest",
                "body_json": {"posts": [post]},
            },
        ]
    )
    result = connector_get("bluesky_search").fetch(config=CONFIG, state=STATE, http=http)
    (item,) = result.items
    assert item.published_at == datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
    assert result.cursor == "2026-03-14T10:00:00Z"


@pytest.mark.parametrize("created", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "2026-13-01"])
def test_impossible_dates_are_left_out(created: str) -> None:
    from ambassade.integrations.social import iso_datetime

    assert iso_datetime(created) is None


def test_a_login_answer_without_a_token_names_the_address() -> None:
    login = "https://bsky.social/xrpc/com.atproto.server.createSession"
    http = RecordedHttpClient([{"method": "POST", "url": login, "body_json": ["no", "token"]}])
    with pytest.raises(FetchError) as caught:
        connector_get("bluesky_search").fetch(config=CONFIG, state=STATE, http=http)
    assert caught.value.message == f"Bluesky gave an unexpected answer to {login}."


def test_posts_of_an_unexpected_shape_are_skipped_and_the_others_kept() -> None:
    posts = [
        "not a post",
        {"uri": "at://did:plc:abc/app.bsky.feed.post/1", "record": ["not", "a", "record"]},
        {"uri": "at://did:plc:abc/app.bsky.feed.post/2", "record": {"text": "Bonjour", "facets": ["x"]}},
        {
            "uri": "at://did:plc:abc/app.bsky.feed.post/3",
            "author": {"handle": "ok.bsky.social"},
            "record": {"text": "Salut", "createdAt": "2026-03-14T10:00:00Z"},
        },
    ]
    http = RecordedHttpClient(
        [
            {
                "method": "POST",
                "url": "https://bsky.social/xrpc/com.atproto.server.createSession",
                "body_json": {"accessJwt": "jwt"},
            },
            {
                "url": "https://bsky.social/xrpc/app.bsky.feed.searchPosts?q=Acme&limit=50&sort=latest",
                "body_json": {"posts": posts},
            },
        ]
    )
    result = connector_get("bluesky_search").fetch(config=CONFIG, state=STATE, http=http)
    assert [item.text for item in result.items] == ["Salut"]
