"""Fetching sources: the health each source shows (last fetch, errors in a row, the error's text, items),
the backoff after failures, the poller's claim on due sources, and a real feed served from loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from ambassade.api.services import api_token_create
from ambassade.integrations import FetchResult
from ambassade.lib.safe_http import FetchError
from ambassade.listening import periodic
from ambassade.listening.models import Mention, Source
from ambassade.listening.services import FETCH_INTERVAL, source_create, source_fetch, sources_claim_due
from ambassade.listening.tests.support import (
    FakeConnector,
    encoder_hashing,
    fake_connector,
    item_make,
    source_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _hashing(settings) -> None:
    encoder_hashing(settings)


@pytest.fixture
def fake() -> Iterator[FakeConnector]:
    yield from fake_connector("feed")


def test_a_successful_fetch_ingests_and_records_the_health(world, fake) -> None:
    source = source_make(world.organisation, secret="s3cret", etag='"old"')
    fake.results.append(
        FetchResult(items=[item_make("Bravo pour le forum emploi")], etag='"v2"', last_modified="Mon")
    )
    now = timezone.now()
    outcome = source_fetch(source_id=source.pk, now=now)
    assert outcome is not None and outcome.ok and outcome.report is not None and outcome.report.created == 1
    assert fake.calls[0]["state"] == {"etag": '"old"', "last_modified": "", "cursor": "", "secret": "s3cret"}
    source.refresh_from_db()
    assert (source.last_fetched_at, source.last_success_at, source.next_fetch_at) == (
        now,
        now,
        now + FETCH_INTERVAL,
    )
    assert (source.etag, source.last_modified, source.items_total, source.error_count) == (
        '"v2"',
        "Mon",
        1,
        0,
    )


def test_a_failed_fetch_shows_its_error_and_waits_longer_each_time(world, fake) -> None:
    source = source_make(world.organisation)
    now = timezone.now()
    for _attempt in range(3):
        fake.results.append(
            FetchError("The server of %(url)s did not answer.", code="timeout", url="x.example")
        )
    waits = []
    for _attempt in range(3):
        outcome = source_fetch(source_id=source.pk, now=now)
        assert outcome is not None and not outcome.ok
        source.refresh_from_db()
        assert source.next_fetch_at is not None
        waits.append(source.next_fetch_at - now)
    assert source.last_error == "The server of x.example did not answer." and source.error_count == 3
    assert waits == [timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=20)]
    assert source.last_success_at is None


def test_a_success_after_failures_clears_the_error(world, fake) -> None:
    source = source_make(world.organisation, error_count=4, last_error="Old trouble")
    fake.results.append(FetchResult(items=[], not_modified=True))
    source_fetch(source_id=source.pk)
    source.refresh_from_db()
    assert (source.error_count, source.last_error) == (0, "")


def test_an_unexpected_error_is_shown_without_its_internals(world, fake) -> None:
    source = source_make(world.organisation)
    fake.results.append(RuntimeError("password=hunter2 in a traceback"))
    source_fetch(source_id=source.pk)
    source.refresh_from_db()
    assert "hunter2" not in source.last_error and "RuntimeError" in source.last_error


def test_inactive_and_imported_sources_are_not_fetched(world, fake) -> None:
    inactive = source_make(world.organisation, active=False)
    imported = source_make(world.organisation, kind="table")
    assert source_fetch(source_id=inactive.pk) is None and source_fetch(source_id=imported.pk) is None
    assert fake.calls == []


def test_the_poller_claims_each_due_source_once(world, fake) -> None:
    now = timezone.now()
    due = source_make(world.organisation, next_fetch_at=now - timedelta(minutes=1))
    new = source_make(world.organisation, name="Nouvelle", next_fetch_at=None)
    source_make(world.organisation, name="Plus tard", next_fetch_at=now + timedelta(minutes=3))
    source_make(world.organisation, name="Éteinte", active=False, next_fetch_at=None)
    source_make(world.organisation, name="Import", kind="table")
    assert set(sources_claim_due(now=now)) == {due.pk, new.pk}
    assert sources_claim_due(now=now) == []  # leased while their fetch runs


def test_the_periodic_job_fetches_the_due_sources(world, fake, django_capture_on_commit_callbacks) -> None:
    source = source_make(world.organisation, next_fetch_at=None)
    fake.results.append(FetchResult(items=[item_make("Une offre de stage à la Région")]))
    with django_capture_on_commit_callbacks(execute=True):
        periodic.sources_poll()
    assert Mention.objects.filter(source=source).count() == 1


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Google Alert - Région</title>
  <id>tag:google.com,2005:reader/user/0/state/com.google/alerts/1</id>
  <updated>2026-11-20T10:00:00Z</updated>
  <entry>
    <id>tag:google.com,2013:googlealerts/feed:111</id>
    <title type="html">La &lt;b&gt;Région&lt;/b&gt; recrute des apprentis</title>
    <link href="https://www.lemonde.fr/emploi/article/2026/11/20/la-region-recrute.html"/>
    <published>2026-11-20T09:00:00Z</published>
    <updated>2026-11-20T09:00:00Z</updated>
    <content type="html">Est-ce que les apprentis de la &lt;b&gt;Région&lt;/b&gt; sont bien payés ?
      &lt;script&gt;alert(1)&lt;/script&gt;</content>
  </entry>
</feed>
"""


