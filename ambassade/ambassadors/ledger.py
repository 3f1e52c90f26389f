"""The points ledger: append-only rows, each with its reason and the event it comes from.

A row is never edited: a correction (or a candidate moved back a stage) is a new row, negative if need
be. Each (ambassador, reason, source) is credited once, so replaying events credits nothing twice.
Shares and first clicks are capped per day (Programme.daily_points_cap); the cap never applies to
corrections.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ambassade.ambassadors.models import Ambassador, PointsEntry
from ambassade.ambassadors.programme import programme_get
from ambassade.core.audit import Actor, audit_record

Reason = PointsEntry.Reason
CAPPED_REASONS = frozenset({Reason.SHARE, Reason.FIRST_CLICK})


def _rule_points(ambassador: Ambassador, reason: str) -> int:
    programme = programme_get(organisation=ambassador.organisation)
    rules = {
        Reason.SHARE: programme.points_share,
        Reason.FIRST_CLICK: programme.points_first_click,
        Reason.CHECKLIST: programme.points_checklist,
        Reason.TRAINING: programme.points_training,
    }
    return rules.get(Reason(reason), 0)


def _capped(ambassador: Ambassador, points: int, at: datetime) -> int:
    programme = programme_get(organisation=ambassador.organisation)
    day_start = timezone.localtime(at).replace(hour=0, minute=0, second=0, microsecond=0)
    earned = PointsEntry.objects.filter(
        ambassador=ambassador,
        reason__in=CAPPED_REASONS,
        created_at__gte=day_start,
        created_at__lt=day_start + timedelta(days=1),
    ).aggregate(total=Sum("points"))["total"]
    return max(0, min(points, programme.daily_points_cap - (earned or 0)))


def points_award(
    *,
    ambassador: Ambassador,
    reason: str,
    source: str,
    points: int | None = None,
    at: datetime | None = None,
    note: str = "",
) -> PointsEntry | None:
    """Credit the rule's points (or `points`) for an event; None when already credited, when the
    ambassador is not enrolled, or when the day's cap leaves nothing."""
    at = at or timezone.now()
    amount = _rule_points(ambassador, reason) if points is None else points
    with transaction.atomic():
        # One writer per ledger; and the status as it is now (a withdrawal may have just committed).
        current = Ambassador.objects.select_for_update().filter(pk=ambassador.pk).values("status").first()
        if current is None or current["status"] != Ambassador.Status.ENROLLED:
            return None
        if PointsEntry.objects.filter(ambassador=ambassador, reason=reason, source=source).exists():
            return None
        if reason in CAPPED_REASONS:
            amount = _capped(ambassador, amount, at)
        if amount == 0:
            return None
        try:
            with transaction.atomic():
                return PointsEntry.objects.create(
                    organisation_id=ambassador.organisation_id,
                    ambassador=ambassador,
                    points=amount,
                    reason=reason,
                    source=source,
                    note=note,
                    created_at=at,
                )
        except IntegrityError:  # credited meanwhile
            return None


def points_adjust(*, actor: Actor, ambassador: Ambassador, points: int, note: str) -> PointsEntry:
    """A manual correction by a programme admin: a new row with its author and reason, audited."""
    if points == 0:
        raise ValidationError({"points": _("Enter a number of points other than zero.")})
    if not note.strip():
        raise ValidationError({"note": _("Say why the points are adjusted: the person will see it.")})
    if ambassador.status != Ambassador.Status.ENROLLED:
        raise ValidationError(_("Points can only be adjusted for an enrolled ambassador."))
    with transaction.atomic():
        entry = PointsEntry.objects.create(
            organisation_id=ambassador.organisation_id,
            ambassador=ambassador,
            points=points,
            reason=Reason.ADJUSTMENT,
            source=f"adjustment:{secrets.token_hex(8)}",
            note=note,
            author=actor if actor is not None and actor.is_authenticated else None,  # type: ignore[misc]
            created_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="points.adjust",
            organisation=ambassador.organisation,
            target=ambassador.person,
            changes={"points": [None, points], "note": [None, note]},
        )
    return entry


def points_balance(*, ambassador: Ambassador) -> int:
    return PointsEntry.objects.filter(ambassador=ambassador).aggregate(total=Sum("points"))["total"] or 0


# --- spending (the rewards catalogue) -------------------------------------------------------------
# Spendable points are the balance: every row, spending and refunds included. Lifetime points
# (recognition.points_lifetime, which levels follow) leave spending and refunds out, so spending never
# lowers a level.


def points_spendable(*, ambassador: Ambassador) -> int:
    """What the ambassador can spend now: the balance of every row of their ledger."""
    return points_balance(ambassador=ambassador)


def points_spend(*, ambassador: Ambassador, points: int, source: str, note: str = "") -> PointsEntry:
    """Spend `points` (a negative "redemption" row), or a ValidationError saying why not: only an
    enrolled ambassador spends, and never more than their spendable points. The ambassador's row is
    locked until the caller's transaction ends, so two requests at once cannot both spend the last
    points (and a withdrawal cannot commit in between)."""
    if points <= 0:
        raise ValidationError({"points": _("Enter a number of points greater than zero.")})
    with transaction.atomic():
        current = Ambassador.objects.select_for_update().filter(pk=ambassador.pk).values("status").first()
        if current is None or current["status"] != Ambassador.Status.ENROLLED:
            raise ValidationError(_("Only enrolled ambassadors can spend points: join the programme first."))
        spendable = points_spendable(ambassador=ambassador)
        if spendable < points:
            raise ValidationError(
                _(
                    "Not enough points: this costs %(points)s points and you have %(spendable)s "
                    "spendable points."
                )
                % {"points": points, "spendable": spendable}
            )
        try:
            with transaction.atomic():
                return PointsEntry.objects.create(
                    organisation_id=ambassador.organisation_id,
                    ambassador=ambassador,
                    points=-points,
                    reason=Reason.REDEMPTION,
                    source=source,
                    note=note[:300],
                    created_at=timezone.now(),
                )
        except IntegrityError as error:
            raise ValidationError(_("These points were already spent.")) from error


def points_refund(*, ambassador: Ambassador, points: int, source: str, note: str = "") -> PointsEntry | None:
    """Give spent points back (a positive "refund" row), once per source: None when already refunded.
    Whatever the ambassador's status: the ledger stays theirs after a withdrawal."""
    if points <= 0:
        raise ValidationError({"points": _("Enter a number of points greater than zero.")})
    with transaction.atomic():
        if not Ambassador.objects.select_for_update().filter(pk=ambassador.pk).exists():
            return None
        if PointsEntry.objects.filter(ambassador=ambassador, reason=Reason.REFUND, source=source).exists():
            return None
        try:
            with transaction.atomic():
                return PointsEntry.objects.create(
                    organisation_id=ambassador.organisation_id,
                    ambassador=ambassador,
                    points=points,
                    reason=Reason.REFUND,
                    source=source,
                    note=note[:300],
                    created_at=timezone.now(),
                )
        except IntegrityError:  # refunded meanwhile
            return None
