"""Robust reading of tabular exports (CSV, XLSX or XLS) uploaded by users.

``read_table`` turns the bytes of an uploaded file into a ``Table`` of text
cells, or raises ``SpreadsheetErrors`` listing every problem found, each with
the line (as a human sees it in the file) and the column concerned.

The file type is decided by its content, never by its name. XLSX workbooks are
inspected for zip bombs before openpyxl opens them, and openpyxl parses their
XML through defusedxml. Old-format workbooks (.xls, OLE2 compound files) are read
with xlrd, which keeps only cell values (a formula arrives as its last result);
an OLE2 file xlrd cannot read (encrypted, damaged, a Word document) is refused
with advice to save it as XLSX or CSV. Cells that look like spreadsheet formulas are refused
so that they can never travel back to another spreadsheet.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import openpyxl
import xlrd
from charset_normalizer import from_bytes
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from openpyxl.utils.exceptions import InvalidFileException

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "DEFAULT_ZIP_LIMITS",
    "MAX_ERRORS",
    "Row",
    "SpreadsheetError",
    "SpreadsheetErrors",
    "Table",
    "ZipLimits",
    "looks_like_formula",
    "normalise_header",
    "read_table",
]

MAX_ERRORS = 200
MEGABYTE = 1024 * 1024
SHOWN_CELL_LENGTH = 40

OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # compound file: .xls, .doc, encrypted Office files
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
XLSX_REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
MARKUP_STARTS = ("<!doctype html", "<html", "<?xml", "<table")
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
DELIMITERS = ("\t", ";", ",")  # order breaks ties when sniffing
QUOTE = '"'
SNIFFED_LINES = 20
MAX_FOREIGN_LETTER_SHARE = 0.3
_ASCII_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_ASCII_BYTES = bytes(range(128))

# Characters that never appear in a real text export (tab, line feed, vertical
# tab, form feed and carriage return are allowed: they occur inside cells).
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_FUNCTION_CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\(")
_HEADER_SEPARATORS = re.compile(r"[\s_\-]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})

# Everything openpyxl (and the zipfile / XML layers below it) may raise on a
# damaged or hostile workbook. defusedxml errors are ValueError subclasses and
# XML syntax errors are SyntaxError subclasses.
_WORKBOOK_FAILURES: tuple[type[BaseException], ...] = (
    InvalidFileException,
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    IndexError,
    AttributeError,
    TypeError,
    ValueError,
    SyntaxError,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
)


# --------------------------------------------------------------------------
# Public data types
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One data record: ``line`` is where it starts in the file (1-based)."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[Row]
    encoding: str | None
    delimiter: str | None


@dataclass(frozen=True)
class ZipLimits:
    """What an XLSX archive may expand to before openpyxl is allowed to open it."""

    max_total_bytes: int = 100 * MEGABYTE
    max_ratio: int = 100
    ratio_threshold_bytes: int = MEGABYTE
    max_members: int = 1000


DEFAULT_ZIP_LIMITS = ZipLimits()


class SpreadsheetError(ValueError):
    """One problem: with ``line`` None it makes the whole file unreadable.

    ``message`` is rendered from a (lazily) translated template each time it
    is read, so it follows the language active when it is displayed.
    ``code`` is a stable identifier for programs and tests.
    """

    def __init__(
        self,
        template: StrOrPromise,
        *,
        line: int | None = None,
        column: str | None = None,
        code: str = "invalid",
        params: dict[str, object] | None = None,
    ) -> None:
        self.template = template
        self.line = line
        self.column = column
        self.code = code
        self.params = params or {}
        super().__init__(template)

    @property
    def message(self) -> str:
        if not self.params:
            return str(self.template)
        return str(self.template % self.params)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"SpreadsheetError(code={self.code!r}, line={self.line!r}, column={self.column!r})"


class SpreadsheetErrors(ValueError):
    """All the problems found in one file."""

    def __init__(self, errors: Sequence[SpreadsheetError]) -> None:
        self.errors = list(errors)
        super().__init__(self.errors)

    @property
    def messages(self) -> list[str]:
        return [error.message for error in self.errors]

    def __str__(self) -> str:
        return "\n".join(self.messages)


# --------------------------------------------------------------------------
# Public helpers
# --------------------------------------------------------------------------


def normalise_header(name: str) -> str:
    """Lower-case, accent-free, ``_``-separated form of a header, for matching.

    >>> normalise_header("Matricule RH"), normalise_header("E-mail"), normalise_header("Prénom")
    ('matricule_rh', 'e_mail', 'prenom')
    """
    text = unicodedata.normalize("NFKD", name.replace("\ufeff", "").strip())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.casefold().translate(_LIGATURES)
    return _HEADER_SEPARATORS.sub("_", text).strip("_")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would execute this cell text.

    ``=…`` always is. ``+``, ``-`` and ``@`` start a formula only when a
    function call or a DDE pipe follows, so that phone numbers
    (``+33 (0)6 12 34 56 78``) and negative numbers (``-3``) are accepted.
    """
    stripped = text.lstrip(" \t\r\n")
    if not stripped:
        return False
    first = stripped[0]
    if first == "=":
        return True
    if first in "+-@":
        return "|" in stripped or _FUNCTION_CALL.search(stripped) is not None
    return False


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def read_table(
    data: bytes,
    *,
    filename: str,
    max_bytes: int = 10 * MEGABYTE,
    max_rows: int = 100_000,
    zip_limits: ZipLimits = DEFAULT_ZIP_LIMITS,
    header_row: Callable[[Sequence[str]], bool] | None = None,
) -> Table:
    """Read a CSV, XLSX or XLS export; raise ``SpreadsheetErrors`` listing every problem.

    The header is the first non-blank line; with ``header_row``, the first non-blank line for which
    it returns True (the lines of notes some exports start with are skipped)."""
    if len(data) > max_bytes:
        raise _fatal(
            _("The file is too large (%(size)s MB): the maximum is %(max)s MB."),
            "too_large",
            size=_megabytes(len(data)),
            max=_megabytes(max_bytes),
        )
    if not data.strip():
        raise _fatal(_("The file is empty."), "empty")
    if data.startswith(OLE2_MAGIC):
        return _read_xls(data, max_rows=max_rows, header_row=header_row)
    if data[:4] in ZIP_MAGICS:
        return _read_xlsx(data, max_rows=max_rows, limits=zip_limits, header_row=header_row)
    if filename.lower().endswith(XLSX_SUFFIXES):
        raise _not_a_workbook()
    return _read_csv(data, max_rows=max_rows, header_row=header_row)


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------