class _FeedHandler(BaseHTTPRequestHandler):
    requests: list[dict[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        type(self).requests.append(dict(self.headers))
        if self.headers.get("If-None-Match") == '"atom-1"':
            self.send_response(304)
            self.end_headers()
            return
        body = ATOM.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
        self.send_header("ETag", '"atom-1"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed_server() -> Iterator[str]:
    _FeedHandler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/alerts.xml"
    server.shutdown()
    server.server_close()


def test_a_feed_served_from_loopback_is_fetched_enriched_and_then_not_modified(
    world, settings, feed_server
) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = True
    membership = world.users["comms"].membership
    source = source_create(membership=membership, name="Alertes", kind="feed", config={"url": feed_server})
    outcome = source_fetch(source_id=source.pk)
    assert outcome is not None and outcome.ok, outcome
    mention = Mention.objects.get(source=source)
    assert mention.url.startswith("https://www.lemonde.fr/") and mention.venue
    assert "<script>" not in mention.text and "<b>" not in mention.title
    assert mention.intent == "question" and mention.tier == "immediate"
    second = source_fetch(source_id=source.pk)
    assert second is not None and second.not_modified
    assert _FeedHandler.requests[-1].get("If-None-Match") == '"atom-1"'
    assert Source.objects.get(pk=source.pk).items_total == 1


def test_a_feed_on_a_private_address_is_refused_and_says_why(world, settings, feed_server) -> None:
    settings.SAFE_HTTP_ALLOW_PRIVATE = False
    source = source_make(world.organisation, config={"url": feed_server})
    outcome = source_fetch(source_id=source.pk)
    assert outcome is not None and not outcome.ok
    source.refresh_from_db()
    assert source.error_count == 1 and source.last_error and _FeedHandler.requests == []


def test_a_failure_is_shown_in_each_reader_s_language_and_never_shows_the_secret(world, fake) -> None:
    source = source_make(world.organisation, secret="tok-s3cret-42")
    fake.results.append(
        FetchError(
            gettext_lazy("The address %(url)s is not valid."),
            code="invalid",
            url="https://social.example/api?access_token=tok-s3cret-42",
        )
    )
    outcome = source_fetch(source_id=source.pk)
    source.refresh_from_db()
    assert outcome is not None and "tok-s3cret-42" not in outcome.error
    assert all("tok-s3cret-42" not in text for text in [source.last_error, *source.last_errors.values()])
    with translation.override("en"):
        assert source.error_message.startswith("The address https://social.example/api?access_token=…")
    with translation.override("fr"):
        assert source.error_message.startswith("L’adresse https://social.example")
    token = api_token_create(user=world.users["comms"], name="t")[1]
    answer = (
        Client()
        .get(
            f"/api/v1/sources/{source.pk}",
            headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
        )
        .json()
    )
    assert answer["last_error"].startswith("The address") and "tok-s3cret" not in json.dumps(answer)
