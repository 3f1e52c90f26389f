from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ambassade.api.services import NAME_MAX_LENGTH


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("What will use it, e.g. “HR reporting script”."),
    )
