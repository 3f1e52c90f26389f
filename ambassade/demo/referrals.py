"""The demo's social referral: introductions at every stage, points, a hold for review, and rewards.

About fifty introductions made over four months by enrolled ambassadors (the demo employee among them,
with one at every status), plus the applications that came through ambassadors' tracked links, which
count as introductions too. The points go through the real crediting service, so the ledger, levels and
leaderboards agree with the rules.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone, translation

from ambassade.ambassadors.models import Ambassador
from ambassade.careers.applications import consent_text
from ambassade.careers.models import Application, JobOffer
from ambassade.orgs.models import Organisation, Person
from ambassade.referrals.crediting import introduction_points_sync
from ambassade.referrals.models import Introduction, PointsHold
from ambassade.referrals.rules import contact_hash, referral_settings_get
from ambassade.rewards.demo import rewards_demo_delete, rewards_demo_load

if TYPE_CHECKING:
    from ambassade.demo.generate import DemoContext

Stage = Application.Stage
Status = Introduction.Status
OLDEST_DAYS = 120
# (status, stage of the application once confirmed, how many)
SPREAD: list[tuple[str, str | None, int]] = [
    (Status.PENDING, None, 9),
    (Status.DECLINED, None, 5),
    (Status.EXPIRED, None, 5),
    (Status.DUPLICATE, None, 2),
    (Status.CONFIRMED, Stage.RECEIVED, 6),
    (Status.CONFIRMED, Stage.SCREENING, 5),
    (Status.CONFIRMED, Stage.INTERVIEW, 6),
    (Status.CONFIRMED, Stage.OFFER, 3),
    (Status.CONFIRMED, Stage.HIRED, 4),
    (Status.CONFIRMED, Stage.REJECTED, 4),
]
# The demo employee's own introductions: one at every status the introducer can see.
EMPLOYEE_SPREAD: list[tuple[str, str | None]] = [
    (Status.PENDING, None),
    (Status.CONFIRMED, Stage.RECEIVED),
    (Status.CONFIRMED, Stage.INTERVIEW),
    (Status.CONFIRMED, Stage.HIRED),
    (Status.CONFIRMED, Stage.REJECTED),
    (Status.DECLINED, None),
    (Status.EXPIRED, None),
]
RELATIONSHIPS = [choice for choice, _label in Introduction.Relationship.choices]
NOTES = ["", "", "Nous avons travaillé ensemble à Lyon", "Promotion 2018 de l'IUT", "Rencontré au salon"]
BURST = 6  # introductions by one ambassador on one day: more than the daily limit, so points are held


def referrals_create(context: DemoContext) -> None:
    organisation = context.organisation
    referral_settings_get(organisation=organisation)
    offers = [offer for offer in JobOffer.objects.filter(organisation=organisation) if offer.is_open]
    introducers = list(
        Ambassador.objects.filter(organisation=organisation, status=Ambassador.Status.ENROLLED)
        .select_related("person")
        .order_by("pk")
    )
    if not offers or not introducers:
        return
    employee = _employee(context)
    with translation.override("fr"):
        consent = consent_text(organisation=organisation)
    plan: list[tuple[Person, str, str | None]] = []
    if employee is not None:
        plan += [(employee, status, stage) for status, stage in EMPLOYEE_SPREAD]
    people = [ambassador.person for ambassador in introducers if ambassador.person != employee]
    for status, stage, count in SPREAD:
        plan += [(context.rng.choice(people), status, stage) for _ in range(count)]
    introductions = [
        _introduction(context, offers, person, status, stage, consent) for person, status, stage in plan
    ]
    _burst(context, offers, people, introductions, consent)
    _from_tracked_links(context)
    _points_credit(organisation)
    rewards_demo_load(organisation=organisation, now=timezone.now())


def _points_credit(organisation: Organisation) -> None:
    """Credit every milestone through the crediting service. The whole history is credited now, so the
    daily points cap is lifted meanwhile: only the burst of introductions is held, as it would have been."""
    rules = referral_settings_get(organisation=organisation)
    cap = rules.daily_points_cap
    rules.daily_points_cap = 1_000_000
    rules.save(update_fields=["daily_points_cap"])
    for introduction in Introduction.objects.filter(organisation=organisation, credited=True).order_by("pk"):
        introduction_points_sync(introduction=introduction)
    rules.daily_points_cap = cap
    rules.save(update_fields=["daily_points_cap"])


def referrals_delete(*, organisation: Organisation) -> None:
    rewards_demo_delete(organisation=organisation)
    PointsHold.objects.filter(organisation=organisation).delete()
    Introduction.objects.filter(organisation=organisation).delete()


def _employee(context: DemoContext) -> Person | None:
    membership = getattr(context.users.get("employee"), "membership", None)
    person = membership.person if membership is not None else None
    enrolled = Ambassador.objects.filter(person=person, status=Ambassador.Status.ENROLLED).exists()
    return person if enrolled else None


def _introduction(
    context: DemoContext,
    offers: list[JobOffer],
    introducer: Person,
    status: str,
    stage: str | None,
    consent: str,
    *,
    made: datetime | None = None,
) -> Introduction:
    rng, faker = context.rng, context.faker
    offer: JobOffer | None = None if rng.random() < 0.12 else rng.choice(offers)
    entity = offer.entity if offer is not None else rng.choice(offers).entity
    if made is None:
        made = _moment(
            context, days_ago=rng.randint(3, OLDEST_DAYS) if status != Status.PENDING else rng.randint(0, 10)
        )
    first, last = faker.first_name(), faker.last_name()
    email = f"{_ascii(first)}.{_ascii(last)}{rng.randint(1, 99)}@{rng.choice(['example.org', 'example.net'])}"
    answered = made + timedelta(days=rng.randint(1, 6))
    introduction = Introduction(
        organisation=context.organisation,
        entity=entity,
        offer=offer,
        introducer=introducer,
        via=Introduction.Via.FORM,
        status=status,
        status_changed_at=answered if status != Status.PENDING else made,
        contact_name=f"{first} {last}",
        contact_email=email,
        contact_hash=contact_hash(email),
        relationship=rng.choice(RELATIONSHIPS),
        relationship_note=rng.choice(NOTES),
        language="en" if rng.random() < 0.1 else "fr",
        sent_at=made,
        expires_at=made + timedelta(days=14),
        introducer_seen_at=timezone.now(),
    )
    if status in (Status.DECLINED, Status.EXPIRED):
        # Declined: erased at once; expired: erased by the retention job 30 days later.
        _erase(introduction, at=answered if status == Status.DECLINED else made + timedelta(days=44))
    elif status == Status.DUPLICATE:
        introduction.sent_at = introduction.expires_at = None
    elif status == Status.CONFIRMED:
        introduction.responded_at = answered
        introduction.credited = True
        introduction.application = _application(
            context, introduction, stage or Stage.RECEIVED, consent, answered
        )
        if stage == Stage.HIRED:
            introduction.thanked_at = introduction.application.last_contact_at
            introduction.thanked_by = context.users.get("recruiter")  # type: ignore[assignment]
        if stage in (Stage.INTERVIEW, Stage.HIRED):
            introduction.introducer_seen_at = None  # news the introducer has not seen yet
    introduction.save()
    Introduction.objects.filter(pk=introduction.pk).update(created_at=made)
    return introduction


def _erase(introduction: Introduction, *, at: datetime) -> None:
    introduction.contact_name = introduction.contact_email = introduction.contact_hash = ""
    introduction.relationship_note = ""
    introduction.erased_at = min(at, timezone.now())


def _application(
    context: DemoContext, introduction: Introduction, stage: str, consent: str, applied: datetime
) -> Application:
    first, _space, last = introduction.contact_name.partition(" ")
    moved = min(applied + timedelta(days=context.rng.randint(3, 25)), timezone.now())
    application = Application.objects.create(
        organisation=context.organisation,
        entity=introduction.entity,
        offer=introduction.offer,
        first_name=first,
        last_name=last,
        email=introduction.contact_email,
        language=introduction.language,
        consent_at=applied,
        consent_text=consent,
        stage=stage,
        stage_changed_at=moved if stage != Stage.RECEIVED else applied,
        decided_at=moved if stage in (Stage.HIRED, Stage.REJECTED) else None,
        last_contact_at=moved,
        source_channel="introduction",
    )
    Application.objects.filter(pk=application.pk).update(created_at=applied)
    return application


def _burst(
    context: DemoContext,
    offers: list[JobOffer],
    people: list[Person],
    introductions: list[Introduction],
    consent: str,
) -> None:
    """One ambassador who introduced more people in a day than the limit: the confirmed one's points
    wait for HR's review (created by the crediting service when the points are synchronised)."""
    person = context.rng.choice(people)
    day = _moment(context, days_ago=2)
    for number in range(BURST):
        status, stage = (Status.CONFIRMED, Stage.SCREENING) if number == 0 else (Status.PENDING, None)
        made = day + timedelta(minutes=7 * number)
        introductions.append(_introduction(context, offers, person, status, stage, consent, made=made))


