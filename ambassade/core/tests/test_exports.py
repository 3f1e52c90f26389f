import datetime
from decimal import Decimal

import pytest

from ambassade.core.exports import safe_cell


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x","y")',
        "+HYPERLINK(1)",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        "+33 6 12 34 56 78",
        "-",
    ],
)
def test_it_neutralises_text_a_spreadsheet_could_run(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-3", "+1.5", "-12,5", "-1e-05", ".5", "Dupont", "a=b", "", "1234"])
def test_it_leaves_plain_numbers_and_ordinary_text_alone(text):
    assert safe_cell(text) == text


def test_it_turns_any_value_into_text():
    assert safe_cell(None) == ""
    assert safe_cell(-3) == "-3"
    assert safe_cell(Decimal("-3.50")) == "-3.50"
    assert safe_cell(-2.5) == "-2.5"
    assert safe_cell(datetime.date(2024, 3, 1)) == "2024-03-01"
    assert safe_cell(datetime.datetime(2024, 3, 1, 9, 30)) == "2024-03-01T09:30:00"
    assert safe_cell(True) == "True"


def test_it_neutralises_formulas_hidden_in_non_string_values():
    class Sneaky:
        def __str__(self):
            return "=cmd|' /C calc'!A0"

    assert safe_cell(Sneaky()) == "'=cmd|' /C calc'!A0"
