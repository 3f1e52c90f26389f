"""Applications in the JSON API: recruiters and HR admins read them and move them through the pipeline.

Erased applications (past their retention period) are not listed: they hold no candidate any more.
"""

from datetime import datetime
from typing import Literal

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from ambassade.api.auth import TokenAuth, request_membership
from ambassade.api.errors import invalid_parameter
from ambassade.api.pagination import ApiPagination
from ambassade.api.schemas import Id, WriteInput, kept
from ambassade.careers import application_selectors as selectors
from ambassade.careers.applications import application_move
from ambassade.careers.models import Application

router = Router(tags=["applications"])
applications_auth = TokenAuth(
    roles=selectors.APPLICATION_ROLES,
    refusal=gettext_lazy("Only recruiters and HR admins can see applications."),
)

Stage = Literal["received", "screening", "interview", "offer", "hired", "rejected"]


class SourceOut(Schema):
    channel: str = Field(
        description='The channel of the tracked link that brought the candidate, or "direct".'
    )
    link: int | None = Field(description="The tracked link's id.")
    link_code: str | None
    campaign: str | None
    ambassador: str | None = Field(description="The name of the ambassador who shared the link.")


class ApplicationOut(Schema):
    id: int
    offer: int | None = Field(description="The job offer; null for a spontaneous application.")
    entity: int
    first_name: str
    last_name: str
    email: str
    phone: str
    message: str
    cv_url: str | None = Field(description="Where a recruiter downloads the CV (signed in to the web pages).")
    language: str
    stage: Stage
    stage_changed_at: datetime
    decided_at: datetime | None
    talent_pool: bool
    consent_at: datetime
    last_contact_at: datetime
    source: SourceOut
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_offer(obj: Application) -> int | None:
        return obj.offer_id

    @staticmethod
    def resolve_entity(obj: Application) -> int:
        return obj.entity_id

    @staticmethod
    def resolve_cv_url(obj: Application) -> str | None:
        return settings.SITE_URL + reverse("application_cv", kwargs={"pk": obj.pk}) if obj.cv else None

    @staticmethod
    def resolve_source(obj: Application) -> SourceOut:
        link = obj.source_link
        return SourceOut(
            channel=obj.source_channel,
            link=link.pk if link else None,
            link_code=link.code if link else None,
            campaign=link.campaign.name if link and link.campaign else None,
            ambassador=link.ambassador.full_name if link and link.ambassador else None,
        )


class ApplicationQuery(Schema):
    offer: Id | None = Field(None, description="Only the applications to this job offer.")
    stage: Stage | None = Field(None, description="Only the applications at this stage.")
    channel: str | None = Field(
        None,
        max_length=20,
        description='Only the applications from this channel ("direct": no tracked link).',
    )


class ApplicationPatch(WriteInput):
    stage: Stage = kept(description="Move the application to this stage (audited).")


@router.get(
    "/applications/", response=list[ApplicationOut], auth=applications_auth, summary="List applications"
)
@paginate(ApiPagination)
def application_list(request: HttpRequest, filters: Query[ApplicationQuery]) -> QuerySet[Application]:
    membership = request_membership(request)
    if filters.offer is not None:
        offers = selectors.application_offer_list(membership=membership)
        if not offers.filter(pk=filters.offer).exists():
            raise invalid_parameter(
                loc=["query", "offer"], message=_("No job offer has the id %(id)s.") % {"id": filters.offer}
            )
    application_filters = selectors.ApplicationFilters(
        offer_id=filters.offer, stage=filters.stage or "", channel=filters.channel or ""
    )
    return selectors.application_list(membership=membership, filters=application_filters).order_by(
        "-created_at", "-pk"
    )


@router.get(
    "/applications/{id}", response=ApplicationOut, auth=applications_auth, summary="Get an application"
)
def application_get(request: HttpRequest, id: Id) -> Application:
    return selectors.application_get_for_user(membership=request_membership(request), pk=id)


@router.patch(
    "/applications/{id}", response=ApplicationOut, auth=applications_auth, summary="Move an application"
)
def application_update(request: HttpRequest, id: Id, payload: ApplicationPatch) -> Application:
    membership = request_membership(request)
    application = selectors.application_get_for_user(membership=membership, pk=id)
    changes = payload.model_dump(exclude_unset=True)
    if changes.get("stage") is not None:
        application = application_move(actor=membership.user, application=application, stage=changes["stage"])
    return selectors.application_get_for_user(membership=membership, pk=application.pk)
