"""The demo's applications step (ambassade/demo/applications.py), run on a small organisation."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from ambassade.careers.models import Application, ApplicationNote
from ambassade.careers.tests.application_factories import offer_create
from ambassade.demo.applications import APPLICATIONS, applications_create, applications_delete
from ambassade.demo.generate import DemoContext
from ambassade.links.models import TrackedLink
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


def _context(world: World) -> DemoContext:
    context = DemoContext(organisation=world.organisation, password_hash="!", today=timezone.localdate())
    context.users = dict(world.users)
    context.reseed("applications")
    return context


def _digest() -> list[tuple]:
    return list(
        Application.objects.order_by("pk").values_list("first_name", "last_name", "stage", "source_channel")
    )


def test_the_demo_spreads_applications_over_offers_stages_and_sources(world) -> None:
    offers = [offer_create(world.hq), offer_create(world.hq), offer_create(world.subsidiary)]
    link = TrackedLink.objects.create(
        organisation=world.organisation, code="demo01", target_type="job", job=offers[0], channel="linkedin"
    )
    applications_create(_context(world))
    applications = Application.objects.filter(organisation=world.organisation)
    assert applications.count() == APPLICATIONS
    stages = Counter(applications.values_list("stage", flat=True))
    assert set(stages) == set(Application.Stage.values)
    assert applications.filter(source_link=link, source_channel="linkedin").exists()
    assert applications.filter(source_link__isnull=True, source_channel="direct").exists()
    assert not applications.filter(source_link__isnull=False).exclude(offer=offers[0]).exists()
    assert applications.filter(offer__isnull=True).exists()
    decided = applications.filter(stage__in=["hired", "rejected"])
    assert not decided.filter(decided_at__isnull=True).exists()
    assert not applications.exclude(stage__in=["hired", "rejected"]).filter(decided_at__isnull=False).exists()
    assert ApplicationNote.objects.filter(author=world.users["recruiter"]).exists()
    oldest = applications.order_by("created_at").first()
    assert oldest is not None and (timezone.now() - oldest.created_at).days <= 76


def test_the_demo_draws_the_same_applications_every_time(world) -> None:
    offer_create(world.hq)
    applications_create(_context(world))
    first = _digest()
    applications_delete(organisation=world.organisation)
    assert not Application.objects.exists()
    applications_create(_context(world))
    assert _digest() == first


def test_without_offers_the_step_adds_nothing(world) -> None:
    applications_create(_context(world))
    assert not Application.objects.exists()