def _fatal(template: StrOrPromise, code: str, **params: object) -> SpreadsheetErrors:
    return SpreadsheetErrors([SpreadsheetError(template, code=code, params=params)])


def _not_a_workbook() -> SpreadsheetErrors:
    return _fatal(_("This file is not a valid XLSX workbook."), "not_xlsx")


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.1f}".removesuffix(".0")


def _shown(text: str) -> str:
    if len(text) <= SHOWN_CELL_LENGTH:
        return text
    return text[: SHOWN_CELL_LENGTH - 1] + "…"


class _Collector:
    """Accumulates row errors; gives up (raising) once there are too many."""

    def __init__(self, limit: int = MAX_ERRORS) -> None:
        self.limit = limit
        self.errors: list[SpreadsheetError] = []

    def add(self, error: SpreadsheetError) -> None:
        self.errors.append(error)
        if len(self.errors) >= self.limit:
            overflow = SpreadsheetError(
                _("There are too many errors: only the first %(max)s are shown."),
                code="too_many_errors",
                params={"max": self.limit},
            )
            raise SpreadsheetErrors([*self.errors, overflow])

    def raise_if_any(self) -> None:
        if self.errors:
            raise SpreadsheetErrors(self.errors)


# --------------------------------------------------------------------------
# From records (CSV or XLSX) to a Table
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Special:
    """An XLSX cell that is not plain data: a formula or an error value."""

    kind: str  # "formula" or "error"
    text: str


_Cell = str | _Special
_Record = tuple[int, Sequence[_Cell]]


def _build_table(
    records: Iterable[_Record | SpreadsheetError],
    *,
    encoding: str | None,
    delimiter: str | None,
    max_rows: int,
    header_row: Callable[[Sequence[str]], bool] | None = None,
) -> Table:
    collector = _Collector()
    iterator = iter(records)
    headers = _read_header(iterator, collector, header_row)
    rows: list[Row] = []
    count = 0
    for record in iterator:
        if isinstance(record, SpreadsheetError):
            collector.add(record)
            break
        line, cells = record
        if _is_blank(cells):
            continue
        count += 1
        if count > max_rows:
            raise _fatal(
                _("The file has more than %(max)s rows: split it into smaller files."),
                "too_many_rows",
                max=max_rows,
            )
        row = _parse_row(line, cells, headers, collector)
        if row is not None:
            rows.append(row)
    collector.raise_if_any()
    if not rows:
        raise _fatal(_("The file has a header line but no data rows."), "no_rows")
    return Table(headers=headers, rows=rows, encoding=encoding, delimiter=delimiter)


