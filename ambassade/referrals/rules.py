"""What both sides of the referral programme share: the organisation's rules, the contact's keyed hash,
and the status an introducer is shown (never more than that about the candidate)."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ambassade.careers.models import Application
from ambassade.orgs.models import Organisation
from ambassade.referrals.models import Introduction, ReferralSettings


def referral_settings_get(*, organisation: Organisation) -> ReferralSettings:
    """The organisation's referral rules, created with the defaults on first use."""
    found = ReferralSettings.objects.filter(organisation=organisation).first()
    if found is not None:
        return found
    created, _created = ReferralSettings.objects.get_or_create(organisation=organisation)
    return created


def email_normalise(email: str) -> str:
    return email.strip().lower()


def contact_hash(email: str) -> str:
    """A keyed hash of an e-mail address (empty for no address): duplicates, the do-not-introduce list
    and self-introduction are checked on it. Keyed with SECRET_KEY: changing the key forgets the list."""
    normalised = email_normalise(email)
    if not normalised:
        return ""
    key = f"{settings.SECRET_KEY}:referrals.contact".encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


# The statuses an introducer sees, in pipeline order.
PENDING = "pending"
CONFIRMED = "confirmed"
IN_PROCESS = "in_process"
HIRED = "hired"
NOT_RETAINED = "not_retained"
DECLINED = "declined"
EXPIRED = "expired"
ALREADY_CANDIDATE = "already_candidate"

INTRODUCER_STATUS_LABELS: dict[str, Promise] = {
    PENDING: _("Waiting for your contact's answer"),
    CONFIRMED: _("Confirmed: your contact applied"),
    IN_PROCESS: _("In process with the recruiters"),
    HIRED: _("Hired"),
    NOT_RETAINED: _("Not retained"),
    DECLINED: _("Your contact declined"),
    EXPIRED: _("Expired without an answer"),
    ALREADY_CANDIDATE: _("Already a candidate for this offer"),
}

_IN_PROCESS_STAGES = frozenset(
    {Application.Stage.SCREENING, Application.Stage.INTERVIEW, Application.Stage.OFFER}
)


def introduction_group(introduction: Introduction) -> QuerySet[Introduction]:
    """The introductions of the same contact for the same offer (or the same organisation when
    spontaneous). An introduction without an address (a profile URL only) is a group of its own."""
    group = Introduction.objects.filter(organisation_id=introduction.organisation_id)
    if introduction.contact_hash:
        group = group.filter(contact_hash=introduction.contact_hash)
    else:
        group = group.filter(pk=introduction.pk)
    if introduction.offer_id is None:
        return group.filter(offer__isnull=True)
    return group.filter(offer_id=introduction.offer_id)


def introducer_status(introduction: Introduction) -> str:
    """What the introducer is told: the introduction's status and, once confirmed, the candidate's
    place in the pipeline reduced to confirmed / in process / hired / not retained."""
    status = introduction.status
    if status == Introduction.Status.PENDING:
        return PENDING
    if status == Introduction.Status.DECLINED:
        return DECLINED
    if status == Introduction.Status.EXPIRED:
        return EXPIRED
    if status == Introduction.Status.DUPLICATE:
        return ALREADY_CANDIDATE
    application = introduction.application
    if application is None:  # the contact applied through a colleague's link: follow that application
        carrier = (
            introduction_group(introduction)
            .filter(application__isnull=False, application__erased_at__isnull=True)
            .order_by("-application__created_at")
            .first()
        )
        application = carrier.application if carrier is not None else None
    if application is None:
        return CONFIRMED
    if application.stage == Application.Stage.HIRED:
        return HIRED
    if application.stage == Application.Stage.REJECTED:
        return NOT_RETAINED
    if application.stage in _IN_PROCESS_STAGES:
        return IN_PROCESS
    return CONFIRMED


def introducer_status_label(introduction: Introduction) -> Promise:
    return INTRODUCER_STATUS_LABELS[introducer_status(introduction)]
