"""Forms of the listening screens: the stream's filters, sources per kind, imports, a mention added by
hand, the insights' period, themes and settings. Writes go through the services, which check again."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambassade.listening.models import Intent, Sentiment, Source
from ambassade.listening.query import QueryError, query_parse
from ambassade.listening.selectors import DAY_MAX, DAY_MIN
from ambassade.listening.tabular import mapping_guess

LANGUAGES = (
    ("fr", _("French")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
    ("pt", _("Portuguese")),
)
ANY = ("", _("any"))
MAX_PERIOD_DAYS = 731
UPLOAD_MAX_BYTES = 10 * 1024 * 1024

QUERY_HELP = _(
    'Whole words, accents and case ignored; "exact phrase" in quotes; recrut* for words starting with '
    "recrut; AND or ET (a space means AND too), OR or OU, NOT or SAUF (or a leading -), and parentheses. "
    'Example: (télétravail OR "remote work") -stage'
)
HTTP_URL = URLValidator(
    schemes=["http", "https"], message=_("Enter an address starting with http:// or https://.")
)


def _choices(first: tuple[str, Any], pairs: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [first, *pairs]


# --- the stream ---------------------------------------------------------------------------------


class StreamFilterForm(forms.Form):
    """The stream's filters; their names are the parameters of selectors.stream_filter."""

    q = forms.CharField(label=_("query"), required=False, max_length=500, help_text=QUERY_HELP)
    source = forms.TypedChoiceField(label=_("source"), required=False, coerce=str)
    venue = forms.CharField(label=_("venue"), required=False, max_length=200)
    lang = forms.ChoiceField(label=_("language"), required=False, choices=_choices(ANY, LANGUAGES))
    sentiment = forms.ChoiceField(
        label=_("sentiment"), required=False, choices=_choices(ANY, Sentiment.choices)
    )
    intent = forms.ChoiceField(label=_("intent"), required=False, choices=_choices(ANY, Intent.choices))
    theme = forms.ChoiceField(label=_("theme"), required=False)
    since = forms.DateField(label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    PARAMS = ("q", "source", "venue", "lang", "sentiment", "intent", "theme", "since", "until")

    def __init__(
        self, data: Mapping[str, Any] | None, *, sources: Iterable[Any], themes: Iterable[Any]
    ) -> None:
        super().__init__(data)
        self.fields["source"].choices = _choices(ANY, ((str(s.pk), s.name) for s in sources))  # type: ignore[attr-defined]
        self.fields["theme"].choices = _choices(ANY, ((t.slug, t.name) for t in themes))  # type: ignore[attr-defined]

    def clean_q(self) -> str:
        text = self.cleaned_data["q"].strip()
        if text:
            try:
                query_parse(text)
            except QueryError as error:
                raise ValidationError(error.messages) from error
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period comes before its start."))
        return data

    def params(self) -> dict[str, str]:
        """The filters chosen, as the selectors take them (strings; dates as YYYY-MM-DD)."""
        chosen: dict[str, str] = {}
        for name in self.PARAMS:
            value = self.cleaned_data.get(name)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            if value:
                chosen[name] = str(value).strip()
        return chosen


class LabelForm(forms.Form):
    """One click on a label: a task and its new label (a theme's slug toggles that theme)."""

    task = forms.ChoiceField(
        label=_("task"),
        choices=[("sentiment", _("sentiment")), ("intent", _("intent")), ("theme", _("theme"))],
    )
    label = forms.CharField(label=_("label"), required=False, max_length=60)  # "" = no theme


# --- sources ------------------------------------------------------------------------------------

# The settings of each kind of source, as the connectors read them in Source.config.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "feed": ("url",),
    "mastodon_hashtag": ("instance", "hashtag"),
    "mastodon_mentions": ("instance",),
    "bluesky_search": ("search", "handle"),
    "bluesky_notifications": ("handle",),
}
SECRET_LABELS = {
    "mastodon_mentions": _("access token (scope read:notifications)"),
    "bluesky_search": _("app password"),
    "bluesky_notifications": _("app password"),
}


