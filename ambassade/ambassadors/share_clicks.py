"""Credit ambassadors for the human clicks their links bring: daily activity, confirmed shares, points.

Every minute the job takes the clicks after its own watermark (the `RollupWatermark` row named
"ambassadors", beside the links rollups' "clicks" row) in batches by id. Each batch, in one
transaction holding the watermark's row lock and moving it by compare-and-swap (as links/rollups.py
does), does three things for the clicks of links whose ambassador is an enrolled Ambassador:

- adds the human clicks to the ambassador's ActivityDay row of each local day;
- confirms the Shares of a link at its first human click after they were opened (`confirmed_at`), and
  credits FIRST_CLICK points once per link, to the link's first share (`source="share:<pk>"`): a re-share
  of the same item to the same network reuses its link and earns nothing again;
- awards the badges that these new figures earn.

Dropped clicks (robots and link previews, prefetches, HEAD requests, duplicates within 24 hours, the
ambassador's own clicks) are never counted. Clicks that happened before the ambassador enrolled, or
whose ambassador has withdrawn or left, are passed over for good.

A click is taken only once it is `settle` old, stopping at the first younger one: on PostgreSQL ids are
drawn before commit, so a click with a smaller id may become visible after a larger one. A run can be
repeated, run in parallel with another, or interrupted between batches: no click is credited twice or
skipped.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from ambassade.ambassadors.activity import activity_add
from ambassade.ambassadors.ledger import points_award
from ambassade.ambassadors.models import Ambassador, PointsEntry, Share
from ambassade.ambassadors.recognition import badges_award_many
from ambassade.links.models import Click, RollupWatermark

WATERMARK = "ambassadors"
BATCH_SIZE = 2000
SETTLE = timedelta(seconds=10)

_CLICK_FIELDS = ("id", "occurred_at", "reason", "link_id", "link__organisation_id", "link__ambassador_id")


class ShareClicksConflict(Exception):
    """The watermark moved under us: the batch is rolled back (whoever moved it took those clicks)."""


@dataclass(frozen=True)
class ShareClicksResult:
    clicks: int  # clicks read past (human or not, credited or not)
    credited: int  # human clicks added to ambassadors' activity
    confirmed: int  # shares confirmed
    batches: int


def watermark_lock() -> RollupWatermark:
    """Take this job's lock until the end of the current transaction (erasure and withdrawal may use it
    so that no batch writes a person's activity while they are being removed)."""
    RollupWatermark.objects.get_or_create(name=WATERMARK)
    return RollupWatermark.objects.select_for_update().get(name=WATERMARK)


def share_clicks_credit(
    *,
    batch_size: int = BATCH_SIZE,
    now: datetime | None = None,
    settle: timedelta = SETTLE,
    max_batches: int | None = None,
) -> ShareClicksResult:
    RollupWatermark.objects.get_or_create(name=WATERMARK)
    horizon = (now or timezone.now()) - settle
    totals: Counter[str] = Counter()
    while max_batches is None or totals["batches"] < max_batches:
        batch = _batch_credit(batch_size=batch_size, horizon=horizon)
        if batch["clicks"] == 0:
            break
        totals.update(batch)
        totals["batches"] += 1
    return ShareClicksResult(
        clicks=totals["clicks"],
        credited=totals["credited"],
        confirmed=totals["confirmed"],
        batches=totals["batches"],
    )


