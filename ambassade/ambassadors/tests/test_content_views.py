"""The content screens of the programme's admins: list, form with its texts, review, calendar, images."""

from __future__ import annotations

import io
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ambassade.ambassadors.models import ContentItem, Programme
from ambassade.ambassadors.programme import programme_get
from ambassade.ambassadors.tests.content_factories import item_create, job_item_create, news_hosts
from ambassade.careers.tests.factories import job_offer_create, png_bytes
from ambassade.core.models import AuditEvent
from ambassade.orgs.models import Membership
from ambassade.testing.factories import World, person_create
from ambassade.testing.programme import ambassador_enrol

__all__ = ["news_hosts"]
pytestmark = pytest.mark.usefixtures("news_hosts")


def _english(world: World, persona: str) -> None:
    Membership.objects.filter(user=world.users[persona]).update(language="en")


def _form(texts: list[tuple[str, str, str]], **values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "news",
        "title": "Forum de l'emploi",
        "summary": "Notre stand au forum.",
        "target_url": "https://www.example.org/forum",
        "publish_from": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "publish_until": "",
        "texts-TOTAL_FORMS": str(len(texts)),
        "texts-INITIAL_FORMS": "0",
        "texts-MIN_NUM_FORMS": "0",
        "texts-MAX_NUM_FORMS": "1000",
    }
    for index, (network, language, text) in enumerate(texts):
        data[f"texts-{index}-network"] = network
        data[f"texts-{index}-language"] = language
        data[f"texts-{index}-text"] = text
    data.update(values)
    return data


def test_comms_create_an_item_with_texts_per_network_and_it_starts_as_a_draft(world: World, login) -> None:
    client = login("comms")
    page = client.get(reverse("content_create"))
    assert page.status_code == 200
    assert "Textes suggérés" in page.content.decode()  # French by default
    response = client.post(
        reverse("content_create"),
        _form([("x", "fr", "Rendez-vous au forum !"), ("linkedin", "fr", ""), ("bluesky", "en", "See you!")]),
    )
    item = ContentItem.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("content_detail", args=[item.pk])
    assert item.status == "draft" and item.created_by == world.users["comms"]
    assert sorted(item.texts.values_list("network", "language", "text")) == [
        ("bluesky", "en", "See you!"),
        ("x", "fr", "Rendez-vous au forum !"),
    ]
    detail = client.get(response["Location"]).content.decode()
    assert "Rendez-vous au forum !" in detail and "Soumettre à relecture" in detail


