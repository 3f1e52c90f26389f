"""Forms of the training screens. Dates and times of sessions are entered in the organisation's time
zone and stored in UTC."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ambassade.ambassadors.models import Expertise
from ambassade.orgs.models import Audience, Department, Entity, Organisation, organisation_zone
from ambassade.training.models import Registration, TrainingSession


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = forms.DateField(
        label=_("starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    points = forms.IntegerField(
        label=_("recognition points per session attended"),
        min_value=0,
        max_value=1000,
        initial=10,
        help_text=_("Credited to the ambassador's points when their attendance is recorded."),
    )
    archived = forms.BooleanField(label=pgettext_lazy("training programme", "archived"), required=False)


class TrackForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    audience = forms.ModelChoiceField(
        label=_("audience"),
        queryset=Audience.objects.none(),
        required=False,
        help_text=_("Empty: every audience."),
    )
    expertise = forms.ChoiceField(
        label=_("expertise level"),
        choices=[("", _("Every level"))] + list(Expertise.choices),
        required=False,
    )
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    position = forms.IntegerField(label=_("order"), min_value=0, max_value=1000, initial=0)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        audience = self.fields["audience"]
        assert isinstance(audience, forms.ModelChoiceField)
        audience.queryset = Audience.objects.filter(organisation=organisation)


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=TrainingSession.Kind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    day = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("end time"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("link"), max_length=500, required=False, assume_scheme="https")
    capacity = forms.IntegerField(
        label=_("capacity"), min_value=1, max_value=100_000, required=False, help_text=_("Empty: no limit.")
    )
    trainer = forms.CharField(label=_("trainer"), max_length=200, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        self.zone = organisation_zone(organisation)
        super().__init__(*args, **kwargs)
        self.fields["day"].help_text = _("Times are in the organisation's time zone (%(zone)s).") % {
            "zone": str(self.zone)
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["starts_at"] = datetime.combine(day, start, tzinfo=self.zone)
            data["ends_at"] = datetime.combine(day, end, tzinfo=self.zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_time", _("The session must end after it starts."))
        data["capacity"] = data.get("capacity") or None
        return data

    @staticmethod
    def initial_for(session: TrainingSession) -> dict[str, Any]:
        zone = organisation_zone(session.organisation)
        starts = timezone.localtime(session.starts_at, zone)
        ends = timezone.localtime(session.ends_at, zone)
        return {
            "kind": session.kind,
            "title": session.title,
            "description": session.description,
            "day": starts.date(),
            "start_time": starts.time().replace(second=0, microsecond=0),
            "end_time": ends.time().replace(second=0, microsecond=0),
            "place": session.place,
            "online_url": session.online_url,
            "capacity": session.capacity,
            "trainer": session.trainer,
        }


class DepartmentChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


class WaveForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    position = forms.IntegerField(label=_("order"), min_value=0, max_value=1000, initial=0)
    audiences = forms.ModelMultipleChoiceField(
        label=_("audiences"),
        queryset=Audience.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    entities = forms.ModelMultipleChoiceField(
        label=_("entities"),
        queryset=Entity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    departments = DepartmentChoice(
        label=_("departments (with their sub-departments)"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    include_managers_teams = forms.BooleanField(label=_("line managers and their teams"), required=False)
    send_at = forms.DateTimeField(
        label=_("send on"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Empty: send it yourself. Every criterion you choose must hold."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        self.zone = organisation_zone(organisation)
        super().__init__(*args, **kwargs)
        self.fields["send_at"].help_text = _(
            "In the organisation's time zone (%(zone)s). Empty: send it yourself. "
            "Every criterion you choose must hold."
        ) % {"zone": str(self.zone)}
        for name, model in (("audiences", Audience), ("entities", Entity), ("departments", Department)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = model.objects.filter(organisation=organisation)

    def clean_send_at(self) -> datetime | None:
        value = self.cleaned_data.get("send_at")
        if value is None:
            return None
        moment = (
            timezone.make_aware(timezone.make_naive(value), self.zone)
            if timezone.is_aware(value)
            else (timezone.make_aware(value, self.zone))
        )
        if moment < timezone.now() and "send_at" in self.changed_data:
            raise ValidationError(
                _("This moment has passed: choose one to come, or leave it empty and send the wave yourself.")
            )
        return moment

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (
            data.get("audiences")
            or data.get("entities")
            or data.get("departments")
            or data.get("include_managers_teams")
        ):
            raise ValidationError(
                _("Choose at least one audience, entity, department, or line managers and their teams.")
            )
        return data


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(choices=Registration.Attendance.choices, required=False)


class SheetForm(forms.Form):
    file = forms.FileField(
        label=_("sign-in sheet"),
        help_text=_(
            "CSV or XLSX with an “e-mail” or “HR identifier” column, "
            "and an optional “present” column (yes / no)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
