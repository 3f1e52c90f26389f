from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from ambassade.testing.factories import World, world_create

pytest_plugins = ["ambassade.testing.browser", "ambassade.testing.smtp"]


def pytest_configure() -> None:
    from django.conf import settings

    # Hashing passwords properly takes ~0.3 s each; tests create hundreds of accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


ROLES = ["admin", "comms", "recruiter", "manager", "employee", "outsider"]


@pytest.fixture
def world(db: None) -> World:
    return world_create()


@pytest.fixture
def login(world: World, client: Client):
    """login("manager") signs the test client in as that persona and returns it."""

    def sign_in(persona: str) -> Client:
        client.force_login(world.users[persona])
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Services and commands speak English in tests unless a test asks otherwise; requests still
    get French by default through the middleware, as users do."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings) -> None:
    settings.TASKS_MODE = "sync"
    # The hashing encoder is instant; the tests of the e5 tier ask for it explicitly.
    settings.LISTENING_ENCODER = "hashing"
    # Each test starts with an empty cache: "e-mail already sent for application 1" must not leak into
    # a later test whose database gave the same id again.
    cache.clear()
    # Production serves hashed files after collectstatic; tests read the sources directly.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