def _read_header(
    iterator: Iterator[_Record | SpreadsheetError],
    collector: _Collector,
    header_row: Callable[[Sequence[str]], bool] | None = None,
) -> list[str]:
    skipped = False
    for record in iterator:
        if isinstance(record, SpreadsheetError):
            collector.add(record)
            collector.raise_if_any()
        else:
            line, cells = record
            if _is_blank(cells):
                continue
            if header_row is not None and not header_row([_header_name(cell) for cell in cells]):
                skipped = True
                continue
            return _parse_header(line, cells)
    if skipped:
        raise _fatal(
            _("The header line was not found: check that the file is the expected export."), "no_header"
        )
    raise _fatal(_("The file is empty."), "empty")


def _parse_header(line: int, cells: Sequence[_Cell]) -> list[str]:
    errors: list[SpreadsheetError] = []
    headers: list[str] = []
    seen: dict[str, str] = {}
    for number, cell in enumerate(_trim_trailing_blanks(cells), start=1):
        name = _header_name(cell)
        headers.append(name)
        if (isinstance(cell, _Special) and cell.kind == "formula") or looks_like_formula(name):
            errors.append(_header_formula_error(line, name))
        elif not name:
            errors.append(_empty_header_error(line, number))
        elif normalise_header(name) in seen:
            errors.append(_duplicate_header_error(line, name, seen[normalise_header(name)]))
        else:
            seen[normalise_header(name)] = name
    if errors:
        raise SpreadsheetErrors(errors)
    return headers


def _header_name(cell: _Cell) -> str:
    text = cell.text if isinstance(cell, _Special) else cell
    return text.replace("\ufeff", "").strip()


def _header_formula_error(line: int, text: str) -> SpreadsheetError:
    return SpreadsheetError(
        _("Line %(line)s: formulas are not allowed in the header (%(value)s)."),
        line=line,
        code="formula",
        params={"line": line, "value": _shown(text)},
    )


def _empty_header_error(line: int, number: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("Line %(line)s: column %(number)s of the header has no name."),
        line=line,
        code="empty_header",
        params={"line": line, "number": number},
    )


def _duplicate_header_error(line: int, name: str, first: str) -> SpreadsheetError:
    return SpreadsheetError(
        _('Line %(line)s: the column "%(column)s" appears more than once in the header (as "%(first)s").'),
        line=line,
        column=name,
        code="duplicate_header",
        params={"line": line, "column": name, "first": first},
    )


def _is_blank_cell(cell: _Cell) -> bool:
    return isinstance(cell, str) and not cell.strip()


def _is_blank(cells: Sequence[_Cell]) -> bool:
    return all(_is_blank_cell(cell) for cell in cells)


def _trim_trailing_blanks(cells: Sequence[_Cell]) -> Sequence[_Cell]:
    end = len(cells)
    while end and _is_blank_cell(cells[end - 1]):
        end -= 1
    return cells[:end]


def _parse_row(line: int, cells: Sequence[_Cell], headers: list[str], collector: _Collector) -> Row | None:
    cells = _trim_trailing_blanks(cells)
    if len(cells) > len(headers):
        collector.add(_ragged_row_error(line, len(cells), len(headers)))
        return None
    values: dict[str, str] = dict.fromkeys(headers, "")
    valid = True
    for header, cell in zip(headers, cells, strict=False):
        problem = _cell_problem(line, header, cell)
        if problem is None:
            values[header] = cell.strip() if isinstance(cell, str) else cell.text
        else:
            collector.add(problem)
            valid = False
    return Row(line=line, values=values) if valid else None


def _ragged_row_error(line: int, cells: int, columns: int) -> SpreadsheetError:
    return SpreadsheetError(
        ngettext_lazy(
            "Line %(line)s has %(cells)s cells but the header has %(columns)s column.",
            "Line %(line)s has %(cells)s cells but the header has %(columns)s columns.",
            "columns",
        ),
        line=line,
        code="too_many_cells",
        params={"line": line, "cells": cells, "columns": columns},
    )


