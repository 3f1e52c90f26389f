"""How each network counts a post's length, and the share-intent addresses that open its share dialog.

Nothing here talks to a network: an intent address only opens the network's own dialog in the person's
browser, prefilled; they post it themselves, signed in as usual. No password or token is ever needed.

How the text and the ambassador's link travel, per network:

| network  | dialog                                   | text      | link         | limit (link counted)      |
|----------|------------------------------------------|-----------|--------------|---------------------------|
| X        | x.com/intent/post?text=&url=             | prefilled | `url`, after | 280 weighted, any URL 23  |
| Bluesky  | bsky.app/intent/compose?text=            | prefilled | in the text  | 300 graphemes, full length|
| Mastodon | <their instance>/share?text=             | prefilled | in the text  | 500 graphemes, URL 23     |
| LinkedIn | linkedin.com/sharing/share-offsite/?url= | clipboard | `url`        | 3,000 characters (text)   |
| Facebook | facebook.com/sharer/sharer.php?u=        | clipboard | `u`          | none                      |
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ambassade.ambassadors.models import Network
from ambassade.links.services import CODE_LENGTH

# --- length limits -------------------------------------------------------------------------------

LIMITS: dict[str, int | None] = {
    Network.X: 280,
    Network.BLUESKY: 300,
    Network.MASTODON: 500,
    Network.LINKEDIN: 3000,
    Network.FACEBOOK: None,  # the sharer takes no text at all: the person pastes their own
}
SHORTENED_URL_LENGTH = 23  # X's t.co and Mastodon both count any address as 23 characters
OWN_TEXT_MAX = 3000  # whatever the network, an own text is never longer than this

# Networks whose dialog ignores a prefilled text: the text is copied to the clipboard first.
CLIPBOARD_NETWORKS = frozenset({Network.LINKEDIN, Network.FACEBOOK})
# Networks where the link is written inside the text (the others get it as a separate parameter).
LINK_IN_TEXT = frozenset({Network.BLUESKY, Network.MASTODON})

# Addresses as X finds them: with a scheme, starting with www., or a bare domain of a common TLD.
_URL_WITH_SCHEME = r"https?://[^\s<>\"]+"
_URL_ANY = (
    _URL_WITH_SCHEME + r"|\bwww\.[^\s<>\"]+"
    r"|\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
    r"(?:com|org|net|fr|eu|io|be|ch|de|uk|es|it|info|jobs|app|dev|co|me|gouv\.fr)\b(?:/[^\s<>\"]*)?"
)
URL_ANY = re.compile(_URL_ANY, re.IGNORECASE)
URL_WITH_SCHEME = re.compile(_URL_WITH_SCHEME, re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\"»"
# @user@instance counts as @user on Mastodon.
MASTODON_MENTION = re.compile(r"(?<![\w@])@(\w+)@[\w.-]+\w")


def share_link_length() -> int:
    """The length of an ambassador's short link: SITE_URL + "/r/" + a 10-character code."""
    return len(settings.SITE_URL) + len("/r/") + CODE_LENGTH


def _urls_replaced(text: str, pattern: re.Pattern[str], placeholder: str) -> str:
    def replace(match: re.Match[str]) -> str:
        url = match.group(0)
        stripped = url.rstrip(_TRAILING)
        return placeholder + url[len(stripped) :]

    return pattern.sub(replace, text)


@dataclass(frozen=True)
class Measure:
    network: str
    length: int
    limit: int | None

    @property
    def over(self) -> bool:
        return self.limit is not None and self.length > self.limit


