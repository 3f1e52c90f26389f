"""Forms of the inbox: the public "Ask us" form, and the team's small forms."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambassade.inbox.models import Conversation, FaqEntry
from ambassade.orgs.models import Organisation

HONEYPOT = "website"


def ask_consent_text(*, organisation: Organisation, days: int) -> str:
    return str(
        _(
            "I agree that %(organisation)s keeps my name, e-mail address and question to answer me, "
            "for %(days)s days after the conversation is closed; I can have them erased at any time."
        )
        % {"organisation": organisation.name, "days": days}
    )


class AskForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        error_messages={"required": _("Enter your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address: we answer to it."),
            "invalid": _("Enter a valid e-mail address, such as name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    question = forms.CharField(
        label=_("Your question"),
        max_length=5_000,
        error_messages={"required": _("Write your question.")},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    language = forms.ChoiceField(
        label=_("Language of the answer"), choices=[("fr", "Français"), ("en", "English")]
    )
    consent = forms.BooleanField(
        error_messages={
            "required": _("Tick this box to agree to how your question is kept: we cannot answer otherwise.")
        }
    )
    # The honeypot: hidden from sight by the template, announced to screen readers as what it is.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, organisation: Organisation, days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = ask_consent_text(organisation=organisation, days=days)

    def clean_name(self) -> str:
        return str(self.cleaned_data["name"]).strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get(HONEYPOT):
            self.add_error(HONEYPOT, _("This field must stay empty: clear it to send your question."))
        return cleaned

    def consent_given(self) -> str:
        return str(self.fields["consent"].label)


class ConversationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: Any, assignees: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("status", [("", _("All")), *Conversation.Status.choices])
        self._choices("channel", [("", _("All")), *Conversation.Channel.choices])
        self._choices("assignee", [("", _("Anyone")), ("me", _("Me")), ("none", _("Nobody")), *assignees])

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"), required=False)

    def __init__(self, *args: Any, assignees: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Nobody")), *assignees]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Conversation.Status.choices)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Answer"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the answer first.")},
    )
    close = forms.BooleanField(label=_("Close the conversation with this answer"), required=False)


class RecordForm(ReplyForm):
    at = forms.DateTimeField(
        label=_("Answered at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Empty: now."),
        error_messages={"invalid": _("Enter a date and time, such as 2026-03-14 09:30.")},
    )

    def clean_at(self) -> Any:
        value = self.cleaned_data.get("at")
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the note first.")},
    )


class CannedAnswerForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    body_fr = forms.CharField(
        label=_("Text in French"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    body_en = forms.CharField(
        label=_("Text in English"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    active = forms.BooleanField(label=_("Offered in the reply form"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body_fr"].help_text = _(
            "Variables: {first_name}, {name}, {offer}, {site_url}, {faq_url}; "
            "they are filled in for each candidate."
        )


class FaqEntryForm(forms.Form):
    entity: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Career site"), queryset=None, empty_label=None
    )
    language = forms.ChoiceField(label=_("Language"), choices=[("fr", _("French")), ("en", _("English"))])
    question = forms.CharField(label=_("Question"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    answer = forms.CharField(label=_("Answer"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, entities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["entity"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = entities
        self.fields["question"].help_text = _(
            "Rewrite the question without personal data: no name, e-mail address, phone number or link "
            "that points to someone. The FAQ is public."
        )


def faq_initial(entry: FaqEntry) -> dict[str, Any]:
    return {
        "entity": entry.entity_id,
        "language": entry.language,
        "question": entry.question,
        "answer": entry.answer,
    }


# The metrics' window stays within what date arithmetic and every database accept.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2999, 12, 31)


def _day_in_range(value: date | None) -> date | None:
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
        )
    return value


class MetricsForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Per"), required=False, choices=[("month", _("Month")), ("week", _("Week"))]
    )
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_since(self) -> date | None:
        return _day_in_range(self.cleaned_data.get("since"))

    def clean_until(self) -> date | None:
        return _day_in_range(self.cleaned_data.get("until"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise ValidationError({"until": _("The end comes before the start.")})
        return cleaned