def _cell_problem(line: int, column: str, cell: _Cell) -> SpreadsheetError | None:
    if isinstance(cell, _Special) and cell.kind == "error":
        template = _('Line %(line)s, column "%(column)s": the cell contains an error (%(value)s).')
        code = "cell_error"
    elif isinstance(cell, _Special) or looks_like_formula(cell):
        template = _('Line %(line)s, column "%(column)s": formulas are not allowed (%(value)s).')
        code = "formula"
    else:
        return None
    text = cell.text if isinstance(cell, _Special) else cell.strip()
    return SpreadsheetError(
        template,
        line=line,
        column=column,
        code=code,
        params={"line": line, "column": column, "value": _shown(text)},
    )


# --------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------


def _read_csv(
    data: bytes, *, max_rows: int, header_row: Callable[[Sequence[str]], bool] | None = None
) -> Table:
    _refuse_nul_bytes(data)
    text, encoding = _decode(data)
    text = text.removeprefix("\ufeff").rstrip("\x1a")  # BOM, DOS end-of-file marker
    _refuse_control_characters(text)
    _refuse_markup(text)
    lines = io.StringIO(text, newline="").readlines()
    delimiter = _sniff_delimiter(lines)
    records = _csv_records(lines, delimiter)
    return _build_table(
        records, encoding=encoding, delimiter=delimiter, max_rows=max_rows, header_row=header_row
    )


def _refuse_nul_bytes(data: bytes) -> None:
    if data.startswith(UTF16_BOMS):
        return  # UTF-16 is full of NUL bytes; checked once decoded
    position = data.find(b"\x00")
    if position >= 0:
        raise _binary_error(_line_at(data[:position].decode("latin-1"), position), nul=True)


def _refuse_control_characters(text: str) -> None:
    match = _CONTROL_CHARACTERS.search(text)
    if match:
        raise _binary_error(_line_at(text, match.start()), nul=match.group() == "\x00")


def _refuse_markup(text: str) -> None:
    """Many "Excel" exports of web applications are really HTML (or Excel 2003 XML) files."""
    if text.lstrip()[:20].lower().startswith(MARKUP_STARTS):
        raise _fatal(
            _(
                "This file is a web page or an XML document, not a CSV file: open it in your "
                "spreadsheet and save it as XLSX or CSV (UTF-8)."
            ),
            "markup",
        )


def _binary_error(line: int, *, nul: bool) -> SpreadsheetErrors:
    if nul:
        template = _("The file contains NUL bytes at line %(line)s: it is probably not a CSV file.")
    else:
        template = _("The file contains control characters at line %(line)s: it is probably not a CSV file.")
    return _fatal(template, "binary", line=line)


def _line_at(text: str, position: int) -> int:
    """1-based line of ``position``, counting CRLF, LF and lone CR as line ends."""
    before = text[:position]
    return before.count("\n") + before.count("\r") - before.count("\r\n") + 1


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(UTF16_BOMS):
        return _decode_strictly(data, "utf-16")
    encoding = "utf-8-sig" if data.startswith(UTF8_BOM) else "utf-8"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        pass
    western = _decode_western(data)
    if western is not None:
        return western, "cp1252"
    return _decode_detected(data)


def _decode_strictly(data: bytes, encoding: str) -> tuple[str, str]:
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        raise _encoding_error() from None


