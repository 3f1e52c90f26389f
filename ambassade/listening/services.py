"""Writes of the listening app: settings, themes, sources and their fetching, mentions added by hand or
imported, retention, and the data of mentions' authors.

Mentions arrive through `ingest.mentions_ingest`; labels are corrected in `labelling`; alerts in `alerts`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ambassade.core.audit import audit_record, model_changes, snapshot
from ambassade.core.spreadsheets import SpreadsheetErrors
from ambassade.integrations import FetchedItem, connector_get
from ambassade.lib.safe_http import FetchError, SafeHttpClient
from ambassade.listening.ingest import IngestReport, mentions_ingest
from ambassade.listening.models import Alert, ListeningSettings, Mention, MentionImport, Source, Theme
from ambassade.listening.nlp import DEFAULT_TAXONOMY, ThemeSpec
from ambassade.listening.query import QueryError, query_parse
from ambassade.orgs.models import Membership, Organisation

logger = logging.getLogger(__name__)

FETCH_INTERVAL = timedelta(minutes=15)
FETCH_LEASE = timedelta(minutes=10)  # a claimed source is not claimed again while its fetch runs
BACKOFF_FIRST = timedelta(minutes=5)
BACKOFF_MAX = timedelta(hours=24)
NAME_MAX = 120
TEXT_MAX = 20_000
ERROR_MAX = 500
ERROR_LANGUAGES = ("fr", "en")


# --- settings and themes ----------------------------------------------------------------------------


def listening_settings_get(*, organisation: Organisation) -> ListeningSettings:
    found, _created = ListeningSettings.objects.get_or_create(organisation=organisation)
    return found


def themes_ensure(*, organisation: Organisation) -> int:
    """Give an organisation without themes the default HR taxonomy; returns how many were created."""
    if Theme.objects.filter(organisation=organisation).exists():
        return 0
    rows = [
        Theme(
            organisation=organisation,
            slug=spec.slug,
            name_fr=spec.name_fr,
            name_en=spec.name_en,
            keywords="\n".join(spec.keywords),
            position=index,
        )
        for index, spec in enumerate(DEFAULT_TAXONOMY)
    ]
    Theme.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def themes_taxonomy(*, organisation: Organisation) -> list[ThemeSpec]:
    """The organisation's active themes, as the enrichment's taxonomy."""
    themes_ensure(organisation=organisation)
    return [
        ThemeSpec(theme.slug, theme.name_fr, theme.name_en, tuple(theme.keyword_list()))
        for theme in Theme.objects.filter(organisation=organisation, active=True)
    ]


def theme_accept(*, membership: Membership, theme: Theme) -> Theme:
    """Take a discovered theme into the taxonomy (it is then assigned to new mentions)."""
    theme.active = True
    theme.save(update_fields=["active", "updated_at"])
    audit_record(
        actor=membership.user, action="listening.theme_accept", organisation=theme.organisation, target=theme
    )
    return theme


def theme_dismiss(*, membership: Membership, theme: Theme) -> None:
    """Drop a proposed theme (only discovered, inactive ones may be dismissed)."""
    if not theme.discovered or theme.active:
        raise ValidationError(_("Only a proposed theme that was not accepted can be dismissed."))
    audit_record(
        actor=membership.user, action="listening.theme_dismiss", organisation=theme.organisation, target=theme
    )
    theme.delete()


def themes_discover_request(*, membership: Membership) -> None:
    """Look for emerging themes now (in the background); they appear as proposals to accept."""
    from ambassade.listening.tasks import themes_discover_task

    themes_discover_task.enqueue(organisation_id=membership.organisation_id)


def alert_mark_seen(*, membership: Membership, alert: Alert) -> None:
    Alert.objects.filter(pk=alert.pk, seen_at=None).update(seen_at=timezone.now())


def listening_settings_update(*, membership: Membership, **values: Any) -> ListeningSettings:
    """Change the organisation's listening settings (validated like the model's fields)."""
    row = listening_settings_get(organisation=membership.organisation)
    fields = [
        "spike_factor",
        "min_volume",
        "response_target_hours",
        "retention_days",
        "author_retention_days",
        "alert_emails",
    ]
    unknown = set(values) - set(fields)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Unknown field.")})
    before = snapshot(row, fields)
    for name, value in values.items():
        setattr(row, name, value)
    _settings_check(row)
    row.full_clean(exclude=["organisation"])
    row.save()
    audit_record(
        actor=membership.user,
        action="listening.settings",
        organisation=membership.organisation,
        changes=model_changes(row, fields, before),
    )
    return row


def _settings_check(row: ListeningSettings) -> None:
    from django.core.validators import validate_email

    if row.spike_factor < 1:
        raise ValidationError(
            {"spike_factor": _("Enter a number greater than or equal to %(ge)s.") % {"ge": 1}}
        )
    if row.retention_days < 1:
        raise ValidationError(
            {"retention_days": _("Enter a number greater than or equal to %(ge)s.") % {"ge": 1}}
        )
    if not 1 <= row.author_retention_days <= row.retention_days:
        raise ValidationError(
            {"author_retention_days": _("Keep authors' names at most as long as the mentions.")}
        )
    for address in row.alert_email_list():
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                {"alert_emails": _("“%(address)s” is not an e-mail address.") % {"address": address[:100]}}
            ) from None


# --- sources ----------------------------------------------------------------------------------------


def _source_clean(
    *, kind: str, name: str, config: dict[str, Any], query: str
) -> tuple[str, dict[str, Any], str]:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the source a name.")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": _("Enter at most %(max)s characters.") % {"max": NAME_MAX}})
    if kind not in Source.Kind.values:
        choices = ", ".join(Source.Kind.values)
        raise ValidationError({"kind": _("Choose one of: %(expected)s.") % {"expected": choices}})
    if not isinstance(config, dict):
        raise ValidationError({"config": _("Send the settings as a JSON object.")})
    if kind in Source.POLLED_KINDS:
        config = connector_get(kind).config_validate(config)
    query = (query or "").strip()
    if query:
        try:
            query_parse(query)
        except QueryError as error:
            raise ValidationError({"query": error.messages}) from error
    return name, config, query


def source_create(
    *,
    membership: Membership,
    name: str,
    kind: str,
    config: dict[str, Any] | None = None,
    secret: str = "",
    query: str = "",
    competitor_name: str = "",
) -> Source:
    name, config, query = _source_clean(kind=kind, name=name, config=config or {}, query=query)
    secret = (secret or "").strip()
    if kind in Source.POLLED_KINDS and getattr(connector_get(kind), "secret_required", False) and not secret:
        raise ValidationError({"secret": _("This kind of source needs a token or app password.")})
    competitor_name = (competitor_name or "").strip()[:NAME_MAX]
    source = Source.objects.create(
        organisation=membership.organisation,
        name=name,
        kind=kind,
        config=config,
        secret=secret,
        query=query,
        competitor=bool(competitor_name),
        competitor_name=competitor_name,
        next_fetch_at=timezone.now() if kind in Source.POLLED_KINDS else None,
        created_by=membership.user,
    )
    audit_record(
        actor=membership.user,
        action="listening.source_create",
        organisation=source.organisation,
        target=source,
        changes={"kind": kind, "config": config, "query": query},
    )
    return source


UPDATABLE = ["name", "config", "query", "competitor", "competitor_name", "active"]


def source_update(
    *,
    membership: Membership,
    source: Source,
    name: str | None = None,
    config: dict[str, Any] | None = None,
    secret: str | None = None,
    query: str | None = None,
    competitor_name: str | None = None,
    active: bool | None = None,
) -> Source:
    """Change what is given (None: unchanged). A new secret replaces the old one; it is never shown."""
    before = snapshot(source, UPDATABLE)
    new_name, new_config, new_query = _source_clean(
        kind=source.kind,
        name=source.name if name is None else name,
        config=source.config if config is None else config,
        query=source.query if query is None else query,
    )
    source.name, source.config, source.query = new_name, new_config, new_query
    if competitor_name is not None:
        source.competitor_name = competitor_name.strip()[:NAME_MAX]
        source.competitor = bool(source.competitor_name)
    if active is not None:
        source.active = active
        if active and source.polled and source.next_fetch_at is None:
            source.next_fetch_at = timezone.now()
    changes = model_changes(source, UPDATABLE, before)
    if secret is not None and secret.strip():
        source.secret = secret.strip()
        changes["secret"] = ["…", "…"]
    if "config" in changes or "secret" in changes:
        source.etag = source.last_modified = source.cursor = ""  # a new address starts afresh
        source.error_count, source.last_error, source.last_errors = 0, "", {}
        source.next_fetch_at = timezone.now() if source.polled and source.active else source.next_fetch_at
    source.save()
    if changes:
        audit_record(
            actor=membership.user,
            action="listening.source_update",
            organisation=source.organisation,
            target=source,
            changes=changes,
        )
    return source


def source_delete(*, membership: Membership, source: Source) -> None:
    """Delete a source and the mentions it brought."""
    audit_record(
        actor=membership.user,
        action="listening.source_delete",
        organisation=source.organisation,
        target=source,
        changes={"mentions": source.mentions.count()},
    )
    source.delete()


def source_fetch_now(*, source: Source) -> None:
    """Fetch a polled source as soon as possible (in the background)."""
    from ambassade.listening.tasks import source_fetch_task

    if not source.polled:
        return
    Source.objects.filter(pk=source.pk).update(next_fetch_at=timezone.now() + FETCH_LEASE)
    source_fetch_task.enqueue(source_id=source.pk)


def sources_claim_due(*, now: datetime | None = None, limit: int = 100) -> list[int]:
    """Take the sources due for a fetch (a compare-and-swap on next_fetch_at, so two pollers never take
    the same one); each is leased until its fetch sets the next due time."""
    now = now or timezone.now()
    due = (
        Source.objects.filter(active=True, kind__in=Source.POLLED_KINDS)
        .filter(Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now))
        .order_by(F("next_fetch_at").asc(nulls_first=True), "pk")
        .values_list("pk", "next_fetch_at")[:limit]
    )
    claimed = []
    for pk, next_fetch_at in due:
        if Source.objects.filter(pk=pk, next_fetch_at=next_fetch_at).update(next_fetch_at=now + FETCH_LEASE):
            claimed.append(pk)
    return claimed


@dataclass
class FetchOutcome:
    ok: bool
    report: IngestReport | None = None
    error: str = ""
    not_modified: bool = False


def source_fetch(*, source_id: int, now: datetime | None = None) -> FetchOutcome | None:
    """Fetch a source through its connector, ingest what it brings, and record its health."""
    source = Source.objects.select_related("organisation").filter(pk=source_id, active=True).first()
    if source is None or not source.polled:
        return None
    now = now or timezone.now()
    state = {
        "etag": source.etag,
        "last_modified": source.last_modified,
        "cursor": source.cursor,
        "secret": source.secret,
    }
    try:
        result = connector_get(source.kind).fetch(config=source.config, state=state, http=SafeHttpClient())
        with transaction.atomic():
            report = (
                IngestReport() if result.not_modified else mentions_ingest(source=source, items=result.items)
            )
    except Exception as error:  # any failure is the source's health, shown to its owners
        _fetch_failed(source=source, error=error, now=now)
        return FetchOutcome(ok=False, error=_secret_hidden(_error_text(error), source.secret))
    _fetch_succeeded(source=source, result=result, now=now)
    return FetchOutcome(ok=True, report=report, not_modified=result.not_modified)


def _fetch_succeeded(*, source: Source, result: Any, now: datetime) -> None:
    changes: dict[str, Any] = {
        "last_fetched_at": now,
        "last_success_at": now,
        "last_error": "",
        "last_errors": {},
        "error_count": 0,
        "next_fetch_at": now + FETCH_INTERVAL,
    }
    if not result.not_modified:
        changes.update(etag=result.etag or "", last_modified=result.last_modified or "")
        if result.cursor:
            changes["cursor"] = result.cursor
    Source.objects.filter(pk=source.pk).update(**changes)


def _fetch_failed(*, source: Source, error: Exception, now: datetime) -> None:
    errors = source.error_count + 1
    backoff = min(BACKOFF_FIRST * (2 ** min(errors - 1, 12)), BACKOFF_MAX)
    if not isinstance(error, ValidationError | FetchError):
        logger.exception("fetching source %s failed", source.pk, exc_info=error)
    texts = {}
    for language in ERROR_LANGUAGES:  # kept in both: each reader sees it in their language
        with translation.override(language):
            texts[language] = _secret_hidden(_error_text(error), source.secret)
    default = source.organisation.default_language
    Source.objects.filter(pk=source.pk).update(
        last_fetched_at=now,
        last_error=texts.get(default, texts["fr"]),
        last_errors=texts,
        error_count=errors,
        next_fetch_at=now + backoff,
    )


def _secret_hidden(text: str, secret: str) -> str:
    """The error without the source's token or app password, should a connector have quoted it."""
    secret = (secret or "").strip()
    return text.replace(secret, "…") if len(secret) >= 4 else text


