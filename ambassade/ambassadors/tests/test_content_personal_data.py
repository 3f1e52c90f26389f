"""Personal data of the content hub: the person's part in items, and their shares."""

from __future__ import annotations

import pytest

from ambassade.ambassadors.content_services import content_item_transition, share_create
from ambassade.ambassadors.models import ContentItem, Share
from ambassade.ambassadors.tests.content_factories import item_create, news_hosts
from ambassade.core.personal_data import person_data_erase, person_data_export, unregistered_personal_models
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

__all__ = ["news_hosts"]
pytestmark = pytest.mark.usefixtures("news_hosts")


def test_the_content_models_with_personal_data_are_registered() -> None:
    missing = unregistered_personal_models()
    assert "ambassadors.ContentItem" not in missing and "ambassadors.Share" not in missing


def test_the_persons_part_in_items_is_exported_and_detached_on_erasure(world: World) -> None:
    comms, admin = world.users["comms"], world.users["admin"]
    item = item_create(world, title="Forum", status="draft", created_by=comms)
    item = content_item_transition(actor=comms, item=item, to="in_review")
    item = content_item_transition(actor=admin, item=item, to="published")
    exported = person_data_export(person=world.people["comms"])["ambassadors.ContentItem"]
    assert exported == [
        {
            "item": "Forum",
            "kind": "news",
            "status": "published",
            "roles": ["created", "submitted for review"],
            "created_at": item.created_at,
            "published_at": item.published_at,
        }
    ]
    person_data_erase(person=world.people["comms"])
    item = ContentItem.objects.get(pk=item.pk)
    assert (item.created_by, item.submitted_by, item.approved_by) == (None, None, admin)


def test_the_persons_shares_are_exported_and_become_anonymous_counts_on_erasure(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    item = item_create(world, title="Forum", texts=[("x", "fr", "Venez !")])
    share_create(actor=None, ambassador=ambassador, item=item, network="x", text=item.texts.get())
    share_create(actor=None, ambassador=ambassador, item=item, network="bluesky", own_text="Mon texte")
    exported = person_data_export(person=world.people["employee"])["ambassadors.Share"]
    assert [(row["item"], row["network"], row["suggested_text"], row["own_text"]) for row in exported] == [
        ("Forum", "x", "Venez !", False),
        ("Forum", "bluesky", None, True),
    ]
    assert all(row["link"] for row in exported)
    person_data_erase(person=world.people["employee"])
    assert Share.objects.filter(item=item).count() == 2
    assert not Share.objects.filter(ambassador__isnull=False).exists()
    assert person_data_export(person=world.people["employee"])["ambassadors.Share"] == []
