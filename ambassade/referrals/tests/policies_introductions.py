"""The permission policy of these URLs (see ambassade/testing/permissions.py).

The employee's pages are for every member (a member without an HR record is told they cannot introduce
anyone); one introduction is its introducer's only: everyone else, HR admins included, gets a 404 (HR
admins see introductions on their own pages). The contact's pages are public, behind a valid token.
"""

from __future__ import annotations

from typing import Any

from ambassade.testing.factories import World
from ambassade.testing.permissions import Rule, api_rule


def _employee_introduction(world: World) -> dict[str, Any]:
    from ambassade.referrals.tests.introductions_factories import introduce

    return {"pk": introduce(world).pk}


def _token(world: World) -> dict[str, Any]:
    from ambassade.referrals.introductions import introduction_token
    from ambassade.referrals.tests.introductions_factories import introduce

    return {"token": introduction_token(introduction=introduce(world))}


MEMBERS = "N302 A200 C200 R200 M200 E200 O200"
INTRODUCER_ONLY = "N302 A404 C404 R404 M404 E200 O404"
PUBLIC = "N200 A200 C200 R200 M200 E200 O200"

POLICY: dict[str, Rule] = {
    "introduction_new": Rule(MEMBERS),
    "introduction_mine": Rule(MEMBERS),
    "introduction_detail": Rule(INTRODUCER_ONLY, kwargs=_employee_introduction),
    # Sending again right after the first e-mail is refused with a message: a redirect to the page.
    "introduction_resend": Rule(
        "N302 A404 C404 R404 M404 E302 O404", method="post", kwargs=_employee_introduction
    ),
    # With a valid token: the contact's pages. The first visitor's POST answers; the next ones are told
    # "already answered" (a page too).
    "introduction_answer": Rule(PUBLIC, kwargs=_token),
    "introduction_decline": Rule(PUBLIC, method="post", kwargs=_token),
    "introduction_never": Rule(PUBLIC, kwargs=_token),
    # The API: anyone lists (their own, or the organisation's confirmed ones for recruiters and HR admins);
    # an empty body is invalid for everyone.
    "api:introduction_list": api_rule("N401 A200 C200 R200 M200 E200 O200", "get"),
    "api:introduction_create": api_rule("N401 A422 C422 R422 M422 E422 O422", "post"),
}
