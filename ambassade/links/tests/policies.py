"""The permission policy of this app's URLs (see ambassade/testing/permissions.py)."""

from __future__ import annotations

from typing import Any

from ambassade.testing.factories import World
from ambassade.testing.permissions import Rule, api_rule


def _employee_link(world: World) -> dict[str, Any]:
    """A career-site link shared by the employee (so the employee may see its QR code)."""
    from ambassade.links.models import TrackedLink

    link = TrackedLink.objects.create(
        organisation=world.organisation,
        code=f"Emp{world.people['employee'].pk:07d}",
        target_type=TrackedLink.Target.CAREER_PAGE,
        entity=world.hq,
        channel="linkedin",
        ambassador=world.people["employee"],
    )
    return {"pk": link.pk}


def _code(world: World) -> dict[str, Any]:
    from ambassade.links.models import TrackedLink

    return {"code": TrackedLink.objects.get(pk=_employee_link(world)["pk"]).code}


LINKS_ADMIN = "N302 A200 C200 R403 M403 E403 O200"
LINKS_ADMIN_OBJECT = "N302 A200 C200 R403 M403 E403 O404"
OWN_LINK = "N302 A200 C200 R404 M404 E200 O404"  # the employee is the link's ambassador

POLICY: dict[str, Rule] = {
    "redirect": Rule("N302 A302 C302 R302 M302 E302 O302", kwargs=_code),
    "link_list": Rule(LINKS_ADMIN),
    "link_create": Rule(LINKS_ADMIN),
    "link_detail": Rule(LINKS_ADMIN_OBJECT, kwargs=_employee_link),
    "link_qr_svg": Rule(OWN_LINK, kwargs=_employee_link),
    "link_qr_png": Rule(OWN_LINK, kwargs=_employee_link),
    "link_ambassador_search": Rule(LINKS_ADMIN),
    "campaign_list": Rule(LINKS_ADMIN),
    "campaign_create": Rule(LINKS_ADMIN),
    "link_dashboard": Rule(LINKS_ADMIN),
    "api:link_list": api_rule("N401 A200 C200 R200 M200 E200 O200", "get"),
    "api:link_get": api_rule("N401 A200 C200 R404 M404 E200 O404", "get", _employee_link),
    "api:link_create": api_rule("N401 A422 C422 R422 M422 E422 O422", "post"),
}
