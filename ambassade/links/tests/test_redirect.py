"""The public redirect /r/<code>: where it leads, what it records, and what it never does."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from ambassade.links import clicks
from ambassade.links.models import Campaign, Click, TrackedLink
from ambassade.links.redirect_urls import redirect_patterns
from ambassade.links.services import campaign_save
from ambassade.links.signing import ref_sign, ref_verify
from ambassade.links.targets import link_location
from ambassade.links.tests.conftest import FIREFOX
from ambassade.links.visitors import client_ip

pytestmark = pytest.mark.django_db


def follow(client: Client, path: str, **headers: str):
    return client.get(path, headers={"user-agent": FIREFOX, **headers})


def query(location: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(location).query)


def test_a_job_link_leads_to_the_job_page_with_utm_parameters_and_a_signed_ref(
    world, make_link, offer, client
) -> None:
    campaign = campaign_save(
        actor=world.users["comms"], organisation=world.organisation, name="Salon 2026", slug="salon-2026"
    )
    link = make_link(target_type="job", job=offer, channel="mastodon", campaign=campaign,
                     ambassador=world.people["employee"])  # fmt: skip

    response = follow(client, f"/r/{link.code}")

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{settings.SITE_URL}/careers/siege/jobs/{offer.pk}-developpeuse-web/?")
    params = query(location)
    assert params["utm_source"] == ["mastodon"]
    assert params["utm_medium"] == ["ambassador"]
    assert params["utm_campaign"] == ["salon-2026"]
    assert ref_verify(params["ref"][0]) == link.pk
    assert response["Cache-Control"] == "no-store"


def test_a_link_without_ambassador_nor_campaign_is_the_organisations(make_link, client) -> None:
    link = make_link(channel="intranet")
    params = query(follow(client, f"/r/{link.code}")["Location"])
    assert params["utm_source"] == ["intranet"]
    assert params["utm_medium"] == ["organisation"]
    assert "utm_campaign" not in params


def test_an_address_keeps_its_own_query_but_not_tracking_parameters_it_carries(world, make_link, client):
    url = f"{settings.SITE_URL}/news/?id=4&utm_source=spoof&ref=forged#top"
    link = make_link(target_type="news", url=url, channel="email")
    location = follow(client, f"/r/{link.code}")["Location"]
    assert location.startswith(f"{settings.SITE_URL}/news/?id=4&utm_source=email&")
    assert location.endswith("#top")
    assert query(location)["ref"] == [ref_sign(link)]


def test_a_ref_names_its_link_and_a_tampered_one_names_nothing(link: TrackedLink) -> None:
    value = ref_sign(link)
    assert ref_verify(value) == link.pk
    number, signature = value.split(".", 1)
    assert ref_verify(f"{int(number) + 1}.{signature}") is None
    assert ref_verify(value[:-1]) is None
    assert ref_verify(number) is None
    assert ref_verify("") is None
    assert ref_verify("x" * 500) is None


def test_an_unknown_code_answers_the_not_found_page(client) -> None:
    for path in ("/r/Unknown2345", "/r/", "/r/a/b", "/r/%00", "/r/" + "x" * 300):
        response = follow(client, path)
        assert response.status_code == 404, path
        assert "Location" not in response
    assert Click.objects.count() == 0


MALICIOUS = [
    "//evil.example",
    "///evil.example",
    "\\\\evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "https:evil.example",
    "http:/evil.example",
    "http://evil.example",
    "https://evil.example/path",
    "http://evil.example@127.0.0.1",
    "//127.0.0.1@evil.example",
    "\t//evil.example",
    "//evil.example\n",
    "\n//evil.example",
    "java\tscript:alert(1)",
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "http:\\\\evil.example",
    "ftp://evil.example",
    "//evil%E3%80%82example",
    "https://evil.example%23.127.0.0.1",
]


@pytest.mark.parametrize("parameter", ["next", "url", "to", "redirect", "target", "r", "u", "dest"])
def test_no_query_parameter_can_change_the_destination(parameter: str, link, client) -> None:
    expected = link_location(link)
    for value in MALICIOUS:
        response = client.get(f"/r/{link.code}", {parameter: value}, headers={"user-agent": FIREFOX})
        assert response.status_code == 302
        assert response["Location"] == expected, value


def test_nothing_added_after_the_code_can_change_the_destination(link, client) -> None:
    expected = link_location(link)
    for value in MALICIOUS:
        for path in (f"/r/{link.code}{value}", f"/r/{link.code}/{value}"):
            try:
                response = client.get(path, headers={"user-agent": FIREFOX})
            except ValueError:  # the test client refuses some characters outright; a server would too
                continue
            assert response.status_code in (302, 404), path
            if response.status_code == 302:
                assert response["Location"] == expected, path


def test_no_cookie_is_set_for_an_anonymous_visitor(link, client) -> None:
    response = follow(client, f"/r/{link.code}")
    assert response.status_code == 302
    assert not response.cookies
    assert "Set-Cookie" not in str(response.serialize_headers())


def test_no_cookie_is_set_for_a_signed_in_visitor_nor_with_a_language_cookie(world, link, client) -> None:
    client.force_login(world.users["employee"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    response = follow(client, f"/r/{link.code}")
    assert response.status_code == 302
    assert not response.cookies


def test_the_not_found_page_sets_no_cookie_either(client) -> None:
    response = follow(client, "/r/Unknown2345", cookie="django_language=en")
    assert response.status_code == 404
    assert "Link not found" in response.content.decode()
    assert not response.cookies


def test_robots_still_get_their_redirect_so_that_previews_work(link, client) -> None:
    response = client.get(f"/r/{link.code}", headers={"user-agent": "LinkedInBot/1.0"})
    assert response.status_code == 302
    assert Click.objects.get(link=link).reason == "bot"


def test_head_requests_are_answered_and_recorded_as_drops(link, client) -> None:
    response = client.head(f"/r/{link.code}", headers={"user-agent": FIREFOX})
    assert response.status_code == 302
    assert Click.objects.get(link=link).reason == "head_request"


def test_other_methods_are_refused_and_not_recorded(link, client) -> None:
    assert client.post(f"/r/{link.code}").status_code == 405
    assert Click.objects.count() == 0


@pytest.fixture
def statements(monkeypatch) -> list[str]:
    """The statements the click path sends through the database driver's own cursors."""
    sent: list[str] = []
    real = clicks._cursor

    class Counted:
        def __init__(self, cursor: Any) -> None:
            self.cursor = cursor

        def execute(self, sql: str, params: Any) -> Any:
            sent.append(sql)
            return self.cursor.execute(sql, params)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.cursor, name)

    monkeypatch.setattr(clicks, "_cursor", lambda db: Counted(real(db)))
    return sent


