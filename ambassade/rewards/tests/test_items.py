"""The catalogue's items, kept by HR admins: checked values, a real photo re-encoded without its
metadata, the person who hands it out, archiving; every change audited."""

from __future__ import annotations

import html
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from ambassade.core.models import AuditEvent
from ambassade.rewards.models import RewardItem
from ambassade.rewards.services import reward_item_archive, reward_item_create, reward_item_update
from ambassade.rewards.tests.support import item_make, png_upload
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


def create(world: World, **values) -> RewardItem:
    values.setdefault("name", "T-shirt")
    values.setdefault("cost", 120)
    return reward_item_create(actor=world.users["admin"], organisation=world.organisation, **values)


def test_an_item_is_created_with_its_photo_re_encoded_and_audited(world) -> None:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Appareil GPS"  # any metadata: it must not survive
    Image.new("RGB", (3000, 2000), (10, 120, 200)).save(out, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")
    item = create(world, photo=upload, stock=40, handed_out_by=world.people["comms"], description="Coton bio")
    assert (item.name, item.cost, item.stock, item.active) == ("T-shirt", 120, 40, True)
    with Image.open(item.photo.path) as saved:
        assert max(saved.size) <= 1600
        assert not saved.getexif()
    assert AuditEvent.objects.filter(action="reward_item.create", target_id=str(item.pk)).exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"cost": 0}, "cost"),
        ({"cost": -5}, "cost"),
        ({"stock": -1}, "stock"),
        ({"name": "Mug\x00"}, "name"),
    ],
    ids=["no-name", "long-name", "free", "negative-cost", "negative-stock", "null-character"],
)
def test_bad_values_are_refused_naming_the_field(world, values, field) -> None:
    with pytest.raises(ValidationError) as error:
        create(world, **values)
    assert field in error.value.message_dict
    assert not RewardItem.objects.exists()


def test_the_person_who_hands_it_out_belongs_to_the_organisation(world) -> None:
    with pytest.raises(ValidationError) as error:
        create(world, handed_out_by=world.foreign_person)
    assert "handed_out_by" in error.value.message_dict


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "“cv.pdf”: This file is not an image we can read: send a JPEG, PNG or WebP picture."),
        ("fr", "«\u00a0cv.pdf\u00a0»\u00a0: Ce fichier n'est pas une image lisible"),
    ],
)
def test_a_file_that_is_not_a_picture_is_refused_naming_the_file(world, language, expected) -> None:
    upload = SimpleUploadedFile("cv.pdf", b"%PDF-1.7 not a picture", content_type="application/pdf")
    with translation.override(language), pytest.raises(ValidationError) as error:
        create(world, photo=upload)
    assert error.value.message_dict["photo"][0].startswith(expected)
    assert not RewardItem.objects.exists()


def test_the_form_names_the_bad_file_in_french(login) -> None:
    upload = SimpleUploadedFile("cv.pdf", b"%PDF-1.7 not a picture", content_type="application/pdf")
    response = login("admin").post(
        reverse("reward_item_new"), {"name": "Mug", "cost": "80", "active": "on", "photo": upload}
    )
    assert response.status_code == 400
    assert "«\u00a0cv.pdf\u00a0»\u00a0: Ce fichier n'est pas une image lisible" in html.unescape(
        response.content.decode()
    )
    assert not RewardItem.objects.exists()


def test_an_update_replaces_or_removes_the_photo_and_records_the_changes(world) -> None:
    item = create(world, photo=png_upload("first.png"))
    old_path = item.photo.path
    item = reward_item_update(
        actor=world.users["admin"],
        item=item,
        name="T-shirt bio",
        cost=150,
        stock=10,
        photo=png_upload("new.png"),
    )
    assert "new" in item.photo.name
    import os

    assert not os.path.exists(old_path)
    event = AuditEvent.objects.get(action="reward_item.update")
    assert event.changes["cost"] == [120, 150] and event.changes["name"] == ["T-shirt", "T-shirt bio"]
    assert "photo" in event.changes
    item = reward_item_update(
        actor=world.users["admin"], item=item, name="T-shirt bio", cost=150, stock=None, photo_clear=True
    )
    assert not item.photo and item.stock is None


def test_archiving_takes_the_item_out_of_the_catalogue_once(world) -> None:
    item = item_make(world.organisation)
    reward_item_archive(actor=world.users["admin"], item=item)
    reward_item_archive(actor=world.users["admin"], item=item)
    item.refresh_from_db()
    assert not item.active
    assert AuditEvent.objects.filter(action="reward_item.archive").count() == 1
