"""Sources: their health, the forms per kind (bad and unsafe addresses refused naming the field, the token
never shown back), fetching now, deleting."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ambassade.integrations import FetchResult
from ambassade.listening.models import Mention, Source
from ambassade.listening.tests.support import (
    FakeConnector,
    fake_connector,
    item_make,
    mention_make,
    source_make,
)
from ambassade.orgs.models import Membership
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_feed() -> Iterator[FakeConnector]:
    yield from fake_connector("feed")


@pytest.fixture
def fake_mastodon() -> Iterator[FakeConnector]:
    yield from fake_connector("mastodon_mentions")


def page(response) -> str:
    return html.unescape(response.content.decode())


def english(world: World, persona: str) -> None:
    Membership.objects.filter(user=world.users[persona]).update(language="en")


def _row(text: str, source: Source) -> str:
    start = text.index(f'data-source="{source.pk}"')
    return text[start : text.index("</tr>", start)]


def _field(text: str, name: str) -> str:
    """The form field's block (label, input, help and errors)."""
    start = text.index(f'for="id_{name}"')
    return text[start : text.index("</div>", start)]


def test_the_sources_page_shows_each_sources_health(login, world) -> None:
    now = timezone.now()
    failing = source_make(
        world.organisation,
        name="Google Alerts",
        last_fetched_at=now,
        last_success_at=now - timedelta(days=2),
        error_count=3,
        items_total=1234,
        last_error="The server answered with the error 500 (Internal Server Error) for https://alerts.example.com/feed.",
    )
    healthy = source_make(
        world.organisation, name="Blog RH", last_fetched_at=now, last_success_at=now, items_total=7
    )
    source_make(world.foreign_organisation, name="Veille étrangère")
    english(world, "comms")
    text = page(login("comms").get(reverse("listening_source_list")))
    assert "Veille étrangère" not in text
    row = _row(text, failing)
    assert "Google Alerts" in row and "RSS/Atom feed" in row and "1,234" in row
    assert 'class="number health-bad">3<' in row
    assert "error 500" in row and "Fetch now" in row
    assert "OK" in _row(text, healthy)


def test_a_feed_source_is_added_and_fetched_at_once(
    login, world, fake_feed, django_capture_on_commit_callbacks
) -> None:
    fake_feed.results.append(FetchResult(items=[item_make("Belle journée portes ouvertes chez vous !")]))
    english(world, "comms")
    client = login("comms")
    form = page(client.get(reverse("listening_source_new"), {"kind": "feed"}))
    assert "New source: RSS/Atom feed" in form and 'name="url"' in form and 'name="secret"' not in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("listening_source_new") + "?kind=feed",
            {
                "name": "Alertes Google",
                "url": "https://www.google.com/alerts/feeds/1/2",
                "query": "portes OR salon",
                "active": "on",
            },
        )
    assert response.status_code == 302 and response["Location"] == reverse("listening_source_list")
    source = Source.objects.get(name="Alertes Google")
    assert (source.kind, source.config, source.query, source.created_by) == (
        "feed",
        {"url": "https://www.google.com/alerts/feeds/1/2"},
        "portes OR salon",
        world.users["comms"],
    )
    assert Mention.objects.filter(source=source).count() == 1
    listed = page(client.get(reverse("listening_source_list")))
    assert "Source “Alertes Google” added" in listed
    assert f"{reverse('listening_stream')}?source={source.pk}" in listed


@pytest.mark.parametrize("url", ["ftp://example.com/feed", "javascript:alert(1)", "example.com/feed", ""])
def test_a_feed_address_that_is_not_http_is_refused_naming_the_field(login, world, url) -> None:
    english(world, "admin")
    response = login("admin").post(
        reverse("listening_source_new") + "?kind=feed", {"name": "Flux", "url": url}
    )
    assert response.status_code == 400
    assert 'class="field-error"' in _field(page(response), "url")
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1/feed", "points to a private or local network (127.0.0.1)"),
        ("http://10.0.0.8/rss", "points to a private or local network (10.0.0.8)"),
        ("http://169.254.169.254/latest/meta-data/", "points to a cloud metadata service"),
        ("http://2130706433/feed", "writes an IP address in an unusual form"),
    ],
)
def test_a_feed_on_a_private_address_is_refused_with_a_clear_message(login, world, url, message) -> None:
    english(world, "admin")
    response = login("admin").post(
        reverse("listening_source_new") + "?kind=feed", {"name": "Flux", "url": url}
    )
    assert response.status_code == 400
    assert message in page(response)
    assert not Source.objects.exists()


