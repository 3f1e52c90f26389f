from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from ambassade.careers.models import JobOffer, JobOfferTranslation
from ambassade.links.models import TrackedLink
from ambassade.links.services import tracked_link_create
from ambassade.links.targets import link_target_forget
from ambassade.links.visitors import salts_forget
from ambassade.testing.factories import World

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture(scope="session", autouse=True)
def _no_lock_file_left(django_db_setup: None) -> Iterator[None]:
    """On SQLite, clicks take turns on a lock file beside the database: the test database's goes too."""
    yield
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite":
        Path(f"{name}.clicks-lock").unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Salts and link targets are remembered per process; each test starts from what its database holds."""
    salts_forget()
    link_target_forget()
    yield
    salts_forget()
    link_target_forget()


def offer_create(world: World, *, title: str = "Développeuse web", **values: Any) -> JobOffer:
    values.setdefault("entity", world.hq)
    values.setdefault("reference", f"REF-{JobOffer.objects.count() + 1:04d}")
    values.setdefault("status", JobOffer.Status.PUBLISHED)
    values.setdefault("published_at", timezone.now() - timedelta(days=1))
    offer = JobOffer.objects.create(
        organisation=world.organisation, contract_type=JobOffer.Contract.FULL_TIME, **values
    )
    JobOfferTranslation.objects.create(offer=offer, language="fr", title=title, description="<p>Venez !</p>")
    return offer


@pytest.fixture
def offer(world: World) -> JobOffer:
    return offer_create(world)


@pytest.fixture
def make_link(world: World) -> Callable[..., TrackedLink]:
    """make_link(channel="x", ambassador=..., ...) → a link to the HQ's career site unless told otherwise."""

    def make(**values: Any) -> TrackedLink:
        values.setdefault("target_type", TrackedLink.Target.CAREER_PAGE)
        if values["target_type"] == TrackedLink.Target.CAREER_PAGE:
            values.setdefault("entity", world.hq)
        values.setdefault("channel", "linkedin")
        return tracked_link_create(actor=world.users["comms"], organisation=world.organisation, **values)

    return make


@pytest.fixture
def link(make_link: Callable[..., TrackedLink]) -> TrackedLink:
    return make_link()
