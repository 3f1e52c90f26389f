"""X (Twitter) archives: the zip downloaded from the account's settings, or one of its .js files.

Posts are in ``data/tweets.js`` (``window.YTD.tweets.part0 = [{"tweet": {...}}, ...]``), then
``data/tweets-part1.js``…, or ``data/tweet.js`` in archives before 2020 (entries without the
``"tweet"`` wrapper). Counts are strings, dates look like ``Wed Oct 10 20:19:24 +0000 2018``, the text
is HTML-escaped and its links are t.co addresses (restored from ``entities.urls``). Posts longer than
280 characters are cut in tweets.js and given whole in ``data/note-tweet.js``, joined to their post by
``noteTweetId`` when the post names it, else by creation time (within a minute) and text prefix.
``data/account.js`` gives the account's handle for the posts' addresses.

The archive is a zip from the outside: its members' sizes are checked before anything is read
(media files are never read), and reading stops at the sizes announced.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ambassade.integrations.base import FetchedItem, clip, http_url, lang_code, moment_plausible
from ambassade.integrations.html import text_tidy

__all__ = ["MAX_ARCHIVE_BYTES", "MAX_MEMBER_BYTES", "x_archive_read"]

MEGABYTE = 1024 * 1024
MAX_ARCHIVE_BYTES = 2048 * MEGABYTE  # the zip itself (media included)
MAX_MEMBER_BYTES = 300 * MEGABYTE  # one .js file once uncompressed
MAX_READ_BYTES = 600 * MEGABYTE  # all the .js files read
MAX_RATIO = 100
MAX_MEMBERS = 200_000
MAX_POSTS = 500_000
_PREFIX = re.compile(r"^\s*window\.YTD\.(?P<name>[A-Za-z0-9_]+)\.part(?P<part>\d+)\s*=\s*")
_TWEETS = re.compile(r"^(tweets?)(-part\d+)?\.js$")
_NOTES = re.compile(r"^note-tweet(-part\d+)?\.js$")
_ACCOUNT = re.compile(r"^account\.js$")
_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")
TWITTER_DATE = "%a %b %d %H:%M:%S %z %Y"


@dataclass
class _Note:
    id: str
    text: str
    created: datetime | None


def _error(filename: str, message: str) -> ValidationError:
    return ValidationError({"file": f"{filename}: {message}"})


def _js_entries(text: str, *, filename: str) -> list[Any]:
    """The JSON array of a ``window.YTD.<name>.partN = [...]`` file (or a bare JSON array)."""
    match = _PREFIX.match(text)
    body = " " * match.end() + text[match.end() :] if match else text  # keep columns for error positions
    try:
        entries = json.loads(body)
    except json.JSONDecodeError as error:
        raise _error(
            filename,
            _("line %(line)s: this is not a valid archive file (%(reason)s).")
            % {"line": error.lineno, "reason": error.msg},
        ) from error
    except RecursionError as error:
        raise _error(filename, _("this file nests its data too deeply to be read.")) from error
    if not isinstance(entries, list):
        raise _error(filename, _("line 1: a list of posts was expected."))
    return entries


def _mapping(value: object, key: str = "") -> Mapping[str, Any]:
    """``value[key]`` (or ``value``) if it is a JSON object, else ``{}``: archives come from outside."""
    if key and isinstance(value, dict):
        value = value.get(key, value)
    return value if isinstance(value, dict) else {}


def _digits(value: object) -> str:
    text = str(value or "")
    return text if text.isascii() and text.isdigit() else ""


def _decode(data: bytes, *, filename: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _error(filename, _("line %(line)s: the file is not UTF-8 text.") % {"line": line}) from error


def _when(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return moment_plausible(datetime.strptime(value, TWITTER_DATE))
    except ValueError:
        try:
            return moment_plausible(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return None


def _text(tweet: Mapping[str, Any]) -> str:
    text = str(tweet.get("full_text") or tweet.get("text") or "")
    links = _mapping(tweet.get("entities")).get("urls")
    for link in links if isinstance(links, list) else []:
        link = _mapping(link)
        short, expanded = link.get("url"), http_url(link.get("expanded_url"))
        if isinstance(short, str) and short and expanded:
            text = text.replace(short, expanded)
    return text_tidy(html.unescape(text))


def _prefix_key(text: str) -> str:
    """The start of a cut post, without its ellipsis and trailing link, to compare with a note."""
    text = re.sub(r"\s*https://t\.co/\S+\s*$", "", text)
    text = text.rstrip("…. \n")
    return " ".join(text.split())[:200]


def _note_for(tweet: Mapping[str, Any], text: str, when: datetime | None, notes: list[_Note]) -> _Note | None:
    named = str(tweet.get("note_tweet_id") or _mapping(tweet.get("note_tweet")).get("note_tweet_id") or "")
    for note in notes:
        if named and note.id == named:
            return note
    prefix = _prefix_key(text)
    if len(prefix) < 20:
        return None
    for note in notes:
        close = when is None or note.created is None or abs((note.created - when).total_seconds()) <= 60
        if close and " ".join(note.text.split()).startswith(prefix):
            return note
    return None


def _tweet_item(entry: Any, *, handle: str, notes: list[_Note], filename: str, number: int) -> FetchedItem:
    tweet = _mapping(entry, "tweet")
    post_id = _digits(tweet.get("id_str") or tweet.get("id"))
    if not post_id:
        raise _error(filename, _("post %(number)s has no id (id_str).") % {"number": number})
    text = _text(tweet)
    when = _when(tweet.get("created_at"))
    note = _note_for(tweet, text, when, notes) if notes else None
    if note is not None:
        text = note.text
    reply_to, reply_name = (
        _digits(tweet.get("in_reply_to_status_id_str")),
        tweet.get("in_reply_to_screen_name"),
    )
    thread = ""
    if reply_to:
        who = reply_name if _HANDLE.match(str(reply_name or "")) else "i/web"
        thread = f"https://x.com/{who}/status/{reply_to}"
    return FetchedItem(
        external_id=post_id,
        url=f"https://x.com/{handle}/status/{post_id}" if handle else f"https://x.com/i/web/status/{post_id}",
        text=clip(text),
        published_at=when,
        author_name=handle,
        author_handle=f"@{handle}" if handle else "",
        author_url=f"https://x.com/{handle}" if handle else "",
        platform="x",
        venue="x.com",
        thread_url=thread,
        lang=lang_code(tweet.get("lang")),
    )


def _notes(entries: list[Any]) -> list[_Note]:
    notes = []
    for entry in entries:
        note = _mapping(entry, "noteTweet")
        core = _mapping(note.get("core"))
        text = text_tidy(html.unescape(str(core.get("text") or "")))
        if text:
            notes.append(_Note(str(note.get("noteTweetId") or ""), text, _when(note.get("createdAt"))))
    return notes


def _handle(entries: list[Any]) -> str:
    for entry in entries:
        account = _mapping(entry, "account")
        username = str(account.get("username") or "")
        if _HANDLE.match(username):
            return username
    return ""


def _items(
    files: list[tuple[str, str]], notes_files: list[tuple[str, str]], handle: str
) -> list[FetchedItem]:
    notes = [note for name, text in notes_files for note in _notes(_js_entries(text, filename=name))]
    items: list[FetchedItem] = []
    for name, text in files:
        for number, entry in enumerate(_js_entries(text, filename=name), start=1):
            items.append(_tweet_item(entry, handle=handle, notes=notes, filename=name, number=number))
            if len(items) > MAX_POSTS:
                raise _error(name, _("the archive has more than %(max)s posts.") % {"max": MAX_POSTS})
    return items


# --------------------------------------------------------------------------
# The zip
# --------------------------------------------------------------------------


def _members(archive: zipfile.ZipFile) -> Iterator[tuple[str, zipfile.ZipInfo]]:
    for info in archive.infolist():
        if not info.is_dir():
            yield PurePosixPath(info.filename).name, info


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, filename: str) -> str:
    name = f"{filename}/{info.filename}"
    if info.file_size > MAX_MEMBER_BYTES or (
        info.compress_size and info.file_size > MEGABYTE and info.file_size / info.compress_size > MAX_RATIO
    ):
        raise _error(name, _("this file is too large to be read safely."))
    with archive.open(info) as member:
        data = member.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise _error(name, _("this file is larger than announced."))
    return _decode(data, filename=name)


def _read_zip(data: bytes, *, filename: str) -> list[FetchedItem]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _error(filename, _("this zip archive is damaged.")) from error
    if len(infos) > MAX_MEMBERS:
        raise _error(filename, _("the archive holds too many files."))
    wanted = [
        (base, info)
        for base, info in _members(archive)
        if _TWEETS.match(base) or _NOTES.match(base) or _ACCOUNT.match(base)
    ]
    if sum(info.file_size for _base, info in wanted) > MAX_READ_BYTES:
        raise _error(filename, _("the archive's posts are too large to be read safely."))
    texts: dict[str, list[tuple[str, str]]] = {"tweets": [], "notes": [], "account": []}
    try:
        for base, info in sorted(wanted, key=lambda pair: pair[1].filename):
            kind = "notes" if _NOTES.match(base) else "account" if _ACCOUNT.match(base) else "tweets"
            texts[kind].append(
                (f"{filename}/{info.filename}", _read_member(archive, info, filename=filename))
            )
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
        raise _error(filename, _("this zip archive is damaged.")) from error
    if not texts["tweets"]:
        raise _error(filename, _("no data/tweets.js in this archive: is it an X (Twitter) archive?"))
    handle = next((_handle(_js_entries(text, filename=name)) for name, text in texts["account"]), "")
    return _items(texts["tweets"], texts["notes"], handle)


def x_archive_read(data: bytes, *, filename: str) -> list[FetchedItem]:
    """The posts of an X archive (zip, tweets.js, tweet.js); ValidationError naming the file and line."""
    filename = PurePosixPath(filename or "archive").name
    if len(data) > MAX_ARCHIVE_BYTES:
        raise _error(filename, _("the file is too large."))
    if not data.strip():
        raise _error(filename, _("the file is empty."))
    if data[:4] == b"PK\x03\x04":
        return _read_zip(data, filename=filename)
    if len(data) > MAX_MEMBER_BYTES:
        raise _error(filename, _("the file is too large."))
    text = _decode(data, filename=filename)
    match = _PREFIX.match(text)
    if match and match["name"] in ("note_tweet",):
        raise _error(filename, _("this file holds long posts only: import tweets.js or the whole archive."))
    return _items([(filename, text)], [], "")
