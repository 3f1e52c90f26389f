"""Writes: tracked links and campaigns (audited)."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ambassade.core.audit import Actor, audit_record, model_changes, snapshot
from ambassade.links.models import Campaign, Channel, TrackedLink
from ambassade.links.targets import external_url_check
from ambassade.orgs.models import Entity, Organisation, Person

# URL-safe, and without the characters people confuse when they copy a code by hand (0/O/o, 1/l/I).
CODE_ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 56^10 ≈ 3·10^17 codes: unguessable, and still short in a QR code
CODE_ATTEMPTS = 5


def link_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def tracked_link_create(
    *,
    actor: Actor,
    organisation: Organisation,
    target_type: str,
    job: Any = None,
    entity: Entity | None = None,
    url: str = "",
    channel: str,
    ambassador: Person | None = None,
    campaign: Campaign | None = None,
) -> TrackedLink:
    """A new link to a job offer (open), a career site (active entity), or a news item or other address
    on the organisation's allowed hosts."""
    values = _checked_target(
        organisation=organisation, target_type=target_type, job=job, entity=entity, url=url
    )
    _check_choice(channel=channel, ambassador=ambassador, campaign=campaign, organisation=organisation)
    with transaction.atomic():
        link = _link_insert(
            organisation=organisation,
            target_type=target_type,
            channel=channel,
            ambassador=ambassador,
            campaign=campaign,
            created_by=actor if actor is not None and actor.is_authenticated else None,
            **values,
        )
        audit_record(
            actor=actor,
            action="link.create",
            organisation=organisation,
            target=link,
            changes={
                "target_type": [None, target_type],
                "channel": [None, channel],
                "ambassador": [None, str(ambassador) if ambassador else None],
                "campaign": [None, campaign.slug if campaign else None],
            },
        )
    return link


def _checked_target(
    *, organisation: Organisation, target_type: str, job: Any, entity: Entity | None, url: str
) -> dict[str, Any]:
    if target_type == TrackedLink.Target.JOB:
        if job is None:
            raise ValidationError({"job": _("Choose the job offer the link leads to.")})
        if job.organisation_id != organisation.pk:
            raise ValidationError({"job": _("Choose a job offer of this organisation.")})
        if not job.is_open:
            raise ValidationError({"job": _("This job offer is not open: links lead to open offers only.")})
        return {"job": job}
    if target_type == TrackedLink.Target.CAREER_PAGE:
        if entity is None:
            raise ValidationError({"entity": _("Choose the career site the link leads to.")})
        if entity.organisation_id != organisation.pk:
            raise ValidationError({"entity": _("Choose a career site of this organisation.")})
        if not entity.is_active:
            raise ValidationError({"entity": _("This entity is inactive: its career site is closed.")})
        return {"entity": entity}
    if target_type in (TrackedLink.Target.NEWS, TrackedLink.Target.URL):
        return {"url": external_url_check(url=url, organisation=organisation)}
    raise ValidationError({"target_type": _("Choose what the link leads to.")})


def _check_choice(
    *, channel: str, ambassador: Person | None, campaign: Campaign | None, organisation: Organisation
) -> None:
    if channel not in Channel.values:
        choices = ", ".join(Channel.values)
        raise ValidationError({"channel": _("Choose one of: %(choices)s.") % {"choices": choices}})
    if ambassador is not None:
        if ambassador.organisation_id != organisation.pk:
            raise ValidationError({"ambassador": _("Choose a person of this organisation.")})
        if not ambassador.is_active:
            message = _("%(name)s has left the organisation.") % {"name": ambassador}
            raise ValidationError({"ambassador": message})
    if campaign is not None and campaign.organisation_id != organisation.pk:
        raise ValidationError({"campaign": _("Choose a campaign of this organisation.")})


def _link_insert(**values: Any) -> TrackedLink:
    """Insert with a fresh random code; on the (astronomically rare) collision, draw another."""
    for attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return TrackedLink.objects.create(code=link_code_new(), **values)
        except IntegrityError:
            if attempt == CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def qr_twin_get(*, actor: Actor, link: TrackedLink) -> TrackedLink:
    """The link a QR code of `link` encodes: its twin on the `qr` channel (same target, ambassador and
    campaign), created on first use, so that scans are counted on the qr channel."""
    if link.channel == Channel.QR:
        return link
    same = {
        "organisation_id": link.organisation_id,
        "target_type": link.target_type,
        "job_id": link.job_id,
        "entity_id": link.entity_id,
        "url": link.url,
        "ambassador_id": link.ambassador_id,
        "campaign_id": link.campaign_id,
    }
    twin = TrackedLink.objects.filter(channel=Channel.QR, **same).order_by("pk").first()
    if twin is not None:
        return twin
    with transaction.atomic():
        # Copied from a link that was checked when created: no new checks (its offer may have closed).
        twin = _link_insert(channel=Channel.QR, created_by=link.created_by, **same)
        audit_record(
            actor=actor,
            action="link.create",
            organisation=link.organisation,
            target=twin,
            changes={"channel": [None, Channel.QR], "qr_of": [None, link.code]},
        )
    return twin


CAMPAIGN_FIELDS = ["name", "slug"]


@transaction.atomic
def campaign_save(
    *, actor: Actor, organisation: Organisation, campaign: Campaign | None = None, name: str, slug: str
) -> Campaign:
    creating = campaign is None
    campaign = campaign or Campaign(organisation=organisation)
    before = snapshot(campaign, CAMPAIGN_FIELDS)
    campaign.name, campaign.slug = name.strip(), slug.strip()
    campaign.full_clean()
    campaign.save()
    audit_record(
        actor=actor,
        action="campaign.create" if creating else "campaign.change",
        organisation=organisation,
        target=campaign,
        changes=model_changes(campaign, CAMPAIGN_FIELDS, before),
    )
    return campaign
