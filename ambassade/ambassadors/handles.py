"""Social accounts as people type them: checked, then stored in one canonical form per network.

    LinkedIn   https://www.linkedin.com/in/<name>/     (a profile address, linkedin.com/in/…)
    X          @name                                   (1–15 letters, digits or _)
    Mastodon   @user@instance.tld                      (also from https://instance.tld/@user)
    Bluesky    name.bsky.social                        (a domain-like handle, also a custom domain)
    Facebook   https://www.facebook.com/<name>         (or …/profile.php?id=<digits>)
    Instagram  @name                                   (1–30 letters, digits, . or _)
    YouTube    @handle, or https://www.youtube.com/channel/UC…

Addresses are accepted with or without https:// and www.; a handle may be typed with or without @.
Every refusal names the network (the field) and shows an example of what is expected.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ambassade.ambassadors.models import Network

MAX_LENGTH = 300

_X_NAME = re.compile(r"[A-Za-z0-9_]{1,15}")
_INSTAGRAM_NAME = re.compile(r"(?!.*\.\.)[A-Za-z0-9._]{1,30}")
_FACEBOOK_NAME = re.compile(r"[A-Za-z0-9.]{5,50}")
_MASTODON_USER = re.compile(r"[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*")
_YOUTUBE_HANDLE = re.compile(r"[A-Za-z0-9._-]{3,30}")
_YOUTUBE_CHANNEL = re.compile(r"UC[A-Za-z0-9_-]{22}")
_LINKEDIN_SLUG = re.compile(r"[\w%-]{3,100}")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"(?:{_LABEL}\.)+[a-z](?:[a-z0-9-]{{0,61}}[a-z0-9])?")

# Reserved first path segments that are pages, not profiles.
_X_RESERVED = {"home", "explore", "search", "settings", "messages", "notifications", "i", "intent", "share"}
_FACEBOOK_RESERVED = {"groups", "pages", "events", "sharer", "sharer.php", "watch", "login", "home.php"}


def handle_clean(*, network: str, value: str) -> str:
    """The canonical form of `value` for `network`, or a ValidationError naming the network."""
    if network not in Network.values:
        raise ValidationError(_("Unknown network."), code="network")
    text = (value or "").strip()
    if not text:
        raise ValidationError(
            _("%(network)s: enter your profile.") % {"network": Network(network).label}, code="required"
        )
    if len(text) > MAX_LENGTH or any(char.isspace() for char in text):
        raise _invalid(network)
    cleaner = _CLEANERS[Network(network)]
    cleaned = cleaner(text)
    if cleaned is None:
        raise _invalid(network)
    return cleaned


def handle_url(*, network: str, handle: str) -> str:
    """The address of the profile page of a cleaned handle."""
    if network == Network.X:
        return f"https://x.com/{handle.lstrip('@')}"
    if network == Network.MASTODON:
        user, _at, host = handle.lstrip("@").partition("@")
        return f"https://{host}/@{user}"
    if network == Network.BLUESKY:
        return f"https://bsky.app/profile/{handle}"
    if network == Network.INSTAGRAM:
        return f"https://www.instagram.com/{handle.lstrip('@')}/"
    if network == Network.YOUTUBE and handle.startswith("@"):
        return f"https://www.youtube.com/{handle}"
    return handle


def mastodon_instance(handle: str) -> str:
    """The instance of a cleaned Mastodon handle (@user@instance → instance)."""
    return handle.lstrip("@").partition("@")[2]


def _invalid(network: str) -> ValidationError:
    examples = {
        Network.LINKEDIN: _(
            "LinkedIn: enter the address of your profile, like https://www.linkedin.com/in/your-name."
        ),
        Network.X: _(
            "X: enter your handle, like @your_name (1 to 15 letters, digits or underscores), "
            "or the address of your profile."
        ),
        Network.MASTODON: _(
            "Mastodon: enter your full handle with its instance, like @your_name@mastodon.social."
        ),
        Network.BLUESKY: _(
            "Bluesky: enter your handle, like your-name.bsky.social (or your own domain name)."
        ),
        Network.FACEBOOK: _(
            "Facebook: enter the address of your profile, like https://www.facebook.com/your.name."
        ),
        Network.INSTAGRAM: _(
            "Instagram: enter your handle, like @your.name (up to 30 letters, digits, dots or "
            "underscores), or the address of your profile."
        ),
        Network.YOUTUBE: _("YouTube: enter your handle, like @your-channel, or the address of your channel."),
    }
    return ValidationError(examples[Network(network)], code="invalid")


def _split_url(text: str, hosts: tuple[str, ...]) -> tuple[list[str], str] | None:
    """The path segments and query of an address on one of `hosts` (with or without scheme and www.)."""
    candidate = text if "://" in text else f"https://{text}"
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    if not any(host == allowed or host.endswith(f".{allowed}") for allowed in hosts):
        return None
    return [segment for segment in parts.path.split("/") if segment], parts.query


def _looks_like_url(text: str) -> bool:
    return "://" in text or "/" in text


def _linkedin(text: str) -> str | None:
    split = _split_url(text, ("linkedin.com",))
    if split is None:
        return None
    segments, _query = split
    if len(segments) < 2 or segments[0].lower() != "in" or not _LINKEDIN_SLUG.fullmatch(segments[1]):
        return None
    return f"https://www.linkedin.com/in/{segments[1]}/"


def _x(text: str) -> str | None:
    if _looks_like_url(text):
        split = _split_url(text, ("x.com", "twitter.com"))
        if split is None or not split[0]:
            return None
        name = split[0][0]
        if name.lower() in _X_RESERVED:
            return None
    else:
        name = text[1:] if text.startswith("@") else text
    return f"@{name}" if _X_NAME.fullmatch(name) else None


def _mastodon(text: str) -> str | None:
    if _looks_like_url(text):
        candidate = text if "://" in text else f"https://{text}"
        try:
            parts = urlsplit(candidate)
        except ValueError:
            return None
        segments = [segment for segment in parts.path.split("/") if segment]
        if not segments or not segments[0].startswith("@"):
            return None
        user, host = segments[0][1:], (parts.hostname or "")
    else:
        user, separator, host = (text[1:] if text.startswith("@") else text).partition("@")
        if not separator:
            return None
    host = host.lower()
    if not _MASTODON_USER.fullmatch(user) or len(user) > 30 or not _DOMAIN.fullmatch(host) or len(host) > 253:
        return None
    return f"@{user}@{host}"


def _bluesky(text: str) -> str | None:
    if _looks_like_url(text):
        split = _split_url(text, ("bsky.app",))
        if split is None or len(split[0]) < 2 or split[0][0] != "profile":
            return None
        handle = split[0][1]
    else:
        handle = text[1:] if text.startswith("@") else text
    handle = handle.lower()
    if len(handle) > 253 or not _DOMAIN.fullmatch(handle):
        return None
    return handle


def _facebook(text: str) -> str | None:
    if _looks_like_url(text):
        split = _split_url(text, ("facebook.com", "fb.com"))
        if split is None or not split[0]:
            return None
        segments, query = split
        if segments[0] == "profile.php":
            profile_id = parse_qs(query).get("id", [""])[0]
            return f"https://www.facebook.com/profile.php?id={profile_id}" if profile_id.isdigit() else None
        name = segments[0]
        if name.lower() in _FACEBOOK_RESERVED:
            return None
    else:
        name = text[1:] if text.startswith("@") else text
    return f"https://www.facebook.com/{name}" if _FACEBOOK_NAME.fullmatch(name) else None


def _instagram(text: str) -> str | None:
    if _looks_like_url(text):
        split = _split_url(text, ("instagram.com",))
        if split is None or not split[0]:
            return None
        name = split[0][0]
    else:
        name = text[1:] if text.startswith("@") else text
    if not _INSTAGRAM_NAME.fullmatch(name) or name.startswith(".") or name.endswith("."):
        return None
    return f"@{name.lower()}"


def _youtube(text: str) -> str | None:
    if not _looks_like_url(text):
        handle = text[1:] if text.startswith("@") else text
        return f"@{handle}" if _YOUTUBE_HANDLE.fullmatch(handle) else None
    split = _split_url(text, ("youtube.com",))
    if split is None or not split[0]:
        return None
    segments = split[0]
    if segments[0].startswith("@"):
        handle = segments[0][1:]
        return f"@{handle}" if _YOUTUBE_HANDLE.fullmatch(handle) else None
    if len(segments) >= 2 and segments[0] == "channel" and _YOUTUBE_CHANNEL.fullmatch(segments[1]):
        return f"https://www.youtube.com/channel/{segments[1]}"
    if len(segments) >= 2 and segments[0] in ("c", "user") and _YOUTUBE_HANDLE.fullmatch(segments[1]):
        return f"https://www.youtube.com/{segments[0]}/{segments[1]}"
    return None


_CLEANERS = {
    Network.LINKEDIN: _linkedin,
    Network.X: _x,
    Network.MASTODON: _mastodon,
    Network.BLUESKY: _bluesky,
    Network.FACEBOOK: _facebook,
    Network.INSTAGRAM: _instagram,
    Network.YOUTUBE: _youtube,
}