def _decode_western(data: bytes) -> str | None:
    """Windows-1252 text, if the bytes plausibly are some.

    charset_normalizer is unreliable on short French exports (it often answers
    cp1250 or a DOS code page), so Windows-1252 is tried first. Text in another
    script (Cyrillic cp1251, Greek…) also decodes as cp1252, but as words made
    only of accented letters: a high share of non-ASCII letters rules it out.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    ascii_letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    high_characters = data.translate(None, _ASCII_BYTES).decode("cp1252")
    foreign_letters = sum(1 for char in high_characters if char.isalpha())
    letters = ascii_letters + foreign_letters
    if letters and foreign_letters / letters > MAX_FOREIGN_LETTER_SHARE:
        return None
    return text


def _decode_detected(data: bytes) -> tuple[str, str]:
    best = from_bytes(data).best()
    if best is None:
        raise _encoding_error()
    return _decode_strictly(data, best.encoding)


def _encoding_error() -> SpreadsheetErrors:
    return _fatal(
        _("The file's character encoding could not be recognised: save it as CSV UTF-8."),
        "encoding",
    )


def _sniff_delimiter(lines: list[str]) -> str:
    """The delimiter found most often, outside quotes, in the header line.

    A header without any (a single column) is compared with the next lines,
    so that rows with several cells are reported rather than read as one.
    """
    non_blank = (line for line in lines if line.strip())
    sample = list(itertools.islice(non_blank, SNIFFED_LINES))
    for candidate_lines in (sample[:1], sample):
        counts = _count_delimiters(candidate_lines)
        best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
        if counts[best]:
            return best
    return ","


def _count_delimiters(lines: list[str]) -> dict[str, int]:
    counts = dict.fromkeys(DELIMITERS, 0)
    for line in lines:
        in_quotes = False
        for char in line:
            if char == QUOTE:
                in_quotes = not in_quotes
            elif not in_quotes and char in counts:
                counts[char] += 1
    return counts


def _csv_records(lines: list[str], delimiter: str) -> Iterator[_Record | SpreadsheetError]:
    """(line where the record starts, cells), ending with an error if the CSV breaks."""
    reader = csv.reader(lines, delimiter=delimiter, quotechar=QUOTE, doublequote=True, strict=False)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield _csv_failure(lines, start, delimiter)
            return
        if reader.line_num == len(lines):  # the record runs to the end of the file
            opened_at = _unclosed_quote_line(lines, start, delimiter)
            if opened_at is not None:
                yield _unclosed_quote_error(opened_at)
                return
        yield start, cells
        start = reader.line_num + 1


def _csv_failure(lines: list[str], start: int, delimiter: str) -> SpreadsheetError:
    opened_at = _unclosed_quote_line(lines, start, delimiter)
    if opened_at is not None:
        return _unclosed_quote_error(opened_at)
    return SpreadsheetError(
        _("Line %(line)s could not be read: a cell is too long or badly quoted."),
        line=start,
        code="unreadable_line",
        params={"line": start},
    )


def _unclosed_quote_error(line: int) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            'Line %(line)s: a quoted cell is never closed (a closing " is missing), '
            "so the rest of the file could not be read."
        ),
        line=line,
        code="unclosed_quote",
        params={"line": line},
    )


def _unclosed_quote_line(lines: list[str], start: int, delimiter: str) -> int | None:
    """Line where a quoted cell of the record starting at ``start`` opens and never closes.

    Mirrors the quoting rules of the ``csv`` module (non-strict): a quote opens
    a quoted cell only at the start of a cell, ``""`` inside it is a literal
    quote, and a record ends at a line end outside quotes.
    """
    in_quotes = False
    opened_at = start
    for number, text in enumerate(lines[start - 1 :], start=start):
        in_quotes, opened = _scan_line(text, delimiter, in_quotes=in_quotes)
        if opened:
            opened_at = number
        if not in_quotes:
            return None
    return opened_at


def _scan_line(text: str, delimiter: str, *, in_quotes: bool) -> tuple[bool, bool]:
    """Quote state at the end of ``text``, and whether its last quoted cell opened here."""
    position, opened, at_cell_start = 0, False, not in_quotes
    while position < len(text):
        if in_quotes:
            closing = text.find(QUOTE, position)
            if closing < 0:
                break
            if text.startswith(QUOTE, closing + 1):  # "" is an escaped quote
                position = closing + 2
                continue
            in_quotes, at_cell_start, position = False, False, closing + 1
        elif at_cell_start and text[position] == QUOTE:
            in_quotes, opened, position = True, True, position + 1
        else:
            separator = text.find(delimiter, position)
            if separator < 0:
                break
            at_cell_start, position = True, separator + 1
    return in_quotes, opened and in_quotes


# --------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------


def _read_xlsx(
    data: bytes,
    *,
    max_rows: int,
    limits: ZipLimits,
    header_row: Callable[[Sequence[str]], bool] | None = None,
) -> Table:
    _inspect_archive(data, limits)
    if not openpyxl.DEFUSEDXML:
        raise ImproperlyConfigured("openpyxl must parse workbooks through defusedxml (install defusedxml).")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except _WORKBOOK_FAILURES:
        raise _not_a_workbook() from None
    try:
        if not workbook.worksheets:
            raise _fatal(_("The workbook has no worksheet."), "no_worksheet")
        sheet = workbook.worksheets[0]
        records = _xlsx_records(sheet)
        return _build_table(records, encoding=None, delimiter=None, max_rows=max_rows, header_row=header_row)
    finally:
        workbook.close()


def _inspect_archive(data: bytes, limits: ZipLimits) -> None:
    """Refuse archives that are not workbooks or that would expand too much.

    ``zipfile`` never returns more than the size declared in the central
    directory (a member that lies fails its CRC check), so the declared sizes
    bound what openpyxl will decompress.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError):
        raise _not_a_workbook() from None
    names = {member.filename for member in members}
    if not all(name in names for name in XLSX_REQUIRED_MEMBERS):
        raise _not_a_workbook()
    if any(member.flag_bits & 0x1 for member in members):  # encrypted member
        raise _not_a_workbook()
    if _too_expansive(members, limits):
        raise _fatal(_("The workbook expands to too much data (possible zip bomb)."), "zip_bomb")


