"""The demo's social referral: introductions at every status, the demo employee's own at each status the
introducer sees, points that follow the rules, one burst held for review, and a catalogue in use."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum

from ambassade.ambassadors.models import Ambassador, PointsEntry
from ambassade.ambassadors.recognition import ledger_rebuild_check
from ambassade.demo.generate import demo_organisation_get
from ambassade.orgs.models import Membership, Organisation
from ambassade.referrals import rules
from ambassade.referrals.models import Introduction, PointsHold
from ambassade.rewards.models import RewardRequest


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker) -> Iterator[Organisation]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        organisation = demo_organisation_get()
        assert organisation is not None
        yield organisation
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_the_demo_has_introductions_at_every_status_an_introducer_can_see(demo) -> None:
    introductions = Introduction.objects.filter(organisation=demo).select_related("application")
    seen = {rules.introducer_status(introduction) for introduction in introductions}
    assert seen == set(rules.INTRODUCER_STATUS_LABELS)
    assert introductions.filter(via=Introduction.Via.LINK).exists()  # applications through ambassadors' links
    assert introductions.filter(offer__isnull=True).exists()  # spontaneous ones too


def test_the_demo_employee_has_one_introduction_at_each_main_status(demo) -> None:
    person = Membership.objects.get(user__username="employee").person
    mine = Introduction.objects.filter(introducer=person).select_related("application")
    statuses = {rules.introducer_status(introduction) for introduction in mine}
    assert {rules.PENDING, rules.CONFIRMED, rules.IN_PROCESS, rules.HIRED, rules.NOT_RETAINED} <= statuses
    assert {rules.DECLINED, rules.EXPIRED} <= statuses


def test_declined_and_expired_demo_introductions_keep_no_contact_data(demo) -> None:
    closed = Introduction.objects.filter(
        organisation=demo, status__in=[Introduction.Status.DECLINED, Introduction.Status.EXPIRED]
    )
    assert closed.exists()
    assert not closed.exclude(contact_name="", contact_email="", contact_hash="").exists()


def test_the_demo_points_follow_the_stages_and_the_ledger_adds_up(demo) -> None:
    hired = Introduction.objects.filter(organisation=demo, credited=True, application__stage="hired").first()
    assert hired is not None and hired.introducer is not None
    earned = PointsEntry.objects.filter(
        ambassador__person=hired.introducer,
        reason="introduction",
        source__startswith=f"introduction:{hired.pk}:",
    ).aggregate(total=Sum("points"))["total"]
    assert earned == 25 + 50 + 100
    ambassador = Ambassador.objects.get(person=hired.introducer)
    assert ledger_rebuild_check(ambassador=ambassador).ok


def test_one_burst_of_introductions_waits_for_hr(demo) -> None:
    holds = PointsHold.objects.filter(organisation=demo, status=PointsHold.Status.HELD)
    assert [hold.why for hold in holds] == [PointsHold.Why.TOO_MANY_INTRODUCTIONS]


def test_the_demo_catalogue_has_requests_in_every_status(demo) -> None:
    statuses = set(RewardRequest.objects.filter(organisation=demo).values_list("status", flat=True))
    assert statuses == set(RewardRequest.Status.values)
