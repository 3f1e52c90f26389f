"""Logistic-regression heads on sentence embeddings, one per task, serialisable without pickle."""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .encoders import encoder_get
from .taxonomy import DEFAULT_TAXONOMY
from .types import INTENTS, SENTIMENTS, TASKS, LabelledExample, ThemeSpec

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

logger = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES_FILE = DATA / "examples.tsv"
HEADS_E5_FILE = DATA / "heads_e5.npz"
NO_THEME = ""  # the theme head's class for "none of the themes"
GOLD_WEIGHT = 2.0  # an organisation's correction counts twice as much as a shipped example
REGULARISATION = 4.0  # LogisticRegression's C with a gold set
DEFAULT_REGULARISATION = 1.0  # stronger on the shipped examples alone: they are few and narrow
TEXT_MIN_GOLD = 100  # from this many gold examples of a task, a TF-IDF head joins the embedding head
TEXT_SHARES = (0.0, 0.25, 0.5)  # its share of the averaged probabilities, chosen by k-fold on the gold set
TEXT_FOLDS = 5


@dataclass
class Head:
    coef: np.ndarray  # (classes, dim) float32
    intercept: np.ndarray  # (classes,)
    classes: tuple[str, ...]
    text: TextHead | None = None  # word and character n-grams, same classes, when trained on enough gold

    def probabilities(self, embeddings: np.ndarray, texts: Sequence[str] | None = None) -> np.ndarray:
        if len(self.classes) == 1:
            return np.ones((len(embeddings), 1), dtype=np.float32)
        result = _softmax(embeddings @ self.coef.T + self.intercept, binary=self.coef.shape[0] == 1)
        if self.text is not None and texts is not None and len(texts) == len(embeddings):
            share = float(self.text.share)
            result = (1 - share) * result + share * self.text.probabilities(texts)
        return result

    def predict(self, embeddings: np.ndarray, texts: Sequence[str] | None = None) -> list[str]:
        return [self.classes[index] for index in self.probabilities(embeddings, texts).argmax(axis=1)]


def _softmax(logits: np.ndarray, *, binary: bool) -> np.ndarray:
    if binary:
        positive = 1 / (1 + np.exp(-logits[:, 0]))
        return np.stack([1 - positive, positive], axis=1)
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


@dataclass
class TextHead:
    """Logistic regression on TF-IDF word 1–2-grams and character 2–5-grams; kept as plain arrays."""

    words: np.ndarray  # vocabulary (str), its idf and, for characters, the same
    word_idf: np.ndarray
    chars: np.ndarray
    char_idf: np.ndarray
    coef: np.ndarray  # (classes or 1, words + chars)
    intercept: np.ndarray
    share: np.ndarray  # () float: weight of these probabilities against the embedding head's

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        matrix = _tfidf_transform(self, list(texts))
        logits = np.asarray(matrix @ self.coef.T) + self.intercept
        return _softmax(logits, binary=self.coef.shape[0] == 1)

    ARRAYS = ("words", "word_idf", "chars", "char_idf", "coef", "intercept", "share")


def _vectorizers(
    vocabularies: tuple[Sequence[str], Sequence[str]] | None = None,
) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    options = {"min_df": 2, "sublinear_tf": True, "lowercase": True, "dtype": np.float32}
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), strip_accents="unicode", **options)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), **options)
    if vocabularies is not None:
        words.set_params(vocabulary={term: index for index, term in enumerate(vocabularies[0])})
        chars.set_params(vocabulary={term: index for index, term in enumerate(vocabularies[1])})
    return words, chars


def _tfidf_transform(head: TextHead, texts: list[str]) -> csr_matrix:
    from scipy.sparse import hstack

    words, chars = _vectorizers(([str(t) for t in head.words], [str(t) for t in head.chars]))
    words.idf_, chars.idf_ = head.word_idf, head.char_idf
    return hstack([words.transform(texts), chars.transform(texts)]).tocsr()


