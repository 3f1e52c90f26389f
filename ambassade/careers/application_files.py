"""What a candidate's CV really is, judged by its content (never its name or declared type).

A PDF starts with `%PDF-`. A DOCX is a zip holding `[Content_Types].xml` and `word/document.xml`; an ODT
is a zip whose first member is `mimetype` holding `application/vnd.oasis.opendocument.text`. Every zip
is decompressed once, in chunks and with a budget, before it is accepted: a zip bomb (a few kilobytes
that expand to gigabytes in the recruiter's office suite) is refused without ever being expanded.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Office documents compress text about 10:1 and images not at all; beyond these, it is a bomb.
MAX_EXPANSION_RATIO = 100
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 2_000
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class CvKind:
    extension: str
    content_type: str
    label: str


PDF = CvKind("pdf", "application/pdf", "PDF")
DOCX = CvKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word")
ODT = CvKind("odt", "application/vnd.oasis.opendocument.text", "OpenDocument")
KINDS = {kind.extension: kind for kind in (PDF, DOCX, ODT)}


def cv_max_bytes() -> int:
    return int(settings.APPLICATION_CV_MAX_MB) * 1024 * 1024


def cv_kind_detect(file: IO[bytes], *, size: int) -> CvKind:
    """The kind of a CV upload, or a ValidationError saying what is accepted."""
    if size == 0:
        raise ValidationError(_("The CV file is empty."), code="empty")
    if size > cv_max_bytes():
        raise ValidationError(
            _("The CV is too large: send a file of at most %(max)s MB.")
            % {"max": settings.APPLICATION_CV_MAX_MB},
            code="too_large",
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        kind = _office_kind(file, size=size)
        file.seek(0)
        if kind is not None:
            return kind
    raise ValidationError(_not_accepted(), code="type")


def _not_accepted() -> str:
    return _("Send your CV as a PDF, Word (DOCX) or OpenDocument text (ODT) file.")


def _office_kind(file: IO[bytes], *, size: int) -> CvKind | None:
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            _check_not_a_bomb(archive, members, size=size)
            names = {member.filename for member in members}
            first = members[0] if members else None
            if (
                first is not None
                and first.filename == "mimetype"
                and archive.read(first).strip() == ODT_MIMETYPE
            ):
                return ODT
            if {"[Content_Types].xml", "word/document.xml"} <= names:
                return DOCX
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError, OSError, EOFError):
        # Corrupt, encrypted (RuntimeError) or using an unknown compression method: not a CV we can open.
        raise ValidationError(_not_accepted(), code="type") from None
    return None


def _check_not_a_bomb(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], *, size: int) -> None:
    """Refuse on the sizes the archive declares, then expand every member against the same budget,
    since declared sizes can lie."""
    budget = min(MAX_UNCOMPRESSED_BYTES, max(size, 1) * MAX_EXPANSION_RATIO)
    declared = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS or declared > budget:
        raise _bomb()
    expanded = 0
    for member in members:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                expanded += len(chunk)
                if expanded > budget:
                    raise _bomb()


def _bomb() -> ValidationError:
    return ValidationError(
        _("This file expands to far more than a CV: it cannot be accepted. Send a PDF instead."), code="bomb"
    )
