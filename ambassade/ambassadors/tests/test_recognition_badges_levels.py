"""Levels follow lifetime points; badges are awarded once, from the events, to enrolled people only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from ambassade.ambassadors.activity import activity_add
from ambassade.ambassadors.checklist import CHECKLISTS
from ambassade.ambassadors.ledger import points_adjust, points_award
from ambassade.ambassadors.models import Ambassador, BadgeAward, ChecklistTick, Level, PointsEntry
from ambassade.ambassadors.recognition import (
    BADGES,
    badge_figures,
    badges_award,
    badges_of,
    badges_sweep,
    level_progress,
    points_lifetime,
)
from ambassade.ambassadors.tests.recognition_support import link_make, share_make
from ambassade.careers.models import Application
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def ambassador(world: World) -> Ambassador:
    return ambassador_enrol(world.people["employee"], at=timezone.now() - timedelta(days=200))


def held(ambassador: Ambassador) -> set[str]:
    return set(BadgeAward.objects.filter(ambassador=ambassador).values_list("badge", flat=True))


def test_levels_come_from_lifetime_points_with_the_progress_to_the_next(world) -> None:
    organisation = world.organisation
    ambassador_enrol(world.people["employee"])  # creates the programme and its default levels
    assert list(Level.objects.filter(organisation=organisation).values_list("threshold", flat=True)) == [
        0,
        50,
        150,
        400,
    ]
    start = level_progress(organisation=organisation, points=0)
    assert start.level is not None and start.next_level is not None
    assert (start.level.name, start.next_level.name, start.to_next, start.percent) == (
        "Curieux·se",
        "Relais",
        50,
        0,
    )
    middle = level_progress(organisation=organisation, points=100)
    assert middle.level is not None and middle.next_level is not None
    assert (middle.level.name, middle.next_level.name, middle.to_next, middle.percent) == (
        "Relais",
        "Ambassadeur·rice",
        50,
        50,
    )
    top = level_progress(organisation=organisation, points=1000)
    assert top.level is not None
    assert (top.level.name, top.next_level, top.percent) == ("Porte-voix", None, 100)


def test_below_the_lowest_threshold_there_is_no_level_yet(world) -> None:
    ambassador_enrol(world.people["employee"])
    Level.objects.filter(organisation=world.organisation, threshold=0).delete()
    progress = level_progress(organisation=world.organisation, points=-10)
    assert progress.level is None and progress.next_level is not None
    assert progress.next_level.threshold == 50 and progress.to_next == 60


def test_lifetime_points_count_negative_corrections(world, ambassador) -> None:
    points_award(ambassador=ambassador, reason=PointsEntry.Reason.CHECKLIST, source="checklist:x")
    points_adjust(actor=world.users["admin"], ambassador=ambassador, points=-15, note="Correction")
    assert points_lifetime(ambassador=ambassador) == 5


def test_there_are_about_six_badges_each_with_french_and_english_names(ambassador) -> None:
    from django.utils import translation

    assert 6 <= len(BADGES) <= 8
    assert len({badge.key for badge in BADGES}) == len(BADGES)
    for badge in BADGES:
        with translation.override("en"):
            english = (str(badge.name), str(badge.description))
        with translation.override("fr"):
            french = (str(badge.name), str(badge.description))
        assert french != english, badge.key


def test_badges_are_awarded_once_from_the_events(ambassador) -> None:
    assert badges_award(ambassador=ambassador) == []
    share_make(ambassador)
    assert badges_award(ambassador=ambassador) == ["first_share"]
    assert badges_award(ambassador=ambassador) == []
    assert BadgeAward.objects.filter(ambassador=ambassador).count() == 1


def test_ten_shares_count_distinct_items_and_networks_not_repeats(ambassador) -> None:
    first = share_make(ambassador)
    for _ in range(12):
        share_make(ambassador, item=first.item)
    assert badge_figures(ambassador_ids=[ambassador.pk])[ambassador.pk].shares == 1
    for _ in range(9):
        share_make(ambassador)
    badges_award(ambassador=ambassador)
    assert {"first_share", "ten_shares"} <= held(ambassador)


def test_a_complete_checklist_earns_the_polished_profile_badge(ambassador) -> None:
    items = [item.key for item in CHECKLISTS["x"]]
    for item in items[:-1]:
        ChecklistTick.objects.create(ambassador=ambassador, network="x", item=item, done_at=timezone.now())
    badges_award(ambassador=ambassador)
    assert "profile_complete" not in held(ambassador)
    ChecklistTick.objects.create(ambassador=ambassador, network="x", item=items[-1], done_at=timezone.now())
    badges_award(ambassador=ambassador)
    assert "profile_complete" in held(ambassador)


def test_regular_means_active_three_calendar_months_in_a_row(ambassador) -> None:
    for day in [date(2026, 1, 31), date(2026, 2, 1), date(2026, 4, 15), date(2026, 5, 2)]:
        activity_add(ambassador=ambassador, day=day, shares=1)
    badges_award(ambassador=ambassador)
    assert "regular" not in held(ambassador)
    activity_add(ambassador=ambassador, day=date(2026, 6, 30), shares=2)
    assert badges_sweep() == 1
    assert "regular" in held(ambassador)


def test_an_application_through_their_link_after_enrolling_makes_a_talent_scout(world, ambassador) -> None:
    link = link_make(ambassador)

    def apply(at):
        application = Application.objects.create(
            organisation=world.organisation,
            entity=world.hq,
            first_name="Ana",
            last_name="Candidate",
            email="ana@example.org",
            consent_at=at,
            consent_text="…",
            source_link=link,
        )
        Application.objects.filter(pk=application.pk).update(created_at=at)

    apply(ambassador.enrolled_at - timedelta(days=1))
    badges_award(ambassador=ambassador)
    assert "talent_scout" not in held(ambassador)
    apply(timezone.now())
    badges_award(ambassador=ambassador)
    assert "talent_scout" in held(ambassador)


def test_no_badge_for_people_who_withdrew_or_left(world, ambassador) -> None:
    share_make(ambassador)
    Ambassador.objects.filter(pk=ambassador.pk).update(status=Ambassador.Status.WITHDRAWN)
    ambassador.refresh_from_db()
    assert badges_award(ambassador=ambassador) == []
    assert badges_sweep() == 0
    assert held(ambassador) == set()


def test_earned_badges_are_listed_first_with_their_date(ambassador) -> None:
    share_make(ambassador)
    badges_award(ambassador=ambassador)
    states = badges_of(ambassador=ambassador)
    assert states[0].badge.key == "first_share" and states[0].awarded_at is not None
    assert all(state.awarded_at is None for state in states[1:])
    assert len(states) == len(BADGES)


def test_the_hourly_sweep_is_declared(ambassador) -> None:
    from ambassade.core.periodic import jobs, periodic_job_run

    name = "ambassade.ambassadors.recognition_periodic.badges"
    assert jobs[name].every == timedelta(hours=1)
    share_make(ambassador)
    assert periodic_job_run(name=name)
    assert held(ambassador) == {"first_share"}
