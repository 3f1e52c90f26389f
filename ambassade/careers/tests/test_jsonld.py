"""JobPosting markup, read from the rendered job pages with a real structured-data extractor."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from ambassade.careers.models import JobOffer
from ambassade.careers.selectors import job_offer_public_url
from ambassade.careers.tests.factories import LYON, PARIS, job_offer_create, png_bytes, story_create
from ambassade.careers.tests.pages import google_problems, job_postings
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


def _page(client, offer: JobOffer, query: str = "") -> str:
    response = client.get(job_offer_public_url(offer, absolute=False) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_an_open_job_page_carries_a_job_posting_meeting_every_rule(world: World, client) -> None:
    story = story_create(world.organisation, logo=png_bytes())
    offer = job_offer_create(
        world.hq,
        locations=[PARIS, LYON],
        salary_min=32000,
        salary_max=41000,
        category="Numérique",
        closes_on=timezone.localdate() + timedelta(days=20),
        contract_type=JobOffer.Contract.TEMPORARY,
    )
    [posting] = job_postings(_page(client, offer))
    assert google_problems(posting) == []
    assert posting["title"] == "Développeur·se web"
    assert posting["description"] == "<p>Vous développez nos services en ligne.</p>"
    assert posting["datePosted"] == timezone.localtime(offer.published_at).date().isoformat()
    assert posting["employmentType"] == "TEMPORARY"
    assert posting["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Siège",
        "sameAs": "http://127.0.0.1:8000/careers/siege/",
        "logo": f"http://127.0.0.1:8000/careers/siege/images/logo/{story.pk}/",
    }
    assert posting["identifier"] == {
        "@type": "PropertyValue",
        "name": "Région Exemple",
        "value": offer.reference,
    }
    assert [place["address"]["addressLocality"] for place in posting["jobLocation"]] == ["Paris", "Lyon"]
    assert posting["jobLocation"][0]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "12 rue de la Paix",
        "addressLocality": "Paris",
        "addressRegion": "Île-de-France",
        "postalCode": "75002",
        "addressCountry": "FR",
    }
    assert posting["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {"@type": "QuantitativeValue", "minValue": 32000, "maxValue": 41000, "unitText": "YEAR"},
    }
    assert posting["directApply"] is True


def test_a_fully_remote_offer_names_the_countries_candidates_may_work_from(world: World, client) -> None:
    offer = job_offer_create(
        world.hq, remote_policy=JobOffer.Remote.REMOTE, locations=[], remote_countries=["FR", "BE"]
    )
    [posting] = job_postings(_page(client, offer))
    assert google_problems(posting) == []
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "FR"},
        {"@type": "Country", "name": "BE"},
    ]
    assert "jobLocation" not in posting


def test_a_hybrid_offer_keeps_its_office_address(world: World, client) -> None:
    offer = job_offer_create(world.hq, remote_policy=JobOffer.Remote.HYBRID)
    [posting] = job_postings(_page(client, offer))
    assert google_problems(posting) == [] and "jobLocationType" not in posting


def test_valid_through_is_the_end_of_the_closing_day(world: World, client) -> None:
    closes_on = timezone.localdate() + timedelta(days=9)
    offer = job_offer_create(world.hq, closes_on=closes_on)
    [posting] = job_postings(_page(client, offer))
    expected = timezone.make_aware(datetime.combine(closes_on, time(23, 59, 59)))
    assert datetime.fromisoformat(posting["validThrough"]) == expected


def test_without_a_closing_date_valid_through_is_60_days_after_publication(world: World, client) -> None:
    published = timezone.now() - timedelta(days=10)
    offer = job_offer_create(world.hq, published_at=published)
    [posting] = job_postings(_page(client, offer))
    assert datetime.fromisoformat(posting["validThrough"]) == (published + timedelta(days=60)).replace(
        microsecond=0
    )


def test_an_offer_still_open_after_60_days_is_not_announced_as_expired(world: World, client) -> None:
    offer = job_offer_create(world.hq, published_at=timezone.now() - timedelta(days=90))
    [posting] = job_postings(_page(client, offer))
    assert datetime.fromisoformat(posting["validThrough"]) > timezone.now() + timedelta(days=59)


def test_a_salary_given_as_one_amount_is_a_single_value(world: World, client) -> None:
    offer = job_offer_create(
        world.hq, salary_min=2100, salary_max=2100, salary_period=JobOffer.SalaryPeriod.MONTH
    )
    [posting] = job_postings(_page(client, offer))
    assert posting["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "value": 2100,
        "unitText": "MONTH",
    }


def test_the_markup_follows_the_visitor_s_language(world: World, client) -> None:
    world.hq.languages = ["fr", "en"]
    world.hq.save()
    offer = job_offer_create(world.hq)
    [posting] = job_postings(_page(client, offer, "?lang=en"))
    assert posting["title"] == "Web developer" and posting["inLanguage"] == "en"
    assert posting["url"].endswith("?lang=en")


@pytest.mark.parametrize(
    "values",
    [
        {"status": JobOffer.Status.CLOSED, "closed_at": timezone.now() - timedelta(days=2)},
        {"closes_on": timezone.localdate() - timedelta(days=1)},  # expired, not yet closed by the job
    ],
    ids=["closed", "expired"],
)
def test_a_closed_or_expired_offer_says_so_without_markup(world: World, client, values) -> None:
    offer = job_offer_create(world.hq, **values)
    response = client.get(job_offer_public_url(offer, absolute=False))
    page = response.content.decode()
    assert response.status_code == 200
    assert job_postings(page) == []
    assert 'class="closed-notice"' in page and '<meta name="robots" content="noindex">' in page
    assert response["X-Robots-Tag"] == "noindex"
    assert "application-form" not in page


def test_the_markup_cannot_be_broken_out_of_by_a_title(world: World, client) -> None:
    offer = job_offer_create(world.hq, title='</script><script>alert("x")</script> & <b>')
    page = _page(client, offer)
    assert '<script>alert("x")' not in page
    [posting] = job_postings(page)
    assert posting["title"] == '</script><script>alert("x")</script> & <b>'
