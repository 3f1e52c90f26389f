"""Builders for the rewards tests: items (with a real photo), ambassadors with points, requests."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from ambassade.ambassadors.models import Ambassador, PointsEntry
from ambassade.orgs.models import Organisation, Person
from ambassade.rewards.models import RewardItem, RewardRequest
from ambassade.rewards.services import reward_request_create
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol


def png_upload(name: str = "tshirt.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 60)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def item_make(
    organisation: Organisation,
    *,
    name: str = "T-shirt",
    cost: int = 50,
    stock: int | None = None,
    with_photo: bool = False,
    **values: Any,
) -> RewardItem:
    item = RewardItem(organisation=organisation, name=name, cost=cost, stock=stock, **values)
    if with_photo:
        photo = png_upload()
        item.photo.save(photo.name or "photo.png", photo, save=False)
    item.save()
    return item


def enrolled(person: Person, *, points: int = 0, at: datetime | None = None) -> Ambassador:
    """The person's enrolled ambassador record (made if need be), with `points` more earned (at `at`)."""
    ambassador = Ambassador.objects.filter(person=person).first() or ambassador_enrol(person)
    if points:
        points_give(ambassador, points, at=at)
    return ambassador


def points_give(
    ambassador: Ambassador, points: int, *, source: str = "", at: datetime | None = None
) -> PointsEntry:
    """Earned points (a training row, which counts towards levels and has no daily cap)."""
    count = PointsEntry.objects.filter(ambassador=ambassador).count()
    return PointsEntry.objects.create(
        organisation_id=ambassador.organisation_id,
        ambassador=ambassador,
        points=points,
        reason=PointsEntry.Reason.TRAINING,
        source=source or f"training:test-{count + 1}",
        created_at=at or timezone.now(),
    )


def request_make(
    world: World, *, item: RewardItem, persona: str = "employee", note: str = ""
) -> RewardRequest:
    """A request of the persona, still waiting: they are enrolled and given the points it costs."""
    ambassador = enrolled(world.people[persona], points=item.cost)
    return reward_request_create(actor=world.users[persona], ambassador=ambassador, item=item, note=note)