def _config_fields() -> dict[str, forms.Field]:
    return {
        "url": forms.CharField(
            label=_("feed address"),
            max_length=1000,
            help_text=_(
                "An RSS or Atom feed, e.g. a Google Alerts or Talkwalker Alerts feed, a blog, a forum."
            ),
            widget=forms.URLInput(attrs={"placeholder": "https://"}),
        ),  # checked by the connector (scheme, private and local addresses refused)
        "instance": forms.CharField(
            label=_("Mastodon instance"),
            max_length=200,
            help_text=_("The server's name, e.g. mastodon.social."),
        ),
        "hashtag": forms.CharField(
            label=_("hashtag"), max_length=100, help_text=_("Without the #, e.g. recrutement.")
        ),
        "search": forms.CharField(
            label=_("Bluesky search"),
            max_length=300,
            help_text=_("What Bluesky searches for, e.g. the organisation's name."),
        ),
        "handle": forms.CharField(
            label=_("Bluesky account"),
            max_length=200,
            help_text=_("The account that signs in, e.g. ourname.bsky.social (Bluesky requires it)."),
        ),
    }


class SourceForm(forms.Form):
    """A polled source of one kind; the token or app password is write-only."""

    name = forms.CharField(label=_("name"), max_length=120)
    query = forms.CharField(
        label=_("query"),
        required=False,
        max_length=500,
        help_text=QUERY_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    competitor_name = forms.CharField(
        label=_("competitor"),
        required=False,
        max_length=120,
        help_text=_(
            "Fill in when this source listens to a competitor: its mentions then count in the share of voice "
            "under this name instead of ours."
        ),
    )
    active = forms.BooleanField(label=_("fetched regularly"), required=False, initial=True)

    def __init__(self, *args: Any, kind: str, source: Source | None = None, **kwargs: Any) -> None:
        if source is not None:
            kwargs.setdefault("initial", source_initial(source))
        super().__init__(*args, **kwargs)
        self.kind = kind
        available = _config_fields()
        for name in KIND_FIELDS.get(kind, ()):
            self.fields[name] = available[name]
        if kind not in KIND_FIELDS:  # an import or the mentions added by hand: nothing to fetch
            del self.fields["active"]
        if kind in SECRET_LABELS:
            keeping = source is not None and bool(source.secret)
            self.fields["secret"] = forms.CharField(
                label=SECRET_LABELS[kind],
                required=not keeping,
                max_length=500,
                # "new-password": browsers ignore "off" and would fill in the user's own ambassade password,
                # which would then be sent to the network.
                widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
                help_text=_("Stored for fetching only, never shown again.")
                if not keeping
                else _("Leave empty to keep the one stored (it is never shown)."),
            )
        self.order_fields(
            ["name", *KIND_FIELDS.get(kind, ()), "secret", "query", "competitor_name", "active"]
        )

    def config(self) -> dict[str, str]:
        return {name: self.cleaned_data[name].strip() for name in KIND_FIELDS.get(self.kind, ())}


def source_initial(source: Source) -> dict[str, Any]:
    config = source.config or {}
    return {
        "name": source.name,
        "query": source.query,
        "competitor_name": source.competitor_name,
        "active": source.active,
        **{name: config.get(name, "") for name in KIND_FIELDS.get(source.kind, ())},
    }


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("kind of source"), choices=[(k, Source.Kind(k).label) for k in KIND_FIELDS]
    )


