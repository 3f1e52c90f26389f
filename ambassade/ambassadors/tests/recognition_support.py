"""Builders for the recognition tests: shares as the content hub records them, and clicks."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

from django.utils import timezone

from ambassade.ambassadors.activity import activity_add
from ambassade.ambassadors.ledger import points_award
from ambassade.ambassadors.models import Ambassador, ContentItem, PointsEntry, Share
from ambassade.links.models import Click, TrackedLink
from ambassade.links.services import tracked_link_create
from ambassade.testing.programme import content_item_publish

_visitors = count(1)


def link_make(ambassador: Ambassador, *, network: str = "x") -> TrackedLink:
    return tracked_link_create(
        actor=None,
        organisation=ambassador.organisation,
        target_type=TrackedLink.Target.CAREER_PAGE,
        entity=ambassador.person.entity,
        channel=network,
        ambassador=ambassador.person,
    )


def share_make(
    ambassador: Ambassador,
    *,
    item: ContentItem | None = None,
    network: str = "x",
    link: TrackedLink | None = None,
    at: datetime | None = None,
) -> Share:
    """A share as the hub's share service records it: link, Share, activity, share points."""
    at = at or timezone.now() - timedelta(hours=2)
    item = item or content_item_publish(ambassador.organisation, title=f"Actualité {next(_visitors)}")
    if link is None:
        previous = Share.objects.filter(ambassador=ambassador, item=item, network=network).first()
        link = (
            previous.link
            if previous is not None and previous.link
            else link_make(ambassador, network=network)
        )
    share = Share.objects.create(
        organisation=ambassador.organisation,
        item=item,
        ambassador=ambassador,
        network=network,
        link=link,
        opened_at=at,
    )
    activity_add(ambassador=ambassador, day=timezone.localdate(at), shares=1)
    points_award(
        ambassador=ambassador, reason=PointsEntry.Reason.SHARE, source=f"share:{item.pk}:{network}", at=at
    )
    return share


def clicks_make(
    link: TrackedLink | None, *, at: datetime, humans: int = 1, drops: dict[str, int] | None = None
) -> None:
    assert link is not None
    rows = [Click(link=link, occurred_at=at, visitor=f"v{next(_visitors)}", reason="") for _ in range(humans)]
    for reason, number in (drops or {}).items():
        rows += [
            Click(link=link, occurred_at=at, visitor=f"v{next(_visitors)}", reason=reason)
            for _ in range(number)
        ]
    Click.objects.bulk_create(rows)
