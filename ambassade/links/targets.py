"""Where a tracked link leads: the target's own address, the hosts an address may point to, and the
redirect's final Location (the target with UTM parameters and the signed `ref`)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _

from ambassade.links.models import TrackedLink
from ambassade.links.signing import ref_sign_id
from ambassade.orgs.models import Entity, Organisation

# The parameters the redirect sets; a target address carrying its own is overridden, never trusted.
OWN_PARAMETERS = frozenset({"utm_source", "utm_medium", "utm_campaign", "ref"})
MAX_URL_LENGTH = 1000
# A short life: a changed job address shows up within a minute, and each worker keeps a hot set.
TARGET_CACHE_SECONDS = 60
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\]")


# --- addresses a link may point to -----------------------------------------------------------------


def link_allowed_hosts(*, organisation: Organisation) -> list[str]:
    """The organisation's career-site hosts, this site's host, and LINK_ALLOWED_HOSTS (".example.org"
    also allows every sub-domain of example.org)."""
    entities = Entity.objects.filter(organisation=organisation).exclude(host="")
    hosts = [host.lower() for host in entities.values_list("host", flat=True)]
    site_host = urlsplit(settings.SITE_URL).hostname
    if site_host:
        hosts.append(site_host.lower())
    hosts.extend(host.lower() for host in settings.LINK_ALLOWED_HOSTS)
    return sorted(set(hosts))


def host_allowed(host: str, allowed: list[str]) -> bool:
    host = host.lower().rstrip(".")
    for pattern in allowed:
        if pattern.startswith("."):
            if host == pattern[1:] or host.endswith(pattern):
                return True
        elif host == pattern:
            return True
    return False


def external_url_check(*, url: str, organisation: Organisation) -> str:
    """The address cleaned, or a ValidationError on `url` saying why it cannot be a link's target."""
    url = url.strip()
    if not url:
        raise ValidationError({"url": _("Enter the address the link leads to.")})
    if len(url) > MAX_URL_LENGTH:
        message = _("Enter an address of at most %(max)s characters.") % {"max": MAX_URL_LENGTH}
        raise ValidationError({"url": message})
    if _UNSAFE_CHARACTERS.search(url):
        raise ValidationError({"url": _("The address contains spaces, backslashes or control characters.")})
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        message = _("Enter a full web address starting with https:// or http://.")
        raise ValidationError({"url": message}) from error
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise ValidationError({"url": _("The address must not contain a user name or password.")})
    allowed = link_allowed_hosts(organisation=organisation)
    if not parts.hostname or not host_allowed(parts.hostname, allowed):
        raise ValidationError(
            {
                "url": _("Links may only lead to the organisation's own sites (%(hosts)s).")
                % {"hosts": ", ".join(allowed)}
            }
        )
    return url


# --- the target's address and the redirect's Location ---------------------------------------------


def link_target_url(link: TrackedLink) -> str:
    """The absolute address of what the link leads to, without tracking parameters."""
    if link.target_type == TrackedLink.Target.JOB:
        from ambassade.careers.selectors import job_offer_public_url

        assert link.job is not None
        return job_offer_public_url(link.job, absolute=True)
    if link.target_type == TrackedLink.Target.CAREER_PAGE:
        from ambassade.careers.selectors import career_site_url

        assert link.entity is not None
        return career_site_url(link.entity, absolute=True)
    return link.url


def link_short_url(link: TrackedLink | str) -> str:
    """The absolute /r/<code> address to share."""
    code = link if isinstance(link, str) else link.code
    return settings.SITE_URL + reverse("redirect", kwargs={"code": code})


def utm_medium(link: TrackedLink) -> str:
    return "ambassador" if link.ambassador_id else "organisation"


def location_build(
    base_url: str, *, link_id: int, channel: str, medium: str, campaign_slug: str | None
) -> str:
    parts = urlsplit(base_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in OWN_PARAMETERS]
    query += [("utm_source", channel), ("utm_medium", medium)]
    if campaign_slug:
        query.append(("utm_campaign", campaign_slug))
    query.append(("ref", ref_sign_id(link_id)))
    return urlunsplit(parts._replace(query=urlencode(query)))


def link_location(link: TrackedLink) -> str:
    return location_build(
        link_target_url(link),
        link_id=link.pk,
        channel=link.channel,
        medium=utm_medium(link),
        campaign_slug=link.campaign.slug if link.campaign_id and link.campaign else None,
    )


@dataclass(frozen=True)
class LinkTarget:
    """What the redirect needs to know about a link, cached per code."""

    link_id: int
    ambassador_id: int | None
    location: str  # the final Location, already an ASCII URI


# Per process, for a minute: a changed job address shows up within a minute, each worker keeps its hot
# links at hand without a query, and the memory is bounded.
TARGET_CACHE_SIZE = 10_000
_targets: dict[str, tuple[float, LinkTarget]] = {}


def link_target_get(code: str) -> LinkTarget | None:
    """The link of a code with its final Location: from the cache, else one indexed query."""
    cached = _targets.get(code)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    link = (
        TrackedLink.objects.select_related("campaign", "job", "job__entity", "entity", "entity__organisation")
        .filter(code=code)
        .first()
    )
    if link is None:
        return None
    target = LinkTarget(link.pk, link.ambassador_id, iri_to_uri(link_location(link)))
    if len(_targets) >= TARGET_CACHE_SIZE:
        _targets.clear()
    _targets[code] = (time.monotonic() + TARGET_CACHE_SECONDS, target)
    return target


def link_target_forget(code: str | None = None) -> None:
    """Forget one code's target (or all of them)."""
    if code is None:
        _targets.clear()
    else:
        _targets.pop(code, None)
