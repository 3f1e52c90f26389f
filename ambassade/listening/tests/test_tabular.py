from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ambassade.core.spreadsheets import SpreadsheetErrors
from ambassade.listening.tabular import mapping_guess, mentions_table_read, table_headers

PARIS = ZoneInfo("Europe/Paris")
CSV = (
    "Date;Auteur;Texte;Lien;Réseau;Langue\r\n"
    "14/03/2026 09:30;@marie;Super entretien chez Acme, réponse en 48 h;https://x.com/marie/status/1;Twitter;fr\r\n"
    "2026-03-15T10:00:00Z;Paul Martin;Quel salaire pour un stage ?;;Forums;FR-fr\r\n"
    ";;;;;\r\n"
    "16/03/2026;Jo;Le télétravail, c'est combien de jours ?;https://forum.example.org/t/42;LinkedIn;\r\n"
).encode("cp1252")
MAPPING = {
    "text": "Texte",
    "published_at": "Date",
    "author": "Auteur",
    "url": "Lien",
    "platform": "Réseau",
    "lang": "Langue",
}


@pytest.fixture(autouse=True)
def _paris():
    with timezone.override(PARIS):
        yield


def test_headers_are_listed_for_the_mapping_form_and_guessed() -> None:
    headers = table_headers(CSV)
    assert headers == ["Date", "Auteur", "Texte", "Lien", "Réseau", "Langue"]
    assert mapping_guess(headers) == MAPPING


def test_rows_become_items_with_french_and_iso_dates() -> None:
    first, second, third = mentions_table_read(CSV, mapping=MAPPING)
    assert first.text == "Super entretien chez Acme, réponse en 48 h"
    assert first.published_at == datetime(2026, 3, 14, 9, 30, tzinfo=PARIS)
    assert (first.author_handle, first.platform, first.venue, first.lang) == ("@marie", "x", "x.com", "fr")
    assert second.published_at == datetime(2026, 3, 15, 10, 0, tzinfo=ZoneInfo("UTC"))
    assert (second.author_name, second.platform, second.url, second.lang) == ("Paul Martin", "web", "", "fr")
    assert third.published_at == datetime(2026, 3, 16, tzinfo=PARIS)
    assert (third.platform, third.venue) == ("import", "forum.example.org")


def test_external_ids_are_stable_so_a_second_import_brings_nothing_new() -> None:
    ids = [item.external_id for item in mentions_table_read(CSV, mapping=MAPPING)]
    assert ids == [item.external_id for item in mentions_table_read(CSV, mapping=MAPPING)]
    assert len(set(ids)) == 3


def test_unknown_platforms_keep_their_name_as_the_venue_when_nothing_else_says_where() -> None:
    data = b"text,platform\nBonjour tout le monde,Glassdoor\n"
    (item,) = mentions_table_read(data, mapping={"text": "text", "platform": "platform"})
    assert (item.platform, item.venue) == ("import", "Glassdoor")


def test_every_bad_cell_is_reported_with_its_line_and_column_and_nothing_is_returned() -> None:
    data = (
        "Texte;Date;Lien;Langue\n"
        "Bon texte;14/03/2026;https://ok.example/;fr\n"
        ";31/02/2026;javascript:alert(1);français\n"
        "Autre;demain;;en\n"
    ).encode()
    with pytest.raises(SpreadsheetErrors) as caught:
        mentions_table_read(
            data, mapping={"text": "Texte", "published_at": "Date", "url": "Lien", "lang": "Langue"}
        )
    assert caught.value.messages == [
        'Line 3: the text (column "Texte") is empty.',
        'Line 3, column "Lien": "javascript:alert(1)" is not an address starting with http(s)://.',
        'Line 3, column "Date": "31/02/2026" is not a date such as 2026-03-14 or 14/03/2026 09:30.',
        'Line 3, column "Langue": "français" is not a language code such as fr or en.',
        'Line 4, column "Date": "demain" is not a date such as 2026-03-14 or 14/03/2026 09:30.',
    ]
    assert [(error.line, error.column) for error in caught.value.errors][:2] == [(3, "Texte"), (3, "Lien")]


def test_the_mapping_must_name_the_text_column_and_existing_columns() -> None:
    with pytest.raises(ValidationError) as caught:
        mentions_table_read(CSV, mapping={"url": "Link", "colour": "Texte"})
    assert caught.value.message_dict == {
        "url": ['The file has no column "Link".'],
        "colour": ['Unknown field "colour".'],
        "text": ["Choose the column that holds the text of the mentions."],
    }


def test_spreadsheet_formulas_are_refused_by_the_reader() -> None:
    with pytest.raises(SpreadsheetErrors) as caught:
        mentions_table_read(b'text\n=HYPERLINK("http://evil")\n', mapping={"text": "text"})
    assert caught.value.errors[0].code == "formula"


def test_xlsx_files_are_read_with_real_dates() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Contenu", "Publié le"])
    sheet.append(["Une mention venue d'Excel", datetime(2026, 4, 1, 8, 15)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    (item,) = mentions_table_read(
        buffer.getvalue(), mapping={"text": "Contenu", "published_at": "Publié le"}, filename="export.xlsx"
    )
    assert item.published_at == datetime(2026, 4, 1, 8, 15, tzinfo=PARIS)
    assert item.platform == "import"


@pytest.mark.parametrize("value", ["0001-01-01", "01/01/0001 00:00", "9999-12-31T23:59:59-05:00"])
def test_dates_outside_any_plausible_period_are_refused_naming_the_cell(value: str) -> None:
    data = f"texte;date\nBonjour;{value}\n".encode()
    with pytest.raises(SpreadsheetErrors) as caught:
        mentions_table_read(data, mapping={"text": "texte", "published_at": "date"})
    assert caught.value.messages == [
        f'Line 2, column "date": "{value}" is not a date such as 2026-03-14 or 14/03/2026 09:30.'
    ]
