"""The employee's side: introduce a contact, follow one's introductions, send a link again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassade.orgs.models import Membership, Person
from ambassade.orgs.permissions import member_required
from ambassade.referrals import introductions as services
from ambassade.referrals import selectors
from ambassade.referrals.forms import SPONTANEOUS, IntroductionForm
from ambassade.referrals.models import Introduction


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _person(request: HttpRequest) -> Person | None:
    membership = _membership(request)
    return membership.person if membership.person_id else None


def _language() -> str:
    return (get_language() or "fr")[:2]


def _add_errors(form: IntroductionForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@member_required
def introduction_new(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    person = _person(request)
    if person is None:
        return render(request, "referrals/no_person.html")
    offers = selectors.open_offers(organisation=membership.organisation, language=_language())
    sites = list(selectors.career_sites(organisation=membership.organisation))
    initial = {
        "offer": request.GET.get("offer", SPONTANEOUS),
        "entity": str(person.entity_id),
        "language": _language(),
    }
    form = IntroductionForm(request.POST or None, initial=initial, offers=offers, sites=sites)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            introduction = services.introduction_create(
                actor=request.user,
                introducer=person,
                offer=data["offer"],
                entity=data["entity"] or (person.entity if data["offer"] is None else None),
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_profile_url=data["contact_profile_url"],
                relationship=data["relationship"],
                relationship_note=data["relationship_note"],
                language=data["language"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, services.introduction_created_notice(introduction=introduction))
            return redirect("introduction_detail", pk=introduction.pk)
    context = {"form": form, "has_offers": bool(offers), "multiple_sites": len(sites) > 1}
    return render(request, "referrals/introduction_new.html", context, status=400 if form.errors else 200)


@member_required
def introduction_mine(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    rows = selectors.introducer_rows(
        introductions=list(selectors.introduction_list_mine(person=person)), language=_language()
    )
    # Shown now: the changes are seen (the "new" marks are computed before).
    selectors.introductions_mark_seen(person=person)
    context: dict[str, Any] = {"rows": rows, "has_person": person is not None}
    return render(request, "referrals/introduction_mine.html", context)


@member_required
def introduction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request)
    introduction = selectors.introduction_get_for_introducer(person=person, pk=pk)
    row = selectors.introducer_row(introduction, language=_language())
    selectors.introductions_mark_seen(person=person)
    return render(request, "referrals/introduction_detail.html", {"row": row, "introduction": introduction})


@member_required
@require_POST
def introduction_resend(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = selectors.introduction_get_for_introducer(person=_person(request), pk=pk)
    try:
        resent = services.introduction_resend(actor=request.user, introduction=introduction)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if resent.contact_email:
            messages.success(request, _resent_by_email(resent))
        else:
            messages.success(request, _resent_to_copy())
    return redirect("introduction_detail", pk=introduction.pk)


def _resent_by_email(introduction: Introduction) -> str:
    return _("A new link is on its way to %(name)s; the previous one no longer works.") % {
        "name": introduction.contact_name
    }


def _resent_to_copy() -> str:
    return _("Here is a new link to send: the previous one no longer works.")
