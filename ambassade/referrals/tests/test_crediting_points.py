"""Points per stage, the credit rule between two introducers, joining later, withdrawing, payroll."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ambassade.ambassadors.ledger import points_adjust, points_balance
from ambassade.ambassadors.models import Ambassador, PointsEntry
from ambassade.ambassadors.services import ambassador_join, ambassador_withdraw
from ambassade.careers.tests.application_factories import offer_create
from ambassade.core.models import AuditEvent
from ambassade.core.personal_data import person_data_erase, person_data_export
from ambassade.referrals.crediting import (
    introduction_points_sync,
    referral_points_reconcile,
    referral_points_sync_person,
)
from ambassade.referrals.introductions import (
    introduction_decline,
    introduction_never_again,
    introductions_erase_due,
    introductions_expire,
)
from ambassade.referrals.models import Introduction, PayrollBonus, ReferralSettings
from ambassade.referrals.rules import referral_settings_get
from ambassade.referrals.tests.crediting_factories import confirm, introduce, introduction_points, move
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(world: World) -> World:
    ambassador_enrol(world.people["employee"])
    return world


def test_a_confirmed_introduction_earns_25_points_then_50_at_interview_and_100_when_hired(
    enrolled: World,
) -> None:
    employee = enrolled.people["employee"]
    introduction = confirm(introduce(enrolled))
    assert introduction.credited is True
    assert introduction_points(employee) == [25]
    move(enrolled, introduction, "screening")
    assert introduction_points(employee) == [25]
    move(enrolled, introduction, "interview")
    move(enrolled, introduction, "offer")
    move(enrolled, introduction, "hired")
    assert introduction_points(employee) == [25, 50, 100]
    sources = PointsEntry.objects.filter(ambassador__person=employee).values_list("source", flat=True)
    assert set(sources) == {
        f"introduction:{introduction.pk}:confirmed:0",
        f"introduction:{introduction.pk}:interview:0",
        f"introduction:{introduction.pk}:hired:0",
    }


def test_points_per_stage_follow_the_organisations_settings(enrolled: World) -> None:
    ReferralSettings.objects.update_or_create(
        organisation=enrolled.organisation,
        defaults={"points_confirmed": 10, "points_interview": 0, "points_hired": 150},
    )
    introduction = confirm(introduce(enrolled))
    move(enrolled, introduction, "interview")
    move(enrolled, introduction, "hired")
    assert introduction_points(enrolled.people["employee"]) == [10, 150]


def test_moving_a_candidate_back_writes_a_negative_row_and_the_ledger_stays_append_only(
    enrolled: World,
) -> None:
    employee = enrolled.people["employee"]
    introduction = confirm(introduce(enrolled))
    move(enrolled, introduction, "hired")
    assert introduction_points(employee) == [25, 50, 100]
    move(enrolled, introduction, "screening")
    assert introduction_points(employee) == [25, 50, 100, -50, -100]
    assert points_balance(ambassador=employee.ambassador) == 25


def test_back_and_forth_through_the_stages_never_counts_twice(enrolled: World) -> None:
    employee = enrolled.people["employee"]
    introduction = confirm(introduce(enrolled))
    for _round in range(3):
        move(enrolled, introduction, "interview")
        move(enrolled, introduction, "received")
    move(enrolled, introduction, "interview")
    assert sum(introduction_points(employee)) == 25 + 50
    introduction_points_sync(introduction=introduction)
    referral_points_reconcile()
    assert sum(introduction_points(employee)) == 25 + 50
    sources = list(
        PointsEntry.objects.filter(ambassador__person=employee, source__contains=":interview:")
        .order_by("id")
        .values_list("source", "points")
    )
    assert sources[:3] == [
        (f"introduction:{introduction.pk}:interview:0", 50),
        (f"introduction:{introduction.pk}:interview:1", -50),
        (f"introduction:{introduction.pk}:interview:2", 50),
    ]


def test_a_candidate_rejected_after_an_interview_keeps_what_the_introducer_earned(enrolled: World) -> None:
    introduction = confirm(introduce(enrolled))
    move(enrolled, introduction, "interview")
    move(enrolled, introduction, "rejected")
    referral_points_reconcile()
    assert introduction_points(enrolled.people["employee"]) == [25, 50]


def test_a_pending_or_declined_introduction_earns_nothing(enrolled: World) -> None:
    pending = introduce(enrolled)
    introduction_points_sync(introduction=pending)
    declined = introduce(enrolled)
    Introduction.objects.filter(pk=declined.pk).update(status="declined", credited=True)
    declined.refresh_from_db()
    introduction_points_sync(introduction=declined)
    assert introduction_points(enrolled.people["employee"]) == []


def test_the_same_candidate_introduced_twice_credits_the_first_introduction_confirmed(world: World) -> None:
    first, second = world.people["employee"], world.people["manager"]
    ambassador_enrol(first)
    ambassador_enrol(second)
    offer = offer_create(world.hq)
    earlier = introduce(world, introducer=first, offer=offer, email="bob@example.net")
    later = introduce(world, introducer=second, offer=offer, email="Bob@Example.net ")
    confirm(later)  # the contact answered the second colleague's e-mail first
    confirm(earlier, apply=False)
    earlier.refresh_from_db()
    later.refresh_from_db()
    assert (earlier.credited, later.credited) == (False, True)
    move(world, later, "interview")
    assert introduction_points(second) == [25, 50]
    assert introduction_points(first) == []


def test_under_the_first_introduced_rule_the_earliest_introducer_is_credited_and_follows_the_candidate(
    world: World,
) -> None:
    ReferralSettings.objects.create(organisation=world.organisation, credit_rule="first_introduced")
    first, second = world.people["employee"], world.people["manager"]
    ambassador_enrol(first)
    ambassador_enrol(second)
    offer = offer_create(world.hq)
    earlier = introduce(world, introducer=first, offer=offer, email="bob@example.net")
    later = introduce(world, introducer=second, offer=offer, email="bob@example.net")
    confirm(later)  # the application hangs on the later introduction
    earlier.refresh_from_db()
    assert (earlier.credited, later.credited) == (True, False)
    assert introduction_points(first) == [25]
    move(world, later, "hired")
    assert introduction_points(first) == [25, 50, 100]
    assert introduction_points(second) == []
    # Only one introduction of the same person for the same offer is ever credited.
    assert Introduction.objects.filter(offer=offer, credited=True).count() == 1


def test_an_introduction_for_another_offer_is_credited_on_its_own(enrolled: World) -> None:
    one = confirm(introduce(enrolled, email="carol@example.net"))
    other = confirm(introduce(enrolled, email="carol@example.net"))
    assert one.credited and other.credited
    assert introduction_points(enrolled.people["employee"]) == [25, 25]


def test_an_employee_not_yet_enrolled_is_credited_when_they_join(world: World) -> None:
    employee = world.people["employee"]
    introduction = confirm(introduce(world))
    move(world, introduction, "interview")
    assert not PointsEntry.objects.exists()
    ambassador = ambassador_join(actor=world.users["employee"], person=employee, language="fr")
    assert ambassador.status == Ambassador.Status.ENROLLED
    assert introduction_points(employee) == [25, 50]
    referral_points_sync_person(person=employee)
    assert introduction_points(employee) == [25, 50]


def test_a_withdrawn_ambassador_gets_nothing_more(enrolled: World) -> None:
    employee = enrolled.people["employee"]
    introduction = confirm(introduce(enrolled))
    ambassador_withdraw(actor=enrolled.users["employee"], ambassador=employee.ambassador, language="fr")
    move(enrolled, introduction, "hired")
    referral_points_reconcile()
    assert introduction_points(employee) == [25]


def test_an_introduction_whose_introducer_was_erased_earns_nobody_anything_more(enrolled: World) -> None:
    introduction = confirm(introduce(enrolled))
    Introduction.objects.filter(pk=introduction.pk).update(introducer=None)
    move(enrolled, introduction, "hired")
    assert introduction_points(enrolled.people["employee"]) == [25]


def test_a_payroll_bonus_is_recorded_only_when_the_cash_bonus_is_on_and_never_twice(enrolled: World) -> None:
    introduction = confirm(introduce(enrolled))
    move(enrolled, introduction, "hired")
    assert not PayrollBonus.objects.exists()  # off by default

    rules = referral_settings_get(organisation=enrolled.organisation)
    assert rules.cash_bonus_enabled is False
    ReferralSettings.objects.filter(pk=rules.pk).update(
        cash_bonus_enabled=True, cash_bonus_amount=Decimal("300")
    )
    second = confirm(introduce(enrolled))
    move(enrolled, second, "hired")
    move(enrolled, second, "offer")
    move(enrolled, second, "hired")
    bonus = PayrollBonus.objects.get()
    assert (bonus.introduction_id, bonus.person, bonus.amount, bonus.currency) == (
        second.pk,
        enrolled.people["employee"],
        Decimal("300.00"),
        "EUR",
    )
    assert AuditEvent.objects.filter(action="payroll_bonus.record").count() == 1


def test_manual_adjustments_of_an_introducer_stay_in_the_ledger_with_their_author_and_in_the_audit_log(
    enrolled: World,
) -> None:
    employee = enrolled.people["employee"]
    confirm(introduce(enrolled))
    entry = points_adjust(
        actor=enrolled.users["admin"], ambassador=employee.ambassador, points=-25, note="Fake candidate"
    )
    assert entry.author == enrolled.users["admin"] and entry.reason == "adjustment"
    event = AuditEvent.objects.get(action="points.adjust")
    assert event.changes == {"points": [None, -25], "note": [None, "Fake candidate"]}
    assert points_balance(ambassador=employee.ambassador) == 0


def test_the_hourly_reconciliation_looks_only_at_what_changed_in_the_last_two_days(enrolled: World) -> None:
    from ambassade.careers.models import Application

    introduction = confirm(introduce(enrolled))
    assert introduction.application_id is not None
    long_ago = timezone.now() - timedelta(days=10)
    Introduction.objects.filter(pk=introduction.pk).update(updated_at=long_ago, status_changed_at=long_ago)
    Application.objects.filter(pk=introduction.application_id).update(
        stage="interview", stage_changed_at=long_ago
    )
    Ambassador.objects.filter(person=enrolled.people["employee"]).update(enrolled_at=long_ago)
    assert referral_points_reconcile(since=timezone.now() - timedelta(days=2)) == 0
    Application.objects.filter(pk=introduction.application_id).update(stage_changed_at=timezone.now())
    assert referral_points_reconcile(since=timezone.now() - timedelta(days=2)) == 1
    assert introduction_points(enrolled.people["employee"]) == [25, 50]


def test_the_hourly_reconciliation_credits_a_missed_stage_once(enrolled: World) -> None:
    introduction = confirm(introduce(enrolled))
    from ambassade.careers.models import Application

    assert introduction.application_id is not None
    Application.objects.filter(pk=introduction.application_id).update(stage="interview")  # no signal
    assert referral_points_reconcile() == 1
    referral_points_reconcile()
    assert introduction_points(enrolled.people["employee"]) == [25, 50]


def test_holds_and_payroll_bonuses_are_exported_and_erased_with_the_person(enrolled: World) -> None:
    employee = enrolled.people["employee"]
    ReferralSettings.objects.create(
        organisation=enrolled.organisation,
        cash_bonus_enabled=True,
        cash_bonus_amount=Decimal("150"),
        daily_points_cap=50,
    )
    introduction = confirm(introduce(enrolled))
    move(enrolled, introduction, "hired")  # 25 credited, then 50 and 100 over the cap: held
    exported = person_data_export(person=employee)
    assert [row["points"] for row in exported["referrals.PointsHold"]] == [50, 100]
    assert exported["referrals.PayrollBonus"][0]["amount"] == "150.00"
    person_data_erase(person=employee)
    from ambassade.referrals.models import PointsHold

    assert not PointsHold.objects.exists()
    bonus = PayrollBonus.objects.get()
    assert bonus.person is None and bonus.amount == Decimal("150.00")


def test_an_introduction_made_long_ago_is_not_a_burst(enrolled: World) -> None:
    old = timezone.now() - timedelta(days=3)
    for _index in range(7):
        introduce(enrolled, at=old)
    confirm(introduce(enrolled))
    assert introduction_points(enrolled.people["employee"]) == [25]


# --- a contact who agreed through a colleague's introduction -------------------------------------------


def _first_introduced_pair(world: World) -> tuple[Introduction, Introduction]:
    """Two colleagues introduce bob@example.net for the same offer; the rule credits the first one."""
    ReferralSettings.objects.create(organisation=world.organisation, credit_rule="first_introduced")
    first, second = world.people["employee"], world.people["manager"]
    ambassador_enrol(first)
    ambassador_enrol(second)
    offer = offer_create(world.hq)
    earlier = introduce(world, introducer=first, offer=offer, email="bob@example.net")
    later = introduce(world, introducer=second, offer=offer, email="bob@example.net")
    confirm(later)  # the contact agreed through the later colleague's link
    earlier.refresh_from_db()
    return earlier, later


def test_once_the_contact_agreed_through_a_colleagues_link_the_other_introductions_are_confirmed_too(
    world: World, django_capture_on_commit_callbacks, smtp_inbox
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        earlier, later = _first_introduced_pair(world)
    assert (earlier.status, earlier.application_id, earlier.credited) == ("confirmed", None, True)
    assert earlier.responded_at is not None and earlier.status_changed_at is not None
    assert AuditEvent.objects.filter(action="introduction.confirm", target_id=str(earlier.pk)).exists()
    # The earlier introducer is told (the later one by the confirmation itself, helper A's side).
    introducers = {world.people["employee"].email, world.people["manager"].email}
    told = [message["To"] for message in smtp_inbox.messages if message["To"] in introducers]
    assert told == [world.people["employee"].email]


def test_the_credited_introduction_of_a_contact_who_agreed_elsewhere_never_expires_and_keeps_earning(
    world: World,
) -> None:
    earlier, later = _first_introduced_pair(world)
    later_on = timezone.now() + timedelta(days=90)
    assert introductions_expire(now=later_on) == 0
    introductions_erase_due(now=later_on)
    earlier.refresh_from_db()
    assert (earlier.status, earlier.erased_at, earlier.credited) == ("confirmed", None, True)
    move(world, later, "interview")
    move(world, later, "hired")
    referral_points_reconcile()
    assert introduction_points(world.people["employee"]) == [25, 50, 100]
    assert introduction_points(world.people["manager"]) == []


def test_an_introduction_closed_by_a_colleague_s_confirmation_shows_the_candidate_s_progress(
    world: World,
) -> None:
    from ambassade.referrals.rules import HIRED, introducer_status

    earlier, later = _first_introduced_pair(world)
    earlier.refresh_from_db()
    assert earlier.application_id is None  # the contact applied through the colleague's link
    move(world, later, "hired")
    assert introducer_status(Introduction.objects.get(pk=earlier.pk)) == HIRED


def test_the_contact_cannot_decline_a_colleagues_introduction_after_agreeing_and_no_points_are_taken_back(
    world: World,
) -> None:
    earlier, later = _first_introduced_pair(world)
    with pytest.raises(ValidationError):
        introduction_decline(introduction=earlier)
    assert introduction_never_again(introduction=earlier) == 0  # nothing still waiting to decline
    earlier.refresh_from_db()
    assert earlier.status == "confirmed" and earlier.credited
    referral_points_reconcile()
    assert introduction_points(world.people["employee"]) == [25]


def test_an_introduction_for_another_offer_stays_pending_when_the_contact_agrees_to_one(world: World) -> None:
    elsewhere = introduce(world, email="bob@example.net")
    confirm(introduce(world, email="bob@example.net"))
    elsewhere.refresh_from_db()
    assert elsewhere.status == "pending"
