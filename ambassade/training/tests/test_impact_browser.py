"""The impact page in a real Chromium, in French and in English: an HR admin opens a past workshop's
impact page and sees the sentence, the chart (drawn, with its week-0 mark) and the table per metric."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create
from ambassade.training.tests.test_impact_data import Scenario, impact_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "fr": {"h1": "Impact mesuré", "sentence": "fois plus qu’avant", "method": "Comment c’est mesuré"},
    "en": {"h1": "Measured impact", "sentence": "times more than before", "method": "How it is measured"},
}


@pytest.fixture
def live_scenario(transactional_db) -> tuple[World, Scenario]:
    world = world_create()
    return world, impact_scenario(world, training_day=timezone.localdate() - timedelta(weeks=10))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_admin_sees_the_chart_and_the_sentence_of_a_workshops_impact(
    page, live_scenario, language
) -> None:
    _world, scenario = live_scenario
    texts = TEXTS[language]
    sign_in(page, "admin", PASSWORD)
    if language == "en":
        page.get_by_role("button", name="Switch to English").click()
    page.goto(f"/training/impact/sessions/{scenario.session.pk}/")
    expect(page.locator("h1")).to_contain_text(texts["h1"])
    expect(page.locator("#impact-sentence")).to_contain_text(texts["sentence"])
    expect(page.locator("#impact-sentence")).to_contain_text("12 participants")
    expect(page.locator("#impact-chart canvas")).to_have_count(1)
    expect(page.locator("#impact-chart")).to_have_attribute("data-drawn", "true")
    expect(page.locator('#impact-metrics-table tr[data-metric="shares"]')).to_be_visible()
    expect(page.locator("#impact-method-title")).to_have_text(texts["method"])

    page.locator("#metric").select_option("human_clicks")
    page.locator("#metric-form button").click()
    expect(page).to_have_url(f"{page.url.split('?')[0]}?metric=human_clicks")
    expect(page.locator("#impact-chart canvas")).to_have_count(1)
    assert page.console_errors == []