@transaction.atomic
def _batch_credit(*, batch_size: int, horizon: datetime) -> Counter[str]:
    watermark = watermark_lock()
    rows = Click.objects.filter(id__gt=watermark.last_click_id).order_by("id").values(*_CLICK_FIELDS)
    settled: list[dict[str, Any]] = []
    for row in rows[:batch_size]:
        if row["occurred_at"] >= horizon:
            break
        settled.append(row)
    result: Counter[str] = Counter(clicks=len(settled))
    if not settled:
        return result
    humans = [row for row in settled if row["reason"] == Click.Reason.HUMAN and row["link__ambassador_id"]]
    ambassadors = _enrolled_ambassadors({row["link__ambassador_id"] for row in humans})
    credited = [row for row in humans if _counts_for(row, ambassadors)]
    result["credited"] = _activity_add(credited, ambassadors)
    result["confirmed"] = _shares_confirm(credited, ambassadors)
    badges_award_many(ambassador_ids={ambassadors[row["link__ambassador_id"]].pk for row in credited})
    moved = RollupWatermark.objects.filter(pk=watermark.pk, last_click_id=watermark.last_click_id).update(
        last_click_id=settled[-1]["id"]
    )
    if moved != 1:
        raise ShareClicksConflict
    return result


def _enrolled_ambassadors(person_ids: set[int]) -> dict[int, Ambassador]:
    """The enrolled Ambassadors of these people, by person id, their rows locked in a fixed order: a
    withdrawal either waits for this batch or is seen by it, never half."""
    if not person_ids:
        return {}
    rows = (
        Ambassador.objects.select_for_update(of=("self",))
        .filter(person_id__in=person_ids, status=Ambassador.Status.ENROLLED)
        .select_related("organisation")
        .order_by("pk")
    )
    return {ambassador.person_id: ambassador for ambassador in rows}


def _counts_for(row: dict[str, Any], ambassadors: dict[int, Ambassador]) -> bool:
    ambassador = ambassadors.get(row["link__ambassador_id"])
    return (
        ambassador is not None
        and ambassador.organisation_id == row["link__organisation_id"]
        and ambassador.enrolled_at is not None
        and row["occurred_at"] >= ambassador.enrolled_at
    )


def _day(moment: datetime) -> date:
    return timezone.localdate(moment)


def _activity_add(rows: list[dict[str, Any]], ambassadors: dict[int, Ambassador]) -> int:
    per_day: Counter[tuple[int, date]] = Counter()
    for row in rows:
        per_day[(row["link__ambassador_id"], _day(row["occurred_at"]))] += 1
    for (person_id, day), count in sorted(per_day.items()):
        activity_add(ambassador=ambassadors[person_id], day=day, human_clicks=count)
    return sum(per_day.values())


def _shares_confirm(rows: list[dict[str, Any]], ambassadors: dict[int, Ambassador]) -> int:
    """Confirm the shares of the clicked links that were opened before a human click; credit the first
    share of each link once."""
    clicks_by_link: dict[int, list[datetime]] = defaultdict(list)
    for row in rows:
        clicks_by_link[row["link_id"]].append(row["occurred_at"])
    owner = {row["link_id"]: ambassadors[row["link__ambassador_id"]] for row in rows}
    pending = set(
        Share.objects.filter(link_id__in=clicks_by_link, confirmed_at__isnull=True).values_list(
            "link_id", flat=True
        )
    )
    shares_by_link: dict[int, list[Share]] = defaultdict(list)
    shares = Share.objects.filter(link_id__in=pending).order_by("opened_at", "pk")
    for share in shares:
        shares_by_link[share.link_id].append(share)  # type: ignore[index]
    confirmed = 0
    for link_id, link_shares in sorted(shares_by_link.items()):
        ambassador = owner[link_id]
        clicks = sorted(clicks_by_link[link_id])
        newly = []
        for share in link_shares:
            if share.confirmed_at is not None or share.ambassador_id != ambassador.pk:
                continue
            first_click = next((at for at in clicks if at >= share.opened_at), None)
            if first_click is not None:
                share.confirmed_at = first_click
                newly.append(share)
        if not newly:
            continue
        Share.objects.bulk_update(newly, ["confirmed_at"])
        confirmed += len(newly)
        first = link_shares[0]
        if first in newly:
            points_award(
                ambassador=ambassador,
                reason=PointsEntry.Reason.FIRST_CLICK,
                source=f"share:{first.pk}",
                at=first.confirmed_at,
            )
    return confirmed
