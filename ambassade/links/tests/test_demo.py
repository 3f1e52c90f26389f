"""The demo's tracked links: campaigns, links for dozens of ambassadors, and 90 days of clicks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum

from ambassade.demo.generate import demo_organisation_get
from ambassade.demo.links import AMBASSADORS, LINKS
from ambassade.links.models import AmbassadorCounter, Campaign, Click, LinkDailyRollup, TrackedLink
from ambassade.orgs.models import Organisation


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker) -> Iterator[Organisation]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        organisation = demo_organisation_get()
        assert organisation is not None
        yield organisation
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_has_campaigns_and_links_shared_by_dozens_of_ambassadors(demo) -> None:
    links = TrackedLink.objects.filter(organisation=demo)
    assert Campaign.objects.filter(organisation=demo).count() == 5
    assert links.count() >= LINKS
    outside_the_hub = links.filter(shares=None).exclude(ambassador=None)  # the hub's shares: see ambassadors
    ambassadors = outside_the_hub.values("ambassador").distinct().count()
    assert AMBASSADORS - 10 <= ambassadors <= AMBASSADORS
    assert links.filter(ambassador__membership__user__username="employee").exists()
    assert len({link.channel for link in links}) >= 8


@pytest.mark.django_db
def test_the_demo_has_90_days_of_clicks_of_every_kind_already_rolled_up(demo) -> None:
    clicks = Click.objects.filter(link__organisation=demo)
    reasons = set(clicks.values_list("reason", flat=True))
    assert reasons == {"", "head_request", "bot", "prefetch", "duplicate", "self_click"}
    humans = clicks.filter(reason="").count()
    assert humans > 1000
    rollups = LinkDailyRollup.objects.filter(organisation=demo)
    assert rollups.aggregate(total=Sum("human_clicks"))["total"] == humans
    days = rollups.values("day").distinct().count()
    assert days >= 80
    assert AmbassadorCounter.objects.filter(ambassador__organisation=demo).exists()
