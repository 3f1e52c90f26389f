"""The click pipeline: every request to /r/<code> is either a human click or a drop with its reason.

`STEPS` is a list of small functions run in order; each returns None to let the request go on, or the
reason it is dropped (the step's own name). Drops are stored too, so that they can be audited; every
request still gets its 302, so that link previews keep working.

One step needs the database: `duplicate` (a human click by the same visitor on the same link within 24
hours). It answers ON_INSERT: the INSERT that records the click checks it in the same statement (one
round trip instead of two, ambassade/links/clicks.py). The steps after it still run, and their answer
counts only when the visit is not a duplicate, so the order of the steps holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import import_module

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest

from ambassade.links.models import Click
from ambassade.links.targets import LinkTarget
from ambassade.links.visitors import salt_day, salt_for, visitor_hash
from ambassade.orgs.models import Membership

DUPLICATE_WINDOW = timedelta(hours=24)
ON_INSERT = "on_insert"  # a step's answer: checked by the INSERT itself

# Robots that fetch a shared link to draw its preview card, and common HTTP libraries. Some are missed
# by crawlerdetect (Bluesky's cardyb), and all must be caught whatever its version says.
PREVIEW_ROBOTS = re.compile(
    r"LinkedInBot|facebookexternalhit|Facebot|Twitterbot|Slackbot|Discordbot|WhatsApp|TelegramBot"
    r"|Mastodon/|cardyb|Googlebot|\bcurl/|python-requests|Go-http-client",
    re.IGNORECASE,
)
# The networks' in-app browsers: people reading their feed, whatever a crawler list says.
IN_APP_BROWSERS = re.compile(
    r"\[LinkedInApp\]|FBAN/|FBAV/|FB_IAB/|\bInstagram \d"
    r"|Twitter for iPhone|Twitter for Android|TwitterAndroid"
)
# Purpose / Sec-Purpose (Chromium, Safari), X-Purpose (older Safari), X-Moz (Firefox).
PREFETCH_HEADERS = ("HTTP_PURPOSE", "HTTP_SEC_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


@lru_cache(maxsize=4096)
def is_robot(agent: str) -> bool:
    """Whether a user agent is a robot. Cached per distinct user agent (crawlerdetect's few hundred
    patterns cost a fraction of a millisecond); the cache is bounded, least recently used first out."""
    if not agent.strip():
        return True
    if PREVIEW_ROBOTS.search(agent):
        return True
    if IN_APP_BROWSERS.search(agent):
        return False
    return bool(CrawlerDetect(user_agent=agent).isCrawler())


@dataclass
class Visit:
    """One request to a link, as the steps see it."""

    request: HttpRequest
    target: LinkTarget
    now: datetime
    ip: str
    agent: str
    visitor: str  # the hash with today's salt

    def visitors_within_a_day(self) -> list[str]:
        """Today's hash and, since salts change at midnight, the hash with yesterday's salt."""
        yesterday = salt_for(salt_day(self.now) - timedelta(days=1), create=False)
        hashes = [self.visitor]
        if yesterday is not None:
            link_id = self.target.link_id
            hashes.append(visitor_hash(salt=yesterday, link_id=link_id, ip=self.ip, agent=self.agent))
        return hashes


Step = Callable[[Visit], str | None]


def head_request(visit: Visit) -> str | None:
    # X fetches a shared link with one GET and several HEADs with browser user agents.
    return Click.Reason.HEAD_REQUEST if visit.request.method == "HEAD" else None


def bot(visit: Visit) -> str | None:
    return Click.Reason.BOT if is_robot(visit.agent) else None


def prefetch(visit: Visit) -> str | None:
    meta = visit.request.META
    for name in PREFETCH_HEADERS:
        value = meta.get(name)
        if value and ("prefetch" in value.lower() or "prerender" in value.lower() or value == "preview"):
            return Click.Reason.PREFETCH
    return None


def duplicate(visit: Visit) -> str | None:
    """The same visitor already made a human click on this link within the last 24 hours: checked by
    the INSERT (see the module's docstring)."""
    return ON_INSERT


def self_click(visit: Visit) -> str | None:
    ambassador_id = visit.target.ambassador_id
    if ambassador_id is None:
        return None
    return Click.Reason.SELF_CLICK if signed_in_person_id(visit.request) == ambassador_id else None


def signed_in_person_id(request: HttpRequest) -> int | None:
    """The person of the signed-in user, read from the session only when a session cookie came along
    (the /r/ fast path runs without the session and authentication middleware)."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return None
    if not hasattr(request, "user"):
        request.session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
        request.user = auth.get_user(request)
    user = request.user
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user_id=user.pk).values_list("person_id", flat=True).first()


STEPS: list[Step] = [head_request, bot, prefetch, duplicate, self_click]


@dataclass(frozen=True)
class Verdict:
    reason: str  # the drop reason, or "" for a human click
    unless_duplicate: bool  # a step answered ON_INSERT: a duplicate found by the INSERT wins over `reason`


def classify(visit: Visit) -> Verdict:
    unless_duplicate = False
    for step in STEPS:
        reason = step(visit)
        if reason == ON_INSERT:
            unless_duplicate = True
        elif reason is not None:
            return Verdict(str(reason), unless_duplicate)
    return Verdict("", unless_duplicate)
