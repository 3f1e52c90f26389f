from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassade.core.audit import audit_record
from ambassade.orgs import selectors, services
from ambassade.orgs.access import access_change, access_grant, access_revoke, invitation_send
from ambassade.orgs.forms import (
    AccessForm,
    AudienceForm,
    DepartmentForm,
    EntityForm,
    LanguageForm,
    OrganisationScopedForm,
    OrganisationSetupForm,
    PeopleFilterForm,
    PersonForm,
)
from ambassade.orgs.models import Membership
from ambassade.orgs.permissions import hr_admin_required, member_required, roles_required
from ambassade.orgs.roles import DIRECTORY_ROLES, STRUCTURE_ROLES, Role

structure_required = roles_required(*STRUCTURE_ROLES)
directory_required = roles_required(*DIRECTORY_ROLES)


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


# --- home, language, first set-up -------------------------------------------------------------


@member_required
def home(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    context: dict[str, Any] = {"person": membership.person}
    if membership.role in DIRECTORY_ROLES or membership.role == Role.RECRUITER:
        context["totals"] = selectors.organisation_totals(membership=membership)
    if membership.role == Role.MANAGER and membership.managed_department:
        department = membership.managed_department
        context["department"] = department
        context["headcounts"] = selectors.department_headcounts(department=department)
        context["audiences"] = selectors.audience_headcounts(department=department)
        context["min_group_size"] = selectors.MIN_GROUP_SIZE
    return render(request, f"orgs/home_{membership.role}.html", context)


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return redirect("home")
    language = form.cleaned_data["language"]
    membership = getattr(request, "membership", None)
    if membership is not None:
        membership.language = language
        membership.save(update_fields=["language", "updated_at"])
    target = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("home")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=False,
    )
    return response


def setup(request: HttpRequest) -> HttpResponse:
    """First run of a real installation: the superuser names the organisation and becomes its HR admin."""
    if not request.user.is_authenticated or not request.user.is_superuser:
        return redirect("home")
    if getattr(request, "membership", None) is not None:
        return redirect("home")
    form = OrganisationSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organisation = form.save()
            Membership.objects.create(user=request.user, organisation=organisation, role=Role.HR_ADMIN)
            audit_record(
                actor=request.user,
                action="organisation.create",
                organisation=organisation,
                target=organisation,
            )
        return redirect("home")
    return render(request, "orgs/setup.html", {"form": form})


@member_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "orgs/profile.html",
        {"language_form": LanguageForm(initial={"language": request.LANGUAGE_CODE, "next": request.path})},
    )


# --- shared create / edit -----------------------------------------------------------------------


