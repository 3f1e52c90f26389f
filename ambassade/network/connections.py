"""Reading LinkedIn's Connections.csv in memory, and what is kept of it.

The export begins with a few lines of notes, then the header
`First Name,Last Name,URL,Email Address,Company,Position,Connected On`. Only the counts (by company, by
position category, by year connected) and keyed hashes of the normalised profile URLs leave this module;
names, e-mails and positions are read, counted, and dropped with the file.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
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


def normalised_profile_url(url: str) -> str | None:
    """`https://www.linkedin.com/in/Jean-Dupont-123/?x=1` → `linkedin.com/in/jean-dupont-123`; None when it is
    not a LinkedIn address."""
    url = url.strip()
    if not url:
        return None
    if "://" not in url:
        url = f"https://{url}"
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        return None
    segments = [segment for segment in unquote(parts.path).lower().split("/") if segment]
    if not segments:
        return None
    if segments[0] in ("in", "pub") and len(segments) >= 2:
        segments = segments[:2]
    return "linkedin.com/" + "/".join(segments)


def organisation_key(organisation_id: int) -> bytes:
    """The HMAC key of one organisation, derived from SECRET_KEY: hashes cannot be compared across
    organisations, and nobody without the secret can test a guessed URL."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"ambassade.network:{organisation_id}".encode(), hashlib.sha256
    ).digest()


def url_digest(key: bytes, normalised_url: str) -> bytes:
    return hmac.new(key, normalised_url.encode(), hashlib.sha256).digest()


def connected_on(value: str) -> date | None:
    """`12 Mar 2024` (LinkedIn's format), also `12 mars 2024` and `2024-03-12`; None when unreadable."""
    text = plain(value).replace(".", "")
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2}) ([a-z]+) (\d{4})", text)
    if match:
        month = _MONTHS.get(match.group(2)[:4]) or _MONTHS.get(match.group(2)[:3])
        if month is None:
            return None
        try:
            return date(int(match.group(3)), month, int(match.group(1)))
        except ValueError:
            return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
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
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file is not a text file (CSV) that can be read."), code="encoding")


def _find_header(lines: list[str]) -> tuple[int, list[str]]:
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        if "url" not in line.lower():
            continue
        cells = [cell.strip() for cell in next(csv.reader([line]), [])]
        if all(column in cells for column in REQUIRED_COLUMNS):
            return index, cells
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
    header_index, header = _find_header(lines)
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
    reader = csv.reader(io.StringIO("".join(lines[header_index + 1 :])))
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
                    fail(
                        line,
                        _("column “%(column)s”: “%(value)s” is not a LinkedIn profile address."),
                        column=URL_COLUMN,
                        value=cells[url_at].strip()[:80],
                    )
                    continue
            else:
                result.digests.add(url_digest(key, url))
            if connected_at is not None and cells[connected_at].strip():
                day = connected_on(cells[connected_at])
                if day is None:
                    fail(
                        line,
                        _("column “%(column)s”: “%(value)s” is not a date like “12 Mar 2024”."),
                        column=CONNECTED_COLUMN,
                        value=cells[connected_at].strip()[:40],
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
