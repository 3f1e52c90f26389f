import contextlib
import datetime
import io
import pathlib
import random
import zipfile

import openpyxl
import pytest
from django.utils import translation
from openpyxl.worksheet.worksheet import Worksheet

from ambassade.core.spreadsheets import (
    MAX_ERRORS,
    SpreadsheetError,
    SpreadsheetErrors,
    Table,
    ZipLimits,
    looks_like_formula,
    normalise_header,
    read_table,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def read(data: bytes, filename: str = "people.csv", **limits) -> Table:
    return read_table(data, filename=filename, **limits)


def errors_of(data: bytes, filename: str = "people.csv", **limits) -> list[SpreadsheetError]:
    with pytest.raises(SpreadsheetErrors) as caught:
        read_table(data, filename=filename, **limits)
    return caught.value.errors


def only_error(data: bytes, filename: str = "people.csv", **limits) -> SpreadsheetError:
    errors = errors_of(data, filename, **limits)
    assert len(errors) == 1, [error.message for error in errors]
    return errors[0]


def new_workbook() -> tuple[openpyxl.Workbook, Worksheet]:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    return workbook, sheet


def xlsx(rows, *, extra_sheet_rows=None) -> bytes:
    workbook, sheet = new_workbook()
    for row in rows:
        sheet.append(row)
    if extra_sheet_rows is not None:
        other = workbook.create_sheet("Other")
        for row in extra_sheet_rows:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def rewrite_member(data: bytes, name: str, content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    members[name] = content
    return zip_of(members)


# --------------------------------------------------------------------------
# CSV: encodings, delimiters, quoting
# --------------------------------------------------------------------------


def test_it_reads_utf8_with_commas():
    table = read(b"Matricule,Nom,Email\n1234,Dupont,a@example.org\n5678,Martin,b@example.org\n")

    assert table.headers == ["Matricule", "Nom", "Email"]
    assert table.encoding == "utf-8"
    assert table.delimiter == ","
    assert [row.line for row in table.rows] == [2, 3]
    assert table.rows[1].values == {"Matricule": "5678", "Nom": "Martin", "Email": "b@example.org"}


def test_it_reads_windows_1252_with_semicolons():
    text = (
        "Matricule;Prénom;Nom;Fonction;Prime\r\n"
        "1234;François;Garçon;Chef de projet cœur de métier;1 200 €\r\n"
        "5678;Zoé;L’Hôte;Chargée de mission;300 €\r\n"
    )

    table = read(text.encode("cp1252"))

    assert table.encoding == "cp1252"
    assert table.delimiter == ";"
    assert table.headers == ["Matricule", "Prénom", "Nom", "Fonction", "Prime"]
    assert table.rows[0].values["Fonction"] == "Chef de projet cœur de métier"
    assert table.rows[0].values["Prime"] == "1 200 €"
    assert table.rows[1].values["Nom"] == "L’Hôte"
    assert table.rows[1].line == 3


def test_it_strips_the_utf8_bom_from_the_first_header():
    table = read("\ufeffMatricule;Prénom\n1;Élodie\n".encode())

    assert table.encoding == "utf-8-sig"
    assert table.headers == ["Matricule", "Prénom"]
    assert table.rows[0].values == {"Matricule": "1", "Prénom": "Élodie"}


def test_it_reads_tab_separated_utf16_unicode_text_from_excel():
    table = read("Matricule\tNom\r\n42\tŁukasz Nowak\r\n".encode("utf-16"))

    assert table.encoding == "utf-16"
    assert table.delimiter == "\t"
    assert table.rows[0].values == {"Matricule": "42", "Nom": "Łukasz Nowak"}


def test_it_recognises_cyrillic_windows_1251_instead_of_mangling_it_as_1252():
    table = read("Фамилия;Имя\nИванов;Иван\nПетров;Пётр\n".encode("cp1251"))

    assert table.encoding == "cp1251"
    assert table.rows[1].values == {"Фамилия": "Петров", "Имя": "Пётр"}


def test_it_sniffs_the_delimiter_outside_quotes_in_the_header():
    table = read(b'"Nom, usuel";Email\n"Dupont, Jean";j@example.org\n')

    assert table.delimiter == ";"
    assert table.headers == ["Nom, usuel", "Email"]
    assert table.rows[0].values["Nom, usuel"] == "Dupont, Jean"


def test_it_sniffs_the_delimiter_from_the_data_when_the_header_has_a_single_column():
    error = only_error(b"Nom\nDupont;Jean\n")

    assert error.message == "Line 2 has 2 cells but the header has 1 column."
    assert read(b"Nom\nDupont\n").rows[0].values == {"Nom": "Dupont"}


def test_it_keeps_quoted_delimiters_quotes_and_newlines_and_counts_physical_lines():
    data = (
        b"Nom;Adresse;Note\n"
        b'Dupont;"12 rue de la Paix\n75002 Paris";"Il a dit ""oui""; puis non"\n'
        b"Martin;Lyon;ok\n"
    )

    table = read(data)

    assert table.rows[0].values == {
        "Nom": "Dupont",
        "Adresse": "12 rue de la Paix\n75002 Paris",
        "Note": 'Il a dit "oui"; puis non',
    }
    assert [row.line for row in table.rows] == [2, 4]


def test_it_skips_blank_lines_but_keeps_their_line_numbers():
    table = read(b"\n\nNom,Email\n\nDupont,d@example.org\n  \n,\nMartin,m@example.org\n\n")

    assert table.headers == ["Nom", "Email"]
    assert [(row.line, row.values["Nom"]) for row in table.rows] == [(5, "Dupont"), (8, "Martin")]


def test_it_strips_cells_including_non_breaking_spaces():
    table = read("Nom;Email\n\u00a0Dupont  ; d@example.org\t\n".encode())

    assert table.rows[0].values == {"Nom": "Dupont", "Email": "d@example.org"}


def test_it_fills_missing_trailing_cells_with_empty_text():
    table = read(b"Nom;Prenom;Email;Service\nDupont;Jean\nMartin;Anne;a@example.org\n")

    assert table.rows[0].values == {"Nom": "Dupont", "Prenom": "Jean", "Email": "", "Service": ""}
    assert table.rows[1].values["Service"] == ""


def test_it_ignores_empty_cells_after_the_last_column():
    table = read(b"Nom;Email;\nDupont;d@example.org;;\n")

    assert table.headers == ["Nom", "Email"]
    assert table.rows[0].values == {"Nom": "Dupont", "Email": "d@example.org"}


def test_it_reports_every_row_with_more_cells_than_the_header():
    header = b"a;b;c;d;e;f;g;h\n"
    good = b"1;2;3;4;5;6;7;8\n"
    data = header + good * 5 + b"1;2;3;4;5;6;7;8;9\n" + good + b"1;2;3;4;5;6;7;8;9;10\n"

    errors = errors_of(data)

    assert [(error.line, error.code) for error in errors] == [(7, "too_many_cells"), (9, "too_many_cells")]
    assert errors[0].message == "Line 7 has 9 cells but the header has 8 columns."
    assert errors[1].message == "Line 9 has 10 cells but the header has 8 columns."


def test_it_reports_the_line_where_an_unclosed_quote_starts():
    data = b'Nom;Note\nDupont;ok\nMartin;"oops\nLefebvre;ok\nDurand;ok\n'

    error = only_error(data)

    assert error.code == "unclosed_quote"
    assert error.line == 3
    assert error.message.startswith("Line 3: a quoted cell is never closed")


def test_it_finds_an_unclosed_quote_after_a_closed_multiline_cell_of_the_same_record():
    data = b'Nom;Adresse;Note\nDupont;"1 rue\nParis";"never closed\nMartin;Lyon;ok\n'

    error = only_error(data)

    assert (error.code, error.line) == ("unclosed_quote", 3)


def test_it_reports_an_unclosed_quote_that_swallows_more_than_the_csv_field_limit():
    data = b'Nom;Note\nDupont;"oops\n' + b"Martin;ok\n" * 20_000

    error = only_error(data)

    assert (error.code, error.line) == ("unclosed_quote", 2)


def test_it_accepts_a_stray_quote_inside_an_unquoted_cell():
    table = read(b'Nom;Surnom\nDupont;Jean "le grand"\n')

    assert table.rows[0].values["Surnom"] == 'Jean "le grand"'


# --------------------------------------------------------------------------
# CSV: unreadable files
# --------------------------------------------------------------------------


def test_it_refuses_nul_bytes_naming_the_line():
    error = only_error(b"Nom;Email\nDupont;d@example.org\r\nMar\x00tin;m@example.org\n")

    assert error.code == "binary"
    assert error.line is None
    assert error.message == "The file contains NUL bytes at line 3: it is probably not a CSV file."


def test_it_refuses_random_binary_data():
    noise = random.Random(1234).randbytes(4096)

    assert only_error(noise).code == "binary"
    assert only_error(noise.replace(b"\x00", b"\x01")).code in {"binary", "encoding"}


def test_it_refuses_html_or_xml_disguised_as_a_spreadsheet():
    html = b"\r\n<html><body><table><tr><td>Nom</td></tr><tr><td>Dupont</td></tr></table></body></html>"
    excel_2003_xml = (
        b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>'
    )

    assert only_error(html, filename="people.xls").code == "markup"
    assert only_error(excel_2003_xml, filename="people.xls").code == "markup"


def test_it_refuses_an_empty_file():
    assert only_error(b"").message == "The file is empty."
    assert only_error(b"  \r\n\n").code == "empty"
    assert only_error(b"\xef\xbb\xbf\n;;\n").code == "empty"


def test_it_refuses_a_file_with_only_a_header():
    error = only_error(b"Nom;Email\n\n")

    assert (error.code, error.line) == ("no_rows", None)
    assert error.message == "The file has a header line but no data rows."


def test_it_refuses_empty_and_duplicate_header_names():
    errors = errors_of(b"\nNom;;Email;E-mail;EMAIL ;Service\nDupont;x;d@example.org;;;RH\n")

    assert [(error.code, error.line) for error in errors] == [
        ("empty_header", 2),
        ("duplicate_header", 2),
    ]
    assert errors[0].message == "Line 2: column 2 of the header has no name."
    assert errors[1].column == "EMAIL"
    assert (
        errors[1].message == 'Line 2: the column "EMAIL" appears more than once in the header (as "Email").'
    )


def test_it_refuses_files_over_the_size_limit_naming_the_limit():
    error = only_error(b"Nom\n" + b"Dupont\n" * 200_000, max_bytes=1024 * 1024)

    assert error.code == "too_large"
    assert error.message == "The file is too large (1.3 MB): the maximum is 1 MB."


def test_it_refuses_more_rows_than_the_limit():
    error = only_error(b"Nom\n" + b"Dupont\n" * 11, max_rows=10)

    assert error.code == "too_many_rows"
    assert "more than 10 rows" in error.message
    assert len(read(b"Nom\n" + b"Dupont\n" * 10, max_rows=10).rows) == 10


# --------------------------------------------------------------------------
# Formulas
# --------------------------------------------------------------------------


def test_it_refuses_formulas_in_csv_cells_naming_line_and_column():
    data = (
        b"Nom;email;Service\n"
        b"Dupont;d@example.org;RH\n"
        b'Martin;"=HYPERLINK(""http://x"",""y"")";RH\n'
        b"Durand;@SUM(A1);+HYPERLINK(1)\n"
        b"Petit;\"\t=1+1\";-2+3+cmd|' /C calc'!A0\n"
    )

    errors = errors_of(data)

    assert [(error.line, error.column, error.code) for error in errors] == [
        (3, "email", "formula"),
        (4, "email", "formula"),
        (4, "Service", "formula"),
        (5, "email", "formula"),
        (5, "Service", "formula"),
    ]
    assert (
        errors[0].message == 'Line 3, column "email": formulas are not allowed (=HYPERLINK("http://x","y")).'
    )


def test_it_refuses_formulas_in_the_header():
    error = only_error(b"Nom;=1+1\nDupont;x\n")

    assert (error.code, error.line) == ("formula", 1)
    assert error.message == "Line 1: formulas are not allowed in the header (=1+1)."


def test_it_truncates_long_formulas_in_messages():
    data = b"Nom;email\nDupont;=" + b"A" * 500 + b"\n"

    message = only_error(data).message

    assert message.startswith('Line 2, column "email": formulas are not allowed (=AAAA')
    assert message.endswith("…).")
    assert len(message) < 120


def test_it_accepts_phone_numbers_negative_numbers_and_ordinary_punctuation():
    data = (
        "Nom;Téléphone;Solde;Note\n"
        "Dupont;+33 6 12 34 56 78;-3;- Responsable (intérim)\n"
        "Martin;+33 (0)1 23 45 67 89;-12,5;@martin sur le chat\n"
    ).encode()

    table = read(data)

    assert table.rows[0].values["Téléphone"] == "+33 6 12 34 56 78"
    assert table.rows[0].values["Solde"] == "-3"
    assert table.rows[1].values["Téléphone"] == "+33 (0)1 23 45 67 89"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", True),
        ("\t=1+1", True),
        ("\r=1+1", True),
        ("+HYPERLINK(1)", True),
        ("@SUM(A1)", True),
        ("-2+3+cmd|' /C calc'!A0", True),
        ("+33 6 12 34 56 78", False),
        ("+33 (0)6 12 34 56 78", False),
        ("-3", False),
        ("@martin", False),
        ("a=b", False),
        ("", False),
    ],
)
def test_it_tells_formulas_from_ordinary_text(text, expected):
    assert looks_like_formula(text) is expected


