"""Personal data of the rewards catalogue: a person's requests are exported and erased with them (an
item still held goes back in stock); the items they hand out are listed, then left without them."""

from __future__ import annotations

import pytest

from ambassade.core import personal_data
from ambassade.core.models import AuditEvent
from ambassade.rewards.models import RewardItem, RewardRequest
from ambassade.rewards.services import (
    reward_item_create,
    reward_item_update,
    reward_request_approve,
    reward_request_deliver,
)
from ambassade.rewards.tests.support import item_make, request_make

pytestmark = pytest.mark.django_db


def test_the_registry_covers_the_rewards_models() -> None:
    assert personal_data.unregistered_personal_models() == []
    labels = {handler.model._meta.label for handler in personal_data.registered_handlers()}
    assert {"rewards.RewardRequest", "rewards.RewardItem"} <= labels


def test_an_export_holds_the_persons_requests_and_the_items_they_hand_out(world) -> None:
    tshirt = item_make(world.organisation, name="T-shirt", cost=50, handed_out_by=world.people["comms"])
    request = request_make(world, item=tshirt, note="Taille M")
    reward_request_approve(actor=world.users["admin"], request=request)
    data = personal_data.person_data_export(person=world.people["employee"])
    [row] = data["rewards.RewardRequest"]
    assert (row["item"], row["cost"], row["status"], row["note"]) == ("T-shirt", 50, "approved", "Taille M")
    assert data["rewards.RewardItem"] == []
    handler = personal_data.person_data_export(person=world.people["comms"])
    assert handler["rewards.RewardItem"] == [{"hands_out": "T-shirt", "active": True}]
    decider = personal_data.person_data_export(person=world.people["admin"])
    assert decider["rewards.RewardRequest"] == [
        {"decided": "approved", "item": "T-shirt", "decided_at": RewardRequest.objects.get().decided_at}
    ]


def test_erasure_deletes_the_requests_puts_held_items_back_and_keeps_delivered_stock(world) -> None:
    held = item_make(world.organisation, name="Mug", cost=10, stock=3)
    handed = item_make(world.organisation, name="Livre", cost=10, stock=3)
    request_make(world, item=held)
    delivered = request_make(world, item=handed)
    reward_request_approve(actor=world.users["admin"], request=delivered)
    reward_request_deliver(actor=world.users["admin"], request=delivered)
    counts = personal_data.person_data_erase(person=world.people["employee"])
    assert counts["rewards.RewardRequest"] == 2
    assert not RewardRequest.objects.exists()
    held.refresh_from_db()
    handed.refresh_from_db()
    assert (held.stock, handed.stock) == (3, 2)
    assert not AuditEvent.objects.filter(
        action="reward_request.create", target_label__contains="Employé"
    ).exists()


def test_erasing_the_person_who_hands_items_out_leaves_the_items_without_them(world) -> None:
    item = reward_item_create(
        actor=world.users["admin"],
        organisation=world.organisation,
        name="T-shirt",
        cost=50,
        handed_out_by=world.people["comms"],
    )
    reward_item_update(
        actor=world.users["admin"], item=item, name="T-shirt", cost=60, handed_out_by=world.people["comms"]
    )
    assert AuditEvent.objects.filter(changes__icontains="T-shirt").exists()
    personal_data.person_data_erase(person=world.people["comms"])
    item.refresh_from_db()
    assert item.handed_out_by is None and RewardItem.objects.count() == 1
    created = AuditEvent.objects.get(action="reward_item.create")
    assert created.changes["handed_out_by_id"] == [None, world.people["comms"].pk]
    # The audit log named the item's hander by id only: nothing about them is left in it.
    assert not AuditEvent.objects.filter(changes__icontains="Camille").exists()
