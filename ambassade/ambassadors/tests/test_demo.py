"""The demo's running programme: a third of the staff enrolled, six months of shares, a growing curve."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from ambassade.ambassadors.models import (
    ActivityDay,
    AdoptionSnapshot,
    Ambassador,
    BadgeAward,
    ContentItem,
    PointsEntry,
    Share,
)
from ambassade.ambassadors.programme import programme_get
from ambassade.ambassadors.recognition import ledger_rebuild_check
from ambassade.demo.generate import demo_organisation_get
from ambassade.demo.programme import LAUNCH_DAYS_AGO
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
def test_about_a_third_of_the_staff_is_enrolled_with_some_invited_and_a_few_withdrawn(demo) -> None:
    staff = demo.people.filter(is_active=True).count()
    ambassadors = Ambassador.objects.filter(organisation=demo)
    enrolled = ambassadors.filter(status=Ambassador.Status.ENROLLED).count()
    assert 0.25 * staff <= enrolled <= 0.35 * staff
    assert ambassadors.filter(status=Ambassador.Status.INVITED).count() > 20
    assert ambassadors.filter(status=Ambassador.Status.WITHDRAWN).count() > 5


@pytest.mark.django_db
def test_executives_joined_before_agents_as_in_the_cascade(demo) -> None:
    def median_join(slug: str) -> float:
        joined = Ambassador.objects.filter(organisation=demo, person__audience__slug=slug)
        moments = sorted(m.timestamp() for m in joined.values_list("enrolled_at", flat=True) if m is not None)
        return moments[len(moments) // 2]

    assert median_join("directeurs") < median_join("encadrants") < median_join("agents")


@pytest.mark.django_db
def test_the_demo_accounts_are_ambassadors_with_shares_points_and_badges(demo) -> None:
    employee = Ambassador.objects.get(person__membership__user__username="employee")
    assert employee.status == Ambassador.Status.ENROLLED and employee.leaderboard_opt_in
    assert Share.objects.filter(ambassador=employee).count() >= 4
    assert PointsEntry.objects.filter(ambassador=employee).aggregate(total=Sum("points"))["total"] > 0
    assert BadgeAward.objects.filter(ambassador=employee).exists()
    assert employee.accounts.filter(network="linkedin").exists()


@pytest.mark.django_db
def test_shares_span_six_months_and_many_are_confirmed_by_a_human_click(demo) -> None:
    shares = Share.objects.filter(organisation=demo)
    oldest = shares.order_by("opened_at").first()
    assert oldest is not None and oldest.opened_at < timezone.now() - timedelta(days=120)
    confirmed = shares.filter(confirmed_at__isnull=False).count()
    assert 0.5 * shares.count() < confirmed < shares.count()
    assert all(share.link is not None and share.link.ambassador_id for share in shares[:50])


@pytest.mark.django_db
def test_the_ledger_of_every_sampled_ambassador_matches_their_events(demo) -> None:
    for ambassador in Ambassador.objects.filter(organisation=demo, status="enrolled").order_by("pk")[:40]:
        check = ledger_rebuild_check(ambassador=ambassador)
        assert check.ok, (ambassador.pk, check)


@pytest.mark.django_db
def test_the_adoption_curve_has_a_snapshot_for_every_day_since_launch_and_grows(demo) -> None:
    launched_on = programme_get(organisation=demo).launched_on
    assert launched_on == timezone.localdate() - timedelta(days=LAUNCH_DAYS_AGO)
    days = AdoptionSnapshot.objects.filter(organisation=demo).values("day").distinct().count()
    assert days == LAUNCH_DAYS_AGO + 1

    def enrolled_on(offset: int) -> int:
        day = launched_on + timedelta(days=offset)
        total = AdoptionSnapshot.objects.filter(organisation=demo, day=day).aggregate(n=Sum("enrolled"))["n"]
        return int(total or 0)

    assert enrolled_on(15) < enrolled_on(60) < enrolled_on(LAUNCH_DAYS_AGO)
    assert ActivityDay.objects.filter(ambassador__organisation=demo).exists()


@pytest.mark.django_db
def test_the_hub_has_published_items_of_every_kind_and_a_draft_and_one_in_review(demo) -> None:
    items = ContentItem.objects.filter(organisation=demo)
    published = items.filter(status=ContentItem.Status.PUBLISHED)
    assert {item.kind for item in published} == set(ContentItem.Kind.values)
    assert items.filter(status=ContentItem.Status.DRAFT).count() == 1
    assert items.filter(status=ContentItem.Status.IN_REVIEW).count() == 1
    assert all(item.texts.filter(network="x", language="fr").exists() for item in published)