def _error_text(error: Exception) -> str:
    """What the source's page shows: the error's own (translated) message when it has one."""
    if isinstance(error, ValidationError):
        text = " ".join(error.messages)
    elif isinstance(error, FetchError):
        text = str(error)
    else:
        text = _("Unexpected error while fetching (%(type)s).") % {"type": type(error).__name__}
    return text[:ERROR_MAX]


# --- mentions added by hand and imported ------------------------------------------------------------


def _own_source(*, membership: Membership, kind: str, name: str) -> Source:
    source, _created = Source.objects.get_or_create(
        organisation=membership.organisation,
        kind=kind,
        name=name[:NAME_MAX],
        defaults={"created_by": membership.user},
    )
    return source


def mention_add_manual(
    *,
    membership: Membership,
    text: str,
    url: str = "",
    author: str = "",
    venue: str = "",
    platform: str = "manual",
    published_at: datetime | None = None,
) -> Mention:
    """A mention the team read somewhere the app cannot reach (a private group, a printed article)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Enter the text of the mention.")})
    if len(text) > TEXT_MAX:
        raise ValidationError({"text": _("Enter at most %(max)s characters.") % {"max": TEXT_MAX}})
    url = (url or "").strip()
    if url and not url.lower().startswith(("http://", "https://")):
        raise ValidationError({"url": _("Enter an address starting with http:// or https://.")})
    if published_at is not None and published_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"published_at": _("The date cannot be in the future.")})
    source = Source.objects.filter(
        organisation=membership.organisation, kind=Source.Kind.MANUAL
    ).first() or _own_source(membership=membership, kind=Source.Kind.MANUAL, name=_("Added by hand"))
    item = FetchedItem(
        external_id=f"manual:{uuid.uuid4().hex}",
        url=url,
        text=text,
        title="",
        published_at=published_at or timezone.now(),
        author_name=(author or "").strip()[:200],
        author_handle="",
        author_url="",
        platform=(platform or "manual").strip()[:30],
        venue=(venue or "").strip()[:200],
        thread_url="",
        reach=None,
        lang="",
    )
    with transaction.atomic():
        mentions_ingest(source=source, items=[item], apply_query=False)
        mention = Mention.objects.get(source=source, external_id=item.external_id)
        audit_record(
            actor=membership.user,
            action="listening.mention_add",
            organisation=membership.organisation,
            target=mention,
        )
    return mention


IMPORT_CHUNK = 500
ProgressCallback = Callable[[int, int], None]


def mentions_import_table(
    *,
    membership: Membership,
    source_name: str,
    data: bytes,
    mapping: dict[str, str],
    filename: str = "",
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Import a CSV/XLSX table of mentions (all or nothing: a bad row names itself and nothing is kept)."""
    source_name = (source_name or "").strip()
    if not source_name:
        raise ValidationError({"source_name": _("Give the import a name (it becomes the source).")})
    items = _table_items(data=data, mapping=mapping, filename=filename)
    return _import(
        organisation=membership.organisation,
        actor=membership.user,
        kind=Source.Kind.TABLE,
        name=source_name,
        items=items,
        progress=progress,
    )


