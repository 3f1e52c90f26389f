from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ambassade.network.connections import MAX_BYTES, MEGABYTE


class UploadForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I agree that the counts and keyed hashes described above are kept, until I withdraw."),
        required=False,
    )
    file = forms.FileField(label=_("Connections.csv from your LinkedIn data export"))

    def __init__(self, *args: object, consent_needed: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.consent_needed = consent_needed
        if not consent_needed:
            del self.fields["consent"]

    def clean_consent(self) -> bool:
        agreed = bool(self.cleaned_data.get("consent"))
        if self.consent_needed and not agreed:
            raise forms.ValidationError(_("Please tick the box to agree before uploading."), code="required")
        return agreed

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s MB): the maximum is %(max)s MB."),
                code="too_large",
                params={"size": f"{upload.size / MEGABYTE:.1f}", "max": MAX_BYTES // MEGABYTE},
            )
        return upload
