"""Importing page analytics exports: LinkedIn's format, totals from daily new followers, errors."""

from __future__ import annotations

import html
import io
import pathlib
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ambassade.analytics.models import PageFollowerCount
from ambassade.analytics.pages import export_parse, page_followers_import
from ambassade.core.spreadsheets import SpreadsheetErrors
from ambassade.orgs.models import Membership

pytestmark = pytest.mark.django_db

DATA = pathlib.Path(__file__).parent / "data"
FOLLOWERS_CSV = (
    "New followers export for Région Exemple (11/20/2026)\n"
    "Date,Sponsored followers,Organic followers,Auto-invited followers,Total followers\n"
    "09/01/2026,0,3,0,3\n"
    "09/02/2026,1,4,0,5\n"
    "09/03/2026,0,2,1,3\n"
).encode()
VISITORS_CSV = (
    b"Visitor metrics\n"
    b"Date,Overview page views (total),Total page views (total),Total unique visitors (total)\n"
    b"09/02/2026,40,55,31\n"
    b"09/03/2026,20,28,17\n"
)


def _import(world, data: bytes, *, filename: str = "followers.csv", total: int | None = None, entity=None):
    return page_followers_import(
        actor=world.users["comms"],
        organisation=world.organisation,
        entity=entity,
        network="linkedin",
        data=data,
        filename=filename,
        current_total=total,
    )


def _counts(world):
    return list(
        PageFollowerCount.objects.filter(organisation=world.organisation)
        .order_by("day")
        .values_list("day", "followers", "new_followers", "unique_visitors")
    )


def test_linkedins_daily_new_followers_need_the_current_total_then_totals_are_computed_backwards(world):
    with pytest.raises(SpreadsheetErrors) as caught:
        _import(world, FOLLOWERS_CSV)
    assert caught.value.errors[0].code == "needs_total"
    assert "2026-09-03" in caught.value.messages[0]
    assert not PageFollowerCount.objects.exists()

    result = _import(world, FOLLOWERS_CSV, total=1000)

    assert (result.created, result.updated, result.first, result.last) == (
        3,
        0,
        date(2026, 9, 1),
        date(2026, 9, 3),
    )
    assert _counts(world) == [
        (date(2026, 9, 1), 992, 3, None),
        (date(2026, 9, 2), 997, 5, None),
        (date(2026, 9, 3), 1000, 3, None),
    ]


def test_the_visitors_export_adds_unique_visitors_to_the_days_already_known(world):
    _import(world, FOLLOWERS_CSV, total=1000)

    result = _import(world, VISITORS_CSV, filename="visitors.csv")

    assert (result.created, result.updated) == (0, 2)
    assert _counts(world)[1:] == [(date(2026, 9, 2), 997, 5, 31), (date(2026, 9, 3), 1000, 3, 17)]


def test_a_visitors_export_for_a_page_without_followers_asks_for_the_followers_first(world):
    with pytest.raises(SpreadsheetErrors) as caught:
        _import(world, VISITORS_CSV, filename="visitors.csv")
    assert caught.value.errors[0].code == "no_followers"


def test_the_real_xls_export_with_its_notes_line_is_read(world):
    result = _import(
        world, (DATA / "linkedin_followers.xls").read_bytes(), filename="followers.xls", total=500
    )

    counts = _counts(world)
    assert result.created == 10
    assert counts[-1] == (date(2026, 9, 10), 500, 2, None)
    assert counts[0][0] == date(2026, 9, 1)
    gained = sum(new for _day, _total, new, _visitors in counts[1:])
    assert counts[-1][1] - counts[0][1] == gained


def test_an_xlsx_with_real_dates_and_a_totals_column_is_read_as_totals(world):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Page followers, exported by hand"])
    sheet.append(["Date", "Followers"])
    sheet.append([date(2026, 1, 1), 100])
    sheet.append([date(2026, 1, 2), 104])
    buffer = io.BytesIO()
    workbook.save(buffer)

    _import(world, buffer.getvalue(), filename="pages.xlsx", entity=world.subsidiary)

    assert _counts(world) == [(date(2026, 1, 1), 100, None, None), (date(2026, 1, 2), 104, None, None)]


def test_day_first_dates_are_recognised_when_a_day_is_above_twelve(world):
    parsed = export_parse(b"Date;Followers\n13/01/2026;10\n02/01/2026;9\n", filename="f.csv")

    assert [day.day for day in parsed.days] == [date(2026, 1, 2), date(2026, 1, 13)]


def test_errors_name_the_line_and_the_column_and_nothing_is_imported(world):
    data = (
        b"Notes\nDate,Organic followers,Total followers\n"
        b"09/01/2026,3,3\nsoon,2,2\n09/01/2026,1,1\n09/04/2026,many,4\n"
    )

    with pytest.raises(SpreadsheetErrors) as caught:
        _import(world, data, total=10)

    assert [(error.line, error.column, error.code) for error in caught.value.errors] == [
        (4, "Date", "date"),
        (5, "Date", "duplicate_date"),
        (6, "Organic followers", "number"),
    ]
    assert (
        caught.value.messages[0] == 'Line 4, column "Date": "soon" is not a date (MM/DD/YYYY or YYYY-MM-DD).'
    )
    assert not PageFollowerCount.objects.exists()


def test_a_file_without_the_expected_columns_is_refused(world):
    with pytest.raises(SpreadsheetErrors) as caught:
        _import(world, b"Name,Email\nA,a@example.org\n")
    assert caught.value.errors[0].code == "no_header"


def test_a_total_smaller_than_the_followers_gained_is_refused(world):
    with pytest.raises(SpreadsheetErrors) as caught:
        _import(world, FOLLOWERS_CSV, total=5)
    assert caught.value.errors[0].code == "total_too_small"


def test_the_import_screen_asks_for_the_total_in_french(world, login):
    Membership.objects.filter(user=world.users["comms"]).update(language="fr")
    client = login("comms")

    response = client.post(
        reverse("analytics_page_followers_import"),
        {"import-network": "linkedin", "import-file": SimpleUploadedFile("followers.csv", FOLLOWERS_CSV)},
    )

    assert response.status_code == 400
    assert 'id="import-errors"' in html.unescape(response.content.decode())
    assert not PageFollowerCount.objects.exists()

    response = client.post(
        reverse("analytics_page_followers_import"),
        {
            "import-network": "linkedin",
            "import-entity": str(world.hq.pk),
            "import-current_total": "1000",
            "import-file": SimpleUploadedFile("followers.csv", FOLLOWERS_CSV),
        },
    )
    assert response.status_code == 302
    assert PageFollowerCount.objects.filter(entity=world.hq).count() == 3


# --- review -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"Notes\nDate,Organic followers,Total followers\n",
        b"Visitor metrics\nDate,Total unique visitors (total)\n",
        b"Date,Followers\n",
    ],
)
def test_a_file_with_a_header_and_no_days_is_refused_with_a_message(world, data):
    with pytest.raises(SpreadsheetErrors):
        _import(world, data, total=10)
    assert not PageFollowerCount.objects.exists()


def test_a_number_too_large_to_store_names_its_line_and_column(world):
    data = b"Date,Followers\n09/01/2026,1200\n09/02/2026,99999999999\n"

    with pytest.raises(SpreadsheetErrors) as caught:
        _import(world, data)

    assert [(error.line, error.column) for error in caught.value.errors] == [(3, "Followers")]
    assert not PageFollowerCount.objects.exists()
