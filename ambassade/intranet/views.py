"""The digest's admin screens under /digest/manage/: HR admins and communication officers.

Subscribers' addresses are listed to HR admins only (comms see the count); the time zone form is for HR
admins.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassade.intranet import schedule, selectors, services
from ambassade.intranet.forms import DigestForm, TimeZoneForm
from ambassade.intranet.models import Digest, Issue
from ambassade.intranet.presentation import issue_context, reader_language
from ambassade.orgs.models import Membership
from ambassade.orgs.permissions import roles_required
from ambassade.orgs.roles import Role

digest_admin_required = roles_required(Role.HR_ADMIN, Role.COMMS)
hr_only = roles_required(Role.HR_ADMIN)


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _public_links(digest: Digest) -> dict[str, str]:
    return {
        "page": services.public_url("intranet_latest", token=digest.token),
        "archive": services.public_url("intranet_archive", token=digest.token),
        "rss": services.public_url("intranet_rss", token=digest.token),
        "atom": services.public_url("intranet_atom", token=digest.token),
        "json": services.public_url("intranet_json", token=digest.token),
    }


@digest_admin_required
def digest_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    now = timezone.now()
    digests = [
        {"digest": digest, "next": schedule.next_slot(digest, now).due_at if digest.active else None}
        for digest in selectors.digest_list(membership=membership)
    ]
    return render(
        request,
        "intranet/digest_list.html",
        {
            "digests": digests,
            "time_zone": membership.organisation.time_zone,
            "can_admin": membership.role == Role.HR_ADMIN,
        },
    )


@roles_required(Role.HR_ADMIN, Role.COMMS, Role.MANAGER)
def digest_read_list(request: HttpRequest) -> HttpResponse:
    """Managers read their department's digests (admins see every digest here too)."""
    membership = _membership(request)
    digests = [
        {"digest": digest, "links": _public_links(digest)}
        for digest in selectors.digest_list_to_read(membership=membership)
    ]
    return render(request, "intranet/digest_read_list.html", {"digests": digests})


@digest_admin_required
def digest_create(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = DigestForm(request.POST or None, organisation=membership.organisation)
    if request.method == "POST" and form.is_valid():
        digest = services.digest_create(membership=membership, data=form.cleaned_data)
        messages.success(request, _("Digest “%(title)s” created.") % {"title": digest.title})
        return redirect("intranet_digest", pk=digest.pk)
    return render(request, "intranet/digest_form.html", {"form": form, "digest": None})


@digest_admin_required
def digest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    digest = selectors.digest_get_for_user(membership=membership, pk=pk)
    # The form works on its own copy: a refused edit must not show on the page as if it were saved.
    edited = selectors.digest_get_for_user(membership=membership, pk=pk)
    form = DigestForm(request.POST or None, instance=edited, organisation=membership.organisation)
    if request.method == "POST" and form.is_valid():
        services.digest_update(membership=membership, digest=edited, data=form.cleaned_data)
        messages.success(request, _("Digest “%(title)s” saved.") % {"title": edited.title})
        return redirect("intranet_digest", pk=digest.pk)
    now = timezone.now()
    subscriptions = selectors.subscribers(digest=digest)
    return render(
        request,
        "intranet/digest_form.html",
        {
            "form": form,
            "digest": digest,
            "issues": selectors.issue_list(digest=digest)[:60],
            "links": _public_links(digest),
            "next": schedule.next_slot(digest, now).due_at if digest.active else None,
            "confirmed": subscriptions.filter(confirmed_at__isnull=False).count(),
            "pending": subscriptions.filter(confirmed_at__isnull=True).count(),
            "can_admin": membership.role == Role.HR_ADMIN,
            "time_zone": membership.organisation.time_zone,
        },
    )


@digest_admin_required
@require_POST
def digest_delete(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    digest = selectors.digest_get_for_user(membership=membership, pk=pk)
    title = digest.title
    services.digest_delete(membership=membership, digest=digest)
    messages.success(request, _("Digest “%(title)s” deleted, with its past issues.") % {"title": title})
    return redirect("intranet_digest_list")


@digest_admin_required
def digest_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The issue as it would be published now (nothing is saved, nobody is e-mailed)."""
    membership = _membership(request)
    digest = selectors.digest_get_for_user(membership=membership, pk=pk)
    start, end = schedule.current_period(digest, timezone.now())
    issue = Issue(
        digest=digest,
        period_start=start,
        period_end=end,
        published_at=timezone.now(),
        content=selectors.content_compute(digest=digest, start=start, end=end),
    )
    language = reader_language(digest, request.GET.get("lang"))
    with translation.override(language):
        context: dict[str, Any] = issue_context(issue=issue, language=language)
    return render(request, "intranet/preview.html", {**context, "digest": digest, "language": language})


@digest_admin_required
@require_POST
def digest_publish(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    digest = selectors.digest_get_for_user(membership=membership, pk=pk)
    issue = services.issue_publish_now(membership=membership, digest=digest)
    if issue is None:
        messages.error(request, _("An issue for this period has already been published today."))
    else:
        messages.success(request, _("Issue published; subscribers are being e-mailed."))
    return redirect("intranet_digest", pk=digest.pk)


@digest_admin_required
@require_POST
def digest_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    digest = selectors.digest_get_for_user(membership=membership, pk=pk)
    services.digest_token_rotate(membership=membership, digest=digest)
    messages.success(
        request,
        _("New public address: update the intranet's embed and feed readers; the old one no longer works."),
    )
    return redirect("intranet_digest", pk=digest.pk)


@hr_only
def digest_subscribers(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    digest = selectors.digest_get_for_user(membership=membership, pk=pk)
    return render(
        request,
        "intranet/subscribers.html",
        {"digest": digest, "subscriptions": selectors.subscribers(digest=digest)},
    )


@hr_only
@require_POST
def digest_subscriber_delete(request: HttpRequest, pk: int, subscriber: int) -> HttpResponse:
    membership = _membership(request)
    digest = selectors.digest_get_for_user(membership=membership, pk=pk)
    subscription = selectors.subscriber_get(digest=digest, pk=subscriber)
    services.subscription_delete(membership=membership, subscription=subscription)
    messages.success(request, _("Address removed from the subscribers."))
    return redirect("intranet_subscribers", pk=digest.pk)


@hr_only
def time_zone_edit(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    organisation = membership.organisation
    form = TimeZoneForm(request.POST or None, initial={"time_zone": organisation.time_zone})
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_time_zone_update(
                membership=membership, time_zone=form.cleaned_data["time_zone"]
            )
        except ValidationError as error:
            form.add_error("time_zone", error.messages)
        else:
            messages.success(request, _("Time zone saved: %(zone)s.") % {"zone": organisation.time_zone})
            return redirect("intranet_digest_list")
    return render(request, "intranet/time_zone.html", {"form": form})
