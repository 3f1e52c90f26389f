"""The measured impact of a session or a track, from the rollups: participants, the comparison group,
weekly outcomes, the sentence in French and English, and the reasons there is no estimate."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambassade.ambassadors.models import ActivityDay, Ambassador, ChecklistTick, FollowerCount, SocialAccount
from ambassade.orgs.models import Audience, Department, Person
from ambassade.testing.factories import World, person_create
from ambassade.testing.programme import ambassador_enrol
from ambassade.training.impact_data import (
    impact_for_session,
    impact_for_track,
    impacts_for_period,
)
from ambassade.training.models import Registration, Track, TrainingProgramme, TrainingSession

TODAY = date(2026, 11, 18)  # a Wednesday
PARIS = ZoneInfo("Europe/Paris")
LONG_AGO = datetime(2025, 6, 2, 10, 0, tzinfo=PARIS)  # when the scenarios' ambassadors joined the programme


def enrol(person: Person, at: datetime | None = None) -> Ambassador:
    """An ambassador enrolled long before the scenarios' trainings (or at `at`)."""
    return ambassador_enrol(person, at=at or LONG_AGO)


@dataclass
class Scenario:
    programme: TrainingProgramme
    track: Track
    session: TrainingSession
    participants: list[Ambassador]
    comparison: list[Ambassador]


def session_create(world: World, track: Track, day: date, title: str = "Atelier LinkedIn") -> TrainingSession:
    starts = datetime.combine(day, time(9, 30), PARIS)
    return TrainingSession.objects.create(
        organisation=world.organisation,
        track=track,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        place="Salle du conseil",
    )


def _people(
    world: World, count: int, *, department: Department, audience: Audience, name: str
) -> list[Person]:
    return [
        person_create(
            department.entity, department, audience=audience, first_name=f"{name}{i}", last_name="Test"
        )
        for i in range(count)
    ]


def activity_create(
    ambassadors: list[Ambassador],
    *,
    training_day: date,
    factor: float,
    seed: int,
    weeks_before: int = 9,
    weeks_after: int = 9,
) -> None:
    """A share level per person; after the training week, `factor` times it (plus noise), one row a day."""
    rng = random.Random(seed)
    monday = training_day - timedelta(days=training_day.weekday())
    rows = []
    for ambassador in ambassadors:
        level = rng.uniform(0.2, 0.8)  # shares per day
        for offset in range(-7 * weeks_before, 7 * (weeks_after + 1)):
            day = monday + timedelta(days=offset)
            rate = level * (factor if offset >= 7 else 1.0)
            shares = sum(1 for _ in range(2) if rng.random() < rate / 2)
            clicks = sum(1 for _ in range(6) if rng.random() < rate / 3)
            if shares or clicks:
                rows.append(ActivityDay(ambassador=ambassador, day=day, shares=shares, human_clicks=clicks))
    ActivityDay.objects.bulk_create(rows)


def impact_scenario(
    world: World,
    *,
    participants: int = 12,
    comparison: int = 30,
    factor: float = 2.0,
    training_day: date = TODAY - timedelta(weeks=10),
    seed: int = 1,
) -> Scenario:
    """Participants of one workshop and colleagues of the same audience and department not yet trained."""
    programme = TrainingProgramme.objects.create(organisation=world.organisation, name="Ambassadeurs 2027")
    track = Track.objects.create(
        programme=programme, name="Agents débutants", audience=world.audiences["agents"]
    )
    session = session_create(world, track, training_day)
    audience = world.audiences["agents"]
    trained = [
        enrol(p) for p in _people(world, participants, department=world.unit, audience=audience, name="Formé")
    ]
    others = [
        enrol(p)
        for p in _people(world, comparison, department=world.unit, audience=audience, name="Collègue")
    ]
    for ambassador in trained:
        Registration.objects.create(
            session=session, person=ambassador.person, attendance=Registration.Attendance.PRESENT
        )
    activity_create(trained, training_day=training_day, factor=factor, seed=seed)
    activity_create(others, training_day=training_day, factor=1.0, seed=seed + 1)
    return Scenario(programme, track, session, trained, others)


