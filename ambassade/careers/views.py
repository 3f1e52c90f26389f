"""Recruiters' screens (job offers) and HR/comms screens (employer story, testimonials, consistency).

Recruiters and HR admins write offers, comms read them; HR admins and comms write the employer story
and testimonials. Objects come through `*_get_for_user`: another organisation's offer is a 404.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassade.careers import selectors, services
from ambassade.careers.consistency import consistency_report
from ambassade.careers.feeds import salary_text
from ambassade.careers.forms import (
    EmployerStoryForm,
    JobOfferFilterForm,
    JobOfferForm,
    ScheduleForm,
    TestimonialForm,
    language_label,
)
from ambassade.careers.models import EmployerStory, JobOffer
from ambassade.careers.public_views import job_page, site_build, site_languages
from ambassade.careers.selectors import JOB_READERS, JOB_WRITERS, STORY_EDITORS
from ambassade.orgs.models import LANGUAGE_CHOICES, Membership
from ambassade.orgs.permissions import roles_required

readers_required = roles_required(*JOB_READERS)
writers_required = roles_required(*JOB_WRITERS)
story_editors_required = roles_required(*STORY_EDITORS)


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _add_errors(form: BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


# --- job offers -----------------------------------------------------------------------------------


@readers_required
def job_offer_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = JobOfferFilterForm(request.GET or None, organisation=membership.organisation)
    filters = selectors.JobOfferFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.JobOfferFilters(
            query=data["q"], status=data["status"], entity_id=data["entity"].pk if data["entity"] else None
        )
    offers = selectors.job_offer_list(membership=membership, filters=filters).order_by("-updated_at", "-pk")
    page = Paginator(offers, 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "counts": selectors.job_offer_status_counts(membership=membership),
        "can_write": membership.role in JOB_WRITERS,
        "can_edit_story": membership.role in STORY_EDITORS,
        "language": request.LANGUAGE_CODE,
    }
    return render(request, "careers/job_offer_list.html", context)


@readers_required
def job_offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    offer = selectors.job_offer_get_for_user(membership=membership, pk=pk)
    return render(request, "careers/job_offer_detail.html", _detail_context(request, membership, offer))


def _detail_context(
    request: HttpRequest, membership: Membership, offer: JobOffer, **extra: Any
) -> dict[str, Any]:
    texts = {text.language: text for text in offer.translations.all()}
    return {
        "offer": offer,
        "texts": [(code, label, texts.get(code)) for code, label in LANGUAGE_CHOICES],
        "locations": selectors.offer_locations(offer),
        "salary": salary_text(offer),
        "public_url": selectors.job_offer_public_url(offer) if offer.published_at else None,
        "site_languages": site_languages(offer.entity),
        "can_write": membership.role in JOB_WRITERS,
        "schedule_form": extra.pop("schedule_form", None) or ScheduleForm(),
        "title": selectors.offer_text(offer, request.LANGUAGE_CODE).title,
        **extra,
    }


@writers_required
def job_offer_create(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    initial = {"reference": selectors.job_offer_next_reference(organisation=membership.organisation)}
    return _job_offer_edit(request, membership, None, initial=initial)


@writers_required
def job_offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    offer = selectors.job_offer_get_for_user(membership=membership, pk=pk)
    return _job_offer_edit(request, membership, offer)


def _job_offer_edit(
    request: HttpRequest,
    membership: Membership,
    offer: JobOffer | None,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    bound = copy.copy(offer) if offer is not None else None
    form = JobOfferForm(
        request.POST or None, instance=bound, organisation=membership.organisation, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.job_offer_save(
                actor=request.user, organisation=membership.organisation, offer=offer, **form.service_values()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(name)s") % {"name": saved})
            return redirect("job_offer_detail", pk=saved.pk)
    context = {
        "form": form,
        "object": offer,
        "categories": selectors.job_offer_categories(organisation=membership.organisation),
    }
    return render(request, "careers/job_offer_form.html", context, status=400 if form.errors else 200)


@readers_required
def job_offer_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The public job page as candidates will see it, with the offer's current (saved) content."""
    offer = selectors.job_offer_get_for_user(membership=_membership(request), pk=pk)
    site = site_build(request, offer.entity, on_own_host=False)
    with translation.override(site.language):
        response = job_page(request, site, offer, preview=True)
    response["Content-Language"] = site.language
    return response


