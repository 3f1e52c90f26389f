"""The public page, archive and feeds: no sign-in, embeddable, in French or English, frozen."""

from __future__ import annotations

import json
from datetime import date, timedelta

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from ambassade.intranet.models import Digest, Issue
from ambassade.intranet.tests.support import active_on, digest_make, issue_make, item_make, shares_make
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(world: World) -> tuple[Digest, Issue, Issue]:
    digest = digest_make(world.organisation, title="Les nouvelles du réseau")
    today = date.today()
    active_on(world.people["employee"], today - timedelta(days=3), opt_in=True)
    item = item_make(world.organisation, "Forum de l'emploi", target_url="https://example.org/forum")
    from django.utils import timezone

    shares_make(item, 4, at=timezone.now() - timedelta(days=2))
    older = issue_make(digest, today - timedelta(days=14), today - timedelta(days=8))
    latest = issue_make(digest, today - timedelta(days=7), today)
    return digest, older, latest


def test_the_public_page_shows_the_latest_issue_without_signing_in_and_may_be_framed(published) -> None:
    digest, _older, latest = published
    response = Client().get(reverse("intranet_latest", args=[digest.token]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-issue="{latest.pk}"' in page
    assert "Émile Employé" in page and "Forum de l&#x27;emploi" in page
    assert "X-Frame-Options" not in response.headers
    assert "set-cookie" not in {name.lower() for name in response.headers}


def test_the_reader_chooses_the_language_with_lang(published) -> None:
    digest, _older, _latest = published
    english = Client().get(reverse("intranet_latest", args=[digest.token]) + "?lang=en")
    assert "Who became active" in english.content.decode()
    assert english.headers["Content-Language"] == "en"
    assert Client().get(reverse("intranet_latest", args=[digest.token])).headers["Content-Language"] == "fr"


def test_frame_ancestors_are_sent_when_configured(published, settings) -> None:
    settings.INTRANET_FRAME_ANCESTORS = "https://intranet.example.org"
    digest, _older, _latest = published
    response = Client().get(reverse("intranet_latest", args=[digest.token]))
    assert (
        response.headers["Content-Security-Policy"] == "frame-ancestors 'self' https://intranet.example.org"
    )


def test_past_issues_stay_as_they_were_published(published, world: World) -> None:
    digest, older, _latest = published
    before = Client().get(reverse("intranet_issue", args=[digest.token, older.pk])).content
    world.people["employee"].first_name = "Émilie"
    world.people["employee"].save()
    after = Client().get(reverse("intranet_issue", args=[digest.token, older.pk])).content
    assert before == after
    archive = Client().get(reverse("intranet_archive", args=[digest.token])).content.decode()
    assert reverse("intranet_issue", args=[digest.token, older.pk]) in archive


def test_a_wrong_or_rotated_token_answers_404(published, world: World) -> None:
    from ambassade.intranet.services import digest_token_rotate

    digest, older, _latest = published
    old = digest.token
    digest_token_rotate(membership=world.users["admin"].membership, digest=digest)
    assert Client().get(reverse("intranet_latest", args=[old])).status_code == 404
    assert Client().get(reverse("intranet_rss", args=[old])).status_code == 404
    assert Client().get(reverse("intranet_latest", args=[digest.token])).status_code == 200
    other = digest_make(world.organisation, title="Autre")
    assert Client().get(reverse("intranet_issue", args=[other.token, older.pk])).status_code == 404


def test_the_rss_and_atom_feeds_parse_and_list_the_issues(published) -> None:
    digest, older, latest = published
    for name, version in (("intranet_rss", "rss20"), ("intranet_atom", "atom10")):
        response = Client().get(reverse(name, args=[digest.token]) + "?lang=en")
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == version
        assert feed.feed.title == "Les nouvelles du réseau"
        assert len(feed.entries) == 2
        assert feed.entries[0].link.endswith(f"/digest/{digest.token}/{latest.pk}/?lang=en")
        assert "Who became active" in feed.entries[0].description or "Who became active" in str(
            feed.entries[0].get("content", "")
        )


def test_the_json_feed_follows_json_feed_1_1(published) -> None:
    digest, _older, latest = published
    response = Client().get(reverse("intranet_json", args=[digest.token]))
    assert response.headers["Content-Type"].startswith("application/feed+json")
    document = json.loads(response.content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] == "Les nouvelles du réseau"
    assert document["feed_url"].endswith(f"/digest/{digest.token}/feed.json?lang=fr")
    first = document["items"][0]
    assert set(first) >= {"id", "url", "title", "content_html", "date_published"}
    assert first["id"].endswith(f"/{latest.pk}/")
    assert "Qui est devenu actif" in first["content_html"] or "Who became active" in first["content_html"]


def test_a_digest_without_issues_says_so(world: World) -> None:
    digest = digest_make(world.organisation)
    response = Client().get(reverse("intranet_latest", args=[digest.token]))
    assert response.status_code == 200 and 'id="digest-empty"' in response.content.decode()
    feed = feedparser.parse(Client().get(reverse("intranet_rss", args=[digest.token])).content)
    assert not feed.bozo and feed.entries == []
