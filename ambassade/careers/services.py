"""Writes of job offers, the employer story and testimonials. Every write is audited.

An offer moves draft → scheduled → published → closed (and back to published when reopened). Status
changes are compare-and-swap updates, so a recruiter's click and a periodic job never both win.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ambassade.careers.content import (
    Location,
    description_as_html,
    description_sanitise,
    location_check,
    locations_from_json,
)
from ambassade.careers.models import EmployerStory, JobOffer, JobOfferTranslation, Testimonial
from ambassade.core.audit import Actor, audit_record, model_changes, snapshot
from ambassade.orgs.models import Entity, Organisation

JOB_OFFER_FIELDS = [
    "entity",
    "department",
    "reference",
    "category",
    "contract_type",
    "remote_policy",
    "locations",
    "remote_countries",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "closes_on",
]
STORY_FIELDS = [
    "tagline",
    "presentation",
    "values",
    "benefits",
    "how_we_recruit",
    "how_to_prepare",
    "facts",
    "social_accounts",
    "logo",
    "cover",
]
TESTIMONIAL_FIELDS = [
    "entity",
    "person",
    "language",
    "name",
    "job_title",
    "quote",
    "video_url",
    "photo",
    "consent_at",
    "position",
]
Status = JobOffer.Status


@dataclass(frozen=True)
class OfferTextInput:
    title: str
    description: str

    @property
    def is_empty(self) -> bool:
        return not self.title.strip() and not self.description.strip()


def _user(actor: Actor) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


# --- job offers: content ---------------------------------------------------------------------------


@transaction.atomic
def job_offer_save(
    *,
    actor: Actor,
    organisation: Organisation,
    offer: JobOffer | None = None,
    texts: dict[str, OfferTextInput | None] | None = None,
    **values: Any,
) -> JobOffer:
    """Create or change an offer and its texts (per language; None or an empty text removes one)."""
    creating = offer is None
    offer = offer or JobOffer(organisation=organisation, created_by=_user(actor))
    before = snapshot(offer, JOB_OFFER_FIELDS) if not creating else {}
    for name, value in values.items():
        setattr(offer, name, value)
    _check_offer(offer)
    offer.full_clean()
    offer.save()
    text_changes = _texts_save(offer, texts or {})
    if offer.status in (Status.PUBLISHED, Status.SCHEDULED):
        _check_publishable(offer)
    changes = {**model_changes(offer, JOB_OFFER_FIELDS, before), **text_changes}
    if creating or changes:
        audit_record(
            actor=actor,
            action=f"job_offer.{'create' if creating else 'update'}",
            organisation=organisation,
            target=offer,
            changes=changes,
        )
    return offer


def _check_offer(offer: JobOffer) -> None:
    errors: dict[str, Any] = {}
    entity: Entity | None = offer.entity if offer.entity_id else None
    if entity is not None and entity.organisation_id != offer.organisation_id:
        errors["entity"] = _("Choose an entity of this organisation.")
    department = offer.department if offer.department_id else None
    if department is not None and entity is not None and department.entity_id != entity.pk:
        errors["department"] = _("This department belongs to another entity.")
    if offer.salary_min is not None and offer.salary_max is not None and offer.salary_min > offer.salary_max:
        errors["salary_max"] = _("The maximum salary must be at least the minimum.")
    for name in ("salary_min", "salary_max"):
        amount: Decimal | None = getattr(offer, name)
        if amount is not None and amount < 0:
            errors[name] = _("A salary cannot be negative.")
    taken = JobOffer.objects.filter(organisation_id=offer.organisation_id, reference=offer.reference)
    if offer.reference and taken.exclude(pk=offer.pk).exists():
        errors["reference"] = _("Another job offer already uses this reference number.")
    problems = _locations_problems(offer.locations)
    if problems:
        errors["locations"] = problems
    offer.salary_currency = (offer.salary_currency or "EUR").upper()
    if errors:
        raise ValidationError(errors)


def _locations_problems(data: Any) -> list[str]:
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        return [_("Locations must be a list of addresses.")]
    problems = []
    for index, location in enumerate(locations_from_json(data), start=1):
        problems.extend(location_check(location, where=_("Location %(number)s") % {"number": index}))
    return problems


def _texts_save(offer: JobOffer, texts: dict[str, OfferTextInput | None]) -> dict[str, Any]:
    existing = {text.language: text for text in offer.translations.all()}
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for language, text in texts.items():
        current = existing.get(language)
        if text is None or text.is_empty:
            if current is not None:
                current.delete()
                changes[f"title_{language}"] = [current.title, None]
            continue
        title = text.title.strip()
        description = description_sanitise(description_as_html(text.description))
        if not title:
            errors[f"title_{language}"] = _("Give this text a title, or leave the whole text empty.")
            continue
        if not description:
            errors[f"description_{language}"] = _("Describe the job, or leave the whole text empty.")
            continue
        if current is None:
            JobOfferTranslation.objects.create(
                offer=offer, language=language, title=title, description=description
            )
            changes[f"title_{language}"] = [None, title]
        elif (current.title, current.description) != (title, description):
            if current.title != title:
                changes[f"title_{language}"] = [current.title, title]
            if current.description != description:
                changes[f"description_{language}"] = ["…", "…"]
            current.title, current.description = title, description
            current.full_clean()
            current.save()
    if errors:
        raise ValidationError(errors)
    offer._prefetched_objects_cache = {}  # type: ignore[attr-defined]  # texts just changed
    if not offer.translations.exists():
        raise ValidationError(_("Write the offer's title and description in at least one language."))
    return changes


def _check_publishable(offer: JobOffer) -> None:
    """What Google's job-posting guidelines and our own pages need before an offer goes public."""
    errors: dict[str, Any] = {}
    if offer.remote_policy == JobOffer.Remote.REMOTE:
        if not offer.remote_countries:
            errors["remote_countries"] = _("Say in which countries candidates may live and work, e.g. FR.")
    elif not offer.locations:
        errors["locations"] = _("Add at least one location, or make the offer fully remote.")
    if offer.closes_on is not None and offer.closes_on < timezone.localdate():
        errors["closes_on"] = _("The closing date has passed: choose a later one or remove it.")
    if not offer.entity.is_active:
        errors["entity"] = _("This entity is inactive: its career site is closed.")
    if errors:
        raise ValidationError(errors)


