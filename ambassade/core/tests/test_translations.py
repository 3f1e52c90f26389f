"""French first: the catalogue is complete, and the compiled file in the repository matches it."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES"
ENTRY = re.compile(r'^(#, [^\n]*\n)?(?:#\|[^\n]*\n)*(?:msgctxt ((?:"[^\n]*"\n)+))?'
                   r'msgid ((?:"[^\n]*"\n)+)(?:msgid_plural (?:"[^\n]*"\n)+)?'
                   r'((?:msgstr(?:\[\d\])? (?:"[^\n]*"\n)+)+)', re.M)  # fmt: skip
Entry = tuple[str, str | None, str, list[str]]  # flags, context, msgid, translations


def _unquote(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).encode().decode("unicode_escape").encode(
        "latin-1").decode("utf-8")  # fmt: skip


def _entries() -> list[Entry]:
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    found = []
    for match in ENTRY.finditer(text):
        flags, context, msgid = match.group(1) or "", match.group(2), _unquote(match.group(3))
        parts = re.split(r"^msgstr(?:\[\d\])? ", match.group(4), flags=re.M)[1:]
        translations = [_unquote(part) for part in parts]
        if msgid:
            found.append((flags, _unquote(context) if context else None, msgid, translations))
    return found


def test_every_message_has_a_french_translation() -> None:
    entries = _entries()
    assert len(entries) > 400
    assert [msgid for _, _, msgid, strs in entries if not all(strs)] == []


def test_no_translation_is_left_fuzzy() -> None:
    assert [msgid for flags, _, msgid, _ in _entries() if "fuzzy" in flags] == []


def test_the_compiled_catalogue_matches_the_sources() -> None:
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    def compiled_text(context: str | None, msgid: str) -> str:
        return catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)

    stale = [msgid for flags, context, msgid, strs in _entries() if "msgid_plural" not in flags
             and len(strs) == 1 and compiled_text(context, msgid) != strs[0]]  # fmt: skip
    assert stale == [], "run `make messages` to compile the French catalogue"
