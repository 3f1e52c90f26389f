"""The demo step "training impact": the main past workshop shows a clear positive effect, another past
session honestly shows no measurable difference."""

from __future__ import annotations

import time
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db.models import Sum

from ambassade.ambassadors.models import ActivityDay
from ambassade.demo.generate import DemoContext
from ambassade.demo.training_impact import main_past_workshop, training_impact_create
from ambassade.training.impact_data import impact_for_session
from ambassade.training.models import Registration, TrainingSession
from ambassade.training.tests.test_impact_data import (
    TODAY,
    _people,
    activity_create,
    enrol,
    impact_scenario,
    session_create,
)


def test_the_demo_raises_the_main_workshop_and_leaves_the_other_session_without_effect(world) -> None:
    scenario = impact_scenario(world, participants=20, comparison=50, factor=1.0, seed=11)
    conference = session_create(world, scenario.track, TODAY - timedelta(weeks=9), title="Conférence réseaux")
    conference.kind = TrainingSession.Kind.CONFERENCE
    conference.save()
    others = [
        enrol(p)
        for p in _people(world, 15, department=world.unit, audience=world.audiences["agents"], name="Conf")
    ]
    activity_create(others, training_day=TODAY - timedelta(weeks=9), factor=1.0, seed=12)
    for ambassador in others:
        Registration.objects.create(
            session=conference, person=ambassador.person, attendance=Registration.Attendance.PRESENT
        )
    context = DemoContext(organisation=world.organisation, password_hash=make_password(None), today=TODAY)
    context.reseed("training impact")
    assert main_past_workshop(context) == scenario.session

    started = time.monotonic()
    training_impact_create(context)
    assert time.monotonic() - started < 3

    main = impact_for_session(session=scenario.session, language="en", today=TODAY)
    shares = main.metric("shares")
    assert shares is not None and shares.significant and shares.low is not None and shares.low > 0
    assert shares.ratio is not None and 1.4 < shares.ratio < 2.4
    assert "times more than before" in main.sentence

    other = impact_for_session(session=conference, language="en", today=TODAY)
    other_shares = other.metric("shares")
    assert other_shares is not None and other_shares.effect is not None and not other_shares.significant
    assert "no measurable difference" in other.sentence


def test_the_demo_step_does_nothing_without_a_past_session(world) -> None:
    context = DemoContext(organisation=world.organisation, password_hash=make_password(None), today=TODAY)
    training_impact_create(context)
    assert main_past_workshop(context) is None


def test_the_demo_brings_the_clicks_each_participant_usually_gets_from_a_share(world) -> None:
    # Four human clicks per share before the workshop (the demo programme's usual rate): the extra shares
    # after it bring as many, not an arbitrary fixed number, so that clicks rise with shares.
    scenario = impact_scenario(world, participants=12, comparison=20, factor=1.0, seed=13)
    training = scenario.session.starts_at.date()
    ActivityDay.objects.filter(ambassador__in=scenario.participants).delete()
    monday = training - timedelta(days=training.weekday())
    ActivityDay.objects.bulk_create(
        ActivityDay(ambassador=a, day=monday + timedelta(days=offset), shares=1, human_clicks=4)
        for a in scenario.participants
        for offset in range(-7 * 9, 7 * 9)
    )
    context = DemoContext(organisation=world.organisation, password_hash=make_password(None), today=TODAY)
    context.reseed("training impact")
    training_impact_create(context)
    after = ActivityDay.objects.filter(
        ambassador__in=scenario.participants, day__gte=monday + timedelta(weeks=1)
    ).aggregate(shares=Sum("shares"), clicks=Sum("human_clicks"))
    assert after["shares"] > 7 * 8 * 12 * 1.4
    assert 3.5 <= after["clicks"] / after["shares"] <= 4.5
