"""The labelling loop: a correction in the stream becomes a gold label; the organisation's heads retrain
on its gold set, their scores on it are kept over time, and recent mentions are enriched again.

Also the discovery of emerging themes: clusters of the last 30 days' embeddings, proposed as themes
named by their words, which admins accept or dismiss.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import numpy as np
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ambassade.core.audit import audit_record
from ambassade.listening import nlp
from ambassade.listening.ingest import (
    FLAGGED_INTENTS,
    embedding_of,
    mentions_enrich_full_enqueue,
    mentions_flag,
)
from ambassade.listening.models import (
    HeadModel,
    LabelCorrection,
    Mention,
    MentionTheme,
    ScoreSnapshot,
    Theme,
)
from ambassade.orgs.models import Membership, Organisation

logger = logging.getLogger(__name__)

HEADS_KEPT = 3
REENRICH_WINDOW = timedelta(days=30)
REENRICH_MAX = 2000
DISCOVER_WINDOW = timedelta(days=30)
DISCOVER_MAX = 5000
DISCOVER_MIN = 30  # mentions needed to look for themes at all
DISCOVER_MIN_MEMBERS = 5
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@[\w.\-]+(?:@[\w\-]+(?:\.[\w\-]+)+)?")
RETRAIN_PENDING = 600  # seconds: one retrain waits for the corrections that follow it


def label_choices(*, organisation: Organisation, task: str) -> list[str]:
    if task == "sentiment":
        return list(nlp.SENTIMENTS)
    if task == "intent":
        return list(nlp.INTENTS)
    if task == "theme":
        return [
            "",
            *Theme.objects.filter(organisation=organisation, active=True).values_list("slug", flat=True),
        ]
    raise ValidationError(
        {"task": _("Choose one of: %(expected)s.") % {"expected": "sentiment, intent, theme"}}
    )


def _current_label(mention: Mention, task: str) -> str:
    if task == "theme":
        return ",".join(mention.mention_themes.order_by("-score", "pk").values_list("theme__slug", flat=True))
    return str(getattr(mention, task))


def label_correct(*, membership: Membership, mention: Mention, task: str, label: str) -> LabelCorrection:
    """One click in the stream: the mention gets this label (kept over later enrichments), the gold set
    gets a row, and the organisation's heads retrain in the background. For themes, the label is the
    mention's one theme ("" for none)."""
    label = (label or "").strip()
    if label not in label_choices(organisation=mention.organisation, task=task):
        raise ValidationError({"label": _("“%(label)s” is not a label of this task.") % {"label": label}})
    with transaction.atomic():
        previous = _current_label(mention, task)
        correction = LabelCorrection.objects.create(
            organisation=mention.organisation,
            mention=mention,
            text=gold_text(mention.text),
            task=task,
            label=label,
            previous=previous[:200],
            corrected_by=membership.user,
        )
        _label_apply(mention=mention, task=task, label=label)
        audit_record(
            actor=membership.user,
            action="listening.label_correct",
            organisation=mention.organisation,
            target=mention,
            changes={task: [previous, label]},
        )
        if task == "intent" and label in FLAGGED_INTENTS:
            mentions_flag([mention])
        heads_retrain_enqueue(organisation_id=mention.organisation_id)
    return correction


def gold_text(text: str) -> str:
    """The post's words for the gold set, without whom it names or links to: the gold set outlives the
    mention (retention, an author's erasure), so handles and addresses become "@user" and "http"."""
    return _HANDLE.sub("@user", _URL.sub("http", text))


def _label_apply(*, mention: Mention, task: str, label: str) -> None:
    mention.corrected = True
    if task == "theme":
        mention.mention_themes.all().delete()
        if label:
            theme = Theme.objects.filter(organisation_id=mention.organisation_id, slug=label).first()
            if theme is None:  # deleted since the choices were read
                raise ValidationError(
                    {"label": _("“%(label)s” is not a label of this task.") % {"label": label}}
                )
            MentionTheme.objects.create(mention=mention, theme=theme, score=1.0, by=MentionTheme.By.PERSON)
        mention.save(update_fields=["corrected"])
        return
    setattr(mention, task, label)
    fields = ["corrected", task]
    if task == "intent":
        mention.is_question = label == "question"
        fields.append("is_question")
    mention.save(update_fields=fields)


def heads_retrain_enqueue(*, organisation_id: int) -> None:
    """At most one retrain waiting per organisation: a burst of corrections trains once. The claim is
    taken after the commit, so a correction rolled back does not hold back the next one's retrain."""
    from ambassade.listening.tasks import heads_retrain_task

    def enqueue() -> None:
        if cache.add(f"listening:retrain:{organisation_id}", 1, timeout=RETRAIN_PENDING):
            heads_retrain_task.enqueue(organisation_id=organisation_id)

    transaction.on_commit(enqueue)


def heads_stale_organisations() -> list[int]:
    """Organisations whose latest correction is newer than their latest model (or who have none): the
    retrain was lost (a restart in thread mode) or never asked (corrections loaded in bulk)."""
    latest_model = (
        HeadModel.objects.filter(organisation_id=OuterRef("organisation_id"))
        .order_by("-trained_at")
        .values("trained_at")[:1]
    )
    rows = (
        LabelCorrection.objects.values("organisation_id")
        .annotate(last=Max("created_at"), model=Subquery(latest_model))
        .filter(Q(model=None) | Q(last__gt=F("model")))
    )
    return [row["organisation_id"] for row in rows]


