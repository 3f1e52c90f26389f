from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from ambassade.integrations import connector_get
from ambassade.integrations.feed import feed_parse, link_unwrap
from ambassade.lib.safe_http import FetchError, RecordedHttpClient

RECORDED = Path(__file__).parent / "recorded"
ALERTS = "https://www.google.com/alerts/feeds/06593958132395578394/11478310128871025617"


@pytest.fixture
def http() -> RecordedHttpClient:
    return RecordedHttpClient.from_file(RECORDED / "exchanges.json")


def fetch(http: RecordedHttpClient, url: str, state: dict[str, str] | None = None):
    return connector_get("feed").fetch(config={"url": url}, state=state or {}, http=http)


def test_a_google_alerts_atom_feed_gives_its_entries_with_the_real_links(http) -> None:
    result = fetch(http, ALERTS)
    first, second = result.items
    assert first.external_id == "tag:google.com,2013:googlealerts/feed:10447402331282612251"
    assert first.url == "https://www.journal.example/economie/acme-ouvre-200-postes-123.html"
    assert first.venue == "journal.example"
    assert first.title == "Acme ouvre 200 postes : le recrutement reprend en Île-de-France"
    assert first.text.startswith("Le groupe Acme annonce l'ouverture de 200 postes en CDI.")
    assert "alert(1)" not in first.text
    assert first.published_at == datetime(2026, 3, 14, 8, 45, tzinfo=UTC)
    assert first.platform == "web"
    assert second.venue == "forum.example.org"
    assert (result.etag, result.last_modified) == ('"ga-7731"', "Sat, 14 Mar 2026 09:12:03 GMT")


def test_an_unchanged_feed_is_asked_conditionally_and_answers_not_modified(http) -> None:
    fetch(http, ALERTS)
    result = fetch(http, ALERTS, {"etag": '"ga-7731"', "last_modified": "Sat, 14 Mar 2026 09:12:03 GMT"})
    assert result.not_modified
    assert result.items == []
    assert result.etag == '"ga-7731"'
    asked = http.requests[1].headers
    assert asked["If-None-Match"] == '"ga-7731"'
    assert asked["If-Modified-Since"] == "Sat, 14 Mar 2026 09:12:03 GMT"


def test_an_rss_feed_in_windows_1252_keeps_its_odd_characters(http) -> None:
    first, second = fetch(http, "https://blog-rh.example.fr/feed").items
    assert first.title == "Salaires 2026 : +3 % chez Acme… et 1 500 € de prime ?"
    assert first.text == (
        "L’accord signé prévoit une hausse de 3 % — « enfin ! » disent les équipes.\n\n"
        "Les stagiaires ne sont pas concernés voir."
    )
    assert first.author_name == "Élodie Lœuvre"
    assert first.external_id == "blog-rh-2026-0314"
    assert first.lang == "fr"
    assert first.published_at == datetime(2026, 3, 14, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert second.external_id == "https://blog-rh.example.fr/2026/03/teletravail"  # no guid: the link


def test_an_rdf_feed_whose_encoding_is_only_in_the_http_header_is_decoded(http) -> None:
    (item,) = fetch(http, "https://forum-emploi.example.com/rss").items
    assert item.title == "Période d'essai renouvelée sans préavis ?"
    assert item.text.startswith("Mon employeur a renouvelé ma période d'essai")
    assert item.author_name == "Stéphane"
    assert item.venue == "forum-emploi.example.com"


def test_scripts_and_javascript_links_never_survive() -> None:
    body = (
        b'<rss version="2.0"><channel><title>t</title><item><guid>1</guid>'
        b"<title>&lt;img src=x onerror=alert(1)&gt;Hi</title>"
        b"<link>javascript:alert(1)</link>"
        b"<description>&lt;script&gt;alert(2)&lt;/script&gt;&lt;b onclick=x()&gt;Bold&lt;/b&gt;</description>"
        b"</item></channel></rss>"
    )
    (item,) = feed_parse(body, headers={"content-type": "application/rss+xml"}, url="https://e.example/rss")
    assert (item.title, item.text, item.url) == ("Hi", "Bold", "")


def test_a_page_that_is_not_a_feed_is_refused() -> None:
    with pytest.raises(FetchError) as caught:
        feed_parse(
            b"just some text, no markup", headers={"content-type": "text/plain"}, url="https://e.example/"
        )
    assert caught.value.code == "not_a_feed"


def test_google_alert_links_are_unwrapped_and_others_left_alone() -> None:
    wrapped = "https://www.google.com/url?rct=j&sa=t&url=https://news.example/a%3Fb%3D1&ct=ga"
    assert link_unwrap(wrapped) == "https://news.example/a?b=1"
    assert link_unwrap("https://www.google.com/url?url=javascript:alert(1)") == (
        "https://www.google.com/url?url=javascript:alert(1)"
    )
    assert link_unwrap("https://news.example/x") == "https://news.example/x"


def test_the_feed_address_is_checked_when_the_source_is_saved() -> None:
    connector = connector_get("feed")
    assert connector.config_validate({"url": " https://blog.example/feed "}) == {
        "url": "https://blog.example/feed"
    }
    with pytest.raises(ValidationError) as caught:
        connector.config_validate({"url": "http://169.254.169.254/latest"})
    assert "metadata" in caught.value.message_dict["url"][0]


def test_external_entities_are_never_read() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>t</title><item><guid>1</guid>'
        b"<title>a &xxe; b</title><description>text</description></item></channel></rss>"
    )
    (item,) = feed_parse(body, headers={"content-type": "application/rss+xml"}, url="https://e.example/rss")
    assert "root" not in item.title


def test_a_feed_cannot_read_local_files_through_external_entities() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>t</title><item><title>x&xxe;</title>'
        b"<description>y &xxe;</description></item></channel></rss>"
    )
    (item,) = feed_parse(body, headers={"content-type": "application/rss+xml"}, url="https://e.org/rss")
    assert "root:" not in item.title + item.text


def test_a_billion_laughs_feed_is_not_expanded() -> None:
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{level} "' + f"&l{level - 1};" * 10 + '">' for level in range(1, 10)
    )
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel><title>t</title>'
        "<item><title>x</title><description>&l9;</description></item></channel></rss>"
    ).encode()
    (item,) = feed_parse(body, headers={"content-type": "application/rss+xml"}, url="https://e.org/rss")
    assert len(item.text) < 1000


def test_an_answer_naming_a_local_file_is_not_read_from_the_disk(tmp_path) -> None:
    """feedparser opens its argument as a path when it can: the answer must reach it as a stream."""
    secret = tmp_path / "secret.xml"
    secret.write_text(
        '<rss version="2.0"><channel><title>t</title>'
        "<item><title>SECRET</title><description>from the disk</description></item></channel></rss>"
    )
    for body in (str(secret).encode(), b"/dev/zero"):
        with pytest.raises(FetchError) as caught:
            feed_parse(body, headers={"content-type": "application/rss+xml"}, url="https://evil.example/feed")
        assert caught.value.message == "https://evil.example/feed is not an RSS or Atom feed."
