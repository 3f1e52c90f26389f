"""The ledger's guards: a stale copy of a withdrawn ambassador earns nothing; adjustments need a reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ambassade.ambassadors.ledger import points_adjust, points_award
from ambassade.ambassadors.models import Ambassador, PointsEntry
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db


def test_an_ambassador_who_withdrew_a_moment_ago_earns_nothing_even_through_an_old_copy(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    Ambassador.objects.filter(pk=ambassador.pk).update(status=Ambassador.Status.WITHDRAWN)
    assert ambassador.status == Ambassador.Status.ENROLLED  # the copy a job may still hold
    assert points_award(ambassador=ambassador, reason=PointsEntry.Reason.SHARE, source="share:1:x") is None
    assert not PointsEntry.objects.filter(ambassador=ambassador).exists()


@pytest.mark.parametrize(
    ("points", "note", "field"), [(0, "Forum", "points"), (10, "   ", "note")], ids=["zero", "no-reason"]
)
def test_an_adjustment_needs_points_and_a_reason(world: World, points: int, note: str, field: str) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    with pytest.raises(ValidationError) as error:
        points_adjust(actor=world.users["admin"], ambassador=ambassador, points=points, note=note)
    assert field in error.value.message_dict
    assert not PointsEntry.objects.filter(ambassador=ambassador).exists()


def test_points_of_a_withdrawn_ambassador_cannot_be_adjusted(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    ambassador.status = Ambassador.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        points_adjust(actor=world.users["admin"], ambassador=ambassador, points=5, note="Forum")
