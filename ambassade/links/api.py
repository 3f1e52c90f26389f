"""Tracked links under /api/v1/links/ (registered in ambassade/api/api.py).

The programme's admins (HR admins, comms) read every link of the organisation and create any link; any
other member reads the links of which they are the ambassador, and creates links for themselves to job
offers and career sites only. Figures come from the rollups (updated every minute).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from ambassade.api.auth import request_membership
from ambassade.api.pagination import ApiPagination
from ambassade.api.schemas import Id, Text, WriteInput
from ambassade.careers.models import JobOffer
from ambassade.links import selectors, services
from ambassade.links.models import Campaign, TrackedLink
from ambassade.links.targets import link_short_url, link_target_url
from ambassade.orgs.models import Entity, Membership, Person

router = Router(tags=["links"])

TargetType = Literal["job", "career_page", "news", "url"]
ChannelName = Literal["linkedin", "x", "facebook", "mastodon", "bluesky", "email", "intranet", "qr", "other"]
DropReason = Literal["head_request", "bot", "prefetch", "duplicate", "self_click"]


class TargetOut(Schema):
    type: TargetType = Field(description="What the link leads to.")
    url: str = Field(description="The target's address, without tracking parameters.")
    job: int | None = Field(description="The job offer, for `job` links.")
    entity: int | None = Field(description="The entity whose career site it is, for `career_page` links.")


class LinkOut(Schema):
    id: int
    code: str
    url: str = Field(description="The address to share: /r/<code> on this site.")
    target: TargetOut
    channel: ChannelName
    campaign: int | None
    ambassador: int | None = Field(description="The person sharing the link, if any.")
    human_clicks: int = Field(description="Clicks by people, once per visitor and 24 hours.")
    drops: dict[DropReason, int] = Field(description="Requests not counted, by reason.")
    created_at: datetime

    @staticmethod
    def resolve_url(obj: TrackedLink) -> str:
        return link_short_url(obj)

    @staticmethod
    def resolve_target(obj: TrackedLink) -> dict[str, Any]:
        return {
            "type": obj.target_type,
            "url": link_target_url(obj),
            "job": obj.job_id,
            "entity": obj.entity_id,
        }

    @staticmethod
    def resolve_campaign(obj: TrackedLink) -> int | None:
        return obj.campaign_id

    @staticmethod
    def resolve_ambassador(obj: TrackedLink) -> int | None:
        return obj.ambassador_id

    @staticmethod
    def resolve_human_clicks(obj: TrackedLink) -> int:
        return _figures(obj).human_clicks

    @staticmethod
    def resolve_drops(obj: TrackedLink) -> dict[str, int]:
        return _figures(obj).drops


def _figures(link: TrackedLink) -> selectors.LinkFigures:
    figures = getattr(link, "figures", None)
    if figures is None:
        figures = selectors.link_figures(link_ids=[link.pk])[link.pk]
        link.figures = figures  # type: ignore[attr-defined]
    return figures


class LinkIn(WriteInput):
    target_type: TargetType
    job: Id | None = Field(None, description="For `job`: an open job offer.")
    entity: Id | None = Field(None, description="For `career_page`: the entity whose career site it is.")
    url: Text = Field(
        "", max_length=1000, description="For `news` and `url`: an address on the organisation's own sites."
    )
    channel: ChannelName
    ambassador: Id | None = Field(
        None, description="The person sharing the link. Members other than admins: themselves only."
    )
    campaign: Id | None = None


class LinkPagination(ApiPagination):
    """Pages of links with their figures, read in one query per page."""

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page[self.items_attribute] = selectors.links_with_figures(list(page[self.items_attribute]))
        return page


@router.get("/links/", response=list[LinkOut], summary="List tracked links")
@paginate(LinkPagination)
def link_list(request: HttpRequest) -> QuerySet[TrackedLink]:
    links = selectors.link_list(membership=request_membership(request))
    return links.prefetch_related("job__translations").order_by("-created_at", "-pk")


@router.get("/links/{id}", response=LinkOut, summary="Get a tracked link")
def link_get(request: HttpRequest, id: Id) -> TrackedLink:
    return selectors.link_get_for_user(membership=request_membership(request), pk=id)


@router.post("/links/", response={201: LinkOut}, summary="Create a tracked link")
def link_create(request: HttpRequest, payload: LinkIn) -> Status[TrackedLink]:
    membership = request_membership(request)
    organisation = membership.organisation
    if selectors.is_link_admin(membership):
        people = Person.objects.filter(organisation=organisation)
        ambassador = _related(people, payload.ambassador, "ambassador")
    else:
        ambassador = _own_person(membership, payload.ambassador)
        if payload.target_type not in (TrackedLink.Target.JOB, TrackedLink.Target.CAREER_PAGE):
            message = _("You can create links to job offers and career sites only.")
            raise ValidationError({"target_type": message})
    link = services.tracked_link_create(
        actor=membership.user,
        organisation=organisation,
        target_type=payload.target_type,
        job=_related(JobOffer.objects.filter(organisation=organisation), payload.job, "job"),
        entity=_related(Entity.objects.filter(organisation=organisation), payload.entity, "entity"),
        url=payload.url,
        channel=payload.channel,
        ambassador=ambassador,
        campaign=_related(Campaign.objects.filter(organisation=organisation), payload.campaign, "campaign"),
    )
    return Status(201, link)


def _own_person(membership: Membership, ambassador_id: int | None) -> Person:
    person = membership.person
    if person is None:
        raise ValidationError({"ambassador": _("Your account has no person record: ask an HR admin.")})
    if ambassador_id is not None and ambassador_id != person.pk:
        raise ValidationError({"ambassador": _("You can create links for yourself only.")})
    return person


def _related(queryset: QuerySet[Any], pk: int | None, field: str) -> Any:
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        model = queryset.model._meta.verbose_name
        raise ValidationError({field: _("No %(model)s has the id %(id)s.") % {"model": model, "id": pk}})
    return found