# --- job offers: status ---------------------------------------------------------------------------


def _transition(
    *, actor: Actor, offer: JobOffer, allowed: tuple[str, ...], action: str, refusal: str, **values: Any
) -> JobOffer:
    """Move an offer from one of `allowed` statuses, unless someone (or a periodic job) moved it first."""
    if offer.status not in allowed:
        raise ValidationError(refusal)
    before = offer.status
    updated = JobOffer.objects.filter(pk=offer.pk, status=before).update(updated_at=timezone.now(), **values)
    if updated != 1:
        raise ValidationError(_("This offer was changed meanwhile: reload the page and try again."))
    for name, value in values.items():
        setattr(offer, name, value)
    audit_record(
        actor=actor,
        action=f"job_offer.{action}",
        organisation=offer.organisation,
        target=offer,
        changes={"status": [before, offer.status], **_printable(values)},
    )
    return offer


def _printable(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: [None, value.isoformat() if isinstance(value, datetime | date) else value]
        for name, value in values.items()
        if name in {"publish_at", "published_at", "closed_at"} and value is not None
    }


@transaction.atomic
def job_offer_publish(*, actor: Actor, offer: JobOffer, now: datetime | None = None) -> JobOffer:
    _check_publishable(offer)
    return _transition(
        actor=actor,
        offer=offer,
        allowed=(Status.DRAFT, Status.SCHEDULED),
        action="publish",
        refusal=_("Only a draft or a scheduled offer can be published."),
        status=Status.PUBLISHED,
        published_at=now or timezone.now(),
        publish_at=None,
        closed_at=None,
    )


@transaction.atomic
def job_offer_schedule(*, actor: Actor, offer: JobOffer, publish_at: datetime) -> JobOffer:
    if publish_at <= timezone.now():
        raise ValidationError({"publish_at": _("Choose a moment in the future.")})
    if offer.closes_on is not None and timezone.localtime(publish_at).date() > offer.closes_on:
        raise ValidationError({"publish_at": _("The offer would be published after its closing date.")})
    _check_publishable(offer)
    return _transition(
        actor=actor,
        offer=offer,
        allowed=(Status.DRAFT, Status.SCHEDULED),
        action="schedule",
        refusal=_("Only a draft can be scheduled."),
        status=Status.SCHEDULED,
        publish_at=publish_at,
    )


@transaction.atomic
def job_offer_unschedule(*, actor: Actor, offer: JobOffer) -> JobOffer:
    return _transition(
        actor=actor,
        offer=offer,
        allowed=(Status.SCHEDULED,),
        action="unschedule",
        refusal=_("This offer is not scheduled."),
        status=Status.DRAFT,
        publish_at=None,
    )


@transaction.atomic
def job_offer_close(*, actor: Actor, offer: JobOffer, now: datetime | None = None) -> JobOffer:
    return _transition(
        actor=actor,
        offer=offer,
        allowed=(Status.PUBLISHED,),
        action="close",
        refusal=_("Only a published offer can be closed."),
        status=Status.CLOSED,
        closed_at=now or timezone.now(),
    )


@transaction.atomic
def job_offer_reopen(*, actor: Actor, offer: JobOffer) -> JobOffer:
    if offer.closes_on is not None and offer.closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The closing date has passed: move it to a later day first.")})
    _check_publishable(offer)
    # Reopening posts the offer again: its validity (60 days without a closing date) starts over.
    return _transition(
        actor=actor,
        offer=offer,
        allowed=(Status.CLOSED,),
        action="reopen",
        refusal=_("Only a closed offer can be reopened."),
        status=Status.PUBLISHED,
        published_at=timezone.now(),
        closed_at=None,
    )


