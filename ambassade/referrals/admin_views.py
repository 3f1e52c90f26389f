"""Management screens of the referral programme: the dashboard (HR admins, recruiters), the rules, held
points and payroll bonuses (HR admins), thanking an introducer (recruiters), the leaderboard (members)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassade.ambassadors.recognition import ambassador_of
from ambassade.ambassadors.recognition_forms import PeriodForm
from ambassade.careers.application_selectors import offer_title
from ambassade.core.audit import audit_record
from ambassade.core.exports import safe_cell
from ambassade.orgs.models import Membership
from ambassade.orgs.permissions import hr_admin_required, member_required, roles_required
from ambassade.referrals import admin_selectors as selectors
from ambassade.referrals.admin_forms import (
    ExportForm,
    HoldFilterForm,
    PointsHoldRefuseForm,
    ReferralSettingsForm,
    ThankForm,
)
from ambassade.referrals.crediting import points_hold_refuse as hold_refuse
from ambassade.referrals.crediting import points_hold_release as hold_release
from ambassade.referrals.crediting import referral_settings_save
from ambassade.referrals.leaderboard import introduction_leaderboard as leaderboard_rows
from ambassade.referrals.models import PayrollBonus, PointsHold
from ambassade.referrals.notify import introduction_thank as thank
from ambassade.referrals.rules import referral_settings_get

dashboard_required = roles_required(*selectors.DASHBOARD_ROLES)
PAGE_SIZE = 50


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _language() -> str:
    return translation.get_language() or "fr"


def _add_errors(
    form: ReferralSettingsForm | PointsHoldRefuseForm | ThankForm, error: ValidationError
) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- dashboard ------------------------------------------------------------------------------------


@dashboard_required
def referral_dashboard(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    dashboard = selectors.referral_dashboard(membership=membership, language=_language())
    page = Paginator(dashboard.confirmed, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "dashboard": dashboard,
        "page": page,
        "language": _language(),
        "held": selectors.points_hold_list(membership=membership, status=PointsHold.Status.HELD).count(),
        "current": "dashboard",
    }
    return render(request, "referrals/manage_dashboard.html", context)


# --- the rules ------------------------------------------------------------------------------------


@hr_admin_required
def referral_settings(request: HttpRequest) -> HttpResponse:
    organisation = _membership(request).organisation
    rules = referral_settings_get(organisation=organisation)
    form = ReferralSettingsForm(request.POST if request.method == "POST" else None, instance=rules)
    if request.method == "POST" and form.is_valid():
        try:
            # A fresh copy: the form's validation already wrote into `rules`.
            referral_settings_save(
                actor=request.user,
                rules=referral_settings_get(organisation=organisation),
                values=form.cleaned_data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Referral settings saved."))
            return redirect("referral_settings")
    status = 400 if form.errors else 200
    return render(
        request, "referrals/manage_settings.html", {"form": form, "current": "settings"}, status=status
    )


# --- held points ----------------------------------------------------------------------------------


def _holds_page(
    request: HttpRequest,
    *,
    refuse_form: PointsHoldRefuseForm | None = None,
    refusing: int | None = None,
    status: int = 200,
) -> HttpResponse:
    membership = _membership(request)
    filters = HoldFilterForm(request.GET or {"status": PointsHold.Status.HELD})
    holds = selectors.points_hold_list(membership=membership, status=filters.chosen())
    page = Paginator(holds, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "refuse_form": refuse_form or PointsHoldRefuseForm(),
        "refusing": refusing,
        "own_person_id": membership.person_id,  # one's own points are for another HR admin to decide
        "language": _language(),
        "current": "holds",
    }
    return render(request, "referrals/manage_points_holds.html", context, status=status)


@hr_admin_required
def points_hold_list(request: HttpRequest) -> HttpResponse:
    return _holds_page(request)


@hr_admin_required
@require_POST
def points_hold_release(request: HttpRequest, pk: int) -> HttpResponse:
    hold = selectors.points_hold_get_for_user(membership=_membership(request), pk=pk)
    try:
        hold_release(actor=request.user, hold=hold)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(points)s points credited to %(name)s.")
            % {"points": hold.points, "name": hold.ambassador.person},
        )
    return redirect("points_hold_list")


@hr_admin_required
@require_POST
def points_hold_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    hold = selectors.points_hold_get_for_user(membership=_membership(request), pk=pk)
    form = PointsHoldRefuseForm(request.POST)
    if form.is_valid():
        try:
            hold_refuse(actor=request.user, hold=hold, note=form.cleaned_data["note"])
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # decided meanwhile: nothing to correct in the form
                messages.error(request, " ".join(error.messages))
                return redirect("points_hold_list")
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(points)s points of %(name)s refused.")
                % {"points": hold.points, "name": hold.ambassador.person},
            )
            return redirect("points_hold_list")
    return _holds_page(request, refuse_form=form, refusing=hold.pk, status=400)


# --- payroll bonuses ------------------------------------------------------------------------------


@hr_admin_required
def payroll_bonus_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    bonuses = selectors.payroll_bonus_list(membership=membership)
    page = Paginator(bonuses, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "export_form": ExportForm(),
        "rules": referral_settings_get(organisation=membership.organisation),
        "language": _language(),
        "current": "payroll",
    }
    return render(request, "referrals/manage_payroll_bonuses.html", context)


def _bonus_rows(bonuses: list[PayrollBonus], language: str) -> tuple[list[str], list[list[object]]]:
    header = [
        _("Recorded on"),
        _("HR number"),
        _("Last name"),
        _("First name"),
        _("E-mail"),
        _("Amount"),
        _("Currency"),
        _("Offer reference"),
        _("Job offer"),
        _("Candidate's stage now"),
        _("Exported before on"),
    ]
    rows: list[list[object]] = []
    for bonus in bonuses:
        person = bonus.person
        introduction = bonus.introduction
        offer = introduction.offer
        application = introduction.application
        rows.append(
            [
                timezone.localtime(bonus.created_at).date(),
                person.hr_id if person else "",
                person.last_name if person else _("(erased)"),
                person.first_name if person else "",
                person.email if person else "",
                bonus.amount,
                bonus.currency,
                offer.reference if offer else "",
                offer_title(offer, language) if offer else _("Spontaneous"),
                application.get_stage_display() if application else "",
                timezone.localtime(bonus.exported_at).date() if bonus.exported_at else "",
            ]
        )
    return header, rows


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow(
            [str(cell).replace(".", ",") if isinstance(cell, Decimal) else safe_cell(cell) for cell in row]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM: spreadsheets then read UTF-8


def _xlsx(header: list[str], rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = str(_("Payroll bonuses"))[:31]
    sheet.append([safe_cell(cell) for cell in header])
    for row in rows:
        sheet.append([cell if isinstance(cell, Decimal) else safe_cell(cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@hr_admin_required
@require_POST
def payroll_bonus_export(request: HttpRequest) -> HttpResponse:
    """The bonuses for payroll, as CSV (";", UTF-8) or XLSX; rows not exported before are marked."""
    membership = _membership(request)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the file format: CSV or XLSX."))
        return redirect("payroll_bonus_list")
    kind = form.cleaned_data["format"]
    now = timezone.now()
    with transaction.atomic():
        bonuses = list(selectors.payroll_bonus_list(membership=membership).order_by("created_at", "pk"))
        header, rows = _bonus_rows(bonuses, _language())
        fresh = [bonus.pk for bonus in bonuses if bonus.exported_at is None]
        PayrollBonus.objects.filter(pk__in=fresh).update(exported_at=now)
        audit_record(
            actor=request.user,
            action="payroll_bonus.export",
            organisation=membership.organisation,
            changes={"rows": [None, len(rows)], "first_export": [None, len(fresh)], "format": [None, kind]},
        )
    stamp = timezone.localtime(now).strftime("%Y-%m-%d")
    if kind == "csv":
        response = HttpResponse(_csv(header, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            _xlsx(header, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="payroll-bonuses-{stamp}.{kind}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- thanks ---------------------------------------------------------------------------------------


@dashboard_required
@require_POST
def introduction_thank(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = selectors.introduction_get_for_thanks(membership=_membership(request), pk=pk)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    back = target or reverse("application_detail", kwargs={"pk": introduction.application_id})
    if introduction.thanked_at is not None:
        messages.info(request, _("The introducer was already thanked."))
        return redirect(back)
    form = ThankForm(request.POST)
    if form.is_valid():
        try:
            thank(actor=request.user, introduction=introduction, message=form.cleaned_data["message"])
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect(back)
            _add_errors(form, error)
        else:
            name = introduction.introducer
            messages.success(request, _("Your thanks were sent to %(name)s.") % {"name": name})
            return redirect(back)
    context = {"form": form, "introduction": introduction, "back": back}
    return render(request, "referrals/manage_thank.html", context, status=400)


# --- leaderboard ----------------------------------------------------------------------------------


@member_required
def introduction_leaderboard(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = PeriodForm(request.GET or None)
    period = form.chosen()
    context = {
        "form": form,
        "period": period,
        "rows": leaderboard_rows(organisation=membership.organisation, period=period),
        "mine": ambassador_of(membership=membership),
        "current": "leaderboard",
    }
    return render(request, "referrals/manage_leaderboard.html", context)
