"""The review screens (HR admins and communication officers):

/reviews/                      the list and the "New review" button
/reviews/new/                  from, to, entity, language (defaults: the last 12 months, your language)
/reviews/<id>/                 progress bar while it is generated, then downloads, regenerate, delete
/reviews/<id>/progress/        the progress bar alone (htmx polls it)
/reviews/<id>/download/<kind>/ the HTML or PDF file (audited)
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassade.orgs.models import Membership
from ambassade.orgs.permissions import roles_required
from ambassade.orgs.roles import Role
from ambassade.reviews import selectors, services
from ambassade.reviews.forms import ReviewForm
from ambassade.reviews.models import ReviewReport

reviews_required = roles_required(Role.HR_ADMIN, Role.COMMS)

CONTENT_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _language(request: HttpRequest) -> str:
    language = _membership(request).language or translation.get_language() or "fr"
    return language[:2] if language[:2] in ("fr", "en") else "fr"


@reviews_required
def review_list(request: HttpRequest) -> HttpResponse:
    reviews = selectors.review_list(membership=_membership(request))
    return render(request, "reviews/review_list.html", {"reviews": reviews})


@reviews_required
def review_new(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    organisation = membership.organisation
    today = services.organisation_today(organisation)
    if request.method == "POST":
        form = ReviewForm(request.POST, organisation=organisation, today=today)
        if form.is_valid():
            try:
                report = services.review_report_create(
                    actor=request.user,
                    organisation=organisation,
                    start=form.cleaned_data["period_start"],
                    end=form.cleaned_data["period_end"],
                    entity=form.cleaned_data["entity"],
                    language=form.cleaned_data["language"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("review_detail", pk=report.pk)
    else:
        start, end = services.default_period(today)
        form = ReviewForm(
            initial={"period_start": start, "period_end": end, "language": _language(request)},
            organisation=organisation,
            today=today,
        )
    return render(request, "reviews/review_new.html", {"form": form})


def _detail_context(report: ReviewReport) -> dict[str, Any]:
    return {"report": report}


@reviews_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.review_get(membership=_membership(request), pk=pk)
    return render(request, "reviews/review_detail.html", _detail_context(report))


@reviews_required
def review_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone, polled by htmx; once the review is done or failed, htmx reloads the page."""
    report = selectors.review_get(membership=_membership(request), pk=pk)
    response = render(request, "reviews/_progress.html", _detail_context(report))
    if request.headers.get("HX-Request") and not report.running:
        response["HX-Refresh"] = "true"
    return response


@reviews_required
def review_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    report = selectors.review_get(membership=_membership(request), pk=pk)
    if kind not in CONTENT_TYPES:
        raise Http404
    stored = report.pdf_file if kind == "pdf" else report.html_file
    if not stored.name or not stored.storage.exists(stored.name):
        raise Http404
    services.review_report_downloaded(actor=request.user, report=report, kind=kind)
    with stored.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{report.file_stem()}.{kind}"'
    return response


@reviews_required
@require_POST
def review_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.review_get(membership=_membership(request), pk=pk)
    try:
        services.review_report_regenerate(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("review_detail", pk=report.pk)


@reviews_required
@require_POST
def review_delete(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.review_get(membership=_membership(request), pk=pk)
    services.review_report_delete(actor=request.user, report=report)
    messages.success(request, _("The review was deleted."))
    return redirect("review_list")
