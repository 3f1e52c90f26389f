"""The listening API: sources (/api/v1/sources/) and the mentions they bring (/api/v1/mentions/).

For HR admins and communication officers; other roles get a 403, another organisation's objects a 404.
Secrets (tokens, app passwords) are write-only: a source says whether it has one, never what it is.
`GET /mentions/` takes the stream's filters, including `q` in the query language (words, "phrases",
AND, OR, NOT, parentheses); a bad filter is a 422 naming it.
"""

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate

from ambassade.api.auth import TokenAuth, request_membership
from ambassade.api.pagination import ApiPagination
from ambassade.api.schemas import Id, Text, WriteInput, kept
from ambassade.listening import labelling, selectors, services
from ambassade.listening.models import Mention, Source

listening_auth = TokenAuth(
    roles=selectors.LISTENING_ROLES,
    refusal=gettext_lazy("Only HR admins and communication officers can use listening."),
)
router = Router(tags=["listening"], auth=listening_auth)

SourceKind = Literal[
    "feed",
    "mastodon_hashtag",
    "mastodon_mentions",
    "bluesky_search",
    "bluesky_notifications",
    "x_archive",
    "table",
    "manual",
]
PolledKind = Literal[
    "feed", "mastodon_hashtag", "mastodon_mentions", "bluesky_search", "bluesky_notifications"
]
SentimentName = Literal["negative", "neutral", "positive"]
IntentName = Literal["question", "worry", "expectation", "praise", "other"]


class SourceOut(Schema):
    id: int
    name: str
    kind: SourceKind
    config: dict[str, Any] = Field(description="The connector's settings (a feed's URL, a hashtag...).")
    has_secret: bool = Field(description="Whether a token or app password is stored (it is never shown).")
    query: str = Field(description="Only items matching this query are kept.")
    competitor_name: str = Field(description="Set for a competitor's source (share of voice).")
    active: bool
    last_fetched_at: datetime | None
    last_success_at: datetime | None
    last_error: str = Field(description="Why the last fetch failed; empty after a success.")
    error_count: int = Field(description="Failed fetches in a row (the next one waits longer each time).")
    items_total: int = Field(description="Mentions this source has brought.")
    next_fetch_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_has_secret(obj: Source) -> bool:
        return bool(obj.secret)

    @staticmethod
    def resolve_last_error(obj: Source) -> str:
        return obj.error_message


class SourceIn(WriteInput):
    name: Text = Field(max_length=services.NAME_MAX)
    kind: PolledKind = Field(description="Imports and hand-added mentions make their own sources.")
    config: dict[str, Any] = Field(default_factory=dict, description='e.g. {"url": …} for a feed.')
    secret: Text = Field("", max_length=2000, description="A token or app password (write-only).")
    query: Text = Field("", max_length=2000)
    competitor_name: Text = Field("", max_length=services.NAME_MAX)


class SourcePatch(WriteInput):
    name: Text = kept(max_length=services.NAME_MAX)
    config: dict[str, Any] = kept()
    secret: Text = kept(max_length=2000)
    query: Text = kept(max_length=2000)
    competitor_name: Text = kept(max_length=services.NAME_MAX)
    active: bool = kept()


class MentionOut(Schema):
    id: int
    source: int
    source_name: str
    url: str = Field(description="The original (http or https only; empty otherwise).")
    title: str
    text: str = Field(description="Plain text as posted: escape it when you display it.")
    published_at: datetime
    platform: str = Field(description='"web", "mastodon", "bluesky", "x", "import", "manual"...')
    venue: str = Field(description="The site, instance or network where it was posted.")
    thread_url: str
    author_name: str
    author_handle: str
    author_url: str
    reach: int | None
    lang: str
    sentiment: SentimentName | Literal[""]
    intent: IntentName | Literal[""]
    is_question: bool
    themes: list[str] = Field(description="Theme codes, best first.")
    keywords: list[str]
    tier: Literal["", "immediate", "full"] = Field(description="Which enrichment tier labelled it last.")
    corrected: bool = Field(description="Whether the team corrected one of its labels.")
    duplicate_of: int | None

    @staticmethod
    def resolve_source(obj: Mention) -> int:
        return obj.source_id

    @staticmethod
    def resolve_source_name(obj: Mention) -> str:
        return obj.source.name

    @staticmethod
    def resolve_url(obj: Mention) -> str:
        return obj.link

    @staticmethod
    def resolve_themes(obj: Mention) -> list[str]:
        return [link.theme.slug for link in obj.mention_themes.all()]

    @staticmethod
    def resolve_duplicate_of(obj: Mention) -> int | None:
        return obj.duplicate_of_id


