"""The reviews API, for HR admins and communication officers (other roles get a 403, another
organisation's review a 404):

`GET /reviews/`: the reviews, newest first, with their status and progress. `POST /reviews/` with
`{"from": "YYYY-MM-DD", "to": "YYYY-MM-DD", "entity": "<slug>" (optional), "language": "fr"|"en"}` starts
one in the background (a 422 names the field). `GET /reviews/{id}`: one review; once `status` is "done",
`pdf_url` and `html_url` are the addresses of its files on the screens (a signed-in session downloads
them).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate

from ambassade.api.auth import TokenAuth, request_membership
from ambassade.api.pagination import ApiPagination
from ambassade.api.schemas import Id, Language, Text, WriteInput
from ambassade.orgs.models import Entity
from ambassade.reviews import selectors, services
from ambassade.reviews.models import ReviewReport

reviews_auth = TokenAuth(
    roles=selectors.REVIEW_ROLES,
    refusal=gettext_lazy("Only HR admins and communication officers can use the reviews."),
)
router = Router(tags=["reviews"], auth=reviews_auth)

StatusName = Literal["queued", "running", "done", "failed"]


class ReviewOut(Schema):
    id: int
    period_from: date = Field(validation_alias="period_start", serialization_alias="from")
    period_to: date = Field(validation_alias="period_end", serialization_alias="to")
    entity: str | None = Field(description="The entity's short name; null for the whole organisation.")
    language: Language
    status: StatusName
    progress: int = Field(description="0 to 100.")
    step: str = Field(description="What the generation is doing, in the review's language.")
    error: str = Field(description="Why the generation failed; empty otherwise.")
    pdf_url: str | None
    html_url: str | None
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_entity(obj: ReviewReport) -> str | None:
        return obj.entity.slug if obj.entity is not None else None

    @staticmethod
    def resolve_pdf_url(obj: ReviewReport) -> str | None:
        return reverse("review_download", args=[obj.pk, "pdf"]) if obj.pdf_file else None

    @staticmethod
    def resolve_html_url(obj: ReviewReport) -> str | None:
        return reverse("review_download", args=[obj.pk, "html"]) if obj.html_file else None


class ReviewIn(WriteInput):
    period_from: date = Field(alias="from", description="The first day, YYYY-MM-DD.")
    period_to: date = Field(alias="to", description="The last day, YYYY-MM-DD (at most three years later).")
    entity: Text | None = Field(
        None, max_length=60, description="An entity's short name; none: the whole organisation."
    )
    language: Language = "fr"


def _named(error: ValidationError) -> NinjaValidationError:
    items: list[dict[str, Any]] = []
    for name, messages in getattr(error, "message_dict", {"": error.messages}).items():
        loc = ["body", name] if name and name != "__all__" else ["body"]
        items.extend({"loc": loc, "msg": message, "type": "invalid"} for message in messages)
    return NinjaValidationError(items)


@router.get("/reviews/", response=list[ReviewOut], by_alias=True, summary="Reviews")
@paginate(ApiPagination)
def review_list(request: HttpRequest) -> QuerySet[ReviewReport]:
    return selectors.review_list(membership=request_membership(request))


@router.post(
    "/reviews/",
    response={201: ReviewOut},
    by_alias=True,
    summary="Start a review",
    description="Queue a review of the period; follow it with GET /reviews/{id} until its status is done.",
)
def review_create(request: HttpRequest, payload: ReviewIn) -> Status[ReviewReport]:
    membership = request_membership(request)
    entity = None
    if payload.entity:
        entity = Entity.objects.filter(organisation=membership.organisation, slug=payload.entity).first()
        if entity is None:
            raise _named(ValidationError({"entity": _("No entity has this short name.")}))
    try:
        report = services.review_report_create(
            actor=membership.user,
            organisation=membership.organisation,
            start=payload.period_from,
            end=payload.period_to,
            entity=entity,
            language=payload.language,
        )
    except ValidationError as error:
        raise _named(error) from error
    report.refresh_from_db()
    return Status(201, report)


@router.get("/reviews/{id}", response=ReviewOut, by_alias=True, summary="A review")
def review_get(request: HttpRequest, id: Id) -> ReviewReport:  # noqa: A002 (the API's name)
    return selectors.review_get(membership=request_membership(request), pk=id)