def test_a_warm_redirect_costs_one_statement(link, client, django_assert_num_queries, statements) -> None:
    follow(client, f"/r/{link.code}")  # the first visit reads the link and creates the day's salt
    statements.clear()
    with django_assert_num_queries(0):  # nothing through the ORM
        follow(client, f"/r/{link.code}", **{"user-agent": "Mozilla/5.0 (Windows NT 10.0) Firefox/129.0"})
        client.get(f"/r/{link.code}", headers={"user-agent": "curl/8.5.0"})
    # One INSERT each, which checks for a duplicate itself.
    assert [sql.split(" SELECT")[0] for sql in statements] == [
        'INSERT INTO "links_click" (link_id, occurred_at, visitor, reason)'
    ] * 2
    assert "EXISTS" in statements[0]
    assert list(Click.objects.filter(link=link).values_list("reason", flat=True).order_by("pk")) == [
        "",
        "",
        "bot",
    ]


def test_without_a_session_cookie_the_session_is_never_read(
    world, make_link, client, django_assert_num_queries, statements
) -> None:
    link = make_link(ambassador=world.people["employee"])
    follow(client, f"/r/{link.code}")
    statements.clear()
    with django_assert_num_queries(0):
        follow(client, f"/r/{link.code}", **{"user-agent": "Mozilla/5.0 (Windows NT 10.0) Firefox/129.0"})
    assert len(statements) == 1


def test_the_stored_click_holds_no_address_nor_user_agent(link, client) -> None:
    follow(client, f"/r/{link.code}", **{"x-forwarded-for": "198.51.100.77"})
    click = Click.objects.get(link=link)
    assert len(click.visitor) == 64
    stored = " ".join(str(value) for value in Click.objects.values().get())
    assert "127.0.0.1" not in stored and "Firefox" not in stored


