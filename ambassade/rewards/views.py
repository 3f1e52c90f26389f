"""The rewards screens: the catalogue and one's own requests (every member), the items and the requests
to decide on (HR admins). Photos are served here, to members of the item's organisation only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassade.ambassadors.models import Ambassador
from ambassade.core.images import private_image_response
from ambassade.orgs.models import Membership
from ambassade.orgs.permissions import hr_admin_required, member_required
from ambassade.rewards import selectors, services
from ambassade.rewards.forms import RefuseForm, RequestForm, RewardItemForm, StatusFilterForm, item_initial
from ambassade.rewards.models import RewardItem, RewardRequest

PAGE_SIZE = 50


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _enrolled(ambassador: Ambassador | None) -> bool:
    return (
        ambassador is not None
        and ambassador.status == Ambassador.Status.ENROLLED
        and ambassador.person.is_active
    )


# --- the catalogue and my requests (every member) -------------------------------------------------


@member_required
def reward_catalogue(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    ambassador = selectors.my_ambassador(membership=membership)
    context = {
        "items": selectors.reward_catalogue(membership=membership),
        "ambassador": ambassador,
        "enrolled": _enrolled(ambassador),
        "points": selectors.points_of(ambassador=ambassador, membership=membership),
        "is_admin": selectors.is_rewards_admin(membership),
    }
    return render(request, "rewards/catalogue.html", context)


@member_required
def reward_request_new(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    item = selectors.reward_item_get_for_user(membership=membership, pk=pk)
    if not item.active:  # HR admins reach archived items too: nobody requests them
        raise Http404
    ambassador = selectors.my_ambassador(membership=membership)
    points = selectors.points_of(ambassador=ambassador, membership=membership)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if ambassador is None:
            form.add_error(None, services.not_enrolled_message())
        else:
            try:
                services.reward_request_create(
                    actor=request.user, ambassador=ambassador, item=item, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your request for “%(item)s” is sent: %(cost)s points are spent.")
                    % {"item": item.name, "cost": item.cost},
                )
                return redirect("reward_mine")
    context = {
        "item": item,
        "form": form,
        "ambassador": ambassador,
        "enrolled": _enrolled(ambassador),
        "points": points,
        "out_of_stock": item.stock is not None and item.stock <= 0,
    }
    return render(request, "rewards/request_new.html", context, status=400 if form.errors else 200)


@member_required
def reward_mine(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    ambassador = selectors.my_ambassador(membership=membership)
    requests = selectors.reward_request_mine(membership=membership)
    context = {
        "page": Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page")),
        "points": selectors.points_of(ambassador=ambassador, membership=membership),
        "ambassador": ambassador,
        "enrolled": _enrolled(ambassador),
    }
    return render(request, "rewards/mine.html", context)


@member_required
@require_POST
def reward_request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    reward_request = selectors.reward_request_get_own(membership=_membership(request), pk=pk)
    try:
        services.reward_request_cancel(actor=request.user, request=reward_request)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Request for “%(item)s” cancelled: %(cost)s points are back.")
            % {"item": reward_request.item.name, "cost": reward_request.cost},
        )
    return redirect("reward_mine")


@member_required
def reward_item_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """An item's photo, for members of its organisation (any item for HR admins, active ones else)."""
    item = selectors.reward_item_get_for_user(membership=_membership(request), pk=pk)
    return private_image_response(item.photo)  # type: ignore[return-value]  # streamed, sent like any other


# --- items (HR admins) ----------------------------------------------------------------------------


@hr_admin_required
def reward_item_list(request: HttpRequest) -> HttpResponse:
    items = selectors.reward_item_list(membership=_membership(request))
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "rewards/item_list.html", {"page": page})


def _item_values(form: RewardItemForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "description": data.get("description") or "",
        "photo": data.get("photo"),
        "cost": data["cost"],
        "stock": data.get("stock"),
        "handed_out_by": data.get("handed_out_by"),
        "active": bool(data.get("active")),
    }


def _item_form_page(request: HttpRequest, form: RewardItemForm, item: RewardItem | None) -> HttpResponse:
    return render(
        request, "rewards/item_form.html", {"form": form, "item": item}, status=400 if form.errors else 200
    )


@hr_admin_required
def reward_item_new(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    people = selectors.handed_out_by_choices(membership=membership)
    form = RewardItemForm(request.POST or None, request.FILES or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.reward_item_create(
                actor=request.user, organisation=membership.organisation, **_item_values(form)
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Reward “%(name)s” added to the catalogue.") % {"name": item.name})
            return redirect("reward_item_list")
    return _item_form_page(request, form, None)


@hr_admin_required
def reward_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    item = selectors.reward_item_get_for_user(membership=membership, pk=pk)
    people = selectors.handed_out_by_choices(membership=membership, keep=item.handed_out_by_id)
    form = RewardItemForm(
        request.POST or None, request.FILES or None, people=people, item=item, initial=item_initial(item)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reward_item_update(
                actor=request.user,
                item=item,
                photo_clear=bool(form.cleaned_data.get("photo_clear")),
                **_item_values(form),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Reward “%(name)s” saved.") % {"name": form.cleaned_data["name"]})
            return redirect("reward_item_list")
    return _item_form_page(request, form, item)


# --- requests to decide on (HR admins) ------------------------------------------------------------


@hr_admin_required
def reward_request_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = StatusFilterForm(request.GET or None)
    status = form.chosen()
    requests = selectors.reward_request_list(membership=membership, status=status)
    counts = selectors.reward_request_counts(membership=membership)
    context = {
        "form": form,
        "status": status,
        "page": Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page")),
        "status_counts": [(label, counts[value]) for value, label in RewardRequest.Status.choices],
        "refuse_form": RefuseForm(),
    }
    return render(request, "rewards/request_list.html", context)


def _back_to_list(request: HttpRequest) -> HttpResponse:
    """Back to the list, filtered as it was."""
    response = redirect("reward_request_list")
    status = request.POST.get("return_status", "")
    if status in RewardRequest.Status.values:
        response["Location"] += f"?status={status}"
    return response


@hr_admin_required
@require_POST
def reward_request_approve(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("Request of %(name)s for “%(item)s” approved.")
    return _decide(request, pk, services.reward_request_approve, done)


@hr_admin_required
@require_POST
def reward_request_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("“%(item)s” recorded as handed out to %(name)s.")
    return _decide(request, pk, services.reward_request_deliver, done)


def _decide(request: HttpRequest, pk: int, decision: Callable[..., Any], done: str) -> HttpResponse:
    """Approve or deliver one request, then back to the list with what happened."""
    reward_request = selectors.reward_request_get_for_user(membership=_membership(request), pk=pk)
    try:
        decision(actor=request.user, request=reward_request)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        names = {"name": reward_request.ambassador.person.full_name, "item": reward_request.item.name}
        messages.success(request, done % names)
    return _back_to_list(request)


@hr_admin_required
@require_POST
def reward_request_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    reward_request = selectors.reward_request_get_for_user(membership=_membership(request), pk=pk)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Say why the request is refused: the person who asked will read it."),
        )
        return _back_to_list(request)
    try:
        services.reward_request_refuse(
            actor=request.user, request=reward_request, note=form.cleaned_data["decision_note"]
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Request of %(name)s for “%(item)s” refused: %(cost)s points given back.")
            % {
                "name": reward_request.ambassador.person.full_name,
                "item": reward_request.item.name,
                "cost": reward_request.cost,
            },
        )
    return _back_to_list(request)