def _text_fit(texts: list[str], labels: Sequence[str], weights: np.ndarray, share: float) -> TextHead:
    from scipy.sparse import hstack

    words, chars = _vectorizers()
    matrix = hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
    model = _logistic(REGULARISATION, 1e-4)
    model.fit(matrix, list(labels), sample_weight=weights)
    return TextHead(
        words=np.array(words.get_feature_names_out(), dtype=str),
        word_idf=words.idf_.astype(np.float32),
        chars=np.array(chars.get_feature_names_out(), dtype=str),
        char_idf=chars.idf_.astype(np.float32),
        coef=model.coef_.astype(np.float32),
        intercept=model.intercept_.astype(np.float32),
        share=np.array(share, dtype=np.float32),
    )


class Heads:
    """The sentiment, intent and theme heads trained for one encoder."""

    def __init__(self, *, encoder_name: str, heads: dict[str, Head], examples: int = 0) -> None:
        self.encoder_name = encoder_name
        self.heads = heads
        self.examples = examples  # gold examples it was trained with (the defaults not counted)

    def __getitem__(self, task: str) -> Head:
        return self.heads[task]

    def to_bytes(self) -> bytes:
        arrays: dict[str, np.ndarray] = {
            "encoder_name": np.array(self.encoder_name),
            "examples": np.array(self.examples),
        }
        for task, head in self.heads.items():
            arrays[f"{task}.coef"] = head.coef.astype(np.float32)
            arrays[f"{task}.intercept"] = head.intercept.astype(np.float32)
            arrays[f"{task}.classes"] = np.array(head.classes, dtype=str)
            if head.text is not None:
                for name in TextHead.ARRAYS:
                    arrays[f"{task}.text_{name}"] = getattr(head.text, name)
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes | memoryview) -> Heads:
        with np.load(io.BytesIO(bytes(data)), allow_pickle=False) as arrays:
            tasks = sorted({name.split(".", 1)[0] for name in arrays.files if "." in name})
            heads = {
                task: Head(
                    coef=arrays[f"{task}.coef"],
                    intercept=arrays[f"{task}.intercept"],
                    classes=tuple(str(label) for label in arrays[f"{task}.classes"]),
                    text=_text_head_read(arrays, task),
                )
                for task in tasks
            }
            return cls(
                encoder_name=str(arrays["encoder_name"]), heads=heads, examples=int(arrays["examples"])
            )


def _text_head_read(arrays: Any, task: str) -> TextHead | None:
    if f"{task}.text_coef" not in arrays.files:
        return None
    return TextHead(**{name: arrays[f"{task}.text_{name}"] for name in TextHead.ARRAYS})


# --- The project's own labelled examples ------------------------------------------------------------------
@dataclass(frozen=True)
class ExampleRow:
    text: str
    lang: str
    sentiment: str
    intent: str
    themes: tuple[str, ...]


@cache
def examples_default() -> tuple[ExampleRow, ...]:
    """ambassade/listening/nlp/data/examples.tsv: written by the project's team, redistributable."""
    with EXAMPLES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    examples = []
    for row in rows:
        themes = tuple(slug.strip() for slug in (row["themes"] or "").split(",") if slug.strip())
        examples.append(ExampleRow(row["text"].strip(), row["lang"], row["sentiment"], row["intent"], themes))
    return tuple(examples)


def examples_digest() -> str:
    return hashlib.sha256(EXAMPLES_FILE.read_bytes()).hexdigest()[:16]


def examples_as_labelled() -> list[LabelledExample]:
    labelled = []
    for row in examples_default():
        labelled.append(LabelledExample(row.text, "sentiment", row.sentiment))
        labelled.append(LabelledExample(row.text, "intent", row.intent))
        labelled.extend(LabelledExample(row.text, "theme", slug) for slug in row.themes or (NO_THEME,))
    return labelled


_default_embeddings: dict[str, np.ndarray] = {}
_embeddings_lock = threading.Lock()


def _examples_embeddings() -> np.ndarray:
    encoder = encoder_get()
    with _embeddings_lock:
        if encoder.name not in _default_embeddings:
            _default_embeddings[encoder.name] = encoder.encode([row.text for row in examples_default()])
        return _default_embeddings[encoder.name]