def _edit(
    request: HttpRequest,
    *,
    form_class: type[OrganisationScopedForm],
    instance: Model | None,
    save: Callable[..., Model],
    template: str,
    success: Callable[[Model], str],
    noun: str,
) -> HttpResponse:
    membership = _membership(request)
    bound = copy.copy(instance) if instance is not None else None
    form = form_class(request.POST or None, instance=bound, organisation=membership.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(
                actor=request.user,
                organisation=membership.organisation,
                **{noun: instance},
                **form.cleaned_data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(name)s") % {"name": saved})
            return redirect(success(saved))
    return render(request, template, {"form": form, "object": instance}, status=400 if form.errors else 200)


def _add_errors(form: OrganisationScopedForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def _editing_views(
    *,
    form_class: type[OrganisationScopedForm],
    save: Callable[..., Model],
    get_for_user: Callable[..., Model],
    template: str,
    success: Callable[[Model], str],
    noun: str,
) -> tuple[Callable[..., HttpResponse], Callable[..., HttpResponse]]:
    """The create and edit views of one kind of object, for HR admins."""

    def options() -> dict[str, Any]:
        return {
            "form_class": form_class,
            "save": save,
            "template": template,
            "success": success,
            "noun": noun,
        }

    @hr_admin_required
    def create(request: HttpRequest) -> HttpResponse:
        return _edit(request, instance=None, **options())

    @hr_admin_required
    def edit(request: HttpRequest, pk: int) -> HttpResponse:
        instance = get_for_user(membership=_membership(request), pk=pk)
        return _edit(request, instance=instance, **options())

    return create, edit


# --- entities ---------------------------------------------------------------------------------


@structure_required
def entity_list(request: HttpRequest) -> HttpResponse:
    entities = selectors.entity_list(membership=_membership(request))
    return render(request, "orgs/entity_list.html", {"entities": entities})


entity_create, entity_edit = _editing_views(
    form_class=EntityForm,
    save=services.entity_save,
    get_for_user=selectors.entity_get_for_user,
    template="orgs/entity_form.html",
    success=lambda _: reverse("entity_list"),
    noun="entity",
)


# --- departments ------------------------------------------------------------------------------


@structure_required
def department_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    entities = selectors.entity_list(membership=membership)
    departments = selectors.department_list(membership=membership).order_by("entity__name", "path")
    return render(request, "orgs/department_list.html", {"entities": entities, "departments": departments})


@structure_required
def department_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    department = selectors.department_get_for_user(membership=membership, pk=pk)
    context = {
        "department": department,
        "headcounts": selectors.department_headcounts(department=department),
        "audiences": selectors.audience_headcounts(department=department),
        "min_group_size": selectors.MIN_GROUP_SIZE,
    }
    return render(request, "orgs/department_detail.html", context)


department_create, department_edit = _editing_views(
    form_class=DepartmentForm,
    save=services.department_save,
    get_for_user=selectors.department_get_for_user,
    template="orgs/department_form.html",
    success=lambda department: reverse("department_detail", args=[department.pk]),
    noun="department",
)


# --- audiences --------------------------------------------------------------------------------


@structure_required
def audience_list(request: HttpRequest) -> HttpResponse:
    audiences = selectors.audience_list(membership=_membership(request))
    return render(request, "orgs/audience_list.html", {"audiences": audiences})


audience_create, audience_edit = _editing_views(
    form_class=AudienceForm,
    save=services.audience_save,
    get_for_user=selectors.audience_get_for_user,
    template="orgs/audience_form.html",
    success=lambda _: reverse("audience_list"),
    noun="audience",
)


# --- people -----------------------------------------------------------------------------------


@directory_required
def person_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = PeopleFilterForm(request.GET or None, organisation=membership.organisation)
    filters = _people_filters(form)
    people = selectors.person_list(membership=membership, filters=filters)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(
        request, "orgs/person_list.html", {"form": form, "page": page, "count": page.paginator.count}
    )


def _people_filters(form: PeopleFilterForm) -> selectors.PeopleFilters:
    if not form.is_valid():
        return selectors.PeopleFilters()
    data = form.cleaned_data
    status = {"active": True, "inactive": False, "all": None}.get(data["status"] or "active")
    return selectors.PeopleFilters(
        query=data["q"],
        entity_id=data["entity"].pk if data["entity"] else None,
        department_id=data["department"].pk if data["department"] else None,
        audience_id=data["audience"].pk if data["audience"] else None,
        active=status,
    )


@member_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    person = selectors.person_get_for_user(membership=membership, pk=pk)
    context: dict[str, Any] = {"person": person}
    if membership.role == Role.HR_ADMIN:
        access = Membership.objects.filter(person=person).select_related("user", "scope_department").first()
        initial = {"role": access.role, "scope_department": access.scope_department} if access else {}
        context["access"] = access
        context["access_form"] = AccessForm(initial=initial, organisation=membership.organisation)
    return render(request, "orgs/person_detail.html", context)


@hr_admin_required
@require_POST
def person_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Give, change or remove a person's access (the `action` field says which)."""
    membership = _membership(request)
    person = selectors.person_get_for_user(membership=membership, pk=pk)
    access = Membership.objects.filter(person=person).select_related("user").first()
    form = AccessForm(request.POST, organisation=membership.organisation)
    action = request.POST.get("action")
    try:
        if action == "resend" and access is not None:
            invitation_send.enqueue(membership_id=access.pk)
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": access.user.email})
        elif action == "revoke" and access is not None:
            access_revoke(actor=request.user, membership=access)
            messages.success(request, _("%(name)s can no longer sign in.") % {"name": person})
        elif form.is_valid() and action in {"grant", "change"}:
            values = {
                "role": form.cleaned_data["role"],
                "scope_department": form.cleaned_data["scope_department"],
            }
            if action == "grant" or access is None:
                access_grant(actor=request.user, person=person, **values)
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": person.email})
            else:
                access_change(actor=request.user, membership=access, **values)
                messages.success(request, _("Access updated."))
        else:
            messages.error(request, _("Choose a valid role."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("person_detail", pk=person.pk)


@member_required
def my_record(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    if membership.person_id is None:
        return render(request, "orgs/person_detail.html", {"person": None})
    return redirect("person_detail", pk=membership.person_id)


@hr_admin_required
@require_POST
def person_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(membership=_membership(request), pk=pk)
    active = request.POST.get("active") == "1"
    services.person_set_active(actor=request.user, person=person, active=active)
    messages.success(
        request,
        _("%(name)s is active again.") % {"name": person}
        if active
        else _("%(name)s has been deactivated.") % {"name": person},
    )
    return redirect("person_detail", pk=person.pk)


person_create, person_edit = _editing_views(
    form_class=PersonForm,
    save=services.person_save,
    get_for_user=selectors.person_get_for_user,
    template="orgs/person_form.html",
    success=lambda person: reverse("person_detail", args=[person.pk]),
    noun="person",
)


@hr_admin_required
@require_POST
def department_delete(request: HttpRequest, pk: int) -> HttpResponse:
    department = selectors.department_get_for_user(membership=_membership(request), pk=pk)
    try:
        services.department_delete(actor=request.user, department=department)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("department_edit", pk=department.pk)
    messages.success(request, _("Deleted: %(name)s") % {"name": department})
    return redirect("department_list")


@hr_admin_required
@require_POST
def audience_delete(request: HttpRequest, pk: int) -> HttpResponse:
    audience = selectors.audience_get_for_user(membership=_membership(request), pk=pk)
    services.audience_delete(actor=request.user, audience=audience)
    messages.success(request, _("Deleted: %(name)s") % {"name": audience})
    return redirect("audience_list")
