"""Counting as each network counts, and the share-intent addresses (sharing.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError

from ambassade.ambassadors.sharing import (
    default_variant,
    grapheme_count,
    intent_url,
    mastodon_instance,
    share_link_length,
    text_check,
    text_measure,
    x_weighted_length,
)

LINK = "http://127.0.0.1:8000/r/Ab3dEf7hJk"


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


# --- lengths ----------------------------------------------------------------------------------------


def test_x_counts_the_added_link_as_23_characters_after_a_space() -> None:
    assert text_measure(network="x", text="a" * 256).length == 256 + 1 + 23
    assert not text_measure(network="x", text="a" * 256).over
    assert text_measure(network="x", text="a" * 257).over


def test_x_counts_any_address_in_the_text_as_23_characters_however_long() -> None:
    long_url = "https://www.example.org/" + "x" * 200
    assert text_measure(network="x", text=f"Lisez {long_url}").length == 6 + 23 + 24
    assert text_measure(network="x", text="Voir example.org.").length == 5 + 23 + 1 + 24


def test_x_counts_accented_latin_once_and_cjk_and_emoji_twice() -> None:
    assert x_weighted_length("Été") == 3
    assert x_weighted_length("e\u0301") == 2  # decomposed: two code points of weight 1 (NFC first in measure)
    assert text_measure(network="x", text="e\u0301").length == 1 + 24
    assert x_weighted_length("日本") == 4
    assert x_weighted_length("👍") == 2
    assert x_weighted_length("👩‍💻") == 2  # one emoji sequence
    assert x_weighted_length("“”") == 2  # typographic quotes are light


def test_mastodon_counts_addresses_as_23_and_mentions_without_their_server() -> None:
    text = "Bravo @camille@mastodon.social https://www.example.org/" + "y" * 100
    assert text_measure(network="mastodon", text=text).length == len("Bravo @camille ") + 23 + 24
    assert text_measure(network="mastodon", text="x" * 476).length == 500
    assert text_measure(network="mastodon", text="x" * 477).over


def test_mastodon_counts_bare_domains_at_their_real_length() -> None:
    assert text_measure(network="mastodon", text="example.org").length == 11 + 24


def test_bluesky_counts_graphemes_and_the_link_at_its_real_length(settings) -> None:
    settings.SITE_URL = "https://ambassade.example.org"
    assert share_link_length() == len("https://ambassade.example.org/r/") + 10
    link = share_link_length()
    assert text_measure(network="bluesky", text="👩‍💻 é").length == 3 + 1 + link
    limit_text = "a" * (300 - 1 - link)
    assert not text_measure(network="bluesky", text=limit_text).over
    assert text_measure(network="bluesky", text=limit_text + "a").over


def test_a_longer_site_address_leaves_less_room_on_bluesky(settings) -> None:
    settings.SITE_URL = "https://a.example"
    short = text_measure(network="bluesky", text="hello").length
    settings.SITE_URL = "https://ambassadeurs.region-exemple.example"
    assert text_measure(network="bluesky", text="hello").length > short


def test_linkedin_counts_the_text_only_and_facebook_has_no_limit() -> None:
    assert text_measure(network="linkedin", text="a" * 3000).length == 3000
    assert not text_measure(network="linkedin", text="a" * 3000).over
    assert text_measure(network="linkedin", text="a" * 3001).over
    facebook = text_measure(network="facebook", text="a" * 10_000)
    assert facebook.limit is None and not facebook.over


def test_graphemes_keep_flags_skin_tones_and_combining_marks_together() -> None:
    assert grapheme_count("🇫🇷🇧🇪") == 2
    assert grapheme_count("👍🏽") == 1
    assert grapheme_count("e\u0301a") == 2
    assert grapheme_count("\r\n") == 1
    assert grapheme_count("한국어") == 3
    assert grapheme_count("\u1100\u1161\u11a8") == 1  # a Hangul syllable written as jamo


def test_an_over_long_text_is_refused_with_the_network_and_variant_named() -> None:
    with pytest.raises(ValidationError) as caught:
        text_check(network="x", text="a" * 300, label="X, variant 2 (fr)")
    assert "X, variant 2 (fr)" in caught.value.messages[0]
    assert "280" in caught.value.messages[0] and "324" in caught.value.messages[0]


# --- share-intent addresses ---------------------------------------------------------------------------


def test_the_x_intent_carries_the_text_and_the_link_separately() -> None:
    url = intent_url(network="x", text="Rejoignez-nous & postulez !", link=LINK)
    assert url.startswith("https://x.com/intent/post?")
    assert _query(url) == {"text": ["Rejoignez-nous & postulez !"], "url": [LINK]}
    assert "+" not in url  # spaces are %20, read the same by every network


def test_the_bluesky_intent_puts_the_link_inside_the_text() -> None:
    url = intent_url(network="bluesky", text="Forum de l'emploi", link=LINK)
    assert url.startswith("https://bsky.app/intent/compose?")
    assert _query(url) == {"text": [f"Forum de l'emploi {LINK}"]}


def test_the_mastodon_intent_goes_through_the_ambassadors_own_instance() -> None:
    url = intent_url(network="mastodon", text="Bonjour", link=LINK, instance="camille@piaille.fr")
    assert url.startswith("https://piaille.fr/share?")
    assert _query(url) == {"text": [f"Bonjour {LINK}"]}
    with pytest.raises(ValidationError):
        intent_url(network="mastodon", text="Bonjour", link=LINK, instance="")


def test_linkedin_and_facebook_intents_carry_only_the_link() -> None:
    linkedin = intent_url(network="linkedin", text="ignored", link=LINK)
    assert linkedin.startswith("https://www.linkedin.com/sharing/share-offsite/?")
    assert _query(linkedin) == {"url": [LINK]}
    facebook = intent_url(network="facebook", text="ignored", link=LINK)
    assert facebook.startswith("https://www.facebook.com/sharer/sharer.php?")
    assert _query(facebook) == {"u": [LINK]}


def test_networks_without_a_share_dialog_are_refused() -> None:
    with pytest.raises(ValidationError):
        intent_url(network="instagram", text="x", link=LINK)


@pytest.mark.parametrize(
    ("value", "instance"),
    [
        ("camille@mastodon.social", "mastodon.social"),
        ("@camille@Piaille.FR", "piaille.fr"),
        ("https://mastodon.social/@camille", "mastodon.social"),
        ("social.example.org", "social.example.org"),
        ("camille", ""),
        ("camille@", ""),
        ("camille@evil.example/path?x", ""),
        ("javascript:alert(1)", ""),
        ("", ""),
    ],
)
def test_the_mastodon_instance_is_read_from_a_handle_an_address_or_a_host(value: str, instance: str) -> None:
    assert mastodon_instance(value) == instance


def test_the_default_variant_rotates_between_ambassadors() -> None:
    variants = ["v1", "v2", "v3"]
    offered = {default_variant(variants, ambassador_id=pk, item_id=7) for pk in range(1, 7)}
    assert offered == {"v1", "v2", "v3"}
    assert default_variant(variants, ambassador_id=4, item_id=7) == default_variant(
        variants, ambassador_id=4, item_id=7
    )
    assert default_variant([], ambassador_id=1, item_id=1) is None
