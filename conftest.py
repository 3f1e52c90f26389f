from __future__ import annotations

import pytest
from django.test import Client

from ambassade.testing.factories import World, world_create

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
def _tasks_run_synchronously(settings) -> None:
    settings.TASKS_MODE = "sync"
