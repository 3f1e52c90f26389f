import os
import subprocess
import sys
from pathlib import Path

import pytest

from ambassade.lib.env import EnvError, env_bool, env_choice, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[3]


def test_a_value_can_come_from_a_file(monkeypatch, tmp_path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("SOME_SECRET_FILE", str(secret))
    assert env_str("SOME_SECRET") == "from-a-file"


def test_bad_values_name_the_variable(monkeypatch) -> None:
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(EnvError, match="SOME_FLAG='maybe' is not a boolean"):
        env_bool("SOME_FLAG", False)
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(EnvError, match="SOME_NUMBER='ten' is not a whole number"):
        env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_MODE", "fast")
    with pytest.raises(EnvError, match="SOME_MODE='fast' must be one of: a, b"):
        env_choice("SOME_MODE", "a", ("a", "b"))


def test_lists_are_comma_separated(monkeypatch) -> None:
    monkeypatch.setenv("SOME_HOSTS", "a.example, b.example,")
    assert env_list("SOME_HOSTS") == ["a.example", "b.example"]


def _start_with(**variables: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **variables, "DJANGO_SETTINGS_MODULE": "config.settings"}
    code = "import django; django.setup()"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def test_the_app_refuses_to_start_with_a_malformed_setting() -> None:
    result = _start_with(DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG='perhaps' is not a boolean" in result.stderr


def test_the_app_refuses_celery_mode_without_a_broker() -> None:
    result = _start_with(TASKS_MODE="celery", CELERY_BROKER_URL="")
    assert result.returncode != 0
    assert "TASKS_MODE=celery needs CELERY_BROKER_URL" in result.stderr


def test_a_short_secret_key_is_refused() -> None:
    result = _start_with(SECRET_KEY="short")
    assert "SECRET_KEY must be at least 32 characters long" in result.stderr