def mentions_import_x_archive(
    *, membership: Membership, data: bytes, filename: str, progress: ProgressCallback | None = None
) -> IngestReport:
    """Import the posts of an X/Twitter archive (zip, tweets.js or tweet.js)."""
    from ambassade.integrations import x_archive_read

    items = x_archive_read(data, filename=filename)
    return _import(
        organisation=membership.organisation,
        actor=membership.user,
        kind=Source.Kind.X_ARCHIVE,
        name=_x_archive_name(filename),
        items=items,
        progress=progress,
    )


def _table_items(*, data: bytes, mapping: dict[str, str], filename: str) -> list[FetchedItem]:
    from ambassade.listening.tabular import mentions_table_read

    return mentions_table_read(data, mapping=mapping, filename=filename)


def _x_archive_name(filename: str) -> str:
    return _("X archive: %(file)s") % {"file": filename[:80]}


def _import(
    *,
    organisation: Organisation,
    actor: Any,
    kind: str,
    name: str,
    items: list[FetchedItem],
    progress: ProgressCallback | None = None,
) -> IngestReport:
    return _import_into(
        organisation=organisation, actor=actor, kind=kind, name=name, items=items, progress=progress
    )[0]


def _import_into(
    *,
    organisation: Organisation,
    actor: Any,
    kind: str,
    name: str,
    items: list[FetchedItem],
    progress: ProgressCallback | None = None,
) -> tuple[IngestReport, Source]:
    """Ingest in chunks (for the progress bar) inside one transaction: all or nothing."""
    total = len(items)
    report = IngestReport()
    with transaction.atomic():
        source, _created = Source.objects.get_or_create(
            organisation=organisation, kind=kind, name=name[:NAME_MAX], defaults={"created_by": actor}
        )
        for start in range(0, total, IMPORT_CHUNK):
            chunk = items[start : start + IMPORT_CHUNK]
            part = mentions_ingest(source=source, items=chunk, apply_query=False)
            for field in ("created", "duplicates", "filtered", "known", "empty"):
                setattr(report, field, getattr(report, field) + getattr(part, field))
            if progress is not None:
                progress(min(start + IMPORT_CHUNK, total), total)
        Source.objects.filter(pk=source.pk).update(
            last_fetched_at=timezone.now(), last_success_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="listening.import",
            organisation=organisation,
            target=source,
            changes={"created": report.created, "duplicates": report.duplicates, "known": report.known},
        )
    return report, source


