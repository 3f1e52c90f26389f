from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ambassade.orgs.models import (
    LANGUAGE_CHOICES,
    Audience,
    Department,
    Entity,
    Organisation,
    PeopleImport,
    Person,
)
from ambassade.orgs.roles import Role


class OrganisationScopedForm(forms.ModelForm):
    """A model form whose choices of related objects are limited to one organisation."""

    scoped_fields: dict[str, type[models.Model]] = {}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        for name, model in self.scoped_fields.items():
            self.choice_field(name).queryset = model._default_manager.filter(organisation=organisation)

    def choice_field(self, name: str) -> forms.ModelChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field

    def _post_clean(self) -> None:
        # Model validation (uniqueness included) needs the organisation set on the instance.
        self.instance.organisation = self.organisation
        super()._post_clean()  # type: ignore[misc]  # a private hook of ModelForm, missing from the stubs


class EntityForm(OrganisationScopedForm):
    scoped_fields = {"parent": Entity}
    languages = forms.MultipleChoiceField(
        label=_("languages"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple, initial=["fr"]
    )

    class Meta:
        model = Entity
        fields = ["name", "slug", "kind", "parent", "languages", "host", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            others = Entity.objects.filter(organisation=self.organisation).exclude(pk=self.instance.pk)
            self.choice_field("parent").queryset = others


class DepartmentChoiceField(forms.ModelChoiceField):
    """Departments shown as an indented tree under their entity."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.entity} › {'— ' * obj.depth}{obj.name}"


class DepartmentForm(OrganisationScopedForm):
    scoped_fields = {"entity": Entity}

    class Meta:
        model = Department
        fields = ["name", "code", "entity", "parent"]
        field_classes = {"parent": DepartmentChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(organisation=self.organisation).select_related("entity")
        self.choice_field("parent").queryset = departments.order_by("entity__name", "path")


class AudienceForm(OrganisationScopedForm):
    class Meta:
        model = Audience
        fields = ["name", "slug", "description", "position"]


class PersonForm(OrganisationScopedForm):
    scoped_fields = {"entity": Entity, "audience": Audience}

    class Meta:
        model = Person
        fields = [
            "hr_id",
            "first_name",
            "last_name",
            "email",
            "job_title",
            "entity",
            "department",
            "audience",
            "manager",
            "active_from",
            "active_until",
        ]
        field_classes = {"department": DepartmentChoiceField}
        widgets = {
            "active_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "active_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(organisation=self.organisation).select_related("entity")
        self.choice_field("department").queryset = departments.order_by("entity__name", "path")
        # Active people, and the current manager even if they have left, so that saving keeps them.
        current = Q(pk=self.instance.manager_id) if self.instance.manager_id else Q(pk__in=[])
        managers = Person.objects.filter(Q(is_active=True) | current, organisation=self.organisation)
        if self.instance.pk:
            managers = managers.exclude(pk=self.instance.pk)
        self.choice_field("manager").queryset = managers


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    entity = forms.ModelChoiceField(label=_("entity"), queryset=Entity.objects.none(), required=False)
    department = forms.ModelChoiceField(
        label=_("department"), queryset=Department.objects.none(), required=False
    )
    audience = forms.ModelChoiceField(label=_("audience"), queryset=Audience.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[("active", _("Active")), ("inactive", _("Inactive")), ("all", _("All"))],
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scoped: dict[str, type[models.Model]] = {
            "entity": Entity,
            "department": Department,
            "audience": Audience,
        }
        for name, model in scoped.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = model._default_manager.filter(organisation=organisation)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class OrganisationSetupForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "slug", "default_language"]


class PeopleImportForm(forms.ModelForm):
    upload = forms.FileField(label=_("HR export (CSV or XLSX)"))
    field_order = ["upload", "entity", "full"]

    class Meta:
        model = PeopleImport
        fields = ["entity", "full"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entity = self.fields["entity"]
        assert isinstance(entity, forms.ModelChoiceField)
        entity.queryset = Entity.objects.filter(organisation=organisation)
        entity.empty_label = _("All entities")


class AccessForm(forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    scope_department = DepartmentChoiceField(
        label=_("department a manager sees"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("For managers: the top of the department subtree they see. Empty: their own department."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(organisation=organisation).select_related("entity")
        scope = self.fields["scope_department"]
        assert isinstance(scope, forms.ModelChoiceField)
        scope.queryset = departments.order_by("entity__name", "path")