def text_measure(*, network: str, text: str, link_length: int | None = None) -> Measure:
    """The post's length as the network counts it, the ambassador's link included where it is part of
    the post (X adds it after the text; Bluesky and Mastodon get it inside the text)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    limit = LIMITS.get(network)
    if network == Network.X:
        counted = _urls_replaced(text, URL_ANY, "x" * SHORTENED_URL_LENGTH)
        length = x_weighted_length(counted) + 1 + SHORTENED_URL_LENGTH
    elif network == Network.MASTODON:
        counted = _urls_replaced(text, URL_WITH_SCHEME, "x" * SHORTENED_URL_LENGTH)
        counted = MASTODON_MENTION.sub(r"@\1", counted)
        length = grapheme_count(counted) + 1 + SHORTENED_URL_LENGTH
    elif network == Network.BLUESKY:
        link = share_link_length() if link_length is None else link_length
        length = grapheme_count(text) + 1 + link
    else:  # LinkedIn gets the link as a separate parameter; Facebook takes no text
        length = len(text)
    return Measure(network=network, length=length, limit=limit)


def text_check(*, network: str, text: str, label: str) -> None:
    """A ValidationError naming `label` (e.g. "X, variant 2 (fr)") when the post is too long."""
    measure = text_measure(network=network, text=text)
    if measure.over:
        raise ValidationError(
            _("%(label)s: %(length)s characters as the network counts them, %(limit)s at most.")
            % {"label": label, "length": measure.length, "limit": measure.limit}
        )


# --- counting as X counts (twitter-text v3: weighted code points, emoji count 2) -----------------

_X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))


def _is_emoji_cluster(cluster: str) -> bool:
    return "\ufe0f" in cluster or any(ord(c) >= 0x1F000 or 0x2600 <= ord(c) <= 0x27BF for c in cluster)


def x_weighted_length(text: str) -> int:
    """Latin, Greek, Cyrillic, Hebrew, Arabic... count 1; CJK and other scripts 2; an emoji 2."""
    total = 0
    for cluster in graphemes(text):
        if _is_emoji_cluster(cluster):
            total += 2
            continue
        for char in cluster:
            code = ord(char)
            light = any(low <= code <= high for low, high in _X_LIGHT_RANGES)
            total += 1 if light else 2
    return total


# --- user-perceived characters (a simplified UAX #29: enough for posts) ---------------------------


def _is_extend(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0xE0020 <= code <= 0xE007F  # tags (subdivision flags)
        or 0xFE00 <= code <= 0xFE0F
        or code == 0x200D
    )


def _is_regional_indicator(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _hangul(char: str) -> str:
    code = ord(char)
    if 0x1100 <= code <= 0x115F or 0xA960 <= code <= 0xA97F:
        return "L"
    if 0x1160 <= code <= 0x11A7 or 0xD7B0 <= code <= 0xD7C6:
        return "V"
    if 0x11A8 <= code <= 0x11FF or 0xD7CB <= code <= 0xD7FB:
        return "T"
    if 0xAC00 <= code <= 0xD7A3:
        return "LV" if (code - 0xAC00) % 28 == 0 else "LVT"
    return ""


def _joins(previous: str, char: str, cluster: str) -> bool:
    if previous == "\r" and char == "\n":
        return True
    if _is_extend(char):
        return True
    if previous == "\u200d":  # zero-width joiner: an emoji sequence goes on
        return True
    if _is_regional_indicator(char) and _is_regional_indicator(previous):
        pairs = sum(1 for c in cluster if _is_regional_indicator(c))
        return pairs % 2 == 1
    before, after = _hangul(previous), _hangul(char)
    if before == "L" and after in ("L", "V", "LV", "LVT"):
        return True
    if before in ("LV", "V") and after in ("V", "T"):
        return True
    return before in ("LVT", "T") and after == "T"


def graphemes(text: str) -> Iterator[str]:
    cluster = ""
    for char in text:
        if cluster and _joins(cluster[-1], char, cluster):
            cluster += char
            continue
        if cluster:
            yield cluster
        cluster = char
    if cluster:
        yield cluster


def grapheme_count(text: str) -> int:
    return sum(1 for _cluster in graphemes(text))


# --- share-intent addresses ------------------------------------------------------------------------

_HOST = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$")


def mastodon_instance(value: str) -> str:
    """The instance host from a handle (user@instance, @user@instance), a profile address
    (https://instance/@user) or a bare host; "" when it is none of these."""
    value = (value or "").strip().lower()
    if value.startswith(("http://", "https://")):
        host = urlsplit(value).hostname or ""
    elif "@" in value:
        host = value.rsplit("@", 1)[1]
    else:
        host = value.split("/", 1)[0]
    host = host.strip().rstrip(".")
    return host if _HOST.match(host) else ""


def _query(**params: str) -> str:
    return urlencode(params, quote_via=quote)


def intent_url(*, network: str, text: str, link: str, instance: str = "") -> str:
    """The address that opens `network`'s share dialog with `text` and `link`."""
    text = text.strip()
    if network == Network.X:
        return "https://x.com/intent/post?" + _query(text=text, url=link)
    if network == Network.BLUESKY:
        return "https://bsky.app/intent/compose?" + _query(text=f"{text} {link}".strip())
    if network == Network.MASTODON:
        host = mastodon_instance(instance)
        if not host:
            raise ValidationError({"instance": _("Enter your Mastodon server, for example mastodon.social.")})
        return f"https://{host}/share?" + _query(text=f"{text} {link}".strip())
    if network == Network.LINKEDIN:
        return "https://www.linkedin.com/sharing/share-offsite/?" + _query(url=link)
    if network == Network.FACEBOOK:
        return "https://www.facebook.com/sharer/sharer.php?" + _query(u=link)
    raise ValidationError({"network": _("This network has no share dialog.")})


T = TypeVar("T")


def default_variant(variants: Sequence[T], *, ambassador_id: int, item_id: int) -> T | None:
    """The variant offered first to this ambassador: rotated per ambassador (and per item), so that
    colleagues sharing the same item do not all post the same words."""
    if not variants:
        return None
    return variants[(ambassador_id + item_id) % len(variants)]
