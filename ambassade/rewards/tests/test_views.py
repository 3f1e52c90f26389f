"""The rewards screens: the catalogue for every member, requests by enrolled ambassadors, items and
decisions by HR admins; foreign objects are 404; "my impact" shows spendable and lifetime points."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from ambassade.ambassadors.models import PointsEntry
from ambassade.orgs.models import Membership
from ambassade.rewards.models import RewardItem, RewardRequest
from ambassade.rewards.tests.support import enrolled, item_make, png_upload, request_make
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db
Status = RewardRequest.Status


def page(response) -> str:
    return html.unescape(response.content.decode())


def english(world: World, persona: str) -> None:
    Membership.objects.filter(user=world.users[persona]).update(language="en")


# --- the catalogue --------------------------------------------------------------------------------


def test_an_enrolled_ambassador_sees_items_their_points_apart_and_request_buttons(login, world) -> None:
    enrolled(world.people["employee"], points=150)
    cheap = item_make(world.organisation, name="Mug", cost=80, stock=3)
    dear = item_make(world.organisation, name="iPad mini", cost=2500, stock=1)
    gone = item_make(world.organisation, name="Tote bag", cost=10, stock=0)
    item_make(world.organisation, name="Ancien", cost=10, active=False)
    item_make(world.foreign_organisation, name="Étranger", cost=10)
    text = page(login("employee").get(reverse("reward_catalogue")))
    assert 'id="spendable-points">150<' in text and 'id="lifetime-points">150<' in text
    assert "Mug" in text and "iPad mini" in text and "Tote bag" in text
    assert "Ancien" not in text and "Étranger" not in text
    assert reverse("reward_request_new", args=[cheap.pk]) in text
    assert reverse("reward_request_new", args=[dear.pk]) not in text  # not enough points
    assert reverse("reward_request_new", args=[gone.pk]) not in text  # out of stock
    assert "3\u00a0restants" in text or "3 restants" in text


def test_someone_outside_the_programme_sees_the_catalogue_and_how_to_join(login, world) -> None:
    item = item_make(world.organisation, name="Mug", cost=80)
    text = page(login("recruiter").get(reverse("reward_catalogue")))
    assert "Mug" in text
    assert "Les récompenses sont réservées aux ambassadeurs du programme" in text
    assert reverse("programme_join") in text
    assert reverse("reward_request_new", args=[item.pk]) not in text


def test_a_member_outside_the_programme_who_posts_a_request_is_told_to_join(login, world) -> None:
    item = item_make(world.organisation, name="Mug", cost=80)
    response = login("recruiter").post(reverse("reward_request_new", args=[item.pk]), {"note": ""})
    assert response.status_code == 400
    assert "rejoignez d'abord le programme ambassadeurs" in page(response)
    assert not RewardRequest.objects.exists()


def test_an_ambassador_requests_an_item_with_a_note_and_sees_it_in_their_requests(login, world) -> None:
    ambassador = enrolled(world.people["employee"], points=150)
    item = item_make(world.organisation, name="T-shirt", cost=120, stock=2)
    client = login("employee")
    confirm = page(client.get(reverse("reward_request_new", args=[item.pk])))
    assert "Cette récompense coûte 120 points. Vous avez 150 points disponibles." in confirm
    response = client.post(reverse("reward_request_new", args=[item.pk]), {"note": "Taille M"})
    assert response.status_code == 302 and response["Location"] == reverse("reward_mine")
    request = RewardRequest.objects.get()
    assert (request.ambassador, request.note, request.status) == (ambassador, "Taille M", Status.REQUESTED)
    mine = page(client.get(reverse("reward_mine")))
    assert "T-shirt" in mine and "Taille M" in mine and "Demandée" in mine
    assert 'id="spendable-points">30<' in mine and 'id="lifetime-points">150<' in mine
    assert reverse("reward_request_cancel", args=[request.pk]) in mine


def test_a_request_beyond_the_points_is_refused_with_the_reason_and_nothing_spent(login, world) -> None:
    enrolled(world.people["employee"], points=40)
    item = item_make(world.organisation, name="Livre", cost=200)
    response = login("employee").post(reverse("reward_request_new", args=[item.pk]), {"note": ""})
    assert response.status_code == 400
    assert "Pas assez de points\u00a0: cela coûte 200 points et vous avez 40 points disponibles." in page(
        response
    )
    assert not RewardRequest.objects.exists()


def test_the_requester_cancels_and_gets_the_points_back(login, world) -> None:
    request = request_make(world, item=item_make(world.organisation, cost=50, stock=1))
    client = login("employee")
    response = client.post(reverse("reward_request_cancel", args=[request.pk]), follow=True)
    assert "Demande de «\u00a0T-shirt\u00a0» annulée" in page(response)
    request.refresh_from_db()
    assert request.status == Status.CANCELLED
    assert RewardItem.objects.get().stock == 1


def test_archived_and_foreign_items_and_photos_are_404_for_members(login, world) -> None:
    archived = item_make(world.organisation, name="Ancien", cost=10, active=False, with_photo=True)
    foreign = item_make(world.foreign_organisation, name="Étranger", cost=10, with_photo=True)
    client = login("employee")
    for item in (archived, foreign):
        assert client.get(reverse("reward_request_new", args=[item.pk])).status_code == 404
        assert client.get(reverse("reward_item_photo", args=[item.pk])).status_code == 404
    admin = login("admin")
    assert admin.get(reverse("reward_item_photo", args=[archived.pk])).status_code == 200
    assert admin.get(reverse("reward_item_edit", args=[foreign.pk])).status_code == 404
    assert admin.get(reverse("reward_request_new", args=[archived.pk])).status_code == 404


def test_a_photo_is_served_as_an_image_privately(login, world) -> None:
    item = item_make(world.organisation, cost=10, with_photo=True)
    response = login("employee").get(reverse("reward_item_photo", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")


# --- HR admins ------------------------------------------------------------------------------------


def test_an_hr_admin_adds_an_item_with_a_photo_and_the_person_who_hands_it_out(login, world) -> None:
    response = login("admin").post(
        reverse("reward_item_new"),
        {
            "name": "Mug isotherme",
            "description": "À retirer à l'accueil",
            "cost": "80",
            "stock": "",
            "handed_out_by": str(world.people["comms"].pk),
            "active": "on",
            "photo": png_upload("mug.png"),
        },
    )
    assert response.status_code == 302
    item = RewardItem.objects.get()
    assert (item.name, item.cost, item.stock, item.handed_out_by) == (
        "Mug isotherme",
        80,
        None,
        world.people["comms"],
    )
    assert item.photo.name.startswith("rewards/")


def test_the_item_form_refuses_a_person_of_another_organisation_and_a_free_item(login, world) -> None:
    response = login("admin").post(
        reverse("reward_item_new"),
        {"name": "Mug", "cost": "0", "handed_out_by": str(world.foreign_person.pk), "active": "on"},
    )
    assert response.status_code == 400
    assert not RewardItem.objects.exists()


def test_an_hr_admin_archives_an_item_through_the_form(login, world) -> None:
    item = item_make(world.organisation, name="Mug", cost=80, stock=3)
    response = login("admin").post(
        reverse("reward_item_edit", args=[item.pk]), {"name": "Mug", "cost": "90", "stock": "3"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.cost, item.active) == (90, False)
    assert "Mug" in page(login("admin").get(reverse("reward_item_list")))


def test_an_hr_admin_approves_delivers_and_refuses_requests_from_the_list(login, world) -> None:
    first = request_make(world, item=item_make(world.organisation, name="T-shirt", cost=50), note="Taille S")
    second = request_make(
        world, item=item_make(world.organisation, name="Livre", cost=30, stock=0 + 1), persona="manager"
    )
    client = login("admin")
    listing = page(client.get(reverse("reward_request_list")))
    assert "Émile Employé" in listing and "Maëlle Manager" in listing and "Taille S" in listing
    client.post(reverse("reward_request_approve", args=[first.pk]), {"return_status": "requested"})
    client.post(reverse("reward_request_deliver", args=[first.pk]))
    response = client.post(reverse("reward_request_refuse", args=[second.pk]), {"decision_note": ""})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == Status.REQUESTED  # no reason: nothing refused
    client.post(reverse("reward_request_refuse", args=[second.pk]), {"decision_note": "Livre épuisé"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.decision_note) == (
        Status.DELIVERED,
        Status.REFUSED,
        "Livre épuisé",
    )
    refused = page(client.get(reverse("reward_request_list") + "?status=refused"))
    assert "Livre épuisé" in refused and "Taille S" not in refused
    assert PointsEntry.objects.filter(reason=PointsEntry.Reason.REFUND).count() == 1


def test_a_decision_on_a_request_of_another_organisation_is_404(login, world) -> None:
    request = request_make(world, item=item_make(world.organisation, cost=10))
    outsider = login("outsider")
    assert outsider.post(reverse("reward_request_approve", args=[request.pk])).status_code == 404
    request.refresh_from_db()
    assert request.status == Status.REQUESTED


def test_the_requests_list_is_in_english_for_an_english_speaking_admin(login, world) -> None:
    english(world, "admin")
    request_make(world, item=item_make(world.organisation, name="Mug", cost=10))
    text = page(login("admin").get(reverse("reward_request_list")))
    assert "Reward requests" in text and "Requested: 1" in text and "Approve" in text


# --- my impact ------------------------------------------------------------------------------------


def test_my_impact_shows_spendable_and_lifetime_points_apart_and_the_spending_rows(login, world) -> None:
    request = request_make(world, item=item_make(world.organisation, name="Mug", cost=60))
    enrolled(world.people["employee"], points=40)  # 60 + 40 earned, 60 spent
    from ambassade.rewards.services import reward_request_refuse

    other = request_make(world, item=item_make(world.organisation, name="Livre", cost=10))
    reward_request_refuse(actor=world.users["admin"], request=other, note="Épuisé")
    text = page(login("employee").get(reverse("recognition_me")))
    assert 'id="my-points">110<' in text  # lifetime: 60 + 40 + 10 earned
    assert 'id="my-spendable-points">50<' in text  # 110 - 60 (the refused 10 came back)
    assert "Récompense demandée" in text and "Demande de récompense refusée ou annulée" in text
    assert "-60" in text and "+10" in text and request.item.name in text
