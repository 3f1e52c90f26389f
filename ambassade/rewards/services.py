"""Writes of the rewards catalogue: items (HR admins) and requests (enrolled ambassadors, then HR).

Nothing here is money: an item costs points, never euros. A request spends its points at once (a
"redemption" row of the ledger, source "reward:<pk>") and takes one from the stock; refusing or
cancelling it gives both back (a "refund" row, source "reward:<pk>:refund"). Each of those happens in
one transaction with row locks, always taken in the same order (ambassador, request, item), so that
two requests at once can neither overspend nor take the same last item. Every write is audited.

Lifecycle of a request: requested → approved → delivered; requested or approved → refused (by HR, with
a reason); requested → cancelled (by the requester). Approval e-mails the person who hands the item
out and the requester, after commit, in each one's language (tasks.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ambassade.ambassadors.content_services import image_check
from ambassade.ambassadors.ledger import points_refund, points_spend
from ambassade.ambassadors.models import Ambassador
from ambassade.core.audit import Actor, audit_record, model_changes, snapshot
from ambassade.orgs.models import Membership, Organisation, Person
from ambassade.orgs.selectors import person_language
from ambassade.rewards.models import RewardItem, RewardRequest

Status = RewardRequest.Status

NAME_MAX = 120
NOTE_MAX = 300
MAX_COST = 1_000_000
MAX_STOCK = 1_000_000
# What the audit log records of an item: the person who hands it out by id only (their name would
# outlive their erasure in the log).
ITEM_FIELDS = ["name", "description", "cost", "stock", "handed_out_by_id", "active"]
# Requests whose item is still held for the requester: refusing or cancelling them puts it back.
HELD = frozenset({Status.REQUESTED, Status.APPROVED})


def _user(actor: Actor) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


def _text(value: str, *, field: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise ValidationError({field: _("Null characters are not allowed.")})
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError({field: _("Enter at most %(max_length)s characters.") % {"max_length": limit}})
    return value


# --- items ----------------------------------------------------------------------------------------


def photo_check(upload: Any) -> Any:
    """The photo validated and re-encoded like the content hub's images (Pillow: a real JPEG, PNG,
    WebP or GIF of at most 5 MB, shrunk, metadata dropped), or a ValidationError on `photo` naming the
    file."""
    try:
        return image_check(upload)
    except ValidationError as error:
        filename = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1]
        raise ValidationError(
            {
                "photo": [
                    _("“%(file)s”: %(problem)s") % {"file": filename, "problem": message}
                    for message in error.messages
                ]
            }
        ) from error


def _item_values_check(
    *,
    organisation: Organisation,
    name: str,
    description: str,
    cost: Any,
    stock: Any,
    handed_out_by: Person | None,
) -> dict[str, Any]:
    """Every problem at once, as a ValidationError per field; the cleaned values otherwise."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for field, value, limit, required in (
        ("name", name, NAME_MAX, True),
        ("description", description, 5_000, False),
    ):
        try:
            values[field] = _text(value, field=field, limit=limit, required=required)
        except ValidationError as error:
            errors.update({key: list(messages) for key, messages in error.message_dict.items()})
    if isinstance(cost, bool) or not isinstance(cost, int) or cost <= 0:
        errors["cost"] = [_("Enter a cost of at least 1 point.")]
    elif cost > MAX_COST:
        errors["cost"] = [_("Enter a cost of at most %(max)s points.") % {"max": MAX_COST}]
    if stock is not None and (isinstance(stock, bool) or not isinstance(stock, int) or stock < 0):
        errors["stock"] = [_("Enter how many are in stock (0 or more), or leave it empty: unlimited.")]
    elif stock is not None and stock > MAX_STOCK:
        errors["stock"] = [_("Enter a stock of at most %(max)s.") % {"max": MAX_STOCK}]
    if handed_out_by is not None and (
        handed_out_by.organisation_id != organisation.pk or not handed_out_by.is_active
    ):
        errors["handed_out_by"] = [_("Choose a person of the organisation who is still with it.")]
    if errors:
        raise ValidationError(errors)
    return {**values, "cost": cost, "stock": stock, "handed_out_by": handed_out_by}


