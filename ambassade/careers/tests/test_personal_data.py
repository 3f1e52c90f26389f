from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from ambassade.careers.models import JobOffer
from ambassade.careers.tests.factories import job_offer_create, png_bytes, staff_testimonial_create
from ambassade.core import personal_data
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


def test_a_person_s_testimonial_is_exported_and_erased_with_its_photo(world: World) -> None:
    person = world.people["comms"]
    testimonial = staff_testimonial_create(world.organisation, person=person, quote="Un métier utile.")
    testimonial.photo.save("camille.png", ContentFile(png_bytes()))
    storage, name = testimonial.photo.storage, testimonial.photo.name
    other = staff_testimonial_create(world.organisation, person=world.people["admin"])
    exported = personal_data.person_data_export(person=person)["careers.Testimonial"]
    assert exported[0]["quote"] == "Un métier utile." and exported[0]["photo"] == name
    personal_data.person_data_erase(person=person)
    assert not storage.exists(name)
    assert list(type(other).objects.values_list("pk", flat=True)) == [other.pk]


def test_offers_stay_but_forget_who_created_them(world: World) -> None:
    person = world.people["recruiter"]
    offer = job_offer_create(world.hq, created_by=world.users["recruiter"])
    exported = personal_data.person_data_export(person=person)["careers.JobOffer"]
    assert exported[0]["reference"] == offer.reference
    personal_data.person_data_erase(person=person)
    offer = JobOffer.objects.get(pk=offer.pk)
    assert offer.created_by is None
