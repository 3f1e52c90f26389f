"""Career sites' personal data: staff testimonials (linked to a person) and who created job offers.

Applications and their notes are registered by ambassade/careers/applications* (candidates' data).
"""

from __future__ import annotations

from typing import Any

from ambassade.careers.models import JobOffer, Testimonial
from ambassade.core import personal_data
from ambassade.orgs.models import Membership, Person


def _user_id(person: Person) -> int | None:
    membership = Membership.objects.filter(person=person).first()
    return membership.user_id if membership else None


def _testimonials_export(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "name": t.name,
            "job_title": t.job_title,
            "quote": t.quote,
            "video_url": t.video_url,
            "photo": t.photo.name if t.photo else None,
            "language": t.language,
            "entity": str(t.entity) if t.entity else None,
            "consent_at": t.consent_at,
            "created_at": t.created_at,
        }
        for t in Testimonial.objects.filter(person=person).select_related("entity")
    ]


def _testimonials_erase(person: Person) -> int:
    """A testimonial is the person's words and face: it is deleted with its photo, not anonymised."""
    count = 0
    for testimonial in Testimonial.objects.filter(person=person):
        if testimonial.photo:
            testimonial.photo.delete(save=False)
        testimonial.delete()
        count += 1
    return count


def _offers_export(person: Person) -> list[dict[str, Any]]:
    user_id = _user_id(person)
    if user_id is None:
        return []
    offers = JobOffer.objects.filter(created_by_id=user_id).prefetch_related("translations")
    return [{"reference": o.reference, "title": str(o), "created_at": o.created_at} for o in offers]


def _offers_erase(person: Person) -> int:
    """The offers stay (they belong to the organisation); they no longer say who created them."""
    user_id = _user_id(person)
    return JobOffer.objects.filter(created_by_id=user_id).update(created_by=None) if user_id else 0


personal_data.register(Testimonial, export=_testimonials_export, erase=_testimonials_erase, order=30)
personal_data.register(JobOffer, export=_offers_export, erase=_offers_erase, order=30)