def test_a_name_that_resolves_to_loopback_is_refused_at_fetch_and_the_health_says_so(
    login, world, django_capture_on_commit_callbacks
) -> None:
    english(world, "admin")
    client = login("admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("listening_source_new") + "?kind=feed",
            {"name": "Piège", "url": "http://localhost/feed", "active": "on"},
        )
    assert response.status_code == 302
    source = Source.objects.get(name="Piège")
    assert source.error_count == 1 and "private or local network" in source.last_errors["en"]
    row = _row(page(client.get(reverse("listening_source_list"))), source)
    assert "private or local network (127.0.0.1)" in row or "private or local network (::1)" in row
    assert not Mention.objects.exists()


def test_a_bad_query_is_refused_naming_the_query_field(login, world, fake_feed) -> None:
    english(world, "admin")
    response = login("admin").post(
        reverse("listening_source_new") + "?kind=feed",
        {"name": "Flux", "url": "https://example.com/feed", "query": "(salaire OR"},
    )
    assert response.status_code == 400
    assert 'class="field-error"' in _field(page(response), "query")
    assert not Source.objects.exists()


def test_an_unknown_kind_of_source_is_a_form_error(login, world) -> None:
    english(world, "admin")
    response = login("admin").get(reverse("listening_source_new"), {"kind": "telegram"})
    assert response.status_code == 400
    assert "Kind of source — Select a valid choice." in page(response)


def test_an_account_token_is_required_stored_and_never_shown_back(login, world, fake_mastodon) -> None:
    english(world, "comms")
    client = login("comms")
    url = reverse("listening_source_new") + "?kind=mastodon_mentions"
    missing = client.post(url, {"name": "Nos mentions", "instance": "mastodon.social"})
    assert missing.status_code == 400 and not Source.objects.exists()
    assert "This field is required." in _field(page(missing), "secret")
    client.post(
        url, {"name": "Nos mentions", "instance": "mastodon.social", "secret": "s3cr3t-token", "active": "on"}
    )
    source = Source.objects.get()
    assert (source.config, source.secret) == ({"instance": "mastodon.social"}, "s3cr3t-token")
    edit = client.get(reverse("listening_source_edit", args=[source.pk]))
    assert "s3cr3t-token" not in edit.content.decode()
    assert "Leave empty to keep the one stored" in page(edit)
    client.post(
        reverse("listening_source_edit", args=[source.pk]),
        {"name": "Nos mentions Mastodon", "instance": "mastodon.social", "secret": "", "active": "on"},
    )
    source.refresh_from_db()
    assert (source.name, source.secret) == ("Nos mentions Mastodon", "s3cr3t-token")


def test_a_source_is_paused_given_a_competitor_and_fetched_now(
    login, world, fake_feed, django_capture_on_commit_callbacks
) -> None:
    source = source_make(
        world.organisation, name="Concurrent", config={"url": "https://rival.example.com/feed"}
    )
    fake_feed.results.append(FetchResult(items=[item_make("Rival recrute 200 personnes")]))
    english(world, "comms")
    client = login("comms")
    response = client.post(
        reverse("listening_source_edit", args=[source.pk]),
        {"name": "Concurrent", "url": "https://rival.example.com/feed", "competitor_name": "Rival SA"},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.active, source.competitor, source.competitor_name) == (False, True, "Rival SA")
    client.post(reverse("listening_source_fetch", args=[source.pk]))
    listed = page(client.get(reverse("listening_source_list")))
    assert "“Concurrent” is paused" in listed and "competitor: Rival SA" in listed
    assert not Mention.objects.exists()
    client.post(
        reverse("listening_source_edit", args=[source.pk]),
        {
            "name": "Concurrent",
            "url": "https://rival.example.com/feed",
            "competitor_name": "Rival SA",
            "active": "on",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("listening_source_fetch", args=[source.pk]))
    assert Mention.objects.filter(source=source).count() == 1
    assert "“Concurrent” is being fetched" in page(client.get(reverse("listening_source_list")))


def test_deleting_a_source_deletes_its_mentions(login, world) -> None:
    source = source_make(world.organisation, name="Vieux flux")
    mention_make(source, "Ancienne mention")
    english(world, "admin")
    client = login("admin")
    assert "Delete the source and its mentions" in page(
        client.get(reverse("listening_source_edit", args=[source.pk]))
    )
    response = client.post(reverse("listening_source_delete", args=[source.pk]))
    assert response.status_code == 302
    assert not Source.objects.exists() and not Mention.objects.exists()


def test_an_import_is_not_fetched(login, world) -> None:
    source = source_make(world.organisation, name="Import presse", kind="table", config={})
    english(world, "admin")
    client = login("admin")
    edit = page(client.get(reverse("listening_source_edit", args=[source.pk])))
    assert 'name="active"' not in edit and 'name="url"' not in edit
    client.post(reverse("listening_source_fetch", args=[source.pk]))
    assert "“Import presse” is an import: it is not fetched." in page(
        client.get(reverse("listening_source_list"))
    )
