"""Spike alerts: the last 24 hours against the median day of the 28 before, once a day per kind, in the app
and by e-mail in each reader's language, with what people posted quoted as inert text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from ambassade.listening import periodic
from ambassade.listening.alerts import alert_email, alerts_check
from ambassade.listening.ingest import mentions_ingest
from ambassade.listening.models import Alert, ListeningSettings, Mention
from ambassade.listening.tests.support import encoder_hashing, item_make, source_make
from ambassade.orgs.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _hashing(settings) -> None:
    encoder_hashing(settings)


def _post(source, count: int, *, hours_ago: float, sentiment: str = "neutral", text: str = "") -> None:
    now = timezone.now()
    items = [
        item_make(
            text
            or f"Publication numéro {index} sur les offres d'emploi de la Région et ses agents {hours_ago}",
            published_at=now - timedelta(hours=hours_ago, minutes=index),
        )
        for index in range(count)
    ]
    mentions_ingest(source=source, items=items, enrich_full=False)
    ids = [m.pk for m in Mention.objects.filter(external_id__in=[item.external_id for item in items])]
    Mention.objects.filter(pk__in=ids).update(sentiment=sentiment, duplicate_of=None)


def _usual_days(source, per_day: int = 4) -> None:
    for day in range(1, 29):
        _post(source, per_day, hours_ago=24 * day + 2)


def test_a_volume_spike_raises_one_alert_a_day(world) -> None:
    source = source_make(world.organisation)
    _usual_days(source)
    _post(source, 12, hours_ago=3)
    raised = alerts_check()
    assert [alert.kind for alert in raised] == ["volume_spike"]
    alert = raised[0]
    assert (alert.value, alert.baseline) == (12, 4)
    assert "12" in alert.message_fr and "4" in alert.message_en and alert.message_fr != alert.message_en
    assert alerts_check() == []
    assert Alert.objects.count() == 1


def test_a_negative_spike_is_its_own_alert(world) -> None:
    source = source_make(world.organisation)
    _usual_days(source)
    _post(source, 12, hours_ago=2, sentiment="negative")
    kinds = {alert.kind for alert in alerts_check()}
    assert kinds == {"volume_spike", "negative_spike"}


def test_no_alert_at_the_usual_level_or_below_the_minimum_volume(world) -> None:
    source = source_make(world.organisation)
    _usual_days(source)
    _post(source, 6, hours_ago=3)
    assert alerts_check() == []  # 6 < 2 × 4
    quiet = source_make(world.foreign_organisation)
    _post(quiet, 8, hours_ago=3)  # nothing before, but under the minimum of 10
    assert alerts_check() == []


def test_the_spike_factor_and_minimum_are_the_organisation_s(world) -> None:
    ListeningSettings.objects.create(organisation=world.organisation, spike_factor=1.2, min_volume=5)
    source = source_make(world.organisation)
    _usual_days(source)
    _post(source, 6, hours_ago=3)
    assert [alert.kind for alert in alerts_check()] == ["volume_spike"]


def test_the_alert_is_emailed_in_each_reader_s_language_with_inert_quotes(
    world, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    comms = world.users["comms"]
    comms.email = "camille@example.org"
    comms.save()
    Membership.objects.filter(user=comms).update(language="en")
    ListeningSettings.objects.create(
        organisation=world.organisation, alert_emails="camille@example.org\nveille@example.org"
    )
    source = source_make(world.organisation)
    _usual_days(source)
    _post(source, 11, hours_ago=3, text="Rien à signaler")
    _post(
        source,
        1,
        hours_ago=1,
        text='Scandale <script>alert("x")</script> <a href="javascript:alert(1)" onclick="steal()">ici</a>',
    )
    with django_capture_on_commit_callbacks(execute=True):
        periodic.alerts_check()
    assert len(smtp_inbox.messages) == 2
    by_address = {message["To"]: message for message in smtp_inbox.messages}
    english, french = by_address["camille@example.org"], by_address["veille@example.org"]
    alert = Alert.objects.get()
    assert english["Subject"].startswith("Listening alert") and escape(alert.message_en) in _html(english)
    assert escape(alert.message_fr) in _html(
        french
    )  # the French message (translated once the catalogue is built)
    html = _html(english)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html and 'onclick="steal' not in html
    with django_capture_on_commit_callbacks(execute=True):
        periodic.alerts_check()
    assert len(smtp_inbox.messages) == 2


def _html(message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/html")
    return part.get_payload(decode=True).decode()


def test_an_alert_email_links_to_the_stream(world) -> None:
    source = source_make(world.organisation)
    _usual_days(source, per_day=1)
    _post(source, 10, hours_ago=1)
    alert = alerts_check()[0]
    message = alert_email(alert=alert, address="x@example.org")
    assert "http" in message.body and message.to == ["x@example.org"]


def test_a_spike_across_midnight_is_not_alerted_again_the_next_day(world) -> None:
    source = source_make(world.organisation)
    _usual_days(source)
    _post(source, 12, hours_ago=3)
    now = timezone.now()
    first = alerts_check(now=now)
    assert [alert.kind for alert in first] == ["volume_spike"]
    Alert.objects.filter(pk=first[0].pk).update(day=first[0].day - timedelta(days=1))  # raised "yesterday"
    assert alerts_check(now=now + timedelta(hours=1)) == []


def test_an_unanswered_alert_the_inbox_already_emailed_is_not_emailed_again(world, smtp_inbox) -> None:
    from ambassade.listening.alerts import alert_emails_send

    ListeningSettings.objects.create(organisation=world.organisation, alert_emails="veille@example.org")
    now = timezone.now()
    alert = Alert.objects.create(
        organisation=world.organisation,
        kind=Alert.Kind.UNANSWERED,
        period_start=now - timedelta(hours=30),
        period_end=now,
        day=timezone.localdate(now),
        object_ref="inbox.conversation:1",
        emailed_at=now,
    )
    assert alert_emails_send(alert_id=alert.pk) == 0 and smtp_inbox.messages == []


def test_an_alert_email_subject_is_one_line(world) -> None:
    source = source_make(world.organisation)
    _usual_days(source, per_day=1)
    _post(source, 10, hours_ago=1)
    world.organisation.name = "Région\nBcc: x@evil.example"
    world.organisation.save()
    message = alert_email(alert=alerts_check()[0], address="x@example.org")
    assert "\n" not in message.subject and "\n" not in str(message.message()["Subject"])


def test_a_competitor_s_spike_is_not_an_alert_about_us(world) -> None:
    ours = source_make(world.organisation)
    _usual_days(ours)
    rival = source_make(world.organisation, name="Concurrent", competitor=True, competitor_name="Rival")
    _post(rival, 30, hours_ago=2, sentiment="negative", text="")
    assert alerts_check() == []
