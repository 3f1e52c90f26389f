"""Reading LinkedIn's Connections.csv in memory, and what is kept of it.

The export begins with a few lines of notes, then the header
`First Name,Last Name,URL,Email Address,Company,Position,Connected On`. Only the counts (by company, by
position category, by year connected) and keyed hashes of the normalised profile URLs leave this module;
names, e-mails and positions are read, counted, and dropped with the file.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import hmac
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MEGABYTE = 1024 * 1024
MAX_BYTES = 10 * MEGABYTE
MAX_ROWS = 100_000
HEADER_SEARCH_LINES = 50
TOP_COMPANIES = 20
MAX_ERRORS_SHOWN = 20

URL_COLUMN = "URL"
REQUIRED_COLUMNS = ("First Name", "Last Name", URL_COLUMN)
COMPANY_COLUMN = "Company"
POSITION_COLUMN = "Position"
CONNECTED_COLUMN = "Connected On"

# Position categories, first match wins (a "Student in computer science" is a student; an "HR manager"
# works in HR). Keywords are matched on whole words of the lower-cased, accent-free position.
CATEGORIES: list[tuple[str, object]] = [
    ("student", gettext_lazy("Students")),
    ("hr", gettext_lazy("HR and recruitment")),
    ("executive", gettext_lazy("Executives")),
    ("public", gettext_lazy("Public service")),
    ("engineering", gettext_lazy("Engineering and IT")),
    ("sales", gettext_lazy("Sales and marketing")),
    ("manager", gettext_lazy("Managers")),
    ("other", gettext_lazy("Other")),
]
CATEGORY_KEYS = [key for key, _label in CATEGORIES]
_KEYWORDS: dict[str, list[str]] = {
    "student": [
        "student",
        "etudiant",
        "etudiante",
        "intern",
        "internship",
        "stagiaire",
        "stage",
        "alternant",
        "alternante",
        "apprenti",
        "apprentie",
        "apprentice",
        "phd candidate",
        "doctorant",
        "doctorante",
        "graduate student",
        "master student",
    ],
    "hr": [
        "hr",
        "rh",
        "human resources",
        "ressources humaines",
        "recruiter",
        "recruitment",
        "recruiting",
        "recruteur",
        "recruteuse",
        "recrutement",
        "talent",
        "talents",
        "people partner",
        "hrbp",
        "charge de recrutement",
        "paie",
        "payroll",
        "drh",
    ],
    "executive": [
        "ceo",
        "cfo",
        "cto",
        "coo",
        "cio",
        "cmo",
        "chief",
        "founder",
        "co-founder",
        "cofounder",
        "fondateur",
        "fondatrice",
        "president",
        "presidente",
        "vice president",
        "vp",
        "managing director",
        "directeur general",
        "directrice generale",
        "dg",
        "dga",
        "pdg",
        "general manager",
        "owner",
        "gerant",
        "gerante",
        "partner",
        "associe",
        "associee",
        "board member",
        "executive director",
    ],
    "public": [
        "prefet",
        "prefete",
        "maire",
        "adjoint au maire",
        "elu",
        "elue",
        "fonctionnaire",
        "attache",
        "attachee",
        "territorial",
        "territoriale",
        "collectivite",
        "mairie",
        "conseil regional",
        "conseil departemental",
        "ministere",
        "ministry",
        "civil servant",
        "public servant",
        "government",
        "public sector",
        "secteur public",
        "administrateur territorial",
        "agent public",
        "city council",
    ],
    "engineering": [
        "engineer",
        "engineering",
        "ingenieur",
        "ingenieure",
        "developer",
        "developpeur",
        "developpeuse",
        "software",
        "logiciel",
        "devops",
        "data scientist",
        "data engineer",
        "data analyst",
        "architect",
        "architecte",
        "it",
        "si",
        "dsi",
        "informatique",
        "technicien",
        "technicienne",
        "technician",
        "programmer",
        "sysadmin",
        "cybersecurity",
        "cybersecurite",
        "full stack",
        "fullstack",
        "backend",
        "frontend",
        "qa",
        "tester",
    ],
    "sales": [
        "sales",
        "vente",
        "ventes",
        "commercial",
        "commerciale",
        "business developer",
        "business development",
        "account manager",
        "account executive",
        "marketing",
        "communication",
        "communications",
        "brand",
        "marque",
        "growth",
        "seo",
        "content",
        "contenu",
        "community manager",
        "charge de communication",
        "chargee de communication",
        "key account",
        "customer success",
    ],
    "manager": [
        "manager",
        "management",
        "head",
        "lead",
        "team lead",
        "director",
        "directeur",
        "directrice",
        "responsable",
        "chef",
        "cheffe",
        "encadrant",
        "encadrante",
        "superviseur",
        "superviseuse",
        "supervisor",
        "coordinator",
        "coordinateur",
        "coordinatrice",
    ],
}
_PATTERNS = {
    key: re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(word) for word in words) + r")(?![a-z0-9])")
    for key, words in _KEYWORDS.items()
}

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # French, as some exports are localised
    "janv": 1, "fevr": 2, "fev": 2, "mars": 3, "avr": 4, "mai": 5, "juin": 6, "juil": 7, "aout": 8,
    "déc": 12,
}  # fmt: skip


def plain(text: str) -> str:
    """Lower-cased, accent-free, single-spaced."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())