def _from_tracked_links(context: DemoContext) -> None:
    """Applications through an ambassador's tracked link are introductions by that ambassador."""
    applications = (
        Application.objects.filter(organisation=context.organisation, source_link__ambassador__isnull=False)
        .exclude(introduction__isnull=False)
        .select_related("source_link")
        .order_by("pk")
    )
    for application in applications:
        introducer_id = application.source_link.ambassador_id  # type: ignore[union-attr]
        introduction = Introduction.objects.create(
            organisation=context.organisation,
            entity_id=application.entity_id,
            offer_id=application.offer_id,
            introducer_id=introducer_id,
            via=Introduction.Via.LINK,
            status=Status.CONFIRMED,
            status_changed_at=application.stage_changed_at,
            contact_name=f"{application.first_name} {application.last_name}",
            contact_email=application.email,
            contact_hash=contact_hash(application.email),
            responded_at=application.consent_at,
            application=application,
            credited=True,
            introducer_seen_at=timezone.now(),
        )
        Introduction.objects.filter(pk=introduction.pk).update(created_at=application.consent_at)


def _moment(context: DemoContext, *, days_ago: int) -> datetime:
    day = context.today - timedelta(days=days_ago)
    hour = context.rng.randint(8, 19)
    moment = timezone.make_aware(datetime.combine(day, time(hour, context.rng.randint(0, 59))))
    return min(moment, timezone.now() - timedelta(minutes=5))


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(character for character in plain if character.isalnum())
