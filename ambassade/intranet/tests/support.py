"""Builders for the intranet digest's tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from ambassade.ambassadors.models import ActivityDay, Ambassador, ContentItem, Share
from ambassade.intranet.models import Digest, Issue, Subscription
from ambassade.orgs.models import Organisation, Person
from ambassade.testing.programme import ambassador_enrol, content_item_publish


def digest_make(organisation: Organisation, **values: Any) -> Digest:
    values.setdefault("title", "Les nouvelles du réseau")
    values.setdefault("languages", ["fr", "en"])
    return Digest.objects.create(organisation=organisation, **values)


def active_on(person: Person, day: date, *, opt_in: bool = False, shares: int = 1) -> Ambassador:
    """An enrolled ambassador (made once) who shared on `day`."""
    ambassador = Ambassador.objects.filter(person=person).first() or ambassador_enrol(
        person, at=timezone.now() - timedelta(days=400), leaderboard_opt_in=opt_in
    )
    ActivityDay.objects.update_or_create(ambassador=ambassador, day=day, defaults={"shares": shares})
    return ambassador


def shares_make(item: ContentItem, count: int, *, at: datetime) -> None:
    Share.objects.bulk_create(
        Share(organisation=item.organisation, item=item, network="linkedin", opened_at=at)
        for _ in range(count)
    )


def item_make(organisation: Organisation, title: str, **values: Any) -> ContentItem:
    return content_item_publish(organisation, title=title, **values)


def subscriber_make(
    digest: Digest, email: str, *, language: str = "fr", confirmed: bool = True
) -> Subscription:
    return Subscription.objects.create(
        digest=digest, email=email, language=language, confirmed_at=timezone.now() if confirmed else None
    )


def issue_make(digest: Digest, start: date, end: date, content: dict[str, Any] | None = None) -> Issue:
    from ambassade.intranet.selectors import content_compute

    return Issue.objects.create(
        digest=digest,
        period_start=start,
        period_end=end,
        published_at=timezone.now(),
        content=content if content is not None else content_compute(digest=digest, start=start, end=end),
    )


def admins_read_english(world: Any) -> None:
    """The admins read English in these tests (French comes with the translations)."""
    for persona in ("admin", "comms"):
        membership = world.users[persona].membership
        membership.language = "en"
        membership.save()


def digest_form(**values: object) -> dict[str, object]:
    """The digest form's fields as an admin fills them, with `values` changed."""
    data: dict[str, object] = {
        "title": "Les nouvelles du réseau",
        "entity": "",
        "department": "",
        "languages": ["fr", "en"],
        "frequency": "weekly",
        "weekday": "0",
        "hour": "9",
        "active": "on",
    }
    data.update(values)
    return data
