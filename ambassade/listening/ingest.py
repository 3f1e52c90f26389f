"""Mentions in: the source's query, deduplication, the immediate enrichment, then the full one.

Never twice: an item already known for its source (same external id) is skipped. The same text
(normalised hash) or a near-duplicate (simhash within NEAR_BITS bits, among the organisation's last
30 days) is kept, for its venue counts, but points to the first one (`duplicate_of`) and stays out of
the stream.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ambassade.integrations import FetchedItem
from ambassade.integrations.base import http_url
from ambassade.listening import nlp
from ambassade.listening.dedup import NEAR_BITS, simhash, text_hash
from ambassade.listening.models import HeadModel, LabelCorrection, Mention, MentionTheme, Source, Theme
from ambassade.listening.query import query_parse, text_normalise
from ambassade.listening.signals import mention_flagged

logger = logging.getLogger(__name__)

NEAR_DUPLICATE_BITS = NEAR_BITS  # see dedup.py for why posts need more than 3 bits
NEAR_DUPLICATE_WINDOW = timedelta(days=30)
FULL_BATCH = 64  # mentions encoded together
FULL_TASK = 512  # mentions per background task (few tasks: in thread mode each is a thread)
FLAGGED_INTENTS = ("question", "worry")
TEXT_MAX = 20_000
INGEST_ATTEMPTS = 3
_POPCOUNT = np.array([bin(value).count("1") for value in range(256)], dtype=np.uint8)


@dataclass
class IngestReport:
    created: int = 0
    duplicates: int = 0  # kept, pointing to an earlier mention with the same or nearly the same text
    filtered: int = 0  # left out by the source's query
    known: int = 0  # already fetched from this source
    empty: int = 0  # no text


def mentions_ingest(
    *, source: Source, items: Sequence[FetchedItem], apply_query: bool = True, enrich_full: bool = True
) -> IngestReport:
    """Store the new items of a source as mentions, enriched at once with the immediate tier."""
    from ambassade.listening.services import themes_taxonomy

    taxonomy = themes_taxonomy(organisation=source.organisation)
    for attempt in range(INGEST_ATTEMPTS):
        report = IngestReport()
        fresh = _new_items(source=source, items=items, report=report, apply_query=apply_query)
        if not fresh:
            break
        try:
            with transaction.atomic():  # a savepoint when called inside a transaction
                _store(source=source, fresh=fresh, report=report, enrich_full=enrich_full, taxonomy=taxonomy)
        except IntegrityError:
            # A parallel fetch of the same source stored some of these items meanwhile: look again.
            if attempt + 1 == INGEST_ATTEMPTS:
                raise
            continue
        break
    return report


def _store(
    *,
    source: Source,
    fresh: list[FetchedItem],
    report: IngestReport,
    enrich_full: bool,
    taxonomy: Sequence[nlp.ThemeSpec],
) -> None:
    organisation = source.organisation
    now = timezone.now()
    mentions = [_mention_build(source=source, item=item, now=now) for item in fresh]
    _duplicates_mark(mentions)
    Mention.objects.bulk_create(mentions, batch_size=500)
    _duplicates_resolve(mentions)
    enrichments = nlp.enrich_immediate([_enrichment_text(m) for m in mentions], taxonomy=taxonomy)
    _enrichment_store(mentions, enrichments, organisation_id=organisation.pk, by=MentionTheme.By.RULE)
    Source.objects.filter(pk=source.pk).update(items_total=F("items_total") + len(mentions))
    report.created = len(mentions)
    report.duplicates = sum(1 for mention in mentions if _is_duplicate(mention))
    mentions_flag([m for m in mentions if m.intent in FLAGGED_INTENTS and not _is_duplicate(m)])
    if enrich_full:
        mentions_enrich_full_enqueue([mention.pk for mention in mentions])


def _new_items(
    *, source: Source, items: Sequence[FetchedItem], report: IngestReport, apply_query: bool
) -> list[FetchedItem]:
    ids = {item.external_id for item in items}
    known = set(
        Mention.objects.filter(source=source, external_id__in=ids).values_list("external_id", flat=True)
    )
    query = query_parse(source.query) if apply_query and source.query.strip() else None
    fresh: list[FetchedItem] = []
    seen: set[str] = set()
    for item in items:
        if item.external_id in known or item.external_id in seen or not item.external_id:
            report.known += 1
            continue
        if not (item.text or "").strip() and not (item.title or "").strip():
            report.empty += 1
            continue
        if query is not None and not query.matches(f"{item.title}\n{item.text}"):
            report.filtered += 1
            continue
        seen.add(item.external_id)
        fresh.append(item)
    return fresh


def _http(url: str) -> str:
    url = http_url(url)
    return url if len(url) <= 1000 else ""


def _mention_build(*, source: Source, item: FetchedItem, now: datetime) -> Mention:
    text = (item.text or item.title or "").strip()[:TEXT_MAX]
    whole = f"{item.title}\n{text}" if item.title and item.title not in text else text
    published = item.published_at or now
    if timezone.is_naive(published):
        published = timezone.make_aware(published, UTC)
    mention = Mention(
        organisation_id=source.organisation_id,
        source=source,
        external_id=item.external_id[:500],
        url=_http(item.url),
        text=text,
        title=(item.title or "")[:500],
        text_search=text_normalise(whole),
        text_hash=text_hash(text),
        simhash=simhash(text),
        published_at=min(published, now),
        platform=(item.platform or "")[:30],
        venue=(item.venue or "")[:200],
        thread_url=_http(item.thread_url),
        author_name=(item.author_name or "")[:200],
        author_handle=(item.author_handle or "")[:200],
        author_url=_http(item.author_url),
        reach=item.reach if item.reach is not None and item.reach >= 0 else None,
        lang=(item.lang or "")[:8],
    )
    mention._duplicate_of = None  # type: ignore[attr-defined]  # an earlier item of the same batch
    return mention


def _is_duplicate(mention: Mention) -> bool:
    return bool(mention.duplicate_of_id or getattr(mention, "_duplicate_of", None))


def _duplicates_mark(mentions: list[Mention]) -> None:
    """Point each mention to an earlier one with the same text hash, else a near-duplicate simhash."""
    if not mentions:
        return
    organisation_id = mentions[0].organisation_id
    hashes = {m.text_hash for m in mentions}
    by_hash = dict(
        Mention.objects.filter(organisation_id=organisation_id, text_hash__in=hashes, duplicate_of=None)
        .order_by("-pk")
        .values_list("text_hash", "pk")
    )
    since = timezone.now() - NEAR_DUPLICATE_WINDOW
    recent = list(
        Mention.objects.filter(organisation_id=organisation_id, duplicate_of=None, published_at__gte=since)
        .exclude(simhash=0)  # texts too short for near matching
        .values_list("pk", "simhash")
        .order_by("pk")
    )
    recent_ids = [pk for pk, _hash in recent]
    recent_hashes = np.array([value for _pk, value in recent], dtype=np.int64)
    batch: dict[str, Mention] = {}
    batch_hashes: list[tuple[int, Mention]] = []
    for mention in mentions:
        if mention.text_hash in by_hash:
            mention.duplicate_of_id = by_hash[mention.text_hash]
        elif mention.text_hash in batch:
            mention._duplicate_of = batch[mention.text_hash]  # type: ignore[attr-defined]
        elif mention.simhash == 0:
            batch[mention.text_hash] = mention
        else:
            near = _nearest(mention.simhash, recent_hashes)
            if near is not None:
                mention.duplicate_of_id = recent_ids[near]
            else:
                earlier = next(
                    (other for value, other in batch_hashes if _hamming(value, mention.simhash) <= NEAR_BITS),
                    None,
                )
                if earlier is not None:
                    mention._duplicate_of = earlier  # type: ignore[attr-defined]
                else:
                    batch[mention.text_hash] = mention
                    batch_hashes.append((mention.simhash, mention))


def _hamming(a: int, b: int) -> int:
    return ((a ^ b) & 0xFFFFFFFFFFFFFFFF).bit_count()


def _nearest(value: int, hashes: np.ndarray) -> int | None:
    if not len(hashes):
        return None
    differing = np.bitwise_xor(hashes, np.int64(value)).view(np.uint8).reshape(-1, 8)
    distances = _POPCOUNT[differing].sum(axis=1)
    best = int(np.argmin(distances))
    return best if distances[best] <= NEAR_DUPLICATE_BITS else None


def _duplicates_resolve(mentions: list[Mention]) -> None:
    """After saving: point duplicates within the batch to their (now saved) first mention."""
    within = [m for m in mentions if getattr(m, "_duplicate_of", None) is not None]
    for mention in within:
        mention.duplicate_of_id = mention._duplicate_of.pk  # type: ignore[attr-defined]
    if within:
        Mention.objects.bulk_update(within, ["duplicate_of"], batch_size=500)


def _enrichment_text(mention: Mention) -> str:
    if mention.title and mention.title not in mention.text:
        return f"{mention.title}\n{mention.text}"
    return mention.text


def _enrichment_store(
    mentions: list[Mention],
    enrichments: Sequence[nlp.Enrichment],
    *,
    organisation_id: int,
    by: str,
    keep: dict[int, set[str]] | None = None,
) -> None:
    """Write the labels onto the mentions; `keep` names, per mention, the tasks the team corrected."""
    keep = keep or {}
    themes = dict(Theme.objects.filter(organisation_id=organisation_id).values_list("slug", "pk"))
    now = timezone.now()
    links: list[MentionTheme] = []
    replaced: list[int] = []
    for mention, enrichment in zip(mentions, enrichments, strict=True):
        corrected = keep.get(mention.pk, set())
        mention.lang = enrichment.lang or mention.lang
        if "sentiment" not in corrected:
            mention.sentiment = enrichment.sentiment
        if "intent" not in corrected:
            mention.intent = enrichment.intent
            mention.is_question = enrichment.is_question
        mention.keywords = list(enrichment.keywords)[:8]
        mention.tier = enrichment.tier
        mention.enriched_at = now
        if "theme" not in corrected:
            replaced.append(mention.pk)
            slugs = [slug for slug in enrichment.themes if slug in themes]
            links.extend(
                MentionTheme(mention=mention, theme_id=themes[slug], score=1.0 - index * 0.1, by=by)
                for index, slug in enumerate(dict.fromkeys(slugs))
            )
    fields = ["lang", "sentiment", "intent", "is_question", "keywords", "tier", "enriched_at"]
    Mention.objects.bulk_update(mentions, fields, batch_size=500)
    MentionTheme.objects.filter(mention_id__in=replaced).exclude(by=MentionTheme.By.PERSON).delete()
    MentionTheme.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)


def mentions_flag(mentions: Iterable[Mention]) -> int:
    """Tell the inbox about questions and worries, once per mention: flagged_at is claimed first, in a
    savepoint with the receivers' work, so a receiver that fails leaves the mention to be flagged by its
    next enrichment or correction (and a failed database statement does not spoil the caller's
    transaction on PostgreSQL)."""
    sent = 0
    for mention in mentions:
        if mention.intent not in FLAGGED_INTENTS or _is_duplicate(mention) or mention.source.competitor:
            continue  # a question to a competitor is not ours to answer
        try:
            with transaction.atomic():
                if not Mention.objects.filter(pk=mention.pk, flagged_at__isnull=True).update(
                    flagged_at=timezone.now()
                ):
                    continue
                mention_flagged.send(sender=Mention, mention=mention)
        except Exception:
            logger.exception("a mention_flagged receiver failed for mention %s", mention.pk)
            continue
        sent += 1
    return sent


# --- the full tier ----------------------------------------------------------------------------------


def mentions_enrich_full_enqueue(mention_ids: Sequence[int]) -> None:
    from ambassade.listening.tasks import mentions_enrich_full_task

    for start in range(0, len(mention_ids), FULL_TASK):
        mentions_enrich_full_task.enqueue(mention_ids=list(mention_ids[start : start + FULL_TASK]))


PENDING_PER_RUN = 256  # about ten seconds of the embedding tier on 2 cores


def mentions_enrich_pending(*, limit: int = PENDING_PER_RUN) -> int:
    """Catch up on mentions still waiting for the embedding tier, newest first: those whose background
    task was lost (a restart in thread mode) and those loaded in bulk (imports, the demo)."""
    ids = list(
        Mention.objects.filter(tier=Mention.Tier.IMMEDIATE, duplicate_of=None)
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    return mentions_enrich_full(mention_ids=ids) if ids else 0


def heads_for(*, organisation_id: int) -> nlp.Heads | None:
    """The organisation's retrained heads, when they were trained on the encoder now in use."""
    latest = HeadModel.objects.filter(organisation_id=organisation_id).order_by("-trained_at", "-pk").first()
    if latest is None:
        return None
    if latest.encoder_name != nlp.encoder_get().name:
        return None
    try:
        return nlp.Heads.from_bytes(bytes(latest.data))
    except Exception:
        logger.exception("heads %s of organisation %s cannot be read", latest.pk, organisation_id)
        return None