def test_the_client_address_ignores_forwarded_for_when_no_proxy_is_trusted(settings) -> None:
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/r/x", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(request) == "203.0.113.5"


def test_the_client_address_comes_from_the_trusted_proxy_header(settings) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    # nginx appends the address it saw to whatever the client sent: the client cannot choose its address.
    request = RequestFactory().get(
        "/r/x", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1"
    )
    assert client_ip(request) == "198.51.100.1"
    alone = RequestFactory().get("/r/x", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert client_ip(alone) == "198.51.100.2"
    missing = RequestFactory().get("/r/x", REMOTE_ADDR="127.0.0.1")
    assert client_ip(missing) == "127.0.0.1"


def test_a_connection_that_bypasses_the_proxy_cannot_choose_its_address(settings) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = RequestFactory().get("/r/x", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(request) == "203.0.113.5"


def test_two_chained_proxies_are_both_skipped(settings) -> None:
    settings.TRUSTED_PROXIES = ["192.0.2.10", "127.0.0.1"]
    request = RequestFactory().get(
        "/r/x", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1, 192.0.2.10"
    )
    assert client_ip(request) == "198.51.100.1"


def test_a_client_set_forwarded_for_does_not_make_a_new_visitor_without_a_trusted_proxy(link, client):
    follow(client, f"/r/{link.code}", **{"x-forwarded-for": "198.51.100.1"})
    follow(client, f"/r/{link.code}", **{"x-forwarded-for": "198.51.100.2"})
    assert list(Click.objects.values_list("reason", flat=True).order_by("pk")) == ["", "duplicate"]


def test_behind_a_trusted_proxy_forwarded_addresses_are_distinct_visitors(link, client, settings) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    follow(client, f"/r/{link.code}", **{"x-forwarded-for": "198.51.100.1"})
    follow(client, f"/r/{link.code}", **{"x-forwarded-for": "198.51.100.2"})
    assert list(Click.objects.values_list("reason", flat=True)) == ["", ""]


def test_the_benchmark_baseline_is_absent_by_default() -> None:
    assert settings.BENCH_BASELINE is False
    match = resolve("/r/-baseline")
    assert match.url_name == "redirect"  # taken as a code: an unknown one, so a 404
    names = [pattern.name for pattern in redirect_patterns(baseline=True)]
    assert names == ["bench_baseline_fast", "redirect"]
    with pytest.raises(NoReverseMatch):
        reverse("bench_baseline")


def test_the_baselines_are_not_served_by_default(login) -> None:
    client = login("comms")
    assert client.get("/r/-baseline").status_code == 404
    assert client.get("/links/-baseline").status_code == 404


def test_the_fast_path_answers_before_the_rest_of_the_middleware(settings) -> None:
    middleware = settings.MIDDLEWARE
    fast = middleware.index("ambassade.links.middleware.RedirectFastPathMiddleware")
    assert fast == middleware.index("django.middleware.security.SecurityMiddleware") + 1
    assert fast < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")


def test_the_redirect_works_without_the_fast_path_too(world, make_link, settings, client) -> None:
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("RedirectFastPathMiddleware")]
    link = make_link(ambassador=world.people["employee"])
    client.force_login(world.users["employee"])
    response = follow(client, f"/r/{link.code}")
    assert response.status_code == 302 and not response.cookies
    assert Click.objects.get(link=link).reason == "self_click"


@pytest.mark.django_db(transaction=True)  # the foreign key is checked when the INSERT commits
def test_a_deleted_link_is_not_found_even_while_its_target_is_cached(link, client) -> None:
    follow(client, f"/r/{link.code}")
    TrackedLink.objects.filter(pk=link.pk).delete()
    assert follow(client, f"/r/{link.code}").status_code == 404


def test_campaign_slugs_are_unique_per_organisation(world) -> None:
    from django.core.exceptions import ValidationError

    campaign_save(actor=None, organisation=world.organisation, name="A", slug="a")
    with pytest.raises(ValidationError, match="Another campaign already uses this short name"):
        campaign_save(actor=None, organisation=world.organisation, name="B", slug="a")
    campaign_save(actor=None, organisation=world.foreign_organisation, name="A", slug="a")
    assert Campaign.objects.filter(slug="a").count() == 2


def test_an_unmatched_prefix_path_is_not_resolved() -> None:
    with pytest.raises(Resolver404):
        resolve("/r/a/b")
