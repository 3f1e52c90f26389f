"""The review's figures against the data they come from: headcounts, applications by channel and hires
counted straight from the applications (days of the organisation's time zone), the previous period, and
an entity's review that keeps to that entity in every section."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.db.models import Count, Sum

from ambassade.ambassadors.models import AdoptionSnapshot
from ambassade.analytics.rollup import outcomes_rollup
from ambassade.analytics.tests.support import application_make, snapshot_make
from ambassade.careers.models import Application
from ambassade.inbox.models import Conversation
from ambassade.orgs.models import Entity, organisation_zone
from ambassade.reviews.content import ReviewDocument, Section, review_build
from ambassade.reviews.services import organisation_today
from ambassade.reviews.tests.support import _listening_make

pytestmark = pytest.mark.django_db

ZONE = "Pacific/Auckland"  # 11 to 13 hours ahead of UTC: a day there is not a UTC day


def _at(world, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=organisation_zone(world.organisation))


def _window(world, start: date, end: date) -> tuple[datetime, datetime]:
    return _at(world, start, 0), _at(world, end + timedelta(days=1), 0)


def _conversation(world, entity: Entity, at: datetime) -> None:
    conversation = Conversation.objects.create(
        organisation=world.organisation,
        entity=entity,
        channel=Conversation.Channel.ASK,
        subject="Question",
        due_at=at + timedelta(days=2),
        first_response_at=at + timedelta(hours=3),
    )
    Conversation.objects.filter(pk=conversation.pk).update(created_at=at)


@pytest.fixture
def period(world) -> tuple[date, date]:
    world.organisation.time_zone = ZONE
    world.organisation.save(update_fields=["time_zone"])
    today = organisation_today(world.organisation)
    start, end = today - timedelta(days=59), today - timedelta(days=30)
    before = start - timedelta(days=30)
    for department, staff, enrolled, active in (
        (world.service, 20, 6, 4),
        (world.other_service, 15, 5, 2),
        (world.subsidiary_service, 12, 5, 5),
    ):
        snapshot_make(
            world.organisation,
            day=start - timedelta(days=3),
            department=department,
            staff=staff,
            enrolled=3,
            active=1,
        )
        snapshot_make(
            world.organisation,
            day=end - timedelta(days=5),
            department=department,
            staff=staff,
            enrolled=enrolled,
            active=active,
        )
        # After the period: not the review's.
        snapshot_make(
            world.organisation,
            day=end + timedelta(days=2),
            department=department,
            staff=staff,
            enrolled=19,
            active=19,
        )
    hq, sud = world.hq, world.subsidiary
    for channel in ("linkedin", "linkedin", "direct"):
        application_make(hq, on=start + timedelta(days=4), channel=channel)
    application_make(hq, on=start + timedelta(days=6), channel="linkedin", hired_on=end - timedelta(days=1))
    application_make(hq, on=start, channel="linkedin", hour=0)  # 00:00–01:00 there: the previous UTC day
    application_make(hq, on=end, channel="facebook", hour=23)  # late on the last day: in the period
    application_make(hq, on=end + timedelta(days=1), channel="facebook", hour=0)  # the next day: not in it
    for _index in range(2):
        application_make(hq, on=before + timedelta(days=3), channel="linkedin")
    application_make(sud, on=start + timedelta(days=5), channel="linkedin", hired_on=end - timedelta(days=2))
    outcomes_rollup(
        organisation=world.organisation, start=before - timedelta(days=1), end=end + timedelta(days=2)
    )
    _conversation(world, hq, _at(world, start, 0, 30))
    _conversation(world, hq, _at(world, end + timedelta(days=1), 0, 30))  # the next day there
    _conversation(world, sud, _at(world, end, 23, 30))
    _listening_make(world, [start + timedelta(days=7 * week) for week in range(4)])
    return start, end


def _build(world, period: tuple[date, date], entity: Entity | None = None) -> ReviewDocument:
    start, end = period
    return review_build(organisation=world.organisation, entity=entity, start=start, end=end, language="en")


def _section(document: ReviewDocument, key: str) -> Section:
    return next(section for section in document.sections if section.key == key)


def _figures(document: ReviewDocument, key: str) -> dict[str, tuple[str, str, str]]:
    return {row.key: (row.value, row.previous, row.change) for row in _section(document, key).figures}


def _table(section: Section, caption: str) -> dict[str, list[str]]:
    table = next(table for table in section.tables if table.caption == caption)
    return {row[0]: row[1:] for row in table.rows}


def _applications(world, start: date, end: date, **filters: object) -> dict[str, int]:
    since, until = _window(world, start, end)
    rows = (
        Application.objects.filter(
            organisation=world.organisation, created_at__gte=since, created_at__lt=until, **filters
        )
        .values("source_channel")
        .annotate(n=Count("pk"))
    )
    return {row["source_channel"]: row["n"] for row in rows}


def test_the_review_counts_what_a_direct_query_counts(world, period) -> None:
    start, end = period
    document = _build(world, period)
    at_end = AdoptionSnapshot.objects.filter(day=end - timedelta(days=5)).aggregate(
        enrolled=Sum("enrolled"), active=Sum("active")
    )
    participation = _figures(document, "participation")
    assert participation["enrolled"][0] == str(at_end["enrolled"]) == "16"
    assert participation["active"][0] == str(at_end["active"]) == "11"
    assert participation["enrolled"][1] == "9"  # the last snapshot before the previous period ended

    applications = _applications(world, start, end)
    assert applications == {"linkedin": 5, "direct": 1, "facebook": 1}
    sources = _figures(document, "sources")
    previous = sum(_applications(world, start - timedelta(days=30), start - timedelta(days=1)).values())
    assert previous == 2
    assert sources["applications"] == (str(sum(applications.values())), "2", "+250%")
    since, until = _window(world, start, end)
    hires = Application.objects.filter(
        stage=Application.Stage.HIRED, decided_at__gte=since, decided_at__lt=until
    ).count()
    assert sources["hires"][0] == str(hires) == "2"
    by_channel = _table(_section(document, "sources"), "By channel")
    assert by_channel["LinkedIn"][1] == "5" and by_channel["LinkedIn"][3] == "2"  # applications, hires

    inbox = _figures(document, "inbox")
    assert inbox["conversations"][0] == "2"  # 00:30 on the first day and 23:30 on the last, there


def test_an_entitys_review_keeps_to_the_entity_in_every_section(world, period) -> None:
    start, end = period
    document = _build(world, period, entity=world.subsidiary)
    participation = _figures(document, "participation")
    assert participation["enrolled"][0] == "5" and participation["staff"][0] == "12"
    coverage = _table(_section(document, "coverage"), "Coverage by department")
    assert list(coverage) == ["Agence Marseille"]
    sources = _section(document, "sources")
    assert _figures(document, "sources")["applications"][0] == "1"
    assert sum(_applications(world, start, end, entity=world.subsidiary).values()) == 1
    assert {label: row[1] for label, row in _table(sources, "By channel").items()} == {"LinkedIn": "1"}
    assert _figures(document, "inbox")["conversations"][0] == "1"
    # Mentions belong to no entity: the listening section says it covers the whole organisation.
    assert "whole organisation" in _section(document, "listening").intro
    assert "whole organisation" not in _section(_build(world, period), "listening").intro


def test_the_traffic_section_says_which_clicks_each_figure_counts(world) -> None:
    """The key figure counts the clicks on ambassadors' links (their activity); the tables by channel and
    entity count every tracked link (campaigns too): the labels must not let the two pass for one."""
    from ambassade.reviews.tests.support import review_data_make

    data = review_data_make(world)
    document = review_build(
        organisation=world.organisation, entity=None, start=data.start, end=data.end, language="en"
    )
    traffic = _section(document, "traffic")
    labels = {row.key: row.label for row in traffic.figures}
    assert labels["human_clicks"] == "Human clicks on ambassadors' links"
    assert [chart.title for chart in traffic.charts][-1] == "Human clicks by channel (all tracked links)"
    assert [table.caption for table in traffic.tables] == ["Human clicks by entity (all tracked links)"]