def mentions_enrich_full(*, mention_ids: Sequence[int], reuse_embeddings: bool = False) -> int:
    """The embedding tier for these mentions (by organisation): labels from the organisation's heads,
    the embedding stored; labels the team corrected are kept. Returns how many were enriched."""
    done = 0
    for start in range(0, len(mention_ids), FULL_BATCH):
        done += _enrich_full_batch(mention_ids[start : start + FULL_BATCH], reuse_embeddings=reuse_embeddings)
    return done


def _enrich_full_batch(mention_ids: Sequence[int], *, reuse_embeddings: bool) -> int:
    from ambassade.listening.services import themes_taxonomy

    mentions = list(
        Mention.objects.filter(pk__in=mention_ids)
        .select_related("organisation", "source")
        .order_by("organisation_id", "pk")
    )
    done = 0
    for organisation_id in dict.fromkeys(m.organisation_id for m in mentions):
        group = [m for m in mentions if m.organisation_id == organisation_id]
        organisation = group[0].organisation
        taxonomy = themes_taxonomy(organisation=organisation)
        heads = heads_for(organisation_id=organisation_id)
        embeddings = _stored_embeddings(group) if reuse_embeddings else None
        enrichments, vectors = nlp.enrich_full(
            [_enrichment_text(m) for m in group], heads=heads, taxonomy=taxonomy, embeddings=embeddings
        )
        corrected = _corrected_tasks(group)
        with transaction.atomic():
            for mention, vector in zip(group, vectors, strict=True):
                mention.embedding = np.asarray(vector, dtype=np.float32).tobytes()
            Mention.objects.bulk_update(group, ["embedding"], batch_size=200)
            _enrichment_store(group, enrichments, organisation_id=organisation_id, by="model", keep=corrected)
            mentions_flag(group)
        done += len(group)
    return done


def _stored_embeddings(mentions: list[Mention]) -> np.ndarray | None:
    vectors = [embedding_of(m) for m in mentions]
    if any(v is None for v in vectors) or len({v.shape for v in vectors if v is not None}) != 1:
        return None
    return np.vstack([v for v in vectors if v is not None])


def embedding_of(mention: Mention) -> np.ndarray | None:
    if not mention.embedding:
        return None
    return np.frombuffer(bytes(mention.embedding), dtype=np.float32)


def _corrected_tasks(mentions: list[Mention]) -> dict[int, set[str]]:
    corrected: dict[int, set[str]] = {}
    rows = LabelCorrection.objects.filter(mention_id__in=[m.pk for m in mentions if m.corrected])
    for mention_id, task in rows.values_list("mention_id", "task"):
        corrected.setdefault(mention_id, set()).add(task)
    return corrected
