"""Recognition screens: my impact, the leaderboards, levels (HR admins), manual adjustments (HR admins)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassade.ambassadors import recognition
from ambassade.ambassadors.ledger import points_adjust as ledger_points_adjust
from ambassade.ambassadors.ledger import points_spendable
from ambassade.ambassadors.models import Ambassador, PointsEntry
from ambassade.ambassadors.recognition_forms import LevelForm, PeriodForm, PointsAdjustForm
from ambassade.orgs.models import Membership
from ambassade.orgs.permissions import hr_admin_required, member_required
from ambassade.orgs.selectors import MIN_GROUP_SIZE

LEDGER_PAGE_SIZE = 25


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _add_errors(form: LevelForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _ledger_page(
    request: HttpRequest, ambassador: Ambassador, size: int = LEDGER_PAGE_SIZE
) -> Page[PointsEntry]:
    entries = PointsEntry.objects.filter(ambassador=ambassador).select_related("author")
    page = Paginator(entries, size).get_page(request.GET.get("page"))
    labels = recognition.ledger_source_labels(page.object_list)
    for entry in page.object_list:
        entry.source_label = labels.get(entry.pk, "")
    return page


# --- my impact ------------------------------------------------------------------------------------


@member_required
def recognition_me(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    ambassador = recognition.ambassador_of(membership=membership)
    context: dict[str, object] = {"ambassador": ambassador}
    if ambassador is not None and ambassador.status != Ambassador.Status.INVITED:
        activity = recognition.weekly_activity(ambassador=ambassador)
        context.update(
            impact=recognition.impact_of(ambassador=ambassador),
            spendable=points_spendable(ambassador=ambassador),
            page=_ledger_page(request, ambassador),
            chart={
                "weeks": [monday.isoformat() for monday in activity.weeks],
                "shares": activity.shares,
                "clicks": activity.human_clicks,
                "labels": {"shares": _("Shares"), "clicks": _("Human clicks")},
            },
            has_activity=any(activity.shares) or any(activity.human_clicks),
            weeks_table=list(zip(activity.weeks, activity.shares, activity.human_clicks, strict=True))[::-1],
        )
    return render(request, "ambassadors/recognition/me.html", context)


# --- leaderboards ---------------------------------------------------------------------------------


@member_required
def leaderboard(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = PeriodForm(request.GET or None)
    period = form.chosen()
    organisation = membership.organisation
    mine = recognition.ambassador_of(membership=membership)
    people = recognition.leaderboard_people(organisation=organisation, period=period)
    # The team boards' rule counts who is named on this very board (see leaderboard_teams).
    named = [row.ambassador_id for row in people]
    teams = partial(recognition.leaderboard_teams, organisation=organisation, named=named)
    context = {
        "form": form,
        "period": period,
        "people": people,
        "team_boards": [
            (_("By department"), teams(by="department", period=period), "department-board"),
            (_("By entity"), teams(by="entity", period=period), "entity-board"),
        ],
        "mine": mine,
        "min_group_size": MIN_GROUP_SIZE,
    }
    return render(request, "ambassadors/recognition/leaderboard.html", context)


# --- levels (HR admins) ---------------------------------------------------------------------------


@hr_admin_required
def level_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = LevelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            level = recognition.level_save(
                actor=request.user, organisation=membership.organisation, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Level “%(name)s” added from %(threshold)s points.")
                % {"name": level.name, "threshold": level.threshold},
            )
            return redirect("level_list")
    context = {"levels": recognition.level_list(membership=membership), "form": form}
    return render(
        request, "ambassadors/recognition/level_list.html", context, status=400 if form.errors else 200
    )


@hr_admin_required
def level_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    level = recognition.level_get_for_user(membership=membership, pk=pk)
    initial = {"name": level.name, "threshold": level.threshold}
    form = LevelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            recognition.level_save(
                actor=request.user, organisation=membership.organisation, level=level, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Level “%(name)s” saved.") % {"name": level.name})
            return redirect("level_list")
    context = {"level": level, "form": form}
    return render(
        request, "ambassadors/recognition/level_form.html", context, status=400 if form.errors else 200
    )


@hr_admin_required
@require_POST
def level_delete(request: HttpRequest, pk: int) -> HttpResponse:
    level = recognition.level_get_for_user(membership=_membership(request), pk=pk)
    name = level.name
    recognition.level_delete(actor=request.user, level=level)
    messages.success(request, _("Level “%(name)s” deleted.") % {"name": name})
    return redirect("level_list")


# --- manual adjustments (HR admins) ---------------------------------------------------------------


@hr_admin_required
def points_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    ambassador = recognition.ambassador_get_for_adjust(membership=_membership(request), pk=pk)
    form = PointsAdjustForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = ledger_points_adjust(
            actor=request.user,
            ambassador=ambassador,
            points=form.cleaned_data["points"],
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("%(points)+d points recorded for %(name)s.")
            % {"points": entry.points, "name": ambassador.person},
        )
        return redirect("points_adjust", pk=ambassador.pk)
    points = recognition.points_lifetime(ambassador=ambassador)
    context = {
        "ambassador": ambassador,
        "form": form,
        "progress": recognition.level_progress(organisation=ambassador.organisation, points=points),
        "page": _ledger_page(request, ambassador),
    }
    return render(
        request, "ambassadors/recognition/points_adjust.html", context, status=400 if form.errors else 200
    )
