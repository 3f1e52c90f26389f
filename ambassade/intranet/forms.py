"""Forms of the intranet digest: the definition (admins), the time zone, and the public subscription."""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ambassade.intranet.models import Digest
from ambassade.orgs.models import Department, Entity, Organisation

LANGUAGES = list(settings.LANGUAGES)


class DigestForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The page opens in the first language ticked in this list; readers can switch to the other."
        ),
    )
    hour = forms.TypedChoiceField(
        label=_("Hour"),
        coerce=int,
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
        initial=9,
        help_text=_("In the organisation's time zone."),
    )

    class Meta:
        model = Digest
        fields = ["title", "entity", "department", "languages", "frequency", "weekday", "hour", "active"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entity = self.fields["entity"]
        department = self.fields["department"]
        assert isinstance(entity, forms.ModelChoiceField) and isinstance(department, forms.ModelChoiceField)
        entity.queryset = Entity.objects.filter(organisation=organisation)
        entity.empty_label = _("The whole organisation")
        department.queryset = Department.objects.filter(organisation=organisation).order_by("path")
        department.empty_label = _("All departments")
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("languages", [organisation.default_language])

    def clean_title(self) -> str:
        title = self.cleaned_data["title"]
        if any(char in title for char in "\r\n\t\v\f\x85\u2028\u2029"):
            raise forms.ValidationError(_("The title must fit on one line: remove the line breaks."))
        return title

    def clean_languages(self) -> list[str]:
        chosen = self.cleaned_data["languages"]
        order = [code for code, _label in LANGUAGES]
        return sorted(chosen, key=order.index) if chosen else chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        entity, department = data.get("entity"), data.get("department")
        if entity is not None and department is not None and department.entity_id != entity.pk:
            self.add_error("department", _("This department belongs to another entity."))
        return data


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=sorted((name, name) for name in available_timezones()),
        help_text=_("Digests are published and periods begin at midnight in this time zone."),
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter a valid e-mail address, such as name@example.org."),
        },
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    # A honeypot: hidden from people, filled in by robots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""