def test_it_collects_errors_up_to_a_limit():
    data = b"Nom;email\n" + b"Dupont;=1+1\n" * (MAX_ERRORS + 100)

    errors = errors_of(data)

    assert len(errors) == MAX_ERRORS + 1
    assert errors[MAX_ERRORS - 1].line == MAX_ERRORS + 1
    assert errors[-1].code == "too_many_errors"
    assert errors[-1].message == f"There are too many errors: only the first {MAX_ERRORS} are shown."


# --------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------


def test_it_reads_the_first_worksheet_of_an_xlsx():
    data = xlsx(
        [
            [None, None],
            ["Matricule", "Prénom", "Entrée", "Horodatage", "Taux", "Actif", "Commentaire"],
            [1234, "Zoé", datetime.date(2024, 3, 1), datetime.datetime(2024, 3, 1, 0, 0), 12.5, True, None],
            [],
            [5678.0, " Cécile ", datetime.datetime(2023, 1, 2, 9, 30), None, 0.1 + 0.2, False, "ok"],
        ],
        extra_sheet_rows=[["Autre"], ["ignored"]],
    )

    table = read(data, filename="people.xlsx")

    assert (table.encoding, table.delimiter) == (None, None)
    assert table.headers == ["Matricule", "Prénom", "Entrée", "Horodatage", "Taux", "Actif", "Commentaire"]
    assert [row.line for row in table.rows] == [3, 5]
    assert table.rows[0].values == {
        "Matricule": "1234",
        "Prénom": "Zoé",
        "Entrée": "2024-03-01",
        "Horodatage": "2024-03-01",
        "Taux": "12.5",
        "Actif": "TRUE",
        "Commentaire": "",
    }
    assert table.rows[1].values["Matricule"] == "5678"
    assert table.rows[1].values["Prénom"] == "Cécile"
    assert table.rows[1].values["Entrée"] == "2023-01-02 09:30:00"
    assert table.rows[1].values["Taux"] == "0.3"


