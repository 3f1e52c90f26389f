"""Personal data: activity, points and badges are exported with their person and erased with them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ambassade.ambassadors.ledger import points_adjust
from ambassade.ambassadors.models import ActivityDay, BadgeAward, Level, PointsEntry
from ambassade.ambassadors.recognition import badges_award
from ambassade.ambassadors.tests.recognition_support import share_make
from ambassade.core.personal_data import person_data_erase, person_data_export, unregistered_personal_models
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db


def test_the_recognition_models_are_registered() -> None:
    missing = unregistered_personal_models()
    assert not {"ambassadors.ActivityDay", "ambassadors.PointsEntry", "ambassadors.BadgeAward"} & set(missing)
    assert "orgs.Person" not in {
        getattr(field.related_model, "_meta", None) and field.related_model._meta.label  # type: ignore[union-attr]
        for field in Level._meta.get_fields()
    }


def test_a_persons_activity_points_and_badges_are_exported_and_erased(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"], at=timezone.now() - timedelta(days=3))
    other = ambassador_enrol(world.people["manager"])
    share_make(ambassador)
    share_make(other)
    points_adjust(actor=world.users["admin"], ambassador=ambassador, points=3, note="Merci")
    badges_award(ambassador=ambassador)
    badges_award(ambassador=other)

    exported = person_data_export(person=world.people["employee"])
    assert exported["ambassadors.ActivityDay"][0]["shares"] == 1
    assert {row["reason"] for row in exported["ambassadors.PointsEntry"]} == {"share", "adjustment"}
    assert [row["by_an_admin"] for row in exported["ambassadors.PointsEntry"]] == [False, True]
    assert exported["ambassadors.BadgeAward"][0]["badge"] == "first_share"

    person_data_erase(person=world.people["employee"])

    assert not ActivityDay.objects.filter(ambassador__person_id=world.people["employee"].pk).exists()
    assert not PointsEntry.objects.filter(ambassador=ambassador).exists()
    assert not BadgeAward.objects.filter(ambassador=ambassador).exists()
    assert PointsEntry.objects.filter(ambassador=other).count() == 1
    assert BadgeAward.objects.filter(ambassador=other).count() == 1


def test_erasing_an_hr_admin_keeps_the_adjustments_they_wrote_without_an_author(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    points_adjust(actor=world.users["admin"], ambassador=ambassador, points=10, note="Forum")

    person_data_erase(person=world.people["admin"])

    entry = PointsEntry.objects.get(ambassador=ambassador)
    assert (entry.points, entry.note, entry.author) == (10, "Forum", None)
