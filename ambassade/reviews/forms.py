"""The form that starts a review."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ambassade.orgs.models import LANGUAGE_CHOICES, Entity, Organisation
from ambassade.reviews.services import review_period_check


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ReviewForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=DateInput())
    period_end = forms.DateField(label=_("To"), widget=DateInput())
    entity = forms.ModelChoiceField(
        label=_("Entity"),
        queryset=Entity.objects.none(),
        required=False,
        empty_label=_("The whole organisation"),
    )
    language = forms.ChoiceField(label=_("Language of the review"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: Any, organisation: Organisation, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["entity"].queryset = Entity.objects.filter(organisation=organisation)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end:
            try:
                review_period_check(
                    start=start, end=end, today=self.today, names=("period_start", "period_end")
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned
