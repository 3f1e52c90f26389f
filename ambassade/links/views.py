"""The links screens, for the programme's admins (HR admins and comms); QR codes also for the link's own
ambassador."""

from __future__ import annotations

import io
from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ambassade.links import selectors, services
from ambassade.links.forms import CampaignForm, LinkFilterForm, LinkForm, PeriodForm
from ambassade.links.models import Channel, Click, TrackedLink
from ambassade.links.targets import link_short_url, link_target_url
from ambassade.orgs.models import Membership
from ambassade.orgs.permissions import member_required, roles_required
from ambassade.orgs.roles import Role

links_admin_required = roles_required(Role.HR_ADMIN, Role.COMMS)
QR_ERROR_LEVEL = "m"  # survives a crease or a smudge on a printed poster


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _reasons() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Click.Reason.choices if value]


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


# --- links ----------------------------------------------------------------------------------------


@links_admin_required
def link_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = LinkFilterForm(request.GET or None, organisation=membership.organisation)
    links = selectors.link_list(membership=membership)
    if form.is_valid():
        if form.cleaned_data["channel"]:
            links = links.filter(channel=form.cleaned_data["channel"])
        if form.cleaned_data["campaign"]:
            links = links.filter(campaign=form.cleaned_data["campaign"])
    page = Paginator(links.prefetch_related("job__translations"), 50).get_page(request.GET.get("page"))
    page.object_list = selectors.links_with_figures(list(page.object_list))
    reasons = _reasons()
    for link in page.object_list:
        drops = link.figures.drops  # type: ignore[attr-defined]
        link.drop_rows = [(label, drops[value]) for value, label in reasons if value in drops]  # type: ignore[attr-defined]
    context = {"form": form, "page": page, "count": page.paginator.count}
    return render(request, "links/link_list.html", context)


@links_admin_required
def link_create(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    initial = {"target_type": TrackedLink.Target.JOB, "channel": Channel.LINKEDIN}
    form = LinkForm(request.POST or None, organisation=membership.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            link = services.tracked_link_create(
                actor=request.user, organisation=membership.organisation, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Link created: %(url)s") % {"url": link_short_url(link)})
            return redirect("link_detail", pk=link.pk)
    return render(request, "links/link_form.html", {"form": form}, status=400 if form.errors else 200)


@links_admin_required
def link_detail(request: HttpRequest, pk: int) -> HttpResponse:
    link = selectors.link_get_for_user(membership=_membership(request), pk=pk)
    figures = selectors.link_figures(link_ids=[link.pk])[link.pk]
    context = {
        "link": link,
        "short_url": link_short_url(link),
        "target_url": link_target_url(link),
        "figures": figures,
        "reasons": [(value, label, figures.drops.get(value, 0)) for value, label in _reasons()],
    }
    return render(request, "links/link_detail.html", context)


@links_admin_required
def link_ambassador_search(request: HttpRequest) -> HttpResponse:
    """The <option>s of the ambassador select, for the words typed in its search box (htmx)."""
    query = request.GET.get("q", "")[:100]
    people = selectors.ambassador_search(membership=_membership(request), query=query)
    return render(request, "links/_ambassador_options.html", {"people": people, "query": query})


# --- QR codes -------------------------------------------------------------------------------------


def qr_twin_url(request: HttpRequest, pk: int) -> tuple[TrackedLink, str]:
    """A QR code of a link encodes its twin on the qr channel, so that scans are counted as `qr`."""
    link = selectors.link_get_for_user(membership=_membership(request), pk=pk)
    twin = services.qr_twin_get(actor=request.user, link=link)
    return link, link_short_url(twin)


@member_required
def link_qr_svg(request: HttpRequest, pk: int) -> HttpResponse:
    link, url = qr_twin_url(request, pk)
    buffer = io.BytesIO()
    segno.make(url, error=QR_ERROR_LEVEL).save(buffer, kind="svg", scale=8, border=4, title=url)
    return _image(buffer.getvalue(), "image/svg+xml", f"qr-{link.code}.svg")


@member_required
def link_qr_png(request: HttpRequest, pk: int) -> HttpResponse:
    link, url = qr_twin_url(request, pk)
    buffer = io.BytesIO()
    segno.make(url, error=QR_ERROR_LEVEL).save(buffer, kind="png", scale=12, border=4)
    return _image(buffer.getvalue(), "image/png", f"qr-{link.code}.png")


def _image(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- campaigns ------------------------------------------------------------------------------------


@links_admin_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = selectors.campaign_list(membership=_membership(request))
    return render(request, "links/campaign_list.html", {"campaigns": campaigns})


@links_admin_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_save(
                actor=request.user, organisation=membership.organisation, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(name)s") % {"name": campaign})
            return redirect("campaign_list")
    return render(request, "links/campaign_form.html", {"form": form}, status=400 if form.errors else 200)


# --- dashboard ------------------------------------------------------------------------------------


@links_admin_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    days = form.days_chosen()
    board = selectors.dashboard_get(membership=_membership(request), days=days)
    chart = {
        "days": [day.isoformat() for day in board.days],
        "human": board.human_by_day,
        "dropped": board.dropped_by_day,
        "labels": {"human": _("Human clicks"), "dropped": _("Dropped (robots, previews, duplicates…)")},
    }
    context = {
        "form": form,
        "days": days,
        "board": board,
        "chart": chart,
        "drop_totals": [(label, board.totals.drops.get(value, 0)) for value, label in _reasons()],
        "rows_per_day": list(zip(board.days, board.human_by_day, board.dropped_by_day, strict=True)),
    }
    return render(request, "links/dashboard.html", context)