def _too_expansive(members: list[zipfile.ZipInfo], limits: ZipLimits) -> bool:
    if len(members) > limits.max_members:
        return True
    if sum(member.file_size for member in members) > limits.max_total_bytes:
        return True
    return any(
        member.file_size > limits.ratio_threshold_bytes
        and member.file_size > limits.max_ratio * max(member.compress_size, 1)
        for member in members
    )


class _ReadOnlySheet(Protocol):
    """What is used of openpyxl's ``ReadOnlyWorksheet`` (whose stubs mistype ``iter_rows``)."""

    def reset_dimensions(self) -> None: ...

    def iter_rows(self) -> Iterator[tuple[object, ...]]: ...


def _xlsx_records(sheet: _ReadOnlySheet) -> Iterator[_Record | SpreadsheetError]:
    """(sheet row number, cells) for every row, ending with an error if the XML breaks."""
    sheet.reset_dimensions()  # never trust the declared dimensions: they may truncate or pad
    rows = sheet.iter_rows()
    number = 0
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except _WORKBOOK_FAILURES:
            yield _not_a_workbook().errors[0]
            return
        number += 1  # iter_rows yields every row from 1, empty ones included
        yield number, [_xlsx_cell(cell) for cell in cells]


def _xlsx_cell(cell: object) -> _Cell:
    data_type = getattr(cell, "data_type", "n")
    value = getattr(cell, "value", None)
    if data_type == "f":
        return _Special("formula", str(getattr(value, "text", value) or "").strip())
    if data_type == "e":
        return _Special("error", str(value).strip())
    return _format_value(value)


def _format_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    return str(value).strip()


# --------------------------------------------------------------------------
# XLS (old-format workbooks, read with xlrd)
# --------------------------------------------------------------------------

# Everything xlrd may raise on a damaged, encrypted or hostile compound file.
# xlrd checks a damaged file's records with `assert`, looks up the code page it names (LookupError) and
# parses formulas (FormulaError).
_XLS_FAILURES: tuple[type[BaseException], ...] = (
    xlrd.XLRDError,
    xlrd.compdoc.CompDocError,
    xlrd.formula.FormulaError,
    struct.error,
    AssertionError,
    LookupError,
    OverflowError,
    *_WORKBOOK_FAILURES,
)


def _legacy_xls_error() -> SpreadsheetErrors:
    return _fatal(
        _(
            "This file is an old-format Excel workbook (.xls) or a password-protected one: "
            "open it in your spreadsheet and save it as XLSX or CSV (UTF-8)."
        ),
        "legacy_xls",
    )


def _read_xls(
    data: bytes, *, max_rows: int, header_row: Callable[[Sequence[str]], bool] | None = None
) -> Table:
    """The first worksheet of an .xls workbook; one xlrd cannot open is refused as before."""
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    except _XLS_FAILURES:
        raise _legacy_xls_error() from None
    try:
        if book.nsheets == 0:
            raise _fatal(_("The workbook has no worksheet."), "no_worksheet")
        try:
            sheet = book.sheet_by_index(0)
        except _XLS_FAILURES:
            raise _legacy_xls_error() from None
        records = list(_xls_records(sheet, book.datemode))
        return _build_table(records, encoding=None, delimiter=None, max_rows=max_rows, header_row=header_row)
    finally:
        book.release_resources()


def _xls_records(sheet: xlrd.sheet.Sheet, datemode: int) -> Iterator[_Record]:
    for index in range(sheet.nrows):
        yield index + 1, [_xls_cell(cell, datemode) for cell in sheet.row(index)]


def _xls_cell(cell: xlrd.sheet.Cell, datemode: int) -> _Cell:
    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_ERROR:
        return _Special("error", xlrd.error_text_from_code.get(value, "#ERROR"))
    if kind == xlrd.XL_CELL_BOOLEAN:
        return _format_value(bool(value))
    if kind == xlrd.XL_CELL_DATE:
        try:
            return _format_value(xlrd.xldate.xldate_as_datetime(value, datemode))
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return _format_value(value)
    return _format_value(value)