def test_an_over_long_text_is_refused_on_its_row_naming_the_network_and_variant(world: World, login) -> None:
    _english(world, "comms")
    client = login("comms")
    response = client.post(
        reverse("content_create"),
        _form([("x", "fr", "Court"), ("x", "fr", "é" * 257), ("mastodon", "fr", "ok")]),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "X, variant 2 (fr): 281 characters as the network counts them, 280 at most." in body
    assert not ContentItem.objects.exists()


def test_the_form_counts_each_text_live_with_the_networks_rules(world: World, login) -> None:
    body = login("comms").get(reverse("content_create")).content.decode()
    assert 'id="counter-config"' in body and "content/form.js" in body
    assert '"x": 280' in body and '"bluesky": 300' in body and '"facebook": null' in body
    assert body.count('class="text-row"') >= 6  # one row per network, and the template of a new row


def test_a_job_item_needs_an_offer_and_a_news_item_an_address(world: World, login) -> None:
    _english(world, "comms")
    client = login("comms")
    response = client.post(reverse("content_create"), _form([], kind="job", target_url=""))
    assert (
        response.status_code == 400
        and "Choose the job offer this item promotes." in response.content.decode()
    )
    response = client.post(reverse("content_create"), _form([], target_url=""))
    assert "Enter the address ambassadors" in response.content.decode()
    response = client.post(reverse("content_create"), _form([], target_url="https://evil.example.net/"))
    assert "own sites" in response.content.decode()
    offer = job_offer_create(world.hq, title="Juriste")
    response = client.post(reverse("content_create"), _form([], kind="job", job=str(offer.pk), target_url=""))
    assert response.status_code == 302 and ContentItem.objects.get().job == offer


def test_a_file_that_is_not_an_image_is_refused_with_a_clear_message(
    world: World, login, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    _english(world, "comms")
    client = login("comms")
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not a picture", content_type="image/jpeg")
    response = client.post(reverse("content_create"), {**_form([]), "image": fake})
    assert response.status_code == 400
    assert "This file is not an image we can read" in response.content.decode()
    real = SimpleUploadedFile("photo.png", png_bytes((40, 30)), content_type="image/png")
    response = client.post(reverse("content_create"), {**_form([]), "image": real})
    assert response.status_code == 302
    item = ContentItem.objects.get()
    image = client.get(reverse("content_image", args=[item.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(b"".join(image.streaming_content))).size == (40, 30)


def test_the_list_filters_by_status_and_kind(world: World, login) -> None:
    item_create(world, title="Salon régional")
    item_create(world, title="Note interne", status="draft")
    job_item_create(world, title="Offre de juriste")
    client = login("admin")
    body = client.get(reverse("content_list"), {"status": "published"}).content.decode()
    assert "Salon régional" in body and "Offre de juriste" in body and "Note interne" not in body
    body = client.get(reverse("content_list"), {"status": "published", "kind": "job"}).content.decode()
    assert "Offre de juriste" in body and "Salon régional" not in body
    assert client.get(reverse("content_list"), {"status": "nonsense"}).status_code == 200


def test_review_through_the_pages_with_a_second_person_approving(world: World, login, client) -> None:
    Programme.objects.filter(pk=programme_get(organisation=world.organisation).pk).update(
        second_approval=True
    )
    item = item_create(world, status="draft")
    url = reverse("content_transition", args=[item.pk])
    comms = login("comms")
    comms.post(url, {"to": "in_review"})
    response = comms.post(url, {"to": "published"}, follow=True)
    assert "Une deuxième personne doit approuver" in response.content.decode()
    assert ContentItem.objects.get(pk=item.pk).status == "in_review"
    client.force_login(world.users["admin"])
    client.post(url, {"to": "published"})
    item.refresh_from_db()
    assert item.status == "published" and item.approved_by == world.users["admin"]
    assert AuditEvent.objects.filter(action="content.transition", target_id=str(item.pk)).count() == 2
    history = client.get(reverse("content_detail", args=[item.pk])).content.decode()
    assert "in_review → published" in history


def test_an_author_sees_why_they_cannot_approve_and_gets_no_publish_button_in_french_and_english(
    world: World, login, client
) -> None:
    Programme.objects.filter(pk=programme_get(organisation=world.organisation).pk).update(
        second_approval=True
    )
    comms = login("comms")
    comms.post(reverse("content_create"), _form([("x", "fr", "Venez au forum")]))
    item = ContentItem.objects.get()
    url = reverse("content_transition", args=[item.pk])
    client.force_login(world.users["admin"])
    client.post(url, {"to": "in_review"})
    client.force_login(world.users["comms"])
    body = unescape(client.get(reverse("content_detail", args=[item.pk])).content.decode())
    assert "c'est vous qui l'avez créé" in body and "Approuver et publier" not in body
    response = client.post(url, {"to": "published"}, follow=True)
    assert "Une deuxième personne doit approuver" in response.content.decode()
    assert ContentItem.objects.get(pk=item.pk).status == "in_review"
    _english(world, "comms")
    body = unescape(client.get(reverse("content_detail", args=[item.pk])).content.decode())
    assert "you created it yourself" in body and "Approve and publish" not in body
    assert "Last changed by" in body


def test_a_published_item_is_not_edited_but_archived(world: World, login) -> None:
    item = item_create(world)
    client = login("comms")
    response = client.get(reverse("content_edit", args=[item.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("content_detail", args=[item.pk])
    client.post(reverse("content_transition", args=[item.pk]), {"to": "archived"})
    assert ContentItem.objects.get(pk=item.pk).status == "archived"


def test_editing_a_draft_keeps_its_texts_in_the_form(world: World, login) -> None:
    item = item_create(
        world, status="draft", texts=[("x", "fr", "Texte existant"), ("x", "fr", "Variante deux")]
    )
    client = login("comms")
    body = client.get(reverse("content_edit", args=[item.pk])).content.decode()
    assert "Texte existant" in body and "Variante deux" in body
    data = _form([("x", "fr", "Texte changé")], title="Nouveau titre")
    response = client.post(reverse("content_edit", args=[item.pk]), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Nouveau titre" and list(item.texts.values_list("text", flat=True)) == [
        "Texte changé"
    ]


def test_the_calendar_is_a_month_grid_navigable_by_month(world: World, login) -> None:
    from datetime import datetime

    zone = timezone.get_current_timezone()
    item_create(world, title="Salon de printemps", publish_from=datetime(2026, 4, 14, 9, tzinfo=zone))
    client = login("comms")
    body = client.get(reverse("content_calendar"), {"month": "2026-04"}).content.decode()
    assert "avril 2026" in body and "Salon de printemps" in body
    assert "?month=2026-03" in body and "?month=2026-05" in body
    assert 'data-day="2026-04-14"' in body
    fallback = client.get(reverse("content_calendar"), {"month": "2026-13"})
    assert fallback.status_code == 200 and timezone.localdate().strftime("%Y-%m") in fallback.content.decode()


def test_images_are_served_to_admins_and_to_the_ambassadors_the_item_is_for(
    world: World, client, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    item = item_create(world, departments=[world.service])
    item.image.save("photo.png", SimpleUploadedFile("photo.png", png_bytes()), save=True)
    ambassador_enrol(world.people["employee"])  # in the unit, under the service
    outside = person_create(world.hq, world.other_service)
    ambassador_enrol(outside)
    url = reverse("content_image", args=[item.pk])
    for persona, status in [("admin", 200), ("employee", 200), ("recruiter", 404), ("outsider", 404)]:
        client.force_login(world.users[persona])
        assert client.get(url).status_code == status, persona


def test_foreign_items_are_not_found(world: World, client) -> None:
    item = item_create(world)
    client.force_login(world.users["outsider"])
    for name in ("content_detail", "content_edit"):
        assert client.get(reverse(name, args=[item.pk])).status_code == 404
    assert client.post(reverse("content_transition", args=[item.pk]), {"to": "archived"}).status_code == 404
