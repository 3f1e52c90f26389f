"""The home page invites every member with an HR record to introduce someone, and tells them when their
introductions changed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ambassade.referrals.models import Introduction
from ambassade.referrals.tests.introductions_factories import introduce
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["admin", "comms", "recruiter", "manager", "employee"])
def test_every_home_page_invites_to_introduce_a_contact(world: World, login, persona: str) -> None:
    page = login(persona).get(reverse("home")).content.decode()
    assert 'id="referral-card"' in page and reverse("introduction_new") in page
    assert "Rien ne vous est demandé sur ses qualités." in page


def test_the_home_card_counts_the_changes_the_introducer_has_not_seen(world: World, login) -> None:
    introduction = introduce(world)
    Introduction.objects.filter(pk=introduction.pk).update(
        status=Introduction.Status.DECLINED, status_changed_at=timezone.now()
    )
    page = login("employee").get(reverse("home")).content.decode()
    news = "changement dans vos mises en relation depuis votre dernière visite"
    assert f'<span class="badge">1</span> {news}' in page
