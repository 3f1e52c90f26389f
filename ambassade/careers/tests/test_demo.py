"""The demo's career sites: the step added to generate.py's STEPS (see ambassade/demo/careers.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client

from ambassade.careers import models
from ambassade.careers.consistency import consistency_report
from ambassade.careers.models import EmployerStory, JobOffer
from ambassade.careers.selectors import job_offer_public_url
from ambassade.careers.tests.pages import google_problems, job_postings
from ambassade.demo import generate
from ambassade.orgs.models import Organisation


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker) -> Iterator[Organisation]:
    assert "careers" in [step.name for step in generate._later_capabilities()]
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield generate.demo_load(password="demo-password-42").organisation
        finally:
            transaction.set_rollback(True)


def test_the_demo_has_about_forty_offers_across_its_three_sites(demo: Organisation, db) -> None:
    offers = JobOffer.objects.filter(organisation=demo)
    assert 38 <= offers.count() <= 45
    assert set(offers.values_list("entity__slug", flat=True)) == {"siege", "agence-nord", "filiale-sud"}
    statuses = {status: offers.filter(status=status).count() for status in JobOffer.Status.values}
    assert statuses["scheduled"] == 1 and statuses["closed"] >= 3 and statuses["draft"] >= 1
    english = offers.filter(translations__language="en").count()
    assert 0.4 <= english / offers.count() <= 0.6
    assert len(set(offers.values_list("contract_type", flat=True))) >= 4
    assert set(offers.values_list("remote_policy", flat=True)) == {"on_site", "hybrid", "remote"}


def test_the_demo_story_is_bilingual_with_one_entity_override(demo: Organisation, db) -> None:
    stories = EmployerStory.objects.filter(organisation=demo)
    assert set(stories.filter(entity=None).values_list("language", flat=True)) == {"fr", "en"}
    assert list(stories.exclude(entity=None).values_list("entity__slug", flat=True)) == ["filiale-sud"]
    assert 3 <= models.Testimonial.objects.filter(organisation=demo, consent_at__isnull=False).count() <= 6
    report = consistency_report(organisation=demo)
    differing = {(check.entity.slug, check.channel) for check in report.checks if check.differences}
    assert differing == {("filiale-sud", "site"), ("filiale-sud", "feed"), ("filiale-sud", "social")}


def test_every_open_demo_offer_has_a_valid_job_posting(demo: Organisation, db) -> None:
    client = Client()
    for offer in JobOffer.objects.filter(organisation=demo, status="published"):
        page = client.get(job_offer_public_url(offer, absolute=False)).content.decode()
        [posting] = job_postings(page)
        assert google_problems(posting) == [], offer.reference
    assert client.get("/careers/filiale-sud/").status_code == 200


def test_the_demo_can_be_deleted(demo: Organisation, db) -> None:
    with transaction.atomic():
        generate.demo_delete(organisation=demo)
        assert not JobOffer.objects.filter(organisation_id=demo.pk).exists()
        transaction.set_rollback(True)