def position_category(position: str) -> str:
    text = plain(position)
    if not text:
        return "other"
    for key, pattern in _PATTERNS.items():
        if pattern.search(text):
            return key
    return "other"


PUBLIC_ID_PARTS = 3  # /pub/<name>/<c>/<b>/<a>, LinkedIn's old public addresses


def normalised_profile_url(url: str) -> str | None:
    """`https://www.linkedin.com/in/Jean-Dupont-123/fr/?x=1` → `linkedin.com/in/jean-dupont-123`; None when it
    is not the address of a person's LinkedIn profile.

    The same person, however written: any host of linkedin.com (www, fr, m), http or https, query and
    fragment, trailing slash, locale sub-path (`/in/<id>/fr`), case, percent-encoding and accents composed or
    not, the mobile site's `/mwlite/in/<id>`, and the old public addresses `/pub/<name>/<c>/<b>/<a>`, which
    LinkedIn redirects to `/in/<name>-<a><b><c>` (b on 3 characters, c on 2)."""
    url = url.strip()
    if not url:
        return None
    if "://" not in url:
        url = f"https://{url}"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        return None
    path = unicodedata.normalize("NFC", unquote(parts.path)).lower()
    segments = [segment for segment in path.split("/") if segment.strip()]
    if len(segments) >= 2 and segments[0] in ("mwlite", "m") and segments[1] in ("in", "pub"):
        segments = segments[1:]
    if len(segments) < 2 or segments[0] not in ("in", "pub"):
        return None
    if segments[0] == "in":
        return f"linkedin.com/in/{segments[1]}"
    name, codes = segments[1], segments[2 : 2 + PUBLIC_ID_PARTS]
    if len(codes) == PUBLIC_ID_PARTS and all(re.fullmatch(r"[0-9a-z]{1,3}", code) for code in codes):
        first, middle, last = codes
        return f"linkedin.com/in/{name}-{last}{middle.zfill(3)}{first.zfill(2)}"
    return "linkedin.com/pub/" + "/".join(segments[1:])


