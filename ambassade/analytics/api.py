"""The analytics endpoints of the JSON API.

`GET /analytics/overview/?from=YYYY-MM-DD&to=YYYY-MM-DD[&entity=ID][&period=30d|quarter|12m|year]`: the
dashboard's figures, with the same scoping as the screen (HR admins and communication officers: the
organisation or one entity, with names; managers: their department subtree in aggregate). A bad parameter
answers 422 naming it. `GET /analytics/page-followers/` lists the pages' follower counts;
`POST /analytics/page-followers/` records one day's figures (HR admins, communication officers).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from ambassade.ambassadors.models import Network
from ambassade.ambassadors.selectors import is_programme_admin
from ambassade.analytics import selectors
from ambassade.analytics.models import PageFollowerCount
from ambassade.analytics.overview import Overview
from ambassade.analytics.pages import page_follower_save
from ambassade.analytics.params import ParameterError, overview_from_params
from ambassade.api.auth import request_membership
from ambassade.api.errors import invalid_parameter
from ambassade.api.schemas import MAX_ID, WriteInput
from ambassade.orgs.models import Entity, Membership, organisation_zone

router = Router(tags=["analytics"])


class PeriodOut(Schema):
    start: date
    end: date
    days: int


class FigureOut(Schema):
    label: str
    value: int | float | None = Field(description="None: unknown, or hidden (a small group, for a manager).")
    previous: int | float | None = Field(description="The same figure for the previous period.")
    change_percent: float | None


class CoverageOut(Schema):
    department: str
    staff: int
    enrolled: int
    active: int


class SourceOut(Schema):
    label: str
    human_clicks: int
    applications: int
    introductions: int
    hires: int


class OverviewOut(Schema):
    period: PeriodOut
    previous_period: PeriodOut
    scope: str
    names_allowed: bool
    figures: dict[str, FigureOut] = Field(
        description="staff, enrolled, active, active_share, followers, reach, shares, human_clicks, "
        "applications, introductions, hires."
    )
    adoption: dict[str, list[tuple[date, int]]] = Field(description="enrolled, active, active_share per day.")
    followers: dict[str, list[tuple[date, int]]] = Field(description="Page followers by day, per page.")
    followers_gained: dict[str, int] = Field(description="Followers gained over the period, per page.")
    coverage: list[CoverageOut]
    activity: dict[str, list[tuple[date, int]]] = Field(
        description="shares and human_clicks per week (Monday)."
    )
    clicks: list[tuple[date, int]] = Field(description="Human clicks on tracked links per day.")
    by_source: dict[str, list[SourceOut]] = Field(
        description="channel, campaign, department, entity, ambassador."
    )


class OverviewQuery(Schema):
    start: str | None = Field(None, alias="from", description="First day, YYYY-MM-DD (default: 30 days ago).")
    to: str | None = Field(None, description="Last day, YYYY-MM-DD (default: today).")
    period: str | None = Field(None, description="Instead of from/to: 30d, quarter, 12m or year.")
    entity: str | None = Field(None, description="An entity's id (HR admins, communication officers).")


def _period_out(period: object) -> dict[str, object]:
    return {"start": period.start, "end": period.end, "days": period.days}  # type: ignore[attr-defined]


def overview_json(overview: Overview) -> dict[str, object]:
    return {
        "period": _period_out(overview.period),
        "previous_period": _period_out(overview.period.previous()),
        "scope": overview.scope_label,
        "names_allowed": overview.names_allowed,
        "figures": {
            key: {
                "label": figure.label,
                "value": figure.value,
                "previous": figure.previous,
                "change_percent": figure.change_percent,
            }
            for key, figure in overview.figures.items()
        },
        "adoption": overview.adoption,
        "followers": overview.followers,
        "followers_gained": overview.followers_gained,
        "coverage": [
            {"department": label, "staff": staff, "enrolled": enrolled, "active": active}
            for label, staff, enrolled, active in overview.coverage
        ],
        "activity": overview.activity,
        "clicks": overview.clicks,
        "by_source": {kind: [row.__dict__ for row in rows] for kind, rows in overview.by_source.items()},
    }


@router.get(
    "/analytics/overview/",
    response=OverviewOut,
    summary="Programme overview",
    description="The analytics dashboard's figures for a period, with the previous period of the same "
    "length; HR admins and communication officers: the organisation or one entity; managers: their "
    "department subtree in aggregate.",
)
def analytics_overview(request: HttpRequest, filters: Query[OverviewQuery]) -> dict[str, object]:
    membership = request_membership(request)
    try:
        overview = overview_from_params(membership, request.GET)
    except ParameterError as error:
        raise invalid_parameter(loc=["query", error.parameter], message=error.message) from None
    except PermissionDenied:
        raise HttpError(
            403, _("The programme overview is for HR admins, communication officers and managers.")
        ) from None
    return overview_json(overview)


# --- page followers -------------------------------------------------------------------------------


class PageCountOut(Schema):
    id: int
    entity: int | None = Field(description="None: the organisation's own page.")
    network: str
    day: date
    followers: int
    new_followers: int | None
    unique_visitors: int | None
    source: str

    @staticmethod
    def resolve_entity(obj: PageFollowerCount) -> int | None:
        return obj.entity_id


class PageCountIn(WriteInput):
    entity: int | None = Field(
        None, ge=1, le=MAX_ID, description="An entity's id; none for the organisation."
    )
    network: str = Field(
        "linkedin", description="linkedin, x, mastodon, bluesky, facebook, instagram, youtube."
    )
    day: date
    followers: int = Field(..., ge=0, le=2_000_000_000)
    new_followers: int | None = Field(None, ge=0, le=2_000_000_000)
    unique_visitors: int | None = Field(None, ge=0, le=2_000_000_000)


def _pages_membership(request: HttpRequest) -> Membership:
    membership = request_membership(request)
    if not is_programme_admin(membership):
        raise HttpError(403, _("The pages' followers are for HR admins and communication officers."))
    return membership


@router.get(
    "/analytics/page-followers/",
    response=list[PageCountOut],
    summary="Page followers",
    description="The follower counts of the organisation's pages, newest first (at most 1,000).",
)
def page_follower_list(request: HttpRequest) -> list[PageFollowerCount]:
    membership = _pages_membership(request)
    return list(
        selectors.page_counts(organisation=membership.organisation).order_by("-day", "network")[:1000]
    )


@router.post(
    "/analytics/page-followers/",
    response={201: PageCountOut},
    summary="Record page followers",
    description="Record (or correct) one day's figures of a page.",
)
def page_follower_create(request: HttpRequest, payload: PageCountIn) -> Status[PageFollowerCount]:
    membership = _pages_membership(request)
    if payload.day > timezone.localdate(timezone=organisation_zone(membership.organisation)):
        raise invalid_parameter(
            loc=["body", "payload", "day"], message=_("The date cannot be in the future.")
        )
    if payload.network not in Network.values:
        raise invalid_parameter(loc=["body", "payload", "network"], message=_("Unknown network."))
    entity = None
    if payload.entity is not None:
        entity = Entity.objects.filter(organisation=membership.organisation, pk=payload.entity).first()
        if entity is None:
            raise invalid_parameter(
                loc=["body", "payload", "entity"], message=_("There is no such entity in your organisation.")
            )
    row = page_follower_save(
        actor=membership.user,
        organisation=membership.organisation,
        entity=entity,
        network=payload.network,
        day=payload.day,
        followers=payload.followers,
        new_followers=payload.new_followers,
        unique_visitors=payload.unique_visitors,
    )
    return Status(201, row)
