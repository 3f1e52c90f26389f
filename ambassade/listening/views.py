"""The listening screens, for HR admins and communication officers: the stream (filters, live updates,
one-click label corrections), sources and imports, insights, alerts, label quality, themes and settings.

Text from the outside is plain text rendered autoescaped; links to originals only when http(s)."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ambassade.core.spreadsheets import SpreadsheetErrors, read_table
from ambassade.listening import labelling, selectors, services
from ambassade.listening.forms import (
    KindForm,
    LabelForm,
    ListeningSettingsForm,
    MentionManualForm,
    PeriodForm,
    SourceForm,
    StreamFilterForm,
    TableMappingForm,
    TableUploadForm,
    ThemeAcceptForm,
    ThemeForm,
    UploadForm,
)
from ambassade.listening.ingest import IngestReport
from ambassade.listening.models import (
    Intent,
    LabelCorrection,
    Mention,
    MentionImport,
    Sentiment,
    Source,
    Theme,
)
from ambassade.listening.query import QueryError
from ambassade.orgs.models import Membership
from ambassade.orgs.permissions import roles_required
from ambassade.orgs.roles import Role

PAGE_SIZE = 30
AFTER = re.compile(r"[0-9]{1,18}")
PRESET_DAYS = (7, 30, 90, 180, 365)
PREVIEW_ROWS = 5
TABLE_SESSION_KEY = "listening_table_import"
HTTP = ("http://", "https://")
PLATFORMS = {
    "web": gettext_lazy("Web"),
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "x": "X",
    "import": gettext_lazy("Import"),
    "manual": gettext_lazy("Added by hand"),
}

listening_required = roles_required(Role.HR_ADMIN, Role.COMMS)


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _add_errors(form: Any, error: ValidationError) -> None:
    """Errors from the services, on the field they name (or the form's top when it names none)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _http(url: str) -> str:
    return url if url.lower().startswith(HTTP) else ""


def _report_message(report: IngestReport) -> str:
    return _(
        "%(created)s new mentions, %(duplicates)s duplicates of earlier ones, %(known)s already known, "
        "%(empty)s without text."
    ) % {
        "created": report.created,
        "duplicates": report.duplicates,
        "known": report.known,
        "empty": report.empty,
    }


# --- the stream ---------------------------------------------------------------------------------


def _themes(membership: Membership) -> list[Theme]:
    services.themes_ensure(organisation=membership.organisation)
    return list(selectors.theme_list(membership=membership, active=True))


def _filter_form(request: HttpRequest, membership: Membership, themes: list[Theme]) -> StreamFilterForm:
    data = request.GET if any(request.GET.get(name) for name in StreamFilterForm.PARAMS) else None
    return StreamFilterForm(data, sources=selectors.source_list(membership=membership), themes=themes)


def _filtered(form: StreamFilterForm, membership: Membership) -> QuerySet[Mention] | None:
    """The mentions the filters keep, or None when a filter is wrong (the form then says which)."""
    if form.is_bound and not form.is_valid():
        return None
    params = form.params() if form.is_bound else {}
    try:
        return selectors.stream_filter(membership=membership, params=params)
    except QueryError as error:
        form.add_error("q", error.messages)
    except ValidationError as error:
        _add_errors(form, error)
    return None


def _cards(mentions: Iterable[Mention], membership: Membership) -> list[Mention]:
    """Mentions ready to show: their themes, duplicates, platform's name and safe links."""
    mentions = list(mentions)
    prefetch_related_objects(mentions, "mention_themes__theme")
    duplicates = dict(
        selectors.mentions_of(membership=membership)
        .filter(duplicate_of__in=[m.pk for m in mentions])
        .values_list("duplicate_of")
        .annotate(count=Count("pk"))
        .values_list("duplicate_of", "count")
    )
    for mention in mentions:
        mention.theme_list = [link.theme for link in mention.mention_themes.all()]  # type: ignore[attr-defined]
        mention.duplicate_total = duplicates.get(mention.pk, 0)  # type: ignore[attr-defined]
        mention.platform_label = PLATFORMS.get(mention.platform, mention.platform)  # type: ignore[attr-defined]
        mention.author_link = _http(mention.author_url)  # type: ignore[attr-defined]
        mention.thread_link = _http(mention.thread_url) if mention.thread_url != mention.url else ""  # type: ignore[attr-defined]
    return mentions


def _card_context(themes: list[Theme]) -> dict[str, Any]:
    return {"sentiments": Sentiment.choices, "intents": Intent.choices, "themes": themes}


@listening_required
def listening_stream(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    themes = _themes(membership)
    form = _filter_form(request, membership, themes)
    mentions = _filtered(form, membership)
    found = mentions if mentions is not None else Mention.objects.none()
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _cards(page.object_list, membership)
    context = {
        "form": form,
        "page": page,
        "filters_query": urlencode(form.params()) if form.is_bound and not form.errors else "",
        "live": mentions is not None and page.number == 1,
        "back": request.get_full_path(),  # where a correction without JavaScript comes back to
        "last_id": found.aggregate(last=Max("pk"))["last"] or 0,
        **_card_context(themes),
    }
    return render(request, "listening/stream.html", context, status=400 if form.errors else 200)


@listening_required
def listening_stream_new(request: HttpRequest) -> HttpResponse:
    """The mentions arrived since `after` (a mention's id), for the live stream's polling."""
    membership = _membership(request)
    after = request.GET.get("after") or "0"
    if not AFTER.fullmatch(after):  # ASCII digits only ("²".isdigit() is true), and a size the DB takes
        return HttpResponse(_("The parameter “after” must be a mention number."), status=400)
    themes = _themes(membership)
    form = _filter_form(request, membership, themes)
    mentions = _filtered(form, membership)
    if mentions is None:
        problems = "; ".join(f"{name}: {' '.join(map(str, errors))}" for name, errors in form.errors.items())
        return HttpResponse(problems, status=400, content_type="text/plain; charset=utf-8")
    arrived = mentions.filter(pk__gt=int(after))
    context = {
        "mentions": _cards(arrived[:PAGE_SIZE], membership),
        "last_id": arrived.aggregate(last=Max("pk"))["last"] or int(after),
        "arrived": arrived.count(),
        "filters_query": urlencode(form.params()) if form.is_bound else "",
        **_card_context(themes),
    }
    return render(request, "listening/_stream_new.html", context)


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = default
    return redirect(target)


@listening_required
@require_POST
def listening_mention_label(request: HttpRequest, pk: int) -> HttpResponse:
    """One click on a label: the card comes back updated (htmx), or the stream again (without JS)."""
    membership = _membership(request)
    mention = selectors.mention_get_for_user(membership=membership, pk=pk)
    form = LabelForm(request.POST)
    error = ""
    if not form.is_valid():
        error = " ".join(str(message) for errors in form.errors.values() for message in errors)
    else:
        try:
            labelling.label_correct(
                membership=membership,
                mention=mention,
                task=form.cleaned_data["task"],
                label=form.cleaned_data["label"],
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
    if not _is_htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Label saved: it joins the gold set."))
        return _back(request, reverse("listening_stream"))
    mention = selectors.mention_get_for_user(membership=membership, pk=pk)
    context = {"mention": _cards([mention], membership)[0], "saved": not error, "error": error, "oob": True}
    return render(request, "listening/_mention.html", {**context, **_card_context(_themes(membership))})


@listening_required
def listening_mention_new(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = MentionManualForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mention_add_manual(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Mention added to the stream."))
            return redirect("listening_stream")
    status = 400 if form.errors else 200
    return render(request, "listening/mention_new.html", {"form": form}, status=status)


# --- sources ------------------------------------------------------------------------------------


@listening_required
def listening_source_list(request: HttpRequest) -> HttpResponse:
    sources = selectors.source_list(membership=_membership(request))
    return render(request, "listening/source_list.html", {"sources": sources, "kind_form": KindForm()})


def _source_form_page(request: HttpRequest, form: SourceForm, source: Source | None) -> HttpResponse:
    context = {"form": form, "source": source, "kind_label": Source.Kind(form.kind).label}
    return render(request, "listening/source_form.html", context, status=400 if form.errors else 200)


@listening_required
def listening_source_new(request: HttpRequest) -> HttpResponse:
    kind_form = KindForm(request.GET or None)
    if not kind_form.is_valid():
        sources = selectors.source_list(membership=_membership(request))
        context = {"sources": sources, "kind_form": kind_form}
        return render(request, "listening/source_list.html", context, status=400 if kind_form.errors else 200)
    kind = kind_form.cleaned_data["kind"]
    form = SourceForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            source = services.source_create(
                membership=_membership(request),
                name=data["name"],
                kind=kind,
                config=form.config(),
                secret=data.get("secret", ""),
                query=data["query"],
                competitor_name=data["competitor_name"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if not data["active"]:
                services.source_update(membership=_membership(request), source=source, active=False)
            else:
                services.source_fetch_now(source=source)
            messages.success(
                request,
                _("Source “%(name)s” added: it is fetched now, then every 15 minutes.")
                % {"name": source.name},
            )
            return redirect("listening_source_list")
    return _source_form_page(request, form, None)


@listening_required
def listening_source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    source = selectors.source_get_for_user(membership=membership, pk=pk)
    form = SourceForm(request.POST or None, kind=source.kind, source=source)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.source_update(
                membership=membership,
                source=source,
                name=data["name"],
                config=form.config() if source.polled else None,
                secret=data.get("secret") or None,
                query=data["query"],
                competitor_name=data["competitor_name"],
                active=data.get("active"),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Source “%(name)s” saved.") % {"name": data["name"]})
            return redirect("listening_source_list")
    return _source_form_page(request, form, source)


@listening_required
@require_POST
def listening_source_delete(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    source = selectors.source_get_for_user(membership=membership, pk=pk)
    name = source.name
    services.source_delete(membership=membership, source=source)
    messages.success(request, _("Source “%(name)s” deleted, with its mentions.") % {"name": name})
    return redirect("listening_source_list")


@listening_required
@require_POST
def listening_source_fetch(request: HttpRequest, pk: int) -> HttpResponse:
    source = selectors.source_get_for_user(membership=_membership(request), pk=pk)
    if not source.polled:
        messages.error(request, _("“%(name)s” is an import: it is not fetched.") % {"name": source.name})
    elif not source.active:
        messages.error(
            request, _("“%(name)s” is paused: tick “fetched regularly” to fetch it.") % {"name": source.name}
        )
    else:
        services.source_fetch_now(source=source)
        messages.success(
            request,
            _("“%(name)s” is being fetched: its health below tells how it went.") % {"name": source.name},
        )
    return redirect("listening_source_list")


# --- imports ------------------------------------------------------------------------------------


UPLOAD_KEPT_SECONDS = 24 * 3600
UPLOAD_TOKEN = re.compile(r"[0-9a-f]{32}")


def _uploads_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "listening-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _upload_keep(data: bytes) -> str:
    """The file between the two steps, on disk: in the session it would be read on every request."""
    folder = _uploads_dir()
    stale = time.time() - UPLOAD_KEPT_SECONDS
    for old in folder.glob("*.upload"):  # abandoned imports
        if old.stat().st_mtime < stale:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    (folder / f"{token}.upload").write_bytes(data)
    return token


def _upload_path(stored: dict[str, str]) -> Path | None:
    token = str(stored.get("token", ""))
    return _uploads_dir() / f"{token}.upload" if UPLOAD_TOKEN.fullmatch(token) else None


def _upload_read(stored: dict[str, str]) -> bytes | None:
    path = _upload_path(stored)
    try:
        return path.read_bytes() if path else None
    except FileNotFoundError:
        return None


def _table_step_two(
    request: HttpRequest, stored: dict[str, str], data: bytes, form: TableMappingForm | None = None
) -> HttpResponse:
    table = read_table(data, filename=stored["filename"])
    form = form or TableMappingForm(headers=table.headers)
    context = {
        "step": "map",
        "form": form,
        "stored": stored,
        "headers": table.headers,
        "preview": [[row.values.get(h, "") for h in table.headers] for row in table.rows[:PREVIEW_ROWS]],
        "rows": len(table.rows),
        "errors": getattr(form, "import_errors", []),
    }
    return render(
        request,
        "listening/import_table.html",
        context,
        status=400 if form.errors or context["errors"] else 200,
    )


@listening_required
def listening_import_table(request: HttpRequest) -> HttpResponse:
    """A CSV/XLSX of mentions in two steps: the file (its first rows shown), then which column is what;
    all or nothing."""
    if request.method == "POST" and request.POST.get("step") == "map":
        return _table_import(request)
    form = TableUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            read_table(data, filename=upload.name)
        except SpreadsheetErrors as error:
            errors = error.messages
        else:
            stored = {"filename": upload.name, "source_name": form.cleaned_data["source_name"]}
            request.session[TABLE_SESSION_KEY] = {**stored, "token": _upload_keep(data)}
            return _table_step_two(request, request.session[TABLE_SESSION_KEY], data)
    context = {"step": "upload", "form": form, "errors": errors}
    return render(
        request, "listening/import_table.html", context, status=400 if form.errors or errors else 200
    )


def _table_import(request: HttpRequest) -> HttpResponse:
    stored = request.session.get(TABLE_SESSION_KEY) or {}
    data = _upload_read(stored)
    if data is None:
        messages.error(request, _("The file is no longer here: upload it again."))
        return redirect("listening_import_table")
    form = TableMappingForm(request.POST, headers=read_table(data, filename=stored["filename"]).headers)
    if form.is_valid():
        mention_import = services.mention_import_create(
            membership=_membership(request),
            kind=MentionImport.Kind.TABLE,
            data=data,
            filename=stored["filename"],
            source_name=stored["source_name"],
            mapping=form.mapping(),
        )
        del request.session[TABLE_SESSION_KEY]
        path = _upload_path(stored)
        if path:
            path.unlink(missing_ok=True)
        return redirect("listening_import_status", pk=mention_import.pk)
    return _table_step_two(request, stored, data, form)


X_ARCHIVE_HELP = gettext_lazy(
    "The archive X sends when you ask for your data (a .zip), or its data/tweets.js (or older tweet.js) file."
)


X_ARCHIVE_TOO_BIG = gettext_lazy(
    "The file is larger than 10 MB: archives with photos and videos often are. Send only the data/tweets.js "
    "file found in the archive's folder."
)


@listening_required
def listening_import_x(request: HttpRequest) -> HttpResponse:
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        accept=".zip,.js",
        help_text=X_ARCHIVE_HELP,
        too_big=X_ARCHIVE_TOO_BIG,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        mention_import = services.mention_import_create(
            membership=_membership(request),
            kind=MentionImport.Kind.X_ARCHIVE,
            data=upload.read(),
            filename=upload.name,
        )
        return redirect("listening_import_status", pk=mention_import.pk)
    return render(request, "listening/import_x.html", {"form": form}, status=400 if form.errors else 200)


def _mention_import(request: HttpRequest, pk: int) -> MentionImport:
    return get_object_or_404(MentionImport, pk=pk, organisation=_membership(request).organisation)


def _import_context(mention_import: MentionImport) -> dict[str, Any]:
    done, total = services.mention_import_progress(mention_import)
    stream = reverse("listening_stream")
    report = IngestReport(
        created=mention_import.created,
        duplicates=mention_import.duplicates,
        known=mention_import.known,
        empty=mention_import.empty,
    )
    name = mention_import.source_name or mention_import.filename
    summary = _("Import “%(name)s” done: %(report)s") % {"name": name, "report": _report_message(report)}
    return {
        "import": mention_import,
        "summary": summary,
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
        "stream_url": f"{stream}?{urlencode({'source': mention_import.source_id})}"
        if mention_import.source_id
        else "",
    }


@listening_required
def listening_import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's progress bar while it runs, then its outcome."""
    mention_import = _mention_import(request, pk)
    return render(request, "listening/import_status.html", _import_context(mention_import))


@listening_required
def listening_import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone, polled by htmx; once the import is over, htmx reloads the whole page."""
    mention_import = _mention_import(request, pk)
    response = render(request, "listening/_import_progress.html", _import_context(mention_import))
    if request.headers.get("HX-Request") and not mention_import.running:
        response["HX-Refresh"] = "true"
    return response


# --- insights -----------------------------------------------------------------------------------


def _pivot(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Themes over time as a table: one row per theme, one column per period; net sentiment per theme."""
    periods = sorted({row["period"] for row in rows})
    themes: dict[str, dict[str, Any]] = {}
    for row in rows:
        theme = themes.setdefault(
            row["theme"],
            {"slug": row["theme"], "name": row["name"], "counts": {}, "positive": 0, "negative": 0},
        )
        theme["counts"][row["period"]] = row["count"]
        theme["positive"] += row.get("positive", 0)
        theme["negative"] += row.get("negative", 0)
    for theme in themes.values():
        theme["cells"] = [theme["counts"].get(period, 0) for period in periods]
        theme["total"] = sum(theme["cells"])
        polar = theme["positive"] + theme["negative"]
        theme["net"] = round((theme["positive"] - theme["negative"]) / polar, 2) if polar else None
    ranked = sorted(themes.values(), key=lambda theme: -theme["total"])
    return {"periods": periods, "themes": ranked}


@listening_required
def listening_insights(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = PeriodForm(request.GET or None)
    since, until = form.period()
    window: dict[str, Any] = {"membership": membership, "since": since, "until": until}
    volume = selectors.volume_series(**window)
    for day in volume:
        day["negative_share"] = round(100 * day["negative"] / day["count"], 1) if day["count"] else 0
    share = selectors.share_of_voice(**window)
    for row in share:
        row["percent"] = round(100 * row["share"], 1)
    today = timezone.localdate()
    venues, authors = selectors.venues_ranked(**window), selectors.authors_top(**window)
    for row in (*venues, *authors):
        row["platform_label"] = PLATFORMS.get(row["platform"], row["platform"])
    context = {
        "form": form,
        "since": since,
        "until": until,
        "presets": [(days, today - timedelta(days=days - 1), today) for days in PRESET_DAYS],
        "volume": volume,
        "total": sum(day["count"] for day in volume),
        "themes": _pivot(selectors.themes_over_time(**window)),
        "venues": venues,
        "authors": authors,
        "share": share,
    }
    return render(request, "listening/insights.html", context, status=400 if form.errors else 200)


# --- alerts -------------------------------------------------------------------------------------


@listening_required
def listening_alert_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    unseen_only = request.GET.get("unseen") == "1"
    alerts = selectors.alert_list(membership=membership, unseen_only=unseen_only)
    page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "listening/alert_list.html", {"page": page, "unseen_only": unseen_only})


@listening_required
@require_POST
def listening_alert_seen(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    alert = selectors.alert_get_for_user(membership=membership, pk=pk)
    services.alert_mark_seen(membership=membership, alert=alert)
    return _back(request, reverse("listening_alert_list"))


@listening_required
@require_POST
def listening_alerts_seen_all(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    unseen = list(selectors.alert_list(membership=membership, unseen_only=True))
    for alert in unseen:
        services.alert_mark_seen(membership=membership, alert=alert)
    messages.success(request, _("%(count)s alerts marked as seen.") % {"count": len(unseen)})
    return redirect("listening_alert_list")


# --- label quality ------------------------------------------------------------------------------

TASKS = LabelCorrection.Task


def _label_names(membership: Membership) -> dict[str, dict[str, str]]:
    """Per task, each label's name in the reader's language (the scores and corrections keep codes)."""
    themes = {theme.slug: theme.name for theme in selectors.theme_list(membership=membership)}
    return {
        TASKS.SENTIMENT: {value: str(name) for value, name in Sentiment.choices},
        TASKS.INTENT: {value: str(name) for value, name in Intent.choices},
        TASKS.THEME: themes,
    }


def _score_rows(scores: dict[str, Any], names: dict[str, str]) -> list[dict[str, Any]]:
    rows = [
        {**values, "code": label, "label": names.get(label, label)}
        for label, values in scores.items()
        if label != "macro" and isinstance(values, dict)
    ]
    return sorted(rows, key=lambda row: str(row["label"]))


def _corrections_named(corrections: Iterable[LabelCorrection], names: dict[str, dict[str, str]]) -> list[Any]:
    corrections = list(corrections)
    for correction in corrections:
        task_names = names.get(correction.task, {})
        correction.previous_name = task_names.get(correction.previous, correction.previous)  # type: ignore[attr-defined]
        correction.label_name = task_names.get(correction.label, correction.label)  # type: ignore[attr-defined]
    return corrections


@listening_required
def listening_quality(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    names = _label_names(membership)
    tasks = []
    scored = []
    for task, label in TASKS.choices:
        history = selectors.gold_scores_history(membership=membership, task=task)
        current = history[-1] if history else None
        if current:
            scored.append(current.created_at)
        tasks.append(
            {
                "task": task,
                "label": label,
                "current": current,
                "rows": _score_rows(current.scores, names.get(task, {})) if current else [],
                "macro": current.scores.get("macro") if current else None,
                "history": history,
            }
        )
    corrections = selectors.label_corrections(membership=membership)
    waiting = corrections.filter(created_at__gt=max(scored)) if scored else corrections
    context = {
        "tasks": tasks,
        "waiting_count": waiting.count(),
        "corrections_count": corrections.count(),
        "corrections": _corrections_named(corrections[:20], names),
    }
    return render(request, "listening/quality.html", context)


@listening_required
@require_POST
def listening_quality_retrain(request: HttpRequest) -> HttpResponse:
    labelling.heads_retrain_enqueue(organisation_id=_membership(request).organisation_id)
    messages.success(request, _("Retraining on the gold set: the scores below are updated when it is done."))
    return redirect("listening_quality")


# --- themes -------------------------------------------------------------------------------------


@listening_required
def listening_theme_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    services.themes_ensure(organisation=membership.organisation)
    themes = list(selectors.theme_list(membership=membership))
    proposed = [theme for theme in themes if theme.discovered and not theme.active]
    context = {"themes": [theme for theme in themes if theme not in proposed], "proposed": proposed}
    return render(request, "listening/theme_list.html", context)


def _theme_form_page(request: HttpRequest, form: Any, theme: Theme | None) -> HttpResponse:
    status = 400 if form.errors else 200
    return render(request, "listening/theme_form.html", {"form": form, "theme": theme}, status=status)


@listening_required
def listening_theme_new(request: HttpRequest) -> HttpResponse:
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_create(membership=_membership(request), **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Theme “%(name)s” added.") % {"name": theme.name})
            return redirect("listening_theme_list")
    return _theme_form_page(request, form, None)


@listening_required
def listening_theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    theme = selectors.theme_get_for_user(membership=membership, pk=pk)
    initial = {
        "name_fr": theme.name_fr,
        "name_en": theme.name_en,
        "keywords": theme.keywords,
        "active": theme.active,
    }
    form = ThemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_update(membership=membership, theme=theme, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Theme “%(name)s” saved.") % {"name": theme.name})
            return redirect("listening_theme_list")
    return _theme_form_page(request, form, theme)


@listening_required
@require_POST
def listening_theme_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """A discovered theme joins the taxonomy, under the names the team gives it."""
    membership = _membership(request)
    theme = selectors.theme_get_for_user(membership=membership, pk=pk)
    form = ThemeAcceptForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(map(str, errors))}")
        return redirect("listening_theme_list")
    try:
        services.theme_update(membership=membership, theme=theme, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("listening_theme_list")
    services.theme_accept(membership=membership, theme=theme)
    messages.success(request, _("Theme “%(name)s” accepted: new mentions get it.") % {"name": theme.name})
    return redirect("listening_theme_list")


@listening_required
@require_POST
def listening_theme_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    theme = selectors.theme_get_for_user(membership=membership, pk=pk)
    try:
        services.theme_dismiss(membership=membership, theme=theme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Proposed theme dismissed."))
    return redirect("listening_theme_list")


@listening_required
@require_POST
def listening_themes_discover(request: HttpRequest) -> HttpResponse:
    services.themes_discover_request(membership=_membership(request))
    messages.success(
        request, _("Looking for emerging themes in the last 30 days: proposals appear below when found.")
    )
    return redirect("listening_theme_list")


# --- settings -----------------------------------------------------------------------------------

SETTINGS_FIELDS = (
    "spike_factor",
    "min_volume",
    "response_target_hours",
    "retention_days",
    "author_retention_days",
    "alert_emails",
)


@listening_required
def listening_settings(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    current = services.listening_settings_get(organisation=membership.organisation)
    form = ListeningSettingsForm(
        request.POST or None, initial={name: getattr(current, name) for name in SETTINGS_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.listening_settings_update(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Listening settings saved."))
            return redirect("listening_settings")
    return render(request, "listening/settings.html", {"form": form}, status=400 if form.errors else 200)
