"""Applications: a candidate applies, recruiters move them through the pipeline, retention erases them.

Retention follows the CNIL's recruitment guidance: a rejected candidate's data goes 3 months after the
decision; with the candidate's consent to the talent pool (and for every other application), 2 years
after the last contact. Erasing keeps an anonymous row (stage, offer, entity, channel, dates) so that
funnel figures stay right.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from ambassade.careers.application_files import CvKind
from ambassade.careers.application_tasks import application_receipt_send
from ambassade.careers.models import (
    REJECTED_RETENTION,
    TALENT_POOL_RETENTION,
    Application,
    ApplicationNote,
    JobOffer,
)
from ambassade.careers.signals import application_moved, application_submitted
from ambassade.core.audit import Actor, audit_record
from ambassade.core.models import AuditEvent
from ambassade.links.models import TrackedLink
from ambassade.links.signing import ref_verify
from ambassade.orgs.models import Entity, Organisation

DIRECT = "direct"  # the source channel of an application that came without a valid tracked link
DECISIONS = frozenset({Application.Stage.HIRED, Application.Stage.REJECTED})
NOTE_MAX_LENGTH = 5_000


# --- consent ----------------------------------------------------------------------------------------


def consent_text(*, organisation: Organisation) -> str:
    """The consent a candidate must give, in the active language; stored word for word."""
    return _(
        "I agree that %(organisation)s processes my application and CV to recruit. If I am not hired, "
        "they are erased 3 months after the decision; otherwise 2 years after the last contact. I can ask "
        "for them to be erased at any time."
    ) % {"organisation": organisation.name}


def talent_pool_text(*, organisation: Organisation) -> str:
    return _(
        "Keep my application in the talent pool of %(organisation)s for 2 years after our last contact, "
        "so that I may be offered other jobs."
    ) % {"organisation": organisation.name}


# --- rate limits ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateLimit:
    name: str
    limit: int
    window_seconds: int


# Applications accepted per visitor (a keyed hash of the IP address) and per e-mail address.
PER_IP = RateLimit("ip", 5, 10 * 60)
PER_EMAIL = RateLimit("email", 3, 10 * 60)


def visitor_key(value: str) -> str:
    """A keyed hash: the cache never holds a raw IP or e-mail address."""
    return hmac.new(settings.SECRET_KEY.encode(), value.strip().lower().encode(), hashlib.sha256).hexdigest()


def _rate_cache_key(rate: RateLimit, value: str) -> str:
    return f"careers:apply:{rate.name}:{visitor_key(value)}"


def application_rate_exceeded(*, rate: RateLimit, value: str) -> bool:
    return int(cache.get(_rate_cache_key(rate, value), 0)) >= rate.limit


def application_rate_count(*, rate: RateLimit, value: str) -> None:
    """Count one accepted application; the window starts with the first one (fixed window)."""
    key = _rate_cache_key(rate, value)
    cache.add(key, 0, timeout=rate.window_seconds)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=rate.window_seconds)


# --- submitting ---------------------------------------------------------------------------------------


def application_source(*, organisation: Organisation, ref: str) -> tuple[TrackedLink | None, str]:
    """The tracked link a signed `ref` names, if it belongs to this organisation, and its channel.

    A missing, tampered or foreign ref means a direct application: never an error for the candidate.
    """
    link_id = ref_verify(ref) if ref else None
    link = (
        TrackedLink.objects.filter(pk=link_id, organisation=organisation).first()
        if link_id is not None
        else None
    )
    return link, (link.channel if link is not None else DIRECT)


def application_submit(
    *,
    entity: Entity,
    offer: JobOffer | None,
    first_name: str,
    last_name: str,
    email: str,
    phone: str = "",
    message: str = "",
    cv: IO[bytes] | File | None,
    cv_name: str,
    cv_kind: CvKind | None,
    talent_pool: bool = False,
    consent: str,
    ref: str = "",
    language: str = "fr",
    now: datetime | None = None,
) -> Application:
    """Store an application (its CV under MEDIA_ROOT) and send the candidate a receipt after commit.

    `consent` is the exact text the candidate agreed to; the form checked everything else. The CV is
    optional only for introduced contacts (the referral programme passes `cv=None`).
    """
    now = now or timezone.now()
    if offer is not None and offer.entity_id != entity.pk:
        raise ValidationError(_("This job offer belongs to another career site."))
    link, channel = application_source(organisation=entity.organisation, ref=ref)
    application = Application(
        organisation=entity.organisation,
        entity=entity,
        offer=offer,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        message=message.strip(),
        cv_filename=_display_name(cv_name, cv_kind) if cv_kind is not None else "",
        language=language if language in {"fr", "en"} else "fr",
        consent_at=now,
        consent_text=consent,
        talent_pool=talent_pool,
        stage=Application.Stage.RECEIVED,
        stage_changed_at=now,
        last_contact_at=now,
        source_link=link,
        source_channel=channel,
    )
    if cv is not None and cv_kind is not None:
        # A random stored name: the path never carries the candidate's name, nor their file's extension.
        stored = File(cv, name=f"{secrets.token_hex(16)}.{cv_kind.extension}")
        application.cv.save(stored.name or "cv", stored, save=False)
    try:
        with transaction.atomic():
            application.save()
            application_submitted.send(sender=Application, application=application)
    except Exception:
        if application.cv:
            application.cv.delete(save=False)  # no row, no file
        raise
    application_receipt_send.enqueue(application_id=application.pk)
    return application


def _display_name(name: str, kind: CvKind) -> str:
    """The candidate's file name, made safe, with the extension of what the file really is."""
    stem = get_valid_filename(PurePath(name.replace("\\", "/")).stem or "cv") if name else "cv"
    return f"{stem[:120]}.{kind.extension}"


