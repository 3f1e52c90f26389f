"""Who clicked, without knowing who: the client's address and the daily-salted visitor hash.

The visitor is SHA-256 of (the day's random salt, the link, the IP address, the user agent). Within a
day the same browser on the same link gives the same hash, so duplicates can be told apart; the salt is
random and lives 48 hours at most (salts_delete_expired), so a hash cannot be traced back to an address
nor followed across days. The raw address and user agent are never stored.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from python_ipware import IpWare

from ambassade.links.models import DailySalt

MAX_USER_AGENT = 512  # longer user agents are cut: enough to classify, bounded in memory

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _trusted_networks(proxies: tuple[str, ...]) -> tuple[IpNetwork, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


@lru_cache(maxsize=64)
def _is_trusted(address: str, proxies: tuple[str, ...]) -> bool:
    """Whether the connection comes from a trusted proxy (a handful of addresses: cached)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted_networks(proxies))


@lru_cache(maxsize=8)
def _forwarded_reader(proxy_count: int) -> IpWare:
    # django-ipware's own engine (python-ipware), built once: django-ipware's get_client_ip() builds a new
    # one and folds every header of the request on each call, which costs more than the rest of a click.
    return IpWare(precedence=("HTTP_X_FORWARDED_FOR",), proxy_count=proxy_count)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address. X-Forwarded-For is read (with django-ipware's engine) only when the
    connection comes from one of TRUSTED_PROXIES; otherwise a client-set header changes nothing."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = tuple(settings.TRUSTED_PROXIES)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded or not _is_trusted(remote, proxies):
        return remote
    # Each proxy appends the address it received the request from, so the nearest one is not listed:
    # the client is the entry just before the other proxies' (as for the sign-in lockout's settings).
    found, _trusted_route = _forwarded_reader(len(proxies) - 1).get_client_ip(
        {"HTTP_X_FORWARDED_FOR": forwarded}, False
    )
    return str(found) if found is not None else remote


def user_agent(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:MAX_USER_AGENT]


# --- daily salts ------------------------------------------------------------------------------------

# Per process: at most a few days' salts (today's, yesterday's), read once each.
_salts: dict[date, str | None] = {}


def salt_day(moment: datetime) -> date:
    """Salts change at midnight UTC, the same instant on every server whatever its time zone."""
    return moment.astimezone(UTC).date()


def salt_for(day: date, *, create: bool) -> str | None:
    """The salt of a day; created when asked (today's), else None when that day had none."""
    if day in _salts and (_salts[day] is not None or not create):
        return _salts[day]
    salt: str | None
    if create:
        salt = DailySalt.objects.get_or_create(day=day, defaults={"salt": secrets.token_hex(32)})[0].salt
    else:
        salt = DailySalt.objects.filter(day=day).values_list("salt", flat=True).first()
    if len(_salts) >= 4:
        _salts.clear()
    _salts[day] = salt
    return salt


def salts_forget() -> None:
    """Drop the salts this process remembers (after deleting salts, and between tests)."""
    _salts.clear()


def salts_delete_expired(*, now: datetime) -> int:
    """Delete the salts of days that ended more than 24 hours ago: no salt lives beyond 48 hours."""
    deleted, _ = DailySalt.objects.filter(day__lt=salt_day(now) - timedelta(days=1)).delete()
    salts_forget()
    return deleted


def visitor_hash(*, salt: str, link_id: int, ip: str, agent: str) -> str:
    return hashlib.sha256(f"{salt}\x1f{link_id}\x1f{ip}\x1f{agent}".encode()).hexdigest()
