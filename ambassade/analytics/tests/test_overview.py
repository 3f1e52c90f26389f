"""The overview: periods, figures from rollups, comparison, scopes and privacy."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from ambassade.analytics.models import PageFollowerCount
from ambassade.analytics.overview import (
    Figure,
    Period,
    PeriodError,
    overview_for_member,
    overview_get,
    period_parse,
)
from ambassade.analytics.rollup import outcomes_rollup
from ambassade.analytics.tests.support import (
    activity_make,
    application_make,
    clicks_make,
    followers_make,
    introduction_make,
    link_make,
    moment,
    snapshot_make,
)
from ambassade.testing.factories import person_create
from ambassade.testing.programme import ambassador_enrol

TODAY = date(2026, 6, 30)
PERIOD = Period(date(2026, 6, 1), date(2026, 6, 30))


# --- periods --------------------------------------------------------------------------------------


def test_a_period_knows_its_length_and_the_previous_period_of_the_same_length():
    assert PERIOD.days == 30
    assert PERIOD.previous() == Period(date(2026, 5, 2), date(2026, 5, 31))
    assert date(2026, 6, 15) in PERIOD and date(2026, 7, 1) not in PERIOD


def test_the_period_is_read_from_the_parameters_with_the_last_30_days_by_default():
    assert period_parse({}, today=TODAY) == Period(date(2026, 6, 1), TODAY)
    assert period_parse({"from": "2026-01-01", "to": "2026-03-31"}, today=TODAY) == Period(
        date(2026, 1, 1), date(2026, 3, 31)
    )
    assert period_parse({"period": "year"}, today=TODAY) == Period(date(2026, 1, 1), TODAY)
    assert period_parse({"period": "quarter"}, today=TODAY) == Period(date(2026, 4, 1), TODAY)
    assert period_parse({"period": "12m"}, today=TODAY).days == 365


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"from": "01/06/2026"}, "from"),
        ({"to": "2026-13-01"}, "to"),
        ({"from": "2026-06-10", "to": "2026-06-01"}, "from"),
        ({"from": "2010-01-01", "to": "2026-01-01"}, "to"),
        ({"period": "forever"}, "period"),
    ],
)
def test_a_bad_period_names_the_parameter(params, parameter):
    with pytest.raises(PeriodError) as caught:
        period_parse(params, today=TODAY)
    assert caught.value.parameter == parameter
    assert f"“{parameter}”" in str(caught.value.message)


def test_a_figure_gives_its_change_from_the_previous_period():
    assert Figure("hires", "Hires", 15, 10).change_percent == 50.0
    assert Figure("hires", "Hires", 5, 0).change_percent is None
    assert Figure("hires", "Hires", None, 3).change_percent is None


# --- figures from rollups -------------------------------------------------------------------------


def _programme(world):
    """Rollups of a small programme: adoption, activity, clicks, followers and outcomes."""
    organisation = world.organisation
    for day, enrolled, active in ((date(2026, 5, 31), 4, 2), (date(2026, 6, 30), 8, 6)):
        snapshot_make(
            organisation, day=day, department=world.unit, staff=10, enrolled=enrolled, active=active
        )
        snapshot_make(organisation, day=day, department=world.other_service, staff=6, enrolled=1, active=0)
    joined = moment(organisation, date(2026, 1, 5))
    employee = ambassador_enrol(world.people["employee"], at=joined)
    comms = ambassador_enrol(world.people["comms"], at=joined)
    activity_make(employee, day=date(2026, 6, 3), shares=3, human_clicks=10)
    activity_make(comms, day=date(2026, 6, 10), shares=2, human_clicks=5)
    activity_make(employee, day=date(2026, 5, 20), shares=1, human_clicks=1)
    followers_make(employee, day=date(2026, 6, 1), followers=300)
    followers_make(employee, day=date(2026, 6, 20), followers=320)
    followers_make(comms, day=date(2026, 6, 5), followers=80)
    link = link_make(organisation, ambassador=world.people["employee"], channel="linkedin", entity=world.hq)
    clicks_make(link, day=date(2026, 6, 3), human_clicks=10)
    application_make(world.hq, on=date(2026, 6, 4), link=link, hired_on=date(2026, 6, 25))
    application_make(world.hq, on=date(2026, 6, 5), link=link)
    application_make(world.subsidiary, on=date(2026, 5, 15), channel="direct")
    introduction_make(world.hq, introducer=world.people["comms"], on=date(2026, 6, 8))
    outcomes_rollup(organisation=organisation, start=date(2026, 4, 1), end=TODAY)
    for day, followers in ((date(2026, 4, 30), 1000), (date(2026, 5, 31), 1100), (date(2026, 6, 30), 1285)):
        PageFollowerCount.objects.create(
            organisation=organisation, entity=world.hq, network="linkedin", day=day, followers=followers
        )
    return employee, comms


def test_the_overview_reads_every_figure_from_the_rollups_with_the_previous_period(world):
    _programme(world)

    overview = overview_get(organisation=world.organisation, period=PERIOD, names_allowed=True)

    values = {key: (figure.value, figure.previous) for key, figure in overview.figures.items()}
    assert values == {
        "staff": (16, 16),
        "enrolled": (9, 5),
        "active": (6, 2),
        "active_share": (66.7, 40.0),
        "followers": (1285, 1100),
        "reach": (400, None),
        "shares": (5, 1),
        "human_clicks": (15, 1),
        "applications": (2, 1),
        "introductions": (1, 0),
        "hires": (1, 0),
    }
    assert overview.figures["followers"].change_percent == 16.8
    assert overview.scope_label == "Région Exemple"


def test_the_overview_gives_the_series_and_the_outcomes_by_source(world):
    _programme(world)

    overview = overview_get(organisation=world.organisation, period=PERIOD, names_allowed=True)

    assert overview.adoption["enrolled"] == [(date(2026, 6, 30), 9)]
    assert overview.followers == {"LinkedIn · Siège": [(date(2026, 6, 30), 1285)]}
    assert overview.followers_gained == {"LinkedIn · Siège": 185}
    assert sum(value for _week, value in overview.activity["shares"]) == 5
    assert overview.activity["shares"][0][0] == date(2026, 6, 1)  # a Monday
    assert sum(value for _day, value in overview.clicks) == 10 and len(overview.clicks) == 30
    channels = {
        row.label: (row.human_clicks, row.applications, row.introductions, row.hires)
        for row in overview.by_source["channel"]
    }
    assert channels == {"LinkedIn": (10, 2, 0, 1), "Introduction": (0, 0, 1, 0)}
    ambassadors = {row.label: row.applications for row in overview.by_source["ambassador"]}
    assert ambassadors == {"Émile Employé": 2, "Camille Comm": 0}
    departments = {row.label for row in overview.by_source["department"]}
    assert departments == {"Direction générale"}
    assert [row[0] for row in overview.coverage] == ["Direction générale"]


def test_an_entity_scope_keeps_only_that_entitys_figures(world):
    _programme(world)

    overview = overview_get(
        organisation=world.organisation, period=PERIOD, entity=world.subsidiary, names_allowed=True
    )

    assert overview.figures["applications"].value == 0
    assert overview.figures["applications"].previous == 1
    assert overview.figures["followers"].value is None
    assert overview.scope_label == "Filiale Sud"


def test_a_manager_sees_their_subtree_in_aggregate_without_names(world):
    _programme(world)
    for _index in range(5):
        ambassador_enrol(person_create(world.hq, world.unit))

    overview = overview_for_member(membership=world.users["manager"].membership, period=PERIOD)

    assert overview.names_allowed is False
    assert overview.figures["staff"].value == 10
    assert overview.figures["enrolled"].value == 8
    assert overview.by_source["ambassador"] == []
    assert overview.figures["applications"].value == 2
    assert "Service communication" in overview.scope_label
    assert all("Employé" not in row.label for rows in overview.by_source.values() for row in rows)


def test_a_manager_whose_scope_has_fewer_than_five_enrolled_sees_only_the_headcount(world):
    snapshot_make(
        world.organisation, day=date(2026, 6, 30), department=world.unit, staff=10, enrolled=3, active=1
    )

    overview = overview_for_member(membership=world.users["manager"].membership, period=PERIOD)

    assert overview.figures["staff"].value == 10
    assert overview.figures["enrolled"].value is None
    assert overview.coverage == [] and overview.by_source["department"] == []


def test_small_departments_are_merged_for_a_manager(world):
    from ambassade.testing.factories import department_create

    small = department_create(world.hq, "Petite équipe", parent=world.service)
    big = department_create(world.hq, "Grande équipe", parent=world.service)
    snapshot_make(world.organisation, day=date(2026, 6, 30), department=small, staff=4, enrolled=2, active=1)
    snapshot_make(
        world.organisation, day=date(2026, 6, 30), department=world.unit, staff=9, enrolled=4, active=2
    )
    snapshot_make(world.organisation, day=date(2026, 6, 30), department=big, staff=12, enrolled=7, active=5)

    overview = overview_for_member(membership=world.users["manager"].membership, period=PERIOD)

    assert overview.coverage == [("Grande équipe", 12, 7, 5), ("Other departments", 13, 6, 3)]


def test_employees_and_recruiters_get_no_overview(world):
    from django.core.exceptions import PermissionDenied

    for persona in ("employee", "recruiter"):
        with pytest.raises(PermissionDenied):
            overview_for_member(membership=world.users[persona].membership, period=PERIOD)


def test_an_empty_organisation_gives_an_overview_without_figures(world):
    overview = overview_get(organisation=world.organisation, period=PERIOD, names_allowed=True)

    assert overview.figures["staff"].value is None
    assert overview.figures["applications"].value == 0
    assert overview.followers == {} and overview.coverage == []
    assert len(overview.activity["shares"]) == 5 and all(
        value == 0 for _week, value in overview.activity["shares"]
    )
    assert overview.period.previous().end == PERIOD.start - timedelta(days=1)


# --- small groups: nothing can be deduced by subtraction (review) ---------------------------------


def _manager_overview(world):
    return overview_for_member(membership=world.users["manager"].membership, period=PERIOD)


def test_a_manager_cannot_deduce_a_small_departments_figures_by_subtracting_the_shown_ones(world):
    from ambassade.testing.factories import department_create

    small = department_create(world.hq, "Petite équipe", parent=world.service)
    big = department_create(world.hq, "Grande équipe", parent=world.service)
    snapshot_make(world.organisation, day=date(2026, 6, 30), department=small, staff=4, enrolled=2, active=1)
    snapshot_make(world.organisation, day=date(2026, 6, 30), department=big, staff=12, enrolled=7, active=5)

    overview = _manager_overview(world)

    total = overview.figures["enrolled"].value
    assert total == 9
    shown = sum(row[2] for row in overview.coverage if row[0] != "Other departments")
    # The scope's total minus the departments shown by name must leave nobody, or at least five people.
    assert total - shown == 0 or total - shown >= 5
    assert sum(row[2] for row in overview.coverage) == total


def test_a_managers_outcomes_by_department_never_show_a_group_of_fewer_than_five(world):
    from ambassade.analytics.models import DailyOutcome
    from ambassade.testing.factories import department_create

    small = department_create(world.hq, "Petite équipe", parent=world.service)
    big = department_create(world.hq, "Grande équipe", parent=world.service)
    snapshot_make(world.organisation, day=date(2026, 6, 30), department=small, staff=3, enrolled=1, active=1)
    snapshot_make(world.organisation, day=date(2026, 6, 30), department=big, staff=12, enrolled=8, active=5)
    for department, applications in ((small, 3), (big, 5)):
        DailyOutcome.objects.create(
            organisation=world.organisation,
            day=date(2026, 6, 10),
            entity=world.hq,
            department=department,
            channel="linkedin",
            applications=applications,
        )

    overview = _manager_overview(world)

    rows = {row.label: row.applications for row in overview.by_source["department"]}
    assert rows.get("Petite équipe") is None
    # The one ambassador of the small team is not shown alone as "Other departments" either.
    assert rows.get("Other departments") != 3
    assert sum(rows.values()) == overview.figures["applications"].value == 8


def test_a_manager_does_not_see_the_previous_period_of_a_group_that_was_too_small_then(world):
    snapshot_make(
        world.organisation, day=date(2026, 5, 31), department=world.unit, staff=10, enrolled=2, active=1
    )
    snapshot_make(
        world.organisation, day=date(2026, 6, 30), department=world.unit, staff=10, enrolled=6, active=4
    )

    overview = _manager_overview(world)

    assert overview.figures["enrolled"].value == 6
    assert overview.figures["enrolled"].previous is None
    assert overview.figures["active"].previous is None
    assert overview.figures["staff"].previous == 10


def test_a_managers_adoption_curve_hides_the_days_with_fewer_than_five_enrolled(world):
    for day, enrolled in ((date(2026, 6, 2), 3), (date(2026, 6, 30), 6)):
        snapshot_make(
            world.organisation, day=day, department=world.unit, staff=10, enrolled=enrolled, active=1
        )

    overview = _manager_overview(world)

    assert [day for day, _value in overview.adoption["enrolled"]] == [date(2026, 6, 30)]
    assert [day for day, _value in overview.adoption["active"]] == [date(2026, 6, 30)]
    admin = overview_get(organisation=world.organisation, period=PERIOD, names_allowed=True)
    assert [value for _day, value in admin.adoption["enrolled"]] == [3, 6]


def test_a_managers_weekly_activity_hides_the_weeks_with_fewer_than_five_enrolled(world):
    # The week of 1 June had 3 enrolled in the unit, the week of 22 June 6.
    for day, enrolled in ((date(2026, 6, 2), 3), (date(2026, 6, 23), 6), (date(2026, 6, 30), 6)):
        snapshot_make(
            world.organisation, day=day, department=world.unit, staff=10, enrolled=enrolled, active=1
        )
    person = person_create(world.hq, world.unit, hr_id="unit-1", first_name="Ana", last_name="Unit")
    ambassador = ambassador_enrol(person, at=moment(world.organisation, date(2026, 1, 5)))
    activity_make(ambassador, day=date(2026, 6, 3), shares=4, human_clicks=9)
    activity_make(ambassador, day=date(2026, 6, 24), shares=2, human_clicks=5)

    overview = _manager_overview(world)

    assert overview.activity["shares"] == [(date(2026, 6, 22), 2), (date(2026, 6, 29), 0)]
    assert overview.activity["human_clicks"] == [(date(2026, 6, 22), 5), (date(2026, 6, 29), 0)]
    admin = overview_get(organisation=world.organisation, period=PERIOD, names_allowed=True)
    assert (date(2026, 6, 1), 4) in admin.activity["shares"]


# --- reach: the organisation's days, and who was enrolled then (review) -----------------------------


def test_reach_counts_an_ambassador_enrolled_late_on_the_last_day_in_the_organisations_time_zone(world):
    from zoneinfo import ZoneInfo

    world.organisation.time_zone = "Pacific/Auckland"
    world.organisation.save()
    # 23:30 on 30 June in Auckland is 11:30 UTC the same day; 00:30 on 1 July is 12:30 UTC on 30 June.
    late = ambassador_enrol(
        world.people["employee"], at=datetime(2026, 6, 30, 23, 30, tzinfo=ZoneInfo("Pacific/Auckland"))
    )
    next_day = ambassador_enrol(
        world.people["comms"], at=datetime(2026, 7, 1, 0, 30, tzinfo=ZoneInfo("Pacific/Auckland"))
    )
    followers_make(late, day=date(2026, 6, 30), followers=100)
    followers_make(next_day, day=date(2026, 6, 30), followers=1000)

    overview = overview_get(organisation=world.organisation, period=PERIOD, names_allowed=True)

    assert overview.figures["reach"].value == 100


def test_the_reach_of_the_previous_period_counts_ambassadors_who_have_withdrawn_since(world):
    from ambassade.ambassadors.models import Ambassador

    organisation = world.organisation
    stayed = ambassador_enrol(world.people["employee"], at=moment(organisation, date(2026, 1, 5)))
    withdrew = ambassador_enrol(world.people["comms"], at=moment(organisation, date(2026, 1, 5)))
    followers_make(stayed, day=date(2026, 5, 1), followers=300)
    followers_make(withdrew, day=date(2026, 5, 1), followers=80)
    Ambassador.objects.filter(pk=withdrew.pk).update(
        status=Ambassador.Status.WITHDRAWN, withdrawn_at=moment(organisation, date(2026, 6, 15))
    )

    overview = overview_get(organisation=organisation, period=PERIOD, names_allowed=True)

    assert overview.figures["reach"].value == 300
    assert overview.figures["reach"].previous == 380


# --- periods far away (review) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"from": "0001-01-01", "to": "0001-01-20"}, "from"),
        ({"to": "9999-12-31"}, "to"),
        ({"to": "0001-01-10"}, "to"),
    ],
)
def test_dates_out_of_the_calendars_reach_are_refused_naming_the_parameter(params, parameter):
    with pytest.raises(PeriodError) as caught:
        period_parse(params, today=TODAY)
    assert caught.value.parameter == parameter