# --- the pipeline ---------------------------------------------------------------------------------


@transaction.atomic
def application_move(
    *, actor: Actor, application: Application, stage: str, now: datetime | None = None
) -> Application:
    """Move an application to a stage; hired and rejected are decisions, dated for retention."""
    if stage not in Application.Stage.values:
        raise ValidationError(
            {"stage": _("Choose one of: %(stages)s.") % {"stages": ", ".join(Application.Stage.values)}}
        )
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.erased_at is not None:
        raise ValidationError(_("This application has been erased: it can no longer change."))
    if current.stage == stage:
        return current
    now = now or timezone.now()
    before = current.stage
    current.stage = stage
    current.stage_changed_at = now
    current.decided_at = now if stage in DECISIONS else None
    current.last_contact_at = now
    current.save(update_fields=["stage", "stage_changed_at", "decided_at", "last_contact_at", "updated_at"])
    audit_record(
        actor=actor,
        action="application.move",
        organisation=current.organisation,
        target=current,
        changes={"stage": [before, stage]},
    )
    application_moved.send(sender=Application, application=current, before=before, actor=actor)
    return current


@transaction.atomic
def application_note_add(*, actor: Actor, application: Application, text: str) -> ApplicationNote:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the note first.")})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("A note holds at most %(max)s characters.")
                % {"max": number_format(NOTE_MAX_LENGTH, force_grouping=True)}
            }
        )
    if application.erased_at is not None:
        raise ValidationError(_("This application has been erased: it can no longer change."))
    author = actor if actor is not None and actor.is_authenticated else None
    note = ApplicationNote.objects.create(
        application=application,
        author=author,  # type: ignore[misc]  # any AUTH_USER_MODEL
        text=text,
    )
    # The note's text stays out of the audit log: it is about the candidate and goes with them.
    audit_record(
        actor=actor, action="application.note_add", organisation=application.organisation, target=application
    )
    return note


# --- retention and erasure ----------------------------------------------------------------------------


def application_erasable(*, now: datetime) -> QuerySet[Application]:
    """Applications whose time is up: rejected (no talent pool) 3 months after the decision; every other
    2 years after the last contact."""
    rejected = Q(
        stage=Application.Stage.REJECTED,
        talent_pool=False,
        decided_at__isnull=False,
        decided_at__lte=now - REJECTED_RETENTION,
    )
    stale = Q(last_contact_at__lte=now - TALENT_POOL_RETENTION)
    return Application.objects.filter(erased_at__isnull=True).filter(rejected | stale)