def gold_examples(*, organisation_id: int) -> list[nlp.LabelledExample]:
    """The gold set: the latest label per mention (or text) and task."""
    latest: dict[tuple[Any, str], nlp.LabelledExample] = {}
    rows = LabelCorrection.objects.filter(organisation_id=organisation_id).order_by("created_at", "pk")
    for mention_id, text, task, label in rows.values_list("mention_id", "text", "task", "label"):
        key = (mention_id or text, task)
        latest[key] = nlp.LabelledExample(text=text, task=task, label=label)
    return list(latest.values())


def heads_retrain(*, organisation_id: int) -> HeadModel | None:
    """Train the organisation's heads on its gold set, keep their scores, and enrich recent mentions again."""
    from ambassade.listening.services import themes_taxonomy

    cache.delete(f"listening:retrain:{organisation_id}")
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    examples = gold_examples(organisation_id=organisation_id)
    if organisation is None or not examples:
        return None
    taxonomy = themes_taxonomy(organisation=organisation)
    heads = nlp.heads_train(examples, taxonomy=taxonomy)
    scores = nlp.heads_scores(examples, taxonomy=taxonomy)
    with transaction.atomic():
        model = HeadModel.objects.create(
            organisation=organisation,
            encoder_name=heads.encoder_name,
            data=heads.to_bytes(),
            examples=len(examples),
            scores=scores,
        )
        _scores_record(organisation=organisation, examples=examples, scores=scores)
        old = HeadModel.objects.filter(organisation=organisation).order_by("-trained_at", "-pk")[HEADS_KEPT:]
        HeadModel.objects.filter(pk__in=[row.pk for row in old]).delete()
        mentions_reenrich(organisation_id=organisation_id)
    return model


def _scores_record(
    *, organisation: Organisation, examples: Sequence[nlp.LabelledExample], scores: dict[str, Any]
) -> None:
    counts: dict[str, int] = {}
    for example in examples:
        counts[example.task] = counts.get(example.task, 0) + 1
    ScoreSnapshot.objects.bulk_create(
        ScoreSnapshot(organisation=organisation, task=task, scores=task_scores, examples=counts.get(task, 0))
        for task, task_scores in scores.items()
        if task in LabelCorrection.Task.values
    )


def mentions_reenrich(*, organisation_id: int) -> int:
    """Enrich the organisation's recent mentions again (after a retrain): those nobody corrected."""
    ids = list(
        Mention.objects.filter(
            organisation_id=organisation_id,
            corrected=False,
            duplicate_of=None,
            published_at__gte=timezone.now() - REENRICH_WINDOW,
        )
        .order_by("-published_at")
        .values_list("pk", flat=True)[:REENRICH_MAX]
    )
    mentions_enrich_full_enqueue(ids)
    return len(ids)


# --- emerging themes --------------------------------------------------------------------------------


def themes_discover_run(*, organisation_id: int) -> list[Theme]:
    """Cluster the last 30 days' mentions and propose, as inactive discovered themes named by their
    characteristic words, the clusters that the current themes mostly leave uncovered."""
    since = timezone.now() - DISCOVER_WINDOW
    mentions = list(
        Mention.objects.filter(
            organisation_id=organisation_id,
            duplicate_of=None,
            published_at__gte=since,
            embedding__isnull=False,
        )
        .order_by("-published_at")
        .only("pk", "text", "embedding")[:DISCOVER_MAX]
    )
    usable = [(m, v) for m in mentions if (v := embedding_of(m)) is not None]
    if len(usable) < DISCOVER_MIN or len({v.shape for _m, v in usable}) != 1:
        return []
    covered = set(
        MentionTheme.objects.filter(
            mention_id__in=[m.pk for m, _v in usable], theme__active=True
        ).values_list("mention_id", flat=True)
    )
    discovered = nlp.themes_discover([m.text for m, _v in usable], np.vstack([v for _m, v in usable]))
    emerging = [
        cluster
        for cluster in discovered
        if len(cluster.members) >= DISCOVER_MIN_MEMBERS
        and sum(usable[i][0].pk in covered for i in cluster.members) <= len(cluster.members) / 2
    ]
    return _themes_propose(organisation_id=organisation_id, discovered=emerging)


def _themes_propose(*, organisation_id: int, discovered: Sequence[nlp.DiscoveredTheme]) -> list[Theme]:
    existing = Theme.objects.filter(organisation_id=organisation_id)
    slugs = set(existing.values_list("slug", flat=True))
    known = {
        line.strip().casefold()
        for keywords in existing.values_list("keywords", flat=True)
        for line in keywords.split("\n")
    }
    position = max(existing.values_list("position", flat=True), default=0) + 1
    created = []
    for cluster in discovered:
        words = [word for word in cluster.words if word.strip()][:6]
        if not words or {word.casefold() for word in words[:2]} <= known:
            continue
        slug = slugify("-".join(words[:3]))[:60] or f"theme-{position}"
        if slug in slugs:
            continue
        name = ", ".join(words[:3])[:120]
        created.append(
            Theme(
                organisation_id=organisation_id,
                slug=slug,
                name_fr=name,
                name_en=name,
                keywords="\n".join(words),
                active=False,
                discovered=True,
                position=position,
            )
        )
        slugs.add(slug)
        position += 1
    Theme.objects.bulk_create(created)
    return created