def test_a_workshop_that_doubled_sharing_shows_a_significant_positive_effect(world) -> None:
    scenario = impact_scenario(world)
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    assert result.reason is None
    assert result.treated_n == 12
    assert result.control_n >= 5
    shares = result.metric("shares")
    assert shares is not None and shares.significant
    assert shares.low is not None and shares.low > 0
    assert shares.ratio is not None and 1.4 < shares.ratio < 3.0
    assert result.sentence.startswith("After the workshop of 9 September, the 12 participants share ")
    assert "times more than before, compared with" in result.sentence
    assert "comparable colleagues not yet trained (95% confidence interval: " in result.sentence


def test_the_sentence_speaks_french_with_a_decimal_comma(world) -> None:
    scenario = impact_scenario(world)
    result = impact_for_session(session=scenario.session, language="fr", today=TODAY)
    shares = result.metric("shares")
    assert shares is not None and shares.ratio is not None
    ratio = f"{shares.ratio:.1f}".replace(".", ",")
    assert result.sentence.startswith("Après l’atelier du 9 septembre, les 12 participants partagent ")
    assert f"{ratio} fois plus" in result.sentence


def test_a_session_without_effect_claims_no_measurable_difference(world) -> None:
    scenario = impact_scenario(world, participants=20, comparison=40, factor=1.0, seed=3)
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    shares = result.metric("shares")
    assert shares is not None and not shares.significant
    assert "show no measurable difference in shares" in result.sentence


def test_too_few_participants_give_the_reason_instead_of_a_number(world) -> None:
    scenario = impact_scenario(world, participants=3)
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    assert result.reason is not None and "Too few people to compare" in result.reason
    assert "no impact can be measured" in result.sentence
    shares = result.metric("shares")
    assert shares is not None and shares.effect is None and shares.ratio is None


def test_it_is_too_early_before_three_full_weeks_after_the_training(world) -> None:
    scenario = impact_scenario(world, training_day=TODAY - timedelta(days=16))
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    assert result.reason is not None and result.reason.startswith("It is too early")
    assert result.metrics == []


def test_a_session_without_recorded_attendance_says_so(world) -> None:
    scenario = impact_scenario(world)
    Registration.objects.filter(session=scenario.session).update(attendance=Registration.Attendance.ABSENT)
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    assert result.treated_n == 0 and result.reason is not None
    assert "attendance has been recorded" in result.reason


def test_people_trained_before_the_end_of_the_window_are_not_in_the_comparison_group(world) -> None:
    scenario = impact_scenario(world, participants=6, comparison=8)
    later = session_create(world, scenario.track, TODAY - timedelta(weeks=5), title="Deuxième atelier")
    for ambassador in scenario.comparison:
        Registration.objects.create(
            session=later, person=ambassador.person, attendance=Registration.Attendance.PRESENT
        )
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    assert result.control_n == 0
    assert result.reason is not None and "(here 6 and 0)" in result.reason


def test_people_trained_after_the_window_still_compare(world) -> None:
    scenario = impact_scenario(world, participants=6, comparison=20)
    later = session_create(world, scenario.track, TODAY + timedelta(days=1), title="Plus tard")
    for ambassador in scenario.comparison:
        Registration.objects.create(
            session=later, person=ambassador.person, attendance=Registration.Attendance.PRESENT
        )
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    assert result.control_n >= 5


def test_a_small_department_falls_back_to_the_same_audience_in_the_entity_and_says_so(world) -> None:
    scenario = impact_scenario(world, comparison=0)
    audience = world.audiences["agents"]
    elsewhere = [
        enrol(p)
        for p in _people(world, 25, department=world.other_service, audience=audience, name="Ailleurs")
    ]
    activity_create(elsewhere, training_day=scenario.session.starts_at.date(), factor=1.0, seed=9)
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    assert result.control_n >= 5
    assert any("same audience in the same entity" in note for note in result.notes)


