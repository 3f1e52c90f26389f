"""Builders for the job offers' and career sites' tests."""

from __future__ import annotations

import io
from itertools import count
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from ambassade.careers.models import EmployerStory, JobOffer, JobOfferTranslation, Testimonial
from ambassade.orgs.models import Entity
from ambassade.testing.factories import World

_references = count(1)
PARIS = {
    "street": "12 rue de la Paix",
    "postal_code": "75002",
    "city": "Paris",
    "region": "Île-de-France",
    "country": "FR",
}
LYON = {
    "street": "",
    "postal_code": "69001",
    "city": "Lyon",
    "region": "Auvergne-Rhône-Alpes",
    "country": "FR",
}


def job_offer_create(
    entity: Entity,
    *,
    title: str = "Développeur·se web",
    description: str = "<p>Vous développez nos services en ligne.</p>",
    english: tuple[str, str] | None = ("Web developer", "<p>You build our online services.</p>"),
    **values: Any,
) -> JobOffer:
    """A published, open offer in French (and English unless `english=None`)."""
    values.setdefault("reference", f"REF-{next(_references):05d}")
    values.setdefault("contract_type", JobOffer.Contract.FULL_TIME)
    values.setdefault("status", JobOffer.Status.PUBLISHED)
    if values["status"] in (JobOffer.Status.PUBLISHED, JobOffer.Status.CLOSED):
        values.setdefault("published_at", timezone.now())
    values.setdefault("locations", [PARIS])
    offer = JobOffer.objects.create(organisation=entity.organisation, entity=entity, **values)
    JobOfferTranslation.objects.create(offer=offer, language="fr", title=title, description=description)
    if english is not None:
        JobOfferTranslation.objects.create(
            offer=offer, language="en", title=english[0], description=english[1]
        )
    return offer


def png_bytes(size: tuple[int, int] = (8, 8), colour: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def story_create(
    organisation: Any, *, entity: Entity | None = None, language: str = "fr", **values: Any
) -> EmployerStory:
    logo = values.pop("logo", None)
    story = EmployerStory.objects.create(
        organisation=organisation, entity=entity, language=language, **values
    )
    if logo:
        story.logo.save("logo.png", ContentFile(logo), save=True)
    return story


def staff_testimonial_create(organisation: Any, **values: Any) -> Testimonial:
    values.setdefault("name", "Inès")
    values.setdefault("quote", "J'aime mon travail.")
    values.setdefault("consent_at", timezone.now())
    return Testimonial.objects.create(organisation=organisation, **values)


# --- for the permission matrix (careers/tests/policies.py) -------------------------------------------


def policy_job_offer(world: World) -> dict[str, Any]:
    return {"pk": job_offer_create(world.hq).pk}


def policy_job_page(world: World) -> dict[str, Any]:
    offer = job_offer_create(world.hq)
    return {"entity_slug": world.hq.slug, "pk": offer.pk, "title_slug": "developpeur-se-web"}


def policy_site(world: World) -> dict[str, Any]:
    return {"entity_slug": world.hq.slug}


def policy_site_image(world: World) -> dict[str, Any]:
    story = story_create(world.organisation, logo=png_bytes())
    return {"entity_slug": world.hq.slug, "kind": "logo", "pk": story.pk}


def policy_story_language(world: World) -> dict[str, Any]:
    return {"language": "fr"}


def policy_story_override(world: World) -> dict[str, Any]:
    return {"entity_id": world.hq.pk, "language": "fr"}


def policy_testimonial(world: World) -> dict[str, Any]:
    return {"pk": staff_testimonial_create(world.organisation, person=world.people["comms"]).pk}
