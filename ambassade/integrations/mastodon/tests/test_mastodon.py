from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from ambassade.integrations import connector_get
from ambassade.lib.safe_http import FetchError, RecordedHttpClient

RECORDED = Path(__file__).parent / "recorded" / "exchanges.json"
INSTANCE = {"instance": "https://mastodon.social"}


@pytest.fixture
def http() -> RecordedHttpClient:
    return RecordedHttpClient.from_file(RECORDED)


def test_a_hashtag_timeline_page_becomes_plain_text_items_with_their_venue(http) -> None:
    result = connector_get("mastodon_hashtag").fetch(
        config={**INSTANCE, "hashtag": "recrutement"}, state={}, http=http
    )
    marie, paul, acme = result.items
    assert marie.text == (
        "Trois entretiens chez Acme et toujours pas de réponse, c'est normal ? #recrutement\n\n"
        "Quelqu'un a eu un retour ?"
    )
    assert marie.external_id == "https://mastodon.social/users/marie/statuses/112233445566778899"
    assert marie.url == "https://mastodon.social/@marie/112233445566778899"
    assert (marie.author_name, marie.author_handle, marie.author_url) == (
        "Marie Dupont 🌿",
        "@marie@mastodon.social",
        "https://mastodon.social/@marie",
    )
    assert (marie.reach, marie.lang, marie.platform, marie.venue) == (
        1843,
        "fr",
        "mastodon",
        "mastodon.social",
    )
    assert marie.published_at == datetime(2026, 3, 14, 9, 12, 44, tzinfo=UTC)
    assert marie.thread_url == ""
    assert (
        paul.text
        == "@marie Moi oui, au bout de trois semaines. Voir https://acme.example/carrieres/faq #recrutement"
    )
    assert (paul.author_handle, paul.venue) == ("@paul@piaille.fr", "piaille.fr")
    assert paul.thread_url == "https://mastodon.social/@marie/112233445566770000"
    assert acme.text == "Job offer\n\nWe are hiring interns in Lyon! apply #recrutement"
    assert result.cursor == "112233445566778899"


def test_the_next_fetch_asks_only_for_newer_statuses(http) -> None:
    connector = connector_get("mastodon_hashtag")
    config = {**INSTANCE, "hashtag": "recrutement"}
    first = connector.fetch(config=config, state={}, http=http)
    second = connector.fetch(config=config, state={"cursor": first.cursor}, http=http)
    assert second.items == []
    assert second.cursor == first.cursor
    assert "since_id=112233445566778899" in http.requests[-1].url


def test_mentions_are_read_with_the_token_and_the_newest_notification_is_the_cursor(http) -> None:
    result = connector_get("mastodon_mentions").fetch(config=INSTANCE, state={"secret": "tok-123"}, http=http)
    assert [item.text for item in result.items] == [
        "@acme Bonjour, les stages de six mois sont-ils rémunérés au-dessus du minimum ?",
        "@acme merci pour l'accueil hier !",
    ]
    assert result.cursor == "34975861"
    assert http.requests[0].headers == {"Authorization": "Bearer tok-123"}


def test_a_refused_token_is_a_fetch_error_with_its_status(http) -> None:
    with pytest.raises(FetchError) as caught:
        connector_get("mastodon_mentions").fetch(
            config=INSTANCE, state={"secret": "expired", "cursor": "34975861"}, http=http
        )
    assert caught.value.status == 401


def test_mentions_need_a_token() -> None:
    with pytest.raises(FetchError) as caught:
        connector_get("mastodon_mentions").fetch(config=INSTANCE, state={}, http=RecordedHttpClient([]))
    assert caught.value.code == "no_secret"


def test_settings_accept_a_bare_server_name_and_a_hash_sign() -> None:
    config = connector_get("mastodon_hashtag").config_validate(
        {"instance": "piaille.fr/", "hashtag": "#Recrutement"}
    )
    assert config == {"instance": "https://piaille.fr", "hashtag": "Recrutement"}


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({"instance": "mastodon.social", "hashtag": "deux mots"}, "hashtag"),
        ({"instance": "", "hashtag": "rh"}, "instance"),
        ({"instance": "http://10.0.0.1", "hashtag": "rh"}, "instance"),
        ({"instance": "https://mastodon.social/@acme", "hashtag": "rh"}, "instance"),
    ],
)
def test_bad_settings_name_the_field(config: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        connector_get("mastodon_hashtag").config_validate(config)
    assert field in caught.value.message_dict


def test_ids_with_non_ascii_digits_are_ignored_not_a_crash() -> None:
    client = RecordedHttpClient(
        [
            {
                "url": "https://mastodon.social/api/v1/timelines/tag/rh?limit=40",
                "body_json": [{"id": "²", "uri": "https://mastodon.social/@a/1", "content": "<p>Salut</p>"}],
            }
        ]
    )
    result = connector_get("mastodon_hashtag").fetch(
        config={"instance": "https://mastodon.social", "hashtag": "rh"}, state={}, http=client
    )
    assert [item.text for item in result.items] == ["Salut"]
    assert result.cursor == ""


def test_an_unexpected_answer_names_the_address_asked() -> None:
    address = "https://mastodon.social/api/v1/timelines/tag/rh?limit=40"
    client = RecordedHttpClient([{"url": address, "body_json": {"error": "maintenance"}}])
    with pytest.raises(FetchError) as caught:
        connector_get("mastodon_hashtag").fetch(
            config={"instance": "https://mastodon.social", "hashtag": "rh"}, state={}, http=client
        )
    assert caught.value.message == f"The Mastodon server gave an unexpected answer to {address}."
    assert not isinstance(caught.value.template, str)  # translated when read, in the reader's language


def test_statuses_of_an_unexpected_shape_are_skipped_and_the_others_kept() -> None:
    statuses = [
        {"id": "1", "reblog": "not a status"},
        {"id": "2", "content": "<p>Bonjour</p>", "account": ["not", "an", "account"]},
        {"id": "3", "content": "<p>Salut</p>", "uri": "https://mastodon.social/@a/3"},
    ]
    client = RecordedHttpClient(
        [{"url": "https://mastodon.social/api/v1/timelines/tag/rh?limit=40", "body_json": statuses}]
    )
    result = connector_get("mastodon_hashtag").fetch(
        config={"instance": "https://mastodon.social", "hashtag": "rh"}, state={}, http=client
    )
    assert [item.text for item in result.items] == ["Salut"]
    assert result.cursor == "3"
