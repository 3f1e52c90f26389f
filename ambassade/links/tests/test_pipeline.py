"""The click pipeline: each step, each reason; in-app browsers are people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import RequestFactory

from ambassade.links.clicks import Recorded, click_record
from ambassade.links.models import Click, TrackedLink
from ambassade.links.pipeline import STEPS, is_robot
from ambassade.links.targets import link_target_get
from ambassade.links.tests.conftest import FIREFOX

PREVIEW_ROBOTS = {
    "LinkedInBot": "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "facebookexternalhit": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Facebot": "Facebot",
    "Twitterbot": "Twitterbot/1.0",
    "Slackbot": "Slackbot 1.0 (+https://api.slack.com/robots)",
    "Slackbot-LinkExpanding": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Discordbot": "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "WhatsApp": "WhatsApp/2.23.20.0 A",
    "TelegramBot": "TelegramBot (like TwitterBot)",
    "Mastodon": "Mastodon/4.2.1 (http.rb/5.1.1; +https://mastodon.social/) Bot",
    "Mastodon via http.rb": "http.rb/5.1.1 (Mastodon/4.1.2; +https://piaille.fr/)",
    "Bluesky cardyb": "Mozilla/5.0 (compatible; cardyb/1.1; +mailto:support@bsky.app)",
    "Googlebot": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "curl": "curl/8.5.0",
    "python-requests": "python-requests/2.31.0",
    "Go-http-client": "Go-http-client/1.1",
    "empty": "",
    "blank": "   ",
}

PEOPLE = {
    "Firefox": FIREFOX,
    "Safari on iPhone": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    "Chrome on Android": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36",
    "LinkedIn app, iOS": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.6960",
    "LinkedIn app, Android": "Mozilla/5.0 (Linux; Android 14; SM-G991B Build/UP1A.231005.007; wv) "
    "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.230 Mobile Safari/537.36 "
    "[LinkedInApp]/4.1.881",
    "Facebook app, iOS": "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/16.6;"
    "FBSS/3;FBID/phone;FBLC/fr_FR;FBOP/5;FBRV/0]",
    "Facebook app, Android": "Mozilla/5.0 (Linux; Android 13; SM-S911B Build/TP1A.220624.014; wv) "
    "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/118.0.0.0 Mobile Safari/537.36 "
    "[FB_IAB/FB4A;FBAV/438.0.0.33.118;]",
    "Instagram app": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148 Instagram 305.0.0.24.109 (iPhone14,2; iOS 17_0; fr_FR; fr; "
    "scale=3.00; 1170x2532; 527513853)",
    "X app, iOS": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148 Twitter for iPhone/10.17",
    "X app, Android": "Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/UQ1A.240205.004; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/121.0.6167.178 Mobile Safari/537.36 TwitterAndroid",
}

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def visit(
    link: TrackedLink,
    *,
    agent: str = FIREFOX,
    method: str = "get",
    ip: str = "203.0.113.7",
    now: datetime = NOON,
    headers: dict[str, str] | None = None,
) -> Recorded:
    request = getattr(RequestFactory(), method)(f"/r/{link.code}", HTTP_USER_AGENT=agent, REMOTE_ADDR=ip,
                                                headers=headers or {})  # fmt: skip
    target = link_target_get(link.code)
    assert target is not None
    return click_record(request=request, target=target, now=now)


def test_the_steps_run_in_the_documented_order() -> None:
    assert [step.__name__ for step in STEPS] == ["head_request", "bot", "prefetch", "duplicate", "self_click"]


@pytest.mark.django_db
def test_a_browser_click_is_human(link: TrackedLink) -> None:
    click = visit(link)
    assert click.reason == "" and click.is_human


@pytest.mark.django_db
def test_head_requests_never_count_even_with_a_browser_user_agent(link: TrackedLink) -> None:
    # X fetches a shared link with one GET and several HEADs carrying browser user agents.
    assert visit(link, method="head").reason == "head_request"
    assert visit(link).reason == ""


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PREVIEW_ROBOTS))
def test_it_drops_preview_robots_and_http_libraries(name: str, link: TrackedLink) -> None:
    assert visit(link, agent=PREVIEW_ROBOTS[name]).reason == "bot"


@pytest.mark.django_db
def test_it_drops_robots_known_to_crawlerdetect(link: TrackedLink) -> None:
    agent = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"
    assert visit(link, agent=agent).reason == "bot"


@pytest.mark.parametrize("name", sorted(PEOPLE))
def test_browsers_and_the_networks_in_app_browsers_are_people(name: str) -> None:
    assert is_robot(PEOPLE[name]) is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"Purpose": "prefetch"},
        {"Sec-Purpose": "prefetch"},
        {"Sec-Purpose": "prefetch;prerender"},
        {"X-Moz": "prefetch"},
        {"X-Purpose": "preview"},
    ],
)
def test_it_drops_browser_prefetches(headers: dict[str, str], link: TrackedLink) -> None:
    assert visit(link, headers=headers).reason == "prefetch"


@pytest.mark.django_db
def test_a_prefetch_does_not_make_the_real_click_that_follows_a_duplicate(link: TrackedLink) -> None:
    assert visit(link, headers={"Sec-Purpose": "prefetch"}).reason == "prefetch"
    assert visit(link, now=NOON + timedelta(seconds=2)).reason == ""


@pytest.mark.django_db
def test_the_same_visitor_on_the_same_link_counts_once_a_day(make_link) -> None:
    link, other_link = make_link(), make_link(channel="x")
    assert visit(link).reason == ""
    assert visit(link, now=NOON + timedelta(hours=1)).reason == "duplicate"
    assert visit(other_link, now=NOON + timedelta(hours=1)).reason == ""
    assert visit(link, ip="198.51.100.9", now=NOON + timedelta(hours=1)).reason == ""
    assert visit(link, agent=PEOPLE["Safari on iPhone"], now=NOON + timedelta(hours=1)).reason == ""


@pytest.mark.django_db
def test_23_hours_later_is_a_duplicate_across_the_salt_change_and_25_hours_later_is_new(link) -> None:
    evening = datetime(2026, 3, 10, 22, 0, tzinfo=UTC)
    first = visit(link, now=evening)
    next_day = visit(link, now=evening + timedelta(hours=23))
    assert first.reason == "" and next_day.reason == "duplicate"
    # Salts differ from one day to the next, yet the duplicate was recognised.
    assert first.visitor != next_day.visitor
    assert visit(link, now=evening + timedelta(hours=25)).reason == ""


@pytest.mark.django_db
def test_the_ambassadors_own_click_is_a_self_click_for_them_only(world, make_link, client) -> None:
    link = make_link(ambassador=world.people["employee"])
    client.force_login(world.users["employee"])
    client.get(f"/r/{link.code}", headers={"user-agent": FIREFOX})
    client.force_login(world.users["comms"])
    client.get(f"/r/{link.code}", headers={"user-agent": FIREFOX})
    assert list(Click.objects.filter(link=link).order_by("pk").values_list("reason", flat=True)) == [
        "self_click",
        "",
    ]


@pytest.mark.django_db
def test_a_self_click_needs_a_valid_session(world, make_link, client) -> None:
    link = make_link(ambassador=world.people["employee"])
    client.cookies["sessionid"] = "not-a-session"
    client.get(f"/r/{link.code}", headers={"user-agent": FIREFOX})
    assert Click.objects.get(link=link).reason == ""


def test_the_robot_classification_is_cached_per_user_agent_within_a_bound() -> None:
    is_robot.cache_clear()
    for number in range(5000):
        is_robot(f"Mozilla/5.0 (X11; Linux x86_64; rv:{number}.0) Gecko/20100101 Firefox/{number}.0")
    info = is_robot.cache_info()
    assert info.maxsize == 4096
    assert info.currsize == 4096
    is_robot(FIREFOX)
    is_robot(FIREFOX)
    assert is_robot.cache_info().hits == info.hits + 1
