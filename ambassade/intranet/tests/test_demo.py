"""The demo's digests: two definitions, eight frozen past weeks each, confirmed subscribers; fast."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ambassade.demo.generate import DemoContext
from ambassade.demo.intranet import intranet_create
from ambassade.intranet.models import Digest, Issue, Subscription
from ambassade.intranet.tests.support import active_on, item_make, shares_make
from ambassade.orgs.models import Person

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_digests_with_eight_past_weeks_and_subscribers(world) -> None:
    person = world.people["employee"]
    person.email = "emile@example.org"
    person.save()
    active_on(person, timezone.localdate() - timedelta(days=10), opt_in=True)
    shares_make(item_make(world.organisation, "Forum"), 3, at=timezone.now() - timedelta(days=10))
    context = DemoContext(
        organisation=world.organisation, password_hash=make_password(None), today=timezone.localdate()
    )
    context.entities = {"siege": world.hq, "sud": world.subsidiary}
    context.people = list(Person.objects.filter(organisation=world.organisation))
    context.users = {name: world.users[name] for name in ("admin", "comms")}
    context.reseed("intranet")
    started = time.monotonic()
    intranet_create(context)
    assert time.monotonic() - started < 3
    digests = list(Digest.objects.filter(organisation=world.organisation).order_by("pk"))
    assert [digest.entity for digest in digests] == [None, world.subsidiary]
    for digest in digests:
        issues = list(Issue.objects.filter(digest=digest).order_by("period_start"))
        assert len(issues) == 8
        assert all(
            (b.period_start - a.period_start).days == 7 for a, b in zip(issues, issues[1:], strict=False)
        )
    assert Subscription.objects.filter(digest=digests[0], confirmed_at__isnull=False).count() == 6
    assert Subscription.objects.filter(digest=digests[0], confirmed_at__isnull=True).count() == 1
    named = [issue.content["active"]["named"] for issue in Issue.objects.filter(digest=digests[0])]
    assert ["Émile Employé"] in named
    assert Client().get(reverse("intranet_latest", args=[digests[0].token])).status_code == 200
