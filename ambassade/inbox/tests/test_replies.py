"""Answering: canned answers with their variables in the conversation's language, the e-mail reply
(plain text: a candidate's <script> stays text), the network's reply dialogs, recording a reply."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ambassade.inbox import services
from ambassade.inbox.models import Conversation, Message
from ambassade.inbox.tests.support import ask_create, canned_create, mention_create
from ambassade.listening.models import Mention
from ambassade.listening.signals import mention_flagged

pytestmark = pytest.mark.django_db


def test_a_canned_answer_is_filled_in_for_the_candidate_in_their_language(world) -> None:
    answer = canned_create(
        world.organisation, body_fr="Bonjour {first_name} ({name}) : {site_url} {faq_url} {autre}"
    )
    french = ask_create(world.hq, name="Léa Dupont")
    english = ask_create(world.hq, name="Sam Smith", email="sam@example.net", language="en")
    text = services.canned_answer_render(answer=answer, conversation=french)
    assert text.startswith("Bonjour Léa (Léa Dupont) : http")
    assert f"/careers/{world.hq.slug}/" in text and text.endswith("{autre}")
    assert "/faq/" in text or "/advice/" in text
    assert services.canned_answer_render(answer=answer, conversation=english).startswith("Hello Sam, yes")
    assert answer.variables == ["faq_url", "first_name", "name", "site_url"]


def test_a_canned_answer_missing_in_one_language_falls_back_to_the_other(world) -> None:
    answer = canned_create(world.organisation, body_en="")
    english = ask_create(world.hq, language="en")
    assert services.canned_answer_render(answer=answer, conversation=english).startswith("Bonjour Léa")


def test_the_reply_is_e_mailed_as_plain_text_and_a_script_stays_inert(
    world, login, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    conversation = ask_create(world.hq, question="<script>alert(1)</script> Et le salaire ?")
    client = login("comms")
    page = client.get(reverse("inbox_conversation", args=[conversation.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("inbox_reply", args=[conversation.pk]),
            {"body": "Bonjour <b>Léa</b>, 40 k€.", "close": "on"},
        )
    assert response.status_code == 302
    [message] = smtp_inbox.messages
    assert message["To"] == "lea.dupont@example.net"
    assert [part.get_content_type() for part in message.walk()] == ["text/plain"]
    assert "Bonjour <b>Léa</b>, 40 k€." in smtp_inbox.bodies()[0]
    conversation.refresh_from_db()
    assert conversation.status == "closed" and conversation.first_response_at is not None


def test_a_mention_has_no_e_mail_reply_but_a_network_dialog(world, login) -> None:
    mention = mention_create(world.organisation, url="https://mastodon.example/@jeanne/110042")
    mention_flagged.send(sender=Mention, mention=mention)
    conversation = Conversation.objects.get()
    with pytest.raises(Exception, match="no e-mail address"):
        services.reply_send_email(actor=world.users["comms"], conversation=conversation, body="Bonjour")
    page = login("comms").get(reverse("inbox_conversation", args=[conversation.pk])).content.decode()
    assert (
        'href="https://mastodon.example/authorize_interaction?uri=https%3A%2F%2Fmastodon.example%2F%40jeanne%2F110042"'
        in page
    )
    assert 'id="reply-record"' in page and 'id="reply-send"' not in page


@pytest.mark.parametrize(
    ("platform", "url", "expected"),
    [
        (
            "bluesky",
            "https://bsky.app/profile/jeanne.bsky.social/post/3k",
            "https://bsky.app/intent/compose?text=%40jeanne.bsky.social%20Bonjour%20%21",
        ),
        (
            "x",
            "https://x.com/jeanne/status/1790000000000000000",
            "https://x.com/intent/post?in_reply_to=1790000000000000000&text=Bonjour+%21",
        ),
        ("web", "javascript:alert(1)", ""),
    ],
)
def test_each_network_has_its_reply_dialog(world, platform: str, url: str, expected: str) -> None:
    mention = mention_create(
        world.organisation, platform=platform, url=url, author_handle="jeanne.bsky.social"
    )
    conversation = services.conversation_from_mention(mention=mention)
    assert conversation is not None
    assert services.network_reply_url(conversation=conversation, text="Bonjour !") == expected


def test_a_reply_recorded_from_the_screen_keeps_its_time(world, login) -> None:
    mention = mention_create(world.organisation)
    conversation = services.conversation_from_mention(mention=mention)
    assert conversation is not None
    Conversation.objects.filter(pk=conversation.pk).update(
        created_at="2026-01-10T08:00:00Z", due_at="2026-01-11T08:00:00Z"
    )
    response = login("recruiter").post(
        reverse("inbox_record", args=[conversation.pk]),
        {"body": "Répondu sur Mastodon", "at": "2026-01-10T10:30"},
    )
    assert response.status_code == 302
    message = Message.objects.get(direction="out")
    assert message.sent_via == "network" and message.author == world.users["recruiter"]
    conversation.refresh_from_db()
    assert conversation.first_response_at == message.at
    assert (conversation.first_response_at - conversation.created_at).total_seconds() == pytest.approx(
        2.5 * 3600, abs=3600
    )


def test_an_empty_reply_is_refused_with_a_message(world, login) -> None:
    conversation = ask_create(world.hq)
    response = login("admin").post(reverse("inbox_reply", args=[conversation.pk]), {"body": " "})
    assert response.status_code == 400
    assert not Message.objects.filter(direction="out").exists()
