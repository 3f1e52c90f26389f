"""The demo's rewards catalogue: a few items as an HR team would write them, and requests in every
status from enrolled ambassadors who have the points (wired into the demo by ambassade/demo).

Rows are written directly (no e-mail, no audit row): the spending and refunds are ledger rows like
the services write ("reward:<pk>", "reward:<pk>:refund"), so balances stay true.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Sum

from ambassade.ambassadors.models import Ambassador, PointsEntry
from ambassade.orgs.models import Membership, Organisation
from ambassade.orgs.roles import Role
from ambassade.rewards.models import RewardItem, RewardRequest

Status = RewardRequest.Status
Reason = PointsEntry.Reason
DECIDED = frozenset({Status.APPROVED, Status.DELIVERED, Status.REFUSED})


@dataclass(frozen=True)
class ItemSpec:
    name: str
    description: str
    cost: int
    stock: int | None
    active: bool = True


ITEMS = [
    ItemSpec(
        "Carnet et stylo aux couleurs de la Région",
        "Un carnet A5 recyclé et son stylo, pour les réunions comme pour les salons.",
        40,
        None,
    ),
    ItemSpec(
        "Mug isotherme",
        "Garde le café chaud trois heures. À retirer à l'accueil du siège.",
        80,
        25,
    ),
    ItemSpec(
        "T-shirt « Ambassadeur·rice »",
        "Coton bio, du XS au XXL : précisez votre taille dans la demande.",
        120,
        40,
    ),
    ItemSpec(
        "Un livre au choix",
        "Sur le métier, le management ou le service public : dites-nous lequel dans la demande.",
        200,
        None,
    ),
    ItemSpec(
        "Déjeuner avec la direction générale",
        "Un déjeuner d'échange avec un membre de la direction, une fois par trimestre.",
        300,
        6,
    ),
    ItemSpec(
        "Journée au salon Emploi public",
        "Une journée de conférences à Paris, transport compris, sur votre temps de travail.",
        600,
        4,
    ),
    ItemSpec("iPad mini", "Pour les ambassadeur·rices les plus engagé·es.", 2500, 1),
    ItemSpec("Tote bag (ancienne série)", "Série épuisée, retirée du catalogue.", 30, 0, active=False),
]
# The requests: (item index, status, days ago, note, refusal reason). The dearer ones are made only
# when someone had the points at the time.
REQUESTS = [
    (2, Status.DELIVERED, 40, "Taille M", ""),
    (1, Status.DELIVERED, 32, "", ""),
    (0, Status.APPROVED, 9, "", ""),
    (2, Status.APPROVED, 6, "Taille L", ""),
    (1, Status.REQUESTED, 1, "", ""),
    (0, Status.REQUESTED, 2, "", ""),
    (3, Status.REQUESTED, 3, "« Le Bureau des légendes », le livre de la série", ""),
    (2, Status.REFUSED, 15, "Taille XXL", "Plus de XXL en stock : nous vous prévenons dès le réassort."),
    (4, Status.REFUSED, 5, "", "Le déjeuner de ce trimestre est complet : redemandez-le en janvier."),
    (0, Status.CANCELLED, 12, "", ""),
]


def rewards_demo_load(*, organisation: Organisation, now: datetime) -> list[RewardRequest]:
    """The catalogue and its requests for the organisation (nothing when it has items already)."""
    if RewardItem.objects.filter(organisation=organisation).exists():
        return []
    handler = (
        Membership.objects.filter(organisation=organisation, role=Role.HR_ADMIN, person__isnull=False)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    with transaction.atomic():
        items = [
            RewardItem.objects.create(
                organisation=organisation,
                name=spec.name,
                description=spec.description,
                cost=spec.cost,
                stock=spec.stock,
                active=spec.active,
                handed_out_by=handler.person if handler is not None and spec.cost >= 120 else None,
            )
            for spec in ITEMS
        ]
        return _requests_create(organisation, items, now=now, decider=handler)


def _balances(organisation: Organisation, *, at: datetime) -> dict[int, int]:
    """The points of each enrolled ambassador at `at`."""
    enrolled = Ambassador.objects.filter(
        organisation=organisation, status=Ambassador.Status.ENROLLED, person__is_active=True
    )
    totals = (
        PointsEntry.objects.filter(ambassador__in=enrolled, created_at__lte=at)
        .order_by()
        .values("ambassador_id")
        .annotate(total=Sum("points"))
    )
    return {row["ambassador_id"]: row["total"] or 0 for row in totals}


def _requests_create(
    organisation: Organisation, items: list[RewardItem], *, now: datetime, decider: Membership | None
) -> list[RewardRequest]:
    spent: dict[int, int] = {}  # per ambassador, refunds left out: their balance stays above zero
    made: list[RewardRequest] = []
    entries: list[PointsEntry] = []
    # The dearest first, each to whoever had the most points left at the time, someone who asked
    # nothing yet first. Points earned at the time, less everything they spend in the demo, cover the
    # cost: nobody's balance goes below zero at any moment.
    for index, status, days, note, reason in sorted(REQUESTS, key=lambda spec: -items[spec[0]].cost):
        at = now - timedelta(days=days)
        item = items[index]
        left = {pk: points - spent.get(pk, 0) for pk, points in _balances(organisation, at=at).items()}
        able = [pk for pk in left if left[pk] >= item.cost]
        if not able:
            continue
        who = min(able, key=lambda pk: (pk in spent, -left[pk], pk))
        spent[who] = spent.get(who, 0) + item.cost
        request = RewardRequest.objects.create(
            organisation=organisation,
            item=item,
            ambassador_id=who,
            cost=item.cost,
            status=status,
            note=note,
            decision_note=reason,
            decided_by=decider.user if decider is not None and status in DECIDED else None,
            decided_at=at + timedelta(days=1) if status != Status.REQUESTED else None,
            delivered_at=at + timedelta(days=3) if status == Status.DELIVERED else None,
        )
        RewardRequest.objects.filter(pk=request.pk).update(created_at=at, updated_at=at)
        entries.append(_entry(request, at, -item.cost, Reason.REDEMPTION, f"reward:{request.pk}"))
        if status in (Status.REFUSED, Status.CANCELLED):
            refunded = at + timedelta(days=1)
            entries.append(_entry(request, refunded, item.cost, Reason.REFUND, f"reward:{request.pk}:refund"))
        elif item.stock is not None:
            item.stock = max(0, item.stock - 1)
            item.save(update_fields=["stock"])
        made.append(request)
    PointsEntry.objects.bulk_create(entries)
    return made


def _entry(request: RewardRequest, at: datetime, points: int, reason: str, source: str) -> PointsEntry:
    return PointsEntry(
        organisation_id=request.organisation_id,
        ambassador_id=request.ambassador_id,
        points=points,
        reason=reason,
        source=source,
        note=request.item.name,
        created_at=at,
    )


def rewards_demo_delete(*, organisation: Organisation) -> None:
    """The organisation's requests and items, and the ledger rows of their spending (before the
    ambassadors and people go: requests protect their items)."""
    requests = RewardRequest.objects.filter(organisation=organisation)
    PointsEntry.objects.filter(
        organisation=organisation,
        reason__in=[Reason.REDEMPTION, Reason.REFUND],
        source__startswith="reward:",
    ).erase()
    requests.delete()
    RewardItem.objects.filter(organisation=organisation).delete()
