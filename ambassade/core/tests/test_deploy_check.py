"""`manage.py check --deploy` passes, warnings included, with the production settings of
docs/self-hosting.md."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def production_environment(data_dir: Path) -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name in {"PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "DATABASE_URL"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        HTTPS="true",
        SECURE_HSTS_PRELOAD="true",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="ambassade.example.org",
        SITE_URL="https://ambassade.example.org",
        DATA_DIR=str(data_dir),
    )
    return environment


def test_the_deployment_check_passes_without_a_warning_in_production_settings(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_check_fails_when_debug_is_left_on(tmp_path: Path) -> None:
    environment = production_environment(tmp_path) | {"DEBUG": "true"}

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert result.returncode != 0
    assert "security.W018" in result.stderr


def test_every_variable_the_settings_read_is_documented() -> None:
    settings_source = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    variables = set(re.findall(r'env_[a-z]+\(\s*"([A-Z0-9_]+)"', settings_source))
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL"} <= variables

    for document in ("docs/configuration.md", ".env.example"):
        text = (ROOT / document).read_text(encoding="utf-8")
        missing = sorted(name for name in variables if not re.search(rf"\b{name}\b", text))
        assert not missing, f"{document} does not mention {', '.join(missing)}"
