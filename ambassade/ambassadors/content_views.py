"""The content screens, for the programme's admins (HR admins and comms): items, their review, and the
calendar of what goes out when. Item images are also served to the ambassadors an item is for."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ambassade.ambassadors import content_selectors as selectors
from ambassade.ambassadors import content_services as services
from ambassade.ambassadors.content_forms import ContentFilterForm, ContentItemForm, MonthForm, texts_formset
from ambassade.ambassadors.models import SHARE_NETWORKS, ContentItem, Network, Share
from ambassade.ambassadors.programme import programme_get
from ambassade.ambassadors.sharing import CLIPBOARD_NETWORKS, LIMITS, share_link_length, text_measure
from ambassade.core.images import private_image_response
from ambassade.orgs.models import Membership
from ambassade.orgs.permissions import member_required, roles_required
from ambassade.orgs.roles import Role

content_admin_required = roles_required(Role.HR_ADMIN, Role.COMMS)


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _add_errors(form: Any, formset: Any, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.error_dict.items():
        if field == "texts":
            formset._non_form_errors = formset.error_class(
                [message for item in field_errors for message in item.messages]
            )
        elif field in form.fields:
            form.add_error(field, field_errors)
        else:
            form.add_error(None, field_errors)


def counter_config() -> dict[str, Any]:
    """What the live counter (content/counter.js) needs to count as each network does."""
    return {
        "limits": {network: LIMITS.get(network) for network in SHARE_NETWORKS},
        "url_length": 23,
        "link_length": share_link_length(),
        "words": {
            "of": _("%(length)s of %(limit)s, counted as %(network)s counts, your link included"),
            "over": _("too long for %(network)s"),
            "free": _("%(length)s characters: %(network)s takes no prefilled text, it goes to the clipboard"),
        },
    }


# --- the list and the calendar -------------------------------------------------------------------


@content_admin_required
def content_list(request: HttpRequest) -> HttpResponse:
    form = ContentFilterForm(request.GET or None)
    status = kind = ""
    if form.is_valid():
        status, kind = form.cleaned_data["status"], form.cleaned_data["kind"]
    items = selectors.content_list(membership=_membership(request), status=status, kind=kind)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request, "ambassadors/content/list.html", {"form": form, "page": page, "count": page.paginator.count}
    )


@content_admin_required
def content_calendar(request: HttpRequest) -> HttpResponse:
    year, month = MonthForm(request.GET or None).chosen()
    grid = selectors.content_calendar(membership=_membership(request), year=year, month=month)
    return render(request, "ambassadors/content/calendar.html", {"grid": grid})


# --- one item ------------------------------------------------------------------------------------


def _item_values(form: ContentItemForm, formset: Any) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "title": data["title"],
        "summary": data.get("summary") or "",
        "job": data.get("job"),
        "target_url": data.get("target_url") or "",
        "image": data.get("image"),
        "entities": list(data.get("entities") or []),
        "departments": list(data.get("departments") or []),
        "audiences": list(data.get("audiences") or []),
        "expertise_levels": list(data.get("expertise_levels") or []),
        "publish_from": data["publish_from"],
        "publish_until": data.get("publish_until"),
        "texts": formset.texts(),
    }


def _form_page(
    request: HttpRequest, form: ContentItemForm, formset: Any, item: ContentItem | None
) -> HttpResponse:
    context = {"form": form, "formset": formset, "item": item, "counter": counter_config()}
    invalid = form.errors or formset.total_error_count()
    return render(request, "ambassadors/content/form.html", context, status=400 if invalid else 200)


@content_admin_required
def content_create(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    language = get_language() or "fr"
    if request.method != "POST":
        form = ContentItemForm(organisation=membership.organisation)
        return _form_page(request, form, texts_formset(language=language), None)
    form = ContentItemForm(request.POST, request.FILES, organisation=membership.organisation)
    formset = texts_formset(request.POST, language=language)
    if form.is_valid() and formset.is_valid():
        try:
            item = services.content_item_create(
                actor=request.user, organisation=membership.organisation, **_item_values(form, formset)
            )
        except ValidationError as error:
            _add_errors(form, formset, error)
        else:
            messages.success(request, _("Draft saved: %(title)s") % {"title": item.title})
            return redirect("content_detail", pk=item.pk)
    return _form_page(request, form, formset, None)


@content_admin_required
def content_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    item = selectors.content_item_get_for_user(membership=membership, pk=pk)
    if item.status not in services.EDITABLE:
        messages.error(request, _("Only drafts and items in review can be changed."))
        return redirect("content_detail", pk=item.pk)
    language = get_language() or "fr"
    if request.method != "POST":
        form = ContentItemForm(organisation=membership.organisation, item=item)
        return _form_page(request, form, texts_formset(item=item, language=language), item)
    form = ContentItemForm(request.POST, request.FILES, organisation=membership.organisation, item=item)
    formset = texts_formset(request.POST, item=item, language=language)
    if form.is_valid() and formset.is_valid():
        try:
            services.content_item_update(
                actor=request.user,
                item=item,
                image_clear=bool(form.cleaned_data.get("image_clear")),
                **_item_values(form, formset),
            )
        except ValidationError as error:
            _add_errors(form, formset, error)
        else:
            messages.success(request, _("Saved: %(title)s") % {"title": item.title})
            return redirect("content_detail", pk=item.pk)
    return _form_page(request, form, formset, item)


@content_admin_required
def content_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    item = selectors.content_item_get_for_user(membership=membership, pk=pk)
    texts = [
        {"text": text, "measure": text_measure(network=text.network, text=text.text)}
        for text in item.texts.all()
    ]
    shares = Counter(Share.objects.filter(item=item).values_list("network", flat=True))
    confirmed = Counter(
        Share.objects.filter(item=item, confirmed_at__isnull=False).values_list("network", flat=True)
    )
    share_rows = [(Network(network).label, shares[network], confirmed[network]) for network in SHARE_NETWORKS]
    programme = programme_get(organisation=membership.organisation)
    transitions = services.transitions_allowed(item)
    refusal = None
    if ContentItem.Status.PUBLISHED in transitions:
        refusal = services.approval_refusal(item=item, user=request.user)
        if refusal is not None:
            transitions.remove(ContentItem.Status.PUBLISHED)
    last_edit = selectors.content_item_last_edit(item=item)
    context = {
        "item": item,
        "texts": texts,
        "share_rows": share_rows,
        "share_total": sum(shares.values()),
        "transitions": [(to, _transition_label(to)) for to in transitions],
        "history": selectors.content_item_history(item=item),
        "editable": item.status in services.EDITABLE,
        "second_approval": programme.second_approval,
        "approval_refusal": refusal,
        "last_edit": last_edit,
        "clipboard_networks": CLIPBOARD_NETWORKS,
    }
    return render(request, "ambassadors/content/detail.html", context)


def _transition_label(to: str) -> str:
    labels = {
        ContentItem.Status.IN_REVIEW: _("Submit for review"),
        ContentItem.Status.DRAFT: _("Back to draft"),
        ContentItem.Status.PUBLISHED: _("Approve and publish"),
        ContentItem.Status.ARCHIVED: _("Archive"),
    }
    return str(labels.get(ContentItem.Status(to), to))


@content_admin_required
def content_transition(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.content_item_get_for_user(membership=_membership(request), pk=pk)
    if request.method != "POST":
        return redirect("content_detail", pk=item.pk)
    to = request.POST.get("to", "")
    try:
        item = services.content_item_transition(actor=request.user, item=item, to=to)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(title)s is now %(status)s.")
            % {"title": item.title, "status": item.get_status_display().lower()},
        )
    return redirect("content_detail", pk=item.pk)


@member_required
def content_image(request: HttpRequest, pk: int) -> HttpResponse:
    """An item's image: for the programme's admins, and for the enrolled ambassadors it is for."""
    membership = _membership(request)
    if selectors.is_content_admin(membership):
        item = selectors.content_item_get_for_user(membership=membership, pk=pk)
    else:
        ambassador = selectors.ambassador_for_membership(membership)
        if ambassador is None:
            raise Http404
        item = selectors.hub_item_get_for_user(ambassador=ambassador, pk=pk)
    return private_image_response(item.image)  # type: ignore[return-value]  # streamed, sent like any other
