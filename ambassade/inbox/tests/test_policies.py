"""Every inbox URL, for every persona, against tests/policies.py (the project's permission matrix runs
the same table once the lead adds it there)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from ambassade.api.services import api_token_create
from ambassade.inbox.tests.policies import POLICY
from ambassade.testing.factories import World
from ambassade.testing.permissions import PERSONAS, Rule

pytestmark = pytest.mark.django_db


def _request(client, rule: Rule, url: str, world: World, persona: str | None):
    client.logout()
    data = rule.data(world) if rule.data else {}
    if not rule.token:
        if persona is not None:
            client.force_login(world.users[persona])
        return client.post(url, data) if rule.method == "post" else client.get(url)
    headers = {}
    if persona is not None:
        _, secret = api_token_create(user=world.users[persona], name="matrix")
        headers["Authorization"] = f"Bearer {secret}"
    send = getattr(client, rule.method)
    if rule.method == "get":
        return send(url, headers=headers)
    return send(url, data=json.dumps(data), content_type="application/json", headers=headers)


@pytest.mark.parametrize("name", sorted(POLICY))
def test_each_persona_gets_what_the_inbox_policy_says(name: str, world: World, client) -> None:
    rule = POLICY[name]
    url = reverse(name, kwargs=rule.kwargs(world) if rule.kwargs else None)
    failures = []
    for letter, expected in rule.statuses().items():
        response = _request(client, rule, url, world, PERSONAS[letter])
        if response.status_code != expected:
            failures.append(f"{letter}: expected {expected}, got {response.status_code}")
    assert failures == [], f"{name} ({url})"
