"""Writes of the intranet digest: definitions, publication (exactly once per period), subscriptions and
the e-mail sent to subscribers on publication."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ambassade.core.audit import audit_record, model_changes, snapshot
from ambassade.core.tasks import task
from ambassade.intranet import schedule, selectors
from ambassade.intranet.models import Digest, Issue, Subscription, new_token
from ambassade.orgs.models import Membership, Organisation

logger = logging.getLogger(__name__)

DIGEST_FIELDS = ["title", "entity", "department", "languages", "frequency", "weekday", "hour", "active"]
PENDING_DAYS = 7  # unconfirmed subscriptions are deleted after this many days
EMAIL_RETRY_AFTER = timedelta(minutes=10)  # an issue not e-mailed this long after publication is retried
EMAIL_RETRY_FOR = timedelta(days=1)  # ... until it is this old


# --- definitions ------------------------------------------------------------------------------------


def digest_create(*, membership: Membership, data: dict[str, Any]) -> Digest:
    with transaction.atomic():
        digest = Digest.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            **{field: data[field] for field in DIGEST_FIELDS if field in data},
        )
        audit_record(
            actor=membership.user,
            action="intranet.digest_create",
            organisation=digest.organisation,
            target=digest,
            changes=snapshot(digest, DIGEST_FIELDS),
        )
    return digest


def digest_update(*, membership: Membership, digest: Digest, data: dict[str, Any]) -> Digest:
    # As stored: a bound ModelForm has already written the new values on the instance it was given.
    before = snapshot(Digest.objects.get(pk=digest.pk), DIGEST_FIELDS)
    for field in DIGEST_FIELDS:
        if field in data:
            setattr(digest, field, data[field])
    with transaction.atomic():
        digest.save()
        audit_record(
            actor=membership.user,
            action="intranet.digest_update",
            organisation=digest.organisation,
            target=digest,
            changes=model_changes(digest, DIGEST_FIELDS, before),
        )
    return digest


def digest_delete(*, membership: Membership, digest: Digest) -> None:
    with transaction.atomic():
        audit_record(
            actor=membership.user,
            action="intranet.digest_delete",
            organisation=digest.organisation,
            target=digest,
        )
        digest.delete()


def digest_token_rotate(*, membership: Membership, digest: Digest) -> Digest:
    """A new public token: the old addresses (page, feeds, embeds) stop working at once."""
    digest.token = new_token()
    digest.token_rotated_at = timezone.now()
    with transaction.atomic():
        digest.save(update_fields=["token", "token_rotated_at", "updated_at"])
        audit_record(
            actor=membership.user,
            action="intranet.token_rotate",
            organisation=digest.organisation,
            target=digest,
        )
    return digest


def organisation_time_zone_update(*, membership: Membership, time_zone: str) -> Organisation:
    organisation = membership.organisation
    before = snapshot(organisation, ["time_zone"])
    organisation.time_zone = time_zone
    # Only this field: an unrelated incomplete field of the organisation must not block the change.
    organisation.clean_fields(exclude=[f.name for f in Organisation._meta.fields if f.name != "time_zone"])
    with transaction.atomic():
        organisation.save(update_fields=["time_zone", "updated_at"])
        audit_record(
            actor=membership.user,
            action="orgs.time_zone_update",
            organisation=organisation,
            target=organisation,
            changes=model_changes(organisation, ["time_zone"], before),
        )
    return organisation


# --- publication ------------------------------------------------------------------------------------


def issue_publish(
    *, digest: Digest, start: date, end: date, now: datetime | None = None, scheduled: bool = True
) -> Issue | None:
    """Publish the issue of start–end, once: None when it already exists (another runner, or an admin's
    "publish now" the same day). Subscribers are e-mailed after the commit."""
    now = now or timezone.now()
    content = selectors.content_compute(digest=digest, start=start, end=end, now=now)
    try:
        with transaction.atomic():
            issue = Issue.objects.create(
                digest=digest,
                period_start=start,
                period_end=end,
                published_at=now,
                scheduled=scheduled,
                content=content,
            )
    except IntegrityError:
        return None
    issue_email_send.enqueue(issue_id=issue.pk)
    return issue


def issue_publish_now(*, membership: Membership, digest: Digest) -> Issue | None:
    start, end = schedule.current_period(digest, timezone.now())
    issue = issue_publish(digest=digest, start=start, end=end, scheduled=False)
    if issue is not None:
        audit_record(
            actor=membership.user,
            action="intranet.publish_now",
            organisation=digest.organisation,
            target=digest,
            changes={"period": [start.isoformat(), end.isoformat()]},
        )
    return issue


def digests_publish_due(*, now: datetime | None = None) -> list[Issue]:
    """Publish every active digest whose last scheduled moment has come and whose period has no issue
    yet. Moments before the digest existed are skipped (a new digest starts at its next moment)."""
    now = now or timezone.now()
    published = []
    for digest in Digest.objects.filter(active=True).select_related("organisation", "entity", "department"):
        slot = schedule.last_slot(digest, now)
        if slot.due_at > now or slot.due_at < digest.created_at:
            continue
        if Issue.objects.filter(digest=digest, period_start=slot.start, period_end=slot.end).exists():
            continue
        issue = issue_publish(digest=digest, start=slot.start, end=slot.end, now=now)
        if issue is not None:
            published.append(issue)
    # Issues whose e-mails could not leave (mail server down): tried again every hour for a day.
    for issue_id in Issue.objects.filter(
        emailed_at__isnull=True,
        published_at__gte=now - EMAIL_RETRY_FOR,
        published_at__lte=now - EMAIL_RETRY_AFTER,
    ).values_list("pk", flat=True):
        issue_email_send.enqueue(issue_id=issue_id)
    return published


# --- subscriptions ----------------------------------------------------------------------------------


def public_url(name: str, **kwargs: Any) -> str:
    return f"{settings.SITE_URL}{reverse(name, kwargs=kwargs)}"


def header_text(text: str) -> str:
    """Text fit for an e-mail header: line breaks (forbidden there) become spaces."""
    return " ".join(str(text).split())


def subscription_request(*, digest: Digest, email: str, language: str) -> Subscription:
    """Ask for a subscription: a confirmation link is e-mailed (double opt-in). An address already
    confirmed gets nothing new (the form says the same thing either way)."""
    email = email.strip()
    existing = Subscription.objects.filter(digest=digest, email__iexact=email).first()
    if existing is not None and existing.confirmed_at is not None:
        return existing
    if existing is None:
        try:
            with transaction.atomic():
                existing = Subscription.objects.create(digest=digest, email=email, language=language)
        except IntegrityError:
            existing = Subscription.objects.get(digest=digest, email__iexact=email)
    else:
        existing.language = language
        existing.confirm_token = new_token()
        existing.created_at = timezone.now()  # the new link has its full week (see subscriptions_purge)
        existing.save(update_fields=["language", "confirm_token", "created_at"])
    subscription_confirmation_send.enqueue(subscription_id=existing.pk, key=existing.confirm_token)
    return existing


@task
def subscription_confirmation_send(*, subscription_id: int, key: str) -> bool:
    """E-mail the confirmation link (in the background: a mail server that is down must not break the
    public form; the failure is logged and the person can ask again)."""
    subscription = (
        Subscription.objects.select_related("digest")
        .filter(pk=subscription_id, confirm_token=key, confirmed_at__isnull=True)
        .first()
    )
    if subscription is None:  # confirmed, renewed or gone meanwhile
        return False
    try:
        _confirmation_message(subscription).send()
    except Exception:
        logger.exception(
            "digest %s: confirmation e-mail to subscriber %s failed", subscription.digest_id, subscription.pk
        )
        return False
    return True


def _confirmation_message(subscription: Subscription) -> EmailMultiAlternatives:
    digest = subscription.digest
    with translation.override(subscription.language):
        url = public_url("intranet_confirm", token=digest.token, key=subscription.confirm_token)
        context = {"digest": digest, "url": url, "days": PENDING_DAYS, "language": subscription.language}
        subject = _("Confirm your subscription to “%(title)s”") % {"title": header_text(digest.title)}
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("intranet/email/confirm.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[subscription.email],
        )
        message.attach_alternative(render_to_string("intranet/email/confirm.html", context), "text/html")
    return message


def subscription_confirm(*, digest: Digest, key: str) -> Subscription | None:
    subscription = Subscription.objects.filter(digest=digest, confirm_token=key).first()
    if subscription is None:
        return None
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def subscription_cancel(*, digest: Digest, key: str) -> bool:
    """Unsubscribe (one click): the row is deleted, nothing about the address is kept."""
    deleted, _rows = Subscription.objects.filter(digest=digest, unsubscribe_token=key).delete()
    return bool(deleted)


def subscription_delete(*, membership: Membership, subscription: Subscription) -> None:
    """An HR admin removes an address (an erasure request by someone who is not a member)."""
    with transaction.atomic():
        audit_record(
            actor=membership.user,
            action="intranet.subscriber_delete",
            organisation=membership.organisation,
            target=subscription.digest,
            changes={"subscriber": subscription.pk},
        )
        subscription.delete()


def subscriptions_purge(*, now: datetime | None = None) -> int:
    """Delete subscriptions never confirmed within PENDING_DAYS."""
    now = now or timezone.now()
    deleted, _rows = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - timedelta(days=PENDING_DAYS)
    ).delete()
    return deleted


# --- the e-mail of an issue -------------------------------------------------------------------------


def issue_email(*, issue: Issue, subscription: Subscription) -> EmailMultiAlternatives:
    from ambassade.intranet.presentation import issue_context

    digest = issue.digest
    with translation.override(subscription.language):
        unsubscribe = public_url(
            "intranet_unsubscribe", token=digest.token, key=subscription.unsubscribe_token
        )
        context = {
            **issue_context(issue=issue, language=subscription.language),
            "page_url": public_url("intranet_issue", token=digest.token, pk=issue.pk)
            + f"?lang={subscription.language}",
            "unsubscribe_url": unsubscribe,
        }
        subject = _("%(title)s · %(period)s") % {
            "title": header_text(digest.title),
            "period": context["period_label"],
        }
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("intranet/email/issue.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[subscription.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": f"{header_text(digest.title)} <digest-{digest.pk}.{digest.organisation.slug}>",
            },
        )
        message.attach_alternative(render_to_string("intranet/email/issue.html", context), "text/html")
    return message


@task
def issue_email_send(*, issue_id: int) -> int:
    """E-mail a published issue to every confirmed subscriber, once (the issue is claimed first). When
    the mail server cannot be reached, the claim is released and the hourly job tries again (for a day);
    an address that fails is logged and skipped."""
    now = timezone.now()
    claimed = Issue.objects.filter(pk=issue_id, emailed_at__isnull=True).update(emailed_at=now)
    if not claimed:
        return 0
    issue = Issue.objects.select_related("digest", "digest__organisation").get(pk=issue_id)
    recipients = list(Subscription.objects.filter(digest=issue.digest, confirmed_at__isnull=False))
    if not recipients:
        return 0
    connection = get_connection()
    try:
        connection.open()
    except Exception:
        Issue.objects.filter(pk=issue_id, emailed_at=now).update(emailed_at=None)
        logger.exception(
            "digest %s: the mail server is unreachable, issue %s not e-mailed yet", issue.digest_id, issue_id
        )
        return 0
    delivered = []
    with connection:
        for subscription in recipients:
            message = issue_email(issue=issue, subscription=subscription)
            message.connection = connection
            try:
                message.send()
            except Exception:  # one bad address must not stop the others
                logger.exception(
                    "digest %s: e-mail to subscriber %s failed", issue.digest_id, subscription.pk
                )
                continue
            delivered.append(subscription.pk)
    Subscription.objects.filter(pk__in=delivered).update(last_sent_at=now)
    Issue.objects.filter(pk=issue_id).update(recipients=len(delivered))
    return len(delivered)
