"""The permission policy of the analytics URLs (see ambassade/testing/permissions.py): the overview and
its exports for HR admins, communication officers and managers (their subtree, no names); the pages'
followers for HR admins and communication officers; another organisation's figures are 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from ambassade.testing.factories import World
from ambassade.testing.permissions import Rule, api_rule

OVERVIEW = "N302 A200 C200 R403 M200 E403 O200"
PAGES = "N302 A200 C200 R403 M403 E403 O200"
PAGES_POST = "N302 A400 C400 R403 M403 E403 O400"


def policy_export(world: World) -> dict[str, Any]:
    return {"chart": "figures", "fmt": "csv"}


def policy_export_names(world: World) -> dict[str, Any]:
    return {"chart": "by-ambassador", "fmt": "xlsx"}


def policy_page_count(world: World) -> dict[str, Any]:
    from ambassade.analytics.models import PageFollowerCount

    row = PageFollowerCount.objects.create(
        organisation=world.organisation, network="linkedin", day=date(2026, 1, 5), followers=120
    )
    return {"pk": row.pk}


POLICY: dict[str, Rule] = {
    "analytics_overview": Rule(OVERVIEW),
    "analytics_export": Rule(OVERVIEW, kwargs=policy_export),
    "analytics_page_followers": Rule(PAGES),
    "analytics_page_followers_import": Rule(PAGES_POST, method="post"),
    # Personas run in order: the HR admin deletes the row, so the comms officer then finds nothing (404).
    "analytics_page_follower_delete": Rule(
        "N302 A302 C404 R403 M403 E403 O404", method="post", kwargs=policy_page_count
    ),
    "api:analytics_overview": api_rule("N401 A200 C200 R403 M200 E403 O200", "get"),
    "api:page_follower_list": api_rule("N401 A200 C200 R403 M403 E403 O200", "get"),
    "api:page_follower_create": api_rule("N401 A422 C422 R422 M422 E422 O422", "post"),
}
