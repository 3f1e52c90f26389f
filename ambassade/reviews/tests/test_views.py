"""The review screens: the list, "New review" with its defaults and its refusals (naming the field, in
French and in English), the detail with its progress bar, downloads (audited), regenerate and delete."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ambassade.core.models import AuditEvent
from ambassade.orgs.models import Membership
from ambassade.reviews import services
from ambassade.reviews.models import ReviewReport
from ambassade.reviews.tests.support import pdf_text

pytestmark = pytest.mark.django_db


def _speak(world, persona: str, language: str) -> None:
    Membership.objects.filter(user=world.users[persona]).update(language=language)


def _today(world):
    return services.organisation_today(world.organisation)


def _done(world, language: str = "en") -> ReviewReport:
    today = _today(world)
    report = services.review_report_create(
        actor=world.users["admin"],
        organisation=world.organisation,
        start=today,
        end=today,
        language=language,
        enqueue=False,
    )
    services.review_report_run(report_id=report.pk)
    report.refresh_from_db()
    return report


@pytest.mark.parametrize("language", ["fr", "en"])
def test_new_review_proposes_the_last_twelve_months_in_the_users_language(login, world, language) -> None:
    _speak(world, "comms", language)
    response = login("comms").get(reverse("review_new"))
    assert response.status_code == 200
    form = response.context["form"]
    today = _today(world)
    assert form.initial["period_start"] == today - timedelta(days=364)
    assert form.initial["period_end"] == today
    assert form.initial["language"] == language


def test_starting_a_review_generates_it_and_shows_the_downloads(
    login, world, django_capture_on_commit_callbacks
) -> None:
    client = login("admin")
    today = _today(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("review_new"),
            {
                "period_start": (today - timedelta(days=30)).isoformat(),
                "period_end": today.isoformat(),
                "entity": world.hq.pk,
                "language": "en",
            },
        )
    report = ReviewReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("review_detail", args=[report.pk])
    assert (report.entity, report.language, report.status) == (world.hq, "en", ReviewReport.Status.DONE)
    page = client.get(response["Location"]).content.decode()
    assert 'id="review-pdf"' in page and 'id="review-html"' in page
    assert "hx-get" not in page  # no more polling once done
    listing = client.get(reverse("review_list")).content.decode()
    assert f'data-review="{report.pk}"' in listing


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    ("start_days_ago", "end_days_ago", "field", "message"),
    [
        (5, 10, "From", "The start date must be on or before the end date."),
        (10, -2, "To", "The end date cannot be in the future."),
        (4 * 365, 0, "To", "A review covers at most three years: choose a shorter period."),
        (None, 0, "From", "Enter a valid date."),
    ],
)
def test_bad_dates_are_refused_naming_the_field(
    login, world, language, start_days_ago, end_days_ago, field, message
) -> None:
    _speak(world, "admin", language)
    today = _today(world)
    response = login("admin").post(
        reverse("review_new"),
        {
            "period_start": "2026-13-45"
            if start_days_ago is None
            else (today - timedelta(days=start_days_ago)),
            "period_end": today - timedelta(days=end_days_ago),
            "language": "fr",
        },
    )
    assert response.status_code == 200
    with translation.override(language):
        expected = f"{_(field)} — {_(message)}"
    assert expected in response.content.decode()
    assert not ReviewReport.objects.exists()


def test_a_running_review_shows_a_progress_bar_that_polls_its_fragment(login, world) -> None:
    today = _today(world)
    report = services.review_report_create(
        actor=world.users["admin"],
        organisation=world.organisation,
        start=today,
        end=today,
        language="fr",
        enqueue=False,
    )
    ReviewReport.objects.filter(pk=report.pk).update(
        status=ReviewReport.Status.RUNNING, progress=40, step="Coverage by department"
    )
    client = login("comms")
    page = client.get(reverse("review_detail", args=[report.pk])).content.decode()
    assert f'hx-get="{reverse("review_progress", args=[report.pk])}"' in page
    assert 'value="40"' in page and "Coverage by department" in page
    assert 'id="review-pdf"' not in page
    fragment = client.get(reverse("review_progress", args=[report.pk]), HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in fragment
    ReviewReport.objects.filter(pk=report.pk).update(status=ReviewReport.Status.DONE, progress=100)
    fragment = client.get(reverse("review_progress", args=[report.pk]), HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"


def test_downloads_are_audited_and_served_as_attachments(login, world) -> None:
    report = _done(world)
    client = login("comms")
    response = client.get(reverse("review_download", args=[report.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'attachment; filename="review-{world.organisation.slug}-' in response["Content-Disposition"]
    assert "There is no data for this period yet." in pdf_text(response.content)
    html = client.get(reverse("review_download", args=[report.pk, "html"]))
    assert html["Content-Type"].startswith("text/html")
    events = AuditEvent.objects.filter(action="review.download", target_id=str(report.pk))
    assert sorted(event.changes["format"] for event in events) == ["html", "pdf"]
    assert client.get(reverse("review_download", args=[report.pk, "docx"])).status_code == 404


def test_a_failed_review_shows_its_error_and_can_be_regenerated(
    login, world, django_capture_on_commit_callbacks
) -> None:
    today = _today(world)
    report = services.review_report_create(
        actor=world.users["admin"],
        organisation=world.organisation,
        start=today,
        end=today,
        language="en",
        enqueue=False,
    )
    ReviewReport.objects.filter(pk=report.pk).update(
        status=ReviewReport.Status.FAILED, error="Something broke."
    )
    client = login("admin")
    page = client.get(reverse("review_detail", args=[report.pk])).content.decode()
    assert "Something broke." in page and 'id="review-regenerate"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("review_regenerate", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReviewReport.Status.DONE and report.error == ""


def test_deleting_a_review_removes_its_files(login, world, django_capture_on_commit_callbacks) -> None:
    report = _done(world)
    storage = report.pdf_file.storage
    names = [report.pdf_file.name, report.html_file.name]
    with django_capture_on_commit_callbacks(execute=True):
        response = login("admin").post(reverse("review_delete", args=[report.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("review_list")
    assert not ReviewReport.objects.exists()
    assert not any(storage.exists(name) for name in names)
    assert AuditEvent.objects.filter(action="review.delete").exists()


def test_another_organisations_review_is_not_found(login, world) -> None:
    report = _done(world)
    client = login("outsider")
    for name, args in (
        ("review_detail", [report.pk]),
        ("review_progress", [report.pk]),
        ("review_download", [report.pk, "pdf"]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404
    assert client.post(reverse("review_delete", args=[report.pk])).status_code == 404
    assert ReviewReport.objects.filter(pk=report.pk).exists()


@pytest.mark.parametrize("persona", ["recruiter", "manager", "employee"])
def test_other_roles_cannot_see_the_reviews(login, world, persona) -> None:
    assert login(persona).get(reverse("review_list")).status_code == 403
