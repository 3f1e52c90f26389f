"""Personal data: ambassadors' links and per-person rollups are exported and erased; clicks hold none."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ambassade.core.personal_data import person_data_erase, person_data_export, unregistered_personal_models
from ambassade.links.models import (
    AmbassadorCounter,
    AmbassadorMonthlyRollup,
    Click,
    LinkDailyRollup,
    TrackedLink,
)
from ambassade.links.rollups import clicks_roll_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(world, make_link) -> TrackedLink:
    link = make_link(ambassador=world.people["employee"], channel="mastodon")
    at = timezone.now() - timedelta(hours=1)
    Click.objects.bulk_create([Click(link=link, occurred_at=at, visitor=str(n)) for n in range(3)])
    clicks_roll_up()
    return link


def test_every_links_model_with_personal_data_is_registered() -> None:
    assert [label for label in unregistered_personal_models() if label.startswith("links.")] == []


def test_an_ambassadors_links_and_figures_are_exported(world, shared) -> None:
    exported = person_data_export(person=world.people["employee"])
    assert exported["links.TrackedLink"][0]["code"] == shared.code
    assert exported["links.TrackedLink"][0]["role"] == "ambassador"
    assert exported["links.AmbassadorMonthlyRollup"][0]["human_clicks"] == 3
    assert exported["links.AmbassadorCounter"] == [{"human_clicks": 3}]
    creator = person_data_export(person=world.people["comms"])["links.TrackedLink"]
    assert [(row["role"], row["code"]) for row in creator] == [("created by", shared.code)]


def test_erasing_an_ambassador_detaches_their_links_and_deletes_their_rollups(world, shared) -> None:
    person_data_erase(person=world.people["employee"])
    shared.refresh_from_db()
    assert shared.ambassador is None
    assert not AmbassadorMonthlyRollup.objects.exists()
    assert not AmbassadorCounter.objects.exists()
    # The organisation's figures stay: clicks are anonymous, and so is the daily rollup.
    assert Click.objects.filter(link=shared).count() == 3
    assert LinkDailyRollup.objects.get(link=shared).human_clicks == 3


def test_erasing_a_creator_keeps_the_link(world, shared) -> None:
    person_data_erase(person=world.people["comms"])
    shared.refresh_from_db()
    assert shared.created_by is None and shared.ambassador == world.people["employee"]
