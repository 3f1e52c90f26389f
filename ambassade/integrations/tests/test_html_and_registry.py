from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ambassade.integrations import connector_get, connectors
from ambassade.integrations.base import http_url, lang_code, url_host
from ambassade.integrations.html import html_to_text
from ambassade.integrations.social import count


def test_every_polled_kind_has_a_connector() -> None:
    assert set(connectors) == {
        "feed",
        "mastodon_hashtag",
        "mastodon_mentions",
        "bluesky_search",
        "bluesky_notifications",
    }
    assert all(connector.kind == kind for kind, connector in connectors.items())


def test_an_unknown_kind_is_a_validation_error_naming_it() -> None:
    with pytest.raises(ValidationError) as caught:
        connector_get("myspace")
    assert caught.value.message_dict == {"kind": ["Unknown kind of source: myspace."]}


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Bonjour</p><p>à tous</p>", "Bonjour\n\nà tous"),
        ("un<br>deux", "un\ndeux"),
        ("<script>alert(1)</script>texte<style>p{color:red}</style>", "texte"),
        ('<img src=x onerror="alert(1)">image', "image"),
        ('<a href="javascript:alert(1)" onclick="steal()">clique</a>', "clique"),
        ("<svg><script>alert(1)</script></svg>après", "après"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"),
        ("a&nbsp;&nbsp;  b\u200b", "a b"),
        ("", ""),
    ],
)
def test_html_becomes_inert_plain_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_only_http_addresses_are_kept_as_links() -> None:
    assert http_url(" https://example.org/a ") == "https://example.org/a"
    assert http_url("javascript:alert(1)") == ""
    assert http_url("data:text/html,<script>") == ""
    assert http_url("//example.org/") == ""
    assert url_host("https://www.example.org/a") == "example.org"


@pytest.mark.parametrize(
    ("value", "reach"), [("1200", 1200), (7, 7), ("-3", None), ("abc", None), (10**30, 2**31 - 1)]
)
def test_counts_from_the_outside_are_read_within_what_a_column_can_hold(
    value: object, reach: int | None
) -> None:
    assert count(value) == reach


@pytest.mark.parametrize(
    ("value", "code"),
    [("fr", "fr"), ("EN-gb", "en"), ("pt_BR", "pt"), ("<s", ""), ("und", ""), (None, ""), (7, "")],
)
def test_language_codes_from_the_outside_are_two_letters_or_nothing(value: object, code: str) -> None:
    assert lang_code(value) == code
