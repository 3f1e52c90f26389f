"""Demo-like data for the review tests: a year of rollups (adoption, activity, clicks, outcomes, page
followers), listening mentions by theme and answered candidate conversations, with known totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ambassade.ambassadors.models import ActivityDay, AdoptionSnapshot
from ambassade.analytics.models import DailyOutcome, PageFollowerCount
from ambassade.inbox.models import Conversation
from ambassade.links.models import LinkDailyRollup, TrackedLink
from ambassade.listening.models import Mention, MentionTheme, Theme
from ambassade.listening.tests.support import source_make
from ambassade.orgs.models import organisation_zone
from ambassade.reviews.services import organisation_today
from ambassade.testing.factories import World, person_create
from ambassade.testing.programme import ambassador_enrol

AMBASSADORS = 8
SHARES_PER_WEEK = 3  # per ambassador
CLICKS_PER_WEEK = 5  # per ambassador, from ActivityDay
LINK_CLICKS_PER_WEEK = 7
APPLICATIONS = 24
HIRES = 3
FOLLOWERS_START, FOLLOWERS_END = 1000, 1185


@dataclass(frozen=True)
class ReviewData:
    start: date
    end: date
    shares: int
    human_clicks: int
    applications: int
    hires: int
    followers: int


def _moment(world: World, day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)), organisation_zone(world.organisation))


def review_data_make(world: World, *, days: int = 365) -> ReviewData:
    organisation = world.organisation
    end = organisation_today(organisation)
    start = end - timedelta(days=days - 1)
    people = [
        person_create(world.hq, world.service if index % 2 else world.other_service)
        for index in range(AMBASSADORS)
    ]
    ambassadors = [ambassador_enrol(person, at=_moment(world, start)) for person in people]
    weeks = [start + timedelta(days=7 * index) for index in range(days // 7)]
    ActivityDay.objects.bulk_create(
        ActivityDay(ambassador=ambassador, day=day, shares=SHARES_PER_WEEK, human_clicks=CLICKS_PER_WEEK)
        for ambassador in ambassadors
        for day in weeks
    )
    snapshots = []
    for index, day in enumerate(weeks + [end]):
        grown = min(index + 1, 4)
        for department, staff in ((world.service, 20), (world.other_service, 15)):
            snapshots.append(
                AdoptionSnapshot(
                    organisation=organisation,
                    day=day,
                    entity=world.hq,
                    department=department,
                    staff=staff,
                    invited=grown + 2,
                    enrolled=grown,
                    active=max(grown - 1, 0),
                )
            )
    AdoptionSnapshot.objects.bulk_create(snapshots)
    link = TrackedLink.objects.create(
        organisation=organisation,
        code="revw01",
        target_type=TrackedLink.Target.CAREER_PAGE,
        entity=world.hq,
        channel="linkedin",
        ambassador=people[0],
    )
    LinkDailyRollup.objects.bulk_create(
        LinkDailyRollup(
            link=link,
            day=day,
            organisation=organisation,
            channel="linkedin",
            entity=world.hq,
            human_clicks=LINK_CLICKS_PER_WEEK,
        )
        for day in weeks
    )
    outcomes = []
    for index in range(APPLICATIONS):
        outcomes.append(
            DailyOutcome(
                organisation=organisation,
                day=weeks[index * len(weeks) // APPLICATIONS],
                entity=world.hq,
                department=world.service,
                channel="linkedin",
                applications=1,
                introductions=1 if index % 3 == 0 else 0,
                hires=1 if index < HIRES else 0,
            )
        )
    DailyOutcome.objects.bulk_create(outcomes)
    PageFollowerCount.objects.bulk_create(
        PageFollowerCount(
            organisation=organisation,
            entity=world.hq,
            network="linkedin",
            day=day,
            followers=FOLLOWERS_START + round((FOLLOWERS_END - FOLLOWERS_START) * index / (len(weeks) - 1)),
        )
        for index, day in enumerate(weeks)
    )
    _listening_make(world, weeks)
    _inbox_make(world, weeks)
    return ReviewData(
        start=start,
        end=end,
        shares=AMBASSADORS * SHARES_PER_WEEK * len(weeks),
        human_clicks=AMBASSADORS * CLICKS_PER_WEEK * len(weeks),
        applications=APPLICATIONS,
        hires=HIRES,
        followers=FOLLOWERS_END,
    )


def _listening_make(world: World, weeks: list[date]) -> None:
    source = source_make(world.organisation, name="Presse", kind="manual", config={})
    pay = Theme.objects.create(
        organisation=world.organisation, slug="pay", name_fr="Rémunération", name_en="Pay"
    )
    remote = Theme.objects.create(
        organisation=world.organisation, slug="remote", name_fr="Télétravail", name_en="Remote work"
    )
    for index, day in enumerate(weeks[:30]):
        mention = Mention.objects.create(
            organisation=world.organisation,
            source=source,
            external_id=f"m{index}",
            text="Le télétravail à la Région" if index % 3 else "Les salaires à la Région",
            published_at=_moment(world, day),
            sentiment="positive" if index % 4 else "negative",
        )
        MentionTheme.objects.create(mention=mention, theme=remote if index % 3 else pay)


def _inbox_make(world: World, weeks: list[date]) -> None:
    for index, day in enumerate(weeks[:10]):
        arrived = _moment(world, day, 9)
        conversation = Conversation.objects.create(
            organisation=world.organisation,
            entity=world.hq,
            channel=Conversation.Channel.ASK,
            subject=f"Question {index}",
            due_at=arrived + timedelta(days=2),
            first_response_at=arrived + timedelta(hours=index + 1),
        )
        Conversation.objects.filter(pk=conversation.pk).update(created_at=arrived)


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF (pypdf) on one line: line breaks and runs of spaces become one
    space (narrow and ordinary no-break spaces are kept)."""
    import io
    import re

    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"[ \n\t]+", " ", text)
