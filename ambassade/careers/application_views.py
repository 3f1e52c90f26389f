"""The recruiters' pipeline: all applications, one offer's board, one application (notes, stage, CV)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassade.careers import application_selectors as selectors
from ambassade.careers.application_files import KINDS
from ambassade.careers.application_forms import ApplicationFilterForm, NoteForm, StageForm
from ambassade.careers.applications import application_move, application_note_add
from ambassade.careers.models import Application
from ambassade.orgs.models import Membership
from ambassade.orgs.permissions import roles_required

applications_required = roles_required(*selectors.APPLICATION_ROLES)
PAGE_SIZE = 50


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


@applications_required
def application_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    language = translation.get_language() or "fr"
    offers = [
        (offer, selectors.offer_title(offer, language))
        for offer in selectors.application_offer_list(membership=membership).order_by("-created_at")
    ]
    form = ApplicationFilterForm(
        request.GET or None, offers=offers, channels=selectors.application_channels(membership=membership)
    )
    filters = _filters(form)
    applications = selectors.application_list(membership=membership, filters=filters).order_by(
        "-created_at", "-pk"
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "count": page.paginator.count, "language": language}
    return render(request, "careers/application_list.html", context, status=400 if form.errors else 200)


def _filters(form: ApplicationFilterForm) -> selectors.ApplicationFilters:
    if not form.is_bound or not form.is_valid():
        return selectors.ApplicationFilters()
    offer = form.cleaned_data["offer"]
    return selectors.ApplicationFilters(
        offer_id=int(offer) if offer and offer != selectors.SPONTANEOUS else None,
        spontaneous=offer == selectors.SPONTANEOUS,
        stage=form.cleaned_data["stage"],
        channel=form.cleaned_data["channel"],
    )


@applications_required
def application_board(request: HttpRequest, pk: int) -> HttpResponse:
    """One offer's applications, a column per stage."""
    membership = _membership(request)
    offer = selectors.application_offer_get_for_user(membership=membership, pk=pk)
    applications = selectors.application_list(
        membership=membership, filters=selectors.ApplicationFilters(offer_id=offer.pk)
    )
    columns = selectors.application_board(applications=applications)
    received = sum(selectors.application_counts_by_offer([offer])[offer.pk].values())
    context = {
        "offer": offer,
        "title": selectors.offer_title(offer, translation.get_language() or "fr"),
        "columns": columns,
        "erased": received - sum(len(listed) for _stage, _label, listed in columns),
    }
    return render(request, "careers/application_board.html", context)


@applications_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(membership=_membership(request), pk=pk)
    return _detail(request, application)


def _detail(
    request: HttpRequest,
    application: Application,
    *,
    note_form: NoteForm | None = None,
    stage_form: StageForm | None = None,
    status: int = 200,
) -> HttpResponse:
    link = application.source_link
    context: dict[str, Any] = {
        "application": application,
        "title": (
            selectors.offer_title(application.offer, translation.get_language() or "fr")
            if application.offer
            else None
        ),
        "channel": selectors.channel_label(application.source_channel),
        "campaign": link.campaign if link is not None else None,
        "ambassador": link.ambassador if link is not None else None,
        "notes": application.notes.select_related("author"),
        "note_form": note_form or NoteForm(),
        "stage_form": stage_form or StageForm(initial={"stage": application.stage}),
    }
    return render(request, "careers/application_detail.html", context, status=status)


@require_POST
@applications_required
def application_stage(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(membership=_membership(request), pk=pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        return _detail(request, application, stage_form=form, status=400)
    try:
        moved = application_move(
            actor=request.user, application=application, stage=form.cleaned_data["stage"]
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _detail(request, application, stage_form=form, status=400)
    messages.success(request, _("Moved to: %(stage)s") % {"stage": moved.get_stage_display()})
    return redirect("application_detail", pk=application.pk)


@require_POST
@applications_required
def application_note(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(membership=_membership(request), pk=pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _detail(request, application, note_form=form, status=400)
    try:
        application_note_add(actor=request.user, application=application, text=form.cleaned_data["text"])
    except ValidationError as error:
        form.add_error("text" if hasattr(error, "error_dict") else None, error)
        return _detail(request, application, note_form=form, status=400)
    messages.success(request, _("Note added."))
    return redirect("application_detail", pk=application.pk)


@applications_required  # type: ignore[arg-type]  # a streamed response, which View's type leaves out
def application_cv(request: HttpRequest, pk: int) -> FileResponse:
    """The CV, as a download only: never shown inline, so a crafted file cannot run in our origin."""
    application = selectors.application_get_for_user(membership=_membership(request), pk=pk)
    if not application.cv:
        raise Http404
    extension = application.cv.name.rsplit(".", 1)[-1].lower()
    kind = KINDS.get(extension)
    try:
        handle = application.cv.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=application.cv_filename or f"cv.{extension}",
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
