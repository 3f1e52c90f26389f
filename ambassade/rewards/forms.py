"""Forms of the rewards screens: an item (HR admins), a request's note, a refusal, the status filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ambassade.orgs.models import Person
from ambassade.rewards import services
from ambassade.rewards.models import RewardItem, RewardRequest


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class RewardItemForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=services.NAME_MAX)
    description = forms.CharField(
        label=_("description"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What it is, sizes or colours available, how it is handed out."),
    )
    # A plain file field: the services' check (Pillow) says what is wrong, naming the file.
    photo = forms.FileField(
        label=_("photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        help_text=_("A JPEG, PNG or WebP picture of at most 5 MB; it is resized and its metadata removed."),
    )
    photo_clear = forms.BooleanField(label=_("remove the photo"), required=False)
    cost = forms.IntegerField(
        label=_("cost (points)"),
        min_value=1,
        max_value=services.MAX_COST,
        help_text=_("Taken from the ambassador's spendable points; their level does not change."),
    )
    stock = forms.IntegerField(
        label=_("in stock"),
        required=False,
        min_value=0,
        max_value=services.MAX_STOCK,
        help_text=_("Empty: unlimited."),
    )
    handed_out_by = PersonChoiceField(
        label=_("handed out by"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("This person is told by e-mail when a request is approved."),
    )
    active = forms.BooleanField(label=_("shown in the catalogue"), required=False, initial=True)

    def __init__(
        self, *args: Any, people: QuerySet[Person], item: RewardItem | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["handed_out_by"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people
        if item is None or not item.photo:
            del self.fields["photo_clear"]

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if not photo:
            return None
        try:
            services.photo_check(photo)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return photo


def item_initial(item: RewardItem) -> dict[str, Any]:
    return {
        "name": item.name,
        "description": item.description,
        "cost": item.cost,
        "stock": item.stock,
        "handed_out_by": item.handed_out_by_id,
        "active": item.active,
    }


class RequestForm(forms.Form):
    note = forms.CharField(
        label=_("note for the HR team"),
        required=False,
        max_length=services.NOTE_MAX,
        help_text=_("Optional: a T-shirt size, a colour, when you can collect it."),
    )


class RefuseForm(forms.Form):
    decision_note = forms.CharField(
        label=_("reason"),
        max_length=services.NOTE_MAX,
        help_text=_("Required: the person who asked reads it. Their points come back."),
    )


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[("", _("Every status")), *RewardRequest.Status.choices],
    )

    def chosen(self) -> str:
        if self.is_valid():
            return str(self.cleaned_data["status"] or "")
        return ""
