"""The demo's listening: six months of French and English mentions on real-looking venues, a restructuring
rumour that the spike alerts caught, a gold set with its scores over time, and the same data every time."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.db.models import Count
from django.utils import timezone

from ambassade.demo.generate import DemoContext
from ambassade.demo.listening import listening_create
from ambassade.listening.models import Alert, LabelCorrection, Mention, ScoreSnapshot, Source, Theme
from ambassade.listening.tests.support import encoder_hashing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _hashing(settings) -> None:
    encoder_hashing(settings)


def _context(world) -> DemoContext:
    context = DemoContext(
        organisation=world.organisation, password_hash=make_password(None), today=timezone.localdate()
    )
    context.users = {name: world.users[name] for name in ("admin", "comms")}
    context.reseed("listening")
    return context


def test_the_demo_stream_has_thousands_of_enriched_mentions_a_spike_and_alerts(world) -> None:
    started = time.monotonic()
    listening_create(_context(world))
    elapsed = time.monotonic() - started
    mentions = Mention.objects.filter(organisation=world.organisation)
    assert 2500 <= mentions.count() <= 3800, mentions.count()
    assert mentions.filter(tier="immediate").count() == mentions.count()
    languages = dict(mentions.values_list("lang").annotate(n=Count("pk")))
    assert languages["fr"] > languages["en"] > 300
    venues = set(mentions.values_list("venue", flat=True))
    assert {"lemonde.fr", "reddit.com", "mastodon.social", "bsky.app", "x.com", "glassdoor.fr"} <= venues
    oldest = mentions.order_by("published_at").first()
    assert oldest is not None and oldest.published_at < timezone.now() - timedelta(days=170)
    assert mentions.filter(mention_themes__theme__slug="restructuring").count() > 100
    kinds = set(Alert.objects.filter(organisation=world.organisation).values_list("kind", flat=True))
    assert kinds == {"volume_spike", "negative_spike"}
    assert Source.objects.filter(organisation=world.organisation, competitor=True).count() == 1
    assert LabelCorrection.objects.filter(organisation=world.organisation).count() >= 60
    assert ScoreSnapshot.objects.filter(organisation=world.organisation, task="sentiment").count() >= 3
    assert Theme.objects.filter(organisation=world.organisation, discovered=True, active=False).exists()
    assert mentions.filter(duplicate_of__isnull=False).exists()
    print(f"listening demo step: {elapsed:.1f} s for {mentions.count()} mentions")


def test_the_demo_stream_is_the_same_every_time(world) -> None:
    listening_create(_context(world))
    first = list(Mention.objects.order_by("external_id").values_list("external_id", "text", "venue")[:50])
    Source.objects.filter(organisation=world.organisation).delete()
    Theme.objects.filter(organisation=world.organisation).delete()
    Alert.objects.all().delete()
    listening_create(_context(world))
    assert (
        list(Mention.objects.order_by("external_id").values_list("external_id", "text", "venue")[:50])
        == first
    )
