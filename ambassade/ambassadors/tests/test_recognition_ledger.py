"""The points ledger: append-only, idempotent per event, capped per day (never for corrections), and
rebuilt from the events."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ambassade.ambassadors.checklist import CHECKLISTS
from ambassade.ambassadors.ledger import points_adjust, points_award, points_balance
from ambassade.ambassadors.models import Ambassador, ChecklistTick, PointsEntry
from ambassade.ambassadors.programme import programme_get
from ambassade.ambassadors.recognition import ledger_rebuild_check, points_lifetime
from ambassade.ambassadors.share_clicks import share_clicks_credit
from ambassade.ambassadors.tests.recognition_support import clicks_make, share_make
from ambassade.core.models import AppendOnlyError, AuditEvent
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db
Reason = PointsEntry.Reason
X_CHECKLIST = [item.key for item in CHECKLISTS["x"]]


@pytest.fixture
def ambassador(world: World) -> Ambassador:
    return ambassador_enrol(world.people["employee"], at=timezone.now() - timedelta(days=30))


def test_the_ledger_refuses_to_edit_or_delete_a_row(ambassador) -> None:
    entry = points_award(ambassador=ambassador, reason=Reason.SHARE, source="share:1:x")
    assert entry is not None
    entry.points = 500
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        PointsEntry.objects.filter(pk=entry.pk).update(points=500)
    with pytest.raises(AppendOnlyError):
        PointsEntry.objects.filter(pk=entry.pk).delete()
    assert PointsEntry.objects.get(pk=entry.pk).points == 5


def test_an_event_is_credited_once_however_often_it_is_replayed(ambassador) -> None:
    for _ in range(3):
        points_award(ambassador=ambassador, reason=Reason.SHARE, source="share:7:linkedin")
    assert PointsEntry.objects.filter(ambassador=ambassador).count() == 1
    assert points_balance(ambassador=ambassador) == 5


def test_shares_and_first_clicks_stop_at_the_daily_cap_and_start_again_the_next_day(ambassador) -> None:
    programme = programme_get(organisation=ambassador.organisation)
    programme.daily_points_cap = 12
    programme.save()
    today = timezone.now().replace(hour=12)
    awarded = [
        points_award(ambassador=ambassador, reason=reason, source=f"share:{n}:x", at=today)
        for n, reason in enumerate([Reason.SHARE, Reason.FIRST_CLICK, Reason.SHARE, Reason.SHARE])
    ]
    assert [entry.points if entry else None for entry in awarded] == [5, 5, 2, None]
    tomorrow = points_award(
        ambassador=ambassador, reason=Reason.SHARE, source="share:99:x", at=today + timedelta(days=1)
    )
    assert tomorrow is not None and tomorrow.points == 5


def test_the_cap_does_not_apply_to_adjustments_or_checklists(world, ambassador) -> None:
    programme = programme_get(organisation=ambassador.organisation)
    programme.daily_points_cap = 5
    programme.save()
    points_award(ambassador=ambassador, reason=Reason.SHARE, source="share:1:x")
    points_adjust(actor=world.users["admin"], ambassador=ambassador, points=40, note="Forum de l'emploi")
    checklist = points_award(ambassador=ambassador, reason=Reason.CHECKLIST, source="checklist:linkedin")
    assert checklist is not None and checklist.points == 20
    assert points_balance(ambassador=ambassador) == 65


def test_a_correction_is_a_negative_row_with_its_author_and_reason(world, ambassador) -> None:
    points_award(ambassador=ambassador, reason=Reason.SHARE, source="share:1:x")
    correction = points_adjust(actor=world.users["admin"], ambassador=ambassador, points=-5, note="Doublon")

    assert (correction.points, correction.reason, correction.note) == (-5, Reason.ADJUSTMENT, "Doublon")
    assert correction.author == world.users["admin"]
    assert PointsEntry.objects.filter(ambassador=ambassador).count() == 2
    assert points_lifetime(ambassador=ambassador) == 0
    event = AuditEvent.objects.get(action="points.adjust")
    assert event.changes["points"] == [None, -5]


def test_nothing_is_credited_to_people_who_are_not_enrolled(world, ambassador) -> None:
    ambassador.status = Ambassador.Status.WITHDRAWN
    ambassador.save(update_fields=["status"])
    assert points_award(ambassador=ambassador, reason=Reason.SHARE, source="share:1:x") is None
    assert PointsEntry.objects.count() == 0


def test_the_balance_is_rebuilt_from_the_events(world, ambassador) -> None:
    now = timezone.now()
    shares = [share_make(ambassador, at=now - timedelta(days=3, hours=n)) for n in range(3)]
    share_make(ambassador, item=shares[0].item, at=now - timedelta(days=2))  # a re-share: no new credit
    share_make(ambassador, item=shares[0].item, network="linkedin", at=now - timedelta(days=2))
    clicks_make(shares[0].link, at=now - timedelta(days=1), humans=3)
    clicks_make(shares[1].link, at=now - timedelta(days=1))
    share_clicks_credit()
    for item in X_CHECKLIST:
        ChecklistTick.objects.create(ambassador=ambassador, network="x", item=item, done_at=now)
    points_award(ambassador=ambassador, reason=Reason.CHECKLIST, source="checklist:x")
    points_adjust(actor=world.users["admin"], ambassador=ambassador, points=-3, note="Correction")

    check = ledger_rebuild_check(ambassador=ambassador)

    assert check.differences == []
    assert check.ok
    assert check.expected_balance == check.recorded_balance == 4 * 5 + 2 * 5 + 20 - 3


def test_the_rebuild_check_names_what_the_ledger_lacks_or_holds_without_an_event(ambassador) -> None:
    now = timezone.now()
    share = share_make(ambassador, at=now - timedelta(days=2))
    # A first-click credit without any click, a checklist credit without its ticks, and a share
    # whose credit was never written.
    points_award(ambassador=ambassador, reason=Reason.FIRST_CLICK, source=f"share:{share.pk}")
    points_award(ambassador=ambassador, reason=Reason.CHECKLIST, source="checklist:mastodon")
    for item in X_CHECKLIST:
        ChecklistTick.objects.create(ambassador=ambassador, network="x", item=item, done_at=now)

    check = ledger_rebuild_check(ambassador=ambassador)

    kinds = {(difference.kind, difference.reason, difference.source) for difference in check.differences}
    assert ("unexpected", Reason.FIRST_CLICK, f"share:{share.pk}") in kinds
    assert ("unexpected", Reason.CHECKLIST, "checklist:mastodon") in kinds
    assert ("missing", Reason.CHECKLIST, "checklist:x") in kinds
    assert not check.ok
    assert check.recorded_balance == 5 + 5 + 20
    assert check.expected_balance == 5 + 20


def test_the_rebuild_check_applies_the_daily_cap_per_day(ambassador) -> None:
    programme = programme_get(organisation=ambassador.organisation)
    programme.daily_points_cap = 12
    programme.save()
    day = timezone.now().replace(hour=12) - timedelta(days=1)
    for n in range(4):
        share_make(ambassador, at=day + timedelta(minutes=n))

    check = ledger_rebuild_check(ambassador=ambassador)

    assert check.ok, check.differences
    assert check.expected_balance == 12


def test_the_rebuild_check_takes_rows_kept_across_a_withdrawal_as_recorded(world, ambassador) -> None:
    from ambassade.ambassadors.services import ambassador_join, ambassador_withdraw

    now = timezone.now()
    before = share_make(ambassador, at=now - timedelta(days=10))
    clicks_make(before.link, at=now - timedelta(days=9))
    share_clicks_credit()
    for item in X_CHECKLIST:
        ChecklistTick.objects.create(
            ambassador=ambassador, network="x", item=item, done_at=now - timedelta(days=8)
        )
    points_award(
        ambassador=ambassador, reason=Reason.CHECKLIST, source="checklist:x", at=now - timedelta(days=8)
    )
    employee = world.users["employee"]
    ambassador_withdraw(actor=employee, ambassador=ambassador, language="fr")
    Ambassador.objects.filter(pk=ambassador.pk).update(withdrawn_at=now - timedelta(days=5))
    assert ledger_rebuild_check(ambassador=Ambassador.objects.get(pk=ambassador.pk)).ok

    # Back in the programme: the old shares are anonymous, the old ledger rows stay.
    ambassador = ambassador_join(actor=employee, person=ambassador.person, language="fr")
    Ambassador.objects.filter(pk=ambassador.pk).update(enrolled_at=now - timedelta(days=4))
    ambassador.refresh_from_db()
    after = share_make(ambassador, at=now - timedelta(days=3))
    share_make(ambassador, item=before.item, at=now - timedelta(days=3))  # credited before: nothing new
    clicks_make(after.link, at=now - timedelta(days=2))
    share_clicks_credit()
    ChecklistTick.objects.filter(ambassador=ambassador).delete()  # ticked again after re-joining
    for item in X_CHECKLIST:
        ChecklistTick.objects.create(ambassador=ambassador, network="x", item=item, done_at=now)
    points_award(ambassador=ambassador, reason=Reason.CHECKLIST, source="checklist:x")  # credited before

    check = ledger_rebuild_check(ambassador=ambassador)

    assert check.differences == []
    assert check.ok
    assert check.expected_balance == check.recorded_balance == (5 + 5 + 20) + (5 + 5)


def test_rows_after_the_last_withdrawal_are_still_checked(world, ambassador) -> None:
    from ambassade.ambassadors.services import ambassador_join, ambassador_withdraw

    now = timezone.now()
    employee = world.users["employee"]
    ambassador_withdraw(actor=employee, ambassador=ambassador, language="fr")
    Ambassador.objects.filter(pk=ambassador.pk).update(withdrawn_at=now - timedelta(days=5))
    ambassador = ambassador_join(actor=employee, person=ambassador.person, language="fr")
    points_award(ambassador=ambassador, reason=Reason.CHECKLIST, source="checklist:mastodon")

    check = ledger_rebuild_check(ambassador=ambassador)

    assert [(d.kind, d.source) for d in check.differences] == [("unexpected", "checklist:mastodon")]
