"""Mentions in: never fetched twice, the source's query, duplicates and near-duplicates, the immediate
enrichment at once, the full one in the background, and the inbox told about questions and worries."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from ambassade.listening.ingest import mentions_enrich_full, mentions_ingest
from ambassade.listening.models import LabelCorrection, Mention, Source
from ambassade.listening.services import themes_ensure
from ambassade.listening.signals import mention_flagged
from ambassade.listening.tests.support import encoder_hashing, item_make, mention_make, source_make

pytestmark = pytest.mark.django_db

ARTICLE = (
    "La Région annonce un plan de recrutement de 300 agents pour ses lycées et ses services techniques "
    "d'ici la fin de l'année prochaine"
)


@pytest.fixture(autouse=True)
def _hashing(settings) -> None:
    encoder_hashing(settings)


@pytest.fixture
def flagged():
    received: list[Mention] = []

    def receiver(sender, mention, **kwargs) -> None:
        received.append(mention)

    mention_flagged.connect(receiver)
    yield received
    mention_flagged.disconnect(receiver)


def test_new_items_become_mentions_enriched_at_once_with_their_venue(world) -> None:
    source = source_make(world.organisation)
    item = item_make(
        "Le télétravail est vraiment apprécié chez eux, super ambiance dans l'équipe !",
        url="https://www.reddit.com/r/france/comments/abc",
        author_name="Camille",
        author_handle="@camille",
        platform="web",
        venue="reddit.com",
        thread_url="javascript:alert(1)",
    )
    report = mentions_ingest(source=source, items=[item], enrich_full=False)
    assert (report.created, report.duplicates, report.filtered, report.known) == (1, 0, 0, 0)
    mention = Mention.objects.get()
    assert (mention.organisation, mention.venue, mention.author_handle) == (
        world.organisation,
        "reddit.com",
        "@camille",
    )
    assert mention.thread_url == ""  # only http(s) links are kept
    assert mention.tier == "immediate" and mention.lang == "fr" and mention.sentiment == "positive"
    assert "remote-work" in set(mention.themes.values_list("slug", flat=True))
    assert mention.text_search.startswith("le teletravail est vraiment")
    assert Source.objects.get(pk=source.pk).items_total == 1


def test_an_item_already_fetched_from_its_source_is_never_stored_twice(world) -> None:
    source = source_make(world.organisation)
    item = item_make("Une première annonce sur le recrutement des apprentis", external_id="guid-1")
    mentions_ingest(source=source, items=[item, item], enrich_full=False)
    report = mentions_ingest(source=source, items=[item], enrich_full=False)
    assert (report.created, report.known) == (0, 1)
    assert Mention.objects.count() == 1


def test_the_same_text_elsewhere_is_kept_as_a_duplicate_of_the_first(world) -> None:
    feed = source_make(world.organisation)
    mastodon = source_make(world.organisation, name="Mastodon", kind="mastodon_hashtag", config={})
    first = mention_make(feed, ARTICLE, venue="lemonde.fr")
    report = mentions_ingest(
        source=mastodon,
        items=[item_make(f"RT @presse: {ARTICLE} https://t.co/xyz", venue="mastodon.social")],
        enrich_full=False,
    )
    copy = Mention.objects.exclude(pk=first.pk).get()
    assert report.duplicates == 1 and copy.duplicate_of == first


def test_a_lightly_edited_text_is_a_near_duplicate(world) -> None:
    source = source_make(world.organisation)
    first = mention_make(source, ARTICLE)
    edited = ARTICLE.replace("300", "trois cents")
    again = mention_make(source, edited)
    other = mention_make(
        source, "Les entretiens pour le poste de chargé de communication étaient très bien menés"
    )
    assert again.duplicate_of == first and other.duplicate_of is None


def test_duplicates_within_one_batch_point_to_the_first_of_the_batch(world) -> None:
    source = source_make(world.organisation)
    mentions_ingest(source=source, items=[item_make(ARTICLE), item_make(ARTICLE + " !")], enrich_full=False)
    first, second = Mention.objects.order_by("pk")
    assert first.duplicate_of is None and second.duplicate_of == first


def test_near_duplicates_are_only_looked_for_among_the_last_thirty_days(world) -> None:
    source = source_make(world.organisation)
    old = mention_make(source, ARTICLE, published_at=timezone.now() - timedelta(days=60))
    recent = mention_make(source, ARTICLE.replace("300", "trois cents"))
    assert old.duplicate_of is None and recent.duplicate_of is None


def test_the_source_query_keeps_only_matching_items(world) -> None:
    source = source_make(world.organisation, query='"Région" AND (recrutement OR stage) NOT pub')
    items = [
        item_make("La Région lance une campagne de recrutement"),
        item_make("Stage à la région : retour d'expérience"),
        item_make("La Région, pub pour le recrutement"),
        item_make("Rien à voir avec notre sujet"),
    ]
    report = mentions_ingest(source=source, items=items, enrich_full=False)
    assert (report.created, report.filtered) == (2, 2)


def test_the_organisation_gets_the_default_taxonomy_at_its_first_mention(world) -> None:
    mention_make(source_make(world.organisation), "Quel salaire pour un premier poste ?")
    slugs = set(world.organisation.listening_themes.values_list("slug", flat=True))
    assert {"pay", "recruitment", "remote-work", "internships"} <= slugs and len(slugs) == 12


def test_an_inactive_theme_is_not_assigned(world) -> None:
    themes_ensure(organisation=world.organisation)
    world.organisation.listening_themes.filter(slug="pay").update(active=False)
    mention = mention_make(source_make(world.organisation), "Le salaire proposé était correct")
    assert "pay" not in set(mention.themes.values_list("slug", flat=True))


def test_a_question_tells_the_inbox_once_and_a_duplicate_never(world, flagged) -> None:
    source = source_make(world.organisation)
    question = "Est-ce que quelqu'un sait combien de temps dure le processus de recrutement à la Région ?"
    first = mention_make(source, question)
    mention_make(source, question, venue="other.example")
    mention_make(source, "Très belle journée portes ouvertes, bravo à toute l'équipe")
    assert [mention.pk for mention in flagged] == [first.pk]
    mentions_enrich_full(mention_ids=[first.pk])
    assert len(flagged) == 1 and Mention.objects.get(pk=first.pk).flagged_at is not None


def test_the_full_tier_stores_the_embedding_and_keeps_corrected_labels(world) -> None:
    source = source_make(world.organisation)
    mention = mention_make(source, "Les horaires sont intenables et les managers ne disent jamais merci")
    Mention.objects.filter(pk=mention.pk).update(sentiment="positive", corrected=True)
    LabelCorrection.objects.create(
        organisation=world.organisation,
        mention=mention,
        text=mention.text,
        task="sentiment",
        label="positive",
    )
    assert mentions_enrich_full(mention_ids=[mention.pk]) == 1
    mention.refresh_from_db()
    vector = np.frombuffer(bytes(mention.embedding or b""), dtype=np.float32)
    assert mention.tier == "full" and vector.ndim == 1 and vector.size > 10
    assert mention.sentiment == "positive"  # the team's label, not the model's
    assert mention.intent  # still labelled by the model


def test_ingesting_enqueues_the_full_tier(world, django_capture_on_commit_callbacks) -> None:
    source = source_make(world.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        mentions_ingest(source=source, items=[item_make("Super onboarding, merci à l'équipe RH")])
    assert Mention.objects.get().tier == "full"


def test_items_without_text_are_skipped(world) -> None:
    report = mentions_ingest(
        source=source_make(world.organisation), items=[item_make("  ")], enrich_full=False
    )
    assert (report.created, report.empty) == (0, 1)


def test_an_item_stored_meanwhile_by_a_parallel_fetch_is_not_stored_twice(world, monkeypatch) -> None:
    from ambassade.listening import ingest

    source = source_make(world.organisation)
    item, other = item_make("Première annonce de recrutement"), item_make("Seconde annonce du jour")
    original, calls = ingest._new_items, []

    def racing(**kwargs):
        fresh = original(**kwargs)
        calls.append(1)
        if len(calls) == 1:  # another fetch of the same source commits the first item right now
            mentions_ingest(source=source, items=[item], apply_query=False, enrich_full=False)
        return fresh

    monkeypatch.setattr(ingest, "_new_items", racing)
    report = mentions_ingest(source=source, items=[item, other], apply_query=False, enrich_full=False)
    assert (report.created, report.known) == (1, 1)
    assert sorted(Mention.objects.filter(source=source).values_list("external_id", flat=True)) == sorted(
        [item.external_id, other.external_id]
    )


def test_a_failing_inbox_receiver_leaves_the_mention_to_be_flagged_later(world, flagged) -> None:
    source = source_make(world.organisation)

    def broken(sender, mention, **kwargs) -> None:
        Mention.objects.create(
            organisation=mention.organisation,
            source=mention.source,
            external_id=mention.external_id,
            text="x",
            published_at=timezone.now(),
        )

    mention_flagged.connect(broken)
    try:
        first = mention_make(source, "Quelqu'un sait combien de temps dure le processus de recrutement ?")
    finally:
        mention_flagged.disconnect(broken)
    assert Mention.objects.filter(source=source).count() == 1
    assert Mention.objects.get(pk=first.pk).flagged_at is None
    mentions_enrich_full(mention_ids=[first.pk])
    assert [m.pk for m in flagged][-1] == first.pk and Mention.objects.get(pk=first.pk).flagged_at


def test_a_question_to_a_competitor_does_not_reach_our_inbox(world, flagged) -> None:
    rival = source_make(world.organisation, name="Concurrent", competitor=True, competitor_name="Rival")
    mention = mention_make(rival, "Est-ce que quelqu'un sait comment se passe l'entretien chez Rival ?")
    mentions_enrich_full(mention_ids=[mention.pk])
    assert flagged == [] and Mention.objects.get(pk=mention.pk).flagged_at is None


def test_mentions_left_at_the_immediate_tier_are_caught_up_newest_first(world) -> None:
    from ambassade.listening.ingest import mentions_enrich_pending

    source = source_make(world.organisation)
    old = mention_make(
        source,
        "Les entretiens durent trop longtemps chez vous",
        published_at=timezone.now() - timedelta(days=3),
    )
    new = mention_make(source, "Quels avantages pour les salariés en télétravail ?")
    assert {old.tier, new.tier} == {Mention.Tier.IMMEDIATE}

    assert mentions_enrich_pending(limit=1) == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert new.tier == Mention.Tier.FULL and new.embedding is not None
    assert old.tier == Mention.Tier.IMMEDIATE

    assert mentions_enrich_pending() == 1
    assert mentions_enrich_pending() == 0
