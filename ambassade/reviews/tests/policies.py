"""The permission policy of the reviews URLs (see ambassade/testing/permissions.py): HR admins and
communication officers only; another organisation's review is a 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ambassade.testing.factories import World
from ambassade.testing.permissions import Rule, api_rule


def _review(world: World, *, with_files: bool = False) -> Any:
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from ambassade.reviews.models import ReviewReport

    today = timezone.localdate()
    report = ReviewReport.objects.create(
        organisation=world.organisation,
        period_start=today - timedelta(days=364),
        period_end=today,
        language="fr",
        status=ReviewReport.Status.DONE,
        progress=100,
        created_by=world.users["admin"],
    )
    if with_files:
        report.html_file.save("policy.html", ContentFile(b"<html></html>"), save=False)
        report.pdf_file.save("policy.pdf", ContentFile(b"%PDF-1.7"), save=False)
        report.save()
    return report


def policy_review(world: World) -> dict[str, Any]:
    return {"pk": _review(world).pk}


def policy_review_download(world: World) -> dict[str, Any]:
    return {"pk": _review(world, with_files=True).pk, "kind": "pdf"}


REVIEWS = "N302 A200 C200 R403 M403 E403 O200"
REVIEWS_OBJECT = "N302 A200 C200 R403 M403 E403 O404"
REVIEWS_POST_OBJECT = "N302 A302 C302 R403 M403 E403 O404"
# The HR admin deletes first: the review is gone for the communication officer.
REVIEWS_DELETE = "N302 A302 C404 R403 M403 E403 O404"

POLICY: dict[str, Rule] = {
    "review_list": Rule(REVIEWS),
    "review_new": Rule(REVIEWS),
    "review_detail": Rule(REVIEWS_OBJECT, kwargs=policy_review),
    "review_progress": Rule(REVIEWS_OBJECT, kwargs=policy_review),
    "review_download": Rule(REVIEWS_OBJECT, kwargs=policy_review_download),
    "review_regenerate": Rule(REVIEWS_POST_OBJECT, method="post", kwargs=policy_review),
    "review_delete": Rule(REVIEWS_DELETE, method="post", kwargs=policy_review),
    # The API: an empty body is refused (422) before any lookup.
    "api:review_list": api_rule("N401 A200 C200 R403 M403 E403 O200", "get"),
    "api:review_create": api_rule("N401 A422 C422 R403 M403 E403 O422", "post"),
    "api:review_get": api_rule("N401 A200 C200 R403 M403 E403 O404", "get", policy_review),
}
