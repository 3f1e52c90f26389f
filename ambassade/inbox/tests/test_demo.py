"""The demo's inbox: about 120 conversations over six months across channels and statuses, replies
with realistic times, canned answers in both languages and a published FAQ on the main career site;
the same every time."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.utils import timezone
from faker import Faker

from ambassade.demo.generate import DemoContext
from ambassade.demo.inbox import CONVERSATIONS, inbox_create
from ambassade.inbox import selectors
from ambassade.inbox.models import CannedAnswer, Conversation, FaqEntry, Message
from ambassade.inbox.tests.support import mention_create

pytestmark = pytest.mark.django_db


def _context(world) -> DemoContext:
    world.hq.slug = "siege"
    world.hq.save(update_fields=["slug"])
    context = DemoContext(
        organisation=world.organisation,
        password_hash="",
        today=date.today(),
        rng=random.Random(1),
        faker=Faker("fr_FR"),
    )
    context.entities = {"siege": world.hq, "sud": world.subsidiary}
    context.users = dict(world.users)
    context.reseed("inbox")
    return context


def test_the_demo_inbox_is_varied_measured_and_deterministic(world) -> None:
    for index in range(10):
        mention_create(
            world.organisation,
            f"Question numéro {index} sur l'entretien ?",
            published_at=timezone.now() - timedelta(days=10 * index + 5),
        )
    inbox_create(_context(world))
    assert Conversation.objects.count() == CONVERSATIONS
    assert {"mention", "ask"} <= set(Conversation.objects.values_list("channel", flat=True))
    assert len(set(Conversation.objects.values_list("status", flat=True))) >= 4
    assert Message.objects.filter(direction="out").count() > CONVERSATIONS // 2
    assert all(answer.body_fr and answer.body_en for answer in CannedAnswer.objects.all())
    published = FaqEntry.objects.filter(entity=world.hq, status="published")
    assert {entry.language for entry in published} == {"fr", "en"}
    since, until = selectors.default_metrics_window()
    rows = selectors.inbox_metrics(membership=world.users["admin"].membership, since=since, until=until)[
        "channel"
    ]
    assert all(row.first_response.median_hours is not None for row in rows)
    first = sorted(Conversation.objects.values_list("subject", "status"))
    Conversation.objects.all().delete()
    CannedAnswer.objects.all().delete()
    FaqEntry.objects.all().delete()
    inbox_create(_context(world))
    assert sorted(Conversation.objects.values_list("subject", "status")) == first
