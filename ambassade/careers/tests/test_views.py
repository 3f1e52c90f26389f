"""The recruiters' job offer screens and the HR/comms employer-story screens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ambassade.careers import models
from ambassade.careers.models import EmployerStory, JobOffer
from ambassade.careers.tests.factories import (
    job_offer_create,
    png_bytes,
    staff_testimonial_create,
    story_create,
)
from ambassade.core.models import AuditEvent
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(settings):
    """Messages read in English (requests speak French by default)."""

    def sign_in(client, user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in


def _offer_form(world: World, **values) -> dict:
    data = {
        "entity": world.hq.pk,
        "department": world.other_service.pk,
        "reference": "2026-0042",
        "category": "Numérique",
        "contract_type": "FULL_TIME",
        "remote_policy": "hybrid",
        "salary_min": "35000",
        "salary_max": "45000",
        "salary_currency": "EUR",
        "salary_period": "YEAR",
        "closes_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "locations": "12 rue de la Paix; 75002; Paris; Île-de-France; FR\n; 69001; Lyon; ; FR",
        "remote_countries": "",
        "title_fr": "Développeur·se Python",
        "description_fr": "<p>Vous développez nos outils.</p>",
        "title_en": "Python developer",
        "description_en": "You build our tools.",
    }
    data.update(values)
    return data


def test_a_recruiter_creates_an_offer_in_french_and_english(world: World, login) -> None:
    client = login("recruiter")
    response = client.post(reverse("job_offer_create"), _offer_form(world))
    offer = JobOffer.objects.get(reference="2026-0042")
    assert response.status_code == 302 and response["Location"] == reverse(
        "job_offer_detail", args=[offer.pk]
    )
    assert offer.status == JobOffer.Status.DRAFT and offer.department == world.other_service
    assert [loc["city"] for loc in offer.locations] == ["Paris", "Lyon"]
    assert {t.language: t.title for t in offer.translations.all()} == {
        "fr": "Développeur·se Python",
        "en": "Python developer",
    }
    assert offer.translations.get(language="en").description == "<p>You build our tools.</p>"
    assert AuditEvent.objects.filter(action="job_offer.create", actor=world.users["recruiter"]).exists()


def test_the_form_suggests_a_free_reference(world: World, login) -> None:
    job_offer_create(world.hq, reference=f"{timezone.localdate().year}-0001")
    page = login("recruiter").get(reverse("job_offer_create")).content.decode()
    assert f'value="{timezone.localdate().year}-0002"' in page


def test_bad_locations_are_reported_by_line_and_nothing_is_saved(world: World, client, english) -> None:
    english(client, world.users["recruiter"])
    response = client.post(
        reverse("job_offer_create"), _offer_form(world, locations="Paris\n; ; ; ; FR", salary_min="50000")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Line 1: write 5 parts separated by" in page and "Line 2: the city is missing." in page
    assert not JobOffer.objects.exists()


def test_the_service_s_checks_reach_the_form_fields(world: World, client, english) -> None:
    english(client, world.users["recruiter"])
    response = client.post(
        reverse("job_offer_create"),
        _offer_form(world, department=world.subsidiary_service.pk, salary_min="50000"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "This department belongs to another entity." in page
    assert "The maximum salary must be at least the minimum." in page


def test_an_offer_needs_a_text_in_one_language(world: World, client, english) -> None:
    english(client, world.users["recruiter"])
    data = _offer_form(world, title_fr="", description_fr="", title_en="", description_en="")
    response = client.post(reverse("job_offer_create"), data)
    assert response.status_code == 400 and "at least one language" in response.content.decode()


def test_a_recruiter_edits_publishes_closes_and_reopens_an_offer(world: World, login) -> None:
    client = login("recruiter")
    offer = job_offer_create(world.hq, status=JobOffer.Status.DRAFT)
    data = _offer_form(world, reference=offer.reference, title_en="", description_en="")
    assert client.post(reverse("job_offer_edit", args=[offer.pk]), data).status_code == 302
    assert list(offer.translations.values_list("language", flat=True)) == ["fr"]
    status_url = reverse("job_offer_status", args=[offer.pk])
    for action, expected in [("publish", "published"), ("close", "closed"), ("reopen", "published")]:
        client.post(status_url, {"action": action})
        offer.refresh_from_db()
        assert offer.status == expected, action


def test_a_recruiter_schedules_an_offer_and_can_cancel_it(world: World, login) -> None:
    client = login("recruiter")
    offer = job_offer_create(world.hq, status=JobOffer.Status.DRAFT)
    moment = timezone.localtime() + timedelta(days=2)
    client.post(
        reverse("job_offer_status", args=[offer.pk]),
        {"action": "schedule", "publish_at": moment.strftime("%Y-%m-%dT%H:%M")},
    )
    offer.refresh_from_db()
    assert offer.status == JobOffer.Status.SCHEDULED and offer.publish_at is not None
    assert timezone.localtime(offer.publish_at).date() == moment.date()
    client.post(reverse("job_offer_status", args=[offer.pk]), {"action": "unschedule"})
    offer.refresh_from_db()
    assert offer.status == JobOffer.Status.DRAFT


def test_a_refused_status_change_explains_why(world: World, client, english) -> None:
    english(client, world.users["recruiter"])
    offer = job_offer_create(world.hq, status=JobOffer.Status.DRAFT, locations=[])
    response = client.post(reverse("job_offer_status", args=[offer.pk]), {"action": "publish"}, follow=True)
    assert "Add at least one location" in response.content.decode()
    response = client.post(
        reverse("job_offer_status", args=[offer.pk]),
        {"action": "schedule", "publish_at": "soon"},
        follow=True,
    )
    assert "Enter a valid date/time." in response.content.decode()
    assert JobOffer.objects.get(pk=offer.pk).status == JobOffer.Status.DRAFT


def test_the_list_filters_by_status_and_search(world: World, login) -> None:
    job_offer_create(world.hq, title="Agent d'accueil", status=JobOffer.Status.DRAFT)
    job_offer_create(world.hq, title="Ingénieur voirie")
    client = login("comms")
    page = client.get(reverse("job_offer_list"), {"status": "draft"}).content.decode()
    assert "Agent d&#x27;accueil" in page and "Ingénieur voirie" not in page
    page = client.get(reverse("job_offer_list"), {"q": "voirie"}).content.decode()
    assert "Ingénieur voirie" in page and "accueil" not in page


def test_comms_read_offers_but_cannot_change_them(world: World, login) -> None:
    offer = job_offer_create(world.hq)
    client = login("comms")
    page = client.get(reverse("job_offer_detail", args=[offer.pk])).content.decode()
    assert reverse("job_offer_edit", args=[offer.pk]) not in page and 'value="close"' not in page
    assert client.post(reverse("job_offer_status", args=[offer.pk]), {"action": "close"}).status_code == 403


def test_the_preview_is_the_public_page_never_indexed_and_without_the_form(world: World, login) -> None:
    offer = job_offer_create(world.hq, status=JobOffer.Status.DRAFT, published_at=None)
    response = login("recruiter").get(reverse("job_offer_preview", args=[offer.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in page and "preview-banner" in page
    assert (
        "Développeur·se web" in page and "application/ld+json" not in page and "application-form" not in page
    )


def test_a_foreign_offer_is_not_found_and_employees_are_refused(world: World, client) -> None:
    assert world.foreign_organisation is not None
    foreign = job_offer_create(world.foreign_organisation.entities.get())
    client.force_login(world.users["recruiter"])
    for name in ("job_offer_detail", "job_offer_edit", "job_offer_preview"):
        assert client.get(reverse(name, args=[foreign.pk])).status_code == 404
    client.force_login(world.users["employee"])
    assert client.get(reverse("job_offer_list")).status_code == 403


def test_the_menu_shows_job_offers_to_the_people_who_work_on_them(world: World, client) -> None:
    for persona, shown in [
        ("recruiter", True),
        ("comms", True),
        ("admin", True),
        ("manager", False),
        ("employee", False),
    ]:
        client.force_login(world.users[persona])
        assert (reverse("job_offer_list") in client.get(reverse("home")).content.decode()) is shown, persona


# --- employer story, testimonials, consistency ------------------------------------------------------


def test_comms_write_the_organisation_story_with_facts_social_accounts_and_a_logo(
    world: World, login
) -> None:
    client = login("comms")
    response = client.post(
        reverse("employer_story_edit", args=["fr"]),
        {
            "tagline": "Servir",
            "presentation": "Nous servons 2 millions d'habitants.",
            "facts_text": "headcount: 1 800\nsites: 12",
            "social_linkedin": "https://www.linkedin.com/company/exemple",
            "logo": SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    story = EmployerStory.objects.get(organisation=world.organisation, entity=None, language="fr")
    assert story.facts == {"headcount": "1 800", "sites": "12"}
    assert story.social_accounts == {"linkedin": "https://www.linkedin.com/company/exemple"}
    assert story.logo.name.startswith("careers/logos/")
    assert AuditEvent.objects.filter(action="employer_story.create").exists()


def test_an_entity_story_shows_the_inherited_texts_as_placeholders(world: World, login) -> None:
    story_create(world.organisation, presentation="Le texte du groupe")
    page = (
        login("admin")
        .get(reverse("employer_story_override", args=[world.subsidiary.pk, "fr"]))
        .content.decode()
    )
    assert 'placeholder="Le texte du groupe"' in page


def test_bad_facts_and_images_are_refused_with_clear_messages(world: World, client, english) -> None:
    english(client, world.users["admin"])
    response = client.post(
        reverse("employer_story_edit", args=["en"]),
        {"facts_text": "headcount 1800", "logo": SimpleUploadedFile("logo.png", b"not an image")},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Line 1: write a fact as" in page and "Upload a valid image" in page
    assert not EmployerStory.objects.exists()


def test_an_unknown_language_or_foreign_entity_is_not_found(world: World, login) -> None:
    client = login("admin")
    assert client.get(reverse("employer_story_edit", args=["de"])).status_code == 404
    assert world.foreign_organisation is not None
    foreign = world.foreign_organisation.entities.get()
    assert client.get(reverse("employer_story_override", args=[foreign.pk, "fr"])).status_code == 404


def test_a_testimonial_is_saved_only_with_the_consent_date(world: World, client, english) -> None:
    english(client, world.users["comms"])
    data = {
        "name": "Inès",
        "quote": "J'aime.",
        "language": "fr",
        "position": "0",
        "person": world.people["comms"].pk,
    }
    response = client.post(reverse("testimonial_create"), data)
    assert response.status_code == 400 and not models.Testimonial.objects.exists()
    data["consent_on"] = timezone.localdate().isoformat()
    data["photo"] = SimpleUploadedFile("ines.png", png_bytes(), content_type="image/png")
    assert client.post(reverse("testimonial_create"), data).status_code == 302
    testimonial = models.Testimonial.objects.get()
    assert testimonial.consent_at is not None and testimonial.consent_at <= timezone.now()
    assert testimonial.person == world.people["comms"] and testimonial.photo


def test_a_testimonial_can_be_deleted(world: World, login) -> None:
    testimonial = staff_testimonial_create(world.organisation)
    login("admin").post(reverse("testimonial_delete", args=[testimonial.pk]))
    assert not models.Testimonial.objects.exists()
    assert AuditEvent.objects.filter(action="testimonial.delete").exists()


def test_the_consistency_report_shows_each_override_with_both_values(world: World, client, english) -> None:
    story_create(world.organisation, facts={"headcount": "1800", "founded": "1986"},
                 social_accounts={"linkedin": "https://www.linkedin.com/company/groupe"})  # fmt: skip
    story_create(world.organisation, language="en", facts={"headcount": "1750"})
    story_create(world.organisation, entity=world.subsidiary, facts={"headcount": "370"},
                 social_accounts={"linkedin": "https://www.linkedin.com/company/sud"})  # fmt: skip
    english(client, world.users["comms"])
    page = client.get(reverse("consistency_report")).content.decode()
    assert page.count('<tr class="differs">') == 3  # sud: site and feed headcount, social LinkedIn
    assert "<td>1800</td><td><strong>370</strong></td>" in page
    assert "https://www.linkedin.com/company/sud" in page
    assert "1800 ≠ 1750" in page  # the same number must not change with the language
    assert "5 differences" not in page and "4 differences" in page
