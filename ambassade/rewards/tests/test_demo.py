"""The demo's catalogue: items in French, requests in every status from ambassadors who had the points,
balances that never go below zero, and a clean delete."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from ambassade.ambassadors.models import PointsEntry
from ambassade.ambassadors.recognition import points_lifetime
from ambassade.rewards.demo import rewards_demo_delete, rewards_demo_load
from ambassade.rewards.models import RewardItem, RewardRequest
from ambassade.rewards.tests.support import enrolled

pytestmark = pytest.mark.django_db


def test_the_demo_catalogue_has_requests_in_every_status_that_nobody_overspent(world) -> None:
    long_ago = timezone.now() - timedelta(days=90)
    ambassadors = [
        enrolled(person, points=points, at=long_ago)
        for person, points in zip(
            [world.people[name] for name in ("admin", "comms", "recruiter", "manager", "employee")],
            [900, 400, 300, 250, 200],
            strict=True,
        )
    ] + [
        enrolled(person, points=150, at=long_ago)
        for person in world.organisation.people.filter(last_name="Web")[:4]
    ]
    lifetime_before = {a.pk: points_lifetime(ambassador=a) for a in ambassadors}
    made = rewards_demo_load(organisation=world.organisation, now=timezone.now())
    names = set(RewardItem.objects.values_list("name", flat=True))
    assert {"iPad mini", "Mug isotherme", "T-shirt « Ambassadeur·rice »"} <= names
    assert {request.status for request in made} == set(RewardRequest.Status.values)
    for ambassador in ambassadors:
        balance = PointsEntry.objects.filter(ambassador=ambassador).aggregate(total=Sum("points"))["total"]
        assert balance >= 0
        assert points_lifetime(ambassador=ambassador) == lifetime_before[ambassador.pk]
    refunds = PointsEntry.objects.filter(reason=PointsEntry.Reason.REFUND).count()
    assert refunds == sum(1 for request in made if request.status in ("refused", "cancelled"))
    assert rewards_demo_load(organisation=world.organisation, now=timezone.now()) == []

    rewards_demo_delete(organisation=world.organisation)
    assert not RewardItem.objects.exists() and not RewardRequest.objects.exists()
    assert not PointsEntry.objects.filter(source__startswith="reward:").exists()
