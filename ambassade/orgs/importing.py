"""People imports from the HR system's export: read, check, preview, then apply all at once.

The flow, for the UI and the `import_people` command alike:

    people_import_create()   the upload is stored under MEDIA_ROOT, status "pending"
    people_import_preview()  (a task) checks every row and counts what would change; writes no person;
                             status checking → previewed | invalid
    people_import_apply()    (a task) checks again against the current database, then writes every
                             change in one transaction with one audit event; applying → applied | failed

`people_import_plan()` is the pure part (read, check, compare): it writes nothing at all.
People are keyed by their HR identifier; people missing from a full export are deactivated, never
deleted. Error messages are rendered in every configured language when stored, so that the UI shows
them in the reader's language whatever the language of the worker that produced them.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import logging
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ambassade.core.audit import audit_record
from ambassade.core.spreadsheets import Row, SpreadsheetErrors, Table, normalise_header, read_table
from ambassade.orgs.models import Audience, Department, Entity, Membership, Organisation, PeopleImport, Person
from ambassade.orgs.roles import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]
User = AbstractBaseUser | AnonymousUser | None

PROGRESS_EVERY = 50  # rows between two progress updates of the import row
BATCH_SIZE = 500  # people per bulk insert / update query
MAX_STORED_ERRORS = 1000
MAX_LISTED_CHANGES = 20
MAX_LISTED_CHOICES = 10
SHOWN_VALUE_LENGTH = 40
FILE_RETENTION = datetime.timedelta(days=30)
STUCK_AFTER = datetime.timedelta(hours=1)
RUNNING_STATUSES = (
    PeopleImport.Status.PENDING,
    PeopleImport.Status.CHECKING,
    PeopleImport.Status.APPLY_QUEUED,
    PeopleImport.Status.APPLYING,
)


# --- columns ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    field: str
    label: StrOrPromise
    aliases: tuple[str, ...]  # normalised header names, the preferred first


COLUMNS = (
    Column(
        "hr_id",
        _("HR identifier"),
        (
            "matricule",
            "matricule_rh",
            "identifiant_rh",
            "id_rh",
            "employee_id",
            "employee_number",
            "hr_id",
            "id",
        ),
    ),
    Column("first_name", _("first name"), ("prenom", "first_name", "firstname", "given_name")),
    Column(
        "last_name",
        _("last name"),
        ("nom", "nom_de_famille", "last_name", "lastname", "surname", "family_name"),
    ),
    Column("email", _("e-mail"), ("email", "e_mail", "courriel", "adresse_mail", "adresse_e_mail", "mail")),
    Column("entity", _("entity"), ("entite", "entity", "etablissement")),
    # Several department columns ("Direction" and "Service") are common: the most precise one wins.
    Column(
        "department", _("department"), ("code_service", "service", "departement", "department", "direction")
    ),
    Column("audience", _("audience"), ("public", "audience", "population", "categorie")),
    Column(
        "manager",
        _("manager"),
        ("matricule_manager", "manager_hr_id", "matricule_responsable", "manager", "responsable"),
    ),
    Column(
        "job_title",
        _("job title"),
        ("poste", "fonction", "intitule_poste", "intitule_du_poste", "job_title"),
    ),
    Column(
        "active_from",
        _("start date"),
        ("date_entree", "date_d_entree", "date_debut", "active_from", "start_date"),
    ),
    Column(
        "active_until",
        _("end date"),
        ("date_sortie", "date_de_sortie", "date_fin", "active_until", "end_date"),
    ),
)
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
COLUMN_BY_ALIAS = {alias: column for column in COLUMNS for alias in column.aliases}
REQUIRED_FIELDS = ("hr_id", "first_name", "last_name", "entity")
MULTI_COLUMN_FIELDS = ("department",)

# Person fields an import writes; foreign keys as their "_id" attribute.
VALUE_FIELDS = (
    "first_name", "last_name", "email", "entity_id", "department_id", "audience_id",
    "job_title", "active_from", "active_until",
)  # fmt: skip
MAX_LENGTHS = {
    model_field.name: model_field.max_length or 0
    for model_field in Person._meta.get_fields()
    if isinstance(model_field, models.CharField)
}

_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_DATE_FRENCH = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


class Messages:
    """Every message an import may show, in one place (English msgids; translated by gettext)."""

    MISSING_COLUMN = _('The column "%(field)s" is missing. Accepted names: %(names)s.')
    SAME_COLUMN_TWICE = _("The columns %(columns)s all give the %(field)s: keep only one of them.")
    IGNORED_COLUMN = _(
        'The column "%(column)s" is ignored: the %(field)s is read from the column "%(used)s".'
    )
    REQUIRED = _("This cell is empty, but the %(field)s is required.")
    TOO_LONG = _("This value is too long (%(length)s characters; at most %(max)s).")
    DUPLICATE_HR_ID = _('The HR identifier "%(value)s" already appears on line %(first)s.')
    INVALID_EMAIL = _('"%(value)s" is not a valid e-mail address.')
    OUTSIDE_SCOPE = _('This row belongs to the entity "%(value)s", but the import is limited to "%(scope)s".')
    UNKNOWN_ENTITY = _('Unknown entity "%(value)s". Known entities: %(choices)s.')
    AMBIGUOUS_DEPARTMENT = _(
        'Several departments of "%(entity)s" are named "%(value)s": '
        "use the department code instead (%(codes)s)."
    )
    FOREIGN_DEPARTMENT = _(
        'The department "%(value)s" belongs to another entity (%(others)s), not to "%(entity)s".'
    )
    UNKNOWN_DEPARTMENT_HINT = _(
        'Unknown department "%(value)s" in the entity "%(entity)s". Did you mean: %(hints)s?'
    )
    UNKNOWN_DEPARTMENT = _(
        'Unknown department "%(value)s" in the entity "%(entity)s": create it first, or use the name or code '
        "of an existing department."
    )
    UNKNOWN_AUDIENCE = _('Unknown audience "%(value)s". Known audiences: %(choices)s.')
    INVALID_DATE = _('"%(value)s" is not a valid date: use DD/MM/YYYY or YYYY-MM-DD.')
    END_BEFORE_START = _("The end date (%(end)s) comes before the start date (%(start)s).")
    OWN_MANAGER = _("A person cannot be their own manager.")
    UNKNOWN_MANAGER = _(
        'No one has the HR identifier "%(value)s", in this file or among the people already known.'
    )
    MANAGER_LOOP = _("The managers form a loop: %(loop)s.")
    LOCKS_OUT_ADMINS = _(
        "This import would deactivate every HR admin (%(names)s), and nobody could sign in to manage the "
        "organisation any more: add them to the file, or import it as a partial export."
    )
    LOSE_ACCESS = _("These people have access to ambassade and lose it, as they are deactivated: %(names)s.")
    FILE_GONE = _("The uploaded file is no longer available: upload it again.")
    FILE_EXPIRED = _("The uploaded file was deleted after 30 days: upload it again to import it.")
    INTERRUPTED = _(
        "The import stopped without finishing (its worker was interrupted); nothing was written. "
        "Upload the file again."
    )
    CRASHED = _("The import stopped on an unexpected error; nothing was written. Details: %(detail)s")
    LOCATED = _('Line %(line)s, column "%(column)s": %(message)s')
    LOCATED_LINE = _("Line %(line)s: %(message)s")


@functools.lru_cache(maxsize=4096)  # the same entity, department and audience names repeat on every row
def key_of(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a header or a name, for matching."""
    return _NOT_ALPHANUMERIC.sub("_", normalise_header(text)).strip("_")


