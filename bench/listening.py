"""Quality and throughput of the listening enrichment (ambassade/listening/nlp, docs/listening-enrichment.md).

    make bench-listening        # or: .venv/bin/python bench/listening.py [--data DIR] [--quick]

Data: ../shared/research_data/listening (README there), overridable with --data;
bench/data/intent_validation.tsv (written by the project, separately from the training examples).
Tasks and measures:

- sentiment, macro-F1 on the XLM-T French tweets' val split, (a) with the shipped default heads, (b) with
  heads trained by the pipeline's heads_train on the XLM-T train split, standing in for an organisation's
  gold set.
  The XLM-T data is for evaluation only: nothing trained on it is saved or shipped;
- questions, F1 of `is_question` on questions_fr (positive = direct_question), as written and with every "?"
  removed, for the immediate rules and for the full pipeline;
- intent, macro-F1 on bench/data/intent_validation.tsv, immediate and full;
- themes, macro-F1 of the first theme on MasakhaNEWS French dev, with heads_train on the 50-per-class file and
  a taxonomy of its 5 labels (names and no keywords, so only the embeddings decide);
- discovery, NMI of themes_discover (k=5) against the MasakhaNEWS dev labels;
- throughput, posts/s of the immediate tier and of the full pipeline (encoder on 2 threads).

A readable table, then the last line: one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "research_data" / "listening"
INTENT_FILE = ROOT / "bench" / "data" / "intent_validation.tsv"
GOALS = {
    "sentiment_gold": 70,
    "questions": 85,
    "questions_no_mark": 75,
    "themes": 85,
    "full_posts_s": 15,
    "immediate_posts_s": 1000,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help=f"the research data folder (default {DEFAULT_DATA})")
    parser.add_argument("--quick", action="store_true", help="fewer rows for the question and speed runs")
    options = parser.parse_args()
    data = options.data or DEFAULT_DATA
    if not data.exists():
        sys.exit(f"No data folder at {data} / Aucun dossier de données à {data} (--data DIR)")
    _setup_django()
    from ambassade.listening import nlp

    encoder = nlp.encoder_get()
    print(f"encoder: {encoder.name} (dim {encoder.dim}); data: {data}", file=sys.stderr)
    results: dict[str, float | str] = {"encoder": encoder.name}
    results.update(_sentiment(nlp, data))
    results.update(_questions(nlp, data, quick=options.quick))
    results.update(_intent(nlp))
    results.update(_themes(nlp, data))
    results.update(_throughput(nlp, data, quick=options.quick))
    _table(results)
    print(json.dumps(results, ensure_ascii=False))


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="bench-listening-"))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _macro_f1(truth: list[str], predicted: list[str], labels: list[str] | None = None) -> float:
    from sklearn.metrics import f1_score

    return round(100 * float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)), 1)


def _binary_f1(truth: list[bool], predicted: list[bool]) -> float:
    from sklearn.metrics import f1_score

    return round(100 * float(f1_score(truth, predicted, zero_division=0)), 1)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _sentiment(nlp, data: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    folder = data / "xlmt_sentiment_fr"
    names = {"0": "negative", "1": "neutral", "2": "positive"}
    val_text, val_labels = (
        _lines(folder / "val_text.txt"),
        [names[x] for x in _lines(folder / "val_labels.txt")],
    )
    train_text, train_labels = (
        _lines(folder / "train_text.txt"),
        [names[x] for x in _lines(folder / "train_labels.txt")],
    )
    embeddings = nlp.embed(val_text)
    immediate = [item.sentiment for item in nlp.enrich_immediate(val_text)]
    default = [item.sentiment for item in nlp.enrich_full(val_text, embeddings=embeddings)[0]]
    # Evaluation only: these heads stand in for an organisation's gold set and are thrown away.
    gold = [
        nlp.LabelledExample(text, "sentiment", label)
        for text, label in zip(train_text, train_labels, strict=True)
    ]
    heads = nlp.heads_train(gold)
    trained = [item.sentiment for item in nlp.enrich_full(val_text, heads=heads, embeddings=embeddings)[0]]
    return {
        "sentiment_immediate": _macro_f1(val_labels, immediate),
        "sentiment_default": _macro_f1(val_labels, default),
        "sentiment_gold": _macro_f1(val_labels, trained),
    }


def _questions(nlp, data: Path, *, quick: bool) -> dict[str, float]:  # type: ignore[no-untyped-def]
    with (data / "questions_fr" / "fib_gsd_questions_train.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    if quick:
        rows = rows[::5]
    truth = [row["label"] == "direct_question" for row in rows]
    results = {}
    for suffix, texts in (
        ("", [row["text"] for row in rows]),
        ("_no_mark", [row["text"].replace("?", "") for row in rows]),
    ):
        results[f"questions_immediate{suffix}"] = _binary_f1(
            truth, [e.is_question for e in nlp.enrich_immediate(texts)]
        )
        results[f"questions{suffix}"] = _binary_f1(truth, [e.is_question for e in nlp.enrich_full(texts)[0]])
    return results


def _intent(nlp) -> dict[str, float]:  # type: ignore[no-untyped-def]
    with INTENT_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    texts, truth = [row["text"] for row in rows], [row["intent"] for row in rows]
    labels = list(nlp.INTENTS)
    return {
        "intent_immediate": _macro_f1(truth, [e.intent for e in nlp.enrich_immediate(texts)], labels),
        "intent": _macro_f1(truth, [e.intent for e in nlp.enrich_full(texts)[0]], labels),
    }


def _themes(nlp, data: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    folder = data / "masakhanews_fra"
    names = {
        "business": ("Économie", "Business"),
        "health": ("Santé", "Health"),
        "politics": ("Politique", "Politics"),
        "sports": ("Sport", "Sports"),
        "technology": ("Technologie", "Technology"),
    }
    taxonomy = tuple(nlp.ThemeSpec(slug, fr, en, ()) for slug, (fr, en) in names.items())

    def read(name: str) -> tuple[list[str], list[str]]:
        csv.field_size_limit(10**8)
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        return [f"{row['headline']}. {row['text']}"[:1000] for row in rows], [row["category"] for row in rows]

    train_text, train_labels = read("train_50_per_class.tsv")
    dev_text, dev_labels = read("dev.tsv")
    heads = nlp.heads_train(
        [nlp.LabelledExample(t, "theme", label) for t, label in zip(train_text, train_labels, strict=True)],
        taxonomy=taxonomy,
    )
    embeddings = nlp.embed(dev_text)
    enriched = nlp.enrich_full(dev_text, heads=heads, taxonomy=taxonomy, embeddings=embeddings)[0]
    predicted = [item.themes[0] if item.themes else "" for item in enriched]
    from sklearn.metrics import normalized_mutual_info_score

    discovered = nlp.themes_discover(dev_text, embeddings, k=5)
    clusters = [0] * len(dev_text)
    for number, theme in enumerate(discovered):
        for member in theme.members:
            clusters[member] = number
    return {
        "themes": _macro_f1(dev_labels, predicted, list(names)),
        "discovery_nmi": round(float(normalized_mutual_info_score(dev_labels, clusters)), 3),
    }


def _throughput(nlp, data: Path, *, quick: bool) -> dict[str, float]:  # type: ignore[no-untyped-def]
    texts = _lines(data / "xlmt_sentiment_fr" / "train_text.txt")
    sample = texts[:200] if quick else texts[:600]
    started = time.perf_counter()
    repeat = 3
    for _ in range(repeat):
        nlp.enrich_immediate(texts)
    immediate = repeat * len(texts) / (time.perf_counter() - started)
    started = time.perf_counter()
    nlp.enrich_full(sample)
    full = len(sample) / (time.perf_counter() - started)
    return {"immediate_posts_s": round(immediate), "full_posts_s": round(full, 1)}


def _table(results: dict[str, float | str]) -> None:
    rows = [
        ("sentiment macro-F1, immediate (lexicon)", "sentiment_immediate"),
        ("sentiment macro-F1, full, default heads", "sentiment_default"),
        ("sentiment macro-F1, full, heads + XLM-T train as gold", "sentiment_gold"),
        ("questions F1, immediate", "questions_immediate"),
        ("questions F1, full", "questions"),
        ('questions F1 without "?", immediate', "questions_immediate_no_mark"),
        ('questions F1 without "?", full', "questions_no_mark"),
        ("intent macro-F1, immediate", "intent_immediate"),
        ("intent macro-F1, full", "intent"),
        ("theme assignment macro-F1 (MasakhaNEWS, 50/class)", "themes"),
        ("theme discovery NMI (MasakhaNEWS, k=5)", "discovery_nmi"),
        ("immediate tier, posts/s", "immediate_posts_s"),
        ("full pipeline, posts/s (2 threads)", "full_posts_s"),
    ]
    print(f"{'measure':<55} {'value':>8} {'goal':>8}")
    for label, key in rows:
        goal = GOALS.get(key, "")
        print(f"{label:<55} {results.get(key, ''):>8} {goal:>8}")


if __name__ == "__main__":
    main()