# --- imports and a mention by hand --------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(label=_("file"))

    def __init__(self, *args: Any, accept: str, help_text: Any, too_big: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = accept
        self.fields["file"].help_text = help_text
        self.too_big = too_big or _("The file is larger than 10 MB: split it into smaller files.")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_BYTES:
            raise ValidationError(self.too_big)
        return upload


class TableUploadForm(UploadForm):
    source_name = forms.CharField(
        label=_("name of the import"),
        max_length=120,
        help_text=_("The source these mentions are filed under, e.g. “Press review 2025”."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(
            *args,
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            help_text=_(
                "CSV (any encoding, ; or , separated) or XLSX, one mention per row, with a header row."
            ),
            **kwargs,
        )
        self.order_fields(["source_name", "file"])


# The fields a mention can take from a table (ambassade/listening/tabular.py reads them).
TABLE_COLUMNS: dict[str, Any] = {
    "text": _("text"),
    "url": _("link"),
    "author": _("author"),
    "published_at": _("date"),
    "venue": _("venue"),
    "platform": _("platform"),
    "lang": _("language"),
}


class TableMappingForm(forms.Form):
    """Which column of the file holds each field of a mention (pre-filled with a guess)."""

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        kwargs.setdefault("initial", mapping_guess(headers))
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —")), *((header, header) for header in headers)]
        for name, label in TABLE_COLUMNS.items():
            self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=name == "text")

    def mapping(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in TABLE_COLUMNS if self.cleaned_data.get(name)}


class MentionManualForm(forms.Form):
    text = forms.CharField(label=_("text"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 4}))
    url = forms.CharField(
        label=_("link to the original"),
        required=False,
        max_length=1000,
        validators=[HTTP_URL],
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    author = forms.CharField(label=_("author"), required=False, max_length=200)
    venue = forms.CharField(
        label=_("venue"),
        required=False,
        max_length=200,
        help_text=_("Where it was said, e.g. a private group, a forum, a newspaper."),
    )
    platform = forms.CharField(label=_("platform"), required=False, max_length=30, initial="manual")
    published_at = forms.DateTimeField(
        label=_("said on"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text=_("Empty: now."),
    )

    def clean_published_at(self) -> datetime.datetime:
        value = self.cleaned_data.get("published_at")
        now = timezone.now()
        if value and value > now + datetime.timedelta(minutes=5):
            raise ValidationError(_("This date is in the future."))
        return value or now


# --- insights -----------------------------------------------------------------------------------


def _day_in_range(day: datetime.date | None) -> datetime.date | None:
    """Beyond these bounds, a period's limits overflow once made aware."""
    if day is not None and not DAY_MIN <= day <= DAY_MAX:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            params={"first": DAY_MIN.isoformat(), "last": DAY_MAX.isoformat()},
        )
    return day


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    DEFAULT_DAYS = 90

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        today = timezone.localdate()
        kwargs.setdefault(
            "initial", {"since": today - datetime.timedelta(days=self.DEFAULT_DAYS - 1), "until": today}
        )
        super().__init__(*args, **kwargs)

    def clean_since(self) -> datetime.date | None:
        return _day_in_range(self.cleaned_data.get("since"))

    def clean_until(self) -> datetime.date | None:
        return _day_in_range(self.cleaned_data.get("until"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        until = data.get("until") or today
        since = data.get("since") or until - datetime.timedelta(days=self.DEFAULT_DAYS - 1)
        if "since" in self.errors or "until" in self.errors:
            return data
        if since > until and not data.get("until"):
            self.add_error("since", _("The start of the period is in the future."))
        elif since > until:
            self.add_error("until", _("The end of the period comes before its start."))
        elif (until - since).days >= MAX_PERIOD_DAYS:
            self.add_error("since", _("Choose a period of at most two years."))
        data["since"], data["until"] = since, until
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["since"], self.cleaned_data["until"]
        until = timezone.localdate()
        return until - datetime.timedelta(days=self.DEFAULT_DAYS - 1), until


# --- themes and settings ------------------------------------------------------------------------


class ThemeForm(forms.Form):
    name_fr = forms.CharField(label=_("name (French)"), max_length=120)
    name_en = forms.CharField(label=_("name (English)"), max_length=120)
    keywords = forms.CharField(
        label=_("keywords"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One word or phrase per line, in French and English; they assign the theme at once."),
    )
    active = forms.BooleanField(label=_("active"), required=False, initial=True)


class ThemeAcceptForm(forms.Form):
    name_fr = forms.CharField(label=_("name (French)"), max_length=120)
    name_en = forms.CharField(label=_("name (English)"), max_length=120)


class ListeningSettingsForm(forms.Form):
    spike_factor = forms.FloatField(
        label=_("spike factor"),
        min_value=1.1,
        max_value=20,
        help_text=_(
            "Alert when the last 24 hours exceed the usual day by this factor (e.g. 2 = twice as many)."
        ),
    )
    min_volume = forms.IntegerField(
        label=_("minimum volume"),
        min_value=1,
        max_value=100_000,
        help_text=_("No spike alert below this many mentions in 24 hours."),
    )
    response_target_hours = forms.IntegerField(
        label=_("response target (hours)"),
        min_value=1,
        max_value=24 * 30,
        help_text=_("A question or worry still unanswered after this raises an alert."),
    )
    retention_days = forms.IntegerField(
        label=_("keep mentions for (days)"),
        min_value=7,
        max_value=3650,
        help_text=_("Older mentions are deleted, with their authors."),
    )
    author_retention_days = forms.IntegerField(
        label=_("keep authors' names for (days)"),
        min_value=1,
        max_value=3650,
        help_text=_("After this, the author fields are blanked; the text stays for the figures."),
    )
    alert_emails = forms.CharField(
        label=_("alert e-mails"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One address per line; alerts are also shown in the app."),
    )

    def clean_alert_emails(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["alert_emails"].replace(",", "\n").splitlines()]
        for number, line in enumerate(lines, start=1):
            if not line:
                continue
            try:
                validate_email(line)
            except ValidationError as error:
                raise ValidationError(
                    _("Line %(line)s: “%(value)s” is not an e-mail address."),
                    params={"line": number, "value": line},
                ) from error
        return "\n".join(line for line in lines if line)
