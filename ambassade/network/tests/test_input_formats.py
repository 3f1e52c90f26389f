"""Files as people really have them: saved again by Excel (semicolons, UTF-16, other date formats), a
workbook instead of the CSV, a column missing; profile addresses written in every way LinkedIn writes
them. Error messages name the line and the column, never a contact's data."""

from __future__ import annotations

import codecs

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ambassade.network.connections import connected_on, connections_parse, normalised_profile_url
from ambassade.network.tests.support import HEADER, NOTES, connection_row, connections_csv


def _messages(data: bytes, language: str = "en") -> list[str]:
    with translation.override(language), pytest.raises(ValidationError) as caught:
        connections_parse(data, organisation_id=1)
    return caught.value.messages


def _semicolons(rows: list[list[str]]) -> str:
    lines = [";".join(HEADER)] + [
        ";".join(f'"{cell}"' if ";" in cell else cell for cell in row) for row in rows
    ]
    return NOTES.replace(",", " ") + "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("https://www.linkedin.com/in/jean-dupont-123/fr/", "linkedin.com/in/jean-dupont-123"),
        ("https://www.linkedin.com/in/jean-dupont-123/?locale=fr_FR", "linkedin.com/in/jean-dupont-123"),
        ("https://www.linkedin.com/mwlite/in/jean-dupont-123", "linkedin.com/in/jean-dupont-123"),
        ("https://m.linkedin.com/in/jean-dupont-123/", "linkedin.com/in/jean-dupont-123"),
        ("https://www.linkedin.com/in/j%C3%A9r%C3%B4me-d", "linkedin.com/in/jérôme-d"),
        (
            "https://www.linkedin.com/in/JE\u0301RO\u0302ME-D",
            "linkedin.com/in/jérôme-d",
        ),  # decomposed accents
        ("  www.linkedin.com/in/jean-dupont-123  ", "linkedin.com/in/jean-dupont-123"),
        # An old public address: /pub/<name>/<c>/<b>/<a> is /in/<name>-<a><b><c>.
        ("http://fr.linkedin.com/pub/jean-dupont/4/a36/7b0", "linkedin.com/in/jean-dupont-7b0a3604"),
    ],
)
def test_every_way_linkedin_writes_a_profile_address_gives_the_same_person(
    address: str, expected: str
) -> None:
    assert normalised_profile_url(address) == expected


def test_two_people_with_old_public_addresses_and_the_same_name_stay_two_people() -> None:
    first = normalised_profile_url("https://www.linkedin.com/pub/jean-dupont/4/a36/7b0")
    second = normalised_profile_url("https://www.linkedin.com/pub/jean-dupont/1/b22/3c4")
    assert first != second


@pytest.mark.parametrize(
    "address",
    [
        "https://www.linkedin.com/in/",
        "https://www.linkedin.com/",
        "https://www.linkedin.com/company/acme",
        "https://www.linkedin.com/feed/",
        "https://linkedin.com.example.org/in/jean",
    ],
)
def test_addresses_that_are_not_a_persons_profile_are_not_hashed(address: str) -> None:
    assert normalised_profile_url(address) is None


def test_error_messages_name_the_line_and_column_but_never_repeat_a_contacts_data() -> None:
    rows = [
        connection_row(1),
        ["Jean", "Dupont", "https://example.org/jean.dupont.secret", "", "Acme", "CEO", "12 Mar 2024"],
        ["Marie", "Curie", "https://www.linkedin.com/in/marie", "", "Acme", "CEO", "le douze secret"],
    ]
    messages = _messages(connections_csv(rows))
    assert messages[0].startswith("Line 6:") and "“URL”" in messages[0]
    assert messages[1].startswith("Line 7:") and "“Connected On”" in messages[1]
    assert not any("secret" in message or "jean" in message.lower() for message in messages)


def test_a_file_saved_again_by_excel_with_semicolons_is_read() -> None:
    rows = [connection_row(number, company="Acme; Inc.") for number in range(3)]
    data = _semicolons(rows).encode("cp1252", errors="replace")
    parsed = connections_parse(data, organisation_id=1)
    assert parsed.connections == 3 and len(parsed.digests) == 3
    assert parsed.by_company == [["Acme; Inc.", 3]]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_file_in_utf16_is_read(encoding: str) -> None:
    text = connections_csv(
        [connection_row(number, company="Société Générale") for number in range(4)]
    ).decode("utf-8-sig")
    data = text.encode(encoding)
    if encoding != "utf-16":
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + data
    parsed = connections_parse(data, organisation_id=1)
    assert parsed.connections == 4 and parsed.by_company == [["Société Générale", 4]]


def test_a_tab_separated_file_in_utf16_without_a_byte_order_mark_is_read() -> None:
    lines = ["\t".join(HEADER)] + ["\t".join(connection_row(number)) for number in range(2)]
    data = ("Notes:\n\n" + "\n".join(lines) + "\n").encode("utf-16-le")
    assert connections_parse(data, organisation_id=1).connections == 2


def test_a_missing_url_column_is_named() -> None:
    header = [column for column in HEADER if column != "URL"]
    data = ("Notes:\n\n" + ",".join(header) + "\nJean,Dupont,,Acme,CEO,12 Mar 2024\n").encode()
    messages = _messages(data)
    assert len(messages) == 1 and "“URL”" in messages[0] and "missing" in messages[0]
    assert "« URL »" in _messages(data, "fr")[0].replace("\u00a0", " ")


def test_an_excel_workbook_is_refused_with_a_message_saying_what_to_upload() -> None:
    data = b"PK\x03\x04" + bytes(range(256)) * 40
    message = _messages(data)[0]
    assert "Excel" in message and "Connections.csv" in message


def test_dates_rewritten_by_excel_still_give_the_year() -> None:
    assert connected_on("12/03/2024").year == 2024  # type: ignore[union-attr]
    assert connected_on("3/12/24").year == 2024  # type: ignore[union-attr]
    assert connected_on("12-Mar-24").year == 2024  # type: ignore[union-attr]
    assert connected_on("2024-03-12 00:00:00").year == 2024  # type: ignore[union-attr]
    assert connected_on("someday") is None
