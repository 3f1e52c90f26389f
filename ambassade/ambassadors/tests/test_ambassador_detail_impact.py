"""The programme's admins see an enrolled ambassador's impact; only HR admins are offered to adjust points."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ambassade.ambassadors.ledger import points_adjust
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db


def test_an_hr_admin_sees_the_ambassadors_points_and_a_link_to_adjust_them(world: World, login) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    points_adjust(actor=world.users["admin"], ambassador=ambassador, points=12, note="Stand au forum")
    page = login("admin").get(reverse("ambassador_detail", args=[ambassador.pk])).content.decode()
    assert 'id="ambassador-impact"' in page and "<strong>12</strong> points" in page
    assert reverse("points_adjust", args=[ambassador.pk]) in page


def test_comms_see_the_impact_but_are_not_offered_to_adjust_points(world: World, login) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    page = login("comms").get(reverse("ambassador_detail", args=[ambassador.pk])).content.decode()
    assert 'id="ambassador-impact"' in page
    assert reverse("points_adjust", args=[ambassador.pk]) not in page
