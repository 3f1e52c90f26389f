"""The HR admin's screens for people imports: list, upload, progress and preview, apply."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassade.orgs import importing, selectors
from ambassade.orgs.forms import PeopleImportForm
from ambassade.orgs.models import Membership, PeopleImport
from ambassade.orgs.permissions import hr_admin_required

ERRORS_SHOWN = 200


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


@hr_admin_required
def people_import_list(request: HttpRequest) -> HttpResponse:
    imports = selectors.people_import_list(membership=_membership(request))
    page = Paginator(imports, 25).get_page(request.GET.get("page"))
    return render(request, "orgs/import_list.html", {"page": page})


@hr_admin_required
def people_import_create(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = PeopleImportForm(request.POST or None, request.FILES or None, organisation=membership.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            people_import = importing.people_import_create(
                actor=request.user,
                organisation=membership.organisation,
                upload=form.cleaned_data["upload"],
                entity=form.cleaned_data["entity"],
                full=form.cleaned_data["full"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("people_import_detail", pk=people_import.pk)
    context = {"form": form, "columns": importing.COLUMNS, "required": importing.REQUIRED_FIELDS}
    return render(request, "orgs/import_form.html", context, status=400 if form.errors else 200)


@hr_admin_required
def people_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    people_import = selectors.people_import_get_for_user(membership=_membership(request), pk=pk)
    return render(request, "orgs/import_detail.html", _detail_context(people_import))


@hr_admin_required
def people_import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone, polled by htmx; once the work is done, htmx reloads the whole page."""
    people_import = selectors.people_import_get_for_user(membership=_membership(request), pk=pk)
    response = render(request, "orgs/import_progress.html", _progress_context(people_import))
    if request.headers.get("HX-Request") and not importing.people_import_is_running(people_import):
        response["HX-Refresh"] = "true"
    return response


@hr_admin_required
@require_POST
def people_import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    people_import = selectors.people_import_get_for_user(membership=_membership(request), pk=pk)
    try:
        importing.people_import_request_apply(people_import=people_import, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The import is being applied."))
    return redirect("people_import_detail", pk=people_import.pk)


def _progress_context(people_import: PeopleImport) -> dict[str, Any]:
    return {"import": people_import, "running": importing.people_import_is_running(people_import)}


def _detail_context(people_import: PeopleImport) -> dict[str, Any]:
    summary = people_import.summary or {}
    errors = [_shown_issue(record) for record in people_import.errors[:ERRORS_SHOWN]]
    error_count = summary.get("counts", {}).get("errors", len(people_import.errors))
    return _progress_context(people_import) | {
        "counts": summary.get("counts"),
        "errors": errors,
        "hidden_errors": max(0, error_count - len(errors)),
        "warnings": [_shown_issue(record) for record in summary.get("warnings", [])],
        "changes": [_shown_change(change) for change in summary.get("changes", [])],
        "deactivations": summary.get("deactivations", []),
        "failure": importing.record_message(summary["failure"]) if summary.get("failure") else "",
        "can_apply": people_import.status == PeopleImport.Status.PREVIEWED and not people_import.errors,
    }


def _shown_issue(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "line": record.get("line"),
        "column": record.get("column"),
        "message": importing.record_message(record),
    }


def _shown_change(change: dict[str, Any]) -> dict[str, Any]:
    labels = {column.field: column.label for column in importing.COLUMNS}
    fields = [
        (labels.get(name, name), before, after) for name, (before, after) in change.get("changes", {}).items()
    ]
    return change | {"fields": fields}