def test_it_recognises_an_xlsx_by_its_content_whatever_its_name():
    table = read(xlsx([["Nom"], ["Dupont"]]), filename="people.csv")

    assert table.rows[0].values == {"Nom": "Dupont"}


def test_it_refuses_formula_cells_and_formula_text_in_an_xlsx():
    workbook, sheet = new_workbook()
    sheet.append(["Nom", "email", "Total"])
    sheet.append(["Dupont", '=HYPERLINK("http://x","y")', "=SUM(1,2)"])
    sheet.append(["Martin", "m@example.org", 3])
    sheet.append(["Durand", "=text that excel would run", 4])
    sheet["B4"].data_type = "s"  # a string cell, not a formula cell
    buffer = io.BytesIO()
    workbook.save(buffer)

    errors = errors_of(buffer.getvalue(), filename="people.xlsx")

    assert [(error.line, error.column, error.code) for error in errors] == [
        (2, "email", "formula"),
        (2, "Total", "formula"),
        (4, "email", "formula"),
    ]
    assert (
        errors[0].message == 'Line 2, column "email": formulas are not allowed (=HYPERLINK("http://x","y")).'
    )


def test_it_reports_error_values_in_an_xlsx():
    error = only_error(xlsx([["Nom", "Salaire"], ["Dupont", "#N/A"]]), filename="people.xlsx")

    assert (error.line, error.column, error.code) == (2, "Salaire", "cell_error")
    assert error.message == 'Line 2, column "Salaire": the cell contains an error (#N/A).'


