"""Found in review: audit of changes, header-breaking titles, a mail server that is down, feed validity,
HEAD requests, queries per digest, e-mail failures and retries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import feedparser
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ambassade.core.models import AuditEvent
from ambassade.intranet.models import Digest, Subscription
from ambassade.intranet.services import digests_publish_due, issue_email_send, issue_publish
from ambassade.intranet.tests.support import admins_read_english, digest_make, issue_make, subscriber_make
from ambassade.intranet.tests.support import digest_form as _form
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(world: World) -> None:
    admins_read_english(world)


def _mail_server_down(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens there: connection refused
    settings.EMAIL_TIMEOUT = 2


def test_the_audit_of_an_edited_digest_records_what_changed(world: World, login) -> None:
    digest = digest_make(world.organisation, title="Avant", hour=9)
    response = login("comms").post(
        reverse("intranet_digest", args=[digest.pk]), _form(title="Après", hour="7")
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="intranet.digest_update")
    assert event.changes["title"] == ["Avant", "Après"] and event.changes["hour"] == [9, 7]


def test_a_refused_edit_leaves_the_digest_as_it_was_on_its_page(world: World, login) -> None:
    digest = digest_make(world.organisation, title="Les nouvelles")
    response = login("comms").post(
        reverse("intranet_digest", args=[digest.pk]), _form(title="Autre titre", hour="25")
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'class="field-error"' in page
    assert "<h1>Les nouvelles</h1>" in page and "Autre titre</h1>" not in page


def test_a_title_with_a_line_break_is_refused_naming_the_field(world: World, login) -> None:
    response = login("comms").post(
        reverse("intranet_digest_create"), _form(title="Les nouvelles\nBcc: x@y.z")
    )
    assert response.status_code == 200 and Digest.objects.count() == 0
    assert "line break" in response.content.decode()


def test_subscribing_works_even_with_a_title_saved_with_a_line_break(
    world: World, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    digest = digest_make(world.organisation, title="Les nouvelles\r\ndu réseau")
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            reverse("intranet_subscribe", args=[digest.token]),
            {"email": "lecteur@example.org", "language": "fr"},
        )
    assert response.status_code == 200
    assert len(smtp_inbox.messages) == 1
    assert "\n" not in str(smtp_inbox.messages[0]["Subject"]).replace("\n ", "")


def test_a_mail_server_that_is_down_does_not_break_the_subscribe_form(
    world: World, settings, django_capture_on_commit_callbacks
) -> None:
    _mail_server_down(settings)
    digest = digest_make(world.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            reverse("intranet_subscribe", args=[digest.token]),
            {"email": "lecteur@example.org", "language": "fr"},
        )
    assert response.status_code == 200 and 'id="subscribe-sent"' in response.content.decode()
    assert Subscription.objects.filter(email="lecteur@example.org", confirmed_at__isnull=True).exists()


def test_an_issue_whose_e_mails_could_not_leave_is_sent_by_the_next_run_once(
    world: World, settings, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    digest = digest_make(world.organisation)
    subscriber_make(digest, "lecteur@example.org")
    working = settings.EMAIL_PORT
    _mail_server_down(settings)
    today = date.today()
    with django_capture_on_commit_callbacks(execute=True):
        issue = issue_publish(digest=digest, start=today, end=today)
    assert issue is not None
    issue.refresh_from_db()
    assert issue.emailed_at is None and smtp_inbox.messages == []
    assert Subscription.objects.get().last_sent_at is None
    settings.EMAIL_PORT = working
    with django_capture_on_commit_callbacks(execute=True):
        digests_publish_due(now=timezone.now() + timedelta(minutes=30))
    with django_capture_on_commit_callbacks(execute=True):
        digests_publish_due(now=timezone.now() + timedelta(minutes=90))
    assert len(smtp_inbox.messages) == 1
    issue.refresh_from_db()
    assert issue.emailed_at is not None and issue.recipients == 1
    assert issue_email_send(issue_id=issue.pk) == 0


def test_the_atom_feed_has_the_elements_rfc_4287_requires(world: World) -> None:
    digest = digest_make(world.organisation, title="Les nouvelles")
    today = date.today()
    issue_make(digest, today - timedelta(days=6), today)
    body = Client().get(reverse("intranet_atom", args=[digest.token])).content.decode()
    parsed = feedparser.parse(body)
    assert not parsed.bozo
    assert parsed.feed.author == world.organisation.name  # a feed author (no entry has one)
    entry = parsed.entries[0]
    assert entry.id and entry.updated_parsed is not None  # every entry has atom:updated
    assert body.count("<updated>") == 2


def test_the_json_feed_names_its_author(world: World) -> None:
    digest = digest_make(world.organisation)
    document = Client().get(reverse("intranet_json", args=[digest.token])).json()
    assert document["authors"] == [{"name": world.organisation.name}]


@pytest.mark.parametrize(
    "name", ["intranet_latest", "intranet_archive", "intranet_rss", "intranet_atom", "intranet_json"]
)
def test_feed_readers_may_ask_with_head(world: World, name: str) -> None:
    digest = digest_make(world.organisation)
    assert Client().head(reverse(name, args=[digest.token])).status_code == 200


def test_the_digest_lists_do_not_query_once_per_digest(world: World, login) -> None:
    client = login("admin")
    for n in range(2):
        issue_make(digest_make(world.organisation, title=f"D{n}"), date(2026, 1, 5), date(2026, 1, 11))
    counts = {}
    for name in ("intranet_digest_list", "intranet_digest_read"):
        with CaptureQueriesContext(connection) as few:
            assert client.get(reverse(name)).status_code == 200
        counts[name] = len(few)
    for n in range(4):
        issue_make(digest_make(world.organisation, title=f"E{n}"), date(2026, 1, 5), date(2026, 1, 11))
    for name in ("intranet_digest_list", "intranet_digest_read"):
        with CaptureQueriesContext(connection) as more:
            page = client.get(reverse(name)).content.decode()
        assert len(more) == counts[name], name
        assert "E3" in page


def test_the_confirmation_e_mail_is_marked_in_the_subscribers_language(
    world: World, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    digest = digest_make(world.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            reverse("intranet_subscribe", args=[digest.token]) + "?lang=en",
            {"email": "reader@example.org", "language": "en"},
        )
    html = next(
        part.get_payload(decode=True).decode()
        for part in smtp_inbox.messages[0].walk()
        if part.get_content_type() == "text/html"
    )
    assert '<html lang="en">' in html


def test_unsubscribe_and_confirmation_links_sent_before_a_new_address_still_work(world: World, login) -> None:
    digest = digest_make(world.organisation)
    leaving = subscriber_make(digest, "depart@example.org")
    pending = subscriber_make(digest, "attente@example.org", confirmed=False)
    old = digest.token
    login("admin").post(reverse("intranet_digest_rotate", args=[digest.pk]))
    client = Client()
    # RFC 8058: the mail program posts to the List-Unsubscribe address of an e-mail sent before.
    response = client.post(
        reverse("intranet_unsubscribe", args=[old, leaving.unsubscribe_token]),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200 and not Subscription.objects.filter(pk=leaving.pk).exists()
    confirmed = client.post(reverse("intranet_confirm", args=[old, pending.confirm_token]))
    assert confirmed.status_code == 200
    pending.refresh_from_db()
    assert pending.confirmed_at is not None
    # The old address itself shows nothing any more, and a key of another digest does not open this one.
    assert client.get(reverse("intranet_latest", args=[old])).status_code == 404
    other = digest_make(world.organisation, title="Autre")
    stranger = subscriber_make(other, "autre@example.org")
    assert client.post(reverse("intranet_unsubscribe", args=["x" * 24, "y" * 24])).status_code == 404
    page = client.get(
        reverse("intranet_unsubscribe", args=[old, stranger.unsubscribe_token])
    ).content.decode()
    assert "autre@example.org" in page and digest.token not in page


def test_the_time_zone_is_saved_even_when_another_field_of_the_organisation_is_incomplete(
    world: World, login
) -> None:
    from ambassade.orgs.models import Organisation

    Organisation.objects.filter(pk=world.organisation.pk).update(name="")
    response = login("admin").post(reverse("intranet_time_zone"), {"time_zone": "America/Montreal"})
    assert response.status_code == 302
    world.organisation.refresh_from_db()
    assert world.organisation.time_zone == "America/Montreal"


def test_asking_again_gives_a_pending_request_a_full_week_to_be_confirmed(
    world: World, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    from ambassade.intranet.services import subscriptions_purge

    digest = digest_make(world.organisation)
    pending = subscriber_make(digest, "lecteur@example.org", confirmed=False)
    Subscription.objects.filter(pk=pending.pk).update(created_at=timezone.now() - timedelta(days=6))
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            reverse("intranet_subscribe", args=[digest.token]),
            {"email": "lecteur@example.org", "language": "fr"},
        )
    assert len(smtp_inbox.messages) == 1  # a new link, valid for a week ("deleted after 7 days")
    assert subscriptions_purge(now=timezone.now() + timedelta(days=2)) == 0
    assert Subscription.objects.filter(pk=pending.pk).exists()


def test_a_conversation_link_that_would_name_its_author_is_left_out(world: World) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from ambassade.intranet.selectors import content_compute
    from ambassade.listening.models import Mention
    from ambassade.listening.tests.support import mention_make, source_make

    source = source_make(world.organisation, name="Réseaux", kind="manual", config={})
    moment = datetime(2026, 3, 4, 12, tzinfo=ZoneInfo("Europe/Paris"))
    for text, url, handle, name, reach in [
        ("Belle journée portes ouvertes", "https://x.com/Jeanne_D/status/1", "@jeanne_d", "", 30),
        ("Merci pour l'accueil", "https://www.linkedin.com/posts/paul-martin_abc", "", "Paul Martin", 20),
        (
            "Un article sur le forum",
            "https://presse.example.org/forum-emploi",
            "@redaction",
            "La Rédaction",
            10,
        ),
    ]:
        mention = mention_make(source, text, sentiment="positive", published_at=moment, reach=reach)
        Mention.objects.filter(pk=mention.pk).update(url=url, author_handle=handle, author_name=name)
    digest = digest_make(world.organisation)
    rows = content_compute(
        digest=digest,
        start=date(2026, 3, 2),
        end=date(2026, 3, 8),
        now=datetime(2026, 3, 9, tzinfo=ZoneInfo("UTC")),
    )["conversations"]
    assert [row["url"] for row in rows] == ["", "", "https://presse.example.org/forum-emploi"]
    assert "jeanne" not in str(rows).lower() and "paul" not in str(rows).lower()


@pytest.mark.parametrize(
    ("language", "email", "message"),
    [
        ("en", "", "Enter your e-mail address."),
        ("en", "not an address", "Enter a valid e-mail address"),
    ],
)
def test_a_missing_or_bad_address_is_refused_with_a_message_naming_it(
    world: World, language: str, email: str, message: str
) -> None:
    digest = digest_make(world.organisation)
    response = Client().post(
        reverse("intranet_subscribe", args=[digest.token]) + f"?lang={language}",
        {"email": email, "language": language},
    )
    assert response.status_code == 400 and message in response.content.decode()
