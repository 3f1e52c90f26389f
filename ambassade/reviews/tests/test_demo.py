"""The demo's review: generated at load, in French, in a few seconds; or, when that fails, left waiting
for the periodic job."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from ambassade.demo.generate import DemoContext
from ambassade.demo.reviews import reviews_create
from ambassade.reviews.models import ReviewReport
from ambassade.reviews.periodic import reviews_run_queued
from ambassade.reviews.tests.support import pdf_text, review_data_make

pytestmark = pytest.mark.django_db


def _context(world) -> DemoContext:
    context = DemoContext(
        organisation=world.organisation, password_hash=make_password(None), today=timezone.localdate()
    )
    context.users = {"admin": world.users["admin"]}
    return context


def test_the_demo_has_a_finished_french_review_of_the_last_year(world) -> None:
    review_data_make(world)
    started = time.monotonic()
    reviews_create(_context(world))
    elapsed = time.monotonic() - started
    report = ReviewReport.objects.get()
    assert (report.status, report.language, report.days) == (ReviewReport.Status.DONE, "fr", 365), (
        report.error
    )
    assert report.created_by == world.users["admin"]
    assert "Région Exemple" in pdf_text(report.pdf_file.read())
    assert elapsed < 10, elapsed


def test_a_demo_review_that_fails_waits_for_the_periodic_job(world, monkeypatch) -> None:
    from ambassade.reviews import render

    real = render.review_pdf
    monkeypatch.setattr(render, "review_pdf", lambda html: (_ for _ in ()).throw(OSError("no fonts")))
    reviews_create(_context(world))
    report = ReviewReport.objects.get()
    assert (report.status, report.error) == (ReviewReport.Status.QUEUED, "")
    monkeypatch.setattr(render, "review_pdf", real)
    reviews_run_queued()
    report.refresh_from_db()
    assert report.status == ReviewReport.Status.DONE, report.error
