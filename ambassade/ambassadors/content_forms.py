"""Forms of the content hub: an item with its repeated block of suggested texts, filters, sharing."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambassade.ambassadors import content_services
from ambassade.ambassadors.content_selectors import content_offers
from ambassade.ambassadors.models import SHARE_NETWORKS, ContentItem, Expertise, Network
from ambassade.ambassadors.sharing import OWN_TEXT_MAX, text_check
from ambassade.careers.models import JobOffer
from ambassade.orgs.forms import DepartmentChoiceField
from ambassade.orgs.models import LANGUAGE_CHOICES, Audience, Department, Entity, Organisation

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
NETWORK_CHOICES = [(network.value, network.label) for network in SHARE_NETWORKS]


class OfferChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.entity} › {obj} ({obj.reference})"


class DepartmentsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return DepartmentChoiceField.label_from_instance(self, obj)  # type: ignore[arg-type]


class ContentItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ContentItem.Kind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    summary = forms.CharField(
        label=_("summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For ambassadors: what it is about, in a few lines."),
    )
    job = OfferChoiceField(
        label=_("job offer"),
        queryset=None,
        required=False,
        help_text=_("For a job offer: one of the open offers. Ambassadors' links lead to its page."),
    )
    target_url = forms.CharField(
        label=_("address"),
        max_length=1000,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("Where ambassadors' links lead, on the organisation's own sites (not for job offers)."),
    )
    image = forms.FileField(
        label=_("image"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        help_text=_("JPEG, PNG or WebP, 5 MB at most."),
    )
    image_clear = forms.BooleanField(label=_("remove the current image"), required=False)
    entities: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("entities"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    departments = DepartmentsField(
        label=_("departments (with their sub-departments)"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    audiences: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("audiences"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    expertise_levels = forms.MultipleChoiceField(
        label=_("expertise levels"),
        choices=Expertise.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    publish_from = forms.DateTimeField(label=_("publish from"), widget=DATETIME)
    publish_until = forms.DateTimeField(
        label=_("publish until"), required=False, widget=DATETIME, help_text=_("Empty: until archived.")
    )

    def __init__(
        self, *args: Any, organisation: Organisation, item: ContentItem | None = None, **kwargs: Any
    ) -> None:
        if item is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial(item)
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.item = item
        offers = content_offers(organisation=organisation)
        if item is not None and item.job_id:  # keep the chosen offer listed while the item is edited
            offers = JobOffer.objects.filter(
                Q(pk__in=offers.values("pk")) | Q(pk=item.job_id)
            ).select_related("entity")
        self._queryset("job", offers)
        self._queryset("entities", Entity.objects.filter(organisation=organisation).order_by("name"))
        departments = Department.objects.filter(organisation=organisation).select_related("entity")
        self._queryset("departments", departments.order_by("entity__name", "path"))
        self._queryset("audiences", Audience.objects.filter(organisation=organisation))
        if item is None or not item.image:
            del self.fields["image_clear"]
        if item is None:
            self.fields["publish_from"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def _queryset(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField)
        field.queryset = queryset

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        if not image:
            return None
        try:
            content_services.image_validate(image)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return image

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ContentItem.Kind.JOB:
            if not data.get("job") and "job" not in self.errors:
                self.add_error("job", _("Choose the job offer this item promotes."))
        elif (
            data.get("kind")
            and not (data.get("target_url") or "").strip()
            and "target_url" not in self.errors
        ):
            self.add_error("target_url", _("Enter the address ambassadors' links lead to."))
        return data


def _initial(item: ContentItem) -> dict[str, Any]:
    zone = timezone.get_current_timezone()
    return {
        "kind": item.kind,
        "title": item.title,
        "summary": item.summary,
        "job": item.job_id,
        "target_url": item.target_url,
        "entities": list(item.entities.all()),
        "departments": list(item.departments.all()),
        "audiences": list(item.audiences.all()),
        "expertise_levels": item.expertise_levels,
        "publish_from": timezone.localtime(item.publish_from, zone) if item.publish_from else None,
        "publish_until": timezone.localtime(item.publish_until, zone) if item.publish_until else None,
    }


class SuggestedTextForm(forms.Form):
    network = forms.ChoiceField(label=_("network"), choices=NETWORK_CHOICES)
    language = forms.ChoiceField(label=_("language"), choices=LANGUAGE_CHOICES)
    text = forms.CharField(
        label=_("text"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "class": "suggested-text"}),
    )


class BaseSuggestedTextFormSet(forms.BaseFormSet):
    """Rows left empty are ignored; over-long texts are refused on their own row, naming the network
    and the variant."""

    def clean(self) -> None:
        if any(self.errors):
            return
        counter: Counter[tuple[str, str]] = Counter()
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if not data or data.get("DELETE") or not data.get("text"):
                continue
            key = (data["network"], data["language"])
            counter[key] += 1
            label = content_services._text_label(data["network"], counter[key], data["language"])
            try:
                text_check(network=data["network"], text=data["text"], label=label)
            except ValidationError as error:
                form.add_error("text", error)

    def texts(self) -> list[content_services.TextInput]:
        return [
            content_services.TextInput(network=data["network"], language=data["language"], text=data["text"])
            for data in (getattr(form, "cleaned_data", {}) for form in self.forms)
            if data and not data.get("DELETE") and data.get("text")
        ]


SuggestedTextFormSet = forms.formset_factory(
    SuggestedTextForm,
    formset=BaseSuggestedTextFormSet,
    extra=0,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


def texts_formset(
    data: Any = None, *, item: ContentItem | None = None, language: str = "fr"
) -> BaseSuggestedTextFormSet:
    """Existing texts, then one empty row per network (new item) or two empty rows (existing item)."""
    initial: list[dict[str, Any]] = []
    if item is not None:
        initial = [{"network": t.network, "language": t.language, "text": t.text} for t in item.texts.all()]
        initial += [
            {"network": Network.X, "language": language},
            {"network": Network.LINKEDIN, "language": language},
        ]
    else:
        initial = [{"network": network, "language": language} for network in SHARE_NETWORKS]
    formset = SuggestedTextFormSet(data, initial=initial, prefix="texts")
    assert isinstance(formset, BaseSuggestedTextFormSet)
    return formset


class ContentFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), required=False)
    kind = forms.ChoiceField(label=_("kind"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", _("All statuses")), *ContentItem.Status.choices]
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", _("All kinds")), *ContentItem.Kind.choices]


class HubFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), required=False)
    not_shared = forms.BooleanField(label=_("not yet shared"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", _("All kinds")), *ContentItem.Kind.choices]


class ShareForm(forms.Form):
    """One click on "share on <network>": the chosen variant, or the ambassador's own text."""

    network = forms.ChoiceField(choices=NETWORK_CHOICES)
    text = forms.CharField(required=False)  # a SuggestedText id, or "own"
    own_text = forms.CharField(required=False, max_length=OWN_TEXT_MAX, strip=False)
    instance = forms.CharField(required=False, max_length=253)


class MonthForm(forms.Form):
    month = forms.RegexField(regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False)

    def chosen(self) -> tuple[int, int]:
        if self.is_valid() and self.cleaned_data["month"]:
            year, month = (int(part) for part in self.cleaned_data["month"].split("-"))
            if 2000 <= year <= 2100:
                return year, month
        today = timezone.localdate()
        return today.year, today.month
