"""Builders and fixtures for the content hub's tests (import the fixtures into a test module to use them)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ambassade.ambassadors.models import ContentItem, SuggestedText
from ambassade.careers.models import JobOffer
from ambassade.careers.tests.factories import job_offer_create
from ambassade.testing.factories import World


@pytest.fixture
def news_hosts(settings) -> None:
    """News items lead to www.example.org (an allowed host of the organisation's links)."""
    settings.LINK_ALLOWED_HOSTS = [".example.org"]


def item_create(
    world: World,
    *,
    title: str = "Portes ouvertes",
    status: str = ContentItem.Status.PUBLISHED,
    texts: list[tuple[str, str, str]] | None = None,
    **values: Any,
) -> ContentItem:
    """An item (published for everyone by default) with texts given as (network, language, text)."""
    values.setdefault("kind", ContentItem.Kind.NEWS)
    if values["kind"] != ContentItem.Kind.JOB:
        values.setdefault("target_url", "https://www.example.org/actualites/portes-ouvertes")
    values.setdefault("publish_from", timezone.now() - timedelta(hours=2))
    if status == ContentItem.Status.PUBLISHED:
        values.setdefault("published_at", timezone.now() - timedelta(hours=1))
    entities = values.pop("entities", [])
    departments = values.pop("departments", [])
    audiences = values.pop("audiences", [])
    item = ContentItem.objects.create(organisation=world.organisation, title=title, status=status, **values)
    item.entities.set(entities)
    item.departments.set(departments)
    item.audiences.set(audiences)
    variants: dict[tuple[str, str], int] = {}
    for network, language, text in texts or [("x", "fr", "Venez nous voir aux portes ouvertes !")]:
        variants[(network, language)] = variants.get((network, language), 0) + 1
        SuggestedText.objects.create(
            item=item, network=network, language=language, variant=variants[(network, language)], text=text
        )
    return item


def job_item_create(world: World, offer: JobOffer | None = None, **values: Any) -> ContentItem:
    offer = offer or job_offer_create(world.hq, title="Chargée de communication")
    return item_create(
        world, kind=ContentItem.Kind.JOB, job=offer, title=values.pop("title", str(offer)), **values
    )
