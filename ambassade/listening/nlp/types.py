"""The values the enrichment produces and consumes (see docs/listening-enrichment.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

SENTIMENTS: tuple[str, ...] = ("negative", "neutral", "positive")
INTENTS: tuple[str, ...] = ("question", "worry", "expectation", "praise", "other")
TASKS: tuple[str, ...] = ("sentiment", "intent", "theme")
TIERS: tuple[str, ...] = ("immediate", "full")


@dataclass
class Enrichment:
    lang: str  # ISO 639-1, "" when unknown
    sentiment: str  # one of SENTIMENTS
    intent: str  # one of INTENTS
    is_question: bool
    themes: list[str] = field(default_factory=list)  # theme slugs, best first
    keywords: list[str] = field(default_factory=list)  # at most 8
    tier: str = "immediate"


@dataclass(frozen=True)
class ThemeSpec:
    slug: str
    name_fr: str
    name_en: str
    keywords: tuple[str, ...] = ()  # French and English words or phrases


@dataclass
class LabelledExample:
    text: str
    task: str  # "sentiment" | "intent" | "theme"
    label: str  # for "theme": a theme slug, or "" for "no theme"


@dataclass
class DiscoveredTheme:
    words: list[str]
    members: list[int]  # indexes into the texts given to themes_discover
