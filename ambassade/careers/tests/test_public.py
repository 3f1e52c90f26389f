"""The public career sites, as visitors, networks and search engines see them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ambassade.careers.models import JobOffer
from ambassade.careers.selectors import career_site_url, job_offer_get_public, job_offer_public_url
from ambassade.careers.tests.factories import (
    LYON,
    job_offer_create,
    png_bytes,
    staff_testimonial_create,
    story_create,
)
from ambassade.careers.tests.pages import job_postings, open_graph
from ambassade.orgs.models import Entity
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db
HOST = "emplois.sud.example"


def _bilingual(entity: Entity) -> Entity:
    entity.languages = ["fr", "en"]
    entity.save()
    return entity


def _get(client: Client, url: str, **extra) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response.content.decode()


# --- the site's pages ---------------------------------------------------------------------------------


def test_the_home_page_tells_the_employer_story_and_shows_the_latest_offers(world: World, client) -> None:
    story_create(
        world.organisation,
        tagline="Servir 2 millions d'habitants",
        presentation="Nous construisons les lycées.",
        values="Service public",
        benefits="Télétravail, restaurant",
        facts={"headcount": "1 800", "founded": "1986"},
        social_accounts={"linkedin": "https://www.linkedin.com/company/exemple"},
    )
    staff_testimonial_create(
        world.organisation, name="Inès", quote="Un travail utile.", video_url="https://video.example/ines"
    )
    job_offer_create(world.hq, title="Agent d'accueil")
    page = _get(client, "/careers/siege/")
    for text in ("Servir 2 millions", "Nous construisons les lycées.", "Service public", "Télétravail",
                 "1 800", "1986", "Un travail utile.", "https://video.example/ines", "Agent d&#x27;accueil",
                 "https://www.linkedin.com/company/exemple"):  # fmt: skip
        assert text in page, text


def test_a_testimonial_without_consent_is_never_shown(world: World, client) -> None:
    staff_testimonial_create(world.organisation, name="Sans accord", consent_at=None)
    assert "Sans accord" not in _get(client, "/careers/siege/")


def test_an_entity_overrides_only_what_differs_and_inherits_the_rest(world: World, client) -> None:
    story_create(world.organisation, presentation="Texte du groupe", values="Valeurs du groupe",
                 facts={"headcount": "1800", "sites": "12"})  # fmt: skip
    story_create(
        world.organisation, entity=world.subsidiary, presentation="Texte du sud", facts={"headcount": "370"}
    )
    page = _get(client, "/careers/sud/")
    assert "Texte du sud" in page and "Texte du groupe" not in page
    assert "Valeurs du groupe" in page and "370" in page and "1800" not in page and "12" in page
    assert "Texte du groupe" in _get(client, "/careers/siege/")


def test_the_advice_page_has_useful_defaults_and_the_story_s_own_words(world: World, client) -> None:
    assert "<ol>" in _get(client, "/careers/siege/advice/")
    story_create(world.organisation, how_we_recruit="Trois entretiens.", how_to_prepare="Venez curieux.")
    page = _get(client, "/careers/siege/advice/")
    assert "Trois entretiens." in page and "Venez curieux." in page


def test_unknown_inactive_or_foreign_sites_are_not_found(world: World, client) -> None:
    assert client.get("/careers/nowhere/").status_code == 404
    world.subsidiary.is_active = False
    world.subsidiary.save()
    assert client.get("/careers/sud/").status_code == 404
    offer = job_offer_create(world.hq)
    assert client.get(f"/careers/sud/jobs/{offer.pk}-x/").status_code == 404


def test_drafts_scheduled_and_long_closed_offers_have_no_page(world: World, client) -> None:
    draft = job_offer_create(world.hq, status=JobOffer.Status.DRAFT)
    scheduled = job_offer_create(
        world.hq, status=JobOffer.Status.SCHEDULED, publish_at=timezone.now() + timedelta(days=1)
    )
    old = job_offer_create(
        world.hq, status=JobOffer.Status.CLOSED, closed_at=timezone.now() - timedelta(days=90)
    )
    for offer in (draft, scheduled, old):
        assert client.get(f"/careers/siege/jobs/{offer.pk}-x/").status_code == 404


def test_the_public_lookup_returns_open_and_recently_closed_offers_only(world: World) -> None:
    recent = job_offer_create(
        world.hq, status=JobOffer.Status.CLOSED, closed_at=timezone.now() - timedelta(days=3)
    )
    assert job_offer_get_public(entity_slug="siege", pk=recent.pk) == recent
    with pytest.raises(Http404):
        job_offer_get_public(entity_slug="sud", pk=recent.pk)


def test_the_job_list_filters_by_category_place_contract_remote_and_department(world: World, client) -> None:
    job_offer_create(world.hq, title="Ingénieur voirie", category="Ingénierie", locations=[LYON],
                     department=world.other_service, contract_type=JobOffer.Contract.TEMPORARY)  # fmt: skip
    job_offer_create(world.hq, title="Chargée de communication", category="Communication",
                     remote_policy=JobOffer.Remote.HYBRID, department=world.service)  # fmt: skip
    job_offer_create(world.hq, title="Gestionnaire RH", category="RH",
                     description="<p>Paie des agents et gestion des carrières.</p>")  # fmt: skip
    cases = {
        "category=Ingénierie": ["Ingénieur voirie"],
        "city=Lyon": ["Ingénieur voirie"],
        "city=lyon": ["Ingénieur voirie"],
        "contract=TEMPORARY": ["Ingénieur voirie"],
        "remote=hybrid": ["Chargée de communication"],
        f"department={world.service.pk}": ["Chargée de communication"],
        "q=carrières": ["Gestionnaire RH"],
        "q=voirie": ["Ingénieur voirie"],
        "q=inconnu": [],
    }
    titles = ["Ingénieur voirie", "Chargée de communication", "Gestionnaire RH"]
    for query, expected in cases.items():
        page = _get(client, f"/careers/siege/jobs/?{query}")
        listed = [title for title in titles if f">{title}</a>" in page]
        assert listed == expected, query


def test_the_job_list_offers_only_filter_values_that_lead_somewhere(world: World, client) -> None:
    job_offer_create(world.hq, category="Ingénierie", locations=[LYON])
    job_offer_create(world.hq, category="Fermée", status=JobOffer.Status.CLOSED, closed_at=timezone.now())
    page = _get(client, "/careers/siege/jobs/")
    assert 'value="Ingénierie"' in page and 'value="Lyon"' in page and "Fermée" not in page


def test_nonsense_filters_are_ignored_not_errors(world: World, client) -> None:
    job_offer_create(world.hq)
    for query in (
        "department=abc",
        "department=99999999999999999999999",
        "contract=<x>",
        "page=-4",
        "lang=de",
    ):
        assert client.get(f"/careers/siege/jobs/?{query}").status_code == 200


# --- languages ------------------------------------------------------------------------------------


def test_a_site_speaks_its_first_language_and_the_visitor_can_switch_by_link(world: World, client) -> None:
    _bilingual(world.hq)
    offer = job_offer_create(world.hq)
    url = job_offer_public_url(offer, absolute=False)
    french = client.get(url)
    assert french["Content-Language"] == "fr" and '<html lang="fr">' in french.content.decode()
    assert "Développeur·se web" in french.content.decode()
    assert f'href="{url}?lang=en" hreflang="en" lang="en">English</a>' in french.content.decode()
    english = client.get(url + "?lang=en")
    page = english.content.decode()
    assert english["Content-Language"] == "en" and "Web developer" in page and "Apply by" not in page
    assert 'href="/careers/siege/jobs/?lang=en"' in page  # links inside the site keep the language
    assert f'href="{url}" hreflang="fr" lang="fr">Français</a>' in page
    assert not english.cookies and not french.cookies


def test_an_offer_without_the_visitor_s_language_shows_the_other_one_with_a_note(
    world: World, client
) -> None:
    _bilingual(world.hq)
    offer = job_offer_create(world.hq, english=None)
    page = _get(client, job_offer_public_url(offer, absolute=False) + "?lang=en")
    assert "not available in your language" in page
    assert '<h1 id="job-title" lang="fr">Développeur·se web</h1>' in page


def test_the_switch_keeps_the_filters(world: World, client) -> None:
    _bilingual(world.hq)
    job_offer_create(world.hq, category="RH")
    page = _get(client, "/careers/siege/jobs/?category=RH&page=1")
    assert 'href="/careers/siege/jobs/?category=RH&amp;lang=en"' in page


def test_a_language_the_site_does_not_speak_is_ignored(world: World, client) -> None:
    job_offer_create(world.hq)
    response = client.get("/careers/siege/?lang=en")
    assert response["Content-Language"] == "fr"


# --- sharing and search engines -------------------------------------------------------------------


def test_job_pages_and_the_home_page_have_open_graph_tags_and_a_canonical_link(world: World, client) -> None:
    story = story_create(world.organisation, tagline="Servir le public", logo=png_bytes())
    offer = job_offer_create(world.hq)
    page = _get(client, job_offer_public_url(offer, absolute=False) + "?ref=abc&utm_source=linkedin")
    tags = open_graph(page)
    assert tags["og:title"] == "Développeur·se web · Siège"
    assert tags["og:description"] == "Vous développez nos services en ligne."
    assert tags["og:url"] == job_offer_public_url(offer)  # the tracking parameters are not part of it
    assert tags["@type"] == "article"
    assert tags["og:image"] == f"http://127.0.0.1:8000/careers/siege/images/logo/{story.pk}/"
    assert f'<link rel="canonical" href="{job_offer_public_url(offer)}">' in page
    home = open_graph(_get(client, "/careers/siege/"))
    assert home["og:url"] == career_site_url(world.hq) and home["og:description"] == "Servir le public"
    assert home["@type"] == "website"


def test_no_page_sets_a_cookie_or_loads_anything_from_another_site(world: World, client) -> None:
    story_create(world.organisation, presentation="Bienvenue", social_accounts={"x": "https://x.com/exemple"})
    offer = job_offer_create(world.hq)
    pages = ["/careers/siege/", "/careers/siege/jobs/", job_offer_public_url(offer, absolute=False),
             "/careers/siege/advice/", "/careers/siege/jobs.rss", "/careers/siege/sitemap.xml"]  # fmt: skip
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200 and not response.cookies, url
        page = response.content.decode()
        assert "<script src" not in page and "<iframe" not in page
        assert 'src="http' not in page and 'stylesheet" href="http' not in page


def test_html_in_a_description_is_sanitised_before_it_reaches_the_page(world: World, login) -> None:
    client = login("recruiter")
    client.post(reverse("job_offer_create"), {
        "entity": world.hq.pk, "reference": "XSS-1", "contract_type": "FULL_TIME", "remote_policy": "on_site",
        "salary_currency": "EUR", "salary_period": "YEAR", "locations": "; ; Paris; ; FR",
        "title_fr": "Titre", "description_fr": '<p onmouseover="x()">Bien</p><script>alert("pwned")</script>'
                                                '<a href="javascript:alert(2)">lien</a>',
    })  # fmt: skip
    offer = JobOffer.objects.get(reference="XSS-1")
    client.post(reverse("job_offer_status", args=[offer.pk]), {"action": "publish"})
    page = Client().get(job_offer_public_url(offer, absolute=False)).content.decode()
    assert "<p>Bien</p>" in page
    assert "pwned" not in page and "onmouseover" not in page and "javascript:" not in page
    assert job_postings(page)[0]["description"].startswith("<p>Bien</p>")


# --- images ---------------------------------------------------------------------------------------


def test_the_logo_and_consenting_staff_photos_are_served_to_everyone(world: World, client) -> None:
    story = story_create(world.organisation, logo=png_bytes())
    response = client.get(f"/careers/siege/images/logo/{story.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=86400" and not response.cookies
    testimonial = staff_testimonial_create(world.organisation, consent_at=None)
    testimonial.photo.save("ines.png", ContentFile(png_bytes()))
    assert client.get(f"/careers/siege/images/photo/{testimonial.pk}/").status_code == 404
    testimonial.consent_at = timezone.now()
    testimonial.save()
    assert client.get(f"/careers/siege/images/photo/{testimonial.pk}/").status_code == 200
    assert client.get(f"/careers/siege/images/cover/{story.pk}/").status_code == 404  # none uploaded
    assert client.get(f"/careers/siege/images/secret/{story.pk}/").status_code == 404


def test_another_organisation_s_images_are_not_served(world: World, client) -> None:
    assert world.foreign_organisation is not None
    story = story_create(world.foreign_organisation, logo=png_bytes())
    assert client.get(f"/careers/siege/images/logo/{story.pk}/").status_code == 404


# --- own host names ---------------------------------------------------------------------------------


@pytest.fixture
def hosted(world: World, settings) -> Entity:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST, "other.example"]
    world.subsidiary.host = HOST
    world.subsidiary.save()
    return world.subsidiary


def test_an_entity_with_its_own_host_answers_at_the_root_of_that_host(hosted: Entity, client) -> None:
    offer = job_offer_create(hosted, title="Conducteur de bus")
    assert job_offer_public_url(offer) == f"http://{HOST}/jobs/{offer.pk}-conducteur-de-bus/"
    assert job_offer_public_url(offer, absolute=False) == f"/jobs/{offer.pk}-conducteur-de-bus/"
    home = _get(client, "/", HTTP_HOST=HOST)
    assert "Filiale Sud" in home and 'href="/jobs/"' in home
    page = _get(client, f"/jobs/{offer.pk}-conducteur-de-bus/", HTTP_HOST=HOST)
    assert "Conducteur de bus" in page
    assert f'<link rel="canonical" href="http://{HOST}/jobs/{offer.pk}-conducteur-de-bus/">' in page
    robots = _get(client, "/robots.txt", HTTP_HOST=HOST)
    assert f"Sitemap: http://{HOST}/sitemap.xml" in robots
    # Nothing else of ambassade answers on the career host.
    missing = client.get("/login/", HTTP_HOST=HOST)
    assert missing.status_code == 404 and "Page introuvable" in missing.content.decode()
    assert client.get(f"/careers/{hosted.slug}/", HTTP_HOST=HOST).status_code == 404


def test_the_slug_address_still_works_and_points_search_engines_to_the_host(hosted: Entity, client) -> None:
    offer = job_offer_create(hosted)
    page = _get(client, f"/careers/{hosted.slug}/jobs/{offer.pk}-x/")
    assert job_offer_public_url(offer) == f"http://{HOST}/jobs/{offer.pk}-developpeur-se-web/"
    assert f'<link rel="canonical" href="{job_offer_public_url(offer)}">' in page
    assert f'href="/careers/{hosted.slug}/jobs/"' in page  # links stay where the visitor is


def test_an_unknown_host_falls_through_to_the_application(hosted: Entity, client) -> None:
    response = client.get("/", HTTP_HOST="other.example")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_host_that_is_not_allowed_is_refused(hosted: Entity, client) -> None:
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_a_host_change_takes_effect_at_once(hosted: Entity, client) -> None:
    _get(client, "/", HTTP_HOST=HOST)
    hosted.host = ""
    hosted.save()
    assert client.get("/", HTTP_HOST=HOST).status_code == 302


def test_addresses_use_https_for_own_hosts_when_https_is_on(hosted: Entity, settings) -> None:
    settings.HTTPS = True
    assert career_site_url(hosted) == f"https://{HOST}/"


def test_requests_to_the_site_s_own_address_or_a_bare_name_never_look_up_hosts(
    hosted: Entity, client, django_assert_num_queries
) -> None:
    from django.core.cache import cache

    cache.clear()
    with django_assert_num_queries(0):
        client.get("/static/nothing.css", HTTP_HOST="127.0.0.1")
        client.get("/static/nothing.css")  # testserver
