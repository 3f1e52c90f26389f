"""Forms of the analytics screens: a page's figures entered by hand and the import of an export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambassade.ambassadors.models import Network
from ambassade.analytics.pages import MAX_IMPORT_BYTES
from ambassade.orgs.models import Entity, Organisation, organisation_zone


class _PageForm(forms.Form):
    entity = forms.ModelChoiceField(
        label=_("page of"),
        queryset=Entity.objects.none(),
        required=False,
        help_text=_("Leave empty for the organisation's own page."),
    )
    network = forms.ChoiceField(label=_("network"), choices=Network.choices, initial=Network.LINKEDIN)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        entity_field = self.fields["entity"]
        assert isinstance(entity_field, forms.ModelChoiceField)
        entity_field.queryset = Entity.objects.filter(organisation=organisation).order_by("name")
        entity_field.empty_label = str(organisation)


class PageFollowerForm(_PageForm):
    day = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    followers = forms.IntegerField(label=_("followers"), min_value=0, max_value=2_000_000_000)
    new_followers = forms.IntegerField(
        label=_("new followers that day"), min_value=0, max_value=2_000_000_000, required=False
    )
    unique_visitors = forms.IntegerField(
        label=_("unique visitors that day"), min_value=0, max_value=2_000_000_000, required=False
    )

    def clean_day(self) -> Any:
        day = self.cleaned_data["day"]
        if day > timezone.localdate(timezone=organisation_zone(self.organisation)):
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class PageImportForm(_PageForm):
    file = forms.FileField(
        label=_("export file"),
        help_text=_("The followers or visitors export of the page analytics: XLS, XLSX or CSV."),
    )
    current_total = forms.IntegerField(
        label=_("followers on the file's last day"),
        min_value=0,
        max_value=2_000_000_000,
        required=False,
        help_text=_(
            "Needed when the file gives only each day's new followers (LinkedIn's followers export): "
            "the totals of the earlier days are computed backwards from it."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is too large: the maximum is %(max)s MB.")
                % {"max": MAX_IMPORT_BYTES // (1024 * 1024)}
            )
        return upload
