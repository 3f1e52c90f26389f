"""A review generated in the background on demo-like data: its PDF and HTML, in French and in English,
with the expected headings and figures; failures and regeneration."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from ambassade.core.models import AuditEvent
from ambassade.reviews import services
from ambassade.reviews.models import ReviewReport
from ambassade.reviews.tests.support import pdf_text, review_data_make
from ambassade.reviews.typography import NNBSP, typography

pytestmark = pytest.mark.django_db

HEADINGS = (
    "Participation and adoption",
    "Coverage by department",
    "Followers and reach",
    "Traffic to the career sites",
    "Applications, introductions and hires by source",
    "Candidate inbox: response times",
)


def _generated(world, language: str, django_capture_on_commit_callbacks) -> tuple[ReviewReport, str]:
    data = review_data_make(world)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.review_report_create(
            actor=world.users["admin"],
            organisation=world.organisation,
            start=data.start,
            end=data.end,
            language=language,
        )
    report.refresh_from_db()
    assert report.status == ReviewReport.Status.DONE, report.error
    return report, pdf_text(report.pdf_file.read())


def _expected(language: str, text: str) -> str:
    """The text as the review prints it: translated, with the language's typography."""
    with translation.override(language):
        return typography(_(text), language)


def test_an_english_review_has_every_section_and_the_figures_of_the_period(
    world, django_capture_on_commit_callbacks
) -> None:
    report, text = _generated(world, "en", django_capture_on_commit_callbacks)
    assert report.progress == 100
    assert "Review of the ambassador programme" in text
    assert "Région Exemple" in text
    for heading in HEADINGS:
        assert heading in text, heading
    assert "Page followers 1,185" in text
    # 1,000 → 1,185 followers: the chart zooms on the data and says so under it.
    assert "The vertical axis does not start at zero: it starts at 1,000." in text
    assert "+185" in text  # followers gained over the year
    assert "Applications 24" in text
    assert "Hires 3" in text
    assert "Shares 1,248" in text  # 8 ambassadors × 3 shares × 52 weeks
    assert "Remote work" in text  # the listening theme, in English
    assert "Median first response (hours)" in text
    html = report.html_file.read().decode()
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "<style>" in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_a_french_review_is_in_french_with_french_typography(
    world, django_capture_on_commit_callbacks
) -> None:
    report, text = _generated(world, "fr", django_capture_on_commit_callbacks)
    for heading in HEADINGS:
        assert _expected("fr", heading) in text, heading
    assert "novembre" in text or "décembre" in text  # the period, in French dates
    assert f"1{NNBSP}185" in text  # page followers, digit groups joined by a narrow no-break space
    assert f"1{NNBSP}248" in text
    assert "Télétravail" in text
    # Double punctuation has a narrow no-break space before it, in the PDF's own text.
    assert f"{NNBSP}:" in text
    assert " :" not in text.replace(f"{NNBSP}:", "")
    assert _expected("fr", "Review of the ambassador programme") in text


def test_a_review_of_an_entity_names_it_on_the_cover(world, django_capture_on_commit_callbacks) -> None:
    data = review_data_make(world)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.review_report_create(
            actor=world.users["comms"],
            organisation=world.organisation,
            start=data.start,
            end=data.end,
            entity=world.subsidiary,
            language="en",
        )
    report.refresh_from_db()
    text = pdf_text(report.pdf_file.read())
    assert "Filiale Sud" in text.split("Compared with")[0]
    assert "Shares 1,248" not in text  # the ambassadors are all at headquarters


