"""`manage.py review_report`: writes the PDF or the HTML with a progress bar; errors name the parameter."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ambassade.reviews import services
from ambassade.reviews.tests.support import pdf_text, review_data_make
from ambassade.testing.factories import organisation_create

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("review_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _several(world) -> list[str]:
    return ["--organisation", world.organisation.slug]


def test_the_command_writes_the_pdf_with_a_progress_bar(world, tmp_path: Path) -> None:
    data = review_data_make(world)
    output = tmp_path / "bilan.pdf"
    out, err = _run(
        "--from",
        data.start.isoformat(),
        "--to",
        data.end.isoformat(),
        "--output",
        str(output),
        "--lang",
        "en",
        *_several(world),
    )
    assert out.strip() == str(output)
    assert "100%" in err  # tqdm's bar on stderr
    text = pdf_text(output.read_bytes())
    assert "Participation and adoption" in text and "Applications 24" in text


def test_the_command_writes_html_for_an_entity(world, tmp_path: Path) -> None:
    today = services.organisation_today(world.organisation)
    output = tmp_path / "bilan.html"
    _run(
        "--from",
        (today - timedelta(days=30)).isoformat(),
        "--to",
        today.isoformat(),
        "--output",
        str(output),
        "--entity",
        "sud",
        "--lang",
        "fr",
        *_several(world),
    )
    html = output.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html and "Filiale Sud" in html


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"--from": "2026-02-30"}, "--from must be a date written YYYY-MM-DD"),
        ({"--to": "tomorrow"}, "--to must be a date written YYYY-MM-DD"),
        ({"--from": "2026-03-01", "--to": "2026-02-01"}, "--from: The start date must be on or before"),
        ({"--from": "2020-01-01", "--to": "2026-01-01"}, "--to: A review covers at most three years"),
        ({"--entity": "nowhere"}, "--entity:"),
        ({"--lang": "de"}, "--lang must be “fr” or “en”"),
        ({"--output": "bilan.docx"}, "--output must end in .pdf or .html"),
        ({"--output": "/no/such/folder/bilan.pdf"}, "--output: the folder"),
        ({"--organisation": "nowhere"}, "--organisation: there is no organisation"),
    ],
)
def test_bad_parameters_are_named(world, tmp_path: Path, change: dict[str, str], named: str) -> None:
    options = {
        "--from": "2026-01-01",
        "--to": "2026-01-31",
        "--output": str(tmp_path / "bilan.pdf"),
        "--organisation": world.organisation.slug,
    }
    options.update(change)
    args = [item for pair in options.items() for item in pair]
    with pytest.raises(CommandError) as raised:
        _run(*args)
    assert named in str(raised.value)
    assert not (tmp_path / "bilan.pdf").exists()


def test_the_organisation_is_required_when_there_are_several(world, tmp_path: Path) -> None:
    organisation_create("Troisième", slug="troisieme")
    with pytest.raises(CommandError, match="--organisation is required"):
        _run("--from", "2026-01-01", "--to", "2026-01-31", "--output", str(tmp_path / "b.pdf"))


def test_a_bad_parameter_exits_non_zero(world, capsys) -> None:
    from ambassade.reviews.management.commands.review_report import Command

    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(
            ["manage.py", "review_report", "--from", "x", "--to", "2026-01-01", "--output", "b.pdf"]
        )
    assert exited.value.code != 0
    assert "--from must be a date written YYYY-MM-DD" in capsys.readouterr().err
