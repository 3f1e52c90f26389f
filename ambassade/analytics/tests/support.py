"""Builders for the analytics tests: applications, introductions and rollup rows on given days."""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import count
from typing import Any

from django.utils import timezone

from ambassade.ambassadors.models import (
    ActivityDay,
    AdoptionSnapshot,
    Ambassador,
    FollowerCount,
    SocialAccount,
)
from ambassade.careers.models import Application
from ambassade.links.models import Campaign, LinkDailyRollup, TrackedLink
from ambassade.orgs.models import Department, Entity, Organisation, Person, organisation_zone
from ambassade.referrals.models import Introduction

_numbers = count(1)


def moment(organisation: Organisation, day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=organisation_zone(organisation))


def link_make(
    organisation: Organisation,
    *,
    ambassador: Person | None = None,
    channel: str = "linkedin",
    campaign: Campaign | None = None,
    entity: Entity | None = None,
) -> TrackedLink:
    return TrackedLink.objects.create(
        organisation=organisation,
        code=f"c{next(_numbers):08d}",
        target_type=TrackedLink.Target.CAREER_PAGE,
        channel=channel,
        ambassador=ambassador,
        campaign=campaign,
        entity=entity,
    )


def application_make(
    entity: Entity,
    *,
    on: date,
    link: TrackedLink | None = None,
    channel: str = "",
    hired_on: date | None = None,
    hour: int = 12,
) -> Application:
    organisation = entity.organisation
    number = next(_numbers)
    application = Application.objects.create(
        organisation=organisation,
        entity=entity,
        first_name=f"Candidate{number}",
        last_name="Test",
        email=f"candidate{number}@example.org",
        consent_at=timezone.now(),
        consent_text="ok",
        source_link=link,
        source_channel=channel or (link.channel if link else "direct"),
        stage=Application.Stage.HIRED if hired_on else Application.Stage.RECEIVED,
        decided_at=moment(organisation, hired_on) if hired_on else None,
    )
    Application.objects.filter(pk=application.pk).update(created_at=moment(organisation, on, hour))
    return application


def introduction_make(entity: Entity, *, introducer: Person, on: date) -> Introduction:
    organisation = entity.organisation
    introduction = Introduction.objects.create(
        organisation=organisation,
        entity=entity,
        introducer=introducer,
        contact_name="Contact",
        contact_email=f"contact{next(_numbers)}@example.org",
    )
    Introduction.objects.filter(pk=introduction.pk).update(created_at=moment(organisation, on))
    return introduction


def snapshot_make(
    organisation: Organisation,
    *,
    day: date,
    department: Department,
    staff: int,
    enrolled: int,
    active: int,
) -> AdoptionSnapshot:
    return AdoptionSnapshot.objects.create(
        organisation=organisation,
        day=day,
        entity=department.entity,
        department=department,
        staff=staff,
        invited=0,
        enrolled=enrolled,
        active=active,
    )


def activity_make(
    ambassador: Ambassador, *, day: date, shares: int = 0, human_clicks: int = 0
) -> ActivityDay:
    return ActivityDay.objects.create(
        ambassador=ambassador, day=day, shares=shares, human_clicks=human_clicks
    )


def followers_make(ambassador: Ambassador, *, day: date, followers: int, network: str = "linkedin") -> None:
    account, _created = SocialAccount.objects.get_or_create(
        ambassador=ambassador, network=network, defaults={"handle": f"https://example.org/{ambassador.pk}"}
    )
    FollowerCount.objects.create(account=account, counted_on=day, followers=followers)


def clicks_make(link: TrackedLink, *, day: date, human_clicks: int) -> LinkDailyRollup:
    return LinkDailyRollup.objects.create(
        link=link,
        day=day,
        organisation=link.organisation,
        channel=link.channel,
        campaign=link.campaign,
        entity=link.entity,
        human_clicks=human_clicks,
    )


def values(**fields: Any) -> dict[str, Any]:
    return fields
