"""The network endpoints of the JSON API.

`GET /network/overview/`: the programme's network figures (ambassadors who uploaded, total connections,
distinct reach, overlap), the most connecting people (named only when they opted in), isolated departments
and the overlap between departments, scoped like the screen: HR admins and communication officers see the
organisation, managers their department subtree at department level; other roles get 403.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from ambassade.api.auth import request_membership
from ambassade.network.selectors import network_overview
from ambassade.orgs.roles import Role

router = Router(tags=["network"])


class FiguresOut(Schema):
    enrolled: int | None = Field(description="Enrolled ambassadors in scope (None: too few to show).")
    uploaded: int | None = Field(description="Ambassadors who uploaded their connections.")
    connections: int | None = Field(description="Sum of their connections.")
    distinct: int | None = Field(description="Distinct connections across them: the programme's reach.")
    overlap_percent: float | None = Field(description="Share of connections another ambassador also has.")


class ConnectingOut(Schema):
    name: str
    department: str
    links: int
    betweenness: float


class MatrixOut(Schema):
    departments: list[str]
    ambassadors: list[int] = Field(description="Ambassadors who uploaded, per department group.")
    common: list[list[int]] = Field(description="Distinct connections known in both groups.")


class OverviewOut(Schema):
    state: str = Field(
        description="ready: up to date; updating: the last figures, new ones being computed in the "
        "background; computing: none yet (the figures are null)."
    )
    computed_at: datetime | None = Field(description="When the figures were computed.")
    progress: int = Field(description="Percent done of the computation under way.")
    figures: FiguresOut
    most_connecting: list[ConnectingOut]
    isolated_departments: list[str]
    overlap: MatrixOut
    nodes: int
    links: int


@router.get(
    "/network/overview/",
    response=OverviewOut,
    summary="Network overview",
    description="Distinct reach, overlap, most connecting people and isolated departments.",
    url_name="network_overview",
)
def network_overview_get(request: HttpRequest) -> dict[str, object]:
    membership = request_membership(request)
    if membership.role not in (Role.HR_ADMIN, Role.COMMS, Role.MANAGER):
        raise HttpError(403, _("The network figures are for HR admins, communication officers and managers."))
    overview = network_overview(membership=membership)
    figures = overview.figures
    return {
        "state": overview.state,
        "computed_at": overview.computed_at,
        "progress": overview.progress,
        "figures": {
            "enrolled": figures.enrolled,
            "uploaded": figures.uploaded,
            "connections": figures.connections,
            "distinct": figures.distinct,
            "overlap_percent": figures.overlap_percent,
        },
        "most_connecting": [
            {
                "name": node.label,
                "department": node.department,
                "links": node.degree,
                "betweenness": node.betweenness,
            }
            for node in overview.connecting
        ],
        "isolated_departments": overview.isolated,
        "overlap": {
            "departments": overview.matrix.labels,
            "ambassadors": overview.matrix.uploaders,
            "common": overview.matrix.cells,
        },
        "nodes": len(overview.nodes),
        "links": len(overview.edges),
    }
