"""The demo's networks: about 60 % of enrolled ambassadors uploaded, colleagues of one department share
more connections than colleagues far apart, some are named, and it is fast and the same every time."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from ambassade.ambassadors.models import Ambassador
from ambassade.demo.generate import DemoContext
from ambassade.demo.network import network_create
from ambassade.network.models import ConnectionHash, NetworkSnapshot
from ambassade.network.selectors import network_overview
from ambassade.orgs.models import Person

pytestmark = pytest.mark.django_db


def _context(world) -> DemoContext:
    context = DemoContext(
        organisation=world.organisation, password_hash=make_password(None), today=timezone.localdate()
    )
    context.users = {name: world.users[name] for name in ("admin", "manager")}
    context.reseed("network")
    return context


def _enrol_many(world, count: int) -> None:
    departments = [world.unit, world.other_service, world.subsidiary_service]
    people = Person.objects.bulk_create(
        Person(
            organisation=world.organisation,
            entity=department.entity,
            department=department,
            hr_id=f"DEMO{index:04d}",
            first_name=f"Demo{index}",
            last_name="Ambassadeur",
        )
        for index in range(count)
        for department in [departments[index % 3]]
    )
    now = timezone.now()
    Ambassador.objects.bulk_create(
        Ambassador(
            organisation=world.organisation,
            person=person,
            status=Ambassador.Status.ENROLLED,
            enrolled_at=now,
            show_name_in_network=index % 4 == 0,
        )
        for index, person in enumerate(people)
    )


def test_the_demo_networks_overlap_more_inside_departments(world, settings) -> None:
    _enrol_many(world, 550)
    started = time.monotonic()
    network_create(_context(world))
    elapsed = time.monotonic() - started
    uploaded = NetworkSnapshot.objects.filter(organisation=world.organisation).count()
    assert 0.5 * 550 <= uploaded <= 0.7 * 550
    assert ConnectionHash.objects.count() == sum(NetworkSnapshot.objects.values_list("hashes", flat=True))
    assert Ambassador.objects.filter(invited_by__isnull=False).exists()
    settings.TASKS_MODE = "thread"  # the demo computed the figures: the page shows them at once
    overview = network_overview(membership=world.users["admin"].membership)
    assert overview.state == "ready"
    figures = overview.figures
    assert figures.distinct is not None and figures.connections is not None
    assert 10 < (figures.overlap_percent or 0) < 90
    matrix = overview.matrix
    web, finance = matrix.labels.index("Pôle web"), matrix.labels.index("Service finances")
    inside = matrix.cells[web][web] and matrix.cells[web][web] / matrix.uploaders[web]
    assert matrix.cells[web][finance] < matrix.cells[web][web]
    assert inside
    assert any(node.kind == "person" for node in overview.nodes)
    assert any(edge.kind == "overlap" for edge in overview.edges)
    # Under 3 s on an idle machine (2.1 s on SQLite, 0.7 s on PostgreSQL); only a gross regression fails
    # here, as test machines are shared.
    assert elapsed < 20, elapsed
    print(f"network demo step: {elapsed:.2f} s for {uploaded} uploads")


def test_the_demo_networks_are_the_same_every_time(world) -> None:
    _enrol_many(world, 30)
    network_create(_context(world))
    first = sorted(bytes(digest) for digest in ConnectionHash.objects.values_list("digest", flat=True))
    ConnectionHash.objects.all().delete()
    NetworkSnapshot.objects.all().delete()
    from ambassade.network.models import NetworkConsent

    NetworkConsent.objects.all().delete()
    Ambassador.objects.update(invited_by=None)
    network_create(_context(world))
    assert (
        sorted(bytes(digest) for digest in ConnectionHash.objects.values_list("digest", flat=True)) == first
    )