# --- Training ---------------------------------------------------------------------------------------
def _fit(
    embeddings: np.ndarray, labels: Sequence[str], weights: np.ndarray, texts: Sequence[str] | None = None
) -> Head:
    gold = int((weights > 1).sum())
    classes = sorted(set(labels))
    if len(classes) == 1:
        return Head(np.zeros((1, embeddings.shape[1]), np.float32), np.zeros(1, np.float32), tuple(classes))
    model = _logistic(
        REGULARISATION if gold else DEFAULT_REGULARISATION,
        1e-4 if embeddings.shape[1] <= 1024 else 1e-3,  # the hashing space is wide: coarser, much faster
    )
    model.fit(embeddings, list(labels), sample_weight=weights)
    text = None
    if texts is not None and gold >= TEXT_MIN_GOLD and embeddings.shape[1] <= 1024:
        # A second view of a large gold set: n-grams catch the organisation's own words and spellings.
        share = _text_share_choose(embeddings, labels, weights, list(texts))
        text = _text_fit(list(texts), labels, weights, share) if share > 0 else None
    return Head(
        coef=model.coef_.astype(np.float32),
        intercept=model.intercept_.astype(np.float32),
        classes=tuple(str(label) for label in model.classes_),
        text=text,
    )


def _text_share_choose(
    embeddings: np.ndarray, labels: Sequence[str], weights: np.ndarray, texts: list[str]
) -> float:
    """The TF-IDF head's share that predicts the held-out gold examples best (stratified k-fold).

    The shipped examples always train; 0 means the n-grams do not help this gold set (long news articles,
    for instance, where the embeddings already say it all).
    """
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    gold = np.flatnonzero(weights > 1)
    base = np.flatnonzero(weights <= 1)
    all_labels = np.array(labels, dtype=object)
    values, counts = np.unique(all_labels[gold], return_counts=True)
    if len(values) < 2 or counts.min() < TEXT_FOLDS:
        return 0.0
    truth: list[str] = []
    probabilities: dict[float, list[np.ndarray]] = {share: [] for share in TEXT_SHARES}
    splitter = StratifiedKFold(n_splits=TEXT_FOLDS, shuffle=True, random_state=0)
    for train, test in splitter.split(gold, all_labels[gold]):
        rows, tested = np.concatenate([base, gold[train]]), gold[test]
        row_labels = list(all_labels[rows])
        head = _fit(embeddings[rows], row_labels, weights[rows])
        text = _text_fit([texts[i] for i in rows], row_labels, weights[rows], 1.0)
        if set(head.classes) != set(labels):
            return 0.0
        embedded = head.probabilities(embeddings[tested])
        worded = text.probabilities([texts[i] for i in tested])
        truth.extend(all_labels[tested])
        for share in TEXT_SHARES:
            probabilities[share].append((1 - share) * embedded + share * worded)
    classes = np.array(sorted(set(labels)), dtype=object)

    def score(share: float) -> float:
        predicted = classes[np.vstack(probabilities[share]).argmax(axis=1)]
        return float(f1_score(truth, list(predicted), average="macro", zero_division=0))

    return max(TEXT_SHARES, key=lambda share: (score(share), -share))


def _logistic(strength: float, tol: float) -> LogisticRegression:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=strength, max_iter=2000, tol=tol, class_weight="balanced")


def _training_set(
    task: str, gold: Sequence[LabelledExample], gold_embeddings: np.ndarray, taxonomy: Sequence[ThemeSpec]
) -> tuple[np.ndarray, list[str], np.ndarray, list[str]]:
    """Embeddings, labels, weights and texts of the shipped examples plus the gold ones for a task."""
    rows = examples_default()
    base = _examples_embeddings()
    slugs = {theme.slug for theme in taxonomy}
    vectors: list[np.ndarray] = []
    labels: list[str] = []
    texts: list[str] = []
    for index, row in enumerate(rows):
        if task == "theme":
            kept = [slug for slug in row.themes if slug in slugs] or [NO_THEME]
            # An HR post says nothing about another taxonomy's themes: keep it only as "none" for ours.
            if kept == [NO_THEME] and row.themes and not slugs & {t.slug for t in DEFAULT_TAXONOMY}:
                continue
        else:
            kept = [row.sentiment if task == "sentiment" else row.intent]
        for label in kept:
            vectors.append(base[index])
            labels.append(label)
            texts.append(row.text)
    weights = [1.0] * len(labels)
    for index, example in enumerate(gold):
        if example.task == task:
            vectors.append(gold_embeddings[index])
            labels.append(example.label)
            weights.append(GOLD_WEIGHT)
            texts.append(example.text)
    return np.array(vectors, dtype=np.float32), labels, np.array(weights), texts


