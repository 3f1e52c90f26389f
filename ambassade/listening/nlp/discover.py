"""Emerging themes: KMeans on the embeddings, each cluster labelled by its characteristic words (c-TF-IDF)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .text import STOPWORDS, fold, words
from .types import DiscoveredTheme

K_RANGE = range(2, 9)  # tried when k is not given; the best silhouette wins
WORDS_PER_THEME = 5


@dataclass
class _Clustering:
    labels: np.ndarray
    k: int


def themes_discover(
    texts: Sequence[str], embeddings: np.ndarray, *, k: int | None = None, seed: int = 0
) -> list[DiscoveredTheme]:
    """Groups of similar texts, largest first, each with its most characteristic words."""
    texts = list(texts)
    if len(texts) != len(embeddings):
        raise ValueError("themes_discover: one embedding per text is needed.")
    if len(texts) < 2:
        return (
            [DiscoveredTheme(words=_top_words([_counts(texts)], 0), members=list(range(len(texts))))]
            if texts
            else []
        )
    clustering = _cluster(np.asarray(embeddings, dtype=np.float32), k, seed)
    members = [np.flatnonzero(clustering.labels == cluster).tolist() for cluster in range(clustering.k)]
    members = [group for group in members if group]
    counts = [_counts([texts[index] for index in group]) for group in members]
    themes = [
        DiscoveredTheme(words=_top_words(counts, index), members=group) for index, group in enumerate(members)
    ]
    return sorted(themes, key=lambda theme: -len(theme.members))


def _cluster(embeddings: np.ndarray, k: int | None, seed: int) -> _Clustering:
    from threadpoolctl import threadpool_limits

    # One thread: the encoder brings its own OpenMP runtime. In a process where it had run, a clustering
    # that takes seconds alone was seen running for many minutes; on one thread it takes about two.
    with threadpool_limits(limits=1):
        return _cluster_in_one_thread(embeddings, k, seed)


def _cluster_in_one_thread(embeddings: np.ndarray, k: int | None, seed: int) -> _Clustering:
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    n = len(embeddings)
    if k is not None:
        k = max(1, min(k, n))
        return _Clustering(KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(embeddings), k)
    best: _Clustering | None = None
    best_score = -2.0
    for candidate in K_RANGE:
        if candidate >= n:
            break
        labels = KMeans(n_clusters=candidate, n_init=10, random_state=seed).fit_predict(embeddings)
        if len(set(labels.tolist())) < 2:
            continue
        score = silhouette_score(
            embeddings, labels, metric="cosine", sample_size=min(n, 2000), random_state=seed
        )
        if score > best_score:
            best, best_score = _Clustering(labels, candidate), score
    if best is None:
        k = min(2, n)
        return _Clustering(KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(embeddings), k)
    return best


def _counts(texts: Sequence[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        for word in words(text):
            if "'" in word and len(word.split("'", 1)[0]) <= 2:
                word = word.split("'", 1)[1]
            if len(word) >= 3 and fold(word) not in STOPWORDS:
                counts[word] += 1
    return counts


def _top_words(counts: list[Counter[str]], cluster: int) -> list[str]:
    """c-TF-IDF: frequency in the cluster × log(1 + average words per cluster / the word's total)."""
    totals: Counter[str] = Counter()
    for count in counts:
        totals.update(count)
    average = sum(totals.values()) / max(len(counts), 1)
    own = counts[cluster]
    size = sum(own.values()) or 1
    weights = {
        word: (n / size) * math.log(1 + average / totals[word])
        for word, n in own.items()
        if n > 1 or len(own) < 20
    }
    return sorted(weights, key=lambda word: (-weights[word], word))[:WORDS_PER_THEME]
