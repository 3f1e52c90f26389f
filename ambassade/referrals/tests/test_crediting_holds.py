"""Velocity rules: a burst of introductions or points over the daily cap are held for HR's review."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone, translation

from ambassade.ambassadors.models import PointsEntry
from ambassade.core.models import AuditEvent
from ambassade.orgs.models import Membership
from ambassade.referrals.crediting import points_hold_refuse, points_hold_release, referral_points_reconcile
from ambassade.referrals.models import PointsHold, ReferralSettings
from ambassade.referrals.tests.crediting_factories import confirm, introduce, introduction_points, move
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(world: World) -> World:
    ambassador_enrol(world.people["employee"])
    return world


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_burst_of_introductions_is_held_for_review_and_not_credited(enrolled: World) -> None:
    introductions = [introduce(enrolled) for _index in range(6)]  # the limit is 5 a day
    confirm(introductions[0])
    assert introduction_points(enrolled.people["employee"]) == []
    hold = PointsHold.objects.get()
    assert (hold.points, hold.why, hold.status) == (25, "too_many", "held")
    assert hold.source == f"introduction:{introductions[0].pk}:confirmed:0"
    with translation.override("fr"):
        today = formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    assert hold.detail == f"6 mises en relation le {today} (limite 5)"  # the organisation's language
    referral_points_reconcile()
    assert PointsHold.objects.count() == 1 and not PointsEntry.objects.exists()


def test_hr_sees_why_points_were_held(enrolled: World, login) -> None:
    for _index in range(6):
        introduce(enrolled)
    confirm(introduce(enrolled))
    page = _text(login("admin").get(reverse("points_hold_list")))
    assert "Plus de mises en relation dans la journée que la limite" in page
    assert "7 mises en relation le" in page and "(limite 5)" in page
    assert "Émile Employé" in page


def test_points_over_the_daily_cap_are_held(enrolled: World) -> None:
    ReferralSettings.objects.create(organisation=enrolled.organisation, daily_points_cap=60)
    introduction = confirm(introduce(enrolled))
    move(enrolled, introduction, "interview")
    assert introduction_points(enrolled.people["employee"]) == [25]
    hold = PointsHold.objects.get()
    assert (hold.points, hold.why) == (50, "daily_cap")
    assert "25" in hold.detail and "75" in hold.detail and "60" in hold.detail


def test_hr_releases_held_points_into_the_ledger_with_their_name_and_it_is_audited(enrolled: World) -> None:
    ReferralSettings.objects.create(organisation=enrolled.organisation, daily_points_cap=60)
    introduction = confirm(introduce(enrolled))
    move(enrolled, introduction, "interview")
    hold = PointsHold.objects.get()
    entry = points_hold_release(actor=enrolled.users["admin"], hold=hold)
    assert (entry.points, entry.author, entry.source) == (50, enrolled.users["admin"], hold.source)
    assert introduction_points(enrolled.people["employee"]) == [25, 50]
    assert PointsHold.objects.get().status == "released"
    assert AuditEvent.objects.filter(action="points_hold.release").count() == 1
    with pytest.raises(ValidationError):
        points_hold_release(actor=enrolled.users["admin"], hold=hold)
    referral_points_reconcile()  # released points count as credited: nothing more
    assert introduction_points(enrolled.people["employee"]) == [25, 50]
    move(enrolled, introduction, "screening")  # and moving back takes them away like any others
    assert introduction_points(enrolled.people["employee"]) == [25, 50, -50]


def test_refused_points_stay_refused_however_the_candidate_moves(enrolled: World) -> None:
    ReferralSettings.objects.create(organisation=enrolled.organisation, daily_points_cap=60)
    introduction = confirm(introduce(enrolled))
    move(enrolled, introduction, "interview")
    hold = PointsHold.objects.get()
    with pytest.raises(ValidationError) as error:
        points_hold_refuse(actor=enrolled.users["admin"], hold=hold, note="  ")
    assert "note" in error.value.error_dict
    points_hold_refuse(actor=enrolled.users["admin"], hold=hold, note="Same candidate as last week")
    move(enrolled, introduction, "screening")
    move(enrolled, introduction, "interview")
    referral_points_reconcile()
    assert introduction_points(enrolled.people["employee"]) == [25]
    assert PointsHold.objects.get().status == "refused"
    event = AuditEvent.objects.get(action="points_hold.refuse")
    assert event.changes["note"] == [None, "Same candidate as last week"]


def test_moving_back_cancels_points_still_held(enrolled: World) -> None:
    ReferralSettings.objects.create(organisation=enrolled.organisation, daily_points_cap=60)
    introduction = confirm(introduce(enrolled))
    move(enrolled, introduction, "interview")
    move(enrolled, introduction, "screening")
    assert PointsHold.objects.get().status == "cancelled"
    assert introduction_points(enrolled.people["employee"]) == [25]


def test_release_and_refuse_through_the_screen(enrolled: World, login) -> None:
    ReferralSettings.objects.create(organisation=enrolled.organisation, daily_points_cap=30)
    first = confirm(introduce(enrolled))
    move(enrolled, first, "interview")
    second = confirm(introduce(enrolled))
    held = list(PointsHold.objects.order_by("pk"))
    assert [hold.introduction_id for hold in held] == [first.pk, second.pk]
    client = login("admin")
    response = client.post(reverse("points_hold_release", args=[held[0].pk]))
    assert response.status_code == 302
    response = client.post(reverse("points_hold_refuse", args=[held[1].pk]), {"note": ""})
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in _text(response)
    Membership.objects.filter(user=enrolled.users["admin"]).update(language="en")
    response = client.post(reverse("points_hold_refuse", args=[held[1].pk]), {"note": ""})
    assert "This field is required." in _text(response)
    response = client.post(reverse("points_hold_refuse", args=[held[1].pk]), {"note": "Duplicate"})
    assert response.status_code == 302
    assert list(PointsHold.objects.order_by("pk").values_list("status", flat=True)) == ["released", "refused"]
    assert introduction_points(enrolled.people["employee"]) == [25, 50]


def _admins_own_hold(world: World) -> PointsHold:
    """The HR admin introduced a contact too; their points over the cap are held."""
    ambassador_enrol(world.people["admin"])
    ReferralSettings.objects.create(organisation=world.organisation, daily_points_cap=60)
    introduction = confirm(introduce(world, introducer=world.people["admin"]))
    move(world, introduction, "interview")
    return PointsHold.objects.get(ambassador__person=world.people["admin"])


def test_an_hr_admin_cannot_credit_or_refuse_their_own_held_points(world: World) -> None:
    hold = _admins_own_hold(world)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        points_hold_release(actor=world.users["admin"], hold=hold)
    assert raised.value.messages == [
        "These are your own points: another HR admin must credit or refuse them."
    ]
    with pytest.raises(ValidationError):
        points_hold_refuse(actor=world.users["admin"], hold=hold, note="Fine by me")
    hold.refresh_from_db()
    assert hold.status == "held" and hold.decided_by is None
    assert introduction_points(world.people["admin"]) == [25]
    assert not AuditEvent.objects.filter(action__startswith="points_hold.").exists()


def test_an_hr_admin_is_told_on_the_held_points_page_that_their_own_points_are_for_a_colleague(
    world: World, login
) -> None:
    hold = _admins_own_hold(world)
    client = login("admin")
    page = _text(client.get(reverse("points_hold_list")))
    assert "Vos propres points" in page
    assert reverse("points_hold_release", args=[hold.pk]) not in page
    response = client.post(reverse("points_hold_release", args=[hold.pk]), follow=True)
    assert response.status_code == 200
    assert (  # _text turns the non-breaking space into a plain one
        "Ce sont vos propres points : un autre administrateur RH doit les créditer ou les refuser."
        in _text(response)
    )
    Membership.objects.filter(user=world.users["admin"]).update(language="en")
    response = client.post(reverse("points_hold_refuse", args=[hold.pk]), {"note": "Mine"}, follow=True)
    assert response.status_code == 200
    assert "These are your own points: another HR admin must credit or refuse them." in _text(response)
    assert PointsHold.objects.get().status == "held"
    assert not AuditEvent.objects.filter(action__startswith="points_hold.").exists()
