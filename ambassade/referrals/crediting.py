"""Crediting introductions: which introducer is credited, points per stage, holds for review, payroll.

The credit rule. Introductions of the same contact (the keyed hash of their address) for the same offer
(or, for spontaneous ones, the same organisation) form a group. When the first of them is confirmed, the
organisation's rule picks the one that is credited, once and for all ("only one is ever credited"):
- first confirmed (the default): the introduction the contact confirmed first;
- first introduced: the earliest introduction of the group still pending or confirmed (not declined, not
  expired) at that moment, even if the contact confirmed another one: the points then follow the
  candidate's application, whichever introduction carried it.
Once the contact agreed, the group's other pending introductions are confirmed too, without an application
of their own (the contact agreed through a colleague's link): they can no longer expire or be declined.

Points per stage (ReferralSettings: confirmed 25, interview 50, hired 100 by default) go to the credited
introducer's ledger, and only while they are an enrolled ambassador. `introduction_points_sync` is a
reconciliation: for each milestone it compares what should be credited with what the ledger (and the holds)
already hold, and writes the difference as a new row, so that replaying it changes nothing. Moving a
candidate back writes a negative row (or cancels a hold not yet decided); a rejected candidate keeps what
was earned; an erased application keeps what was earned too. Points refused by HR stay refused for that
milestone, however often the candidate moves back and forth.

Velocity rules: before a positive credit, more introductions on the introduction's day than the daily limit,
or more introduction points today than the daily cap, put the points on hold (PointsHold) with the reason
in a sentence; HR credits (`points_hold_release`) or refuses (`points_hold_refuse`) them, audited; an HR
admin never decides on their own points.

Payroll: with the cash bonus on, hiring records one PayrollBonus for the credited introducer (never more
than one per introduction; moving the candidate back from hired keeps it: payroll decides, and the export
shows the current stage). Nothing is ever paid here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from ambassade.ambassadors.ledger import points_award
from ambassade.ambassadors.models import Ambassador, PointsEntry
from ambassade.careers.models import Application
from ambassade.core.audit import Actor, audit_record, model_changes, snapshot
from ambassade.orgs.models import Person
from ambassade.referrals.models import Introduction, PayrollBonus, PointsHold, ReferralSettings
from ambassade.referrals.rules import introducer_status, introduction_group, referral_settings_get

Status = Introduction.Status
INTRODUCTION = PointsEntry.Reason.INTRODUCTION

CONFIRMED = "confirmed"
INTERVIEW = "interview"
HIRED = "hired"
MILESTONES = (CONFIRMED, INTERVIEW, HIRED)
INTERVIEW_STAGES = frozenset({Application.Stage.INTERVIEW, Application.Stage.OFFER, Application.Stage.HIRED})
# Introductions that can take part in the credit rule.
OPEN_STATUSES = (Status.PENDING, Status.CONFIRMED)


def milestone_source_prefix(introduction_id: int, milestone: str) -> str:
    return f"introduction:{introduction_id}:{milestone}:"


# --- the credit rule ------------------------------------------------------------------------------


def _credit_rule_apply(introduction: Introduction) -> None:
    """Mark the credited introduction of the group, unless one already is."""
    rules = referral_settings_get(organisation=introduction.organisation)
    group = list(introduction_group(introduction).select_for_update().order_by("created_at", "pk"))
    if any(member.credited for member in group):
        return
    candidates = [member for member in group if member.status in OPEN_STATUSES]
    confirmed = [member for member in candidates if member.status == Status.CONFIRMED]
    if not confirmed:
        return
    if rules.credit_rule == ReferralSettings.CreditRule.FIRST_INTRODUCED:
        chosen = candidates[0]
    else:
        chosen = min(confirmed, key=lambda member: (member.responded_at or member.created_at, member.pk))
    Introduction.objects.filter(pk=chosen.pk).update(credited=True)
    if chosen.pk == introduction.pk:
        introduction.credited = True
    audit_record(
        actor=None,
        action="introduction.credit",
        organisation=introduction.organisation,
        target=chosen,
        changes={"credited": [False, True], "rule": [None, rules.credit_rule]},
    )


def introduction_confirmed(*, introduction: Introduction) -> None:
    """The contact confirmed (or applied through a tracked link): apply the credit rule, close the
    group's other pending introductions, then credit the points. Called inside the confirming
    transaction."""
    with transaction.atomic():
        _credit_rule_apply(introduction)
        if introduction.status == Status.CONFIRMED:
            _group_pending_close(introduction)
    _group_sync(introduction)


def _group_pending_close(introduction: Introduction) -> None:
    """The contact agreed through this introduction: the group's other introductions still pending are
    confirmed without an application of their own (their points follow this one's application), so
    they can no longer expire or be declined, and their introducers are told."""
    from ambassade.referrals.notify import introducer_notify

    now = timezone.now()
    pending = (
        introduction_group(introduction)
        .exclude(pk=introduction.pk)
        .filter(status=Status.PENDING)
        .select_for_update(of=("self",))
        .select_related("organisation", "introducer", "offer")
        .order_by("pk")
    )
    for sibling in pending:
        sibling.status = Status.CONFIRMED
        sibling.responded_at = now
        sibling.save(update_fields=["status", "responded_at", "updated_at"])
        audit_record(
            actor=None,
            action="introduction.confirm",
            organisation=introduction.organisation,
            target=sibling,
            changes={
                "status": [Status.PENDING, Status.CONFIRMED],
                "through": [None, introduction.pk],
            },
        )
        introducer_notify(introduction=sibling)  # sets status_changed_at


def _group_sync(introduction: Introduction) -> None:
    """Reconcile the points of every introduction of the group that is credited, and of this one."""
    members = introduction_group(introduction).filter(Q(credited=True) | Q(pk=introduction.pk))
    for member in members.select_related("organisation", "application"):
        introduction_points_sync(introduction=member)


# --- points per stage -----------------------------------------------------------------------------


def _candidate_application(introduction: Introduction) -> Application | None:
    if introduction.application_id is not None:
        return introduction.application
    carrier = (
        introduction_group(introduction)
        .filter(status=Status.CONFIRMED, application__isnull=False)
        .select_related("application")
        .order_by("responded_at", "pk")
        .first()
    )
    return carrier.application if carrier is not None else None


def milestones_reached(introduction: Introduction) -> dict[str, bool | None]:
    """For each milestone: True (reached), False (not reached) or None (keep what was earned: the
    candidate was rejected, their application or the introduction was erased, or there is no application
    yet)."""
    nothing: dict[str, bool | None] = dict.fromkeys(MILESTONES, False)
    if introduction.erased_at is not None:  # the retention rules erased it: it keeps what it earned
        return dict.fromkeys(MILESTONES, None)
    if not introduction.credited or introduction.status in (Status.DECLINED, Status.DUPLICATE):
        return nothing
    contact_confirmed = (
        introduction.status == Status.CONFIRMED
        or introduction_group(introduction).filter(status=Status.CONFIRMED).exists()
    )
    if not contact_confirmed:
        return nothing
    application = _candidate_application(introduction)
    if application is None or application.erased_at is not None:
        return {CONFIRMED: True, INTERVIEW: None, HIRED: None}
    if application.stage == Application.Stage.REJECTED:
        return {CONFIRMED: True, INTERVIEW: None, HIRED: None}
    return {
        CONFIRMED: True,
        INTERVIEW: application.stage in INTERVIEW_STAGES,
        HIRED: application.stage == Application.Stage.HIRED,
    }


def _milestone_points(rules: ReferralSettings, milestone: str) -> int:
    return int(getattr(rules, f"points_{milestone}"))


def _milestone_label(milestone: str) -> str:
    labels = {
        CONFIRMED: _("your contact confirmed"),
        INTERVIEW: _("interview"),
        HIRED: _("hired"),
    }
    return labels[milestone]


@dataclass(frozen=True)
class _Settled:
    ledger: int  # net of the ledger rows
    held: list[PointsHold]  # holds not decided yet
    refused: int  # points HR refused: settled for good
    next_source: str

    @property
    def total(self) -> int:
        return self.ledger + sum(hold.points for hold in self.held) + self.refused


def _settled(ambassador: Ambassador, introduction: Introduction, milestone: str) -> _Settled:
    prefix = milestone_source_prefix(introduction.pk, milestone)
    rows = list(
        PointsEntry.objects.filter(
            ambassador=ambassador, reason=INTRODUCTION, source__startswith=prefix
        ).values_list("source", "points")
    )
    holds = list(PointsHold.objects.filter(ambassador=ambassador, source__startswith=prefix))
    used = {source for source, _points in rows} | {hold.source for hold in holds}
    return _Settled(
        ledger=sum(points for _source, points in rows),
        held=[hold for hold in holds if hold.status == PointsHold.Status.HELD],
        refused=sum(hold.points for hold in holds if hold.status == PointsHold.Status.REFUSED),
        next_source=f"{prefix}{len(used)}",
    )


def _local_day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return start, end


def _date(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _velocity_hold(
    ambassador: Ambassador, introduction: Introduction, rules: ReferralSettings, points: int
) -> tuple[str, str] | None:
    """Why these points must wait for HR (the reason and a sentence), or None."""
    day = timezone.localdate(introduction.created_at)
    start, end = _local_day_bounds(day)
    made = Introduction.objects.filter(
        introducer_id=introduction.introducer_id, created_at__gte=start, created_at__lt=end
    ).count()
    if made > rules.daily_introductions_limit:
        detail = _("%(count)s introductions on %(day)s (limit %(limit)s)") % {
            "count": made,
            "day": _date(day),
            "limit": rules.daily_introductions_limit,
        }
        return PointsHold.Why.TOO_MANY_INTRODUCTIONS, detail
    today = timezone.localdate()
    start, end = _local_day_bounds(today)
    earned = (
        PointsEntry.objects.filter(
            ambassador=ambassador,
            reason=INTRODUCTION,
            created_at__gte=start,
            created_at__lt=end,
        ).aggregate(total=Sum("points"))["total"]
        or 0
    )
    earned = max(0, earned)  # net of the day: a candidate moved back and forth does not fill the cap
    if earned + points > rules.daily_points_cap:
        detail = _("%(earned)s referral points on %(day)s, %(total)s with these (cap %(cap)s)") % {
            "earned": earned,
            "day": _date(today),
            "total": earned + points,
            "cap": rules.daily_points_cap,
        }
        return PointsHold.Why.DAILY_CAP, detail
    return None


def _milestone_sync(
    ambassador: Ambassador,
    introduction: Introduction,
    rules: ReferralSettings,
    milestone: str,
    reached: bool | None,
) -> None:
    if reached is None:
        return
    settled = _settled(ambassador, introduction, milestone)
    if reached and settled.total <= 0:
        points = _milestone_points(rules, milestone)
        if points <= 0:
            return
        note = _("Introduction: %(milestone)s") % {"milestone": _milestone_label(milestone)}
        held = _velocity_hold(ambassador, introduction, rules, points)
        if held is not None:
            why, detail = held
            PointsHold.objects.create(
                organisation_id=introduction.organisation_id,
                ambassador=ambassador,
                introduction=introduction,
                points=points,
                source=settled.next_source,
                why=why,
                detail=detail[:300],
            )
            return
        points_award(
            ambassador=ambassador,
            reason=INTRODUCTION,
            source=settled.next_source,
            points=points,
            note=note,
        )
    elif not reached and settled.total > 0:
        now = timezone.now()
        for hold in settled.held:
            PointsHold.objects.filter(pk=hold.pk, status=PointsHold.Status.HELD).update(
                status=PointsHold.Status.CANCELLED, decided_at=now, updated_at=now
            )
        if settled.ledger > 0:
            note = _("Introduction: the candidate moved back (%(milestone)s)") % {
                "milestone": _milestone_label(milestone)
            }
            points_award(
                ambassador=ambassador,
                reason=INTRODUCTION,
                source=settled.next_source,
                points=-settled.ledger,
                note=note,
            )


def introduction_points_sync(*, introduction: Introduction) -> None:
    """Bring the introducer's ledger in line with the milestones this introduction reached. Idempotent:
    a second call writes nothing. Nothing while the introducer is not an enrolled ambassador (their
    milestones are credited when they join: `referral_points_sync_person`)."""
    if introduction.introducer_id is None:
        return
    ambassador_id = (
        Ambassador.objects.filter(person_id=introduction.introducer_id, status=Ambassador.Status.ENROLLED)
        .values_list("pk", flat=True)
        .first()
    )
    if ambassador_id is None:
        return
    rules = referral_settings_get(organisation=introduction.organisation)
    language = introduction.organisation.default_language or "fr"
    with transaction.atomic(), translation.override(language):
        # One writer per ledger: a second sync waits here, then sees the first one's rows.
        ambassador = (
            Ambassador.objects.select_for_update(of=("self",))
            .filter(pk=ambassador_id, status=Ambassador.Status.ENROLLED)
            .first()
        )
        if ambassador is None:  # withdrew meanwhile
            return
        current = (
            Introduction.objects.select_related("organisation", "application")
            .filter(pk=introduction.pk)
            .first()
        )
        if current is None or current.introducer_id != ambassador.person_id:
            return
        reached = milestones_reached(current)
        for milestone in MILESTONES:
            _milestone_sync(ambassador, current, rules, milestone, reached[milestone])


def referral_points_sync_person(*, person: Person) -> int:
    """Credit the milestones of a person's introductions (e.g. when they join the programme); returns
    how many introductions were looked at."""
    introductions = Introduction.objects.filter(introducer=person, credited=True).select_related(
        "organisation", "application"
    )
    count = 0
    for introduction in introductions:
        introduction_points_sync(introduction=introduction)
        count += 1
    return count


def referral_points_reconcile(*, since: datetime | None = None) -> int:
    """The safety net: credited introductions of enrolled ambassadors are reconciled (a missed signal,
    someone who joined the programme by another path). Idempotent. With `since` (the hourly job: the last
    two days), only introductions or applications that changed since then, and the introductions of people
    who enrolled since then, are looked at: a full pass costs about 10 queries per introduction."""
    enrolled = Ambassador.objects.filter(status=Ambassador.Status.ENROLLED)
    introductions = Introduction.objects.filter(credited=True, introducer_id__in=enrolled.values("person_id"))
    if since is not None:
        joined = enrolled.filter(enrolled_at__gte=since).values("person_id")
        introductions = introductions.filter(
            Q(updated_at__gte=since)
            | Q(status_changed_at__gte=since)
            | Q(application__stage_changed_at__gte=since)
            | Q(introducer_id__in=joined)
        )
    count = 0
    for pk in list(introductions.values_list("pk", flat=True)):
        introduction = Introduction.objects.select_related("organisation", "application").get(pk=pk)
        introduction_points_sync(introduction=introduction)
        count += 1
    return count


# --- holds ----------------------------------------------------------------------------------------


def points_hold_is_own(*, actor: Actor, hold: PointsHold) -> bool:
    """Whether the held points are the actor's own: another HR admin must decide on them."""
    if actor is None or not actor.is_authenticated:
        return False
    return Ambassador.objects.filter(pk=hold.ambassador_id, person__membership__user_id=actor.pk).exists()


def _refuse_own_points(actor: Actor, hold: PointsHold) -> None:
    if points_hold_is_own(actor=actor, hold=hold):
        raise ValidationError(
            _("These are your own points: another HR admin must credit or refuse them."), code="own_points"
        )


def points_hold_release(*, actor: Actor, hold: PointsHold) -> PointsEntry:
    """HR credits held points: a ledger row with HR as its author, audited. Never one's own points."""
    _refuse_own_points(actor, hold)
    with transaction.atomic():
        ambassador = Ambassador.objects.select_for_update(of=("self",)).filter(pk=hold.ambassador_id).first()
        current = PointsHold.objects.select_for_update().filter(pk=hold.pk).first()
        if current is None or current.status != PointsHold.Status.HELD:
            raise ValidationError(_("These points were already decided."))
        if ambassador is None or ambassador.status != Ambassador.Status.ENROLLED:
            raise ValidationError(_("This person is no longer an enrolled ambassador: refuse the points."))
        if PointsEntry.objects.filter(
            ambassador=ambassador, reason=INTRODUCTION, source=current.source
        ).exists():
            raise ValidationError(_("These points were already decided."))
        now = timezone.now()
        entry = PointsEntry.objects.create(
            organisation_id=ambassador.organisation_id,
            ambassador=ambassador,
            points=current.points,
            reason=INTRODUCTION,
            source=current.source,
            note=_("Introduction: held points credited after review"),
            author=actor if actor is not None and actor.is_authenticated else None,  # type: ignore[misc]
            created_at=now,
        )
        current.status = PointsHold.Status.RELEASED
        current.decided_by = actor if actor is not None and actor.is_authenticated else None  # type: ignore[assignment]
        current.decided_at = now
        current.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        audit_record(
            actor=actor,
            action="points_hold.release",
            organisation=current.organisation,
            target=current,
            changes={
                "status": [PointsHold.Status.HELD, PointsHold.Status.RELEASED],
                "points": [None, current.points],
            },
        )
    hold.status, hold.decided_at = current.status, current.decided_at
    return entry


def points_hold_refuse(*, actor: Actor, hold: PointsHold, note: str) -> PointsHold:
    """HR refuses held points (for good: the milestone earns nothing more), with a reason; audited.
    Never one's own points."""
    _refuse_own_points(actor, hold)
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Say why the points are refused.")})
    if len(note) > 300:
        raise ValidationError({"note": _("Keep the reason under 300 characters.")})
    with transaction.atomic():
        current = PointsHold.objects.select_for_update().filter(pk=hold.pk).first()
        if current is None or current.status != PointsHold.Status.HELD:
            raise ValidationError(_("These points were already decided."))
        now = timezone.now()
        current.status = PointsHold.Status.REFUSED
        current.decided_by = actor if actor is not None and actor.is_authenticated else None  # type: ignore[assignment]
        current.decided_at = now
        current.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        audit_record(
            actor=actor,
            action="points_hold.refuse",
            organisation=current.organisation,
            target=current,
            changes={"status": [PointsHold.Status.HELD, PointsHold.Status.REFUSED], "note": [None, note]},
        )
    return current


# --- the pipeline moved ---------------------------------------------------------------------------


def _payroll_bonus_record(*, introduction: Introduction, actor: Actor) -> PayrollBonus | None:
    """One bonus per credited introduction, recorded when the candidate is hired and the cash bonus is on."""
    rules = referral_settings_get(organisation=introduction.organisation)
    if not rules.cash_bonus_enabled or not rules.cash_bonus_amount or rules.cash_bonus_amount <= 0:
        return None
    credited = introduction_group(introduction).filter(credited=True).first()
    if credited is None or credited.introducer_id is None:
        return None
    bonus, created = PayrollBonus.objects.get_or_create(
        introduction=credited,
        defaults={
            "organisation_id": credited.organisation_id,
            "person_id": credited.introducer_id,
            "amount": rules.cash_bonus_amount,
            "currency": rules.cash_bonus_currency,
        },
    )
    if not created:
        return None
    audit_record(
        actor=actor,
        action="payroll_bonus.record",
        organisation=introduction.organisation,
        target=bonus,
        changes={"amount": [None, str(bonus.amount)], "currency": [None, bonus.currency]},
    )
    return bonus


def introduction_stage_changed(*, application: Application, before: str, actor: Any) -> None:
    """The candidate of an introduction moved: points, payroll bonus, and the introducer is told when
    the status they see changed (screening → interview stays "in process": no message)."""
    from ambassade.referrals.notify import introducer_notify

    introduction = (
        Introduction.objects.select_related("organisation", "introducer", "offer")
        .filter(application_id=application.pk)
        .first()
    )
    if introduction is None:
        return
    introduction.application = application
    _group_sync(introduction)
    if application.stage == Application.Stage.HIRED:
        _payroll_bonus_record(introduction=introduction, actor=actor)
    previous = Application(pk=application.pk, stage=before)
    seen_before = introducer_status(_with_application(introduction, previous))
    if introducer_status(introduction) != seen_before:
        introducer_notify(introduction=introduction)


def _with_application(introduction: Introduction, application: Application) -> Introduction:
    copy = Introduction(pk=introduction.pk, status=introduction.status)
    copy.application = application
    return copy


# --- the organisation's rules (HR admins) ---------------------------------------------------------

SETTINGS_FIELDS = [
    "link_days",
    "erase_after_days",
    "credit_rule",
    "points_confirmed",
    "points_interview",
    "points_hired",
    "daily_introductions_limit",
    "daily_points_cap",
    "allow_internal_mobility",
    "internal_domains",
    "cash_bonus_enabled",
    "cash_bonus_amount",
    "cash_bonus_currency",
]
MAX_STAGE_POINTS = 1000
MAX_DAILY_POINTS = 100_000
MAX_BONUS = Decimal("99999.99")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def internal_domains_clean(text: str) -> str:
    """One domain a line, lower-case, without "@" or duplicates; a bad line is named in the error."""
    domains: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        domain = line.strip().lower().lstrip("@")
        if not domain:
            continue
        if not _DOMAIN.match(domain):
            raise ValidationError(
                {
                    "internal_domains": _(
                        "Line %(line)s: “%(domain)s” is not a domain name such as example.org."
                    )
                    % {"line": number, "domain": line.strip()[:80]}
                }
            )
        if domain not in domains:
            domains.append(domain)
    return "\n".join(domains)


def _check_settings(rules: ReferralSettings) -> None:
    errors: dict[str, str] = {}
    if not 1 <= rules.link_days <= 90:
        errors["link_days"] = _("Enter a number of days between 1 and 90.")
    if not 1 <= rules.erase_after_days <= 365:
        errors["erase_after_days"] = _("Enter a number of days between 1 and 365.")
    if rules.credit_rule not in ReferralSettings.CreditRule.values:
        errors["credit_rule"] = _("Choose one of the rules offered.")
    for name in ("points_confirmed", "points_interview", "points_hired"):
        if not 0 <= getattr(rules, name) <= MAX_STAGE_POINTS:
            errors[name] = _("Enter a number of points between 0 and 1,000.")
    if not 1 <= rules.daily_introductions_limit <= 100:
        errors["daily_introductions_limit"] = _("Enter a number of introductions between 1 and 100.")
    if not 1 <= rules.daily_points_cap <= MAX_DAILY_POINTS:
        errors["daily_points_cap"] = _("Enter a number of points between 1 and 100,000.")
    if rules.cash_bonus_enabled:
        amount = rules.cash_bonus_amount
        if amount is None or not Decimal("0") < amount <= MAX_BONUS:
            errors["cash_bonus_amount"] = _(
                "With the cash bonus on, enter an amount greater than 0 and at most 99,999.99."
            )
    elif rules.cash_bonus_amount is not None and not Decimal("0") <= rules.cash_bonus_amount <= MAX_BONUS:
        errors["cash_bonus_amount"] = _("Enter an amount between 0 and 99,999.99.")
    if not re.fullmatch(r"[A-Z]{3}", rules.cash_bonus_currency or ""):
        errors["cash_bonus_currency"] = _("Enter a currency code of three capital letters, such as EUR.")
    if errors:
        raise ValidationError(errors)


def referral_settings_save(
    *, actor: Actor, rules: ReferralSettings, values: dict[str, Any]
) -> ReferralSettings:
    """Change the organisation's referral rules (HR admins): all checked, nothing half-written, audited."""
    before = snapshot(rules, SETTINGS_FIELDS)
    for name, value in values.items():
        if name not in SETTINGS_FIELDS:
            raise ValidationError(_("Unknown setting: %(name)s.") % {"name": name})
        setattr(rules, name, value)
    rules.internal_domains = internal_domains_clean(rules.internal_domains or "")
    rules.cash_bonus_currency = (rules.cash_bonus_currency or "").strip().upper()
    _check_settings(rules)
    changes = model_changes(rules, SETTINGS_FIELDS, before)
    if changes:
        with transaction.atomic():
            rules.save()
            audit_record(
                actor=actor,
                action="referral.settings",
                organisation=rules.organisation,
                target=rules,
                changes=changes,
            )
    return rules
