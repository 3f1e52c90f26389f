"""Every listening URL, for every persona, against its policy (the project-wide matrix runs the same table
once the lead mounts /listening/): HR admins and communication officers only; foreign objects are 404."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from ambassade.listening.tests.policies import POLICY
from ambassade.testing.factories import World
from ambassade.testing.permissions import PERSONAS

pytestmark = pytest.mark.django_db


def test_every_listening_url_has_a_policy() -> None:
    from ambassade.listening import urls

    assert {pattern.name for pattern in urls.urlpatterns} == set(SCREENS)
    assert all(get_resolver().reverse_dict.getlist(name) for name in SCREENS)


# The API rules need a token: the project-wide matrix runs them.
SCREENS = sorted(name for name in POLICY if not name.startswith("api:"))


@pytest.mark.parametrize("name", SCREENS)
def test_each_persona_gets_what_the_listening_policy_says(name: str, world: World, client) -> None:
    rule = POLICY[name]
    url = reverse(name, kwargs=rule.kwargs(world) if rule.kwargs else None)
    failures = []
    for letter, expected in rule.statuses().items():
        client.logout()
        persona = PERSONAS[letter]
        if persona is not None:
            client.force_login(world.users[persona])
        data = rule.data(world) if rule.data else {}
        response = client.post(url, data) if rule.method == "post" else client.get(url)
        if response.status_code != expected:
            failures.append(f"{letter}: expected {expected}, got {response.status_code}")
    assert failures == [], f"{name} ({url})"
