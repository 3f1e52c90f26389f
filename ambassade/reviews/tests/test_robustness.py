"""The review without its PDF engine, under concurrent runs and deletions, and in French dates."""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from ambassade.analytics.overview import Period
from ambassade.reviews import services
from ambassade.reviews.content import period_label
from ambassade.reviews.models import ReviewReport

pytestmark = pytest.mark.django_db


def _without_weasyprint(monkeypatch, failure: type[Exception]) -> None:
    """Importing WeasyPrint fails as it does without the package (ImportError) or without Pango (OSError)."""
    real_import = builtins.__import__

    def importer(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise failure("cannot load library 'libpango-1.0-0': no such file")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", importer)


def _queued(world, language: str = "en") -> ReviewReport:
    today = services.organisation_today(world.organisation)
    return services.review_report_create(
        actor=world.users["admin"],
        organisation=world.organisation,
        start=today,
        end=today,
        language=language,
        enqueue=False,
    )


@pytest.mark.parametrize("failure", [ImportError, OSError])
def test_without_weasyprint_or_pango_a_review_fails_with_a_clear_message_and_no_file(
    world, monkeypatch, failure
) -> None:
    _without_weasyprint(monkeypatch, failure)
    report = _queued(world)
    services.review_report_run(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReviewReport.Status.FAILED
    assert report.error.startswith("The PDF cannot be written: WeasyPrint or the Pango library")
    assert "administrator" in report.error
    assert not report.html_file and not report.pdf_file


def test_without_pango_the_command_names_the_problem_and_still_writes_html(
    world, monkeypatch, tmp_path: Path
) -> None:
    _without_weasyprint(monkeypatch, OSError)
    today = services.organisation_today(world.organisation).isoformat()
    common = ("--from", today, "--to", today, "--organisation", world.organisation.slug, "--lang", "en")
    with pytest.raises(CommandError, match="The PDF cannot be written: WeasyPrint or the Pango library"):
        call_command("review_report", *common, "--output", str(tmp_path / "b.pdf"))
    assert not (tmp_path / "b.pdf").exists()
    call_command("review_report", *common, "--output", str(tmp_path / "b.html"))
    assert (tmp_path / "b.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_application_starts_without_weasyprint() -> None:
    """Django starts, checks itself and loads every module of the reviews app when importing WeasyPrint
    fails (no Pango on the server)."""
    program = (
        "import sys; sys.modules['weasyprint'] = None\n"
        "import django; django.setup()\n"
        "from django.core.management import call_command; call_command('check')\n"
        "import config.urls, ambassade.reviews.views, ambassade.reviews.api, ambassade.reviews.tasks\n"
        "import ambassade.reviews.periodic, ambassade.reviews.management.commands.review_report\n"
        "assert sys.modules['weasyprint'] is None\n"
        "print('started')\n"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and program
        [sys.executable, "-c", program],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "started" in done.stdout


def test_regenerating_a_review_that_another_request_just_queued_is_refused(world) -> None:
    report = _queued(world)
    services.review_report_run(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReviewReport.Status.DONE
    # Another request regenerated it and its run started, after this one read the review.
    ReviewReport.objects.filter(pk=report.pk).update(status=ReviewReport.Status.RUNNING, progress=40)
    with pytest.raises(ValidationError, match="being generated already"):
        services.review_report_regenerate(actor=world.users["comms"], report=report)
    report.refresh_from_db()
    assert report.status == ReviewReport.Status.RUNNING and report.progress == 40


def test_a_review_deleted_while_it_is_generated_leaves_no_file(world, monkeypatch, settings) -> None:
    report = _queued(world)
    real_writer = services._progress_writer

    def writer(report_id: int):
        write = real_writer(report_id)

        def deleting(percent: int, step: str) -> None:
            write(percent, step)
            if percent == 95:  # saving the files: the review is deleted meanwhile
                ReviewReport.objects.filter(pk=report_id).delete()

        return deleting

    monkeypatch.setattr(services, "_progress_writer", writer)
    services.review_report_run(report_id=report.pk)
    assert not ReviewReport.objects.exists()
    folder = Path(settings.MEDIA_ROOT) / "private" / "reviews" / str(world.organisation.pk)
    assert not folder.exists() or not list(folder.iterdir())


def test_french_dates_write_the_first_of_the_month_as_1er() -> None:
    period = Period(date(2026, 3, 1), date(2027, 2, 28))
    assert period_label(period, "fr") == "1er mars 2026 – 28 février 2027"
    assert period_label(period, "en") == "1 March 2026 – 28 February 2027"