def organisation_key(organisation_id: int) -> bytes:
    """The HMAC key of one organisation, derived from SECRET_KEY: hashes cannot be compared across
    organisations, and nobody without the secret can test a guessed URL."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"ambassade.network:{organisation_id}".encode(), hashlib.sha256
    ).digest()


def url_digest(key: bytes, normalised_url: str) -> bytes:
    return hmac.new(key, normalised_url.encode(), hashlib.sha256).digest()


def connected_on(value: str) -> date | None:
    """`12 Mar 2024` (LinkedIn's format), also `12 mars 2024`, `2024-03-12` and what a spreadsheet makes of
    them when the file is saved again (`12/03/2024`, `3/12/24`, `12-Mar-24`); None when unreadable. Only the
    year is kept, so day and month may be read either way round."""
    text = plain(value).replace(".", "")
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})[ -]([a-z]+)[ -](\d{4}|\d{2})", text)
    if match:
        month = _MONTHS.get(match.group(2)[:4]) or _MONTHS.get(match.group(2)[:3])
        if month is None:
            return None
        return _day(match.group(3), month, int(match.group(1)))
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t][\d:]+)?", text)
    if match:
        return _day(match.group(1), int(match.group(2)), int(match.group(3)))
    match = re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?: [\d:]+)?", text)
    if match:
        first, second = int(match.group(1)), int(match.group(2))
        return _day(match.group(3), second, first) or _day(match.group(3), first, second)
    return None


def _day(year: str, month: int, day: int) -> date | None:
    full = int(year) + (2000 if len(year) == 2 else 0)
    try:
        return date(full, month, day)
    except ValueError:
        return None


@dataclass
class ParsedNetwork:
    """What is kept of one file."""

    connections: int = 0
    digests: set[bytes] = field(default_factory=set)
    by_company: list[list[object]] = field(default_factory=list)
    by_category: dict[str, int] = field(default_factory=dict)
    by_year: dict[str, int] = field(default_factory=dict)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 (what Excel's "Unicode text" writes, with or without
    a mark), else Windows-1252 (Excel's "CSV" in western Europe)."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ValidationError(
            _(
                "This is an Excel workbook, not a CSV file: upload Connections.csv as it comes out of "
                "LinkedIn's export (or save the sheet as CSV)."
            ),
            code="workbook",
        )
    encodings = ["utf-8-sig", "cp1252"]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    elif data[:2000].count(0) > len(data[:2000]) // 4:  # UTF-16 without a mark: every other byte is zero
        encodings = ["utf-16-le" if data[1:2000:2].count(0) > data[0:2000:2].count(0) else "utf-16-be"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text.removeprefix("\ufeff")
    raise ValidationError(_("The file is not a text file (CSV) that can be read."), code="encoding")


DELIMITERS = (",", ";", "\t")


def _find_header(lines: list[str]) -> tuple[int, list[str], str]:
    """The header line, its cells and its delimiter (a comma; a semicolon or a tab once a spreadsheet saved
    the file again). A line with some of the columns but not all is named in the error."""
    incomplete: list[str] | None = None
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        lowered = line.lower()
        if "url" not in lowered and "first name" not in lowered:
            continue
        for delimiter in DELIMITERS:
            cells = [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter), [])]
            missing = [column for column in REQUIRED_COLUMNS if column not in cells]
            if not missing:
                return index, cells, delimiter
            if len(missing) < len(REQUIRED_COLUMNS) and len(cells) > 2 and incomplete is None:
                incomplete = missing
    if incomplete:
        raise ValidationError(
            _(
                "The header line is missing the column %(columns)s: upload Connections.csv as LinkedIn "
                "exported it."
            ),
            code="missing_column",
            params={"columns": ", ".join(_("“%(column)s”") % {"column": column} for column in incomplete)},
        )
    raise ValidationError(
        _(
            "No header line found: LinkedIn's Connections.csv has a line “First Name,Last Name,URL,Email "
            "Address,Company,Position,Connected On” after its notes. Upload that file as it was exported."
        ),
        code="no_header",
    )


def connections_parse(data: bytes, *, organisation_id: int) -> ParsedNetwork:
    """Parse and reduce one Connections.csv; raise ValidationError listing the rows and columns at fault
    (nothing is kept of a file with errors)."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB): the maximum is %(max)s MB."),
            code="too_large",
            params={"size": f"{len(data) / MEGABYTE:.1f}", "max": MAX_BYTES // MEGABYTE},
        )
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    text = _decode(data)
    lines = text.splitlines(keepends=True)
    header_index, header, delimiter = _find_header(lines)
    column = {name: header.index(name) for name in header if name}
    url_at = column[URL_COLUMN]
    company_at = column.get(COMPANY_COLUMN)
    position_at = column.get(POSITION_COLUMN)
    connected_at = column.get(CONNECTED_COLUMN)
    key = organisation_key(organisation_id)
    errors: list[str] = []
    companies: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    years: Counter[str] = Counter()
    result = ParsedNetwork()
    reader = csv.reader(io.StringIO("".join(lines[header_index + 1 :])), delimiter=delimiter)
    line_before = header_index + 1  # 1-based line number of the header

    def fail(line: int, message: str, **params: object) -> None:
        errors.append(_("Line %(line)s: %(message)s") % {"line": line, "message": message % params})

    try:
        for cells in reader:
            line = line_before + reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if result.connections >= MAX_ROWS:
                raise ValidationError(
                    _("The file has more than %(max)s connections."),
                    code="too_many",
                    params={"max": MAX_ROWS},
                )
            if len(cells) < len(header):
                fail(
                    line,
                    _("%(found)s columns instead of %(expected)s (a comma or quote out of place?)."),
                    found=len(cells),
                    expected=len(header),
                )
                continue
            url = normalised_profile_url(cells[url_at])
            if url is None:
                if cells[url_at].strip():
                    # The value is not repeated: error messages name the line and the column, never a
                    # contact's data.
                    fail(
                        line,
                        _("column “%(column)s”: not the address of a LinkedIn profile."),
                        column=URL_COLUMN,
                    )
                    continue
            else:
                result.digests.add(url_digest(key, url))
            if connected_at is not None and cells[connected_at].strip():
                day = connected_on(cells[connected_at])
                if day is None:
                    fail(
                        line,
                        _("column “%(column)s”: not a date like “12 Mar 2024”."),
                        column=CONNECTED_COLUMN,
                    )
                    continue
                years[str(day.year)] += 1
            result.connections += 1
            if company_at is not None:
                companies[" ".join(cells[company_at].split())[:120]] += 1
            categories[position_category(cells[position_at]) if position_at is not None else "other"] += 1
    except csv.Error as error:
        errors.append(
            _("Line %(line)s: %(message)s") % {"line": line_before + reader.line_num, "message": error}
        )
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(_("… and %(count)s more errors.") % {"count": len(errors) - MAX_ERRORS_SHOWN})
        raise ValidationError(shown, code="rows")
    if result.connections == 0:
        raise ValidationError(_("The file has a header but no connection."), code="no_rows")
    named = [(name, count) for name, count in companies.most_common() if name]
    top = named[:TOP_COMPANIES]
    other = result.connections - sum(count for _name, count in top)
    result.by_company = [[name, count] for name, count in top] + ([["", other]] if other else [])
    result.by_category = {key: categories[key] for key in CATEGORY_KEYS if categories[key]}
    result.by_year = {year: years[year] for year in sorted(years)}
    return result