class StreamQuery(Schema):
    source: str = Field("", description="A source id.")
    venue: str = Field("", description="A site, instance or network, e.g. reddit.com.")
    platform: str = Field("", description='e.g. "web", "mastodon", "bluesky", "x".')
    lang: str = Field("", description="A language code, e.g. fr.")
    sentiment: str = Field("", description="negative, neutral or positive.")
    intent: str = Field("", description="question, worry, expectation, praise or other.")
    theme: str = Field("", description="A theme code, e.g. remote-work.")
    since: str = Field("", description="From this day (YYYY-MM-DD).")
    until: str = Field("", description="Up to this day included (YYYY-MM-DD).")
    q: str = Field("", max_length=2000, description='Query: words, "phrases", AND, OR, NOT, ( ).')
    question: str = Field("", description="1: only questions; 0: no questions.")
    duplicates: str = Field("", description="1: include duplicates of earlier mentions.")


class LabelIn(WriteInput):
    task: Literal["sentiment", "intent", "theme"]
    label: Text = Field(max_length=60, description='A sentiment, an intent, or a theme code ("" for none).')


def _named(error: ValidationError, where: str) -> NinjaValidationError:
    """A service's ValidationError as a 422 naming the parameter or field (in the query or the body)."""
    items: list[dict[str, Any]] = []
    for name, messages in getattr(error, "message_dict", {"": error.messages}).items():
        loc = [where, name] if name and name != "__all__" else [where]
        items.extend({"loc": loc, "msg": message, "type": "invalid"} for message in messages)
    return NinjaValidationError(items)


def _mentions(queryset: QuerySet[Mention]) -> QuerySet[Mention]:
    return selectors.with_themes(queryset.select_related("source"))


@router.get("/sources/", response=list[SourceOut], summary="Listening sources")
@paginate(ApiPagination)
def source_list(request: HttpRequest) -> QuerySet[Source]:
    return selectors.source_list(membership=request_membership(request))


@router.post(
    "/sources/",
    response={201: SourceOut},
    summary="Add a listening source",
    description="A polled source: a feed, a Mastodon hashtag or account, a Bluesky search or account. "
    "Its settings are checked by its connector (a 422 names the field).",
)
def source_create(request: HttpRequest, payload: SourceIn) -> Status[Source]:
    membership = request_membership(request)
    try:
        source = services.source_create(membership=membership, **payload.model_dump())
    except ValidationError as error:
        raise _named(error, "body") from error
    services.source_fetch_now(source=source)
    return Status(201, source)


@router.get("/sources/{id}", response=SourceOut, summary="Get a listening source")
def source_get(request: HttpRequest, id: Id) -> Source:
    return selectors.source_get_for_user(membership=request_membership(request), pk=id)


@router.patch("/sources/{id}", response=SourceOut, summary="Change a listening source")
def source_update(request: HttpRequest, id: Id, payload: SourcePatch) -> Source:
    membership = request_membership(request)
    source = selectors.source_get_for_user(membership=membership, pk=id)
    try:
        with transaction.atomic():
            services.source_update(
                membership=membership, source=source, **payload.model_dump(exclude_unset=True)
            )
    except ValidationError as error:
        raise _named(error, "body") from error
    return selectors.source_get_for_user(membership=membership, pk=id)


@router.delete(
    "/sources/{id}",
    response={204: None},
    summary="Delete a listening source",
    description="The source and the mentions it brought.",
)
def source_delete(request: HttpRequest, id: Id) -> Status[None]:
    membership = request_membership(request)
    services.source_delete(
        membership=membership, source=selectors.source_get_for_user(membership=membership, pk=id)
    )
    return Status(204, None)


@router.get(
    "/mentions/",
    response=list[MentionOut],
    summary="Mentions",
    description="The stream, newest first, with its enrichment; duplicates left out unless asked for.",
)
@paginate(ApiPagination)
def mention_list(request: HttpRequest, filters: Query[StreamQuery]) -> QuerySet[Mention]:
    membership = request_membership(request)
    try:
        return selectors.stream_filter(membership=membership, params=filters.model_dump())
    except ValidationError as error:
        raise _named(error, "query") from error


@router.get("/mentions/{id}", response=MentionOut, summary="Get a mention")
def mention_get(request: HttpRequest, id: Id) -> Mention:
    membership = request_membership(request)
    return selectors.mention_get_for_user(membership=membership, pk=id)


@router.post(
    "/mentions/{id}/labels/",
    response={201: MentionOut},
    summary="Correct a label",
    description="The mention takes this label (kept over later enrichments) and it joins the "
    "organisation's gold set, on which the enrichment retrains.",
)
def mention_label(request: HttpRequest, id: Id, payload: LabelIn) -> Status[Mention]:
    membership = request_membership(request)
    mention = selectors.mention_get_for_user(membership=membership, pk=id)
    try:
        labelling.label_correct(
            membership=membership, mention=mention, task=payload.task, label=payload.label
        )
    except ValidationError as error:
        raise _named(error, "body") from error
    return Status(201, _mentions(selectors.mentions_of(membership=membership)).get(pk=mention.pk))
