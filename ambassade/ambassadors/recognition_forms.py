"""Forms of the recognition screens: levels, manual point adjustments, the leaderboard's period."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ambassade.ambassadors.recognition import DEFAULT_PERIOD

MAX_ADJUSTMENT = 10_000


class LevelForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=80)
    threshold = forms.IntegerField(
        label=_("from (points)"),
        min_value=0,
        max_value=1_000_000,
        help_text=_("Lifetime points from which an ambassador reaches this level."),
    )


class PointsAdjustForm(forms.Form):
    points = forms.IntegerField(
        label=_("points"),
        min_value=-MAX_ADJUSTMENT,
        max_value=MAX_ADJUSTMENT,
        help_text=_("Negative to take points away (a correction); the ledger keeps both rows."),
    )
    note = forms.CharField(
        label=_("reason"),
        max_length=300,
        help_text=_("Required: the ambassador sees it beside the row in their own history."),
    )

    def clean_points(self) -> int:
        points: int = self.cleaned_data["points"]
        if points == 0:
            raise forms.ValidationError(
                _("An adjustment of 0 points changes nothing: enter a number of points.")
            )
        return points

    def clean_note(self) -> str:
        note: str = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Say why the points are adjusted."))
        return note


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label=_("period"),
        choices=[("30", _("Last 30 days")), ("90", _("Last 90 days")), ("all", _("Since the start"))],
        required=False,
    )

    def chosen(self) -> str:
        if self.is_valid() and self.cleaned_data["period"]:
            return str(self.cleaned_data["period"])
        return DEFAULT_PERIOD