def column_accepted_names(field_name: str) -> str:
    return ", ".join(COLUMN_BY_FIELD[field_name].aliases)


# --- issues (errors and warnings) -----------------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    """One problem with the file: where it is (line and column as in the file) and what it is."""

    template: StrOrPromise
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None
    column: str = ""
    located: bool = False  # the message already names its line and column (the reader's errors)

    @property
    def message(self) -> str:
        """The message in the active language."""
        return str(self.template % self.params) if self.params else str(self.template)

    @property
    def text(self) -> str:
        """The message with its location, as a command prints it."""
        if self.located or self.line is None:
            return self.message
        if self.column:
            return str(Messages.LOCATED) % {"line": self.line, "column": self.column, "message": self.message}
        return str(Messages.LOCATED_LINE) % {"line": self.line, "message": self.message}

    def as_record(self) -> dict[str, Any]:
        messages = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                messages[code] = self.message
        return {"line": self.line, "column": self.column, "located": self.located, "messages": messages}


def record_message(record: dict[str, Any]) -> str:
    """A stored issue's message in the active language (else the default one)."""
    messages: dict[str, str] = record.get("messages") or {}
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return messages.get(language) or messages.get(settings.LANGUAGE_CODE) or next(iter(messages.values()), "")


def record_text(record: dict[str, Any]) -> str:
    """A stored issue with its location, in the active language, as a command prints it."""
    line, column = record.get("line"), record.get("column") or ""
    return Issue(record_message(record), line=line, column=column, located=bool(record.get("located"))).text


def _shown(value: str) -> str:
    return value if len(value) <= SHOWN_VALUE_LENGTH else value[: SHOWN_VALUE_LENGTH - 1] + "…"


def _listed(names: Iterable[str]) -> str:
    names = sorted(set(names), key=str.casefold)
    more = len(names) - MAX_LISTED_CHOICES
    listed = ", ".join(names[:MAX_LISTED_CHOICES])
    return f"{listed}, … (+{more})" if more > 0 else listed


# --- what the database holds ----------------------------------------------------------------------


@dataclass
class Existing:
    """A person already in the database, as plain values (one query loads them all)."""

    pk: int
    hr_id: str
    values: dict[str, Any]
    manager_id: int | None
    is_active: bool
    deactivated_at: datetime.datetime | None

    @property
    def name(self) -> str:
        return f"{self.values['first_name']} {self.values['last_name']}".strip()


class Reference:
    """The organisation's entities, departments, audiences and people, indexed for matching."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        self._index_entities(list(Entity.objects.filter(organisation=organisation)))
        self._index_departments(list(Department.objects.filter(organisation=organisation)))
        self._index_audiences(list(Audience.objects.filter(organisation=organisation)))
        self._load_people()

    def _index_entities(self, entities: list[Entity]) -> None:
        self.entity_by_id = {entity.pk: entity for entity in entities}
        self.entity_by_key: dict[str, Entity] = {}
        for entity in entities:
            self.entity_by_key.setdefault(key_of(entity.slug), entity)
        for entity in entities:
            self.entity_by_key.setdefault(key_of(entity.name), entity)

    def _index_departments(self, departments: list[Department]) -> None:
        self.department_by_id = {department.pk: department for department in departments}
        self.department_by_code: dict[tuple[int, str], Department] = {}
        self.departments_by_name: dict[tuple[int, str], list[Department]] = {}
        self.departments_anywhere: dict[str, list[Department]] = {}  # by code and by name, in any entity
        for department in departments:
            name = key_of(department.name)
            self.departments_by_name.setdefault((department.entity_id, name), []).append(department)
            keys = {name}
            if department.code:
                code = department.code.strip().casefold()
                self.department_by_code[(department.entity_id, code)] = department
                keys.add(code)
            for key in keys:
                self.departments_anywhere.setdefault(key, []).append(department)

    def _index_audiences(self, audiences: list[Audience]) -> None:
        self.audience_by_id = {audience.pk: audience for audience in audiences}
        self.audience_by_key: dict[str, Audience] = {}
        for audience in audiences:
            self.audience_by_key.setdefault(key_of(audience.slug), audience)
            self.audience_by_key.setdefault(key_of(audience.name), audience)

    def _load_people(self) -> None:
        columns = ("id", "hr_id", *VALUE_FIELDS, "manager_id", "is_active", "deactivated_at")
        self.people: dict[str, Existing] = {}
        self.hr_id_by_pk: dict[int, str] = {}
        for row in Person.objects.filter(organisation=self.organisation).values_list(*columns).order_by():
            data = dict(zip(columns, row, strict=True))
            existing = Existing(
                pk=data["id"],
                hr_id=data["hr_id"],
                values={name: data[name] for name in VALUE_FIELDS},
                manager_id=data["manager_id"],
                is_active=data["is_active"],
                deactivated_at=data["deactivated_at"],
            )
            self.people[existing.hr_id] = existing
            self.hr_id_by_pk[existing.pk] = existing.hr_id

    def manager_hr_id(self, existing: Existing) -> str | None:
        return self.hr_id_by_pk.get(existing.manager_id) if existing.manager_id else None

    def printable(self, name: str, value: Any) -> str:
        """A field's value as a person reads it (names rather than ids)."""
        if value is None or value == "":
            return ""
        if name == "entity_id":
            return self.entity_by_id[value].name if value in self.entity_by_id else str(value)
        if name == "department_id":
            return self.department_by_id[value].name if value in self.department_by_id else str(value)
        if name == "audience_id":
            return self.audience_by_id[value].name if value in self.audience_by_id else str(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)


def _fingerprint(organisation: Organisation) -> tuple[Any, ...]:
    """Changes whenever a person, department, entity or audience of the organisation is written."""
    figures: list[Any] = []
    for model in (Person, Department, Entity, Audience):
        rows = model.objects.filter(organisation=organisation)
        stats = rows.aggregate(n=Count("id"), last=Max("updated_at"))
        figures += [stats["n"], stats["last"]]
    return tuple(figures)


# --- the plan: what an import would change ---------------------------------------------------------


@dataclass
class ParsedRow:
    line: int
    hr_id: str
    values: dict[str, Any]  # only the fields whose column is in the file
    manager_hr_id: str | None  # None when the file has no manager column; "" for no manager


@dataclass
class PersonChange:
    action: str  # "create", "update" or "deactivate"
    hr_id: str
    name: str
    line: int | None = None
    person_id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)  # every written field, for create and update
    manager_hr_id: str | None = None  # the manager after the import
    active: bool = True
    deactivated_at: datetime.datetime | None = None
    changes: dict[str, list[str]] = field(default_factory=dict)  # field: [before, after], printable
    activity: str = ""  # "reactivated" or "deactivated" when an update changes whether the person is active

    @property
    def changed(self) -> bool:
        return bool(self.changes or self.activity)

    def as_record(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "line": self.line,
            "hr_id": self.hr_id,
            "name": self.name,
            "changes": self.changes,
            "activity": self.activity,
        }


@dataclass
class ImportPlan:
    rows: int = 0
    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    creates: list[PersonChange] = field(default_factory=list)
    updates: list[PersonChange] = field(default_factory=list)
    deactivations: list[PersonChange] = field(default_factory=list)  # people missing from a full import
    unchanged: int = 0
    reactivated: int = 0
    deactivated: int = 0  # missing people, and people of the file whose end date has passed
    columns: dict[str, str] = field(default_factory=dict)  # header as in the file: field
    ignored_columns: list[str] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": len(self.creates),
            "updated": len(self.updates),
            "unchanged": self.unchanged,
            "reactivated": self.reactivated,
            "deactivated": self.deactivated,
            "errors": len(self.issues),
        }

    def summary(self) -> dict[str, Any]:
        listed = sorted(self.creates + self.updates, key=lambda change: change.line or 0)[:MAX_LISTED_CHANGES]
        return {
            "counts": self.counts,
            "changes": [change.as_record() for change in listed],
            "deactivations": [change.as_record() for change in self.deactivations[:MAX_LISTED_CHANGES]],
            "warnings": [warning.as_record() for warning in self.warnings],
            "columns": self.columns,
            "ignored_columns": self.ignored_columns,
            "encoding": self.encoding or "",
            "delimiter": self.delimiter or "",
        }

    def error_records(self) -> list[dict[str, Any]]:
        return [issue.as_record() for issue in self.issues[:MAX_STORED_ERRORS]]


def people_import_plan(
    *,
    organisation: Organisation,
    data: bytes,
    filename: str,
    entity: Entity | None = None,
    full: bool = True,
    progress: ProgressCallback | None = None,
    today: datetime.date | None = None,
) -> ImportPlan:
    """Read and check an HR export and compare it with the database. Writes nothing."""
    plan = ImportPlan()
    try:
        table = read_table(
            data, filename=filename, max_bytes=settings.IMPORT_MAX_BYTES, max_rows=settings.IMPORT_MAX_ROWS
        )
    except SpreadsheetErrors as failure:
        plan.issues = [
            Issue(error.template, error.params, error.line, error.column or "", located=True)
            for error in failure.errors
        ]
        return plan
    plan.rows, plan.encoding, plan.delimiter = len(table.rows), table.encoding, table.delimiter
    checker = _Checker(Reference(organisation), scope=entity, plan=plan)
    if checker.map_columns(table.headers):
        parsed = checker.parse_rows(table, progress)
        checker.check_managers(parsed)
        _compare(plan, checker, parsed, full=full, today=today or timezone.localdate())
        _check_access(plan, checker.reference)
    plan.issues.sort(key=lambda issue: issue.line or 0)
    return plan


