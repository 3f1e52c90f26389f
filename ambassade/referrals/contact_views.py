"""The contact's side, behind the signed link of their e-mail: no sign-in, CSRF-protected forms.

Opening a link changes nothing (a mail scanner or a link-preview robot may open it first): only the
contact's own POST confirms, declines, gives their address or asks never to be introduced again. Only a
link e-mailed to the contact shows the application, made with that address; a link the introducer passed
on (profile address only) first asks for the contact's address and sends the e-mail there. A tampered,
replaced, expired or already answered link gets a page that says so, never an error. The pages speak the
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
from ambassade.referrals.forms import IntroductionAddressForm, IntroductionAnswerForm
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


def _answer_form(introduction: Introduction, *args: Any) -> IntroductionAnswerForm:
    return IntroductionAnswerForm(
        *args,
        initial=_initial(introduction),
        organisation=introduction.organisation,
        email=introduction.contact_email,
    )


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@never_cache
@require_http_methods(["GET", "POST"])
@contact_page
def introduction_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The contact's page: who introduced them, for what, and the short application or a refusal. From a
    link the introducer passed on, the contact's address first (see `_address_step`)."""
    check = services.introduction_link_check(token=token)
    introduction = check.introduction
    if introduction is None or check.problem:
        return _problem(request, check.problem or "invalid", introduction)
    organisation = introduction.organisation
    context = _context(introduction, token)
    if check.step != "answer":
        return _address_step(request, introduction, context, again=check.step == "sent")
    context["retention_days"] = referral_settings_get(organisation=organisation).erase_after_days
    if request.method != "POST":
        return render(
            request, "referrals/contact_answer.html", {**context, "form": _answer_form(introduction)}
        )
    if _content_length(request) > cv_max_bytes() + _REQUEST_OVERHEAD:
        context["refusal"] = _("The CV is too large: send a file of at most %(max)s MB.") % {
            "max": settings.APPLICATION_CV_MAX_MB
        }
        form = _answer_form(introduction)
        return render(request, "referrals/contact_answer.html", {**context, "form": form}, status=413)
    form = _answer_form(introduction, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        cv = data.get("cv")
        try:
            answered = services.introduction_confirm(
                introduction=introduction,
                first_name=data["first_name"],
                last_name=data["last_name"],
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
            _form_errors(form, error)
        else:
            done = "already" if answered.status == Introduction.Status.DUPLICATE else "confirmed"
            return render(request, "referrals/contact_done.html", {**context, "done": done})
    return render(request, "referrals/contact_answer.html", {**context, "form": form}, status=400)


def _address_step(
    request: HttpRequest, introduction: Introduction, context: dict[str, Any], *, again: bool
) -> HttpResponse:
    """A link the introducer passed on: the contact gives their address and we e-mail them a link
    there; nothing else. `again`: an address was already given from this link, which no longer answers
    (the page says to look in the mailbox) but may give another one, within the limit."""
    given = services.introduction_addresses_given(introduction=introduction)
    context.update(
        {
            "again": again,
            "addresses_left": max(services.MAX_ADDRESSES - given, 0),
            "max_addresses": services.MAX_ADDRESSES,
        }
    )
    template = "referrals/contact_sent.html" if again else "referrals/contact_address.html"
    if request.method != "POST":
        # A link that was replaced says so in its status too.
        return render(
            request, template, {**context, "form": IntroductionAddressForm()}, status=410 if again else 200
        )
    form = IntroductionAddressForm(request.POST)
    if form.is_valid():
        try:
            services.introduction_address_give(
                introduction=introduction, email=form.cleaned_data["email"], actor=request.user
            )
        except ValidationError as error:
            if getattr(error, "code", None) in _PROBLEM_STATUS:
                return _problem(request, str(getattr(error, "code", "")), introduction)
            _form_errors(form, error)
        else:
            context["sent_to"] = form.cleaned_data["email"]
            return render(request, "referrals/contact_done.html", {**context, "done": "sent"})
    return render(request, template, {**context, "form": form}, status=400)


@never_cache
@require_POST
@contact_page
def introduction_decline(request: HttpRequest, token: str) -> HttpResponse:
    check = services.introduction_link_check(token=token)
    introduction = check.introduction
    if introduction is None or check.problem or check.step == "sent":
        return _problem(request, check.problem or "replaced", introduction)
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
    # A link e-mailed to the address on record speaks for it; otherwise (a link the introducer passed
    # on, even once an address was given from it, or the address is erased) the contact types theirs.
    sent_to_contact = services.introduction_link_sent_to_contact(token=token)
    context["needs_email"] = not sent_to_contact
    if request.method == "POST":
        email = request.POST.get("email", "").strip()[:254]
        try:
            services.introduction_never_again(
                introduction=introduction, email=email, sent_to_contact=sent_to_contact
            )
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
