from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambassade.orgs.models import LANGUAGE_CHOICES, Audience, Department, Entity, Organisation, PeopleImport, Person


class OrganisationScopedForm(forms.ModelForm):
    """A model form whose choices of related objects are limited to one organisation."""

    scoped_fields: dict[str, type] = {}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        for name, model in self.scoped_fields.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = model.objects.filter(organisation=organisation)

    def _post_clean(self) -> None:
        # Uniqueness and model validation run in the service, with the organisation set.
        self.instance.organisation = self.organisation
        super()._post_clean()


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
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        if self.instance.pk:
            parent.queryset = parent.queryset.exclude(pk=self.instance.pk)


class DepartmentForm(OrganisationScopedForm):
    scoped_fields = {"entity": Entity, "parent": Department}

    class Meta:
        model = Department
        fields = ["name", "code", "entity", "parent"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = parent.queryset.select_related("entity").order_by("entity__name", "path")
        parent.label_from_instance = lambda d: f"{d.entity} › {'— ' * d.depth}{d.name}"


class AudienceForm(OrganisationScopedForm):
    class Meta:
        model = Audience
        fields = ["name", "slug", "description", "position"]


class PersonForm(OrganisationScopedForm):
    scoped_fields = {"entity": Entity, "department": Department, "audience": Audience, "manager": Person}

    class Meta:
        model = Person
        fields = [
            "hr_id", "first_name", "last_name", "email", "job_title", "entity", "department",
            "audience", "manager", "active_from", "active_until",
        ]  # fmt: skip
        widgets = {
            "active_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "active_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.fields["manager"]
        assert isinstance(manager, forms.ModelChoiceField)
        manager.queryset = manager.queryset.filter(is_active=True)
        if self.instance.pk:
            manager.queryset = manager.queryset.exclude(pk=self.instance.pk)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("active_from"), data.get("active_until")
        if start and end and end < start:
            self.add_error("active_until", _("The end date must come after the start date."))
        return data


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    entity = forms.ModelChoiceField(label=_("entity"), queryset=Entity.objects.none(), required=False)
    department = forms.ModelChoiceField(label=_("department"), queryset=Department.objects.none(), required=False)
    audience = forms.ModelChoiceField(label=_("audience"), queryset=Audience.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[("active", _("Active")), ("inactive", _("Inactive")), ("all", _("All"))],
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, model in {"entity": Entity, "department": Department, "audience": Audience}.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = model.objects.filter(organisation=organisation)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class OrganisationSetupForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "slug", "default_language"]


class PeopleImportForm(forms.ModelForm):
    upload = forms.FileField(label=_("HR export (CSV or XLSX)"))

    class Meta:
        model = PeopleImport
        fields = ["entity", "full"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entity = self.fields["entity"]
        assert isinstance(entity, forms.ModelChoiceField)
        entity.queryset = Entity.objects.filter(organisation=organisation)
        entity.empty_label = _("All entities")
