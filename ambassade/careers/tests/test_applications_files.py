"""A CV is accepted for what it is, read from its bytes: never for its name or declared type."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from ambassade.careers.application_files import DOCX, ODT, PDF, cv_kind_detect
from ambassade.careers.tests.application_factories import (
    docx_bytes,
    odt_bytes,
    pdf_bytes,
    windows_executable_bytes,
    zip_bomb_bytes,
)


def _detect(content: bytes):
    return cv_kind_detect(io.BytesIO(content), size=len(content))


def _refusal(content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        _detect(content)
    return caught.value


def test_a_real_pdf_is_a_pdf() -> None:
    assert _detect(pdf_bytes()) == PDF


def test_a_word_document_is_recognised_by_its_parts() -> None:
    assert _detect(docx_bytes()) == DOCX


def test_an_opendocument_text_is_recognised_by_its_mimetype_member() -> None:
    assert _detect(odt_bytes()) == ODT


def test_a_renamed_executable_is_refused_whatever_its_name() -> None:
    assert _refusal(windows_executable_bytes()).code == "type"


def test_a_plain_text_file_is_refused() -> None:
    assert _refusal(b"Alice Candidate\nExperience: lots\n").code == "type"


def test_an_ordinary_zip_is_not_a_word_document() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photo.txt", "not a CV")
    assert _refusal(out.getvalue()).code == "type"


def test_an_opendocument_spreadsheet_is_not_a_text() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    assert _refusal(out.getvalue()).code == "type"


def test_a_truncated_zip_is_refused_cleanly() -> None:
    assert _refusal(docx_bytes()[:60]).code == "type"


def test_a_zip_bomb_is_refused_without_being_expanded() -> None:
    bomb = zip_bomb_bytes(expanded_mb=200)
    assert len(bomb) < 1024 * 1024  # a few hundred kilobytes on the wire
    refusal = _refusal(bomb)
    assert refusal.code == "bomb"
    assert "expands" in refusal.messages[0]


def test_an_empty_file_is_refused() -> None:
    assert _refusal(b"").code == "empty"


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(settings) -> None:
    settings.APPLICATION_CV_MAX_MB = 1
    content = pdf_bytes() + b"%" * (1024 * 1024)
    refusal = _refusal(content)
    assert refusal.code == "too_large"
    assert "1 MB" in refusal.messages[0]
