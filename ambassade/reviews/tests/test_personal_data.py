"""The personal-data registry covers who asked for a review (the review itself names no one)."""

from __future__ import annotations

import pytest

from ambassade.core.personal_data import person_data_erase, person_data_export, unregistered_personal_models
from ambassade.reviews import services
from ambassade.reviews.models import ReviewReport

pytestmark = pytest.mark.django_db


def test_the_reviews_someone_asked_for_are_exported_and_unlinked_on_erasure(world) -> None:
    today = services.organisation_today(world.organisation)
    services.review_report_create(
        actor=world.users["admin"],
        organisation=world.organisation,
        start=today,
        end=today,
        language="fr",
        enqueue=False,
    )
    admin = world.people["admin"]
    exported = person_data_export(person=admin)["reviews.ReviewReport"]
    assert exported == [
        {
            "review_from": today.isoformat(),
            "review_to": today.isoformat(),
            "language": "fr",
            "status": "queued",
            "created_at": ReviewReport.objects.get().created_at.isoformat(),
        }
    ]
    person_data_erase(person=admin)
    assert ReviewReport.objects.get().created_by is None
    assert "reviews.ReviewReport" not in unregistered_personal_models()
