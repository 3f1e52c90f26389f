"""The rewards API (/api/v1/rewards/) and the ledger of the person asking (/api/v1/me/points/).

`GET /rewards/`: the active catalogue, for every member. `GET /rewards/requests/`: the caller's own
requests; HR admins read every request of the organisation. `POST /rewards/requests/`: an enrolled
ambassador requests an item; its points are spent at once (a 422 says why not: not enough points,
out of stock, no longer in the catalogue); a member who is not an enrolled ambassador gets a 403 saying
so. `GET /me/points/`: the caller's spendable points (`balance`), lifetime points (which levels follow:
spending never lowers them), level, and the rows of their ledger, newest first, paginated.
Nothing here is money: costs are points.
"""

from datetime import datetime
from typing import Any, Literal

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from ambassade.ambassadors.models import PointsEntry
from ambassade.api.auth import request_membership
from ambassade.api.errors import invalid_parameter
from ambassade.api.pagination import ApiPagination
from ambassade.api.schemas import Id, Text, WriteInput
from ambassade.rewards import selectors, services
from ambassade.rewards.models import RewardItem, RewardRequest

router = Router(tags=["rewards"])

StatusName = Literal["requested", "approved", "delivered", "refused", "cancelled"]
ReasonName = Literal[
    "share", "first_click", "checklist", "training", "introduction", "adjustment", "redemption", "refund"
]


class RewardItemOut(Schema):
    id: int
    name: str
    description: str
    photo: str | None = Field(description="The item's photo, for signed-in members of the organisation.")
    cost: int = Field(description="Points spent when requesting it (never money).")
    stock: int | None = Field(description="How many are left; null: unlimited.")
    available: bool = Field(description="False when out of stock.")
    handed_out_by: str | None = Field(description="The name of the person who hands it out.")

    @staticmethod
    def resolve_photo(obj: RewardItem) -> str | None:
        return settings.SITE_URL + reverse("reward_item_photo", args=[obj.pk]) if obj.photo else None

    @staticmethod
    def resolve_available(obj: RewardItem) -> bool:
        return obj.stock is None or obj.stock > 0

    @staticmethod
    def resolve_handed_out_by(obj: RewardItem) -> str | None:
        return obj.handed_out_by.full_name if obj.handed_out_by is not None else None


class RewardRequestOut(Schema):
    id: int
    item: int
    item_name: str
    person: str = Field(description="Who asked (HR admins read every request; others their own).")
    cost: int = Field(description="The points spent, as the item cost when requested.")
    status: StatusName
    note: str = Field(description="What the requester wrote (a size, a colour...).")
    decision_note: str = Field(description="Why HR refused it, when refused.")
    decided_at: datetime | None
    delivered_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_item(obj: RewardRequest) -> int:
        return obj.item_id

    @staticmethod
    def resolve_item_name(obj: RewardRequest) -> str:
        return obj.item.name

    @staticmethod
    def resolve_person(obj: RewardRequest) -> str:
        return obj.ambassador.person.full_name


class RewardRequestIn(WriteInput):
    item: Id = Field(description="The catalogue item requested.")
    note: Text = Field("", max_length=services.NOTE_MAX, description="Optional: a size, a colour...")


class RequestQuery(Schema):
    status: StatusName | None = Field(None, description="Only the requests in this status.")


@router.get(
    "/rewards/",
    response=list[RewardItemOut],
    summary="The rewards catalogue",
    description="The items shown in the catalogue, cheapest first; costs are points, never money.",
)
@paginate(ApiPagination)
def reward_list(request: HttpRequest) -> QuerySet[RewardItem]:
    membership = request_membership(request)
    return selectors.reward_catalogue(membership=membership).select_related("handed_out_by")


