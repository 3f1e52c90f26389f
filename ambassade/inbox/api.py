"""The inbox API (/api/v1/conversations/), for HR admins, communication officers and recruiters.

`GET /conversations/`: the organisation's conversations, newest first, filtered like the inbox
(`status`, `channel`, `assignee` = a member's id, "me" or "none", `overdue`). `GET /conversations/{id}`:
one conversation with its messages (internal notes included). `POST /conversations/{id}/replies/`:
record a reply made elsewhere (on the network...) at its time; it counts for the timers.
`PATCH /conversations/{id}`: change the status or the assignee. Other roles get 403; another
organisation's conversation is a 404.
"""

from datetime import datetime
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from ambassade.api.auth import request_membership
from ambassade.api.errors import invalid_parameter
from ambassade.api.pagination import ApiPagination
from ambassade.api.schemas import MAX_ID, Id, Text, WriteInput, kept
from ambassade.inbox import selectors, services
from ambassade.inbox.models import Conversation, Message
from ambassade.orgs.models import Membership

router = Router(tags=["inbox"])

StatusName = Literal["new", "open", "waiting", "answered", "closed"]
ChannelName = Literal["mention", "ask", "application"]


class ConversationOut(Schema):
    id: int
    channel: ChannelName
    subject: str
    status: StatusName
    contact: str = Field(description="The candidate's name, or the mention's author.")
    email: str = Field(description="The candidate's e-mail address; empty for a network mention.")
    language: str
    entity: int | None = Field(description="The career site it came through.")
    mention: int | None
    original_url: str = Field(description="The network post's address, for a mention.")
    assignee: int | None = Field(description="The user id of the member who has it.")
    created_at: datetime
    due_at: datetime
    overdue: bool = Field(description="Past its due time without an answer, and not closed.")
    first_response_at: datetime | None
    resolved_at: datetime | None

    @staticmethod
    def resolve_contact(obj: Conversation) -> str:
        return obj.contact_label

    @staticmethod
    def resolve_email(obj: Conversation) -> str:
        return obj.contact_email

    @staticmethod
    def resolve_entity(obj: Conversation) -> int | None:
        return obj.entity_id

    @staticmethod
    def resolve_mention(obj: Conversation) -> int | None:
        return obj.mention_id

    @staticmethod
    def resolve_original_url(obj: Conversation) -> str:
        return obj.mention.link if obj.mention is not None else ""

    @staticmethod
    def resolve_assignee(obj: Conversation) -> int | None:
        return obj.assignee_id

    @staticmethod
    def resolve_overdue(obj: Conversation) -> bool:
        return obj.is_overdue


class MessageOut(Schema):
    id: int
    direction: Literal["in", "out", "note"]
    via: str
    text: str
    author: int | None = Field(description="The member who wrote it (our replies and notes).")
    at: datetime

    @staticmethod
    def resolve_via(obj: Message) -> str:
        return obj.sent_via

    @staticmethod
    def resolve_text(obj: Message) -> str:
        return obj.body

    @staticmethod
    def resolve_author(obj: Message) -> int | None:
        return obj.author_id


class ConversationDetailOut(ConversationOut):
    messages: list[MessageOut]

    @staticmethod
    def resolve_messages(obj: Conversation) -> list[Message]:
        return list(obj.messages.order_by("at", "pk"))


class ConversationQuery(Schema):
    status: StatusName | None = Field(None, description="Only the conversations in this status.")
    channel: ChannelName | None = Field(None, description="Only those of this channel.")
    assignee: str | None = Field(None, description='A member\'s user id, "me" or "none".')
    overdue: bool | None = Field(None, description="true: only those past their due time without an answer.")


class ReplyIn(WriteInput):
    text: Text = Field(..., min_length=1, max_length=services.BODY_MAX, description="What was answered.")
    at: datetime | None = Field(None, description="When it was answered; default now.")
    close: bool = Field(False, description="Close the conversation with this reply.")


class ConversationPatch(WriteInput):
    status: StatusName | None = kept(description="The new status.")
    assignee: int | None = Field(
        None, ge=0, le=MAX_ID, description="The user id of a member with an inbox role; 0 for nobody."
    )


def _membership(request: HttpRequest) -> Membership:
    membership = request_membership(request)
    if not selectors.inbox_allowed(membership):
        raise HttpError(403, _("The inbox is for HR admins, communication officers and recruiters."))
    return membership


@router.get(
    "/conversations/",
    response=list[ConversationOut],
    summary="Conversations",
    description="The candidate inbox, newest first, with the same filters as the screen.",
)
@paginate(ApiPagination)
def conversation_list(request: HttpRequest, filters: Query[ConversationQuery]) -> QuerySet[Conversation]:
    membership = _membership(request)
    params = {
        "status": filters.status or "",
        "channel": filters.channel or "",
        "assignee": filters.assignee or "",
        "overdue": "1" if filters.overdue else "",
    }
    try:
        parsed = selectors.conversation_filters_parse(params)
    except Exception as error:
        raise invalid_parameter(
            loc=["query", "assignee"], message=" ".join(getattr(error, "messages", [str(error)]))
        ) from error
    return selectors.conversation_list(membership=membership, filters=parsed)


@router.get(
    "/conversations/{id}",
    response=ConversationDetailOut,
    summary="A conversation",
    description="One conversation with its messages, oldest first (internal notes included).",
)
def conversation_detail(request: HttpRequest, id: Id) -> Conversation:  # noqa: A002 (the API's name)
    return selectors.conversation_get_for_user(membership=_membership(request), pk=id)


@router.post(
    "/conversations/{id}/replies/",
    response={201: MessageOut},
    summary="Record a reply",
    description="Record a reply given elsewhere (on the network, by phone...), at its time: the first "
    "one sets the first-response time.",
)
def conversation_reply(request: HttpRequest, id: Id, payload: ReplyIn) -> Status[Message]:  # noqa: A002
    membership = _membership(request)
    conversation = selectors.conversation_get_for_user(membership=membership, pk=id)
    message = services.reply_record(
        actor=membership.user,
        conversation=conversation,
        body=payload.text,
        at=payload.at,
        close=payload.close,
    )
    return Status(201, message)


@router.patch(
    "/conversations/{id}",
    response=ConversationDetailOut,
    summary="Change a conversation",
    description="Change its status and/or its assignee (a member with an inbox role; 0 for nobody).",
)
def conversation_update(request: HttpRequest, id: Id, payload: ConversationPatch) -> Conversation:  # noqa: A002
    membership = _membership(request)
    conversation = selectors.conversation_get_for_user(membership=membership, pk=id)
    if payload.assignee is not None:
        assignee = None
        if payload.assignee:
            assignee = (
                selectors.assignee_choices(organisation=membership.organisation)
                .filter(pk=payload.assignee)
                .first()
            )
            if assignee is None:
                raise invalid_parameter(
                    loc=["body", "assignee"],
                    message=_("No member who works the inbox has the id %(id)s.") % {"id": payload.assignee},
                )
        conversation = services.conversation_assign(
            actor=membership.user, conversation=conversation, assignee=assignee
        )
    if payload.status is not None:
        conversation = services.conversation_status_set(
            actor=membership.user, conversation=conversation, status=payload.status
        )
    return selectors.conversation_get_for_user(membership=membership, pk=id)
