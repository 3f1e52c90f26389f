"""Feeds of open offers: RSS and Atom read with feedparser, the job-board XML and sitemap with lxml."""

from __future__ import annotations

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from lxml import etree

from ambassade.careers.feeds import cdata
from ambassade.careers.models import JobOffer
from ambassade.careers.selectors import job_offer_public_url
from ambassade.careers.tests.factories import LYON, job_offer_create, story_create
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def offers(world: World) -> dict[str, JobOffer]:
    return {
        "open": job_offer_create(
            world.hq,
            title="Chargé·e de communication",
            category="Communication",
            salary_min=30000,
            salary_max=36000,
            locations=[LYON],
        ),  # fmt: skip
        "tricky": job_offer_create(
            world.hq,
            title="R&D <lead> ]]> tester",
            english=None,
            description="<p>Tom &amp; Jerry ]]&gt; <strong>fort</strong></p>",
        ),  # fmt: skip
        "closed": job_offer_create(
            world.hq, title="Offre fermée", status=JobOffer.Status.CLOSED, closed_at=timezone.now()
        ),  # fmt: skip
        "expired": job_offer_create(
            world.hq, title="Offre expirée", closes_on=timezone.localdate() - timedelta(days=1)
        ),
        "draft": job_offer_create(world.hq, title="Brouillon", status=JobOffer.Status.DRAFT),
        "elsewhere": job_offer_create(world.subsidiary, title="Offre du sud"),
    }


def _fetch(client, url: str, content_type: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    assert not response.cookies
    return response.content


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_rss_and_atom_list_the_open_offers_with_titles_links_and_dates(client, offers, kind) -> None:
    content_type = {"rss": "application/rss+xml", "atom": "application/atom+xml"}[kind]
    feed = feedparser.parse(_fetch(client, f"/careers/siege/jobs.{kind}", content_type))
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.title == "Offres d'emploi · Siège"  # the site's first language
    assert feed.feed.link == "http://127.0.0.1:8000/careers/siege/"
    titles = {entry.title for entry in feed.entries}
    assert titles == {"Chargé·e de communication", "R&D <lead> ]]> tester"}
    by_title = {entry.title: entry for entry in feed.entries}
    entry = by_title["Chargé·e de communication"]
    assert entry.link == job_offer_public_url(offers["open"])
    assert (
        entry.published_parsed is not None
        and entry.published_parsed[:3] == offers["open"].published_at.utctimetuple()[:3]
    )
    assert entry.tags[0].term == "Communication"


def test_the_job_board_feed_has_the_envelope_and_one_job_per_open_offer(client, offers, world: World) -> None:
    story_create(world.organisation, facts={"headcount": "1 800", "sites": "12", "other": "x"})
    root = etree.fromstring(_fetch(client, "/careers/siege/jobs.xml", "application/xml"))
    assert root.tag == "source"
    assert [child.tag for child in root][:3] == ["publisher", "publisherurl", "lastBuildDate"]
    assert root.findtext("publisher") == "Région Exemple"
    assert root.findtext("publisherurl") == "http://127.0.0.1:8000/careers/siege/"
    jobs = {job.findtext("title"): job for job in root.findall("job")}
    assert set(jobs) == {"Chargé·e de communication", "R&D <lead> ]]> tester"}
    job = jobs["Chargé·e de communication"]
    expected = ["title", "date", "referencenumber", "url", "company", "city", "state", "country",
                "postalcode",
                "description", "salary", "jobtype", "category"]  # fmt: skip
    assert [child.tag for child in job][: len(expected)] == expected
    assert job.findtext("referencenumber") == offers["open"].reference
    assert job.findtext("url") == job_offer_public_url(offers["open"])
    assert (job.findtext("city"), job.findtext("postalcode"), job.findtext("country")) == (
        "Lyon",
        "69001",
        "FR",
    )
    assert job.findtext("jobtype") == "fulltime" and job.findtext("category") == "Communication"
    assert job.findtext("salary") == "30\u202f000–36\u202f000 EUR par an"
    assert "Effectif: 1 800; Implantations: 12." in job.findtext("description")


def test_job_board_values_are_cdata_and_survive_xml_special_characters(client, offers) -> None:
    raw = _fetch(client, "/careers/siege/jobs.xml", "application/xml").decode()
    assert "<title><![CDATA[Chargé·e de communication]]></title>" in raw
    root = etree.fromstring(raw.encode())
    tricky = next(
        job for job in root.findall("job") if job.findtext("referencenumber") == offers["tricky"].reference
    )
    assert tricky.findtext("title") == "R&D <lead> ]]> tester"
    assert tricky.findtext("description").startswith("<p>Tom &amp; Jerry ]]&gt; <strong>fort</strong></p>")


def test_cdata_splits_its_own_end_marker_and_drops_forbidden_characters() -> None:
    assert cdata("a]]>b\x00\x07c") == "<![CDATA[a]]]]><![CDATA[>bc]]>"
    assert etree.fromstring(f"<x>{cdata('a]]>b')}</x>".encode()).text == "a]]>b"


def test_the_sitemap_lists_the_site_s_pages_and_open_offers_only(client, offers, world: World) -> None:
    root = etree.fromstring(_fetch(client, "/careers/siege/sitemap.xml", "application/xml"))
    assert root.tag == f"{SITEMAP}urlset"
    locations = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    assert locations[:3] == [
        "http://127.0.0.1:8000/careers/siege/",
        "http://127.0.0.1:8000/careers/siege/jobs/",
        "http://127.0.0.1:8000/careers/siege/advice/",
    ]
    assert set(locations[3:]) == {
        job_offer_public_url(offers["open"]),
        job_offer_public_url(offers["tricky"]),
    }


def test_a_bilingual_site_lists_each_page_in_both_languages(client, offers, world: World) -> None:
    world.hq.languages = ["fr", "en"]
    world.hq.save()
    root = etree.fromstring(_fetch(client, "/careers/siege/sitemap.xml", "application/xml"))
    locations = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    assert "http://127.0.0.1:8000/careers/siege/jobs/?lang=en" in locations
    assert len(locations) == 2 * 5


def test_feeds_speak_the_language_asked_for(client, offers, world: World) -> None:
    world.hq.languages = ["fr", "en"]
    world.hq.save()
    feed = feedparser.parse(client.get("/careers/siege/jobs.rss?lang=en").content)
    titles = {entry.title for entry in feed.entries}
    assert "Web developer" in titles and "R&D <lead> ]]> tester" in titles  # no English text: the French one
    assert feed.feed.language == "en"
    assert all(entry.link.endswith("?lang=en") for entry in feed.entries)


def test_a_closed_offer_leaves_every_feed_at_once(client, offers) -> None:
    offers["open"].status = JobOffer.Status.CLOSED
    offers["open"].save()
    for url in (
        "/careers/siege/jobs.rss",
        "/careers/siege/jobs.atom",
        "/careers/siege/jobs.xml",
        "/careers/siege/sitemap.xml",
    ):
        assert b"communication" not in client.get(url).content.lower(), url