def reward_item_create(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    cost: int,
    description: str = "",
    photo: Any = None,
    stock: int | None = None,
    handed_out_by: Person | None = None,
    active: bool = True,
) -> RewardItem:
    """A new item of the catalogue (HR admins). Audited."""
    values = _item_values_check(
        organisation=organisation,
        name=name,
        description=description,
        cost=cost,
        stock=stock,
        handed_out_by=handed_out_by,
    )
    photo_file = photo_check(photo) if photo else None
    with transaction.atomic():
        item = RewardItem(organisation=organisation, active=bool(active), **values)
        if photo_file is not None:
            item.photo.save(photo_file.name or "photo.jpg", photo_file, save=False)
        item.save()
        audit_record(
            actor=actor,
            action="reward_item.create",
            organisation=organisation,
            target=item,
            changes={
                **{field: [None, getattr(item, field)] for field in ITEM_FIELDS},
                "photo": [None, item.photo.name or None],
            },
        )
    return item


def reward_item_update(
    *,
    actor: Actor,
    item: RewardItem,
    name: str,
    cost: int,
    description: str = "",
    photo: Any = None,
    photo_clear: bool = False,
    stock: int | None = None,
    handed_out_by: Person | None = None,
    active: bool = True,
) -> RewardItem:
    """Change an item (HR admins). Requests already made keep the cost they were made at. Audited."""
    values = _item_values_check(
        organisation=item.organisation,
        name=name,
        description=description,
        cost=cost,
        stock=stock,
        handed_out_by=handed_out_by,
    )
    photo_file = photo_check(photo) if photo else None
    with transaction.atomic():
        item = RewardItem.objects.select_for_update().get(pk=item.pk)  # requests take stock meanwhile
        before = snapshot(item, ITEM_FIELDS)
        old_photo = item.photo.name or None
        for field, value in values.items():
            setattr(item, field, value)
        item.active = bool(active)
        if (photo_clear or photo_file is not None) and item.photo:
            item.photo.delete(save=False)
            item.photo = None
        if photo_file is not None:
            item.photo.save(photo_file.name or "photo.jpg", photo_file, save=False)
        item.save()
        changes = model_changes(item, ITEM_FIELDS, before)
        if (item.photo.name or None) != old_photo:
            changes["photo"] = [old_photo, item.photo.name or None]
        if changes:
            audit_record(
                actor=actor,
                action="reward_item.update",
                organisation=item.organisation,
                target=item,
                changes=changes,
            )
    return item


def reward_item_archive(*, actor: Actor, item: RewardItem) -> RewardItem:
    """Take an item out of the catalogue; its requests stay as they are. Audited."""
    with transaction.atomic():
        item = RewardItem.objects.select_for_update().get(pk=item.pk)
        if item.active:
            item.active = False
            item.save(update_fields=["active", "updated_at"])
            audit_record(
                actor=actor,
                action="reward_item.archive",
                organisation=item.organisation,
                target=item,
                changes={"active": [True, False]},
            )
    return item


# --- requests -------------------------------------------------------------------------------------


def not_enrolled_message() -> str:
    return _("Only enrolled ambassadors can request rewards: join the ambassador programme first.")


def _stock_put_back(item_id: int) -> None:
    RewardItem.objects.filter(pk=item_id, stock__isnull=False).update(stock=F("stock") + 1)


