"""Builders for the ambassador programme in tests: enrolled ambassadors and content items."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from ambassade.ambassadors.models import Ambassador, ConsentRecord, ContentItem, SuggestedText
from ambassade.ambassadors.programme import CONSENT_VERSION, programme_get
from ambassade.orgs.models import Organisation, Person


def ambassador_enrol(person: Person, *, at: datetime | None = None, **values: Any) -> Ambassador:
    """An enrolled ambassador with their consent on record (as if they had joined at `at`)."""
    at = at or timezone.now()
    programme_get(organisation=person.organisation)
    ambassador = Ambassador.objects.create(
        organisation=person.organisation,
        person=person,
        status=Ambassador.Status.ENROLLED,
        invited_at=at,
        enrolled_at=at,
        consent_version=CONSENT_VERSION,
        **values,
    )
    ConsentRecord.objects.create(
        ambassador=ambassador, action=ConsentRecord.Action.GIVEN, text_version=CONSENT_VERSION, at=at
    )
    return ambassador


def content_item_publish(
    organisation: Organisation,
    *,
    title: str = "Forum de l'emploi",
    texts: dict[str, str] | None = None,
    **values: Any,
) -> ContentItem:
    """A published news item for everyone, with one French suggested text per network given."""
    values.setdefault("kind", ContentItem.Kind.NEWS)
    values.setdefault("target_url", "https://www.example.org/actualites/forum")
    values.setdefault("publish_from", timezone.now() - timedelta(hours=1))
    item = ContentItem.objects.create(
        organisation=organisation,
        title=title,
        status=ContentItem.Status.PUBLISHED,
        published_at=timezone.now(),
        **values,
    )
    for network, text in (texts or {"x": "Venez nous rencontrer au forum de l'emploi !"}).items():
        SuggestedText.objects.create(item=item, network=network, language="fr", text=text)
    return item
