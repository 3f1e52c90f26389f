"""Enrichment of listened texts: language, sentiment, intent, question, themes, keywords.

See docs/listening-enrichment.md.

Two tiers: `enrich_immediate` (rules and lexicons, at ingest) and `enrich_full` (sentence embeddings from
`encoder_get()` with logistic-regression heads, in the background). Nothing is downloaded at run time.
"""

from .discover import themes_discover
from .encoders import E5Encoder, Encoder, HashingEncoder, embed, encoder_get, encoders_reset
from .heads import Head, Heads, heads_default, heads_reset, heads_scores, heads_train
from .pipeline import enrich_full, enrich_immediate
from .taxonomy import DEFAULT_TAXONOMY
from .types import INTENTS, SENTIMENTS, TASKS, TIERS, DiscoveredTheme, Enrichment, LabelledExample, ThemeSpec

__all__ = [
    "DEFAULT_TAXONOMY",
    "INTENTS",
    "SENTIMENTS",
    "TASKS",
    "TIERS",
    "DiscoveredTheme",
    "E5Encoder",
    "Encoder",
    "Enrichment",
    "HashingEncoder",
    "Head",
    "Heads",
    "LabelledExample",
    "ThemeSpec",
    "embed",
    "encoder_get",
    "encoders_reset",
    "enrich_full",
    "enrich_immediate",
    "heads_default",
    "heads_reset",
    "heads_scores",
    "heads_train",
    "themes_discover",
]
