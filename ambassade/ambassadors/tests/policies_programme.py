"""The permission policy of the programme URLs (see ambassade/testing/permissions.py)."""

from __future__ import annotations

from typing import Any

from ambassade.testing.factories import World
from ambassade.testing.permissions import Rule, api_rule


def _employee_ambassador(world: World) -> Any:
    from ambassade.ambassadors.models import Ambassador
    from ambassade.testing.programme import ambassador_enrol

    existing = Ambassador.objects.filter(person=world.people["employee"]).first()
    return existing or ambassador_enrol(world.people["employee"])


def _enrolled(world: World) -> dict[str, Any]:
    """No URL argument; the employee is an enrolled ambassador."""
    _employee_ambassador(world)
    return {}


def _ambassador(world: World) -> dict[str, Any]:
    return {"pk": _employee_ambassador(world).pk}


def _invitation(world: World) -> dict[str, Any]:
    """A valid invitation link of the employee (invited, not joined yet)."""
    import secrets

    from django.utils import timezone

    from ambassade.ambassadors.models import Ambassador
    from ambassade.ambassadors.services import invitation_token

    ambassador, _created = Ambassador.objects.update_or_create(
        person=world.people["employee"],
        defaults={
            "organisation": world.organisation,
            "status": Ambassador.Status.INVITED,
            "invited_at": timezone.now(),
            "invitation_nonce": secrets.token_hex(12),
        },
    )
    return {"token": invitation_token(ambassador=ambassador)}


MEMBERS = "N302 A200 C200 R200 M200 E200 O200"
PROGRAMME_ADMINS = "N302 A200 C200 R403 M403 E403 O200"
AGGREGATES = "N302 A200 C200 R403 M200 E403 O200"

POLICY: dict[str, Rule] = {
    "programme": Rule(MEMBERS),
    "programme_join": Rule(MEMBERS),
    # The invited employee may use it signed in or not; anyone else signed in is told it is not theirs.
    "programme_join_token": Rule("N200 A403 C403 R403 M403 E200 O403", kwargs=_invitation),
    # Enrolled: the employee's page; members not enrolled are sent to the join page; the outsider has
    # no HR record and is told so.
    "programme_me": Rule("N302 A302 C302 R302 M302 E200 O200", kwargs=_enrolled),
    "programme_withdraw": Rule("N302 A302 C302 R302 M302 E302 O302", method="post", kwargs=_enrolled),
    "programme_invite": Rule(AGGREGATES),
    "ambassador_list": Rule(PROGRAMME_ADMINS),
    "ambassador_detail": Rule("N302 A200 C200 R403 M403 E403 O404", kwargs=_ambassador),
    "coverage": Rule(AGGREGATES),
    "programme_settings": Rule("N302 A200 C403 R403 M403 E403 O200"),
    "api:programme_adoption": api_rule("N401 A200 C200 R403 M200 E403 O200", "get"),
    "api:programme_coverage": api_rule("N401 A200 C200 R403 M200 E403 O200", "get"),
}
