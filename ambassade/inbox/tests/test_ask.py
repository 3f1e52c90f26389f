"""The "Ask us" form of a career site: consent required and stated with the retention period, a
honeypot, rate limits per visitor and per e-mail address, a clear message for a bad address, and a
confirmation e-mail (through a real SMTP server) in the candidate's language."""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest
from django.urls import reverse

from ambassade.inbox.models import Conversation
from ambassade.listening.models import ListeningSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _bilingual_site(world) -> None:
    world.hq.languages = ["fr", "en"]
    world.hq.save(update_fields=["languages"])


def _url(world, name: str = "inbox_ask") -> str:
    return reverse(name, kwargs={"entity_slug": world.hq.slug})


def _data(**values: str) -> dict[str, str]:
    data = {
        "name": "Léa Dupont",
        "email": "lea.dupont@example.net",
        "question": "Bonjour, proposez-vous du télétravail ?",
        "language": "fr",
        "consent": "on",
        "website": "",
    }
    data.update(values)
    return data


def test_the_form_states_the_retention_period_in_the_sites_language(world, client) -> None:
    ListeningSettings.objects.create(organisation=world.organisation, retention_days=200)
    page = client.get(_url(world)).content.decode()
    assert "pendant 200 jours" in page or "200 days" in page
    assert 'name="website"' in page and 'name="consent"' in page
    english = client.get(_url(world) + "?lang=en")
    assert english.status_code == 200


def test_a_question_is_stored_and_confirmed_by_e_mail(
    world, client, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(world), _data(language="en"))
    assert response.status_code == 302
    assert response["Location"] == _url(world, "inbox_ask_thanks")
    conversation = Conversation.objects.get()
    assert (conversation.channel, conversation.entity, conversation.language) == ("ask", world.hq, "en")
    # The consent as shown, in the page's language (French here), with the retention period.
    assert conversation.consent_at is not None and " 365 " in conversation.consent_text
    [message] = smtp_inbox.messages
    assert message["To"] == "lea.dupont@example.net"
    assert str(make_header(decode_header(message["Subject"]))) == "We have received your question · Siège"
    body = smtp_inbox.bodies()[0]
    assert "365 days" in body and "télétravail" not in body
    assert not any(part.get_content_type() == "text/html" for part in message.walk())


def test_consent_is_required(world, client) -> None:
    response = client.post(_url(world), _data(consent=""))
    assert response.status_code == 400
    assert "Cochez cette case" in response.content.decode() or "Tick this box" in response.content.decode()
    assert not Conversation.objects.exists()


def test_a_bad_e_mail_address_gets_a_message_naming_it(world, client) -> None:
    response = client.post(_url(world) + "?lang=en", _data(email="lea@"))
    assert response.status_code == 400
    assert "Enter a valid e-mail address, such as name@example.org." in response.content.decode()


def test_the_honeypot_keeps_robots_out(world, client) -> None:
    response = client.post(_url(world), _data(website="http://spam.example"))
    assert response.status_code == 400
    assert not Conversation.objects.exists()


def test_a_visitor_is_limited_to_five_questions_in_ten_minutes(world, client) -> None:
    for index in range(5):
        assert client.post(_url(world), _data(email=f"person{index}@example.net")).status_code == 302
    refused = client.post(_url(world) + "?lang=en", _data(email="sixth@example.net"))
    assert refused.status_code == 429
    assert "Please wait 10 minutes" in refused.content.decode()
    assert Conversation.objects.count() == 5


def test_an_address_is_limited_to_three_questions_whatever_the_visitor(world, client) -> None:
    for index in range(3):
        sent = client.post(_url(world), _data(), REMOTE_ADDR=f"192.0.2.{index + 1}")
        assert sent.status_code == 302
    assert client.post(_url(world), _data(), REMOTE_ADDR="192.0.2.50").status_code == 429
    assert Conversation.objects.count() == 3


def test_an_unknown_career_site_is_a_404(world, client) -> None:
    assert client.get(reverse("inbox_ask", kwargs={"entity_slug": "nowhere"})).status_code == 404
