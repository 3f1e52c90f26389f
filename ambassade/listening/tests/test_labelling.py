"""The labelling loop: a correction becomes a gold label and sticks; the heads retrain on the gold set,
their scores are kept over time, recent mentions are enriched again; emerging themes are proposed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ambassade.core.models import AuditEvent
from ambassade.listening import nlp
from ambassade.listening.ingest import heads_for, mentions_enrich_full
from ambassade.listening.labelling import gold_examples, heads_retrain, label_correct, themes_discover_run
from ambassade.listening.models import HeadModel, LabelCorrection, Mention, ScoreSnapshot, Theme
from ambassade.listening.selectors import gold_scores_history
from ambassade.listening.services import theme_accept, theme_dismiss
from ambassade.listening.signals import mention_flagged
from ambassade.listening.tests.support import encoder_hashing, heads_small, mention_make, source_make

pytestmark = pytest.mark.django_db

TEXTS = [
    ("Le salaire proposé est bien en dessous du marché, c'est décevant", "negative", "worry"),
    ("Super accueil pendant mon stage, l'équipe était géniale", "positive", "praise"),
    ("Comment se passe l'entretien pour un poste d'ingénieur ?", "neutral", "question"),
    ("J'espère que le télétravail sera maintenu l'an prochain", "neutral", "expectation"),
    ("Ambiance toxique et management absent dans ce service", "negative", "worry"),
    ("Bravo pour la politique d'inclusion, vraiment exemplaire", "positive", "praise"),
    ("Quels sont les horaires pour les agents des lycées ?", "neutral", "question"),
    ("Les formations proposées m'ont permis d'évoluer rapidement", "positive", "praise"),
]


@pytest.fixture(autouse=True)
def _fast(settings, monkeypatch):
    encoder_hashing(settings)
    yield from heads_small(monkeypatch)


@pytest.fixture
def membership(world):
    return world.users["comms"].membership


def test_a_correction_sticks_and_joins_the_gold_set(world, membership) -> None:
    mention = mention_make(source_make(world.organisation), TEXTS[0][0], sentiment="neutral")
    correction = label_correct(membership=membership, mention=mention, task="sentiment", label="negative")
    mention.refresh_from_db()
    assert mention.sentiment == "negative" and mention.corrected
    assert (correction.previous, correction.label, correction.corrected_by) == (
        "neutral",
        "negative",
        membership.user,
    )
    assert AuditEvent.objects.filter(action="listening.label_correct", target_id=str(mention.pk)).exists()
    mentions_enrich_full(mention_ids=[mention.pk])
    assert Mention.objects.get(pk=mention.pk).sentiment == "negative"


def test_a_theme_correction_makes_it_the_mention_s_one_theme(world, membership) -> None:
    mention = mention_make(source_make(world.organisation), TEXTS[3][0], themes=["remote-work", "pay"])
    label_correct(membership=membership, mention=mention, task="theme", label="management")
    assert list(mention.themes.values_list("slug", flat=True)) == ["management"]
    mentions_enrich_full(mention_ids=[mention.pk])
    assert list(mention.themes.values_list("slug", flat=True)) == ["management"]
    label_correct(membership=membership, mention=mention, task="theme", label="")
    assert not mention.themes.exists()


def test_an_unknown_label_is_refused_naming_the_label(world, membership) -> None:
    mention = mention_make(source_make(world.organisation), TEXTS[0][0])
    with pytest.raises(ValidationError) as caught:
        label_correct(membership=membership, mention=mention, task="sentiment", label="angry")
    assert "label" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        label_correct(membership=membership, mention=mention, task="mood", label="negative")
    assert "task" in caught.value.message_dict
    assert not LabelCorrection.objects.exists()


def test_correcting_to_a_question_tells_the_inbox_once(world, membership) -> None:
    mention = mention_make(
        source_make(world.organisation), "Les conditions de travail au service", intent="other"
    )
    received = []

    def receiver(sender, mention, **kwargs) -> None:
        received.append(mention.pk)

    mention_flagged.connect(receiver)
    try:
        label_correct(membership=membership, mention=mention, task="intent", label="question")
        label_correct(membership=membership, mention=mention, task="intent", label="worry")
    finally:
        mention_flagged.disconnect(receiver)
    assert received == [mention.pk]


def test_the_gold_set_keeps_the_latest_label_per_mention_and_task(world, membership) -> None:
    mention = mention_make(source_make(world.organisation), TEXTS[0][0])
    label_correct(membership=membership, mention=mention, task="sentiment", label="neutral")
    label_correct(membership=membership, mention=mention, task="sentiment", label="negative")
    label_correct(membership=membership, mention=mention, task="intent", label="worry")
    examples = gold_examples(organisation_id=world.organisation.pk)
    assert sorted((e.task, e.label) for e in examples) == [("intent", "worry"), ("sentiment", "negative")]


def test_retraining_stores_heads_scores_history_and_enriches_recent_mentions_again(
    world, membership, django_capture_on_commit_callbacks
) -> None:
    source = source_make(world.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        for text, sentiment, intent in TEXTS:
            mention = mention_make(source, text)
            label_correct(membership=membership, mention=mention, task="sentiment", label=sentiment)
            label_correct(membership=membership, mention=mention, task="intent", label=intent)
        other = mention_make(source, "Le processus de recrutement était long mais clair")
    model = HeadModel.objects.get()
    assert model.examples == 16 and model.encoder_name == nlp.encoder_get().name
    assert isinstance(heads_for(organisation_id=world.organisation.pk), nlp.Heads)
    history = gold_scores_history(membership=membership, task="sentiment")
    assert len(history) == 1 and history[0].examples == 8
    assert {"negative", "positive", "neutral"} <= set(history[0].scores)
    assert "f1" in history[0].scores["negative"]
    heads_retrain(organisation_id=world.organisation.pk)
    assert ScoreSnapshot.objects.filter(task="sentiment").count() == 2
    other.refresh_from_db()
    assert other.tier == "full" and other.embedding


def test_heads_of_another_encoder_are_not_used(world) -> None:
    HeadModel.objects.create(organisation=world.organisation, encoder_name="other-encoder", data=b"{}")
    assert heads_for(organisation_id=world.organisation.pk) is None


def test_without_gold_labels_nothing_is_trained(world) -> None:
    assert heads_retrain(organisation_id=world.organisation.pk) is None
    assert not HeadModel.objects.exists()


def _varied(rng, openers, subjects, endings, count):
    return [
        f"{rng.choice(openers)} {rng.choice(subjects)} {rng.choice(endings)} ({index})"
        for index in range(count)
    ]


def test_emerging_themes_are_proposed_inactive_named_by_their_words(world, membership) -> None:
    import random

    rng = random.Random(4)
    texts = _varied(
        rng,
        ["Franchement,", "Encore une fois", "Ce midi", "Depuis lundi", "Bon,", "Hier soir", "Au siège"],
        ["la cantine", "le self de la cantine", "la cantine du siège", "les repas de la cantine"],
        [
            "coûte trop cher",
            "augmente ses tarifs",
            "propose des plateaux froids",
            "ferme plus tôt",
            "a des frites",
        ],
        24,
    ) + _varied(
        rng,
        ["Ce matin", "Impossible,", "Comme d'habitude", "Vendredi", "Sérieusement,", "Encore"],
        ["le parking vélo", "le garage à vélos", "les arceaux du parking vélo", "le local vélo"],
        ["est saturé", "déborde", "n'a plus de place", "est fermé à clé", "est inondé"],
        24,
    )
    source = source_make(world.organisation)
    mentions = [mention_make(source, text) for text in texts]
    mentions_enrich_full(mention_ids=[m.pk for m in mentions])
    assert Mention.objects.filter(duplicate_of=None).count() >= 40
    proposed = themes_discover_run(organisation_id=world.organisation.pk)
    assert proposed and all(theme.discovered and not theme.active for theme in proposed)
    words = " ".join(" ".join(theme.keyword_list()) for theme in proposed)
    assert "cantine" in words or "vélo" in words
    assert all(theme.name_fr and theme.keyword_list() for theme in proposed)
    again = themes_discover_run(organisation_id=world.organisation.pk)
    assert not {theme.slug for theme in again} & {theme.slug for theme in proposed}
    theme = Theme.objects.get(pk=proposed[0].pk)
    theme_accept(membership=membership, theme=theme)
    assert Theme.objects.get(pk=theme.pk).active
    with pytest.raises(ValidationError):
        theme_dismiss(membership=membership, theme=theme)


def test_a_proposed_theme_can_be_dismissed(world, membership) -> None:
    names = {"slug": "cantine", "name_fr": "cantine", "name_en": "cantine"}
    theme = Theme.objects.create(organisation=world.organisation, discovered=True, active=False, **names)
    theme_dismiss(membership=membership, theme=theme)
    assert not Theme.objects.filter(pk=theme.pk).exists()


def test_too_few_mentions_propose_nothing(world) -> None:
    mention = mention_make(source_make(world.organisation), TEXTS[0][0])
    mentions_enrich_full(mention_ids=[mention.pk])
    assert themes_discover_run(organisation_id=world.organisation.pk) == []


def test_the_weekly_job_and_the_button_look_for_themes_in_each_organisation(
    world, membership, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from ambassade.listening import labelling, periodic
    from ambassade.listening.services import themes_discover_request

    seen: list[int] = []
    monkeypatch.setattr(
        labelling, "themes_discover_run", lambda *, organisation_id: seen.append(organisation_id)
    )
    mention_make(source_make(world.organisation), TEXTS[0][0])
    mention_make(source_make(world.foreign_organisation), TEXTS[1][0])
    with django_capture_on_commit_callbacks(execute=True):
        periodic.themes_discover()
        themes_discover_request(membership=membership)
    assert sorted(seen) == sorted(
        [world.organisation.pk, world.foreign_organisation.pk, world.organisation.pk]
    )


def test_the_gold_set_keeps_the_words_but_not_who_was_named_or_linked(world, membership) -> None:
    text = "@camille.dupont @jean@mastodon.social le salaire est trop bas https://x.com/camille/status/1"
    mention = mention_make(source_make(world.organisation), text, sentiment="neutral")
    correction = label_correct(membership=membership, mention=mention, task="sentiment", label="negative")
    assert "camille" not in correction.text and "jean" not in correction.text
    assert "le salaire est trop bas" in correction.text and "@user" in correction.text


def test_a_theme_removed_meanwhile_is_refused_with_a_message(world, membership, monkeypatch) -> None:
    from ambassade.listening import labelling

    mention = mention_make(source_make(world.organisation), TEXTS[3][0])
    choices = labelling.label_choices

    def stale(*, organisation, task):  # the form was shown before an admin deleted the theme
        found = choices(organisation=organisation, task=task)
        Theme.objects.filter(organisation=organisation, slug="remote-work").delete()
        return found

    monkeypatch.setattr(labelling, "label_choices", stale)
    with pytest.raises(ValidationError) as caught:
        label_correct(membership=membership, mention=mention, task="theme", label="remote-work")
    assert list(caught.value.message_dict) == ["label"]
    assert not LabelCorrection.objects.exists()


def test_a_retrain_is_not_blocked_by_a_correction_that_was_rolled_back(
    world, membership, django_capture_on_commit_callbacks
) -> None:
    from django.core.cache import cache
    from django.db import transaction

    mention = mention_make(source_make(world.organisation), TEXTS[0][0], sentiment="neutral")
    cache.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        label_correct(membership=membership, mention=mention, task="sentiment", label="negative")
        raise RuntimeError("the request failed after the correction")
    with django_capture_on_commit_callbacks() as callbacks:
        label_correct(membership=membership, mention=mention, task="sentiment", label="negative")
    assert len(callbacks) >= 1


def test_corrections_newer_than_the_model_are_found_for_a_retrain(world, membership) -> None:
    from ambassade.listening.labelling import heads_stale_organisations

    source = source_make(world.organisation)
    first = mention_make(source, "Les salaires sont bas mais l'ambiance est bonne")
    second = mention_make(source, "Personne ne répond jamais aux candidats, quelle déception")
    assert heads_stale_organisations() == []

    # A correction whose retrain was lost (a restart in thread mode): the organisation is found.
    label_correct(membership=membership, mention=first, task="sentiment", label="neutral")
    assert heads_stale_organisations() == [world.organisation.pk]
    heads_retrain(organisation_id=world.organisation.pk)
    assert heads_stale_organisations() == []

    label_correct(membership=membership, mention=second, task="intent", label="worry")
    assert heads_stale_organisations() == [world.organisation.pk]