class _Checker:
    """Checks the rows of one file against the organisation, collecting every issue."""

    def __init__(self, reference: Reference, *, scope: Entity | None, plan: ImportPlan) -> None:
        self.reference = reference
        self.scope = scope
        self.plan = plan
        self.header_of: dict[str, str] = {}  # field: header as in the file
        self.seen_lines: dict[str, int] = {}  # HR id: first line where it appears
        self.manager_error_lines: set[int] = set()

    # columns

    def map_columns(self, headers: list[str]) -> bool:
        found: dict[str, list[tuple[int, str]]] = {}
        for header in headers:
            alias = key_of(header)
            column = COLUMN_BY_ALIAS.get(alias)
            if column is None:
                self.plan.ignored_columns.append(header)
            else:
                found.setdefault(column.field, []).append((column.aliases.index(alias), header))
        for column in COLUMNS:
            self._map_column(column, sorted(found.get(column.field, [])))
        self.plan.columns = {header: name for name, header in self.header_of.items()}
        return not self.plan.issues

    def _map_column(self, column: Column, candidates: list[tuple[int, str]]) -> None:
        if not candidates:
            if column.field in REQUIRED_FIELDS and not (column.field == "entity" and self.scope):
                params = {"field": column.label, "names": column_accepted_names(column.field)}
                self.plan.issues.append(Issue(Messages.MISSING_COLUMN, params))
            return
        headers = [header for _rank, header in candidates]
        if len(headers) > 1 and column.field not in MULTI_COLUMN_FIELDS:
            params = {"columns": ", ".join(f'"{header}"' for header in headers), "field": column.label}
            self.plan.issues.append(Issue(Messages.SAME_COLUMN_TWICE, params, column=headers[1]))
            return
        self.header_of[column.field] = headers[0]
        for header in headers[1:]:
            self.plan.ignored_columns.append(header)
            params = {"column": header, "field": column.label, "used": headers[0]}
            self.plan.warnings.append(Issue(Messages.IGNORED_COLUMN, params, column=header))

    # rows

    def parse_rows(self, table: Table, progress: ProgressCallback | None) -> list[ParsedRow]:
        parsed: list[ParsedRow] = []
        total = len(table.rows)
        for done, row in enumerate(table.rows, start=1):
            result = self._parse_row(row)
            if result is not None:
                parsed.append(result)
            if progress is not None:
                progress(done, total)
        return parsed

    def _error(self, row: Row, field_name: str, template: StrOrPromise, **params: Any) -> None:
        self.plan.issues.append(Issue(template, params, row.line, self.header_of.get(field_name, "")))

    def _cell(self, row: Row, field_name: str) -> str | None:
        header = self.header_of.get(field_name)
        return None if header is None else row.values.get(header, "")

    def _parse_row(self, row: Row) -> ParsedRow | None:
        errors_before = len(self.plan.issues)
        hr_id = self._text(row, "hr_id", required=True)
        values: dict[str, Any] = {
            "first_name": self._text(row, "first_name", required=True),
            "last_name": self._text(row, "last_name", required=True),
        }
        self._check_duplicate(row, hr_id)
        entity = self._entity(row)
        if entity is not None:
            values["entity_id"] = entity.pk
        self._optional_values(row, entity, values)
        manager = self._cell(row, "manager")
        if len(self.plan.issues) > errors_before:
            return None
        return ParsedRow(line=row.line, hr_id=hr_id, values=values, manager_hr_id=manager)

    def _optional_values(self, row: Row, entity: Entity | None, values: dict[str, Any]) -> None:
        if "email" in self.header_of:
            values["email"] = self._email(row)
        if "department" in self.header_of and entity is not None:
            values["department_id"] = self._department(row, entity)
        if "audience" in self.header_of:
            values["audience_id"] = self._audience(row)
        if "job_title" in self.header_of:
            values["job_title"] = self._text(row, "job_title")
        dates: dict[str, datetime.date | None] = {
            name: self._date(row, name) for name in ("active_from", "active_until") if name in self.header_of
        }
        values.update(dates)
        start, end = dates.get("active_from"), dates.get("active_until")
        if start and end and end < start:
            shown = {"end": self._cell(row, "active_until"), "start": self._cell(row, "active_from")}
            self._error(row, "active_until", Messages.END_BEFORE_START, **shown)

    def _text(self, row: Row, field_name: str, *, required: bool = False) -> str:
        value = self._cell(row, field_name) or ""
        if required and not value:
            self._required_error(row, field_name)
        limit = MAX_LENGTHS.get(field_name, 0)
        if len(value) > limit:
            self._error(row, field_name, Messages.TOO_LONG, length=len(value), max=limit)
        return value

    def _required_error(self, row: Row, field_name: str) -> None:
        self._error(row, field_name, Messages.REQUIRED, field=COLUMN_BY_FIELD[field_name].label)

    def _check_duplicate(self, row: Row, hr_id: str) -> None:
        if not hr_id:
            return
        first = self.seen_lines.setdefault(hr_id, row.line)
        if first != row.line:
            self._error(row, "hr_id", Messages.DUPLICATE_HR_ID, value=_shown(hr_id), first=first)

    def _email(self, row: Row) -> str:
        value = self._cell(row, "email") or ""
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self._error(row, "email", Messages.INVALID_EMAIL, value=_shown(value))
        return value

    def _entity(self, row: Row) -> Entity | None:
        value = self._cell(row, "entity")
        if self.scope is not None:
            if value and self.reference.entity_by_key.get(key_of(value)) != self.scope:
                self._error(row, "entity", Messages.OUTSIDE_SCOPE, value=_shown(value), scope=self.scope.name)
            return self.scope
        if not value:
            self._required_error(row, "entity")
            return None
        entity = self.reference.entity_by_key.get(key_of(value))
        if entity is None:
            choices = _listed(known.name for known in self.reference.entity_by_id.values())
            self._error(row, "entity", Messages.UNKNOWN_ENTITY, value=_shown(value), choices=choices)
        return entity

    def _department(self, row: Row, entity: Entity) -> int | None:
        value = self._cell(row, "department")
        if not value:
            return None
        reference = self.reference
        by_code = reference.department_by_code.get((entity.pk, value.casefold()))
        if by_code is not None:
            return by_code.pk
        named = reference.departments_by_name.get((entity.pk, key_of(value)), [])
        if len(named) == 1:
            return named[0].pk
        if named:
            codes = _listed(department.code or "—" for department in named)
            self._error(
                row,
                "department",
                Messages.AMBIGUOUS_DEPARTMENT,
                entity=entity.name,
                value=_shown(value),
                codes=codes,
            )
            return None
        self._unknown_department(row, entity, value)
        return None

    def _unknown_department(self, row: Row, entity: Entity, value: str) -> None:
        reference = self.reference
        elsewhere = {
            department.entity_id
            for key in {value.casefold(), key_of(value)}
            for department in reference.departments_anywhere.get(key, [])
        }
        if elsewhere:
            others = _listed(reference.entity_by_id[entity_id].name for entity_id in elsewhere)
            self._error(
                row,
                "department",
                Messages.FOREIGN_DEPARTMENT,
                value=_shown(value),
                others=others,
                entity=entity.name,
            )
            return
        names = [d.name for d in reference.department_by_id.values() if d.entity_id == entity.pk]
        close = difflib.get_close_matches(value, names, n=3, cutoff=0.6)
        if close:
            self._error(
                row,
                "department",
                Messages.UNKNOWN_DEPARTMENT_HINT,
                value=_shown(value),
                entity=entity.name,
                hints=", ".join(close),
            )
        else:
            self._error(
                row, "department", Messages.UNKNOWN_DEPARTMENT, value=_shown(value), entity=entity.name
            )

    def _audience(self, row: Row) -> int | None:
        value = self._cell(row, "audience")
        if not value:
            return None
        audience = self.reference.audience_by_key.get(key_of(value))
        if audience is None:
            choices = _listed(a.name for a in self.reference.audience_by_id.values()) or "—"
            self._error(row, "audience", Messages.UNKNOWN_AUDIENCE, value=_shown(value), choices=choices)
            return None
        return audience.pk

    def _date(self, row: Row, field_name: str) -> datetime.date | None:
        value = self._cell(row, field_name) or ""
        if not value:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self._error(row, field_name, Messages.INVALID_DATE, value=_shown(value))
        return parsed

    # managers, once every row is known

    def check_managers(self, parsed: list[ParsedRow]) -> None:
        graph = self._manager_graph()
        valid: list[ParsedRow] = []
        for row in parsed:
            manager = row.manager_hr_id
            if manager is None:
                continue
            if manager == row.hr_id:
                self._manager_error(row, Messages.OWN_MANAGER)
                graph[row.hr_id] = None
            elif manager and manager not in self.seen_lines and manager not in self.reference.people:
                self._manager_error(row, Messages.UNKNOWN_MANAGER, value=_shown(manager))
                graph[row.hr_id] = None
            else:
                graph[row.hr_id] = manager or None
                valid.append(row)
        loops = _manager_loops(graph, [row.hr_id for row in valid])
        for row in valid:
            loop = loops.get(row.hr_id)
            if loop:
                start = loop.index(row.hr_id)
                shown = " → ".join([*loop[start:], *loop[:start], row.hr_id])
                self._manager_error(row, Messages.MANAGER_LOOP, loop=shown)
        parsed[:] = [row for row in parsed if row.line not in self.manager_error_lines]

    def _manager_graph(self) -> dict[str, str | None]:
        reference = self.reference
        return {hr_id: reference.manager_hr_id(existing) for hr_id, existing in reference.people.items()}

    def _manager_error(self, row: ParsedRow, template: StrOrPromise, **params: Any) -> None:
        self.plan.issues.append(Issue(template, params, row.line, self.header_of.get("manager", "")))
        self.manager_error_lines.add(row.line)


