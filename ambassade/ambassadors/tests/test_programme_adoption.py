"""Adoption snapshots: daily anonymous counts rebuilt from invitations, the consent history and the
activity rows, and the curves read from them (whole scope, per entity, department, audience)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from ambassade.ambassadors.activity import activity_add
from ambassade.ambassadors.adoption import (
    adoption_days_settle,
    adoption_snapshot_take,
    adoption_snapshots_backfill,
    adoption_snapshots_daily,
    adoption_start,
)
from ambassade.ambassadors.models import AdoptionSnapshot, Ambassador, ConsentRecord
from ambassade.ambassadors.programme import programme_get
from ambassade.ambassadors.selectors import adoption_by_group, adoption_series
from ambassade.ambassadors.services import ambassador_withdraw
from ambassade.core.periodic import periodic_job_run
from ambassade.orgs.models import Membership, Person
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.fixture
def story(world: World) -> World:
    """Launched 20 days ago. The employee joined 15 days ago and shared 10 days ago; an agent of the
    unit joined 5 days ago and withdrew 2 days ago; the comms officer was invited 8 days ago and has
    not answered; an agent of the finances left the organisation 4 days ago."""
    programme = programme_get(organisation=world.organisation)
    programme.launched_on = _ago(20)
    programme.save()
    employee = ambassador_enrol(world.people["employee"], at=_at(_ago(15)))
    activity_add(ambassador=employee, day=_ago(10), shares=1)
    agent = Person.objects.filter(department=world.unit).exclude(pk=world.people["employee"].pk).first()
    assert agent is not None
    withdrawn = ambassador_enrol(agent, at=_at(_ago(5)))
    ambassador_withdraw(actor=None, ambassador=withdrawn, language="fr")
    ConsentRecord.objects.filter(ambassador=withdrawn, action="withdrawn").update(at=_at(_ago(2)))
    Ambassador.objects.create(
        organisation=world.organisation, person=world.people["comms"], invited_at=_at(_ago(8))
    )
    leaver = (
        Person.objects.filter(department=world.other_service).exclude(pk=world.people["recruiter"].pk).first()
    )
    assert leaver is not None
    Person.objects.filter(pk=leaver.pk).update(is_active=False, deactivated_at=_at(_ago(4)))
    # The withdrawal above settled yesterday's and today's counts, before the rest of this story was
    # written in the past: start from no snapshot.
    AdoptionSnapshot.objects.all().delete()
    return world


def _day(world: World, day: date) -> dict[str, int]:
    rows = AdoptionSnapshot.objects.filter(organisation=world.organisation, day=day)
    totals = {"staff": 0, "invited": 0, "enrolled": 0, "active": 0}
    for row in rows:
        for name in totals:
            totals[name] += getattr(row, name)
    return totals


def test_backfill_rebuilds_each_day_since_the_launch_from_the_history(story: World) -> None:
    assert adoption_snapshots_backfill(organisation=story.organisation) == 21
    assert _day(story, _ago(20)) == {"staff": 15, "invited": 0, "enrolled": 0, "active": 0}
    assert _day(story, _ago(15)) == {"staff": 15, "invited": 0, "enrolled": 1, "active": 0}
    assert _day(story, _ago(10)) == {"staff": 15, "invited": 0, "enrolled": 1, "active": 1}
    assert _day(story, _ago(8))["invited"] == 1
    assert _day(story, _ago(4)) == {"staff": 15, "invited": 1, "enrolled": 2, "active": 1}
    assert _day(story, _ago(3)) == {"staff": 14, "invited": 1, "enrolled": 2, "active": 1}
    assert _day(story, _ago(2)) == {"staff": 14, "invited": 1, "enrolled": 1, "active": 1}
    assert _day(story, TODAY) == {"staff": 14, "invited": 1, "enrolled": 1, "active": 1}
    assert adoption_snapshots_backfill(organisation=story.organisation) == 0  # nothing missing


def test_activity_older_than_the_period_no_longer_makes_someone_active(story: World) -> None:
    programme = programme_get(organisation=story.organisation)
    programme.active_period_days = 7
    programme.save()
    adoption_snapshots_backfill(organisation=story.organisation)
    assert _day(story, _ago(4))["active"] == 1  # shared 10 days ago: active until 4 days ago
    assert _day(story, _ago(3))["active"] == 0


def test_counts_are_per_entity_department_and_audience(story: World) -> None:
    adoption_snapshot_take(organisation=story.organisation)
    row = AdoptionSnapshot.objects.get(
        organisation=story.organisation, department=story.unit, audience=story.audiences["agents"]
    )
    assert (row.entity_id, row.staff, row.enrolled, row.active) == (story.hq.pk, 7, 1, 1)
    assert AdoptionSnapshot.objects.filter(entity=story.subsidiary).get().staff == 1


def test_taking_a_day_again_replaces_its_rows(story: World) -> None:
    first = adoption_snapshot_take(organisation=story.organisation)
    second = adoption_snapshot_take(organisation=story.organisation)
    assert first == second == AdoptionSnapshot.objects.filter(day=TODAY).count()


def test_past_days_stay_when_someone_withdraws(story: World) -> None:
    adoption_snapshots_backfill(organisation=story.organisation)
    before = _day(story, _ago(10))
    ambassador_withdraw(
        actor=None, ambassador=Ambassador.objects.get(person=story.people["employee"]), language="fr"
    )
    adoption_snapshots_backfill(organisation=story.organisation)
    assert _day(story, _ago(10)) == before


def test_without_a_launch_date_the_curve_starts_at_the_first_invitation(world: World) -> None:
    assert adoption_start(organisation=world.organisation) is None
    assert adoption_snapshots_backfill(organisation=world.organisation) == 0
    ambassador_enrol(world.people["employee"], at=_at(_ago(3)))
    assert adoption_start(organisation=world.organisation) == _ago(3)
    assert adoption_snapshots_backfill(organisation=world.organisation) == 4


def test_a_second_run_of_the_daily_job_leaves_yesterday_as_it_was_after_a_withdrawal(world: World) -> None:
    programme = programme_get(organisation=world.organisation)
    programme.launched_on = _ago(5)
    programme.save()
    ambassador = ambassador_enrol(world.people["employee"], at=_at(_ago(3)))
    activity_add(ambassador=ambassador, day=_ago(1), shares=1)
    adoption_snapshots_daily(organisation=world.organisation)
    assert _day(world, _ago(1))["active"] == 1
    ambassador_withdraw(actor=None, ambassador=ambassador, language="fr")
    adoption_snapshots_daily(organisation=world.organisation)
    assert _day(world, _ago(1))["active"] == 1  # yesterday was settled: it does not change any more
    assert _day(world, TODAY)["enrolled"] == 0  # today's counts follow the withdrawal


def test_a_withdrawal_before_the_day_s_first_run_settles_yesterday_with_the_person_s_activity(
    world: World,
) -> None:
    programme = programme_get(organisation=world.organisation)
    programme.launched_on = _ago(5)
    programme.save()
    ambassador = ambassador_enrol(world.people["employee"], at=_at(_ago(3)))
    adoption_snapshot_take(organisation=world.organisation, day=_ago(1))  # written during yesterday
    activity_add(ambassador=ambassador, day=_ago(1), shares=1)  # later yesterday
    ambassador_withdraw(actor=None, ambassador=ambassador, language="fr")
    adoption_snapshots_daily(organisation=world.organisation)
    assert _day(world, _ago(1)) == {"staff": 15, "invited": 0, "enrolled": 1, "active": 1}


def test_the_first_run_of_a_day_takes_yesterday_again_once(world: World) -> None:
    programme = programme_get(organisation=world.organisation)
    programme.launched_on = _ago(5)
    programme.save()
    ambassador = ambassador_enrol(world.people["employee"], at=_at(_ago(3)))
    adoption_snapshot_take(organisation=world.organisation, day=_ago(1))  # written during yesterday
    activity_add(ambassador=ambassador, day=_ago(1), shares=1)  # later yesterday
    assert _day(world, _ago(1))["active"] == 0
    adoption_snapshots_daily(organisation=world.organisation)
    assert _day(world, _ago(1))["active"] == 1
    assert adoption_days_settle(organisation=world.organisation) is False  # once a day


def test_the_daily_job_takes_yesterday_and_today_for_each_programme(story: World) -> None:
    assert periodic_job_run(name="ambassade.ambassadors.programme_periodic.programme_adoption_snapshots")
    days = set(AdoptionSnapshot.objects.values_list("day", flat=True))
    assert {_ago(1), TODAY} <= days and len(days) == 21


def test_the_curve_counts_days_since_the_launch(story: World) -> None:
    adoption_snapshots_backfill(organisation=story.organisation)
    admin = Membership.objects.get(user=story.users["admin"])
    series = adoption_series(membership=admin)
    assert len(series.points) == 21
    assert (series.points[0].days, series.points[-1].days) == (0, 20)
    last = series.last
    assert last is not None and (last.active, last.enrolled, last.staff) == (1, 1, 14)
    unit = adoption_series(membership=admin, group="department", group_id=story.unit.pk)
    assert unit.points[-1].staff == 7 and unit.label == "Pôle web"
    agents = adoption_series(membership=admin, group="audience", group_id=story.audiences["agents"].pk)
    assert agents.points[-1].staff == 10  # eleven agents, one of whom left


def test_per_department_curves_include_sub_departments(story: World) -> None:
    adoption_snapshot_take(organisation=story.organisation)
    admin = Membership.objects.get(user=story.users["admin"])
    curves = {
        series.label: series.points[-1] for series in adoption_by_group(membership=admin, group="department")
    }
    assert curves["Direction générale"].staff == 13
    assert curves["Service communication"].staff == 9
    assert curves["Pôle web"].enrolled == 1
    entities = {
        series.label: series.points[-1].staff
        for series in adoption_by_group(membership=admin, group="entity")
    }
    assert entities == {"Siège": 13, "Filiale Sud": 1}


def test_managers_see_their_subtree_with_small_groups_hidden(story: World) -> None:
    adoption_snapshot_take(organisation=story.organisation)
    manager = Membership.objects.get(user=story.users["manager"])
    whole = adoption_series(membership=manager)
    assert whole.points[-1].staff == 9  # the service and its unit
    curves = {series.label: series for series in adoption_by_group(membership=manager, group="department")}
    assert set(curves) == {"Service communication", "Pôle web"}
    audiences = {series.label: series for series in adoption_by_group(membership=manager, group="audience")}
    assert audiences["Agents"].points[-1].staff == 8
    assert audiences["Encadrants"].hidden and audiences["Encadrants"].points[-1].enrolled is None
    with pytest.raises(Http404):
        adoption_series(membership=manager, group="department", group_id=story.other_service.pk)