def reward_request_create(
    *, actor: Actor, ambassador: Ambassador, item: RewardItem, note: str = ""
) -> RewardRequest:
    """An enrolled ambassador asks for an item: its points are spent at once and one is taken from
    the stock, in one transaction; or a ValidationError says why not (not enrolled, item withdrawn or
    out of stock, not enough points). Audited."""
    note = _text(note, field="note", limit=NOTE_MAX)
    refusal = not_enrolled_message()
    with transaction.atomic():
        # The lock order of every write here: ambassador, request, item.
        current = Ambassador.objects.select_for_update().filter(pk=ambassador.pk).first()
        if current is None or current.status != Ambassador.Status.ENROLLED:
            raise ValidationError(refusal)
        locked = RewardItem.objects.select_for_update().filter(pk=item.pk).first()
        if locked is None or locked.organisation_id != current.organisation_id or not locked.active:
            raise ValidationError({"item": _("This reward is no longer in the catalogue.")})
        if locked.stock is not None and locked.stock <= 0:
            raise ValidationError({"item": _("“%(name)s” is out of stock.") % {"name": locked.name}})
        request = RewardRequest.objects.create(
            organisation_id=current.organisation_id,
            item=locked,
            ambassador=current,
            cost=locked.cost,
            note=note,
        )
        # Refuses when the points are short: the whole transaction, the request included, is undone.
        points_spend(ambassador=current, points=locked.cost, source=f"reward:{request.pk}", note=locked.name)
        if locked.stock is not None:
            locked.stock -= 1
            locked.save(update_fields=["stock", "updated_at"])
        audit_record(
            actor=actor,
            action="reward_request.create",
            organisation=current.organisation,
            target=current.person,
            changes={"item": [None, locked.name], "cost": [None, locked.cost], "request": [None, request.pk]},
        )
    return request


def _locked(request: RewardRequest) -> RewardRequest:
    """The request, locked after its ambassador: leaving the programme locks the ambassador first too,
    so that a decision and a withdrawal at the same moment wait for each other instead of deadlocking."""
    Ambassador.objects.select_for_update().filter(pk=request.ambassador_id).first()
    return RewardRequest.objects.select_for_update().get(pk=request.pk)


def _decision_audit(actor: Actor, request: RewardRequest, before: str, action: str, **extra: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        organisation=request.organisation,
        target=request.ambassador.person,
        changes={
            "request": [None, request.pk],
            "item": [None, request.item.name],
            "status": [before, request.status],
            **{key: [None, value] for key, value in extra.items()},
        },
    )


def _already(request: RewardRequest) -> ValidationError:
    return ValidationError(
        _("This request is already %(status)s.") % {"status": request.get_status_display().lower()}
    )


def reward_request_approve(*, actor: Actor, request: RewardRequest) -> RewardRequest:
    """HR approves a request still waiting; the person who hands the item out and the requester are
    told by e-mail after commit. Audited."""
    from ambassade.rewards.tasks import reward_approved_emails_send

    with transaction.atomic():
        request = _locked(request)
        if request.status != Status.REQUESTED:
            raise _already(request)
        request.status = Status.APPROVED
        request.decided_by = _user(actor)
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        _decision_audit(actor, request, Status.REQUESTED, "reward_request.approve")
        reward_approved_emails_send.enqueue(request_id=request.pk)
    return request


def reward_request_deliver(*, actor: Actor, request: RewardRequest) -> RewardRequest:
    """HR records that an approved item was handed out. Audited."""
    with transaction.atomic():
        request = _locked(request)
        if request.status == Status.REQUESTED:
            raise ValidationError(_("Approve the request before recording that it was handed out."))
        if request.status != Status.APPROVED:
            raise _already(request)
        request.status = Status.DELIVERED
        request.delivered_at = timezone.now()
        request.save(update_fields=["status", "delivered_at", "updated_at"])
        _decision_audit(actor, request, Status.APPROVED, "reward_request.deliver")
    return request


def _give_back(request: RewardRequest) -> None:
    """Inside the transaction that holds the request's lock: the points back, the item back in stock."""
    points_refund(
        ambassador=request.ambassador,
        points=request.cost,
        source=f"reward:{request.pk}:refund",
        note=request.item.name,
    )
    _stock_put_back(request.item_id)


