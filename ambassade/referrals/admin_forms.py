"""Forms of the referral programme's management screens."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ambassade.referrals.crediting import SETTINGS_FIELDS
from ambassade.referrals.models import PointsHold, ReferralSettings
from ambassade.referrals.notify import THANKS_MAX_LENGTH


class ReferralSettingsForm(forms.ModelForm):
    class Meta:
        model = ReferralSettings
        fields = SETTINGS_FIELDS
        widgets = {
            "internal_domains": forms.Textarea(attrs={"rows": 3}),
            "credit_rule": forms.RadioSelect,
        }
        help_texts = {
            "link_days": _("After this, the contact's link no longer works and the introduction expires."),
            "erase_after_days": _(
                "The contact's data is then erased; an anonymous row stays for the counts."
            ),
            "credit_rule": _("Only one introducer is ever credited for the same person and offer."),
            "daily_introductions_limit": _(
                "Beyond it, the points of that day's introductions wait for an HR admin's review."
            ),
            "daily_points_cap": _("Beyond it, the points wait for an HR admin's review."),
            "internal_domains": _(
                "One domain a line, e.g. example.org. Empty: the domains of the staff's own addresses."
            ),
            "cash_bonus_enabled": _(
                "Off by default: recognition is non-financial. When on, ambassade only records an amount "
                "for payroll on hiring; it never pays anything."
            ),
        }


class PointsHoldRefuseForm(forms.Form):
    note = forms.CharField(
        label=_("reason"),
        max_length=300,
        help_text=_("Kept in the audit log with your name."),
        widget=forms.TextInput,
    )

    def clean_note(self) -> str:
        note: str = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Say why the points are refused."))
        return note


class ThankForm(forms.Form):
    message = forms.CharField(
        label=_("your message to the introducer"),
        max_length=THANKS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent by e-mail to the introducer, once. Say nothing about the candidate."),
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("format"), choices=[("csv", "CSV"), ("xlsx", "XLSX (Excel)")], initial="xlsx"
    )


class HoldFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("All")), *PointsHold.Status.choices]
    )

    def chosen(self) -> str:
        return str(self.cleaned_data["status"]) if self.is_valid() else PointsHold.Status.HELD
