"""The permission policy of the recognition URLs (see ambassade/testing/permissions.py)."""

from __future__ import annotations

from typing import Any

from ambassade.testing.factories import World
from ambassade.testing.permissions import Rule


def _level(world: World) -> dict[str, Any]:
    from ambassade.ambassadors.models import Level

    level, _ = Level.objects.get_or_create(organisation=world.organisation, threshold=1000, name="Étoile")
    return {"pk": level.pk}


def _enrolled_employee(world: World) -> dict[str, Any]:
    from ambassade.ambassadors.models import Ambassador
    from ambassade.testing.programme import ambassador_enrol

    person = world.people["employee"]
    ambassador = Ambassador.objects.filter(person=person).first() or ambassador_enrol(person)
    return {"pk": ambassador.pk}


MEMBERS = "N302 A200 C200 R200 M200 E200 O200"
HR_ADMIN = "N302 A200 C403 R403 M403 E403 O200"
HR_ADMIN_OBJECT = "N302 A200 C403 R403 M403 E403 O404"

POLICY: dict[str, Rule] = {
    "recognition_me": Rule(MEMBERS),
    "leaderboard": Rule(MEMBERS),
    "level_list": Rule(HR_ADMIN),
    "level_edit": Rule(HR_ADMIN_OBJECT, kwargs=_level),
    "level_delete": Rule("N302 A302 C403 R403 M403 E403 O404", method="post", kwargs=_level),
    "points_adjust": Rule(HR_ADMIN_OBJECT, kwargs=_enrolled_employee),
}
