"""Serve an entity's career site at the root of its own host name (as pretix maps custom domains).

A request whose host is an entity's `host` gets `request.urlconf = ambassade.careers.host_urls` and
`request.career_entity_id`; any other host falls through to the normal application. The host must also
be in ALLOWED_HOSTS (Django refuses unknown hosts with a 400 before this runs). The host → entity map is
cached (one query per cache period; none at all for the site's own host, IP addresses and names
without a dot) and dropped whenever an entity is saved or deleted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port

HOST_URLCONF = "ambassade.careers.host_urls"
IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
CACHE_KEY = "careers:host-map"
CACHE_SECONDS = 300


def career_hosts() -> dict[str, int]:
    hosts = cache.get(CACHE_KEY)
    if hosts is None:
        from ambassade.orgs.models import Entity

        hosts = dict(Entity.objects.filter(is_active=True).exclude(host="").values_list("host", "pk"))
        cache.set(CACHE_KEY, hosts, CACHE_SECONDS)
    return hosts


def career_hosts_forget(**kwargs: object) -> None:
    cache.delete(CACHE_KEY)


class CareerSiteHostMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.own_host = (urlsplit(settings.SITE_URL).hostname or "").lower()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        host, _port = split_domain_port(request.get_host())
        if _may_be_a_career_host(host) and host != self.own_host:
            entity_id = career_hosts().get(host)
            if entity_id is not None:
                request.urlconf = HOST_URLCONF  # type: ignore[attr-defined]
                request.career_entity_id = entity_id  # type: ignore[attr-defined]
        return self.get_response(request)


def _may_be_a_career_host(host: str) -> bool:
    """A career site's host is a public domain name: never an IP address nor a bare name such as
    localhost (or the test client's "testserver"), which thus never cost a cache or database lookup."""
    return "." in host and not IPV4.match(host)