@router.get(
    "/rewards/requests/",
    response=list[RewardRequestOut],
    summary="Reward requests",
    description="Your own requests, newest first; HR admins read every request of the organisation.",
)
@paginate(ApiPagination)
def reward_request_list(request: HttpRequest, filters: Query[RequestQuery]) -> QuerySet[RewardRequest]:
    membership = request_membership(request)
    return selectors.reward_request_list(membership=membership, status=filters.status or "")


@router.post(
    "/rewards/requests/",
    response={201: RewardRequestOut},
    summary="Request a reward",
    description="For enrolled ambassadors: the item's points are spent at once and come back if HR "
    "refuses the request or you cancel it while it waits. 422 when the points are short, the item is "
    "out of stock or no longer in the catalogue; 403 for members outside the programme.",
)
def reward_request_create(request: HttpRequest, payload: RewardRequestIn) -> Status[RewardRequest]:
    membership = request_membership(request)
    ambassador = selectors.my_ambassador(membership=membership)
    if ambassador is None or not ambassador.is_enrolled:
        raise HttpError(403, services.not_enrolled_message())
    item = selectors.reward_catalogue(membership=membership).filter(pk=payload.item).first()
    if item is None:
        raise invalid_parameter(
            loc=["body", "item"],
            message=_("No reward of the catalogue has the id %(id)s.") % {"id": payload.item},
        )
    created = services.reward_request_create(
        actor=membership.user, ambassador=ambassador, item=item, note=payload.note
    )
    return Status(201, selectors.reward_request_mine(membership=membership).get(pk=created.pk))


# --- my points ------------------------------------------------------------------------------------


class LevelOut(Schema):
    name: str
    threshold: int = Field(description="Lifetime points from which the level is reached.")


class PointsEntryOut(Schema):
    id: int
    created_at: datetime
    points: int = Field(description="Negative for spending and corrections.")
    reason: ReasonName
    reason_label: str
    source: str = Field(description='The event it comes from, e.g. "share:12:linkedin", "reward:3".')
    note: str

    @staticmethod
    def resolve_reason_label(obj: PointsEntry) -> str:
        return str(obj.get_reason_display())


class PointsPagination(ApiPagination):
    """The ledger's rows, page by page, with the caller's totals beside them."""

    class Output(Schema):
        balance: int = Field(description="Spendable points: every row of the ledger added up.")
        lifetime: int = Field(
            description="Points earned (spending and its refunds left out); levels follow them, so "
            "spending never lowers a level."
        )
        level: LevelOut | None = Field(description="The level reached; null below the first one.")
        next_level: LevelOut | None = Field(description="The next level; null at the top.")
        to_next_level: int = Field(description="Lifetime points still needed for the next level.")
        enrolled: bool = Field(description="Whether the caller is an enrolled ambassador (may spend).")
        items: list[Any]
        count: int

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        membership = request_membership(request)
        ambassador = selectors.my_ambassador(membership=membership)
        points = selectors.points_of(ambassador=ambassador, membership=membership)
        progress = points.progress

        def level(value: Any) -> dict[str, Any] | None:
            return {"name": value.name, "threshold": value.threshold} if value is not None else None

        page.update(
            balance=points.spendable,
            lifetime=points.lifetime,
            level=level(progress.level),
            next_level=level(progress.next_level),
            to_next_level=progress.to_next,
            enrolled=ambassador is not None and ambassador.is_enrolled,
        )
        return page


@router.get(
    "/me/points/",
    response=list[PointsEntryOut],
    summary="My points",
    description="Your spendable points (`balance`), lifetime points and level, and the rows of your "
    "ledger, newest first: spending on rewards is a negative row, a refund a positive one.",
)
@paginate(PointsPagination)
def my_points(request: HttpRequest) -> QuerySet[PointsEntry]:
    membership = request_membership(request)
    ambassador = selectors.my_ambassador(membership=membership)
    if ambassador is None:
        return PointsEntry.objects.none()
    return PointsEntry.objects.filter(ambassador=ambassador).order_by("-created_at", "-pk")
