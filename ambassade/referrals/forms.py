"""The introduction form (employees) and the contact's short application (public, behind their link)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ambassade.careers.application_forms import ApplicationForm
from ambassade.careers.models import JobOffer
from ambassade.orgs.models import Entity, Organisation
from ambassade.referrals.models import Introduction

SPONTANEOUS = ""


class IntroductionForm(forms.Form):
    """Who the contact is and how the introducer knows them: nothing about their qualities."""

    offer = forms.ChoiceField(label=_("For"), required=False)
    entity = forms.ChoiceField(
        label=_("Career site"),
        required=False,
        help_text=_("Without a job offer: the part of the organisation your contact would join."),
    )
    contact_name = forms.CharField(
        label=_("Your contact's name"),
        max_length=200,
        error_messages={"required": _("Enter your contact's name.")},
    )
    contact_email = forms.EmailField(
        label=_("Their e-mail address"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Enter a valid e-mail address for your contact, such as name@example.org.")
        },
        help_text=_("The organisation writes to them once, naming you, and keeps nothing unless they agree."),
    )
    contact_profile_url = forms.CharField(
        label=_("Or the address of their professional profile"),
        required=False,
        max_length=500,
        help_text=_("Nothing is sent then: you get a message with their link to send them yourself."),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    relationship = forms.ChoiceField(
        label=_("How you know each other"),
        choices=Introduction.Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you know each other.")},
    )
    relationship_note = forms.CharField(
        label=_("In a few words (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: “we worked together at the Lyon agency from 2019 to 2022”."),
    )
    language = forms.ChoiceField(
        label=_("Language of the message"), choices=[("fr", _("French")), ("en", _("English"))]
    )

    def __init__(
        self,
        *args: Any,
        offers: list[tuple[JobOffer, str]],
        sites: list[Entity],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.offers = {str(offer.pk): offer for offer, _title in offers}
        self.sites = {str(site.pk): site for site in sites}
        self._set_choices(
            "offer",
            [(SPONTANEOUS, _("No particular offer: the organisation in general"))]
            + [(str(offer.pk), f"{title} ({offer.reference})") for offer, title in offers],
        )
        self._set_choices("entity", [(str(site.pk), site.name) for site in sites])

    def _set_choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean_offer(self) -> JobOffer | None:
        value = self.cleaned_data.get("offer") or SPONTANEOUS
        return self.offers.get(value) if value != SPONTANEOUS else None

    def clean_entity(self) -> Entity | None:
        return self.sites.get(self.cleaned_data.get("entity") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            "contact_email" not in self.errors
            and not cleaned.get("contact_email")
            and not cleaned.get("contact_profile_url")
        ):
            self.add_error(
                "contact_email",
                _("Enter your contact's e-mail address, or the address of their professional profile."),
            )
        return cleaned


class IntroductionAnswerForm(ApplicationForm):
    """The contact's short application: the careers form with the CV optional. The signed link stands in
    for the public form's anti-spam checks (no honeypot, no timing). The address is the one the link was
    sent to, shown read-only: a posted one is ignored."""

    def __init__(self, *args: Any, organisation: Organisation, email: str, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        for name in ("website", "ref", "started"):
            del self.fields[name]
        cv = self.fields["cv"]
        cv.required = False
        cv.label = _("CV (optional)")
        address = self.fields["email"]
        address.disabled = True
        address.initial = email
        address.help_text = _("The address our e-mail reached: your application is made with it.")

    def clean_cv(self) -> UploadedFile | None:  # type: ignore[override]  # optional here
        upload = self.cleaned_data.get("cv")
        if not upload:
            self.cleaned_data["cv_kind"] = None
            return None
        return super().clean_cv()

    def clean(self) -> dict[str, Any]:
        # The careers form's honeypot and timing checks do not apply: the link is the proof.
        return forms.Form.clean(self) or {}


class IntroductionAddressForm(forms.Form):
    """From a link the introducer passed on: the contact's address, where the link to confirm is sent."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address: we send the link to confirm there."),
            "invalid": _("Enter a valid e-mail address, such as name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
