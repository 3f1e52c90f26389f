from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ambassade.api.models import ApiToken
from ambassade.api.services import api_token_authenticate
from ambassade.testing.factories import user_create

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_a_working_token_on_its_last_line(world) -> None:
    out, err = _run("comms", "--name", "Dashboards")
    raw = out.strip().splitlines()[-1]
    membership = api_token_authenticate(raw=raw)
    assert membership is not None and membership.user == world.users["comms"]
    assert ApiToken.objects.get(user=world.users["comms"]).name == "Dashboards"
    assert raw not in err


def test_the_command_names_the_token_when_no_name_is_given(world) -> None:
    _run("admin")
    assert ApiToken.objects.get(user=world.users["admin"]).name


def test_the_command_refuses_an_unknown_user(world) -> None:
    with pytest.raises(CommandError, match="nobody"):
        _run("nobody")
    assert not ApiToken.objects.exists()


def test_the_command_refuses_a_user_without_membership(db) -> None:
    user_create("loner", organisation=None, role=None)
    with pytest.raises(CommandError, match="organisation"):
        _run("loner")
    assert not ApiToken.objects.exists()
