"""Reading LinkedIn's Connections.csv: notes before the header, BOM, quoted fields, dates, categories,
normalised profile addresses, and errors that name the line and the column in French and English."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from ambassade.network.connections import (
    connected_on,
    connections_parse,
    normalised_profile_url,
    organisation_key,
    position_category,
    url_digest,
)
from ambassade.network.tests.support import connection_row, connections_csv


def _messages(data: bytes, language: str = "en") -> list[str]:
    with translation.override(language), pytest.raises(ValidationError) as caught:
        connections_parse(data, organisation_id=1)
    return caught.value.messages


def test_a_linkedin_export_with_notes_a_bom_and_quoted_fields_is_counted() -> None:
    rows = [
        connection_row(1, company="Région Exemple", position="Chargée de recrutement"),
        connection_row(2, company="Acme, Inc.", position="Software Engineer"),
        connection_row(3, company="Acme, Inc.", position="Directrice générale"),
        ["Zoé", "Martin", "https://www.linkedin.com/in/zoe-martin", "zoe@example.org", "", "", "3 Jan 2019"],
    ]
    parsed = connections_parse(connections_csv(rows), organisation_id=1)
    assert parsed.connections == 4
    assert len(parsed.digests) == 4
    assert parsed.by_company == [["Acme, Inc.", 2], ["Région Exemple", 1], ["", 1]]
    assert parsed.by_category == {"hr": 1, "executive": 1, "engineering": 1, "other": 1}
    assert parsed.by_year == {"2019": 1, "2024": 3}


def test_the_same_profile_written_differently_gives_the_same_hash() -> None:
    first = normalised_profile_url("https://www.linkedin.com/in/jean-dupont-123/")
    second = normalised_profile_url("http://linkedin.com/in/Jean-Dupont-123?x=1")
    assert first == second == "linkedin.com/in/jean-dupont-123"
    key = organisation_key(1)
    assert url_digest(key, first) == url_digest(key, second)
    assert normalised_profile_url("fr.linkedin.com/in/jean-dupont-123#top") == first
    assert normalised_profile_url("https://example.org/in/jean") is None


def test_hashes_depend_on_the_organisation_and_the_secret_key() -> None:
    url = "linkedin.com/in/jean-dupont-123"
    assert url_digest(organisation_key(1), url) != url_digest(organisation_key(2), url)
    with override_settings(SECRET_KEY="another-secret-key-of-at-least-32-characters"):
        other = url_digest(organisation_key(1), url)
    assert other != url_digest(organisation_key(1), url)


@pytest.mark.parametrize(
    ("position", "category"),
    [
        ("CEO & Founder", "executive"),
        ("Directeur général adjoint", "executive"),
        ("Responsable des ressources humaines", "hr"),
        ("Talent Acquisition Partner", "hr"),
        ("Ingénieure logiciel", "engineering"),
        ("Développeur full stack", "engineering"),
        ("Chargée de communication", "sales"),
        ("Key Account Manager", "sales"),
        ("Attaché territorial", "public"),
        ("Étudiante en master", "student"),
        ("Stagiaire RH", "student"),
        ("Chef de projet", "manager"),
        ("Head of Operations", "manager"),
        ("Boulanger", "other"),
        ("", "other"),
    ],
)
def test_positions_fall_into_categories_by_french_and_english_keywords(position: str, category: str) -> None:
    assert position_category(position) == category


def test_connection_dates_are_read_in_linkedins_format_and_a_few_others() -> None:
    assert str(connected_on("12 Mar 2024")) == "2024-03-12"
    assert str(connected_on("1 sept. 2023")) == "2023-09-01"
    assert str(connected_on("5 févr. 2022")) == "2022-02-05"
    assert str(connected_on("2021-07-30")) == "2021-07-30"
    assert connected_on("31 Feb 2024") is None
    assert connected_on("yesterday") is None


def test_a_file_without_the_header_line_is_refused_in_both_languages() -> None:
    data = b"Notes:\nsomething\nName,Address\nJean,Paris\n"
    assert "No header line found" in _messages(data)[0]
    assert "Aucune ligne d" in _messages(data, "fr")[0]


def test_errors_name_the_line_and_the_column_and_nothing_is_returned() -> None:
    rows = [
        connection_row(1),
        ["Jean", "Dupont", "https://example.org/jean", "", "Acme", "CEO", "12 Mar 2024"],
        ["Marie", "Curie", "https://www.linkedin.com/in/marie", "", "Acme", "CEO", "the 12th"],
        ["Too", "short"],
    ]
    data = connections_csv(rows)
    messages = _messages(data)
    # Notes take 3 lines, the header is line 4: rows are lines 5 to 8.
    assert messages[0].startswith("Line 6:") and "“URL”" in messages[0] and "example.org" not in messages[0]
    assert (
        messages[1].startswith("Line 7:")
        and "“Connected On”" in messages[1]
        and "the 12th" not in messages[1]
    )
    assert messages[2].startswith("Line 8:") and "2 columns instead of 7" in messages[2]
    french = [message.replace("\u00a0", " ") for message in _messages(data, "fr")]
    assert french[0].startswith("Ligne 6")
    assert "colonne « URL »" in french[0]


def test_a_file_over_ten_megabytes_or_empty_is_refused() -> None:
    assert "too large" in _messages(b"x" * (10 * 1024 * 1024 + 1))[0]
    assert _messages(b"   \n")[0] == "The file is empty."


def test_the_twenty_most_frequent_companies_are_kept_and_the_rest_is_other() -> None:
    rows = [connection_row(number, company=f"Company {number % 25}") for number in range(100)]
    parsed = connections_parse(connections_csv(rows), organisation_id=1)
    assert len(parsed.by_company) == 21
    assert parsed.by_company[-1] == ["", 20]
    assert sum(int(str(count)) for _name, count in parsed.by_company) == 100


def test_duplicate_profiles_in_one_file_are_hashed_once_and_blank_lines_are_skipped() -> None:
    rows = [connection_row(1), connection_row(1), [], connection_row(2)]
    parsed = connections_parse(connections_csv(rows, bom=False), organisation_id=1)
    assert parsed.connections == 3
    assert len(parsed.digests) == 2
