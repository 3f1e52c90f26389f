from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from ambassade.integrations import x_archive_read

RECORDED = Path(__file__).parent / "recorded"


def archive(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    return buffer.getvalue()


def recorded(name: str) -> bytes:
    return (RECORDED / name).read_bytes()


def full_archive() -> bytes:
    return archive(
        {
            "twitter-2024-03-10-abc/data/tweets.js": recorded("tweets.js"),
            "twitter-2024-03-10-abc/data/note-tweet.js": recorded("note-tweet.js"),
            "twitter-2024-03-10-abc/data/account.js": recorded("account.js"),
            "twitter-2024-03-10-abc/data/tweets_media/1765012345678901234-a.jpg": b"\xff\xd8" + b"\0" * 1000,
            "twitter-2024-03-10-abc/Your archive.html": b"<html></html>",
        }
    )


def test_a_zip_archive_gives_its_posts_with_links_restored_and_entities_decoded() -> None:
    stages, reply, long_post = x_archive_read(full_archive(), filename="twitter-2024.zip")
    assert stages.text == (
        "Nos stages sont payés 15 % au-dessus du minimum & ouverts #recrutement https://acme.example/carrieres/stages"
    )
    assert stages.external_id == "1765012345678901234"
    assert stages.url == "https://x.com/AcmeCarrieres/status/1765012345678901234"
    assert (stages.author_handle, stages.platform, stages.venue, stages.lang) == (
        "@AcmeCarrieres",
        "x",
        "x.com",
        "fr",
    )
    assert stages.published_at == datetime(2024, 3, 5, 14, 2, 11, tzinfo=UTC)
    assert reply.text == "@marie_d Bonjour Marie, les réponses arrivent sous 10 jours ouvrés <promis> 🙂"
    assert reply.thread_url == "https://x.com/marie_d/status/1765088888888888888"
    assert long_post.text.endswith("Vos questions sont bienvenues en réponse.")


def test_a_bare_tweets_js_file_is_read_without_the_account_handle() -> None:
    posts = x_archive_read(recorded("tweets.js"), filename="tweets.js")
    assert len(posts) == 3
    assert posts[0].url == "https://x.com/i/web/status/1765012345678901234"
    assert posts[2].text.endswith("un suivi publié chaque…")  # no note-tweet.js: the cut text


def test_the_older_tweet_js_layout_without_wrappers_is_read() -> None:
    (post,) = x_archive_read(archive({"data/tweet.js": recorded("tweet.js")}), filename="old.zip")
    assert post.text == "Premier jour chez Acme, accueil au top ! #onboarding"
    assert post.published_at == datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)


def test_several_parts_are_all_read() -> None:
    part1 = recorded("tweet.js").replace(b"window.YTD.tweet.part0", b"window.YTD.tweets.part1")
    posts = x_archive_read(
        archive({"data/tweets.js": recorded("tweets.js"), "data/tweets-part1.js": part1}), filename="a.zip"
    )
    assert len(posts) == 4


def test_bad_json_is_reported_with_the_file_and_line() -> None:
    broken = recorded("tweets.js").replace(b'"favorite_count" : "3",', b'"favorite_count" : "3" oops', 1)
    with pytest.raises(ValidationError) as caught:
        x_archive_read(archive({"data/tweets.js": broken}), filename="a.zip")
    (message,) = caught.value.message_dict["file"]
    assert message.startswith("a.zip/data/tweets.js: line 51: this is not a valid archive file")


def test_a_post_without_id_names_its_number() -> None:
    data = (
        b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "a"}}, {"tweet": {"text": "b"}}]'
    )
    with pytest.raises(ValidationError) as caught:
        x_archive_read(data, filename="tweets.js")
    assert caught.value.message_dict["file"] == ["tweets.js: post 2 has no id (id_str)."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty.js: the file is empty."),
        (b"PK\x03\x04not really a zip", "empty.js: this zip archive is damaged."),
        (b"\xff\xfe\x00bad", "empty.js: line 1: the file is not UTF-8 text."),
    ],
)
def test_unreadable_files_are_refused_with_a_message(data: bytes, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        x_archive_read(data, filename="uploads/empty.js")
    assert caught.value.message_dict["file"] == [message]


def test_a_zip_without_posts_is_refused() -> None:
    with pytest.raises(ValidationError, match="no data/tweets.js"):
        x_archive_read(archive({"data/like.js": b"window.YTD.like.part0 = []"}), filename="a.zip")


def test_a_compression_bomb_is_refused_before_it_is_read(monkeypatch) -> None:
    monkeypatch.setattr("ambassade.integrations.x.archive.MAX_MEMBER_BYTES", 1_000_000)
    bomb = archive({"data/tweets.js": b"window.YTD.tweets.part0 = [" + b" " * 5_000_000 + b"]"})
    assert len(bomb) < 50_000
    with pytest.raises(ValidationError, match="too large to be read safely"):
        x_archive_read(bomb, filename="bomb.zip")


@pytest.mark.parametrize(
    "content",
    [
        b'window.YTD.tweets.part0 = [{"tweet": ["not", "a", "post"]}]',
        b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "\xc2\xb2", "full_text": "a"}}]',
    ],
)
def test_posts_of_an_unexpected_shape_are_reported_not_a_crash(content: bytes) -> None:
    with pytest.raises(ValidationError) as caught:
        x_archive_read(content, filename="tweets.js")
    assert caught.value.message_dict == {"file": ["tweets.js: post 1 has no id (id_str)."]}


@pytest.mark.parametrize("entities", [b'["x"]', b'{"urls": ["x", 3]}', b'{"urls": {"url": "x"}}'])
def test_links_of_an_unexpected_shape_are_ignored(entities: bytes) -> None:
    content = b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "a", "entities": %s}}]'
    (item,) = x_archive_read(content % entities, filename="tweets.js")
    assert item.text == "a"


def test_long_posts_and_accounts_of_an_unexpected_shape_are_skipped() -> None:
    items = x_archive_read(
        archive(
            {
                "data/tweets.js": b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "7", "text": "Salut"}}]',
                "data/note-tweet.js": b'window.YTD.note_tweet.part0 = [{"noteTweet": {"core": ["x"]}}, 3]',
                "data/account.js": b'window.YTD.account.part0 = [{"account": "me"}, []]',
            }
        ),
        filename="x.zip",
    )
    assert [(item.external_id, item.text, item.author_handle) for item in items] == [("7", "Salut", "")]


def test_deeply_nested_json_is_reported_with_the_file_not_a_crash() -> None:
    with pytest.raises(ValidationError) as caught:
        x_archive_read(b"window.YTD.tweets.part0 = " + b"[" * 100_000, filename="tweets.js")
    assert caught.value.message_dict["file"][0].startswith("tweets.js: ")
