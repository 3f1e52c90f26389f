"""Background work of the rewards catalogue: thin wrappers around the services."""

from __future__ import annotations

from django.core.cache import cache
from django.core.mail import get_connection

from ambassade.core.tasks import task
from ambassade.rewards.models import RewardRequest
from ambassade.rewards.services import reward_approved_emails, reward_refused_email

SENT_FOR = 30 * 24 * 3600


@task
def reward_approved_emails_send(*, request_id: int) -> None:
    """Tell the person who hands the item out and the requester that a request is approved. Safe to
    run twice: each recipient of an approval is written to once."""
    request = (
        RewardRequest.objects.filter(
            pk=request_id, status__in=[RewardRequest.Status.APPROVED, RewardRequest.Status.DELIVERED]
        )
        .select_related("item", "item__handed_out_by", "ambassador__person", "organisation")
        .first()
    )
    if request is None:
        return
    approval = request.decided_at.timestamp() if request.decided_at else ""
    with get_connection() as connection:
        for recipient, message in reward_approved_emails(request=request):
            key = f"rewards:approved-sent:{request.pk}:{approval}:{recipient}"
            if not cache.add(key, 1, timeout=SENT_FOR):
                continue
            message.connection = connection
            message.send()


@task
def reward_refused_email_send(*, request_id: int) -> None:
    """Tell the requester that a request was refused and why. Safe to run twice: sent once."""
    request = (
        RewardRequest.objects.filter(pk=request_id, status=RewardRequest.Status.REFUSED)
        .select_related("item", "ambassador__person", "organisation")
        .first()
    )
    if request is None or not cache.add(f"rewards:refused-sent:{request.pk}", 1, timeout=SENT_FOR):
        return
    message = reward_refused_email(request=request)
    if message is not None:
        message.send()
