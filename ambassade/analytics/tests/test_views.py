"""The analytics screens, exports and API: periods, scopes, exports with formulas neutralised."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from ambassade.analytics.models import DailyOutcome, PageFollowerCount
from ambassade.analytics.tests.support import snapshot_make
from ambassade.api.services import api_token_create
from ambassade.links.models import Campaign
from ambassade.orgs.models import Membership

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return html.unescape(response.content.decode())


def english(world, persona: str) -> None:
    Membership.objects.filter(user=world.users[persona]).update(language="en")


def _outcomes(world) -> None:
    campaign = Campaign.objects.create(organisation=world.organisation, name='=HYPERLINK("x")', slug="x")
    DailyOutcome.objects.create(
        organisation=world.organisation,
        day=date(2026, 3, 3),
        entity=world.hq,
        department=world.unit,
        channel="linkedin",
        campaign=campaign,
        ambassador=world.people["employee"],
        applications=4,
        hires=1,
    )
    snapshot_make(
        world.organisation, day=date(2026, 3, 31), department=world.unit, staff=10, enrolled=6, active=5
    )


def test_the_overview_shows_the_figures_of_the_period_and_the_previous_one(world, login):
    english(world, "admin")
    _outcomes(world)

    response = login("admin").get(reverse("analytics_overview"), {"from": "2026-03-01", "to": "2026-03-31"})

    assert response.status_code == 200
    text = page(response)
    assert "Programme overview" in text
    assert 'data-figure="applications"><strong>4</strong>' in text
    assert "Émile Employé" in text
    assert 'href="/analytics/export/by-channel.csv?from=2026-03-01&to=2026-03-31"' in text


def test_a_bad_date_is_a_message_naming_the_parameter_never_a_500(world, login):
    english(world, "admin")

    response = login("admin").get(reverse("analytics_overview"), {"from": "31/03/2026"})

    assert response.status_code == 400
    assert "The parameter “from” must be a date written YYYY-MM-DD" in page(response)


def test_a_foreign_entity_is_a_message_naming_the_parameter(world, login):
    english(world, "admin")
    foreign = world.foreign_department.entity

    response = login("admin").get(reverse("analytics_overview"), {"entity": str(foreign.pk)})

    assert response.status_code == 400
    assert "The parameter “entity”" in page(response)


def test_a_manager_sees_no_names_and_cannot_export_the_ambassador_chart(world, login):
    english(world, "manager")
    _outcomes(world)
    client = login("manager")

    response = client.get(reverse("analytics_overview"), {"from": "2026-03-01", "to": "2026-03-31"})

    assert response.status_code == 200
    assert "Émile" not in page(response)
    assert (
        client.get(reverse("analytics_export", kwargs={"chart": "by-ambassador", "fmt": "csv"})).status_code
        == 404
    )
    assert client.get(reverse("analytics_overview"), {"entity": str(world.hq.pk)}).status_code == 400


def test_a_chart_exports_as_csv_with_formulas_neutralised(world, login):
    english(world, "admin")
    _outcomes(world)

    response = login("admin").get(
        reverse("analytics_export", kwargs={"chart": "by-campaign", "fmt": "csv"}),
        {"from": "2026-03-01", "to": "2026-03-31"},
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="by-campaign_2026-03-01_2026-03-31.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Campaign", "Human clicks", "Applications", "Introductions", "Hires"],
        ['\'=HYPERLINK("x")', "0", "4", "0", "1"],
    ]


def test_a_chart_exports_as_xlsx_with_numbers_as_numbers(world, login):
    english(world, "admin")
    _outcomes(world)

    response = login("admin").get(
        reverse("analytics_export", kwargs={"chart": "by-campaign", "fmt": "xlsx"}),
        {"from": "2026-03-01", "to": "2026-03-31"},
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ('\'=HYPERLINK("x")', 0, 4, 0, 1)


def test_an_export_with_a_bad_parameter_says_which(world, login):
    english(world, "admin")
    response = login("admin").get(
        reverse("analytics_export", kwargs={"chart": "figures", "fmt": "csv"}), {"to": "tomorrow"}
    )
    assert response.status_code == 400
    assert "“to”" in response.content.decode()


def test_an_unknown_chart_is_a_404(world, login):
    response = login("admin").get("/analytics/export/nothing.csv")
    assert response.status_code == 404


def test_page_followers_are_entered_by_hand_and_charted(world, login):
    english(world, "comms")
    client = login("comms")

    response = client.post(
        reverse("analytics_page_followers"),
        {"entity": str(world.hq.pk), "network": "linkedin", "day": "2026-01-10", "followers": "1200"},
    )

    assert response.status_code == 302
    row = PageFollowerCount.objects.get()
    assert (row.entity, row.followers, row.source, row.created_by) == (
        world.hq,
        1200,
        "manual",
        world.users["comms"],
    )
    text = page(client.get(reverse("analytics_page_followers")))
    assert "LinkedIn · Siège" in text


def test_a_future_day_is_refused(world, login):
    english(world, "comms")
    response = login("comms").post(
        reverse("analytics_page_followers"), {"network": "linkedin", "day": "2999-01-01", "followers": "3"}
    )
    assert response.status_code == 400
    assert "The date cannot be in the future." in page(response)
    assert not PageFollowerCount.objects.exists()


# --- the API --------------------------------------------------------------------------------------


@pytest.fixture
def api(world):
    client = Client()
    tokens = {persona: api_token_create(user=user, name="t")[1] for persona, user in world.users.items()}

    def call(persona: str, method: str, path: str, *, body: Any = None, **params: Any):
        headers = {"Authorization": f"Bearer {tokens[persona]}", "Accept-Language": "en"}
        if method == "get":
            return client.get(path, params, headers=headers)
        return client.post(path, json.dumps(body or {}), content_type="application/json", headers=headers)

    return call


def test_the_api_gives_the_dashboards_figures(world, api):
    _outcomes(world)

    response = api(
        "admin", "get", "/api/v1/analytics/overview/", **{"from": "2026-03-01", "to": "2026-03-31"}
    )

    assert response.status_code == 200
    data = response.json()
    assert data["period"] == {"start": "2026-03-01", "end": "2026-03-31", "days": 31}
    assert data["figures"]["applications"]["value"] == 4
    assert data["figures"]["enrolled"]["value"] == 6
    assert data["by_source"]["ambassador"][0]["label"] == "Émile Employé"


def test_the_api_names_a_bad_parameter(world, api):
    response = api("admin", "get", "/api/v1/analytics/overview/", **{"from": "2026-02-30"})

    assert response.status_code == 422
    (item,) = response.json()["detail"]
    assert item["loc"] == ["query", "from"]
    assert "“from”" in item["msg"]


def test_the_api_refuses_employees_and_hides_names_from_managers(world, api):
    _outcomes(world)
    assert api("employee", "get", "/api/v1/analytics/overview/").status_code == 403
    data = api(
        "manager", "get", "/api/v1/analytics/overview/", **{"from": "2026-03-01", "to": "2026-03-31"}
    ).json()
    assert data["names_allowed"] is False and data["by_source"]["ambassador"] == []


def test_the_api_records_and_lists_page_followers(world, api):
    response = api(
        "comms", "post", "/api/v1/analytics/page-followers/", body={"day": "2026-02-01", "followers": 540}
    )
    assert response.status_code == 201
    assert response.json()["entity"] is None
    listed = api("admin", "get", "/api/v1/analytics/page-followers/").json()
    assert [row["followers"] for row in listed] == [540]
    assert api("manager", "get", "/api/v1/analytics/page-followers/").status_code == 403
    bad = api(
        "comms",
        "post",
        "/api/v1/analytics/page-followers/",
        body={"day": "2026-02-01", "followers": 5, "entity": world.foreign_department.entity_id},
    )
    assert bad.status_code == 422


def test_the_exports_of_a_page_reuse_the_overview_computed_for_it(
    world, login, django_assert_max_num_queries
):
    _outcomes(world)
    client = login("admin")
    params = {"from": "2026-03-01", "to": "2026-03-31"}
    client.get(reverse("analytics_overview"), params)

    with django_assert_max_num_queries(8):
        response = client.get(
            reverse("analytics_export", kwargs={"chart": "by-channel", "fmt": "csv"}), params
        )

    assert response.status_code == 200


def test_a_page_figure_entered_by_hand_shows_at_once(world, login):
    english(world, "comms")
    client = login("comms")
    params = {"from": "2026-01-01", "to": "2026-01-31"}
    client.get(reverse("analytics_overview"), params)
    client.post(
        reverse("analytics_page_followers"),
        {"network": "linkedin", "day": "2026-01-10", "followers": "1200"},
    )

    response = client.get(reverse("analytics_overview"), params)

    assert 'data-figure="followers"><strong>1,200</strong>' in page(response)


# --- review -----------------------------------------------------------------------------------------


def test_a_page_figure_deleted_disappears_at_once(world, login):
    client = login("comms")
    older = PageFollowerCount.objects.create(
        organisation=world.organisation, network="linkedin", day=date(2026, 3, 1), followers=900
    )
    PageFollowerCount.objects.create(
        organisation=world.organisation, network="linkedin", day=date(2026, 3, 2), followers=950
    )
    url = reverse("analytics_overview") + "?from=2026-03-01&to=2026-03-31"
    assert "900" in page(client.get(url))

    client.post(reverse("analytics_page_follower_delete", kwargs={"pk": older.pk}))

    assert "900" not in page(client.get(url))


def test_an_xlsx_export_with_control_characters_in_a_name_is_a_valid_workbook(world, login):
    campaign = Campaign.objects.create(organisation=world.organisation, name="Printemps\x01\x0b", slug="p")
    DailyOutcome.objects.create(
        organisation=world.organisation,
        day=date(2026, 3, 3),
        entity=world.hq,
        channel="linkedin",
        campaign=campaign,
        applications=2,
    )
    client = login("admin")

    response = client.get(
        reverse("analytics_export", kwargs={"chart": "by-campaign", "fmt": "xlsx"})
        + "?from=2026-03-01&to=2026-03-31"
    )

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert [cell.value for cell in sheet[2]][:1] == ["Printemps"]


@pytest.mark.parametrize("query", ["from=0001-01-01&to=0001-01-02", "to=9999-12-31&from=9999-12-01"])
def test_dates_at_the_ends_of_the_calendar_are_a_message_not_a_500(world, login, query):
    client = login("admin")

    response = client.get(reverse("analytics_overview") + "?" + query)
    export = client.get(reverse("analytics_export", kwargs={"chart": "activity", "fmt": "csv"}) + "?" + query)

    assert response.status_code == 400
    assert export.status_code == 400


def test_today_for_a_figure_entered_by_hand_is_the_organisations_today(world, login, monkeypatch):
    from datetime import UTC, datetime

    from django.utils import timezone

    world.organisation.time_zone = "Pacific/Kiritimati"  # UTC+14: already 1 July at noon UTC on 30 June
    world.organisation.save()
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 6, 30, 12, 0, tzinfo=UTC))
    client = login("comms")

    response = client.post(
        reverse("analytics_page_followers"), {"network": "linkedin", "day": "2026-07-01", "followers": "3"}
    )
    too_late = client.post(
        reverse("analytics_page_followers"), {"network": "linkedin", "day": "2026-07-02", "followers": "4"}
    )

    assert response.status_code == 302
    assert too_late.status_code == 400
    assert list(PageFollowerCount.objects.values_list("day", flat=True)) == [date(2026, 7, 1)]


def test_the_api_refuses_a_page_figure_for_a_future_day_naming_the_field(world, api):
    response = api(
        "comms", "post", "/api/v1/analytics/page-followers/", body={"day": "2999-01-01", "followers": 5}
    )

    assert response.status_code == 422
    (item,) = response.json()["detail"]
    assert item["loc"][-1] == "day"
    assert not PageFollowerCount.objects.exists()
