from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambassade.careers.content import (
    SOCIAL_NETWORKS,
    countries_parse,
    facts_format,
    facts_parse,
    image_shrink,
    locations_format,
    locations_from_json,
    locations_parse,
    social_url_check,
)
from ambassade.careers.models import EmployerStory, JobOffer, Testimonial
from ambassade.careers.services import OfferTextInput
from ambassade.orgs.forms import DepartmentChoiceField, OrganisationScopedForm
from ambassade.orgs.models import LANGUAGE_CHOICES, Department, Entity, Organisation, Person

IMAGE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _image_check(image: Any, *, box: tuple[int, int]) -> Any:
    """Refuse big files; shrink the image to what the pages show, and drop its metadata (e.g. GPS)."""
    if not image or not hasattr(image, "image"):  # nothing uploaded, or the stored file kept
        return image
    if getattr(image, "size", 0) > IMAGE_MAX_BYTES:
        raise ValidationError(_("The image is too large: 2 MB at most."))
    return image_shrink(image, box=box)


class JobOfferForm(OrganisationScopedForm):
    """The offer and its texts in each language; locations are one per line."""

    scoped_fields = {"entity": Entity}
    locations = forms.CharField(
        label=_("locations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: street; postal code; city; region; country (two letters). "
            "Example: 12 rue de la Paix; 75002; Paris; Île-de-France; FR"
        ),
    )
    remote_countries = forms.CharField(
        label=_("countries candidates may work from"),
        required=False,
        initial="FR",
        help_text=_("For fully remote offers: two-letter codes separated by commas, e.g. FR, BE."),
    )

    class Meta:
        model = JobOffer
        fields = [
            "entity",
            "department",
            "reference",
            "category",
            "contract_type",
            "remote_policy",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "closes_on",
        ]
        field_classes = {"department": DepartmentChoiceField}
        widgets = {"closes_on": DATE, "category": forms.TextInput(attrs={"list": "categories"})}
        help_texts = {
            "closes_on": _("Last day to apply; the offer closes by itself the day after."),
            "category": _("e.g. Digital, Engineering, Human resources."),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        departments = Department.objects.filter(organisation=organisation).select_related("entity")
        self.choice_field("department").queryset = departments.order_by("entity__name", "path")
        self.languages = [code for code, _label in LANGUAGE_CHOICES]
        texts = {text.language: text for text in self.instance.translations.all()} if self.instance.pk else {}
        for code, label in LANGUAGE_CHOICES:
            current = texts.get(code)
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("title (%(language)s)") % {"language": label},
                required=False,
                max_length=200,
                initial=current.title if current else "",
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("description (%(language)s)") % {"language": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 12}),
                initial=current.description if current else "",
                help_text=_(
                    "Plain text, or HTML with <p>, <br>, <ul>, <ol>, <li>, <strong>, <em>, <a href>, <h3>, "
                    "<h4>."
                    " Anything else is removed."
                ),
            )
        if self.instance.pk:
            self.fields["locations"].initial = locations_format(locations_from_json(self.instance.locations))
            self.fields["remote_countries"].initial = ", ".join(self.instance.remote_countries or [])

    def text_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"title_{code}"], self[f"description_{code}"]) for code in self.languages]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith(("title_", "description_"))]

    def clean_locations(self) -> list[dict[str, str]]:
        return [location.as_dict() for location in locations_parse(self.cleaned_data["locations"])]

    def clean_remote_countries(self) -> list[str]:
        return countries_parse(self.cleaned_data["remote_countries"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"title_{code}") or data.get(f"description_{code}") for code in self.languages):
            raise ValidationError(_("Write the offer's title and description in at least one language."))
        return data

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        texts = {
            code: OfferTextInput(
                title=data.pop(f"title_{code}", "") or "",
                description=data.pop(f"description_{code}", "") or "",
            )
            for code in self.languages
        }
        return {**data, "texts": texts}


class JobOfferFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("All"))] + list(JobOffer.Status.choices)
    )
    entity = forms.ModelChoiceField(label=_("entity"), queryset=Entity.objects.none(), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entity = self.fields["entity"]
        assert isinstance(entity, forms.ModelChoiceField)
        entity.queryset = Entity.objects.filter(organisation=organisation)


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("publish at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class EmployerStoryForm(forms.ModelForm):
    """One scope's story in one language. For an entity, an empty field keeps the organisation's."""

    facts_text = forms.CharField(
        label=_("key facts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One per line, “name: value”. Usual names: headcount, sites, founded, benefits_summary. "
            "For an entity, write only the facts that differ."
        ),
    )

    class Meta:
        model = EmployerStory
        fields = [
            "tagline",
            "presentation",
            "values",
            "benefits",
            "how_we_recruit",
            "how_to_prepare",
            "logo",
            "cover",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in ["presentation", "values", "benefits", "how_we_recruit", "how_to_prepare"]
        }

    def __init__(self, *args: Any, inherited: EmployerStory | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("logo", "cover"):
            field = self.fields[name]
            field.validators.append(FileExtensionValidator(IMAGE_EXTENSIONS))
            field.widget.attrs["accept"] = "image/png,image/jpeg,image/webp"
        self.fields["facts_text"].initial = facts_format(self.instance.facts)
        accounts = self.instance.social_accounts or {}
        for network, label in SOCIAL_NETWORKS.items():
            self.fields[f"social_{network}"] = forms.URLField(
                label=label, required=False, initial=accounts.get(network, ""), assume_scheme="https"
            )
        if inherited is not None:
            self._show_inherited(inherited)

    def _show_inherited(self, inherited: EmployerStory) -> None:
        """Placeholders show what the organisation says: what an empty field will show."""
        for name in ("tagline", "presentation", "values", "benefits", "how_we_recruit", "how_to_prepare"):
            value = getattr(inherited, name)
            if value:
                self.fields[name].widget.attrs["placeholder"] = value
        if inherited.facts:
            self.fields["facts_text"].widget.attrs["placeholder"] = facts_format(inherited.facts)
        for network, url in (inherited.social_accounts or {}).items():
            if f"social_{network}" in self.fields:
                self.fields[f"social_{network}"].widget.attrs["placeholder"] = url

    def clean_logo(self) -> Any:
        return _image_check(self.cleaned_data.get("logo"), box=(480, 160))

    def clean_cover(self) -> Any:
        return _image_check(self.cleaned_data.get("cover"), box=(1200, 630))

    def clean_facts_text(self) -> dict[str, str]:
        return facts_parse(self.cleaned_data["facts_text"])

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in self.Meta.fields if name not in ("logo", "cover")}
        for name in ("logo", "cover"):
            if data.get(name) is False:  # "clear" ticked
                values[name] = ""
            elif name in self.files:
                values[name] = data[name]
        values["facts"] = data["facts_text"]
        values["social_accounts"] = {
            network: social_url_check(network, data.get(f"social_{network}") or "")
            for network in SOCIAL_NETWORKS
        }
        return values


class TestimonialForm(OrganisationScopedForm):
    scoped_fields = {"entity": Entity}
    video_url = forms.URLField(
        label=_("video address"),
        required=False,
        assume_scheme="https",
        help_text=_("A link to the video (opened on the video site; nothing is embedded)."),
    )
    consent_on = forms.DateField(
        label=_("consent given on"),
        widget=DATE,
        help_text=_("The day the person agreed, in writing, to appear on the career sites."),
    )

    class Meta:
        model = Testimonial
        fields = [
            "name",
            "job_title",
            "quote",
            "video_url",
            "photo",
            "entity",
            "person",
            "language",
            "position",
        ]
        widgets = {"quote": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "entity": _("Empty: shown on every career site."),
            "person": _(
                "The member of staff speaking, so that their data can be exported or erased with them."
            ),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        entity = self.choice_field("entity")
        entity.empty_label = str(_("Every career site"))
        people = Person.objects.filter(organisation=organisation, is_active=True)
        self.choice_field("person").queryset = people
        self.fields["photo"].validators.append(FileExtensionValidator(IMAGE_EXTENSIONS))
        self.fields["photo"].widget.attrs["accept"] = "image/png,image/jpeg,image/webp"
        if self.instance.consent_at:
            self.fields["consent_on"].initial = timezone.localtime(self.instance.consent_at).date()
        self.order_fields(
            ["name", "job_title", "quote", "video_url", "photo", "entity", "person", "consent_on"]
        )

    def clean_photo(self) -> Any:
        return _image_check(self.cleaned_data.get("photo"), box=(192, 192))

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        consent_on = data.pop("consent_on")
        data["consent_at"] = timezone.make_aware(datetime.combine(consent_on, time(12, 0)))
        if consent_on == timezone.localdate():
            data["consent_at"] = min(data["consent_at"], timezone.now())
        if data.get("photo") is False:
            data["photo"] = ""
        elif "photo" not in self.files:
            data.pop("photo", None)
        return data


def language_label(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))