def test_it_reports_rows_wider_than_the_header_in_an_xlsx():
    error = only_error(xlsx([["Nom", "Email"], ["Dupont", "d@example.org", None, "note"]]), filename="p.xlsx")

    assert error.message == "Line 2 has 4 cells but the header has 2 columns."


def test_it_refuses_an_empty_worksheet():
    assert only_error(xlsx([]), filename="people.xlsx").code == "empty"
    assert only_error(xlsx([["Nom"]]), filename="people.xlsx").code == "no_rows"


def test_it_refuses_a_renamed_docx():
    docx = zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<document/>",
        }
    )

    error = only_error(docx, filename="people.xlsx")

    assert (error.code, error.line) == ("not_xlsx", None)
    assert error.message == "This file is not a valid XLSX workbook."


def test_it_refuses_a_csv_renamed_to_xlsx():
    assert only_error(b"Nom;Email\nDupont;d@example.org\n", filename="people.XLSX").code == "not_xlsx"


def test_it_refuses_a_truncated_or_corrupted_xlsx():
    data = xlsx([["Nom"], ["Dupont"]])

    assert only_error(data[: len(data) // 2], filename="people.xlsx").code == "not_xlsx"
    broken = rewrite_member(data, "xl/workbook.xml", b"<workbook")
    assert only_error(broken, filename="people.xlsx").code == "not_xlsx"


def test_it_refuses_xml_entity_expansion_inside_a_workbook():
    data = xlsx([["Nom"], ["Dupont"]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    ) + sheet.replace(b"Dupont", b"&lol2;")

    error = only_error(rewrite_member(data, "xl/worksheets/sheet1.xml", laughs), filename="people.xlsx")

    assert error.code == "not_xlsx"


def test_it_asks_to_save_an_unreadable_legacy_xls_as_xlsx_or_csv():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

    error = only_error(data, filename="people.xls")

    assert error.code == "legacy_xls"
    assert "save it as XLSX or CSV" in error.message


XLS_FIXTURE = pathlib.Path(__file__).parent / "data" / "people.xls"


def test_it_reads_the_first_worksheet_of_a_legacy_xls():
    table = read(XLS_FIXTURE.read_bytes(), filename="people.xls")

    assert (table.encoding, table.delimiter) == (None, None)
    assert table.headers == ["Matricule", "Prénom", "Entrée", "Taux", "Actif", "Commentaire"]
    assert [row.line for row in table.rows] == [2, 4]
    assert table.rows[0].values == {
        "Matricule": "1234",
        "Prénom": "Zoé",
        "Entrée": "2024-03-01",
        "Taux": "12.5",
        "Actif": "TRUE",
        "Commentaire": "",
    }
    assert table.rows[1].values == {
        "Matricule": "5678",
        "Prénom": "Cécile",
        "Entrée": "2023-01-02 09:30:00",
        "Taux": "0.3",
        "Actif": "FALSE",
        "Commentaire": "ok",
    }


def test_it_refuses_formula_text_in_a_legacy_xls_naming_line_and_column():
    data = (XLS_FIXTURE.parent / "formula.xls").read_bytes()

    error = only_error(data, filename="people.xls")

    assert (error.code, error.line, error.column) == ("formula", 4, "Commentaire")


def test_it_keeps_the_size_limit_for_a_legacy_xls():
    error = only_error(XLS_FIXTURE.read_bytes(), filename="people.xls", max_bytes=1024)

    assert error.code == "too_large"


def test_a_legacy_xls_cut_short_is_refused_with_the_legacy_advice():
    error = only_error(XLS_FIXTURE.read_bytes()[:3000], filename="people.xls")

    assert error.code == "legacy_xls"


def test_lines_of_notes_before_the_header_are_skipped_when_a_header_test_is_given():
    data = b"Followers export (notes)\nDate;Total followers\n01/02/2026;12\n"

    table = read(data, header_row=lambda cells: "Date" in cells)

    assert table.headers == ["Date", "Total followers"]
    assert [(row.line, row.values["Total followers"]) for row in table.rows] == [(3, "12")]


def test_a_missing_header_is_reported_when_a_header_test_is_given():
    error = only_error(b"Notes only\nmore notes\n", header_row=lambda cells: "Date" in cells)

    assert error.code == "no_header"


def test_it_refuses_a_zip_bomb_before_openpyxl_opens_it(monkeypatch):
    def must_not_open(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_open)
    bomb = zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\x00" * (3 * 1024 * 1024),
        }
    )

    error = only_error(bomb, filename="people.xlsx")

    assert error.code == "zip_bomb"
    assert error.message == "The workbook expands to too much data (possible zip bomb)."


def test_it_limits_the_total_expanded_size_and_the_member_count_of_a_workbook():
    data = xlsx([["Nom"], ["Dupont"]])

    assert read(data, filename="p.xlsx", zip_limits=ZipLimits()).rows[0].values == {"Nom": "Dupont"}
    small = ZipLimits(max_total_bytes=2_000)
    assert only_error(data, filename="p.xlsx", zip_limits=small).code == "zip_bomb"
    few = ZipLimits(max_members=3)
    assert only_error(data, filename="p.xlsx", zip_limits=few).code == "zip_bomb"


# --------------------------------------------------------------------------
# Headers
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Matricule RH", "matricule_rh"),
        ("E-mail", "e_mail"),
        ("Prénom", "prenom"),
        ("  \ufeffDate  d'entrée ", "date_d'entree"),
        ("Nom__de - famille", "nom_de_famille"),
        ("Cœur", "coeur"),
    ],
)
def test_it_normalises_header_names_for_matching(name, expected):
    assert normalise_header(name) == expected


@pytest.mark.parametrize(
    ("position", "value"),
    [
        (1611, 172),  # xlrd: AssertionError
        (668, 102),  # xlrd: LookupError (an unknown code page)
        (1141, 24),  # xlrd: FormulaError
    ],
)
def test_a_damaged_legacy_xls_is_refused_with_the_legacy_advice_never_an_exception(position, value):
    data = bytearray(XLS_FIXTURE.read_bytes())
    data[position] = value

    error = only_error(bytes(data), filename="people.xls")

    assert error.code == "legacy_xls"


def test_no_random_damage_to_a_legacy_xls_escapes_as_another_exception():
    original = XLS_FIXTURE.read_bytes()
    rng = random.Random(11)
    for _attempt in range(300):
        data = bytearray(original)
        for _change in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        with contextlib.suppress(SpreadsheetErrors):
            read(bytes(data), filename="people.xls")
