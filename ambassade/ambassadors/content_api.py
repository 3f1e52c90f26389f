"""The content API (registered in ambassade/api/api.py).

`GET /content/`: the programme's admins (HR admins, comms) read every item of the organisation with its
status; any other member reads the published items meant for them as an enrolled ambassador (none
when they are not one). Each item comes with its suggested texts.

`GET /me/shares/`: for the caller's enrolled ambassador, per item and network, the share-intent
address prefilled with the text offered to them and their own tracked link. The links are created on
first request through the same service as the hub's share buttons, and reused afterwards. Reading this
list records no share (no activity, no points): a share is recorded when the person clicks a share
button in the hub. An item whose link cannot be made now (its host is no longer allowed, its offer
closed) has null links and a reason in `unavailable`, without failing the rest of the list. A member
who is not an enrolled ambassador gets a 403 saying so, rather than an empty list, so that an
integration can tell "nothing to share" from "not in the programme".
"""

from datetime import datetime
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from ambassade.ambassadors import content_selectors as selectors
from ambassade.ambassadors import content_services as services
from ambassade.ambassadors.models import ContentItem, Network, SuggestedText
from ambassade.ambassadors.sharing import CLIPBOARD_NETWORKS, intent_url, text_measure
from ambassade.api.auth import request_membership
from ambassade.api.pagination import ApiPagination
from ambassade.links.targets import link_short_url

router = Router(tags=["content"])

KindName = Literal["news", "job", "event", "video", "advice"]
StatusName = Literal["draft", "in_review", "published", "archived"]
NetworkName = Literal["linkedin", "x", "mastodon", "bluesky", "facebook"]


class SuggestedTextOut(Schema):
    id: int
    network: str
    language: str
    variant: int
    text: str
    length: int = Field(
        description="The post's length as the network counts it, the ambassador's link included."
    )
    limit: int | None = Field(description="The network's limit; null for Facebook, which takes no text.")

    @staticmethod
    def resolve_length(obj: SuggestedText) -> int:
        return text_measure(network=obj.network, text=obj.text).length

    @staticmethod
    def resolve_limit(obj: SuggestedText) -> int | None:
        return text_measure(network=obj.network, text=obj.text).limit


class ContentItemOut(Schema):
    id: int
    kind: KindName
    title: str
    summary: str
    status: StatusName
    job: int | None = Field(description="For job items: the job offer; links lead to its page.")
    target_url: str = Field(
        description="Where links lead: the job's page for job items, else the item's address."
    )
    image: str | None = Field(description="The item's image, for signed-in members who may see the item.")
    publish_from: datetime
    publish_until: datetime | None
    published_at: datetime | None
    entities: list[int]
    departments: list[int] = Field(description="Each includes its sub-departments.")
    audiences: list[int]
    expertise_levels: list[str]
    texts: list[SuggestedTextOut]

    @staticmethod
    def resolve_job(obj: ContentItem) -> int | None:
        return obj.job_id

    @staticmethod
    def resolve_target_url(obj: ContentItem) -> str:
        if obj.job_id and obj.job is not None:
            from ambassade.careers.selectors import job_offer_public_url

            return job_offer_public_url(obj.job, absolute=True)
        return obj.target_url

    @staticmethod
    def resolve_image(obj: ContentItem) -> str | None:
        return settings.SITE_URL + reverse("content_image", args=[obj.pk]) if obj.image else None

    @staticmethod
    def resolve_entities(obj: ContentItem) -> list[int]:
        return sorted(entity.pk for entity in obj.entities.all())

    @staticmethod
    def resolve_departments(obj: ContentItem) -> list[int]:
        return sorted(department.pk for department in obj.departments.all())

    @staticmethod
    def resolve_audiences(obj: ContentItem) -> list[int]:
        return sorted(audience.pk for audience in obj.audiences.all())

    @staticmethod
    def resolve_texts(obj: ContentItem) -> list[SuggestedText]:
        return list(obj.texts.all())


class ContentFilters(Schema):
    status: StatusName | None = Field(None, description="Admins only: items in this status.")
    kind: KindName | None = None


