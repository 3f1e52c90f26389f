"""E-mail subscribers: double opt-in, the issue in their language on publication, one-click leave."""

from __future__ import annotations

import re
from datetime import date, timedelta
from email.header import decode_header, make_header

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ambassade.intranet.models import Issue, Subscription
from ambassade.intranet.services import digests_publish_due, issue_publish, subscriptions_purge
from ambassade.intranet.tests.support import digest_make, subscriber_make
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


def _link(body: str) -> str:
    match = re.search(r"http://\S+/digest/\S+/", body)
    assert match, body
    return match.group(0).replace("http://127.0.0.1:8000", "")


def test_subscribing_takes_a_confirmation_by_the_e_mailed_link(
    world: World, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    digest = digest_make(world.organisation)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):  # the confirmation leaves in the background
        response = client.post(
            reverse("intranet_subscribe", args=[digest.token]) + "?lang=en",
            {"email": "lea@example.org", "language": "en", "website": ""},
        )
    assert response.status_code == 200 and 'id="subscribe-sent"' in response.content.decode()
    subscription = Subscription.objects.get(email="lea@example.org")
    assert subscription.confirmed_at is None and subscription.language == "en"
    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == "lea@example.org" and "Confirm your subscription" in str(
        make_header(decode_header(message["Subject"]))
    )
    link = _link(smtp_inbox.bodies()[0])
    assert client.get(link).status_code == 200  # a mail scanner opening the link confirms nothing
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    assert 'id="subscription-confirmed"' in client.post(link).content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_a_robot_filling_the_hidden_field_or_a_bad_address_is_refused(world: World, smtp_inbox) -> None:
    digest = digest_make(world.organisation)
    url = reverse("intranet_subscribe", args=[digest.token])
    assert (
        Client().post(url, {"email": "x@example.org", "language": "fr", "website": "spam"}).status_code == 400
    )
    assert Client().post(url, {"email": "pas une adresse", "language": "fr"}).status_code == 400
    assert Subscription.objects.count() == 0 and smtp_inbox.messages == []


def test_subscription_requests_are_rate_limited_like_the_ask_us_form(world: World, smtp_inbox) -> None:
    digest = digest_make(world.organisation)
    url = reverse("intranet_subscribe", args=[digest.token])
    statuses = [
        Client().post(url, {"email": f"p{n}@example.org", "language": "fr"}).status_code for n in range(6)
    ]
    assert statuses == [200, 200, 200, 200, 200, 429]
    same = [
        Client(REMOTE_ADDR=f"10.0.0.{n}").post(url, {"email": "a@example.org", "language": "fr"})
        for n in range(4)
    ]
    assert [response.status_code for response in same] == [200, 200, 200, 429]


def test_publication_e_mails_confirmed_subscribers_in_their_language_with_an_unsubscribe_header(
    world: World, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    digest = digest_make(world.organisation, title="Les nouvelles")
    subscriber_make(digest, "fr@example.org", language="fr")
    subscriber_make(digest, "en@example.org", language="en")
    subscriber_make(digest, "pending@example.org", confirmed=False)
    today = date.today()
    with django_capture_on_commit_callbacks(execute=True):
        issue = issue_publish(digest=digest, start=today - timedelta(days=6), end=today)
    assert issue is not None
    issue.refresh_from_db()
    assert issue.recipients == 2 and issue.emailed_at is not None
    by_address = {message["To"]: message for message in smtp_inbox.messages}
    assert set(by_address) == {"fr@example.org", "en@example.org"}
    english = by_address["en@example.org"]
    assert english.is_multipart()
    assert {part.get_content_type() for part in english.walk()} >= {"text/plain", "text/html"}
    unsubscribe = "".join(english["List-Unsubscribe"].split()).strip("<>")
    assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = smtp_inbox.bodies()[[m["To"] for m in smtp_inbox.messages].index("en@example.org")]
    assert "Who became active" in text and unsubscribe in text
    # One click: the mail program posts to the header's address.
    path = unsubscribe.replace("http://127.0.0.1:8000", "")
    assert Client().post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Subscription.objects.filter(email="en@example.org").exists()


def test_an_issue_is_e_mailed_once(world: World, smtp_inbox, django_capture_on_commit_callbacks) -> None:
    from ambassade.intranet.services import issue_email_send

    digest = digest_make(world.organisation)
    subscriber_make(digest, "fr@example.org")
    today = date.today()
    with django_capture_on_commit_callbacks(execute=True):
        issue = issue_publish(digest=digest, start=today, end=today)
    assert issue is not None
    assert issue_email_send(issue_id=issue.pk) == 0
    assert len(smtp_inbox.messages) == 1
    assert issue_publish(digest=digest, start=today, end=today) is None  # the same period again


def test_unconfirmed_requests_are_deleted_after_a_week(world: World) -> None:
    digest = digest_make(world.organisation)
    old = subscriber_make(digest, "old@example.org", confirmed=False)
    Subscription.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    subscriber_make(digest, "new@example.org", confirmed=False)
    subscriber_make(digest, "kept@example.org")
    Subscription.objects.filter(email="kept@example.org").update(
        created_at=timezone.now() - timedelta(days=80)
    )
    assert subscriptions_purge() == 1
    assert sorted(Subscription.objects.values_list("email", flat=True)) == [
        "kept@example.org",
        "new@example.org",
    ]


def test_the_scheduled_publication_sends_the_e_mails(
    world: World, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    from datetime import UTC, datetime

    from ambassade.intranet.models import Digest

    digest = digest_make(world.organisation, weekday=0, hour=9)
    Digest.objects.filter(pk=digest.pk).update(created_at=datetime(2026, 1, 1, tzinfo=UTC))
    subscriber_make(digest, "fr@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        digests_publish_due(now=datetime(2026, 1, 12, 8, 30, tzinfo=UTC))
    assert Issue.objects.get(digest=digest).recipients == 1
    assert len(smtp_inbox.messages) == 1
