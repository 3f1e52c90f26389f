"""The permission policy of the content URLs (see ambassade/testing/permissions.py).

Content is managed by HR admins and comms; the hub belongs to enrolled ambassadors (here the employee,
enrolled by the kwargs builders), other members see an invitation to join (200) and cannot share (403);
the outsider's organisation has no such item (404).
"""

from __future__ import annotations

from typing import Any

from ambassade.testing.factories import World
from ambassade.testing.permissions import Rule, api_rule


def _item(world: World) -> dict[str, Any]:
    """A published news item for everyone, and the employee enrolled as an ambassador."""
    from django.conf import settings

    from ambassade.ambassadors.tests.content_factories import item_create
    from ambassade.testing.programme import ambassador_enrol

    ambassador_enrol(world.people["employee"])
    item = item_create(world, target_url=f"{settings.SITE_URL}/careers/siege/")  # an allowed host
    return {"pk": item.pk}


def _enrolled(world: World) -> dict[str, Any]:
    """The employee enrolled (once: called before each persona's request); no body to send."""
    from ambassade.ambassadors.models import Ambassador
    from ambassade.testing.programme import ambassador_enrol

    if not Ambassador.objects.filter(person=world.people["employee"]).exists():
        ambassador_enrol(world.people["employee"])
    return {}


CONTENT_ADMIN = "N302 A200 C200 R403 M403 E403 O200"
CONTENT_ADMIN_OBJECT = "N302 A200 C200 R403 M403 E403 O404"

POLICY: dict[str, Rule] = {
    "content_list": Rule(CONTENT_ADMIN),
    "content_create": Rule(CONTENT_ADMIN),
    "content_calendar": Rule(CONTENT_ADMIN),
    "content_detail": Rule(CONTENT_ADMIN_OBJECT, kwargs=_item),
    # A published item cannot be changed: its admins are sent back to the item.
    "content_edit": Rule("N302 A302 C302 R403 M403 E403 O404", kwargs=_item),
    # Archive the published item: the first admin does; the second is told it is already archived.
    "content_transition": Rule(
        "N302 A302 C302 R403 M403 E403 O404", method="post", kwargs=_item, data=lambda w: {"to": "archived"}
    ),
    # The item has no image: 404 for those who may see it, and for those who may not.
    "content_image": Rule("N302 A404 C404 R404 M404 E404 O404", kwargs=_item),
    "hub": Rule("N302 A200 C200 R200 M200 E200 O200", data=_enrolled),
    "hub_item": Rule("N302 A200 C200 R200 M200 E200 O404", kwargs=_item),
    # Only the enrolled employee shares (302 to the network's dialog); other members are not ambassadors.
    "hub_share": Rule(
        "N302 A403 C403 R403 M403 E302 O404",
        method="post",
        kwargs=_item,
        data=lambda w: {"network": "linkedin"},
    ),
    "api:content_list": api_rule("N401 A200 C200 R200 M200 E200 O200", "get"),
    # Members who are not enrolled ambassadors are told so (403), see content_api.py.
    "api:my_shares": Rule("N401 A403 C403 R403 M403 E200 O403", data=_enrolled, token=True),
}