def test_checklist_and_followers_are_measured_by_the_end_of_each_week(world) -> None:
    scenario = impact_scenario(world)
    training = scenario.session.starts_at.date()
    for index, ambassador in enumerate(scenario.participants + scenario.comparison):
        account = SocialAccount.objects.create(
            ambassador=ambassador, network="linkedin", handle=f"https://l/{index}"
        )
        trained = ambassador in scenario.participants
        FollowerCount.objects.create(
            account=account, counted_on=training - timedelta(weeks=12), followers=100 + index % 12
        )
        FollowerCount.objects.create(
            account=account,
            counted_on=training + timedelta(weeks=3),
            followers=100 + index % 12 + (40 if trained else 5),
        )
        if trained:
            for item in ("photo", "headline", "about"):
                ChecklistTick.objects.create(
                    ambassador=ambassador,
                    network="linkedin",
                    item=item,
                    done_at=datetime.combine(training + timedelta(days=2), time(12), PARIS),
                )
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    checklist = result.metric("checklist")
    followers = result.metric("followers")
    assert checklist is not None and followers is not None
    assert checklist.treated_before == 0
    assert checklist.treated_after is not None and round(checklist.treated_after, 3) == round(3 / 7, 3)
    assert followers.effect is not None and followers.effect > 10
    weeks = result.weekly["weeks"]
    assert weeks[0] == -8 and weeks[-1] == 8
    assert (
        result.weekly["followers_participants"][weeks.index(2)]
        < result.weekly["followers_participants"][weeks.index(4)]
    )


def test_the_chart_data_run_from_eight_weeks_before_to_the_weeks_after(world) -> None:
    scenario = impact_scenario(world)
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    assert result.weekly["weeks"] == list(range(-8, 9))
    assert len(result.weekly["participants"]) == 17
    assert sum(result.weekly["participants"][9:]) > sum(result.weekly["comparison"][9:])


def test_a_track_takes_each_person_at_their_first_attended_session(world) -> None:
    scenario = impact_scenario(world)
    again = session_create(world, scenario.track, TODAY - timedelta(weeks=6), title="Suite")
    for ambassador in scenario.participants[:4]:
        Registration.objects.create(
            session=again, person=ambassador.person, attendance=Registration.Attendance.PRESENT
        )
    result = impact_for_track(track=scenario.track, language="en", today=TODAY)
    assert result.treated_n == 12
    assert result.kind == "track"
    assert result.sentence.startswith("After the track “Agents débutants”, the 12 participants")


def test_the_impact_reads_a_bounded_number_of_queries_whatever_the_group_sizes(world) -> None:
    small = impact_scenario(world, participants=6, comparison=10)
    with CaptureQueriesContext(connection) as few:
        impact_for_session(session=small.session, language="en", today=TODAY)
    Registration.objects.filter(session=small.session).delete()
    big = impact_scenario(world, participants=20, comparison=60, seed=5)
    with CaptureQueriesContext(connection) as many:
        impact_for_session(session=big.session, language="en", today=TODAY)
    assert len(many) == len(few) <= 14  # 9 to compute, 5 aggregates for the cache key


def test_impacts_for_the_period_list_the_sessions_that_ended_in_it_with_attendance(world) -> None:
    scenario = impact_scenario(world)
    session_create(world, scenario.track, TODAY - timedelta(weeks=9), title="Sans présence")
    day = scenario.session.starts_at.date()
    results = impacts_for_period(
        organisation=world.organisation, start=day - timedelta(days=1), end=day, language="en", today=TODAY
    )
    assert [r.subject for r in results] == ["Atelier LinkedIn"]
    assert (
        impacts_for_period(
            organisation=world.organisation,
            start=day + timedelta(days=1),
            end=TODAY,
            language="en",
            today=TODAY,
        )
        == []
    )
    assert (
        impacts_for_period(
            organisation=world.organisation,
            start=day,
            end=day,
            entity=world.subsidiary,
            language="en",
            today=TODAY,
        )
        == []
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_unknown_kind_of_session_still_reads_as_a_training(world, language) -> None:
    scenario = impact_scenario(world, participants=2)
    result = impact_for_session(session=scenario.session, language=language, today=TODAY)
    assert result.sentence
