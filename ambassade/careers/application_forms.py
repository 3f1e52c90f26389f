"""The public application form, and the recruiters' small forms of the pipeline.

Spam is kept out without any third party: a honeypot field that people never see (screen readers
announce it as "leave this field empty"), and a signed timestamp: a form sent less than a few seconds
after it was shown, or more than a day later, or with a forged timestamp, is refused.
"""

from __future__ import annotations

import re
import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from ambassade.careers.application_files import cv_kind_detect
from ambassade.careers.application_selectors import SPONTANEOUS, STAGES, channel_label
from ambassade.careers.applications import consent_text, talent_pool_text
from ambassade.careers.models import Application, JobOffer
from ambassade.links.signing import MAX_REF_LENGTH
from ambassade.orgs.models import Organisation

MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 24 * 3600
_TIMESTAMP_SALT = "ambassade.careers.application-form"
_PHONE = re.compile(r"^[0-9 +.\-()]+$")
HONEYPOT = "website"


def form_started_token(*, at: float | None = None) -> str:
    """The signed moment the form was shown (seconds since the epoch)."""
    return signing.Signer(salt=_TIMESTAMP_SALT).sign(str(int(at if at is not None else time.time())))


def _form_age(token: str, *, now: float) -> float | None:
    try:
        return now - int(signing.Signer(salt=_TIMESTAMP_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


class ApplicationForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=120,
        error_messages={"required": _("Enter your first name.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=120,
        error_messages={"required": _("Enter your last name.")},
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address: we reply to it."),
            "invalid": _("Enter a valid e-mail address, such as name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    cv = forms.FileField(
        label=_("CV"),
        error_messages={
            "required": _("Attach your CV."),
            "empty": _("The CV file is empty."),
            "invalid": _("The CV could not be read: attach it again."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consent = forms.BooleanField(
        error_messages={
            "required": _(
                "Tick this box to agree to how your application is kept: we cannot process it otherwise."
            )
        }
    )
    talent_pool = forms.BooleanField(required=False)
    # The honeypot: hidden from sight by the template, announced to screen readers as what it is.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    ref = forms.CharField(required=False, widget=forms.HiddenInput)
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, organisation: Organisation, now: float | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.now = now
        self.fields["consent"].label = consent_text(organisation=organisation)
        self.fields["talent_pool"].label = talent_pool_text(organisation=organisation)
        self.fields["cv"].help_text = _(
            "PDF, Word (DOCX) or OpenDocument text (ODT), %(max)s MB at most."
        ) % {"max": settings.APPLICATION_CV_MAX_MB}
        if not self.is_bound:
            self.initial.setdefault("started", form_started_token(at=now))

    def clean_first_name(self) -> str:
        return str(self.cleaned_data["first_name"]).strip()

    def clean_last_name(self) -> str:
        return str(self.cleaned_data["last_name"]).strip()

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data.get("phone", "")).strip()
        digits = sum(character.isdigit() for character in phone)
        if phone and (not _PHONE.match(phone) or not 6 <= digits <= 20):
            raise ValidationError(
                _("Enter a phone number: digits, spaces and + . - ( ) only, such as +33 6 12 34 56 78."),
                code="invalid",
            )
        return phone

    def clean_ref(self) -> str:
        # Whatever it holds, never an error: an unknown or forged ref just means a direct application.
        ref = str(self.cleaned_data.get("ref") or "")
        return ref if len(ref) <= MAX_REF_LENGTH else ""

    def clean_cv(self) -> UploadedFile:
        upload = self.cleaned_data["cv"]
        self.cleaned_data["cv_kind"] = cv_kind_detect(upload, size=upload.size or 0)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get(HONEYPOT):
            self.add_error(HONEYPOT, _("This field must stay empty: clear it to send your application."))
        age = _form_age(
            str(cleaned.get("started") or ""), now=self.now if self.now is not None else time.time()
        )
        if age is None or age > MAX_FORM_AGE_SECONDS:
            raise ValidationError(
                _("This form has expired: check your answers, attach your CV again and send it."),
                code="expired",
            )
        if age < MIN_FILL_SECONDS:
            raise ValidationError(
                _("This form was sent too quickly: check your answers, attach your CV again and send it."),
                code="too_fast",
            )
        return cleaned

    def consent_given(self) -> str:
        """The exact texts the candidate agreed to, as shown."""
        texts = [str(self.fields["consent"].label)]
        if self.cleaned_data.get("talent_pool"):
            texts.append(str(self.fields["talent_pool"].label))
        return "\n".join(texts)

    def with_fresh_timestamp(self) -> ApplicationForm:
        """After an error the form is shown again: time its next sending from now."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        data["started"] = form_started_token(at=self.now)
        self.data = data
        return self


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=Application.Stage.choices)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("New note"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the note first.")},
    )


class ApplicationFilterForm(forms.Form):
    offer = forms.ChoiceField(label=_("Job offer"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)

    def __init__(
        self, *args: Any, offers: list[tuple[JobOffer, str]], channels: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._set_choices(
            "offer",
            [("", _("All")), (SPONTANEOUS, _("Spontaneous applications"))]
            + [(str(offer.pk), f"{title} ({offer.reference})") for offer, title in offers],
        )
        stage_labels = dict(Application.Stage.choices)
        self._set_choices("stage", [("", _("All"))] + [(stage, stage_labels[stage]) for stage in STAGES])
        self._set_choices(
            "channel", [("", _("All"))] + [(channel, channel_label(channel)) for channel in channels]
        )

    def _set_choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
