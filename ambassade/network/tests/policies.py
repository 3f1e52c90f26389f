"""The permission policy of the network URLs (see ambassade/testing/permissions.py).

An ambassador's own page is theirs (members not enrolled are sent to the join page; the outsider has no
HR record); the programme's network is for HR admins, communication officers and managers (their subtree).
"""

from __future__ import annotations

from typing import Any

from ambassade.testing.factories import World
from ambassade.testing.permissions import Rule, api_rule


def _enrolled(world: World) -> dict[str, Any]:
    """No URL argument; the employee is an enrolled ambassador."""
    from ambassade.ambassadors.models import Ambassador
    from ambassade.testing.programme import ambassador_enrol

    if not Ambassador.objects.filter(person=world.people["employee"]).exists():
        ambassador_enrol(world.people["employee"])
    return {}


READERS = "N302 A200 C200 R403 M200 E403 O200"

POLICY: dict[str, Rule] = {
    "network_overview": Rule(READERS),
    "network_overview_progress": Rule(READERS),
    "network_me": Rule("N302 A302 C302 R302 M302 E200 O200", kwargs=_enrolled),
    # An empty upload: the enrolled employee is told what is missing (400); the others are sent away.
    "network_upload": Rule("N302 A302 C302 R302 M302 E400 O302", method="post", kwargs=_enrolled),
    "network_withdraw": Rule("N302 A302 C302 R302 M302 E302 O302", method="post", kwargs=_enrolled),
    "api:network_overview": api_rule("N401 A200 C200 R403 M200 E403 O200", "get"),
}
