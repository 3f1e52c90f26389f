"""The two tiers: `enrich_immediate` (rules, at ingest), `enrich_full` (embeddings and heads, later)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

import numpy as np

from . import rules
from .encoders import Encoder, encoder_get
from .heads import NO_THEME, Head, Heads, heads_default
from .taxonomy import DEFAULT_TAXONOMY
from .text import keywords_extract
from .types import Enrichment, ThemeSpec

logger = logging.getLogger(__name__)

THEME_THRESHOLD = 0.3  # a theme is kept above this score (0–1)
THEMES_MAX = 3
PROTOTYPE_TEMPERATURE = 0.02  # softmax temperature over cosine similarities to the themes' descriptions
PROTOTYPE_SHARE = 0.25  # weight of the description similarity for themes the head knows
RULE_BONUS = 0.25  # added to the head's probability of the intent or sentiment the rules found


def enrich_immediate(
    texts: Sequence[str], *, taxonomy: Sequence[ThemeSpec] = DEFAULT_TAXONOMY
) -> list[Enrichment]:
    """Rules and lexicons only: fast enough to run at ingest, for instant alerts."""
    return [_immediate(text, taxonomy) for text in texts]


def _immediate(text: str, taxonomy: Sequence[ThemeSpec]) -> Enrichment:
    question = rules.is_question(text)
    return Enrichment(
        lang=rules.language_detect(text),
        sentiment=rules.sentiment_detect(text),
        intent=rules.intent_detect(text, question=question),
        is_question=question,
        themes=rules.themes_match(text, taxonomy)[:THEMES_MAX],
        keywords=keywords_extract(text),
        tier="immediate",
    )


def enrich_full(
    texts: Sequence[str],
    *,
    heads: Heads | None = None,
    taxonomy: Sequence[ThemeSpec] = DEFAULT_TAXONOMY,
    embeddings: np.ndarray | None = None,
) -> tuple[list[Enrichment], np.ndarray]:
    """Embeddings + heads (the organisation's, else the shipped ones), combined with the rules."""
    texts = list(texts)
    encoder = encoder_get()
    if embeddings is None or embeddings.shape != (len(texts), encoder.dim):
        embeddings = encoder.encode(texts)
    if heads is None or heads.encoder_name != encoder.name:
        if heads is not None:
            logger.warning(
                "Listening: heads for %s, encoder is %s: default heads used.",
                heads.encoder_name,
                encoder.name,
            )
        heads = heads_default()
    base = enrich_immediate(texts, taxonomy=taxonomy)
    if not texts:
        return [], embeddings
    sentiments = _with_rules(
        heads["sentiment"].classes,
        heads["sentiment"].probabilities(embeddings, texts),
        [item.sentiment for item in base],
    )
    intents = _with_rules(
        heads["intent"].classes,
        heads["intent"].probabilities(embeddings, texts),
        [item.intent for item in base],
    )
    themes = _themes(embeddings, texts, heads, taxonomy, encoder, [item.themes for item in base])
    for index, item in enumerate(base):
        item.sentiment = sentiments[index]
        item.intent = "question" if item.is_question else intents[index]
        item.is_question = item.intent == "question"  # the head also finds questions written without "?"
        item.themes = themes[index]
        item.tier = "full"
    return base, embeddings


def _with_rules(classes: tuple[str, ...], probabilities: np.ndarray, found: list[str]) -> list[str]:
    scores = probabilities.copy()
    for row, label in enumerate(found):
        if label in classes and label not in ("neutral", "other"):
            scores[row, classes.index(label)] += RULE_BONUS
    return [classes[index] for index in scores.argmax(axis=1)]


def _themes(
    embeddings: np.ndarray,
    texts: list[str],
    heads: Heads,
    taxonomy: Sequence[ThemeSpec],
    encoder: Encoder,
    rule_hits: list[list[str]],
) -> list[list[str]]:
    slugs = [theme.slug for theme in taxonomy]
    if not slugs:
        return [[] for _ in range(len(embeddings))]
    head = heads["theme"]
    head_probabilities = head.probabilities(embeddings, texts)
    similarities = embeddings @ _prototypes(encoder, tuple(taxonomy)).T
    prototype = _softmax(similarities / PROTOTYPE_TEMPERATURE)
    scores = np.zeros((len(embeddings), len(slugs)), dtype=np.float32)
    for column, slug in enumerate(slugs):
        if slug in head.classes:
            known = head_probabilities[:, head.classes.index(slug)]
            scores[:, column] = (1 - PROTOTYPE_SHARE) * known + PROTOTYPE_SHARE * prototype[:, column]
        else:  # a theme without examples (added by the organisation): its description only
            scores[:, column] = prototype[:, column] * _not_none(head, head_probabilities)
    result = []
    for row, hits in enumerate(rule_hits):
        order = np.argsort(-scores[row])
        chosen = [slugs[column] for column in order if scores[row, column] >= THEME_THRESHOLD]
        result.append((list(hits) + [slug for slug in chosen if slug not in hits])[:THEMES_MAX])
    return result


def _not_none(head: Head, probabilities: np.ndarray) -> np.ndarray:
    """Damps a description-only theme when the head is confident the text has no theme at all."""
    if NO_THEME in head.classes:
        return 1 - probabilities[:, head.classes.index(NO_THEME)] * 0.5
    return np.ones(len(probabilities), dtype=np.float32)


def _softmax(values: np.ndarray) -> np.ndarray:
    values = values - values.max(axis=1, keepdims=True)
    exp = np.exp(values)
    return exp / exp.sum(axis=1, keepdims=True)


_prototype_cache: dict[tuple[str, tuple[ThemeSpec, ...]], np.ndarray] = {}
_prototype_lock = threading.Lock()


def _prototypes(encoder: Encoder, taxonomy: tuple[ThemeSpec, ...]) -> np.ndarray:
    """One embedding per theme, of its names and keywords."""
    key = (encoder.name, taxonomy)
    with _prototype_lock:
        if key not in _prototype_cache:
            if len(_prototype_cache) > 64:
                _prototype_cache.clear()
            descriptions = [
                f"{theme.name_fr}. {theme.name_en}. " + ", ".join(k.rstrip("*") for k in theme.keywords)
                for theme in taxonomy
            ]
            _prototype_cache[key] = encoder.encode(descriptions)
        return _prototype_cache[key]
