from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from ambassade.api.services import api_token_create
from ambassade.testing.factories import World

ApiCall = Callable[..., Any]


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings: Any) -> None:
    # Pages render {% static %}; tests run without `collectstatic`, so no manifest exists.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def tokens(world: World) -> dict[str, str]:
    """A valid API token for every persona (admin, comms, recruiter, manager, employee, outsider)."""
    return {persona: api_token_create(user=user, name="tests")[1] for persona, user in world.users.items()}


@pytest.fixture
def api(tokens: dict[str, str]) -> ApiCall:
    """api("manager", "get", "/api/v1/people/", params={...}) → the response; persona None sends no token."""
    client = Client()

    def call(
        persona: str | None,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        all_headers = dict(headers or {})
        if persona is not None:
            all_headers.setdefault("Authorization", f"Bearer {tokens[persona]}")
        if method == "get":
            return client.get(path, data=params or {}, headers=all_headers)
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return client.generic(
            method.upper(), path, data=data, content_type="application/json", headers=all_headers
        )

    return call
