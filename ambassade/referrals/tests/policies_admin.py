"""The permission policy of the referral management URLs (see ambassade/testing/permissions.py)."""

from __future__ import annotations

from typing import Any

from ambassade.testing.factories import World
from ambassade.testing.permissions import Rule


def _hold(world: World) -> dict[str, Any]:
    from ambassade.ambassadors.models import Ambassador
    from ambassade.referrals.models import PointsHold
    from ambassade.referrals.tests.crediting_factories import introduce
    from ambassade.testing.programme import ambassador_enrol

    person = world.people["employee"]
    ambassador = Ambassador.objects.filter(person=person).first() or ambassador_enrol(person)
    introduction = introduce(world, status="confirmed", credited=True)
    hold = PointsHold.objects.create(
        organisation=world.organisation,
        ambassador=ambassador,
        introduction=introduction,
        points=25,
        source=f"introduction:{introduction.pk}:confirmed:0",
        why=PointsHold.Why.TOO_MANY_INTRODUCTIONS,
        detail="7 introductions",
    )
    return {"pk": hold.pk}


def _confirmed_introduction(world: World) -> dict[str, Any]:
    from ambassade.referrals.tests.crediting_factories import confirm, introduce

    return {"pk": confirm(introduce(world)).pk}


MEMBERS = "N302 A200 C200 R200 M200 E200 O200"
HR_ADMIN = "N302 A200 C403 R403 M403 E403 O200"
RECRUITING = "N302 A200 C403 R200 M403 E403 O200"
HR_ADMIN_POST_OBJECT = "N302 A302 C403 R403 M403 E403 O404"

POLICY: dict[str, Rule] = {
    "referral_dashboard": Rule(RECRUITING),
    "referral_settings": Rule(HR_ADMIN),
    "points_hold_list": Rule(HR_ADMIN),
    "points_hold_release": Rule(HR_ADMIN_POST_OBJECT, method="post", kwargs=_hold),
    "points_hold_refuse": Rule(
        HR_ADMIN_POST_OBJECT, method="post", kwargs=_hold, data=lambda w: {"note": "Not a real candidate"}
    ),
    "payroll_bonus_list": Rule(HR_ADMIN),
    "payroll_bonus_export": Rule(
        "N302 A200 C403 R403 M403 E403 O200", method="post", data=lambda w: {"format": "csv"}
    ),
    "introduction_thank": Rule(
        "N302 A302 C403 R302 M403 E403 O404",
        method="post",
        kwargs=_confirmed_introduction,
        data=lambda w: {"message": "Merci !"},
    ),
    "introduction_leaderboard": Rule(MEMBERS),
}