@router.get("/content/", response=list[ContentItemOut], summary="List content items")
@paginate(ApiPagination)
def content_list(request: HttpRequest, filters: Query[ContentFilters]) -> Any:
    membership = request_membership(request)
    if selectors.is_content_admin(membership):
        items = selectors.content_list(
            membership=membership, status=filters.status or "", kind=filters.kind or ""
        )
        return items.prefetch_related("entities", "departments", "audiences").order_by("-publish_from", "-pk")
    ambassador = selectors.ambassador_for_membership(membership)
    if ambassador is None:
        return []
    if filters.status not in (None, ContentItem.Status.PUBLISHED):
        return []
    return selectors.hub_items(ambassador=ambassador, kind=filters.kind or "")


class ShareLinkOut(Schema):
    network: NetworkName
    link: str | None = Field(
        description="Your own tracked link for this item and network (/r/<code>). Null when no link can "
        "be made for the item now (see `unavailable`)."
    )
    intent_url: str | None = Field(
        description="Opens the network's share dialog, prefilled. Null for Mastodon until your Mastodon "
        "account (user@instance) is recorded on your ambassador profile, and null with `link`."
    )
    unavailable: str | None = Field(
        None,
        description="Why no link can be made for this item now (for example its address is no longer "
        "on the organisation's sites, or its job offer closed); null when the link is there.",
    )
    text: str = Field(
        description="The text offered to you for this network (a variant of the suggested texts)."
    )
    text_id: int | None
    text_in_clipboard: bool = Field(
        description="LinkedIn and Facebook ignore prefilled text: paste it yourself."
    )
    shared: bool = Field(description="Whether you already shared this item on this network from the hub.")


class ItemSharesOut(Schema):
    item: int
    title: str
    kind: KindName
    networks: list[ShareLinkOut]


class SharesPagination(ApiPagination):
    """Pages of items; the links of the page's items are made (or found) once the page is cut."""

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page[self.items_attribute] = _shares_rows(request, list(page[self.items_attribute]))
        return page


def _shares_rows(request: HttpRequest, items: list[ContentItem]) -> list[dict[str, Any]]:
    membership = request_membership(request)
    ambassador = selectors.ambassador_for_membership(membership)
    if ambassador is None:
        return []
    shared = selectors.shared_networks(ambassador=ambassador, item_ids=[item.pk for item in items])
    instance = selectors.ambassador_mastodon_instance(ambassador=ambassador)
    language = get_language() or "fr"
    rows = []
    for item in items:
        choices = selectors.network_choices(
            item=item, ambassador=ambassador, language=language, shared=shared.get(item.pk, set())
        )
        networks = []
        for choice in choices:
            body = services.share_text(item=item, text=choice.default, own_text=None)
            short_link = url = unavailable = None
            try:
                # One item whose link cannot be made (its host was taken off the allowed list, its
                # offer closed...) says why on its own rows; the other items are listed as usual.
                link = services.share_link_get(
                    actor=membership.user, ambassador=ambassador, item=item, network=choice.network
                )
            except ValidationError as error:
                unavailable = _("No link can be made for this item now: %(reason)s") % {
                    "reason": " ".join(error.messages)
                }
            else:
                short_link = link_short_url(link)
                if choice.network != Network.MASTODON or instance:
                    url = intent_url(network=choice.network, text=body, link=short_link, instance=instance)
            networks.append(
                {
                    "network": choice.network,
                    "link": short_link,
                    "unavailable": unavailable,
                    "intent_url": url,
                    "text": body,
                    "text_id": choice.default.pk if choice.default else None,
                    "text_in_clipboard": choice.network in CLIPBOARD_NETWORKS,
                    "shared": choice.shared,
                }
            )
        rows.append({"item": item.pk, "title": item.title, "kind": item.kind, "networks": networks})
    return rows


@router.get("/me/shares/", response=list[ItemSharesOut], summary="My share links")
@paginate(SharesPagination)
def my_shares(request: HttpRequest) -> Any:
    membership = request_membership(request)
    ambassador = selectors.ambassador_for_membership(membership)
    if ambassador is None:
        raise HttpError(
            403, _("Only enrolled ambassadors have share links: join the ambassador programme first.")
        )
    return selectors.hub_items(ambassador=ambassador)
