"""Edge cases of the measured impact found in review: people who joined the programme or linked an account
around the training, small groups (no individual figure), the cache, comparison colleagues counted once,
the track's date, and numbers written for the language."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from ambassade.ambassadors.models import ActivityDay, FollowerCount, SocialAccount
from ambassade.training import impact_data
from ambassade.training.impact_data import impact_for_session, impact_for_track
from ambassade.training.models import Registration
from ambassade.training.tests.test_impact_data import (
    PARIS,
    TODAY,
    _people,
    activity_create,
    enrol,
    impact_scenario,
    session_create,
)


def test_participants_who_joined_the_programme_just_before_the_training_are_not_credited_with_it(
    world,
) -> None:
    # They had no activity row before they joined: those weeks are not "zero shares", they are unknown.
    scenario = impact_scenario(world, participants=0, comparison=30, factor=1.0)
    training = scenario.session.starts_at.date()
    joined = datetime.combine(training - timedelta(days=10), time(9), PARIS)
    newcomers = [
        enrol(p, at=joined)
        for p in _people(world, 12, department=world.unit, audience=world.audiences["agents"], name="Nouveau")
    ]
    activity_create(newcomers, training_day=training, factor=1.0, seed=21)
    ActivityDay.objects.filter(ambassador__in=newcomers, day__lt=joined.date()).delete()
    for ambassador in newcomers:
        Registration.objects.create(
            session=scenario.session, person=ambassador.person, attendance=Registration.Attendance.PRESENT
        )
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    shares = result.metric("shares")
    assert shares is None or not shares.significant
    assert "times more" not in result.sentence
    assert any("joined the programme less than 4 weeks before" in note for note in result.notes)


def test_the_weeks_before_someone_joined_are_left_out_of_their_mean(world) -> None:
    scenario = impact_scenario(world, participants=12, comparison=30, factor=1.0, seed=2)
    training = scenario.session.starts_at.date()
    joined = datetime.combine(training - timedelta(weeks=5, days=-1), time(9), PARIS)  # 4 full weeks
    for ambassador in scenario.participants:
        ambassador.enrolled_at = joined
        ambassador.save(update_fields=["enrolled_at"])
    ActivityDay.objects.filter(ambassador__in=scenario.participants, day__lt=joined.date()).delete()
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    shares = result.metric("shares")
    assert result.treated_n == 12
    assert shares is not None and shares.effect is not None and not shares.significant


def test_an_account_linked_at_the_training_does_not_count_as_followers_gained(world) -> None:
    scenario = impact_scenario(world, participants=12, comparison=30, factor=1.0)
    training = scenario.session.starts_at.date()
    for index, ambassador in enumerate(scenario.participants + scenario.comparison):
        account = SocialAccount.objects.create(ambassador=ambassador, network="linkedin", handle=f"h{index}")
        trained = ambassador in scenario.participants
        first = training + timedelta(days=1) if trained else training - timedelta(weeks=20)
        for weeks in range(0, 40, 2):
            day = first + timedelta(weeks=weeks)
            if day < TODAY:
                FollowerCount.objects.create(account=account, counted_on=day, followers=300 + index)
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    followers = result.metric("followers")
    assert followers is not None
    assert followers.effect is None  # nobody's followers are known before the training on one side
    assert followers.reason is not None


def test_people_without_any_account_are_not_counted_as_zero_followers(world) -> None:
    scenario = impact_scenario(world, participants=12, comparison=30, factor=1.0)
    training = scenario.session.starts_at.date()
    for index, ambassador in enumerate(scenario.participants + scenario.comparison[:25]):
        account = SocialAccount.objects.create(ambassador=ambassador, network="linkedin", handle=f"h{index}")
        FollowerCount.objects.create(
            account=account, counted_on=training - timedelta(weeks=12), followers=200
        )
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    followers = result.metric("followers")
    assert followers is not None and followers.control_before == 200.0


def test_a_group_too_small_to_compare_shows_no_figure_of_its_members(world) -> None:
    scenario = impact_scenario(world, participants=3)
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    assert result.reason is not None and "Too few people" in result.reason
    for metric in result.metrics:
        assert metric.treated_before is None and metric.treated_after is None
    for key, values in result.weekly.items():
        if key == "participants" or key.endswith("_participants"):
            assert all(value is None for value in values)


def test_a_week_reached_by_fewer_than_five_participants_of_a_track_is_not_shown(world) -> None:
    # Two people trained ten weeks ago, twelve five weeks ago: weeks +5 to +8 would be the two's own figures.
    scenario = impact_scenario(world, participants=2, comparison=40)
    later_day = TODAY - timedelta(weeks=5)
    later = session_create(world, scenario.track, later_day, title="Session suivante")
    latecomers = [
        enrol(p)
        for p in _people(world, 12, department=world.unit, audience=world.audiences["agents"], name="Tard")
    ]
    activity_create(latecomers, training_day=later_day, factor=1.0, seed=31, weeks_before=15, weeks_after=4)
    for ambassador in latecomers:
        Registration.objects.create(
            session=later, person=ambassador.person, attendance=Registration.Attendance.PRESENT
        )
    result = impact_for_track(track=scenario.track, language="en", today=TODAY)
    weeks = result.weekly["weeks"]
    assert result.treated_n == 14
    assert result.weekly["participants"][weeks.index(-8)] is not None
    assert result.weekly["participants"][weeks.index(3)] is not None
    for week in range(5, 9):
        assert result.weekly["participants"][weeks.index(week)] is None
        assert result.weekly["shares_participants"][weeks.index(week)] is None


def test_the_result_follows_new_activity_on_the_same_day(world) -> None:
    scenario = impact_scenario(world, participants=12, comparison=30, factor=1.0, seed=4)
    first = impact_for_session(session=scenario.session, language="en", today=TODAY)
    training = scenario.session.starts_at.date()
    day = training + timedelta(weeks=2)
    ActivityDay.objects.filter(ambassador__in=scenario.participants, day=day).delete()
    ActivityDay.objects.bulk_create(
        ActivityDay(ambassador=a, day=day, shares=30, human_clicks=40) for a in scenario.participants
    )
    second = impact_for_session(session=scenario.session, language="en", today=TODAY)
    assert second.metric("shares") != first.metric("shares")


def test_the_result_follows_attendance_recorded_in_another_session(world) -> None:
    scenario = impact_scenario(world, participants=6, comparison=8)
    first = impact_for_session(session=scenario.session, language="en", today=TODAY)
    assert first.control_n > 0
    elsewhere = session_create(world, scenario.track, TODAY - timedelta(weeks=5), title="Ailleurs")
    for ambassador in scenario.comparison:
        Registration.objects.create(
            session=elsewhere, person=ambassador.person, attendance=Registration.Attendance.PRESENT
        )
    second = impact_for_session(session=scenario.session, language="en", today=TODAY)
    assert second.control_n == 0


def test_a_colleague_in_both_a_department_and_an_entity_pool_is_one_comparison_unit(
    world, monkeypatch
) -> None:
    # Participants of the big department compare within it; the one of a small department falls back to the
    # entity, whose pool holds the same colleagues: each must be one unit (with both weights), not two.
    scenario = impact_scenario(world, participants=10, comparison=30)
    lonely = enrol(
        _people(world, 1, department=world.other_service, audience=world.audiences["agents"], name="Seul")[0]
    )
    activity_create([lonely], training_day=scenario.session.starts_at.date(), factor=1.0, seed=41)
    Registration.objects.create(
        session=scenario.session, person=lonely.person, attendance=Registration.Attendance.PRESENT
    )
    seen: list[int] = []
    original = impact_data.impact.difference_in_differences

    def spy(**kwargs: Any) -> Any:
        seen.append(len(kwargs["control_before"]))
        return original(**kwargs)

    monkeypatch.setattr(impact_data.impact, "difference_in_differences", spy)
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    assert world.other_service.entity_id == world.unit.entity_id
    assert any("same audience in the same entity" in note for note in result.notes)
    assert seen and set(seen) == {result.control_n}


def test_a_track_is_dated_by_its_first_session_not_by_the_monday_of_its_week(world) -> None:
    scenario = impact_scenario(world)
    result = impact_for_track(track=scenario.track, language="en", today=TODAY)
    assert result.training_date == scenario.session.starts_at.astimezone(PARIS).date()
    assert result.training_date.weekday() == 2


def test_the_session_date_is_the_one_of_the_organisations_time_zone(world) -> None:
    world.organisation.time_zone = "Pacific/Auckland"
    world.organisation.save(update_fields=["time_zone"])
    scenario = impact_scenario(world)
    late = datetime.combine(date(2026, 9, 9), time(22, 30), PARIS)  # already 10 September in Auckland
    scenario.session.starts_at, scenario.session.ends_at = late, late + timedelta(hours=1)
    scenario.session.save(update_fields=["starts_at", "ends_at"])
    result = impact_for_session(session=scenario.session, language="en", today=TODAY)
    assert result.sentence.startswith("After the workshop of 10 September")


@pytest.mark.parametrize(
    ("language", "percent", "decimal"),
    [("en", "(95% confidence interval", "."), ("fr", "(intervalle de confiance à 95\u202f%", ",")],
)
def test_the_interval_is_written_as_the_language_writes_it(world, language, percent, decimal) -> None:
    scenario = impact_scenario(world)
    result = impact_for_session(session=scenario.session, language=language, today=TODAY)
    assert percent in result.sentence
    low = result.sentence.rsplit(":", 1)[1]
    assert decimal in low


def test_a_negative_bound_is_written_with_a_minus_sign_in_french(world) -> None:
    scenario = impact_scenario(world, participants=20, comparison=40, factor=1.0, seed=3)
    result = impact_for_session(session=scenario.session, language="fr", today=TODAY)
    shares = result.metric("shares")
    assert shares is not None and shares.low is not None and shares.low < 0 < (shares.high or 0)
    assert "\u22120," in result.sentence and "-0," not in result.sentence


def test_a_track_counts_each_comparison_colleague_once_and_draws_them_as_people(world, monkeypatch) -> None:
    scenario = impact_scenario(world, participants=8, comparison=30)
    later_day = scenario.session.starts_at.date() + timedelta(weeks=1)
    later = session_create(world, scenario.track, later_day, title="Même atelier, semaine suivante")
    others = [
        enrol(p)
        for p in _people(world, 8, department=world.unit, audience=world.audiences["agents"], name="Suivant")
    ]
    activity_create(others, training_day=later_day, factor=2.0, seed=51)
    for ambassador in others:
        Registration.objects.create(
            session=later, person=ambassador.person, attendance=Registration.Attendance.PRESENT
        )
    calls: list[dict[str, Any]] = []
    original = impact_data.impact.difference_in_differences

    def spy(**kwargs: Any) -> Any:
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(impact_data.impact, "difference_in_differences", spy)
    result = impact_for_track(track=scenario.track, language="en", today=TODAY)
    units = len(calls[0]["control_before"])
    people = len(set(calls[0]["control_clusters"]))
    assert units > people  # the same colleagues serve both weeks
    assert result.control_n == people
    assert f"compared with {people} comparable colleagues" in result.sentence
