"""The programme API: the adoption curve and coverage (registered in ambassade/api/api.py).

Both are aggregates. The programme's admins (HR admins, comms) read the whole organisation; managers
read their department subtree with the rule of the pages (selectors, "Small groups"): a group's headcount
is null under five people; its invited, enrolled and active figures and its coverage are null unless at
least five of its people are enrolled and no subtraction from a larger group shown gives the figures of
fewer people. Other members get a 403.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema

from ambassade.ambassadors import selectors
from ambassade.ambassadors.adoption import adoption_start
from ambassade.ambassadors.programme import programme_get
from ambassade.api.auth import TokenAuth, request_membership

router = Router(tags=["programme"])
aggregates_auth = TokenAuth(
    roles=selectors.AGGREGATE_ROLES,
    refusal=gettext_lazy("Only HR admins, communication officers and managers can read programme figures."),
)

GroupName = Literal["entity", "department", "audience"]


class PointOut(Schema):
    day: date
    days_since_launch: int
    staff: int | None = Field(
        description="People of the group on staff that day; null for a manager under five people."
    )
    invited: int | None = Field(description="Invited, not joined yet; null when hidden from a manager.")
    enrolled: int | None = Field(
        description="Null for a manager when fewer than five are enrolled, or when a subtraction from a "
        "larger group shown would give the figures of fewer people."
    )
    active: int | None = Field(
        description="Enrolled and active in the programme's activity period; null when hidden."
    )


class GroupOut(Schema):
    type: GroupName
    id: int
    name: str


class SeriesOut(Schema):
    group: GroupOut | None = Field(description="null: everyone in the caller's scope.")
    hidden: bool = Field(description="True when no point shows the figures (hidden from a manager).")
    points: list[PointOut]


class AdoptionOut(Schema):
    launched_on: date | None = Field(description="The launch date, else the first invitation or consent.")
    active_period_days: int
    series: list[SeriesOut]


class AdoptionQuery(Schema):
    group: GroupName | None = Field(None, description="One series per entity, department or audience.")
    since: date | None = Field(None, description="Only the days from this date.")


def _series_out(series: selectors.Series, group: str | None) -> dict[str, object]:
    described = None
    if group is not None:
        described = {"type": group, "id": int(series.key.partition(":")[2]), "name": series.label}
    return {
        "group": described,
        "hidden": series.hidden,
        "points": [
            {
                "day": point.day,
                "days_since_launch": point.days,
                "staff": point.staff,
                "invited": point.invited,
                "enrolled": point.enrolled,
                "active": point.active,
            }
            for point in series.points
        ],
    }


@router.get(
    "/programme/adoption/",
    response=AdoptionOut,
    auth=aggregates_auth,
    summary="The adoption curve",
    description="Per day since the launch: staff, invited, enrolled and active people, for the caller's "
    "scope, or one series per entity, department (with its sub-departments) or audience.",
)
def programme_adoption(request: HttpRequest, query: Query[AdoptionQuery]) -> dict[str, object]:
    membership = request_membership(request)
    if query.group is None:
        series = [_series_out(selectors.adoption_series(membership=membership, since=query.since), None)]
    else:
        series = [
            _series_out(item, query.group)
            for item in selectors.adoption_by_group(
                membership=membership, group=query.group, since=query.since
            )
        ]
    return {
        "launched_on": adoption_start(organisation=membership.organisation),
        "active_period_days": programme_get(organisation=membership.organisation).active_period_days,
        "series": series,
    }


class CoverageOut(Schema):
    department: int
    name: str
    entity: int
    parent: int | None
    depth: int = Field(description="Depth below the top of the caller's scope.")
    own_staff: int | None = Field(description="People of the department itself; null when hidden.")
    staff: int | None = Field(
        description="People of the department and its sub-departments; null for a manager under five."
    )
    enrolled: int | None = Field(
        description="Null for a manager when fewer than five are enrolled, or when a subtraction from a "
        "larger department shown would give the figures of fewer people."
    )
    active: int | None = Field(description="Null when enrolled is.")
    covered: bool | None = Field(
        description="At least one active enrolled ambassador (among its own people, or below it when it "
        "has none); null when nobody is there, or for a manager when fewer than five of those people are "
        "enrolled or a subtraction would give them away."
    )


@router.get(
    "/programme/coverage/",
    response=list[CoverageOut],
    auth=aggregates_auth,
    summary="Coverage per department",
    description="Whether each department of the caller's scope has at least one active enrolled ambassador.",
)
def programme_coverage(request: HttpRequest) -> list[dict[str, object]]:
    membership = request_membership(request)
    return [
        {
            "department": row.department.pk,
            "name": row.department.name,
            "entity": row.department.entity_id,
            "parent": row.department.parent_id,
            "depth": row.depth,
            "own_staff": row.own_staff,
            "staff": row.staff,
            "enrolled": row.enrolled,
            "active": row.active,
            "covered": row.covered,
        }
        for row in selectors.coverage_tree(membership=membership)
    ]
