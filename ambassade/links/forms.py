from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ambassade.links import selectors
from ambassade.links.models import Campaign, Channel, TrackedLink
from ambassade.orgs.models import Organisation


class OfferChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.entity} › {obj} ({obj.reference})"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        department = f" · {obj.department}" if obj.department_id else ""
        return f"{obj.last_name} {obj.first_name}{department}"


class LinkForm(forms.Form):
    target_type = forms.ChoiceField(
        label=_("The link leads to"), choices=TrackedLink.Target.choices, widget=forms.RadioSelect
    )
    job = OfferChoiceField(
        label=_("job offer"), queryset=None, required=False, help_text=_("Open offers only.")
    )
    entity: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("career site"), queryset=None, required=False
    )
    url = forms.CharField(
        label=_("address"),
        max_length=1000,
        required=False,
        help_text=_("For a news item or another page: an address on the organisation's own sites."),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices)
    ambassador = PersonChoiceField(
        label=_("ambassador"),
        queryset=None,
        required=False,
        help_text=_("Optional: the member of staff who shares the link. Search by name."),
    )
    campaign: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("campaign"), queryset=None, required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._queryset("job", selectors.linkable_offers(organisation=organisation))
        self._queryset("entity", selectors.linkable_entities(organisation=organisation))
        self._queryset("ambassador", selectors.ambassador_candidates(organisation=organisation))
        self._queryset("campaign", Campaign.objects.filter(organisation=organisation))
        self._ambassador_options_limit()

    def _ambassador_options_limit(self) -> None:
        """Render only the chosen person: the organisation's people are searched (htmx fills the options
        from the search box), not listed in full. Validation still accepts any active person."""
        field = self.fields["ambassador"]
        assert isinstance(field, forms.ModelChoiceField)
        value = self.data.get("ambassador") if self.is_bound else self.initial.get("ambassador")
        people = field.queryset
        assert people is not None
        chosen = people.filter(pk=value).first() if str(value or "").isdigit() else None
        options: list[tuple[Any, str]] = [("", str(field.empty_label))]
        if chosen is not None:
            options.append((chosen.pk, field.label_from_instance(chosen)))
        field.widget.choices = options

    def _queryset(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=120)
    slug = forms.SlugField(
        label=_("short name"), max_length=60, help_text=_("Sent as utm_campaign, e.g. spring-fair-2026.")
    )


class LinkFilterForm(forms.Form):
    channel = forms.ChoiceField(label=_("channel"), required=False)
    campaign: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("campaign"), queryset=None, required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        channel = self.fields["channel"]
        assert isinstance(channel, forms.ChoiceField)
        channel.choices = [("", _("All channels")), *Channel.choices]
        campaign = self.fields["campaign"]
        assert isinstance(campaign, forms.ModelChoiceField)
        campaign.queryset = Campaign.objects.filter(organisation=organisation)
        campaign.empty_label = _("All campaigns")


class PeriodForm(forms.Form):
    days = forms.TypedChoiceField(label=_("period"), coerce=int, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = self.fields["days"]
        assert isinstance(days, forms.ChoiceField)
        days.choices = [(n, gettext("last %(n)s days") % {"n": n}) for n in selectors.PERIODS]

    def days_chosen(self) -> int:
        if self.is_valid() and self.cleaned_data["days"]:
            return int(self.cleaned_data["days"])
        return selectors.DEFAULT_PERIOD