def _manager_loops(graph: dict[str, str | None], starts: list[str]) -> dict[str, list[str]]:
    """Members of every loop reachable from `starts` in the person → manager graph, with their loop."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    loops: dict[str, list[str]] = {}
    for start in starts:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            node = graph.get(node)
        if node is not None and state[node] == 1:
            loop = path[path.index(node) :]
            for member in loop:
                loops[member] = loop
        for member in path:
            state[member] = 2
    return loops


def parse_date(value: str) -> datetime.date | None:
    """YYYY-MM-DD (a time may follow), DD/MM/YYYY, DD-MM-YYYY or DD.MM.YYYY."""
    iso = _DATE_ISO.match(value)
    french = _DATE_FRENCH.match(value)
    try:
        if iso:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if french:
            return datetime.date(int(french[4]), int(french[3]), int(french[1]))
    except ValueError:
        return None
    return None


def _compare(
    plan: ImportPlan, checker: _Checker, parsed: list[ParsedRow], *, full: bool, today: datetime.date
) -> None:
    reference = checker.reference
    now = timezone.now()
    for row in parsed:
        existing = reference.people.get(row.hr_id)
        active = not (row.values.get("active_until") and row.values["active_until"] < today)
        if existing is None:
            plan.creates.append(_creation(reference, row, active, now))
            continue
        change = _update(reference, row, existing, active, now)
        if not change.changed:
            plan.unchanged += 1
            continue
        plan.updates.append(change)
        plan.reactivated += change.activity == "reactivated"
        plan.deactivated += change.activity == "deactivated"
    if full:
        plan.deactivations = _missing_people(reference, set(checker.seen_lines), checker.scope)
        plan.deactivated += len(plan.deactivations)


def _check_access(plan: ImportPlan, reference: Reference) -> None:
    """People who leave lose their access: warn about it, and refuse to lock every HR admin out."""
    leaving = {change.person_id for change in plan.deactivations}
    leaving |= {change.person_id for change in plan.updates if change.activity == "deactivated"}
    back = {change.person_id for change in plan.updates if change.activity == "reactivated"}
    if not leaving:
        return
    existing = {person.pk: person for person in reference.people.values()}
    memberships = Membership.objects.filter(organisation=reference.organisation).values_list(
        "role", "person_id"
    )

    def has_access(person_id: int | None, *, after: bool) -> bool:
        if person_id is None:
            return True
        active = person_id in existing and existing[person_id].is_active
        if not after:
            return active
        return (active or person_id in back) and person_id not in leaving

    admins = [person_id for role, person_id in memberships if role == Role.HR_ADMIN]
    if any(has_access(pk, after=False) for pk in admins) and not any(
        has_access(pk, after=True) for pk in admins
    ):
        names = _listed(existing[pk].name for pk in admins if pk in existing)
        plan.issues.append(Issue(Messages.LOCKS_OUT_ADMINS, {"names": names}))
    losing = [pk for _role, pk in memberships if pk in leaving and has_access(pk, after=False)]
    if losing:
        plan.warnings.append(
            Issue(Messages.LOSE_ACCESS, {"names": _listed(existing[pk].name for pk in losing)})
        )


def _creation(reference: Reference, row: ParsedRow, active: bool, now: datetime.datetime) -> PersonChange:
    shown = {name: ["", reference.printable(name, value)] for name, value in row.values.items()}
    if row.manager_hr_id:
        shown["manager_id"] = ["", row.manager_hr_id]
    return PersonChange(
        action="create",
        hr_id=row.hr_id,
        name=_name(row.values),
        line=row.line,
        values=dict(row.values),
        manager_hr_id=row.manager_hr_id or None,
        active=active,
        deactivated_at=None if active else now,
        changes={name.removesuffix("_id"): pair for name, pair in shown.items() if pair[1]},
    )


def _update(
    reference: Reference, row: ParsedRow, existing: Existing, active: bool, now: datetime.datetime
) -> PersonChange:
    values = existing.values | row.values
    if values["entity_id"] != existing.values["entity_id"] and "department_id" not in row.values:
        values["department_id"] = None  # the old department belongs to the old entity
    changes = {
        name.removesuffix("_id"): [reference.printable(name, before), reference.printable(name, values[name])]
        for name, before in existing.values.items()
        if before != values[name]
    }
    manager = reference.manager_hr_id(existing)
    if row.manager_hr_id is not None and (row.manager_hr_id or None) != manager:
        changes["manager"] = [manager or "", row.manager_hr_id]
        manager = row.manager_hr_id or None
    deactivated_at, activity = existing.deactivated_at, ""
    if active != existing.is_active:
        deactivated_at = None if active else now
        activity = "reactivated" if active else "deactivated"
    return PersonChange(
        action="update",
        hr_id=row.hr_id,
        name=_name(values),
        line=row.line,
        person_id=existing.pk,
        values=values,
        manager_hr_id=manager,
        active=active,
        deactivated_at=deactivated_at,
        changes=changes,
        activity=activity,
    )


def _missing_people(reference: Reference, in_file: set[str], scope: Entity | None) -> list[PersonChange]:
    return [
        PersonChange(action="deactivate", hr_id=existing.hr_id, name=existing.name, person_id=existing.pk)
        for existing in reference.people.values()
        if existing.is_active
        and existing.hr_id not in in_file
        and (scope is None or existing.values["entity_id"] == scope.pk)
    ]


def _name(values: dict[str, Any]) -> str:
    return f"{values.get('first_name', '')} {values.get('last_name', '')}".strip()


# --- writing -----------------------------------------------------------------------------------


def _write(plan: ImportPlan, *, organisation: Organisation, now: datetime.datetime) -> None:
    """Every change of a checked plan, in bulk. Call inside a transaction."""
    pk_of = dict(Person.objects.filter(organisation=organisation).values_list("hr_id", "id").order_by())
    for level in _by_management_level(plan.creates):
        _create_people(level, organisation=organisation, pk_of=pk_of)
    for fields, changes in _grouped_by_written_fields(plan.updates).items():
        people = [_updated_person(change, organisation, pk_of, now) for change in changes]
        Person.objects.bulk_update(people, [*fields, "updated_at"], batch_size=BATCH_SIZE)
    missing = [change.person_id for change in plan.deactivations]
    for start in range(0, len(missing), BATCH_SIZE):
        Person.objects.filter(pk__in=missing[start : start + BATCH_SIZE]).update(
            is_active=False, deactivated_at=now, updated_at=now
        )


def _by_management_level(creates: list[PersonChange]) -> list[list[PersonChange]]:
    """New people grouped so that each group's managers already exist when it is inserted: the manager
    is then set by the insert itself, with no second pass."""
    by_hr_id = {change.hr_id: change for change in creates}
    level_of: dict[str, int] = {}
    for change in creates:
        chain: list[str] = []
        hr_id: str | None = change.hr_id
        while hr_id in by_hr_id and hr_id not in level_of:
            chain.append(hr_id)
            hr_id = by_hr_id[hr_id].manager_hr_id
        level = level_of[hr_id] + 1 if hr_id in level_of else 0
        for member in reversed(chain):  # loops were refused by the checks, so every chain ends
            level_of[member] = level
            level += 1
    levels: list[list[PersonChange]] = [[] for _ in range(max(level_of.values(), default=-1) + 1)]
    for change in creates:
        levels[level_of[change.hr_id]].append(change)
    return levels


def _create_people(changes: list[PersonChange], *, organisation: Organisation, pk_of: dict[str, int]) -> None:
    people = [
        Person(organisation=organisation, hr_id=change.hr_id, is_active=change.active,
               deactivated_at=change.deactivated_at, manager_id=pk_of.get(change.manager_hr_id or ""),
               **change.values)
        for change in changes
    ]  # fmt: skip
    Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
    if all(person.pk is not None for person in people):  # SQLite and PostgreSQL return the new ids
        pk_of.update((person.hr_id, person.pk) for person in people)
    else:
        created = Person.objects.filter(
            organisation=organisation, hr_id__in=[person.hr_id for person in people]
        )
        pk_of.update(created.values_list("hr_id", "id"))


def _grouped_by_written_fields(updates: list[PersonChange]) -> dict[tuple[str, ...], list[PersonChange]]:
    """Updates grouped by the fields they change, so that each bulk update writes only those fields."""
    groups: dict[tuple[str, ...], list[PersonChange]] = {}
    for change in updates:
        fields = tuple(sorted(change.changes))
        if change.activity:
            fields += ("is_active", "deactivated_at")
        groups.setdefault(fields, []).append(change)
    return groups


def _updated_person(
    change: PersonChange, organisation: Organisation, pk_of: dict[str, int], now: datetime.datetime
) -> Person:
    person = Person(pk=change.person_id, organisation=organisation, hr_id=change.hr_id, **change.values)
    person.manager_id = pk_of[change.manager_hr_id] if change.manager_hr_id else None
    person.is_active = change.active
    person.deactivated_at = change.deactivated_at
    person.updated_at = now
    return person


# --- the import's life: upload, preview, apply ---------------------------------------------------------


def people_import_create(
    *,
    actor: User,
    organisation: Organisation,
    upload: File,
    entity: Entity | None = None,
    full: bool = True,
    queue_preview: bool = True,
) -> PeopleImport:
    """Store an uploaded HR export (under MEDIA_ROOT, never served) and queue its preview (unless told
    not to: the command runs it at once)."""
    from ambassade.orgs import tasks  # tasks import this module

    if entity is not None and entity.organisation_id != organisation.pk:
        raise ValidationError({"entity": _("This entity belongs to another organisation.")})
    if (upload.size or 0) > settings.IMPORT_MAX_BYTES:
        limit = settings.IMPORT_MAX_BYTES // (1024 * 1024)
        raise ValidationError(
            {"upload": _("The file is too large: the maximum is %(max)s MB.") % {"max": limit}}
        )
    filename = PurePath(upload.name or "import").name[:255]
    user = _user(actor)
    people_import = PeopleImport(organisation=organisation, entity=entity, full=full, filename=filename)
    people_import.created_by_id = user.pk if user else None
    stored_name = f"{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}"  # never the user's file name
    with transaction.atomic():
        people_import.file.save(stored_name, upload, save=False)
        people_import.save()
        if queue_preview:
            tasks.people_import_preview.enqueue(import_id=people_import.pk)
    return people_import


def people_import_request_apply(*, people_import: PeopleImport, actor: User) -> None:
    """Queue the apply of a checked import; ValidationError says why it cannot be applied."""
    from ambassade.orgs import tasks

    if people_import.status == PeopleImport.Status.APPLIED:
        raise ValidationError(_("This import has already been applied."))
    if people_import.status in (PeopleImport.Status.APPLY_QUEUED, PeopleImport.Status.APPLYING):
        raise ValidationError(_("This import is already being applied."))
    if people_import.status != PeopleImport.Status.PREVIEWED or people_import.errors:
        raise ValidationError(_("Only a checked import without errors can be applied."))
    # Running from now on, so that the page shown next follows its progress even if the worker has not
    # started yet; and a second click finds it queued.
    queued = PeopleImport.objects.filter(pk=people_import.pk, status=PeopleImport.Status.PREVIEWED).update(
        status=PeopleImport.Status.APPLY_QUEUED, updated_at=timezone.now()
    )
    if not queued:
        raise ValidationError(_("This import is already being applied."))
    user = _user(actor)
    tasks.people_import_apply.enqueue(import_id=people_import.pk, actor_id=user.pk if user else None)


def people_import_preview(*, import_id: int, progress: ProgressCallback | None = None) -> ImportPlan | None:
    """Check a pending import and store its preview. Returns the plan, or None if not run."""
    claimed = PeopleImport.objects.filter(pk=import_id, status=PeopleImport.Status.PENDING).update(
        status=PeopleImport.Status.CHECKING, processed_rows=0, updated_at=timezone.now()
    )
    if not claimed:
        return None
    people_import = PeopleImport.objects.select_related("organisation", "entity").get(pk=import_id)
    try:
        plan = _plan_of(people_import, progress)
    except Exception as error:
        logger.exception("people import %s: preview failed", import_id)
        _mark_failed(import_id, PeopleImport.Status.CHECKING, error)
        return None
    status = PeopleImport.Status.INVALID if plan.issues else PeopleImport.Status.PREVIEWED
    PeopleImport.objects.filter(pk=import_id, status=PeopleImport.Status.CHECKING).update(
        status=status,
        summary=plan.summary(),
        errors=plan.error_records(),
        total_rows=plan.rows,
        processed_rows=plan.rows,
        updated_at=timezone.now(),
    )
    return plan


def people_import_apply(
    *, import_id: int, actor_id: int | None = None, progress: ProgressCallback | None = None
) -> ImportPlan | None:
    """Apply a previewed import, all or nothing. Returns the applied plan, or None if nothing was applied.

    Only one caller can move the import from "previewed" to "applying", so a second click or a second
    worker does nothing.
    """
    startable = [PeopleImport.Status.PREVIEWED, PeopleImport.Status.APPLY_QUEUED]
    claimed = PeopleImport.objects.filter(pk=import_id, status__in=startable).update(
        status=PeopleImport.Status.APPLYING, processed_rows=0, updated_at=timezone.now()
    )
    if not claimed:
        return None
    people_import = PeopleImport.objects.select_related("organisation", "entity").get(pk=import_id)
    try:
        return _apply(people_import, actor_id, progress)
    except Exception as error:
        logger.exception("people import %s: apply failed", import_id)
        _mark_failed(import_id, PeopleImport.Status.APPLYING, error)
        return None


def _apply(
    people_import: PeopleImport, actor_id: int | None, progress: ProgressCallback | None
) -> ImportPlan | None:
    organisation = people_import.organisation
    # The checks run outside the transaction, so that their progress is visible and the database is not
    # locked meanwhile; if anything changed since, they run again inside it.
    fingerprint = _fingerprint(organisation)
    plan = _plan_of(people_import, progress)
    if plan.issues:
        _store_invalid(people_import, plan)
        return None
    with transaction.atomic():
        if _fingerprint(organisation) != fingerprint:
            plan = _plan_of(people_import, None)
            if plan.issues:
                _store_invalid(people_import, plan)
                return None
        now = timezone.now()
        _write(plan, organisation=organisation, now=now)
        _audit_apply(people_import, plan, actor_id)
        summary = plan.summary() | {"applied": True}
        PeopleImport.objects.filter(pk=people_import.pk, status=PeopleImport.Status.APPLYING).update(
            status=PeopleImport.Status.APPLIED,
            applied_at=now,
            summary=summary,
            errors=[],
            file="",
            total_rows=plan.rows,
            processed_rows=plan.rows,
            updated_at=now,
        )
        stored = people_import.file.name
        transaction.on_commit(lambda: _delete_stored_file(people_import, stored))
    return plan


def _audit_apply(people_import: PeopleImport, plan: ImportPlan, actor_id: int | None) -> None:
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else people_import.created_by
    changes: dict[str, Any] = dict(plan.counts)
    changes.pop("errors")
    changes["file"] = people_import.filename
    changes["full"] = people_import.full
    changes["entity"] = people_import.entity.slug if people_import.entity else ""
    audit_record(
        actor=actor,
        action="people_import.apply",
        organisation=people_import.organisation,
        target=people_import,
        changes=changes,
    )


def _store_invalid(people_import: PeopleImport, plan: ImportPlan) -> None:
    PeopleImport.objects.filter(pk=people_import.pk, status=PeopleImport.Status.APPLYING).update(
        status=PeopleImport.Status.INVALID,
        summary=plan.summary(),
        errors=plan.error_records(),
        total_rows=plan.rows,
        processed_rows=plan.rows,
        updated_at=timezone.now(),
    )


def _plan_of(people_import: PeopleImport, progress: ProgressCallback | None) -> ImportPlan:
    data = _stored_bytes(people_import)
    if data is None:
        plan = ImportPlan()
        plan.issues.append(Issue(Messages.FILE_GONE))
        return plan
    return people_import_plan(
        organisation=people_import.organisation,
        data=data,
        filename=people_import.filename,
        entity=people_import.entity,
        full=people_import.full,
        progress=_progress_tracker(people_import, progress),
    )


def _stored_bytes(people_import: PeopleImport) -> bytes | None:
    if not people_import.file:
        return None
    try:
        with people_import.file.open("rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None


def _progress_tracker(people_import: PeopleImport, also: ProgressCallback | None) -> ProgressCallback:
    """Record progress on the import row every PROGRESS_EVERY rows (one cheap UPDATE), for the UI."""

    def track(done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            PeopleImport.objects.filter(pk=people_import.pk).update(
                processed_rows=done, total_rows=total, updated_at=timezone.now()
            )
        if also is not None:
            also(done, total)

    return track


def _mark_failed(import_id: int, from_status: str, error: BaseException | None) -> None:
    if error is None:
        failure = Issue(Messages.INTERRUPTED)
    else:
        failure = Issue(Messages.CRASHED, {"detail": f"{type(error).__name__}: {error}"[:300]})
    people_import = PeopleImport.objects.filter(pk=import_id).first()
    summary = (people_import.summary if people_import else {}) | {"failure": failure.as_record()}
    PeopleImport.objects.filter(pk=import_id, status=from_status).update(
        status=PeopleImport.Status.FAILED, summary=summary, updated_at=timezone.now()
    )


def _delete_stored_file(people_import: PeopleImport, name: str) -> None:
    if name:
        people_import.file.storage.delete(name)


def _user(actor: User) -> AbstractBaseUser | None:
    return actor if isinstance(actor, AbstractBaseUser) and actor.is_authenticated else None


# --- housekeeping (periodic) ----------------------------------------------------------------------


def people_import_files_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete stored files of applied imports, and of any import older than 30 days. Returns how many."""
    now = now or timezone.now()
    old = Q(created_at__lt=now - FILE_RETENTION)
    running = [PeopleImport.Status.CHECKING, PeopleImport.Status.APPLY_QUEUED, PeopleImport.Status.APPLYING]
    stale = PeopleImport.objects.exclude(file="").filter(Q(status=PeopleImport.Status.APPLIED) | old)
    stale = stale.exclude(status__in=running)
    purged = 0
    for people_import in stale:
        name = people_import.file.name
        people_import.file.storage.delete(name)
        PeopleImport.objects.filter(pk=people_import.pk, file=name).update(file="")
        purged += 1
    expired = Issue(Messages.FILE_EXPIRED)
    for status in (PeopleImport.Status.PENDING, PeopleImport.Status.PREVIEWED):
        PeopleImport.objects.filter(status=status, file="").filter(old).update(
            status=PeopleImport.Status.FAILED, summary={"failure": expired.as_record()}, updated_at=now
        )
    return purged


def people_import_fail_stuck(*, now: datetime.datetime | None = None) -> int:
    """Mark failed the imports whose worker vanished (no progress for an hour). Returns how many."""
    now = now or timezone.now()
    stuck = PeopleImport.objects.filter(status__in=RUNNING_STATUSES, updated_at__lt=now - STUCK_AFTER)
    count = 0
    for people_import in stuck:
        _mark_failed(people_import.pk, people_import.status, None)
        count += 1
    return count


def people_import_is_running(people_import: PeopleImport) -> bool:
    return people_import.status in RUNNING_STATUSES