def heads_train(
    examples: Sequence[LabelledExample], *, taxonomy: Sequence[ThemeSpec] = DEFAULT_TAXONOMY
) -> Heads:
    """Heads trained on the project's examples plus these (an organisation's gold set), current encoder."""
    encoder = encoder_get()
    examples = [example for example in examples if example.task in TASKS and example.text.strip()]
    gold_embeddings = encoder.encode([example.text for example in examples])
    heads = {}
    for task in TASKS:
        vectors, labels, weights, texts = _training_set(task, examples, gold_embeddings, taxonomy)
        heads[task] = _fit(vectors, labels, weights, texts)
    return Heads(encoder_name=encoder.name, heads=heads, examples=len(examples))


_defaults: dict[str, Heads] = {}
_defaults_lock = threading.Lock()


def heads_default() -> Heads:
    """The shipped heads for the current encoder (trained at first use when none is shipped for it)."""
    encoder = encoder_get()
    with _defaults_lock:
        if encoder.name not in _defaults:
            _defaults[encoder.name] = _heads_shipped(encoder.name) or heads_train([])
        return _defaults[encoder.name]


def _heads_shipped(encoder_name: str) -> Heads | None:
    if not HEADS_E5_FILE.exists():
        return None
    heads = Heads.from_bytes(HEADS_E5_FILE.read_bytes())
    return heads if heads.encoder_name == encoder_name else None


def heads_reset() -> None:
    with _defaults_lock, _embeddings_lock:
        _defaults.clear()
        _default_embeddings.clear()


# --- Scores on a gold set ---------------------------------------------------------------------------------
def heads_scores(
    examples: Sequence[LabelledExample], *, taxonomy: Sequence[ThemeSpec] = DEFAULT_TAXONOMY, folds: int = 5
) -> dict[str, dict[str, dict[str, float]]]:
    """task -> label -> precision, recall, f1, support (and "macro"), by k-fold cross-validation on gold.

    The project's examples are always in the training part; each gold example is predicted once, by heads
    that did not see it. A task with fewer than two labels or two examples has no entry.
    """
    encoder = encoder_get()
    examples = [example for example in examples if example.task in TASKS and example.text.strip()]
    embeddings = encoder.encode([example.text for example in examples])
    scores = {}
    for task in TASKS:
        indexes = [index for index, example in enumerate(examples) if example.task == task]
        labels = [examples[index].label for index in indexes]
        if len(indexes) < 2 or len(set(labels)) < 2:
            continue
        predicted = _cross_predict(task, [examples[i] for i in indexes], embeddings[indexes], taxonomy, folds)
        scores[task] = _report(labels, predicted)
    return scores


def _cross_predict(
    task: str, gold: list[LabelledExample], embeddings: np.ndarray, taxonomy: Sequence[ThemeSpec], folds: int
) -> list[str]:
    from sklearn.model_selection import KFold

    predicted = [""] * len(gold)
    splitter = KFold(n_splits=min(folds, len(gold)), shuffle=True, random_state=0)
    for train, test in splitter.split(embeddings):
        part = [gold[i] for i in train]
        vectors, labels, weights, texts = _training_set(task, part, embeddings[train], taxonomy)
        head = _fit(vectors, labels, weights, texts)
        tested = head.predict(embeddings[test], [gold[i].text for i in test])
        for index, label in zip(test, tested, strict=True):
            predicted[index] = label
    return predicted


def _report(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, dict[str, float]]:
    from sklearn.metrics import precision_recall_fscore_support

    labels = sorted(set(truth))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    report = {
        label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": float(s)}
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    }
    report["macro"] = {
        key: float(np.mean([report[label][key] for label in labels])) for key in ("precision", "recall", "f1")
    }
    report["macro"]["support"] = float(len(truth))
    return report


LABELS = {"sentiment": SENTIMENTS, "intent": INTENTS}
