"""The contact's side, behind the signed link of their e-mail: no sign-in, CSRF-protected forms.

Opening a link changes nothing (a mail scanner or a link-preview robot may open it first): only the
contact's own POST confirms, declines or asks never to be introduced again. A tampered, replaced,
expired or already answered link gets a page that says so, never an error. The pages speak the
introduction's language, unless the visitor chose another with the switcher (their language cookie).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ambassade.careers.application_files import cv_max_bytes
from ambassade.careers.selectors import job_offer_public_url, offer_text
from ambassade.referrals import introductions as services
from ambassade.referrals.forms import IntroductionAnswerForm
from ambassade.referrals.models import Introduction
from ambassade.referrals.rules import referral_settings_get

SUPPORTED = {code for code, _label in settings.LANGUAGES}
# Room for the form's other fields and the multipart envelope around the CV.
_REQUEST_OVERHEAD = 256 * 1024
# What each problem answers: the page is clear, the status code says it too.
_PROBLEM_STATUS = {"invalid": 404, "replaced": 410, "expired": 410, "answered": 200}

ContactView = Callable[..., HttpResponse]


def _language(request: HttpRequest, introduction: Introduction | None) -> str:
    """The visitor's own choice (their account's language, else the switcher's cookie), else the
    introduction's language."""
    membership = getattr(request, "membership", None)
    if membership is not None and membership.language in SUPPORTED:
        return str(membership.language)
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in SUPPORTED:
        return cookie
    if introduction is not None and introduction.language in SUPPORTED:
        return introduction.language
    return str(getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE))


def _private(response: HttpResponse, language: str) -> HttpResponse:
    response["Content-Language"] = language
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The token never leaves for another site in a Referer header; same-origin keeps the Origin header
    # that the CSRF check needs (with "no-referrer", browsers send "Origin: null").
    response["Referrer-Policy"] = "same-origin"
    return response


def contact_page(view: ContactView) -> ContactView:
    @wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        introduction = services.introduction_never_check(token=token)
        language = _language(request, introduction)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, token)
        return _private(response, language)

    return wrapper


def _context(introduction: Introduction, token: str) -> dict[str, Any]:
    language = translation.get_language() or "fr"
    offer = introduction.offer
    return {
        "token": token,
        "introduction": introduction,
        "organisation": introduction.organisation,
        "introducer": introduction.introducer.full_name if introduction.introducer else "",
        "offer_title": offer_text(offer, language).title if offer is not None else "",
        "offer_url": job_offer_public_url(offer) if offer is not None and offer.is_open else "",
    }


def _problem(request: HttpRequest, problem: str, introduction: Introduction | None) -> HttpResponse:
    context = {"problem": problem, "organisation": introduction.organisation if introduction else None}
    return render(
        request, "referrals/contact_problem.html", context, status=_PROBLEM_STATUS.get(problem, 404)
    )


def _initial(introduction: Introduction) -> dict[str, str]:
    first, _space, last = introduction.contact_name.strip().partition(" ")
    return {"first_name": first, "last_name": last.strip(), "email": introduction.contact_email}


@never_cache
@require_http_methods(["GET", "POST"])
@contact_page
def introduction_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The contact's page: who introduced them, for what, and the short application or a refusal."""
    check = services.introduction_link_check(token=token)
    introduction = check.introduction
    if introduction is None or check.problem:
        return _problem(request, check.problem or "invalid", introduction)
    organisation = introduction.organisation
    context = _context(introduction, token)
    context["retention_days"] = referral_settings_get(organisation=organisation).erase_after_days
    if request.method != "POST":
        form = IntroductionAnswerForm(initial=_initial(introduction), organisation=organisation)
        return render(request, "referrals/contact_answer.html", {**context, "form": form})
    if _content_length(request) > cv_max_bytes() + _REQUEST_OVERHEAD:
        form = IntroductionAnswerForm(initial=_initial(introduction), organisation=organisation)
        context["refusal"] = _("The CV is too large: send a file of at most %(max)s MB.") % {
            "max": settings.APPLICATION_CV_MAX_MB
        }
        return render(request, "referrals/contact_answer.html", {**context, "form": form}, status=413)
    form = IntroductionAnswerForm(request.POST, request.FILES, organisation=organisation)
    if form.is_valid():
        data = form.cleaned_data
        cv = data.get("cv")
        try:
            answered = services.introduction_confirm(
                introduction=introduction,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                message=data["message"],
                cv=cv,
                cv_name=(cv.name or "") if cv else "",
                cv_kind=data.get("cv_kind"),
                talent_pool=data["talent_pool"],
                consent=form.consent_given(),
                language=translation.get_language() or introduction.language,
                actor=request.user,
            )
        except ValidationError as error:
            if getattr(error, "code", None) in _PROBLEM_STATUS:
                return _problem(request, str(getattr(error, "code", "")), introduction)
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            done = "already" if answered.status == Introduction.Status.DUPLICATE else "confirmed"
            return render(request, "referrals/contact_done.html", {**context, "done": done})
    return render(request, "referrals/contact_answer.html", {**context, "form": form}, status=400)


@never_cache
@require_POST
@contact_page
def introduction_decline(request: HttpRequest, token: str) -> HttpResponse:
    check = services.introduction_link_check(token=token)
    introduction = check.introduction
    if introduction is None or check.problem:
        return _problem(request, check.problem or "invalid", introduction)
    context = _context(introduction, token)  # read before the contact's data is erased
    try:
        services.introduction_decline(introduction=introduction)
    except ValidationError as error:
        return _problem(request, str(getattr(error, "code", None) or "invalid"), introduction)
    return render(request, "referrals/contact_done.html", {**context, "done": "declined"})


@never_cache
@require_http_methods(["GET", "POST"])
@contact_page
def introduction_never(request: HttpRequest, token: str) -> HttpResponse:
    """Never be introduced again: works from any genuine link, answered, replaced or expired."""
    introduction = services.introduction_never_check(token=token)
    if introduction is None:
        return _problem(request, "invalid", None)
    context = _context(introduction, token)
    # A link sent by e-mail speaks for that address; otherwise the contact types theirs.
    context["needs_email"] = not introduction.contact_email
    if request.method == "POST":
        email = request.POST.get("email", "").strip()[:254]
        try:
            services.introduction_never_again(introduction=introduction, email=email)
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
            return render(request, "referrals/contact_never.html", context, status=400)
        return render(request, "referrals/contact_done.html", {**context, "done": "never"})
    return render(request, "referrals/contact_never.html", context)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