def reward_request_refuse(*, actor: Actor, request: RewardRequest, note: str) -> RewardRequest:
    """HR refuses a request not handed out yet, saying why (the requester reads it): the points are
    given back and the item goes back in stock; the requester is told why by e-mail. Audited."""
    from ambassade.rewards.tasks import reward_refused_email_send

    note = _text(note, field="decision_note", limit=NOTE_MAX, required=False)
    if not note:
        raise ValidationError(
            {"decision_note": _("Say why the request is refused: the person who asked will read it.")}
        )
    with transaction.atomic():
        request = _locked(request)
        if request.status not in HELD:
            raise _already(request)
        before = request.status
        request.status = Status.REFUSED
        request.decided_by = _user(actor)
        request.decided_at = timezone.now()
        request.decision_note = note
        request.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
        _give_back(request)
        _decision_audit(actor, request, before, "reward_request.refuse", decision_note=note)
        reward_refused_email_send.enqueue(request_id=request.pk)
    return request


def reward_request_cancel(*, actor: Actor, request: RewardRequest) -> RewardRequest:
    """The requester takes back a request HR has not decided yet: points and stock come back."""
    membership = Membership.objects.filter(user=_user(actor)).first() if _user(actor) else None
    with transaction.atomic():
        request = _locked(request)
        if membership is None or membership.person_id != request.ambassador.person_id:
            raise ValidationError(_("Only the person who asked can cancel a request."))
        if request.status != Status.REQUESTED:
            if request.status == Status.APPROVED:
                raise ValidationError(
                    _("This request is already approved: ask your HR team if you no longer want it.")
                )
            raise _already(request)
        request.status = Status.CANCELLED
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_at", "updated_at"])
        _give_back(request)
        _decision_audit(actor, request, Status.REQUESTED, "reward_request.cancel")
    return request


# --- e-mails after approval -----------------------------------------------------------------------


def reward_approved_emails(*, request: RewardRequest) -> list[tuple[str, EmailMessage]]:
    """The e-mails of an approval, each keyed by who receives it: the person who hands the item out
    (when there is one, with an address, other than the requester) and the requester, each in their
    own language."""
    requester = request.ambassador.person
    handler = request.item.handed_out_by
    organisation = request.organisation
    emails: list[tuple[str, EmailMessage]] = []
    context = {
        "request": request,
        "item": request.item,
        "requester": requester,
        "handler": handler,
        "organisation": organisation,
        "mine_url": settings.SITE_URL + reverse("reward_mine"),
    }
    if handler is not None and handler.email and handler.pk != requester.pk and handler.is_active:
        with translation.override(person_language(handler)):
            subject = _("A reward to hand out: %(item)s for %(name)s") % {
                "item": request.item.name,
                "name": requester.full_name,
            }
            body = render_to_string("rewards/email/approved_handler.txt", context)
        emails.append(
            (
                f"handler:{handler.pk}",
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [handler.email]),
            )
        )
    if requester.email:
        with translation.override(person_language(requester)):
            subject = _("Your reward request is approved: %(item)s") % {"item": request.item.name}
            body = render_to_string("rewards/email/approved_requester.txt", context)
        emails.append(
            (
                f"requester:{requester.pk}",
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [requester.email]),
            )
        )
    return emails


def reward_refused_email(*, request: RewardRequest) -> EmailMessage | None:
    """The e-mail telling the requester why a request was refused, in their language (None without an
    address)."""
    requester = request.ambassador.person
    if not requester.email:
        return None
    context = {
        "request": request,
        "item": request.item,
        "requester": requester,
        "organisation": request.organisation,
        "mine_url": settings.SITE_URL + reverse("reward_mine"),
    }
    with translation.override(person_language(requester)):
        subject = _("Your reward request was not granted: %(item)s") % {"item": request.item.name}
        body = render_to_string("rewards/email/refused_requester.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [requester.email])


def reward_requests_withdraw(*, ambassador: Ambassador) -> int:
    """Someone left the programme: their requests not handed out yet are cancelled and their points
    given back, so that no HR list keeps naming them. Returns how many."""
    waiting = RewardRequest.objects.filter(ambassador=ambassador, status__in=HELD).select_related("item")
    count = 0
    for request in waiting.select_for_update(of=("self",)):
        before = request.status
        request.status = Status.CANCELLED
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_at", "updated_at"])
        _give_back(request)
        _decision_audit(None, request, before, "reward_request.cancel", reason="programme left")
        count += 1
    return count
