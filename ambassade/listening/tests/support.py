"""Builders for the listening tests (also used by the listening screens' and the inbox's tests).

    source = source_make(world.organisation, name="Alertes", kind="feed", config={"url": ...})
    mention = mention_make(source, "Comment se passe l'entretien ?", intent="question")

`mention_make` goes through the real ingest (query left aside, deduplication, immediate enrichment)
unless labels are given, which are then written over the enrichment's.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from ambassade.integrations import FetchedItem, FetchResult, connector_register, connectors
from ambassade.listening.ingest import mentions_ingest
from ambassade.listening.models import Mention, MentionTheme, Source, Theme
from ambassade.listening.services import themes_ensure
from ambassade.orgs.models import Organisation

_ids = itertools.count(1)


def source_make(
    organisation: Organisation,
    *,
    name: str = "Alertes web",
    kind: str = "feed",
    config: dict[str, Any] | None = None,
    **values: Any,
) -> Source:
    if config is None:
        config = {"url": "https://alerts.example.com/feed"} if kind == "feed" else {}
    return Source.objects.create(organisation=organisation, name=name, kind=kind, config=config, **values)


def item_make(text: str, **values: Any) -> FetchedItem:
    values.setdefault("external_id", f"item-{next(_ids)}")
    values.setdefault("published_at", timezone.now())
    values.setdefault("platform", "web")
    values.setdefault("venue", "example.com")
    return FetchedItem(text=text, **values)


def mention_make(
    source: Source,
    text: str,
    *,
    sentiment: str | None = None,
    intent: str | None = None,
    themes: Sequence[str] | None = None,
    published_at: datetime | None = None,
    enrich_full: bool = False,
    **values: Any,
) -> Mention:
    """One mention of `source`, ingested like a fetched item; given labels override the enrichment's."""
    item = item_make(text, published_at=published_at or timezone.now(), **values)
    mentions_ingest(source=source, items=[item], apply_query=False, enrich_full=enrich_full)
    mention = Mention.objects.get(source=source, external_id=item.external_id)
    changed: dict[str, Any] = {}
    if sentiment is not None:
        changed["sentiment"] = sentiment
    if intent is not None:
        changed["intent"] = intent
        changed["is_question"] = intent == "question"
    if changed:
        Mention.objects.filter(pk=mention.pk).update(**changed)
    if themes is not None:
        themes_ensure(organisation=source.organisation)
        MentionTheme.objects.filter(mention=mention).delete()
        for index, slug in enumerate(themes):
            theme = Theme.objects.get(organisation=source.organisation, slug=slug)
            MentionTheme.objects.create(mention=mention, theme=theme, score=1 - index / 10)
    mention.refresh_from_db()
    return mention


@dataclass
class FakeConnector:
    """A connector whose fetches return what the test queues (or raise it)."""

    kind: str = "feed"
    label: str = "Fake"
    secret_required: bool = False
    results: list[FetchResult | Exception] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)

    def config_validate(self, config: Any) -> dict[str, Any]:
        return dict(config)

    def fetch(self, *, config: Any, state: Any, http: Any) -> FetchResult:
        self.calls.append({"config": dict(config), "state": dict(state)})
        result = self.results.pop(0) if self.results else FetchResult(items=[])
        if isinstance(result, Exception):
            raise result
        return result


def fake_connector(kind: str = "feed") -> Iterator[FakeConnector]:
    """For a fixture: the connector of `kind` replaced by a fake while the test runs."""
    original = connectors.get(kind)
    fake = FakeConnector(kind=kind)
    connector_register(fake)
    try:
        yield fake
    finally:
        if original is not None:
            connectors[kind] = original
        else:
            connectors.pop(kind, None)


def encoder_hashing(settings: Any) -> None:
    """Use the fast hashing encoder (call from an autouse fixture with pytest-django's `settings`)."""
    settings.LISTENING_ENCODER = "hashing"


def heads_small(monkeypatch: Any, *, every: int = 6) -> Iterator[None]:
    """For a fixture: the default heads trained on every `every`-th shipped example only (training on
    all of them takes tens of seconds on a busy machine; the code path is the same)."""
    from ambassade.listening.nlp import heads as heads_module

    rows = heads_module.examples_default()[::every]
    monkeypatch.setattr(heads_module, "examples_default", lambda: rows)
    heads_module.heads_reset()
    yield
    heads_module.heads_reset()
