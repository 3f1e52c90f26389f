"""Forms of the programme side: invitations, joining, accounts, followers, the self-assessment,
preferences, settings, and the filters of the lists and of the adoption curve."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambassade.ambassadors.checklist import ASSESSMENT
from ambassade.ambassadors.models import Ambassador, Network, Programme
from ambassade.ambassadors.selectors import group_choices, is_programme_admin
from ambassade.ambassadors.services import MAX_FOLLOWERS, SETTINGS_FIELDS
from ambassade.orgs.forms import DepartmentChoiceField
from ambassade.orgs.models import Audience, Department, Entity, Membership, Person
from ambassade.orgs.selectors import PeopleFilters


def _choice_field(form: forms.Form, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class InvitationForm(forms.Form):
    """Who to invite: one person, or everyone matching the people list's filters (a department with its
    sub-departments, an audience, an entity, a search). Managers: their own subtree only."""

    person = forms.ModelChoiceField(
        label=_("person"), queryset=Person.objects.none(), required=False, widget=forms.HiddenInput
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    entity = forms.ModelChoiceField(label=_("entity"), queryset=Entity.objects.none(), required=False)
    department = DepartmentChoiceField(
        label=_("department (with its sub-departments)"), queryset=Department.objects.none(), required=False
    )
    audience = forms.ModelChoiceField(label=_("audience"), queryset=Audience.objects.none(), required=False)

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = membership.organisation
        _choice_field(self, "entity").queryset = Entity.objects.filter(organisation=organisation)
        _choice_field(self, "audience").queryset = Audience.objects.filter(organisation=organisation)
        departments = Department.objects.filter(organisation=organisation).select_related("entity")
        if is_programme_admin(membership):
            _choice_field(self, "person").queryset = Person.objects.filter(
                organisation=organisation, is_active=True
            )
        else:
            top = membership.managed_department
            departments = departments.filter(path__startswith=top.path) if top else departments.none()
            for name in ("person", "q", "entity"):
                del self.fields[name]
        _choice_field(self, "department").queryset = departments.order_by("entity__name", "path")

    def filters(self) -> PeopleFilters:
        data = self.cleaned_data
        return PeopleFilters(
            query=data.get("q") or "",
            entity_id=data["entity"].pk if data.get("entity") else None,
            department_id=data["department"].pk if data.get("department") else None,
            audience_id=data["audience"].pk if data.get("audience") else None,
            active=True,
        )

    def description(self) -> str:
        """The scope in words, for the audit log."""
        data = self.cleaned_data
        if data.get("person"):
            return str(data["person"])
        parts = [
            f"{name}={data[name]}" for name in ("q", "entity", "department", "audience") if data.get(name)
        ]
        return ", ".join(parts) or "all"


class JoinForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I have read what is collected and why, and I want to join the programme."),
        required=True,
        error_messages={"required": _("Tick the box to say you agree, or simply leave this page.")},
    )


class AccountForm(forms.Form):
    network = forms.ChoiceField(choices=Network.choices, widget=forms.HiddenInput)
    handle = forms.CharField(label=_("profile"), max_length=300, required=False)


class FollowersForm(forms.Form):
    network = forms.ChoiceField(choices=Network.choices, widget=forms.HiddenInput)
    followers = forms.IntegerField(label=_("followers"), min_value=0, max_value=MAX_FOLLOWERS)
    counted_on = forms.DateField(
        label=_("date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("counted_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class AssessmentForm(forms.Form):
    """The four questions of the expertise self-assessment (see checklist.ASSESSMENT)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in ASSESSMENT:
            self.fields[question.key] = forms.TypedChoiceField(
                label=question.label,  # type: ignore[arg-type]
                choices=[(score, label) for score, label in question.answers],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one answer.")},
            )

    def answers(self) -> dict[str, int]:
        return {question.key: self.cleaned_data[question.key] for question in ASSESSMENT}


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Ambassador
        fields = ["digest_frequency", "leaderboard_opt_in", "show_name_in_network"]
        help_texts = {
            "digest_frequency": _("An e-mail with what is new for you in the hub."),
            "leaderboard_opt_in": _("Off by default. Team and department boards only ever show totals."),
            "show_name_in_network": _("Other ambassadors may see your name in the programme's network."),
        }


class ProgrammeSettingsForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = SETTINGS_FIELDS
        widgets = {"launched_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class AmbassadorFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("All"))] + list(Ambassador.Status.choices)
    )
    department = DepartmentChoiceField(
        label=_("department (with its sub-departments)"), queryset=Department.objects.none(), required=False
    )
    activity = forms.ChoiceField(
        label=_("activity"),
        required=False,
        choices=[("", _("All")), ("active", _("Active")), ("inactive", _("Enrolled, inactive"))],
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(organisation=membership.organisation).select_related("entity")
        _choice_field(self, "department").queryset = departments.order_by("entity__name", "path")


class AdoptionGroupForm(forms.Form):
    """The adoption curve's selector: everything in scope, or one entity, department or audience."""

    group = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = group_choices(membership=membership)
        titles = {"entity": _("Entities"), "department": _("Departments"), "audience": _("Audiences")}
        options: list[Any] = [("", _("Everyone in my scope"))]
        for kind in ("entity", "department", "audience"):
            if choices[kind]:
                options.append((titles[kind], [(f"{kind}:{pk}", label) for pk, label in choices[kind]]))
        self.fields["group"].choices = options  # type: ignore[attr-defined]

    def chosen(self) -> tuple[str, int | None]:
        if not self.is_valid() or not self.cleaned_data["group"]:
            return "", None
        kind, _separator, pk = self.cleaned_data["group"].partition(":")
        return kind, int(pk)
