"""The inbox screens: the list with its filters, counts and overdue rows; assigning, changing the
status and noting from a conversation; canned answers managed by HR admins and comms."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from ambassade.inbox.models import CannedAnswer, Conversation, Message
from ambassade.inbox.tests.support import age, ask_create, hours_ago

pytestmark = pytest.mark.django_db


def test_the_list_shows_counts_and_highlights_overdue_conversations(world, login) -> None:
    late = age(ask_create(world.hq, question="En retard ?"), hours_ago(30))
    ask_create(world.hq, question="Toute fraîche ?", email="b@example.net")
    page = login("recruiter").get(reverse("inbox_list")).content.decode()
    assert f'data-conversation="{late.pk}" class="overdue" data-overdue="1"' in page
    assert 'data-status="new" data-count="2"' in page and 'data-status="overdue" data-count="1"' in page
    assert 'id="overdue-notice"' in page


def test_the_list_filters_by_status_channel_assignee_and_overdue(world, login) -> None:
    late = age(ask_create(world.hq, question="En retard ?"), hours_ago(30))
    mine = ask_create(world.hq, question="À moi ?", email="b@example.net")
    client = login("comms")
    client.post(reverse("inbox_assign", args=[mine.pk]), {"assignee": world.users["comms"].pk})
    overdue = client.get(reverse("inbox_list"), {"overdue": "on"}).content.decode()
    assert "En retard ?" in overdue and "À moi ?" not in overdue
    assigned = client.get(reverse("inbox_list"), {"assignee": "me"}).content.decode()
    assert "À moi ?" in assigned and "En retard ?" not in assigned
    assert (
        "En retard ?"
        in client.get(reverse("inbox_list"), {"status": "new", "channel": "ask"}).content.decode()
    )
    assert late.pk != mine.pk


def test_a_bad_filter_is_a_400_naming_it(world, login) -> None:
    response = login("admin").get(reverse("inbox_list"), {"status": "lost"})
    assert response.status_code == 400


def test_assigning_opens_the_conversation_and_only_inbox_members_can_be_chosen(world, login) -> None:
    conversation = ask_create(world.hq)
    client = login("admin")
    refused = client.post(
        reverse("inbox_assign", args=[conversation.pk]), {"assignee": world.users["manager"].pk}
    )
    assert refused.status_code == 400
    client.post(reverse("inbox_assign", args=[conversation.pk]), {"assignee": world.users["recruiter"].pk})
    conversation.refresh_from_db()
    assert (conversation.assignee, conversation.status) == (world.users["recruiter"], "open")
    page = client.get(reverse("inbox_conversation", args=[conversation.pk])).content.decode()
    assert "Recruiter" in page


def test_status_and_notes_from_the_conversation_page(world, login) -> None:
    conversation = ask_create(world.hq)
    client = login("recruiter")
    client.post(reverse("inbox_status", args=[conversation.pk]), {"status": "waiting"})
    client.post(reverse("inbox_note", args=[conversation.pk]), {"note-body": "Rappeler lundi"})
    conversation.refresh_from_db()
    assert conversation.status == "waiting"
    assert Message.objects.get(direction="note").body == "Rappeler lundi"
    assert client.post(reverse("inbox_status", args=[conversation.pk]), {"status": "lost"}).status_code == 400


def test_another_organisations_conversation_is_a_404(world, login) -> None:
    conversation = ask_create(world.hq)
    assert login("outsider").get(reverse("inbox_conversation", args=[conversation.pk])).status_code == 404
    assert Conversation.objects.count() == 1


def test_canned_answers_are_added_changed_and_deleted(world, login) -> None:
    client = login("comms")
    response = client.post(
        reverse("inbox_canned_new"),
        {
            "title": "Merci",
            "body_fr": "Merci {first_name} !",
            "body_en": "Thanks {first_name}!",
            "active": "on",
        },
    )
    assert response.status_code == 302
    answer = CannedAnswer.objects.get()
    assert answer.variables == ["first_name"]
    empty = client.post(
        reverse("inbox_canned_edit", args=[answer.pk]), {"title": "Merci", "body_fr": "", "body_en": ""}
    )
    assert empty.status_code == 400
    client.post(reverse("inbox_canned_delete", args=[answer.pk]))
    assert not CannedAnswer.objects.exists()


def test_the_reply_form_offers_the_canned_answers_filled_in(world, login) -> None:
    CannedAnswer.objects.create(
        organisation=world.organisation, title="Télétravail", body_fr="Bonjour {first_name} !"
    )
    conversation = ask_create(world.hq)
    page = login("recruiter").get(reverse("inbox_conversation", args=[conversation.pk])).content.decode()
    data = re.search(r'<script id="canned-answers" type="application/json">(.*?)</script>', page)
    assert data is not None
    assert [answer["body"] for answer in json.loads(data.group(1))] == ["Bonjour Léa !"]
