"""The analytics screens: the programme overview, its exports, and the organisation's page followers.

HR admins and communication officers see the organisation (or one entity) with names; managers their
department subtree in aggregate. Page followers: HR admins and communication officers.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassade.ambassadors.selectors import is_programme_admin
from ambassade.analytics import selectors
from ambassade.analytics.charts import (
    CHART_NAMES,
    NAMED_CHARTS,
    chart_table,
    followers_table,
    table_csv,
    table_xlsx,
)
from ambassade.analytics.forms import PageFollowerForm, PageImportForm
from ambassade.analytics.models import PageFollowerCount
from ambassade.analytics.overview import PRESETS, Period, period_parse
from ambassade.analytics.pages import page_follower_delete, page_follower_save, page_followers_import
from ambassade.analytics.params import ParameterError, member_today, overview_from_params
from ambassade.core.spreadsheets import SpreadsheetErrors
from ambassade.orgs.models import Entity, Membership
from ambassade.orgs.permissions import roles_required
from ambassade.orgs.roles import Role

overview_required = roles_required(Role.HR_ADMIN, Role.COMMS, Role.MANAGER)
pages_required = roles_required(Role.HR_ADMIN, Role.COMMS)
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


@overview_required
def analytics_overview(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    today = member_today(membership)
    error: ParameterError | None = None
    try:
        overview = overview_from_params(membership, request.GET)
    except ParameterError as problem:
        error = problem
        overview = selectors.overview_for_membership(
            membership=membership, period=period_parse({}, today=today)
        )
    except PermissionDenied:
        return render(request, "403.html", status=403)
    query = f"from={overview.period.start.isoformat()}&to={overview.period.end.isoformat()}"
    entity = request.GET.get("entity", "") if error is None or error.parameter != "entity" else ""
    if entity:
        query += f"&entity={entity}"
    tables = {name.replace("-", "_"): chart_table(overview, name) for name in CHART_NAMES}
    previous = overview.period.previous()
    context = {
        "overview": overview,
        "figures": [overview.figures[key] for key in overview.figures],
        "tables": tables,
        "error": error,
        "query": query,
        "previous": previous,
        "presets": PRESETS,
        "entities": Entity.objects.filter(organisation=membership.organisation).order_by("name")
        if is_programme_admin(membership)
        else [],
        "entity": entity,
        "is_admin": is_programme_admin(membership),
        "min_group_size": selectors.MIN_GROUP_SIZE,
        "gained": sorted(overview.followers_gained.items()),
    }
    return render(request, "analytics/overview.html", context, status=400 if error else 200)


@overview_required
def analytics_export(request: HttpRequest, chart: str, fmt: str) -> HttpResponse:
    """One chart's figures as CSV (";", UTF-8 with BOM) or XLSX; formulas neutralised."""
    membership = _membership(request)
    if chart not in CHART_NAMES or fmt not in FORMATS:
        raise Http404
    if chart in NAMED_CHARTS and not is_programme_admin(membership):
        raise Http404
    try:
        overview = overview_from_params(membership, request.GET)
    except ParameterError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    table = chart_table(overview, chart)
    content = table_csv(table) if fmt == "csv" else table_xlsx(table)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    period = overview.period
    filename = f"{chart}_{period.start.isoformat()}_{period.end.isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- page followers -------------------------------------------------------------------------------


def _pages_context(membership: Membership, **forms: Any) -> dict[str, Any]:
    organisation = membership.organisation
    today = member_today(membership)
    period = Period(today - timedelta(days=364), today)
    followers, gained = selectors.page_followers_series(organisation=organisation, period=period)
    counts = selectors.page_counts(organisation=organisation).order_by("-day", "network")[:60]
    return {
        "form": forms.get("form") or PageFollowerForm(organisation=organisation, initial={"day": today}),
        "import_form": forms.get("import_form") or PageImportForm(organisation=organisation, prefix="import"),
        "counts": counts,
        "followers_table": followers_table(followers),
        "gained": sorted(gained.items()),
        "period": period,
        "query": f"from={period.start.isoformat()}&to={period.end.isoformat()}",
    }


@pages_required
def analytics_page_followers(request: HttpRequest) -> HttpResponse:
    """The pages' follower history, and one day's figures entered by hand."""
    membership = _membership(request)
    organisation = membership.organisation
    if request.method == "POST":
        form = PageFollowerForm(request.POST, organisation=organisation)
        if form.is_valid():
            data = form.cleaned_data
            page_follower_save(
                actor=request.user,
                organisation=organisation,
                entity=data["entity"],
                network=data["network"],
                day=data["day"],
                followers=data["followers"],
                new_followers=data["new_followers"],
                unique_visitors=data["unique_visitors"],
            )
            messages.success(request, _("The figures were saved."))
            return redirect("analytics_page_followers")
        return render(
            request, "analytics/page_followers.html", _pages_context(membership, form=form), status=400
        )
    return render(request, "analytics/page_followers.html", _pages_context(membership))


@pages_required
@require_POST
def analytics_page_followers_import(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    organisation = membership.organisation
    form = PageImportForm(request.POST, request.FILES, organisation=organisation, prefix="import")
    errors: list[str] = []
    if form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            result = page_followers_import(
                actor=request.user,
                organisation=organisation,
                entity=data["entity"],
                network=data["network"],
                data=upload.read(),
                filename=upload.name or "",
                current_total=data["current_total"],
            )
        except SpreadsheetErrors as problems:
            errors = problems.messages
        else:
            messages.success(
                request,
                _("%(created)s days added and %(updated)s updated, from %(first)s to %(last)s.")
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "first": result.first.isoformat(),
                    "last": result.last.isoformat(),
                },
            )
            return redirect("analytics_page_followers")
    context = _pages_context(membership, import_form=form)
    context["import_errors"] = errors
    return render(request, "analytics/page_followers.html", context, status=400)


@pages_required
@require_POST
def analytics_page_follower_delete(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    row = get_object_or_404(PageFollowerCount, organisation=membership.organisation, pk=pk)
    page_follower_delete(actor=request.user, row=row)
    messages.success(request, _("The figures were deleted."))
    return redirect("analytics_page_followers")