def job_offers_publish_due(*, now: datetime | None = None) -> int:
    """Publish the scheduled offers whose moment has come. Safe to run twice or in parallel."""
    now = now or timezone.now()
    published = 0
    due = JobOffer.objects.filter(status=Status.SCHEDULED, publish_at__lte=now).select_related(
        "organisation", "entity"
    )
    for offer in due:
        with transaction.atomic():
            moment = offer.publish_at or now
            updated = JobOffer.objects.filter(pk=offer.pk, status=Status.SCHEDULED).update(
                status=Status.PUBLISHED, published_at=moment, publish_at=None, updated_at=now
            )
            if updated:
                published += 1
                audit_record(
                    actor=None,
                    action="job_offer.publish",
                    organisation=offer.organisation,
                    target=offer,
                    changes={
                        "status": [Status.SCHEDULED, Status.PUBLISHED],
                        "published_at": [None, moment.isoformat()],
                    },
                )
    return published


def job_offers_close_expired(*, today: date | None = None) -> int:
    """Close the published offers whose closing date has passed. Safe to run twice or in parallel."""
    today = today or timezone.localdate()
    now = timezone.now()
    closed = 0
    expired = JobOffer.objects.filter(status=Status.PUBLISHED, closes_on__lt=today).select_related(
        "organisation"
    )
    for offer in expired:
        with transaction.atomic():
            updated = JobOffer.objects.filter(pk=offer.pk, status=Status.PUBLISHED).update(
                status=Status.CLOSED, closed_at=now, updated_at=now
            )
            if updated:
                closed += 1
                audit_record(
                    actor=None,
                    action="job_offer.close",
                    organisation=offer.organisation,
                    target=offer,
                    changes={
                        "status": [Status.PUBLISHED, Status.CLOSED],
                        "closes_on": [str(offer.closes_on), None],
                    },
                )
    return closed


# --- employer story and testimonials --------------------------------------------------------------


@transaction.atomic
def employer_story_save(
    *, actor: Actor, organisation: Organisation, entity: Entity | None, language: str, **values: Any
) -> EmployerStory:
    """Write the story of the organisation (entity None) or an entity's overrides, in one language."""
    if entity is not None and entity.organisation_id != organisation.pk:
        raise ValidationError({"entity": _("Choose an entity of this organisation.")})
    story = EmployerStory.objects.filter(organisation=organisation, entity=entity, language=language).first()
    creating = story is None
    story = story or EmployerStory(organisation=organisation, entity=entity, language=language)
    before = snapshot(story, STORY_FIELDS) if not creating else {}
    for name, value in values.items():
        setattr(story, name, value)
    story.facts = {key: value for key, value in (story.facts or {}).items() if value not in ("", None)}
    story.social_accounts = {k: v for k, v in (story.social_accounts or {}).items() if v not in ("", None)}
    story.full_clean(validate_constraints=False)  # the lookup above keeps one story per scope and language
    story.save()
    changes = model_changes(story, STORY_FIELDS, before)
    if creating or changes:
        audit_record(
            actor=actor,
            action=f"employer_story.{'create' if creating else 'update'}",
            organisation=organisation,
            target=story,
            changes=changes,
        )
    return story


@transaction.atomic
def testimonial_save(
    *, actor: Actor, organisation: Organisation, testimonial: Testimonial | None = None, **values: Any
) -> Testimonial:
    creating = testimonial is None
    testimonial = testimonial or Testimonial(organisation=organisation)
    before = snapshot(testimonial, TESTIMONIAL_FIELDS) if not creating else {}
    for name, value in values.items():
        setattr(testimonial, name, value)
    errors = {}
    if testimonial.consent_at is None:
        errors["consent_at"] = _("Record when the person agreed to be shown on the career sites.")
    elif testimonial.consent_at > timezone.now():
        errors["consent_at"] = _("The consent date cannot be in the future.")
    person = testimonial.person if testimonial.person_id else None
    if person is not None and person.organisation_id != organisation.pk:
        errors["person"] = _("Choose a person of this organisation.")
    entity = testimonial.entity if testimonial.entity_id else None
    if entity is not None and entity.organisation_id != organisation.pk:
        errors["entity"] = _("Choose an entity of this organisation.")
    if errors:
        raise ValidationError(errors)
    testimonial.full_clean()
    testimonial.save()
    changes = model_changes(testimonial, TESTIMONIAL_FIELDS, before)
    if creating or changes:
        audit_record(
            actor=actor,
            action=f"testimonial.{'create' if creating else 'update'}",
            organisation=organisation,
            target=testimonial,
            changes=changes,
        )
    return testimonial


@transaction.atomic
def testimonial_delete(*, actor: Actor, testimonial: Testimonial) -> None:
    audit_record(
        actor=actor, action="testimonial.delete", organisation=testimonial.organisation, target=testimonial
    )
    if testimonial.photo:
        photo = testimonial.photo
        transaction.on_commit(lambda: photo.delete(save=False))
    testimonial.delete()


def location_list_as_json(locations: list[Location]) -> list[dict[str, str]]:
    return [location.as_dict() for location in locations]
