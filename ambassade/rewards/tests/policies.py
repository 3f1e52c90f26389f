"""The permission policy of the rewards URLs (see ambassade/testing/permissions.py)."""

from __future__ import annotations

from typing import Any

from ambassade.testing.factories import World
from ambassade.testing.permissions import Rule, api_rule


def policy_reward_item(world: World) -> dict[str, Any]:
    """An active item of the organisation, with a photo."""
    from ambassade.rewards.tests.support import item_make

    item = item_make(world.organisation, name="Mug", cost=20, with_photo=True)
    return {"pk": item.pk}


def policy_reward_request(world: World) -> dict[str, Any]:
    """A request of the employee, still waiting for HR."""
    from ambassade.rewards.tests.support import item_make, request_make

    item = item_make(world.organisation, name="T-shirt", cost=30, stock=5)
    request = request_make(world, item=item, persona="employee")
    return {"pk": request.pk}


MEMBERS = "N302 A200 C200 R200 M200 E200 O200"
MEMBERS_OBJECT = "N302 A200 C200 R200 M200 E200 O404"
HR_ADMIN = "N302 A200 C403 R403 M403 E403 O200"
HR_ADMIN_OBJECT = "N302 A200 C403 R403 M403 E403 O404"
HR_ADMIN_POST = "N302 A302 C403 R403 M403 E403 O404"

POLICY: dict[str, Rule] = {
    "reward_catalogue": Rule(MEMBERS),
    "reward_request_new": Rule(MEMBERS_OBJECT, kwargs=policy_reward_item),
    "reward_item_photo": Rule(MEMBERS_OBJECT, kwargs=policy_reward_item),
    "reward_mine": Rule(MEMBERS),
    # Only the requester cancels: anyone else's request is a 404, HR admins' included.
    "reward_request_cancel": Rule(
        "N302 A404 C404 R404 M404 E302 O404", method="post", kwargs=policy_reward_request
    ),
    "reward_item_list": Rule(HR_ADMIN),
    "reward_item_new": Rule(HR_ADMIN),
    "reward_item_edit": Rule(HR_ADMIN_OBJECT, kwargs=policy_reward_item),
    "reward_request_list": Rule(HR_ADMIN),
    "reward_request_approve": Rule(HR_ADMIN_POST, method="post", kwargs=policy_reward_request),
    "reward_request_deliver": Rule(HR_ADMIN_POST, method="post", kwargs=policy_reward_request),
    "reward_request_refuse": Rule(
        HR_ADMIN_POST, method="post", kwargs=policy_reward_request, data=lambda w: {"decision_note": "Épuisé"}
    ),
    # The API: every member reads the catalogue, their own requests and their own points.
    "api:reward_list": api_rule("N401 A200 C200 R200 M200 E200 O200", "get"),
    "api:reward_request_list": api_rule("N401 A200 C200 R200 M200 E200 O200", "get"),
    "api:reward_request_create": api_rule("N401 A422 C422 R422 M422 E422 O422", "post"),
    "api:my_points": api_rule("N401 A200 C200 R200 M200 E200 O200", "get"),
}
