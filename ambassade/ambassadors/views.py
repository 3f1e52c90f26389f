"""The programme's pages: overview and adoption curve, joining (signed in or from an invitation link),
one's ambassador profile, withdrawal, invitations, the ambassadors list, coverage, and settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassade.ambassadors import selectors, services
from ambassade.ambassadors.checklist import ASSESSMENT, EXPERT_FROM, FOLLOWER_BONUS, INTERMEDIATE_FROM
from ambassade.ambassadors.forms import (
    AccountForm,
    AdoptionGroupForm,
    AmbassadorFilterForm,
    AssessmentForm,
    FollowersForm,
    InvitationForm,
    JoinForm,
    PreferencesForm,
    ProgrammeSettingsForm,
)
from ambassade.ambassadors.handles import handle_url
from ambassade.ambassadors.models import Ambassador, ConsentRecord, Network
from ambassade.ambassadors.programme import CONSENT_VERSION, ambassador_is_active, programme_get
from ambassade.ambassadors.recognition import impact_of
from ambassade.ambassadors.selectors import AmbassadorFilters, Series
from ambassade.orgs.models import Membership, Person
from ambassade.orgs.permissions import hr_admin_required, member_required, roles_required
from ambassade.orgs.roles import Role
from ambassade.orgs.selectors import MIN_GROUP_SIZE

programme_admin_required = roles_required(Role.HR_ADMIN, Role.COMMS)
aggregates_required = roles_required(Role.HR_ADMIN, Role.COMMS, Role.MANAGER)


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _language() -> str:
    return (get_language() or "fr")[:2]


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- overview -------------------------------------------------------------------------------------


def _chart(series: Series) -> dict[str, Any]:
    return {
        "days": [point.days for point in series.points],
        "dates": [point.day.isoformat() for point in series.points],
        "staff": [point.staff for point in series.points],
        "enrolled": [point.enrolled for point in series.points],
        "active": [point.active for point in series.points],
        "labels": {
            "enrolled": _("Enrolled people"),
            "active": _("Active people"),
            "line": _("%(series)s: %(value)s"),
            "day": _("Day %(days)s after the launch"),
            "axis": _("Days since the launch"),
            "of": _("%(count)s of %(total)s"),
        },
    }


@member_required
def programme(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    program = programme_get(organisation=membership.organisation)
    ambassador = selectors.my_ambassador(membership=membership)
    context: dict[str, Any] = {
        "programme": program,
        "ambassador": ambassador,
        "is_active": ambassador is not None
        and ambassador_is_active(ambassador=ambassador, programme=program),
        "sees_aggregates": membership.role in selectors.AGGREGATE_ROLES,
        "is_admin": selectors.is_programme_admin(membership),
        "min_group_size": MIN_GROUP_SIZE,
    }
    if context["sees_aggregates"]:
        form = AdoptionGroupForm(request.GET or None, membership=membership)
        group, group_id = form.chosen()
        series = selectors.adoption_series(membership=membership, group=group, group_id=group_id)
        context.update(
            {
                "figures": selectors.programme_figures(membership=membership),
                "group_form": form,
                "series": series,
                "last": series.last,
                "chart": _chart(series),
                "completion": selectors.checklist_completion_by_department(membership=membership),
                "scope": selectors.scope_top(membership),
            }
        )
    return render(request, "ambassadors/programme/overview.html", context)


# --- joining --------------------------------------------------------------------------------------


def _consent_context() -> dict[str, Any]:
    return {"consent_version": CONSENT_VERSION}


@member_required
def programme_join(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    if membership.person is None:
        return render(request, "ambassadors/programme/no_person.html")
    ambassador = selectors.my_ambassador(membership=membership)
    if ambassador is not None and ambassador.is_enrolled:
        return redirect("programme_me")
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ambassador_join(actor=request.user, person=membership.person, language=_language())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Welcome to the programme! Start with your profile checklist."))
            return redirect("programme_me")
    context = {
        "form": form,
        "person": membership.person,
        "again": ambassador is not None,
        **_consent_context(),
    }
    return render(request, "ambassadors/programme/join.html", context, status=400 if form.errors else 200)


def programme_join_token(request: HttpRequest, token: str) -> HttpResponse:
    """Join from the invitation e-mail: works without an account, once (a link already used leads to
    signing in, never to choosing a password)."""
    check = services.invitation_check(token=token)
    if check.ambassador is None:
        problem = {"problem": check.problem, "next": reverse("programme_me")}
        return render(request, "ambassadors/programme/invitation_invalid.html", problem)
    ambassador = check.ambassador
    membership: Membership | None = getattr(request, "membership", None)
    if request.user.is_authenticated and (membership is None or membership.person_id != ambassador.person_id):
        return render(request, "ambassadors/programme/invitation_other.html", status=403)
    signed_in = membership is not None
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            joined = services.ambassador_join_by_invitation(ambassador=ambassador, language=_language())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Welcome to the programme!"))
            return _after_joining(request, joined, signed_in)
    context: dict[str, Any] = {"form": form, "person": ambassador.person, "invitation": True}
    context.update(_consent_context())
    return render(request, "ambassadors/programme/join.html", context, status=400 if form.errors else 200)


def _after_joining(request: HttpRequest, joined: services.InvitationJoin, signed_in: bool) -> HttpResponse:
    if signed_in:
        return redirect("programme_me")
    if joined.set_password_url:
        messages.info(request, _("Choose your password, then sign in to complete your ambassador profile."))
        return redirect(joined.set_password_url)
    messages.info(request, _("Sign in to complete your ambassador profile."))
    return redirect_to_login(reverse("programme_me"))


# --- my ambassador profile ------------------------------------------------------------------------


def _me_context(ambassador: Ambassador, *, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    bound = bound or {}
    accounts = selectors.accounts_view(ambassador=ambassador)
    checklists = selectors.checklist_state(ambassador=ambassador)
    for view in accounts:
        view.account_form = bound.get(f"account:{view.network}") or AccountForm(  # type: ignore[attr-defined]
            prefix=view.network,
            initial={"network": view.network, "handle": view.account.handle if view.account else ""},
        )
        view.followers_form = bound.get(f"followers:{view.network}") or FollowersForm(  # type: ignore[attr-defined]
            prefix=f"{view.network}-followers", initial={"network": view.network}
        )
        view.url = handle_url(network=view.network, handle=view.account.handle) if view.account else ""  # type: ignore[attr-defined]
    program = programme_get(organisation=ambassador.organisation)
    return {
        "ambassador": ambassador,
        "programme": program,
        "is_active": ambassador_is_active(ambassador=ambassador, programme=program),
        "accounts": accounts,
        "checklists": checklists,
        "completion": selectors.completion_percent(checklists),
        "assessment_form": bound.get("assessment")
        or AssessmentForm(initial=ambassador.self_assessment or None),
        "preferences_form": bound.get("preferences") or PreferencesForm(instance=ambassador),
        "largest_followers": services.largest_follower_count(ambassador=ambassador),
        "consents": ConsentRecord.objects.filter(ambassador=ambassador),
        "rule": {"intermediate": INTERMEDIATE_FROM, "expert": EXPERT_FROM, "bonus": FOLLOWER_BONUS},
        "questions": len(ASSESSMENT),
    }


@member_required
def programme_me(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    if membership.person is None:
        return render(request, "ambassadors/programme/no_person.html")
    ambassador = selectors.my_ambassador(membership=membership)
    if ambassador is None or not ambassador.is_enrolled:
        return redirect("programme_join")
    if request.method == "POST":
        return _me_post(request, ambassador)
    return render(request, "ambassadors/programme/me.html", _me_context(ambassador))


def _me_post(request: HttpRequest, ambassador: Ambassador) -> HttpResponse:
    action, _separator, network = request.POST.get("action", "").partition(":")
    if network and network not in Network.values:
        action = ""
    if action == "tick":
        return _tick(request, ambassador, network)
    bound: dict[str, Any] = {}
    anchor = ""
    try:
        if action == "account":
            form: Any = AccountForm(request.POST, prefix=network)
            bound[f"account:{network}"] = form
            anchor = f"network-{network}"
            if form.is_valid():
                if form.cleaned_data["handle"].strip():
                    services.social_account_save(
                        ambassador=ambassador, network=network, handle=form.cleaned_data["handle"]
                    )
                    messages.success(
                        request, _("%(network)s account saved.") % {"network": Network(network).label}
                    )
                else:
                    services.social_account_remove(ambassador=ambassador, network=network)
                    messages.success(
                        request, _("%(network)s account removed.") % {"network": Network(network).label}
                    )
                return redirect(f"{reverse('programme_me')}#{anchor}")
        elif action == "followers":
            form = FollowersForm(request.POST, prefix=f"{network}-followers")
            bound[f"followers:{network}"] = form
            anchor = f"network-{network}"
            if form.is_valid():
                services.follower_count_record(
                    ambassador=ambassador,
                    network=network,
                    followers=form.cleaned_data["followers"],
                    counted_on=form.cleaned_data["counted_on"],
                )
                messages.success(request, _("Follower count saved."))
                return redirect(f"{reverse('programme_me')}#{anchor}")
        elif action == "assessment":
            form = AssessmentForm(request.POST)
            bound["assessment"] = form
            anchor = "expertise"
            if form.is_valid():
                services.self_assessment_save(ambassador=ambassador, answers=form.answers())
                messages.success(request, _("Your answers are saved."))
                return redirect(f"{reverse('programme_me')}#{anchor}")
        elif action == "preferences":
            form = PreferencesForm(request.POST, instance=Ambassador.objects.get(pk=ambassador.pk))
            bound["preferences"] = form
            anchor = "preferences"
            if form.is_valid():
                services.preferences_save(
                    actor=request.user,
                    ambassador=ambassador,
                    digest_frequency=form.cleaned_data["digest_frequency"],
                    leaderboard_opt_in=form.cleaned_data["leaderboard_opt_in"],
                    show_name_in_network=form.cleaned_data["show_name_in_network"],
                )
                messages.success(request, _("Your preferences are saved."))
                return redirect(f"{reverse('programme_me')}#{anchor}")
        else:
            messages.error(request, _("Unknown action."))
            return redirect("programme_me")
    except ValidationError as error:
        _add_errors(form, error)
    ambassador.refresh_from_db()
    context = _me_context(ambassador, bound=bound)
    context["error_anchor"] = anchor
    return render(request, "ambassadors/programme/me.html", context, status=400)


def _tick(request: HttpRequest, ambassador: Ambassador, network: str) -> HttpResponse:
    done = request.POST.get("done") in ("1", "on", "true")
    try:
        complete = services.checklist_tick(
            ambassador=ambassador, network=network, item=request.POST.get("item", ""), done=done
        )
    except ValidationError as error:
        if request.headers.get("HX-Request"):
            return HttpResponse(" ".join(error.messages), status=400)
        messages.error(request, " ".join(error.messages))
        return redirect("programme_me")
    if request.headers.get("HX-Request"):
        checklists = selectors.checklist_state(ambassador=ambassador)
        checklist = next(item for item in checklists if item.network == network)
        context = {
            "checklist": checklist,
            "completion": selectors.completion_percent(checklists),
            "just_completed": complete and done,
            "oob": True,
        }
        return render(request, "ambassadors/programme/_checklist.html", context)
    if complete and done:
        messages.success(request, _("Checklist complete: well done!"))
    return redirect(f"{reverse('programme_me')}#checklist-{network}")


@member_required
@require_POST
def programme_withdraw(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    ambassador = selectors.my_ambassador(membership=membership)
    if ambassador is None or not ambassador.is_enrolled:
        messages.error(request, _("You are not enrolled in the programme."))
        return redirect("programme")
    services.ambassador_withdraw(actor=request.user, ambassador=ambassador, language=_language())
    messages.success(
        request,
        _(
            "You have left the programme. Your activity is no longer shown to anyone, you are off every "
            "leaderboard and you will get no more e-mails from it. You can join again at any time."
        ),
    )
    return redirect("programme")


# --- invitations ----------------------------------------------------------------------------------


@aggregates_required
def programme_invite(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    data = request.POST if request.method == "POST" else request.GET
    form = InvitationForm(data or None, membership=membership)
    context: dict[str, Any] = {"form": form, "is_admin": selectors.is_programme_admin(membership)}
    if form.is_bound and form.is_valid():
        person: Person | None = form.cleaned_data.get("person")
        if person is not None:
            people = Person.objects.filter(pk=person.pk, is_active=True)
        else:
            people = selectors.invitation_people(membership=membership, filters=form.filters())
        if request.method == "POST":
            report = services.invitations_send(
                actor=request.user,
                organisation=membership.organisation,
                people=people,
                scope=form.description(),
            )
            context["report"] = report
        else:
            context["preview"] = _invitation_preview(membership, people)
    status = 400 if form.errors else 200
    return render(request, "ambassadors/programme/invite.html", context, status=status)


def _invitation_preview(membership: Membership, people: Any) -> dict[str, Any]:
    """How many people match and, for the programme's admins only, who will be skipped and why (a
    manager could otherwise tell, filter by filter, who in their team is enrolled)."""
    total = people.count()
    if not selectors.is_programme_admin(membership):
        return {"total": total, "shown": False}
    recent = timezone.now() - services.RECENT_INVITATION
    statuses: dict[int, str] = {}
    for person_id, status, invited_at in Ambassador.objects.filter(person__in=people).values_list(
        "person_id", "status", "invited_at"
    ):
        if status == Ambassador.Status.INVITED and invited_at is not None and invited_at > recent:
            status = "recent"
        statuses[person_id] = status
    skipped = {Ambassador.Status.ENROLLED, Ambassador.Status.WITHDRAWN, "recent"}
    counts = {name: sum(1 for status in statuses.values() if status == name) for name in skipped}
    without_email = [
        pk for pk in people.filter(email="").values_list("pk", flat=True) if statuses.get(pk) not in skipped
    ]
    return {
        "total": total,
        "shown": True,
        "enrolled": counts[Ambassador.Status.ENROLLED],
        "withdrawn": counts[Ambassador.Status.WITHDRAWN],
        "recent": counts["recent"],
        "without_email": len(without_email),
        "invitable": total - sum(counts.values()) - len(without_email),
        "single": people.first() if total == 1 else None,
    }


# --- ambassadors (programme admins) ---------------------------------------------------------------


@programme_admin_required
def ambassador_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = AmbassadorFilterForm(request.GET or None, membership=membership)
    filters = AmbassadorFilters()
    if form.is_valid():
        filters = AmbassadorFilters(
            status=form.cleaned_data["status"],
            department_id=form.cleaned_data["department"].pk if form.cleaned_data["department"] else None,
            activity=form.cleaned_data["activity"],
        )
    ambassadors = selectors.ambassador_list(membership=membership, filters=filters)
    page = Paginator(ambassadors, 50).get_page(request.GET.get("page"))
    program = programme_get(organisation=membership.organisation)
    enrolled_ids = [a.pk for a in page.object_list if a.is_enrolled]
    shares = selectors.completions(ambassador_ids=enrolled_ids)
    rows = []
    for ambassador in page.object_list:
        figures = ambassador.is_enrolled
        done, total = shares.get(ambassador.pk, (0, 0))
        rows.append(
            {
                "ambassador": ambassador,
                "figures": figures,
                "active": figures and ambassador_is_active(ambassador=ambassador, programme=program),
                "completion": round(100 * done / total) if figures and total else None,
            }
        )
    context = {"form": form, "page": page, "rows": rows, "count": page.paginator.count}
    return render(request, "ambassadors/programme/ambassador_list.html", context)


@programme_admin_required
def ambassador_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    ambassador = selectors.ambassador_get_for_user(membership=membership, pk=pk)
    program = programme_get(organisation=membership.organisation)
    context: dict[str, Any] = {
        "ambassador": ambassador,
        "figures": ambassador.status in (Ambassador.Status.ENROLLED, Ambassador.Status.INVITED),
        "consents": ConsentRecord.objects.filter(ambassador=ambassador),
    }
    if ambassador.is_enrolled:
        checklists = selectors.checklist_state(ambassador=ambassador)
        accounts = [view for view in selectors.accounts_view(ambassador=ambassador) if view.account]
        for view in accounts:
            view.url = handle_url(network=view.network, handle=view.account.handle)  # type: ignore[attr-defined,union-attr]
        context.update(
            {
                "accounts": accounts,
                "checklists": checklists,
                "completion": selectors.completion_percent(checklists),
                "is_active": ambassador_is_active(ambassador=ambassador, programme=program),
                "impact": impact_of(ambassador=ambassador),
                "can_adjust": membership.role == Role.HR_ADMIN,
            }
        )
    return render(request, "ambassadors/programme/ambassador_detail.html", context)


# --- coverage and settings ------------------------------------------------------------------------


@aggregates_required
def coverage(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    rows = selectors.coverage_tree(membership=membership)
    context = {
        "rows": rows,
        "gaps": sum(1 for row in rows if row.gap),
        "covered": sum(1 for row in rows if row.covered),
        "min_group_size": MIN_GROUP_SIZE,
        "is_admin": selectors.is_programme_admin(membership),
        "programme": programme_get(organisation=membership.organisation),
    }
    return render(request, "ambassadors/programme/coverage.html", context)


@hr_admin_required
def programme_settings(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    program = programme_get(organisation=membership.organisation)
    form = ProgrammeSettingsForm(request.POST if request.method == "POST" else None, instance=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_settings_save(
                actor=request.user,
                programme=programme_get(organisation=membership.organisation),
                values=form.cleaned_data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Programme settings saved."))
            return redirect("programme_settings")
    status = 400 if form.errors else 200
    return render(request, "ambassadors/programme/settings.html", {"form": form}, status=status)
