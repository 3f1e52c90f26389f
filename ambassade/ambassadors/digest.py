"""The periodic news e-mail: what is new in the hub for each enrolled ambassador, at the frequency they
chose (every day, week or month; or never).

Checked every hour. An ambassador is due when their period has passed since their last check (give or
take the hour between two checks); the e-mail lists the items published for them since then, in their
language, and is not sent when nothing is new. Either way the check moves `last_digest_at`, claimed by
a compare-and-swap so that two runners never send one digest twice.

A delivery the mail server refuses for good (a 5xx reply: unknown mailbox, rejected message) is logged
and not tried again: the next digest comes a period later. A temporary failure (no connection, a 4xx
reply) puts the check back so that the next hourly run tries again, for at most `RETRY_FOR` after the
digest fell due (about 24 tries); after that this digest is skipped, logged, and the next one comes a
period later.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from ambassade.ambassadors.content_selectors import hub_items
from ambassade.ambassadors.models import Ambassador, ContentItem, DigestFrequency
from ambassade.orgs.models import Membership

logger = logging.getLogger(__name__)

PERIODS = {
    DigestFrequency.DAILY: timedelta(days=1),
    DigestFrequency.WEEKLY: timedelta(days=7),
    DigestFrequency.MONTHLY: timedelta(days=30),
}
# The job runs hourly: a digest due in 59 minutes goes now rather than an hour late, so that the
# e-mail keeps its time of day instead of drifting by an hour each period.
TOLERANCE = timedelta(hours=1)
MAX_ITEMS = 20
RETRY_FOR = timedelta(days=1)


def delivery_failure_is_permanent(error: BaseException) -> bool:
    """True when the mail server refused the message for good (a 5xx reply): sending again would fail
    the same way. Connection problems and 4xx replies are temporary."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [reply[0] for reply in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def digest_due(*, ambassador: Ambassador, now: datetime) -> bool:
    period = (
        PERIODS.get(DigestFrequency(ambassador.digest_frequency)) if ambassador.digest_frequency else None
    )
    if period is None or not ambassador.is_enrolled:
        return False
    return ambassador.last_digest_at is None or now - ambassador.last_digest_at >= period - TOLERANCE


def digest_since(*, ambassador: Ambassador, now: datetime) -> datetime:
    """The last check, or one period back for a first digest."""
    if ambassador.last_digest_at is not None:
        return ambassador.last_digest_at
    return now - PERIODS.get(DigestFrequency(ambassador.digest_frequency), timedelta(days=7))


def digest_items(*, ambassador: Ambassador, now: datetime) -> list[ContentItem]:
    """The items published for the ambassador since their last digest (and still offered now)."""
    return hub_items(
        ambassador=ambassador, now=now, published_after=digest_since(ambassador=ambassador, now=now)
    )


def _absolute(name: str, fallback: str, **kwargs: object) -> str:
    try:
        return settings.SITE_URL + reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return settings.SITE_URL + reverse(fallback)


def _recipient(ambassador: Ambassador) -> tuple[str, str]:
    """The address and language of the person: their account's language, else the organisation's."""
    person = ambassador.person
    membership = Membership.objects.filter(person=person).select_related("user").first()
    address = person.email or (membership.user.email if membership else "")
    language = (membership.language if membership else "") or ambassador.organisation.default_language or "fr"
    return address, language


def digest_send(*, ambassador: Ambassador, now: datetime | None = None) -> bool:
    """Check one ambassador: send their digest when due and something is new. True when sent."""
    now = now or timezone.now()
    if not digest_due(ambassador=ambassador, now=now) or not ambassador.person.is_active:
        return False
    previous = ambassador.last_digest_at
    claim = Ambassador.objects.filter(
        pk=ambassador.pk, status=Ambassador.Status.ENROLLED, digest_frequency=ambassador.digest_frequency
    )
    claim = (
        claim.filter(last_digest_at__isnull=True)
        if previous is None
        else claim.filter(last_digest_at=previous)
    )
    if not claim.update(last_digest_at=now):
        return False  # another runner took it, or the person changed their mind meanwhile
    items = digest_items(ambassador=ambassador, now=now)
    address, language = _recipient(ambassador)
    if not items or not address:
        ambassador.last_digest_at = now
        return False
    try:
        _message_send(ambassador=ambassador, items=items, address=address, language=language)
    except Exception as error:
        if delivery_failure_is_permanent(error):
            logger.warning(
                "digest for ambassador %s refused by the mail server for good (%s): not tried again",
                ambassador.pk,
                type(error).__name__,
            )
            ambassador.last_digest_at = now
            return False
        # The check as it was (a first digest is anchored one period back, which covers the same items),
        # so that the next hourly run tries again; for at most RETRY_FOR after the digest fell due.
        anchor = previous if previous is not None else now - _period(ambassador)
        if now - (anchor + _period(ambassador) - TOLERANCE) >= RETRY_FOR:
            logger.warning(
                "digest for ambassador %s not sent (%s) and due for too long: skipped",
                ambassador.pk,
                type(error).__name__,
            )
            ambassador.last_digest_at = now
            return False
        Ambassador.objects.filter(pk=ambassador.pk, last_digest_at=now).update(last_digest_at=anchor)
        raise
    ambassador.last_digest_at = now
    return True


def _period(ambassador: Ambassador) -> timedelta:
    return PERIODS.get(DigestFrequency(ambassador.digest_frequency), timedelta(days=7))


def _message_send(*, ambassador: Ambassador, items: list[ContentItem], address: str, language: str) -> None:
    with translation.override(language):
        context = {
            "person": ambassador.person,
            "organisation": ambassador.organisation,
            "items": [
                {"item": item, "url": _absolute("hub_item", "hub", pk=item.pk)} for item in items[:MAX_ITEMS]
            ],
            "more": max(0, len(items) - MAX_ITEMS),
            "hub_url": _absolute("hub", "hub"),
            "preferences_url": _absolute("programme_me", "hub"),
            "frequency": ambassador.get_digest_frequency_display().lower(),
        }
        subject = ngettext(
            "New for ambassadors: %(count)s item to share",
            "New for ambassadors: %(count)s items to share",
            len(items),
        ) % {"count": len(items)}
        body = render_to_string("ambassadors/hub/email/digest.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])


def digests_send(*, now: datetime | None = None) -> int:
    """The hourly check for every enrolled ambassador who chose a frequency; returns how many e-mails
    were sent. One failing address does not stop the others."""
    now = now or timezone.now()
    ambassadors = (
        Ambassador.objects.filter(status=Ambassador.Status.ENROLLED, person__is_active=True)
        .exclude(digest_frequency=DigestFrequency.NEVER)
        .select_related("person", "person__department", "organisation")
        .order_by("pk")
    )
    sent = 0
    for ambassador in ambassadors.iterator(chunk_size=500):
        if not digest_due(ambassador=ambassador, now=now):
            continue
        try:
            sent += digest_send(ambassador=ambassador, now=now)
        except Exception:
            logger.exception("digest for ambassador %s not sent", ambassador.pk)
    return sent