def application_erase_due(*, now: datetime | None = None) -> int:
    """Erase every application past its retention period; safe to run twice or in parallel."""
    now = now or timezone.now()
    erased = 0
    for pk in list(application_erasable(now=now).values_list("pk", flat=True)):
        erased += application_erase(pk=pk, now=now, reason="retention")
    return erased


def application_erase(*, pk: int, now: datetime | None = None, reason: str) -> int:
    """Erase one application's personal data (1) or nothing if it already is (0).

    Kept: stage, offer, entity, source, dates and the consent text, so that figures stay right.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = Application.objects.select_for_update().filter(pk=pk, erased_at__isnull=True).first()
        if application is None:
            return 0
        cv_name = application.cv.name
        application.notes.all().delete()
        for field in ("first_name", "last_name", "email", "phone", "message", "cv", "cv_filename"):
            setattr(application, field, "")
        application.erased_at = now
        application.save()
        # Earlier audit rows named the candidate; they stay, without the name.
        AuditEvent.objects.filter(target_type="careers.application", target_id=str(pk)).pseudonymise(
            target_label=f"#{pk}"
        )
        audit_record(
            actor=None,
            action="application.erase",
            organisation=application.organisation,
            target=application,
            changes={"reason": reason},
        )
        if cv_name:
            storage = application.cv.storage
            transaction.on_commit(lambda: storage.delete(cv_name))
    return 1


@dataclass(frozen=True)
class CandidateDataHolder:
    """Another app's records about candidates, found by e-mail address (the referral programme's
    introductions): exported and erased with the applications. Both take (email=, organisation=)."""

    export: Callable[..., list[dict[str, Any]]]
    erase: Callable[..., int]


candidate_data_holders: list[CandidateDataHolder] = []


def candidate_applications(*, email: str, organisation: Organisation | None = None) -> QuerySet[Application]:
    applications = Application.objects.filter(email__iexact=email.strip(), erased_at__isnull=True)
    if not email.strip():
        return applications.none()
    return applications.filter(organisation=organisation) if organisation is not None else applications


def candidate_data_export(*, email: str, organisation: Organisation | None = None) -> list[dict[str, Any]]:
    """Everything held about a candidate (by e-mail address), JSON-ready."""
    applications = candidate_applications(email=email, organisation=organisation).select_related(
        "offer", "entity", "organisation"
    )
    rows = [_application_export(application) for application in applications.order_by("created_at", "pk")]
    for holder in candidate_data_holders:
        rows += holder.export(email=email, organisation=organisation)
    return rows


def _application_export(application: Application) -> dict[str, Any]:
    return {
        "organisation": application.organisation.name,
        "entity": application.entity.name,
        "offer": application.offer.reference if application.offer else None,
        "first_name": application.first_name,
        "last_name": application.last_name,
        "email": application.email,
        "phone": application.phone,
        "message": application.message,
        "cv": application.cv_filename,
        "language": application.language,
        "consent_text": application.consent_text,
        "consent_at": application.consent_at.isoformat(),
        "talent_pool": application.talent_pool,
        "stage": application.stage,
        "decided_at": application.decided_at.isoformat() if application.decided_at else None,
        "last_contact_at": application.last_contact_at.isoformat(),
        "source_channel": application.source_channel,
        "created_at": application.created_at.isoformat(),
        "notes": [
            {"text": note.text, "created_at": note.created_at.isoformat()} for note in application.notes.all()
        ],
    }


def candidate_data_erase(*, email: str, organisation: Organisation | None = None) -> int:
    """Erase every application of a candidate (by e-mail address), and what other apps hold about them
    (candidate_data_holders); returns how many applications."""
    pks = list(candidate_applications(email=email, organisation=organisation).values_list("pk", flat=True))
    erased = sum(application_erase(pk=pk, reason="request") for pk in pks)
    for holder in candidate_data_holders:
        holder.erase(email=email, organisation=organisation)
    return erased