@writers_required
@require_POST
def job_offer_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish now, schedule, cancel the schedule, close or reopen (the `action` field says which)."""
    membership = _membership(request)
    offer = selectors.job_offer_get_for_user(membership=membership, pk=pk)
    action = request.POST.get("action", "")
    schedule_form = ScheduleForm(request.POST if action == "schedule" else None)
    try:
        if action == "publish":
            services.job_offer_publish(actor=request.user, offer=offer)
            messages.success(request, _("The offer is published."))
        elif action == "schedule":
            if not schedule_form.is_valid():
                raise ValidationError(
                    {"publish_at": schedule_form.errors.get("publish_at") or _("Enter a date and time.")}
                )
            publish_at = schedule_form.cleaned_data["publish_at"]
            services.job_offer_schedule(actor=request.user, offer=offer, publish_at=publish_at)
            messages.success(
                request, _("The offer will be published on %(moment)s.") % {"moment": _moment(publish_at)}
            )
        elif action == "unschedule":
            services.job_offer_unschedule(actor=request.user, offer=offer)
            messages.success(request, _("The offer is a draft again."))
        elif action == "close":
            services.job_offer_close(actor=request.user, offer=offer)
            messages.success(request, _("The offer is closed."))
        elif action == "reopen":
            services.job_offer_reopen(actor=request.user, offer=offer)
            messages.success(request, _("The offer is open again."))
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("job_offer_detail", pk=offer.pk)


def _moment(value: Any) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


# --- employer story -------------------------------------------------------------------------------


@story_editors_required
def employer_story_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    organisation = membership.organisation
    written = {
        (story.entity_id, story.language): story
        for story in EmployerStory.objects.filter(organisation=organisation)
    }
    entities = list(organisation.entities.order_by("name"))
    rows = [
        {
            "entity": entity,
            "site_url": selectors.career_site_url(entity, absolute=False) if entity.is_active else None,
            "stories": [
                (code, language_label(code), written.get((entity.pk, code)))
                for code in site_languages(entity)
            ],
        }
        for entity in entities
    ]
    context = {
        "organisation_stories": [
            (code, label, written.get((None, code))) for code, label in LANGUAGE_CHOICES
        ],
        "rows": rows,
    }
    return render(request, "careers/story_list.html", context)


@story_editors_required
def employer_story_edit(request: HttpRequest, language: str, entity_id: int | None = None) -> HttpResponse:
    membership = _membership(request)
    entity, story = selectors.employer_story_get_for_user(
        membership=membership, entity_id=entity_id, language=language
    )
    organisation = membership.organisation
    instance = (
        copy.copy(story)
        if story
        else EmployerStory(organisation=organisation, entity=entity, language=language)
    )
    inherited = None
    if entity is not None:
        inherited = EmployerStory.objects.filter(
            organisation=organisation, entity=None, language=language
        ).first()
    form = EmployerStoryForm(
        request.POST or None, request.FILES or None, instance=instance, inherited=inherited
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_story_save(
                actor=request.user,
                organisation=organisation,
                entity=entity,
                language=language,
                **form.service_values(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The employer story is saved."))
            return redirect("employer_story_list")
    context = {
        "form": form,
        "entity": entity,
        "language": language,
        "language_name": language_label(language),
        "inherited": inherited,
    }
    return render(request, "careers/story_form.html", context, status=400 if form.errors else 200)


@story_editors_required
def consistency(request: HttpRequest) -> HttpResponse:
    report = consistency_report(organisation=_membership(request).organisation)
    return render(request, "careers/consistency.html", {"report": report})


# --- testimonials ---------------------------------------------------------------------------------


@story_editors_required
def testimonial_list(request: HttpRequest) -> HttpResponse:
    testimonials = selectors.testimonial_list(membership=_membership(request))
    return render(request, "careers/testimonial_list.html", {"testimonials": testimonials})


@story_editors_required
def testimonial_create(request: HttpRequest) -> HttpResponse:
    return _testimonial_edit(request, None)


@story_editors_required
def testimonial_edit(request: HttpRequest, pk: int) -> HttpResponse:
    testimonial = selectors.testimonial_get_for_user(membership=_membership(request), pk=pk)
    return _testimonial_edit(request, testimonial)


def _testimonial_edit(request: HttpRequest, testimonial: Any) -> HttpResponse:
    membership = _membership(request)
    bound = copy.copy(testimonial) if testimonial is not None else None
    form = TestimonialForm(
        request.POST or None, request.FILES or None, instance=bound, organisation=membership.organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.testimonial_save(
                actor=request.user,
                organisation=membership.organisation,
                testimonial=testimonial,
                **form.service_values(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(name)s") % {"name": form.cleaned_data["name"]})
            return redirect("testimonial_list")
    context = {"form": form, "object": testimonial}
    return render(request, "careers/testimonial_form.html", context, status=400 if form.errors else 200)


@story_editors_required
@require_POST
def testimonial_delete(request: HttpRequest, pk: int) -> HttpResponse:
    testimonial = selectors.testimonial_get_for_user(membership=_membership(request), pk=pk)
    services.testimonial_delete(actor=request.user, testimonial=testimonial)
    messages.success(request, _("Deleted: %(name)s") % {"name": testimonial.name})
    return redirect("testimonial_list")
