"""Personal data of tracked links: the ambassador a link belongs to, who created it, and the
per-ambassador rollups.

Clicks hold no personal data and are not registered: a visitor is a hash of a daily random salt (deleted
after 48 hours), the link, the address and the user agent, none of which is stored; and a click names
no ambassador, only its link. Erasing an ambassador detaches them from their links (the links and their
clicks stay, as organisation links) and deletes their per-person rollups.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ambassade.core import personal_data
from ambassade.links.models import AmbassadorCounter, AmbassadorMonthlyRollup, TrackedLink
from ambassade.links.rollups import watermark_lock
from ambassade.orgs.models import Membership, Person


def _user_id(person: Person) -> int | None:
    return Membership.objects.filter(person=person).values_list("user_id", flat=True).first()


def _link_row(link: TrackedLink) -> dict[str, Any]:
    return {
        "code": link.code,
        "target_type": link.target_type,
        "job": str(link.job) if link.job_id else None,
        "career_site": str(link.entity) if link.entity_id else None,
        "url": link.url,
        "channel": link.channel,
        "campaign": link.campaign.name if link.campaign_id and link.campaign else None,
        "created_at": link.created_at,
    }


def _links_export(person: Person) -> list[dict[str, Any]]:
    links = TrackedLink.objects.select_related("job", "entity", "campaign")
    rows = [{"role": "ambassador", **_link_row(link)} for link in links.filter(ambassador=person)]
    user_id = _user_id(person)
    if user_id is not None:
        rows += [{"role": "created by", **_link_row(link)} for link in links.filter(created_by_id=user_id)]
    return rows


def _links_erase(person: Person) -> int:
    with transaction.atomic():
        watermark_lock()  # no rollup runs meanwhile, so none adds to this person's rows after erasure
        count = TrackedLink.objects.filter(ambassador=person).update(ambassador=None)
        user_id = _user_id(person)
        if user_id is not None:
            count += TrackedLink.objects.filter(created_by_id=user_id).update(created_by=None)
    return count


def _monthly_export(person: Person) -> list[dict[str, Any]]:
    rows = AmbassadorMonthlyRollup.objects.filter(ambassador=person).order_by("month")
    return [{"month": row.month, "human_clicks": row.human_clicks} for row in rows]


def _monthly_erase(person: Person) -> int:
    with transaction.atomic():
        watermark_lock()
        deleted, _ = AmbassadorMonthlyRollup.objects.filter(ambassador=person).delete()
    return deleted


def _counter_export(person: Person) -> list[dict[str, Any]]:
    return [{"human_clicks": c.human_clicks} for c in AmbassadorCounter.objects.filter(ambassador=person)]


def _counter_erase(person: Person) -> int:
    with transaction.atomic():
        watermark_lock()
        deleted, _ = AmbassadorCounter.objects.filter(ambassador=person).delete()
    return deleted


# Before the memberships (order 900): finding the person's account needs their membership.
personal_data.register(TrackedLink, export=_links_export, erase=_links_erase, order=50)
personal_data.register(AmbassadorMonthlyRollup, export=_monthly_export, erase=_monthly_erase, order=60)
personal_data.register(AmbassadorCounter, export=_counter_export, erase=_counter_erase, order=60)
