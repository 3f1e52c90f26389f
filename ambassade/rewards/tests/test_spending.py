"""Spending points on rewards: spendable and lifetime points kept apart, no overspending (also two
requests at once), stock taken and put back, refunds of refused and cancelled requests."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from ambassade.ambassadors.ledger import points_refund, points_spend, points_spendable
from ambassade.ambassadors.models import Ambassador, PointsEntry
from ambassade.ambassadors.recognition import (
    leaderboard_people,
    ledger_rebuild_check,
    level_progress,
    points_lifetime,
)
from ambassade.core.models import AuditEvent
from ambassade.rewards.models import RewardItem, RewardRequest
from ambassade.rewards.services import (
    reward_request_approve,
    reward_request_cancel,
    reward_request_create,
    reward_request_deliver,
    reward_request_refuse,
)
from ambassade.rewards.tests.support import enrolled, item_make
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db
Reason = PointsEntry.Reason
Status = RewardRequest.Status


@pytest.fixture
def ambassador(world: World) -> Ambassador:
    return enrolled(world.people["employee"], points=160)


def ask(world: World, ambassador: Ambassador, item: RewardItem, note: str = "") -> RewardRequest:
    return reward_request_create(actor=world.users["employee"], ambassador=ambassador, item=item, note=note)


# --- the ledger -----------------------------------------------------------------------------------


def test_spending_writes_a_negative_row_that_lowers_spendable_points_but_not_lifetime_points(
    ambassador,
) -> None:
    entry = points_spend(ambassador=ambassador, points=60, source="reward:1", note="Mug")
    assert (entry.points, entry.reason, entry.source) == (-60, Reason.REDEMPTION, "reward:1")
    assert points_spendable(ambassador=ambassador) == 100
    assert points_lifetime(ambassador=ambassador) == 160


def test_spending_more_than_the_spendable_points_is_refused_and_writes_nothing(ambassador) -> None:
    points_spend(ambassador=ambassador, points=100, source="reward:1")
    with pytest.raises(ValidationError) as error:
        points_spend(ambassador=ambassador, points=61, source="reward:2")
    assert "61" in error.value.messages[0] and "60" in error.value.messages[0]
    assert points_spendable(ambassador=ambassador) == 60
    assert not PointsEntry.objects.filter(source="reward:2").exists()


def test_the_refusal_to_overspend_is_in_french_too(ambassador) -> None:
    from django.utils import translation

    with translation.override("fr"), pytest.raises(ValidationError) as error:
        points_spend(ambassador=ambassador, points=500, source="reward:9")
    assert error.value.messages[0].startswith("Pas assez de points")


def test_only_an_enrolled_ambassador_spends_even_through_an_old_copy(ambassador) -> None:
    Ambassador.objects.filter(pk=ambassador.pk).update(status=Ambassador.Status.WITHDRAWN)
    with pytest.raises(ValidationError):
        points_spend(ambassador=ambassador, points=10, source="reward:1")
    assert points_spendable(ambassador=ambassador) == 160


def test_a_refund_is_written_once_per_source_whatever_the_status(ambassador) -> None:
    points_spend(ambassador=ambassador, points=100, source="reward:1")
    Ambassador.objects.filter(pk=ambassador.pk).update(status=Ambassador.Status.WITHDRAWN)
    first = points_refund(ambassador=ambassador, points=100, source="reward:1:refund")
    again = points_refund(ambassador=ambassador, points=100, source="reward:1:refund")
    assert first is not None and first.reason == Reason.REFUND and again is None
    assert points_spendable(ambassador=ambassador) == 160
    assert points_lifetime(ambassador=ambassador) == 160


def test_spending_keeps_the_level_and_the_leaderboard_and_the_ledger_check_balanced(
    world, ambassador
) -> None:
    Ambassador.objects.filter(pk=ambassador.pk).update(leaderboard_opt_in=True)
    before = level_progress(organisation=world.organisation, points=points_lifetime(ambassador=ambassador))
    assert before.level is not None and before.level.name == "Ambassadeur·rice"  # 150 and more
    ask(world, ambassador, item_make(world.organisation, cost=150))
    after = level_progress(organisation=world.organisation, points=points_lifetime(ambassador=ambassador))
    assert after.level == before.level and after.points == 160
    assert points_spendable(ambassador=ambassador) == 10
    [row] = leaderboard_people(organisation=world.organisation, period="all")
    assert row.points == 160
    assert ledger_rebuild_check(ambassador=ambassador).ok


# --- requests -------------------------------------------------------------------------------------


def test_a_request_spends_its_points_at_once_takes_one_from_stock_and_is_audited(world, ambassador) -> None:
    item = item_make(world.organisation, name="T-shirt", cost=120, stock=3)
    request = ask(world, ambassador, item, note="  Taille M ")
    assert (request.status, request.cost, request.note) == (Status.REQUESTED, 120, "Taille M")
    entry = PointsEntry.objects.get(reason=Reason.REDEMPTION)
    assert (entry.points, entry.source, entry.note) == (-120, f"reward:{request.pk}", "T-shirt")
    item.refresh_from_db()
    assert item.stock == 2
    assert points_spendable(ambassador=ambassador) == 40
    assert AuditEvent.objects.filter(action="reward_request.create").count() == 1


def test_an_unlimited_item_keeps_no_count(world, ambassador) -> None:
    item = item_make(world.organisation, cost=10, stock=None)
    ask(world, ambassador, item)
    item.refresh_from_db()
    assert item.stock is None


def test_a_request_without_enough_points_leaves_no_request_and_the_stock_as_it_was(world, ambassador) -> None:
    item = item_make(world.organisation, name="iPad mini", cost=2500, stock=1)
    with pytest.raises(ValidationError) as error:
        ask(world, ambassador, item)
    assert "2500" in error.value.messages[0]
    assert not RewardRequest.objects.exists()
    item.refresh_from_db()
    assert item.stock == 1
    assert points_spendable(ambassador=ambassador) == 160


def test_an_item_out_of_stock_is_refused(world, ambassador) -> None:
    item = item_make(world.organisation, name="Mug", cost=10, stock=0)
    with pytest.raises(ValidationError) as error:
        ask(world, ambassador, item)
    assert error.value.message_dict["item"] == ["“Mug” is out of stock."]
    assert points_spendable(ambassador=ambassador) == 160


def test_an_archived_item_or_one_of_another_organisation_is_refused(world, ambassador) -> None:
    archived = item_make(world.organisation, cost=10, active=False)
    foreign = item_make(world.foreign_organisation, cost=10)
    for item in (archived, foreign):
        with pytest.raises(ValidationError) as error:
            ask(world, ambassador, item)
        assert "item" in error.value.message_dict
    assert not RewardRequest.objects.exists()


def test_someone_not_enrolled_is_told_to_join_the_programme(world) -> None:
    invited = Ambassador.objects.create(
        organisation=world.organisation, person=world.people["comms"], status=Ambassador.Status.INVITED
    )
    with pytest.raises(ValidationError) as error:
        reward_request_create(
            actor=world.users["comms"], ambassador=invited, item=item_make(world.organisation, cost=1)
        )
    assert error.value.messages == [
        "Only enrolled ambassadors can request rewards: join the ambassador programme first."
    ]


def test_a_withdrawn_ambassador_cannot_request_but_keeps_their_points(world, ambassador) -> None:
    from ambassade.ambassadors.services import ambassador_withdraw

    ambassador_withdraw(actor=world.users["employee"], ambassador=ambassador, language="en")
    with pytest.raises(ValidationError) as error:
        ask(world, ambassador, item_make(world.organisation, cost=10))
    assert "join the ambassador programme" in error.value.messages[0]
    assert points_spendable(ambassador=ambassador) == 160


def test_leaving_the_programme_cancels_waiting_requests_and_gives_points_and_stock_back(
    world, ambassador
) -> None:
    from ambassade.ambassadors.services import ambassador_withdraw

    item = item_make(world.organisation, cost=100, stock=2)
    waiting = ask(world, ambassador, item)
    approved = ask(world, ambassador, item_make(world.organisation, name="Mug", cost=20))
    reward_request_approve(actor=world.users["admin"], request=approved)
    assert points_spendable(ambassador=ambassador) == 40
    ambassador_withdraw(actor=world.users["employee"], ambassador=ambassador, language="en")
    statuses = set(
        RewardRequest.objects.filter(pk__in=[waiting.pk, approved.pk]).values_list("status", flat=True)
    )
    assert statuses == {RewardRequest.Status.CANCELLED}
    assert points_spendable(ambassador=ambassador) == 160
    item.refresh_from_db()
    assert item.stock == 2


def test_a_refused_request_gives_points_and_stock_back_and_keeps_the_reason(world, ambassador) -> None:
    item = item_make(world.organisation, cost=100, stock=1)
    request = ask(world, ambassador, item)
    reward_request_approve(actor=world.users["admin"], request=request)
    refused = reward_request_refuse(actor=world.users["admin"], request=request, note="Plus en stock")
    assert (refused.status, refused.decision_note) == (Status.REFUSED, "Plus en stock")
    assert refused.decided_by == world.users["admin"]
    refund = PointsEntry.objects.get(reason=Reason.REFUND)
    assert (refund.points, refund.source) == (100, f"reward:{request.pk}:refund")
    item.refresh_from_db()
    assert item.stock == 1
    assert (points_spendable(ambassador=ambassador), points_lifetime(ambassador=ambassador)) == (160, 160)


def test_a_refusal_needs_a_reason_and_a_delivered_request_cannot_be_refused(world, ambassador) -> None:
    request = ask(world, ambassador, item_make(world.organisation, cost=10))
    with pytest.raises(ValidationError) as error:
        reward_request_refuse(actor=world.users["admin"], request=request, note="   ")
    assert "decision_note" in error.value.message_dict
    reward_request_approve(actor=world.users["admin"], request=request)
    delivered = reward_request_deliver(actor=world.users["admin"], request=request)
    assert delivered.status == Status.DELIVERED and delivered.delivered_at is not None
    with pytest.raises(ValidationError):
        reward_request_refuse(actor=world.users["admin"], request=request, note="Erreur")
    assert not PointsEntry.objects.filter(reason=Reason.REFUND).exists()


def test_the_requester_cancels_a_waiting_request_and_gets_points_and_stock_back(world, ambassador) -> None:
    item = item_make(world.organisation, cost=100, stock=2)
    request = ask(world, ambassador, item)
    cancelled = reward_request_cancel(actor=world.users["employee"], request=request)
    assert cancelled.status == Status.CANCELLED
    item.refresh_from_db()
    assert item.stock == 2
    assert points_spendable(ambassador=ambassador) == 160
    # Twice: nothing more comes back.
    with pytest.raises(ValidationError):
        reward_request_cancel(actor=world.users["employee"], request=request)
    assert PointsEntry.objects.filter(reason=Reason.REFUND).count() == 1


def test_nobody_but_the_requester_cancels_and_an_approved_request_is_not_cancelled(world, ambassador) -> None:
    request = ask(world, ambassador, item_make(world.organisation, cost=10))
    with pytest.raises(ValidationError):
        reward_request_cancel(actor=world.users["admin"], request=request)
    reward_request_approve(actor=world.users["admin"], request=request)
    with pytest.raises(ValidationError) as error:
        reward_request_cancel(actor=world.users["employee"], request=request)
    assert "already approved" in error.value.messages[0]


def test_decisions_follow_the_order_of_the_workflow(world, ambassador) -> None:
    request = ask(world, ambassador, item_make(world.organisation, cost=10))
    with pytest.raises(ValidationError):
        reward_request_deliver(actor=world.users["admin"], request=request)
    reward_request_approve(actor=world.users["admin"], request=request)
    with pytest.raises(ValidationError):
        reward_request_approve(actor=world.users["admin"], request=request)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"reward_request.create", "reward_request.approve"} <= actions


# --- at the same time -----------------------------------------------------------------------------


def _at_once(*calls) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(len(calls))

    def run(call) -> None:
        try:
            start.wait()
            call()
        except BaseException as error:  # reported to the test thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_cannot_both_spend_the_last_points(world) -> None:
    ambassador = enrolled(world.people["employee"], points=100)
    first = item_make(world.organisation, name="Mug", cost=80)
    second = item_make(world.organisation, name="Livre", cost=80)
    errors = _at_once(lambda: ask(world, ambassador, first), lambda: ask(world, ambassador, second))
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert RewardRequest.objects.count() == 1
    assert points_spendable(ambassador=ambassador) == 20


@pytest.mark.django_db(transaction=True)
def test_two_people_at_once_cannot_both_take_the_last_item(world) -> None:
    employee = enrolled(world.people["employee"], points=100)
    manager = enrolled(world.people["manager"], points=100)
    item = item_make(world.organisation, name="iPad mini", cost=50, stock=1)
    errors = _at_once(
        lambda: reward_request_create(actor=world.users["employee"], ambassador=employee, item=item),
        lambda: reward_request_create(actor=world.users["manager"], ambassador=manager, item=item),
    )
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert "item" in errors[0].message_dict  # out of stock
    item.refresh_from_db()
    assert item.stock == 0
    assert RewardRequest.objects.count() == 1
    spent = PointsEntry.objects.filter(reason=Reason.REDEMPTION).count()
    assert spent == 1