def test_a_period_with_no_data_says_so(world, django_capture_on_commit_callbacks) -> None:
    today = services.organisation_today(world.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.review_report_create(
            actor=world.users["admin"], organisation=world.organisation, start=today, end=today, language="en"
        )
    report.refresh_from_db()
    assert report.status == ReviewReport.Status.DONE
    assert "There is no data for this period yet." in pdf_text(report.pdf_file.read())


def test_a_failure_leaves_a_readable_error_and_no_file(
    world, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    from ambassade.reviews import render

    def broken(html: str) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(render, "review_pdf", broken)
    today = services.organisation_today(world.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.review_report_create(
            actor=world.users["admin"], organisation=world.organisation, start=today, end=today, language="en"
        )
    report.refresh_from_db()
    assert report.status == ReviewReport.Status.FAILED
    assert "could not be generated" in report.error and "disk full" in report.error
    assert not report.html_file and not report.pdf_file
    storage = report.html_file.storage
    assert (
        not storage.exists(f"private/reviews/{world.organisation.pk}")
        or not storage.listdir(f"private/reviews/{world.organisation.pk}")[1]
    )


def test_regenerating_replaces_the_files(world, django_capture_on_commit_callbacks) -> None:
    today = services.organisation_today(world.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.review_report_create(
            actor=world.users["admin"], organisation=world.organisation, start=today, end=today, language="en"
        )
    report.refresh_from_db()
    first = report.pdf_file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.review_report_regenerate(actor=world.users["comms"], report=report)
    report.refresh_from_db()
    assert report.status == ReviewReport.Status.DONE and report.runs == 2
    assert report.pdf_file.name != first
    assert report.pdf_file.storage.exists(report.pdf_file.name)
    assert not report.pdf_file.storage.exists(first)
    assert AuditEvent.objects.filter(action="review.regenerate", target_id=str(report.pk)).exists()


def test_a_review_runs_once_even_when_its_task_comes_twice(world) -> None:
    today = services.organisation_today(world.organisation)
    report = services.review_report_create(
        actor=world.users["admin"],
        organisation=world.organisation,
        start=today,
        end=today,
        language="en",
        enqueue=False,
    )
    assert services.review_report_run(report_id=report.pk) is True
    assert services.review_report_run(report_id=report.pk) is False
    report.refresh_from_db()
    assert report.runs == 1


def test_the_periodic_job_generates_queued_reviews_and_restarts_interrupted_ones(world) -> None:
    from datetime import timedelta

    from django.utils import timezone

    today = services.organisation_today(world.organisation)
    queued = services.review_report_create(
        actor=None, organisation=world.organisation, start=today, end=today, language="fr", enqueue=False
    )
    stuck = services.review_report_create(
        actor=None, organisation=world.organisation, start=today, end=today, language="en", enqueue=False
    )
    ReviewReport.objects.filter(pk=stuck.pk).update(
        status=ReviewReport.Status.RUNNING, started_at=timezone.now() - timedelta(hours=1)
    )
    assert services.reviews_run_queued() == 2
    assert set(ReviewReport.objects.values_list("status", flat=True)) == {ReviewReport.Status.DONE}
    assert queued.pk != stuck.pk


@pytest.mark.parametrize(
    ("days_back", "days_long", "field", "message"),
    [
        (10, -5, "from", "The start date must be on or before the end date."),
        (-3, 1, "to", "The end date cannot be in the future."),
        (4 * 365, 4 * 365, "to", "A review covers at most three years: choose a shorter period."),
    ],
)
def test_a_bad_period_is_refused_naming_the_field(world, days_back, days_long, field, message) -> None:
    from datetime import timedelta

    from django.core.exceptions import ValidationError

    today = services.organisation_today(world.organisation)
    start = today - timedelta(days=days_back)
    with pytest.raises(ValidationError) as raised:
        services.review_report_create(
            actor=world.users["admin"],
            organisation=world.organisation,
            start=start,
            end=start + timedelta(days=days_long),
            language="en",
        )
    assert raised.value.message_dict == {field: [message]}
    assert not ReviewReport.objects.exists()


def test_another_organisations_entity_is_refused(world) -> None:
    from django.core.exceptions import ValidationError

    from ambassade.testing.factories import entity_create

    foreign = entity_create(world.foreign_organisation, "Ailleurs", slug="ailleurs")
    today = services.organisation_today(world.organisation)
    with pytest.raises(ValidationError) as raised:
        services.review_report_create(
            actor=world.users["admin"],
            organisation=world.organisation,
            start=today,
            end=today,
            language="en",
            entity=foreign,
        )
    assert list(raised.value.message_dict) == ["entity"]


def test_training_impacts_are_shown_with_their_sentence_interval_or_reason(world, monkeypatch) -> None:
    from ambassade.training import impact_data
    from ambassade.training.impact_data import ImpactResult, MetricImpact

    def impacts(**kwargs) -> list[ImpactResult]:
        shares = MetricImpact(
            metric="shares",
            label="Shares per week",
            effect=1.8,
            low=0.9,
            high=2.7,
            ratio=1.8,
            treated_before=1.0,
            treated_after=3.0,
            control_before=1.0,
            control_after=1.2,
        )
        return [
            ImpactResult(
                subject="Atelier LinkedIn du 12 mars",
                treated_n=24,
                control_n=60,
                metrics=[shares],
                reason=None,
                sentence="After the workshop, participants share 1.8 times more.",
                weekly={},
            ),
            ImpactResult(
                subject="Conférence",
                treated_n=3,
                control_n=2,
                metrics=[],
                reason="Too few participants.",
                sentence="No estimate yet.",
                weekly={},
            ),
        ]

    monkeypatch.setattr(impact_data, "impacts_for_period", impacts)
    today = services.organisation_today(world.organisation)
    files = services.review_files(
        organisation=world.organisation, entity=None, start=today, end=today, language="en"
    )
    text = pdf_text(files.pdf or b"")
    assert "Training impact" in text
    assert "After the workshop, participants share 1.8 times more." in text
    assert "24 participants, 60 in the comparison group" in text
    assert "[0.90, 2.70]" in text and "×1.8" in text
    assert "Too few participants." in text