# --- background imports (a progress bar while they run) ---------------------------------------------


def mention_import_create(
    *,
    membership: Membership,
    kind: str,
    data: bytes,
    filename: str,
    source_name: str = "",
    mapping: dict[str, str] | None = None,
) -> MentionImport:
    """Keep the file and queue its import; the screen follows its progress."""
    from ambassade.listening.tasks import mention_import_task

    mention_import = MentionImport(
        organisation=membership.organisation,
        created_by=membership.user,
        kind=kind,
        filename=filename[:255],
        source_name=source_name[:200],
        mapping=mapping or {},
    )
    mention_import.file.save(f"{uuid.uuid4().hex}.upload", ContentFile(data), save=False)
    mention_import.save()
    mention_import_task.enqueue(import_id=mention_import.pk)
    return mention_import


def mention_import_run(*, import_id: int) -> None:
    """Run a queued import once (a second run finds it started); delete its file whatever the outcome."""
    claimed = MentionImport.objects.filter(pk=import_id, status=MentionImport.Status.QUEUED).update(
        status=MentionImport.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    mention_import = MentionImport.objects.select_related("organisation", "created_by").get(pk=import_id)
    try:
        report, source = _import_stored(mention_import)
    except (ValidationError, SpreadsheetErrors) as error:
        _import_finish(mention_import, status=MentionImport.Status.FAILED, error="\n".join(error.messages))
    except Exception as error:
        logger.exception("mention import %s failed", import_id)
        failure = _("The import stopped on an unexpected error (%(error)s); nothing was imported.")
        _import_finish(
            mention_import,
            status=MentionImport.Status.FAILED,
            error=failure % {"error": type(error).__name__},
        )
    else:
        _import_finish(mention_import, status=MentionImport.Status.DONE, report=report, source=source)


def _import_stored(mention_import: MentionImport) -> tuple[IngestReport, Source]:
    data = _import_bytes(mention_import)
    if data is None:
        raise ValidationError(_("The file is no longer here: upload it again."))
    with translation.override(_import_language(mention_import)):
        if mention_import.kind == MentionImport.Kind.TABLE:
            items = _table_items(data=data, mapping=mention_import.mapping, filename=mention_import.filename)
            name = mention_import.source_name
        else:
            from ambassade.integrations import x_archive_read

            items = x_archive_read(data, filename=mention_import.filename)
            name = _x_archive_name(mention_import.filename)
    MentionImport.objects.filter(pk=mention_import.pk).update(total=len(items))
    return _import_into(
        organisation=mention_import.organisation,
        actor=mention_import.created_by,
        kind=mention_import.kind,
        name=name,
        items=items,
        progress=_import_progress(mention_import.pk),
    )


def _import_language(mention_import: MentionImport) -> str:
    """The messages (errors naming rows and columns) in the language of who imported."""
    user_id = mention_import.created_by_id
    membership = (
        Membership.objects.filter(organisation_id=mention_import.organisation_id, user_id=user_id).first()
        if user_id
        else None
    )
    return getattr(membership, "language", "") or translation.get_language() or "fr"


def _import_bytes(mention_import: MentionImport) -> bytes | None:
    if not mention_import.file:
        return None
    try:
        with mention_import.file.open("rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None


def _import_progress(import_id: int) -> ProgressCallback:
    """Progress inside the import's transaction: kept in the cache, which other requests see at once."""

    def track(done: int, total: int) -> None:
        cache.set(mention_import_progress_key(import_id), (done, total), timeout=3600)

    return track


def mention_import_progress_key(import_id: int) -> str:
    return f"listening:import-progress:{import_id}"


def mention_import_progress(mention_import: MentionImport) -> tuple[int, int]:
    """(done, total) of an import, live while it runs."""
    if mention_import.running:
        live = cache.get(mention_import_progress_key(mention_import.pk))
        if live:
            return live[0], live[1]
    return mention_import.done, mention_import.total


def _import_finish(
    mention_import: MentionImport,
    *,
    status: str,
    report: IngestReport | None = None,
    source: Source | None = None,
    error: str = "",
) -> None:
    stored = mention_import.file.name
    changes: dict[str, Any] = {"status": status, "error": error, "finished_at": timezone.now(), "file": ""}
    if report is not None:
        total = MentionImport.objects.get(pk=mention_import.pk).total
        changes |= {
            "source": source,
            "done": total,
            "created": report.created,
            "duplicates": report.duplicates,
            "known": report.known,
            "empty": report.empty,
        }
    MentionImport.objects.filter(pk=mention_import.pk).update(**changes)
    cache.delete(mention_import_progress_key(mention_import.pk))
    if stored:
        mention_import.file.storage.delete(stored)


# --- retention and mentions' authors ----------------------------------------------------------------


def mentions_retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Delete mentions older than each organisation's retention, and blank their authors sooner."""
    now = now or timezone.now()
    deleted = blanked = 0
    defaults = ListeningSettings()
    configured = {row.organisation_id: row for row in ListeningSettings.objects.all()}
    organisation_ids = Mention.objects.values_list("organisation_id", flat=True).distinct()
    for organisation_id in organisation_ids:
        settings_row = configured.get(organisation_id, defaults)
        old = Mention.objects.filter(
            organisation_id=organisation_id,
            published_at__lt=now - timedelta(days=settings_row.retention_days),
        )
        deleted += old.delete()[1].get(Mention._meta.label, 0)
        authored = Mention.objects.filter(
            organisation_id=organisation_id,
            published_at__lt=now - timedelta(days=settings_row.author_retention_days),
        ).exclude(author_name="", author_handle="", author_url="")
        blanked += authored.update(author_name="", author_handle="", author_url="")
    return {"deleted": deleted, "authors_blanked": blanked}


def _author_mentions(*, organisation: Organisation, handle: str = "", url: str = "") -> Any:
    """The organisation's mentions by this handle (with or without its "@") or profile address (with or
    without its final "/"), in every source, duplicates included. An empty one never matches the
    mentions whose author is unknown."""
    bare = (handle or "").strip().lstrip("@").strip()
    url = (url or "").strip().rstrip("/")
    if not bare and not url:
        raise ValidationError(_("Give the author's handle or the address of their profile."))
    match = Q()
    if bare:
        match |= Q(author_handle__iexact=bare) | Q(author_handle__iexact=f"@{bare}")
    if url:
        match |= Q(author_url__iexact=url) | Q(author_url__iexact=f"{url}/")
    return Mention.objects.filter(match, organisation=organisation)


def mention_author_data_export(
    *, organisation: Organisation, handle: str = "", url: str = ""
) -> list[dict[str, Any]]:
    """Everything kept about a mention's author (who is not a member): their mentions, with their text."""
    mentions = _author_mentions(organisation=organisation, handle=handle, url=url).select_related("source")
    return [
        {
            "published_at": mention.published_at.isoformat(),
            "source": mention.source.name,
            "platform": mention.platform,
            "venue": mention.venue,
            "url": mention.url,
            "author_name": mention.author_name,
            "author_handle": mention.author_handle,
            "author_url": mention.author_url,
            "text": mention.text,
            "sentiment": mention.sentiment,
            "intent": mention.intent,
        }
        for mention in mentions.order_by("published_at", "pk")
    ]


def mention_author_data_erase(*, organisation: Organisation, handle: str = "", url: str = "") -> int:
    """Delete an author's mentions (their words are theirs); the gold labels keep no link to them."""
    mentions = _author_mentions(organisation=organisation, handle=handle, url=url)
    from ambassade.listening.models import LabelCorrection

    with transaction.atomic():
        ids = list(mentions.values_list("pk", flat=True))
        LabelCorrection.objects.filter(mention_id__in=ids).delete()
        deleted = Mention.objects.filter(pk__in=ids).delete()[1].get(Mention._meta.label, 0)
        audit_record(
            actor=None,
            action="listening.author_erase",
            organisation=organisation,
            changes={"mentions": deleted},
        )
    return deleted


THEME_FIELDS = ["name_fr", "name_en", "keywords", "active"]


def _theme_validate(*, name_fr: str, name_en: str, keywords: str) -> None:
    errors = {}
    if not name_fr.strip():
        errors["name_fr"] = _("Give the theme a French name.")
    if not name_en.strip():
        errors["name_en"] = _("Give the theme an English name.")
    if len(keywords) > 5000:
        errors["keywords"] = _("Keep the keywords under 5,000 characters.")
    if errors:
        raise ValidationError(errors)


def _theme_slug(*, organisation: Organisation, name_fr: str, name_en: str) -> str:
    from django.utils.text import slugify

    base = (slugify(name_en) or slugify(name_fr) or "theme")[:50]
    slug, number = base, 2
    while Theme.objects.filter(organisation=organisation, slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def theme_create(
    *, membership: Membership, name_fr: str, name_en: str, keywords: str = "", active: bool = True
) -> Theme:
    """Add a theme to the taxonomy; its keywords tag new mentions at once, the model learns it from labels."""
    _theme_validate(name_fr=name_fr, name_en=name_en, keywords=keywords)
    organisation = membership.organisation
    last = Theme.objects.filter(organisation=organisation).order_by("-position").first()
    theme = Theme.objects.create(
        organisation=organisation,
        slug=_theme_slug(organisation=organisation, name_fr=name_fr, name_en=name_en),
        name_fr=name_fr.strip(),
        name_en=name_en.strip(),
        keywords=keywords.strip(),
        active=active,
        position=(last.position + 1) if last else 0,
    )
    audit_record(
        actor=membership.user,
        action="listening.theme_create",
        organisation=organisation,
        target=theme,
        changes=snapshot(theme, THEME_FIELDS),
    )
    return theme


def theme_update(
    *,
    membership: Membership,
    theme: Theme,
    name_fr: str | None = None,
    name_en: str | None = None,
    keywords: str | None = None,
    active: bool | None = None,
) -> Theme:
    before = snapshot(theme, THEME_FIELDS)
    values = {"name_fr": name_fr, "name_en": name_en, "keywords": keywords, "active": active}
    for field, value in values.items():
        if value is not None:
            setattr(theme, field, value.strip() if isinstance(value, str) else value)
    _theme_validate(name_fr=theme.name_fr, name_en=theme.name_en, keywords=theme.keywords)
    theme.save()
    audit_record(
        actor=membership.user,
        action="listening.theme_update",
        organisation=theme.organisation,
        target=theme,
        changes=model_changes(theme, THEME_FIELDS, before),
    )
    return theme
