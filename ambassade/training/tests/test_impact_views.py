"""The impact page of a session or a track, and the impact endpoint of the JSON API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from ambassade.api.services import api_token_create
from ambassade.training.tests.test_impact_data import impact_scenario

WEEKS_AGO = 10


@pytest.fixture
def scenario(world):
    from django.utils import timezone

    return impact_scenario(world, training_day=timezone.localdate() - timedelta(weeks=WEEKS_AGO))


def _english(world, persona: str) -> None:
    membership = world.users[persona].membership
    membership.language = "en"
    membership.save(update_fields=["language"])


def _api(world, persona: str, path: str, **params):
    token = api_token_create(user=world.users[persona], name="tests")[1]
    return Client().get(path, data=params, headers={"Authorization": f"Bearer {token}"})


def test_an_admin_reads_the_sentence_the_chart_data_and_the_table_of_a_session(
    login, world, scenario
) -> None:
    _english(world, "admin")
    response = login("admin").get(reverse("training_impact_session", args=[scenario.session.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    result = response.context["result"]
    assert result.treated_n == 12 and result.reason is None
    assert result.sentence.startswith("After the workshop of ")
    assert result.sentence in page.replace("&#x27;", "'").replace("&quot;", '"')
    assert 'id="impact-chart"' in page and 'id="impact-chart-data"' in page
    assert 'data-metric="human_clicks"' in page and 'data-metric="followers"' in page
    assert response.context["chart"]["weeks"] == list(range(-8, 9))


def test_the_metric_picker_changes_the_chart(login, scenario) -> None:
    response = login("comms").get(
        reverse("training_impact_session", args=[scenario.session.pk]), {"metric": "human_clicks"}
    )
    assert response.status_code == 200
    assert response.context["metric"] == "human_clicks"
    assert (
        response.context["chart"]["participants"]
        == response.context["result"].weekly["human_clicks_participants"]
    )


def test_an_unknown_metric_names_the_parameter_in_french_and_english(login, world, scenario) -> None:
    url = reverse("training_impact_session", args=[scenario.session.pk])
    response = login("admin").get(url, {"metric": "likes"})
    assert response.status_code == 400
    assert "paramètre «\u00a0metric\u00a0»" in response.content.decode()
    _english(world, "admin")
    response = login("admin").get(url, {"metric": "likes"})
    assert response.status_code == 400
    assert "parameter “metric”" in response.content.decode()


def test_a_track_page_shows_the_track_sentence(login, scenario) -> None:
    response = login("admin").get(reverse("training_impact_track", args=[scenario.track.pk]))
    assert response.status_code == 200
    sentence = response.context["result"].sentence
    assert sentence.startswith(
        "Après le parcours «\u00a0Agents débutants\u00a0», les 12 participants partagent "
    )


def test_managers_and_employees_may_not_read_the_impact(login, scenario) -> None:
    url = reverse("training_impact_session", args=[scenario.session.pk])
    assert login("manager").get(url).status_code == 403
    assert login("employee").get(url).status_code == 403


def test_another_organisations_session_is_not_found(client, world, scenario) -> None:
    client.force_login(world.users["outsider"])
    assert client.get(reverse("training_impact_session", args=[scenario.session.pk])).status_code == 404
    assert client.get(reverse("training_impact_track", args=[scenario.track.pk])).status_code == 404


def test_the_api_gives_the_estimate_interval_sizes_and_sentence(world, scenario) -> None:
    response = _api(world, "admin", f"/api/v1/training/impact/{scenario.session.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "session" and body["participants"] == 12 and body["comparison"] >= 5
    assert body["reason"] is None
    estimate = body["estimate"]
    assert estimate["metric"] == "shares" and estimate["significant"]
    assert estimate["low"] < estimate["effect"] < estimate["high"]
    assert estimate["ratio"] > 1
    assert {m["metric"] for m in body["metrics"]} == {"shares", "human_clicks", "checklist", "followers"}
    assert body["sentence"].startswith("Après l’atelier du ") or body["sentence"].startswith(
        "After the workshop"
    )


def test_the_api_gives_a_tracks_impact_with_kind_track(world, scenario) -> None:
    response = _api(world, "comms", f"/api/v1/training/impact/{scenario.track.pk}/", kind="track")
    assert response.status_code == 200
    assert response.json()["kind"] == "track"


def test_the_api_names_a_bad_kind(world, scenario) -> None:
    response = _api(world, "admin", f"/api/v1/training/impact/{scenario.session.pk}/", kind="wave")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"][-1] == "kind"


def test_the_api_gives_the_reason_when_there_is_no_estimate(world) -> None:
    from django.utils import timezone

    small = impact_scenario(world, participants=3, training_day=timezone.localdate() - timedelta(weeks=10))
    body = _api(world, "admin", f"/api/v1/training/impact/{small.session.pk}/").json()
    assert body["estimate"] is None
    assert body["reason"]


def test_the_api_refuses_other_roles_and_other_organisations(world, scenario) -> None:
    path = f"/api/v1/training/impact/{scenario.session.pk}/"
    assert _api(world, "manager", path).status_code == 403
    assert _api(world, "outsider", path).status_code == 404
    assert _api(world, "admin", "/api/v1/training/impact/999999/", kind="track").status_code == 404


def test_neither_the_api_nor_the_page_give_the_figures_of_a_group_of_three(login, world) -> None:
    from django.utils import timezone

    small = impact_scenario(world, participants=3, training_day=timezone.localdate() - timedelta(weeks=10))
    body = _api(world, "admin", f"/api/v1/training/impact/{small.session.pk}/").json()
    for metric in body["metrics"]:
        assert metric["treated_before"] is None and metric["treated_after"] is None
    for key, values in body["weekly"].items():
        if key == "participants" or key.endswith("_participants"):
            assert set(values) == {None}
    page = login("admin").get(reverse("training_impact_session", args=[small.session.pk]))
    assert page.status_code == 200
    table = page.content.decode().split('id="impact-metrics-table"')[1].split("</table>")[0]
    row = table.split('data-metric="shares"')[1].split("</tr>")[0]
    assert row.count("—") >= 4


@pytest.mark.parametrize(("language", "level"), [("fr", "95\u202f%"), ("en", "95%")])
def test_the_table_writes_the_confidence_level_as_the_language_does(login, world, scenario, language, level):
    membership = world.users["admin"].membership
    membership.language = language
    membership.save(update_fields=["language"])
    page = login("admin").get(reverse("training_impact_session", args=[scenario.session.pk])).content.decode()
    table = page.split('id="impact-metrics-table"')[1].split("</thead>")[0]
    assert level in table
    assert "95 %" not in table
