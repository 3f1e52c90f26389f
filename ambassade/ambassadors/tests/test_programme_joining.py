"""Joining with a recorded consent (signed in, or from an invitation link without an account),
withdrawal that takes effect at once, joining again, and leavers."""

from __future__ import annotations

from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ambassade.ambassadors.activity import activity_add
from ambassade.ambassadors.ledger import points_award, points_balance
from ambassade.ambassadors.models import (
    ActivityDay,
    Ambassador,
    BadgeAward,
    ChecklistTick,
    ConsentRecord,
    FollowerCount,
    PointsEntry,
    Share,
    SocialAccount,
)
from ambassade.ambassadors.programme import CONSENT_VERSION
from ambassade.ambassadors.services import (
    ambassador_join,
    ambassador_withdraw,
    ambassadors_of_leavers_remove,
    checklist_tick,
    follower_count_record,
    invitation_check,
    invitation_token,
    invitations_send,
    self_assessment_save,
    social_account_save,
)
from ambassade.core.models import AuditEvent
from ambassade.core.periodic import jobs, periodic_job_run
from ambassade.links.models import AmbassadorCounter, AmbassadorMonthlyRollup, TrackedLink
from ambassade.orgs.models import Membership, Person
from ambassade.orgs.roles import Role
from ambassade.orgs.services import person_set_active
from ambassade.testing.factories import PASSWORD, World, person_create
from ambassade.testing.programme import ambassador_enrol, content_item_publish

pytestmark = pytest.mark.django_db


def _invited(world: World, person: Person) -> Ambassador:
    invitations_send(
        actor=world.users["admin"],
        organisation=world.organisation,
        people=Person.objects.filter(pk=person.pk),
    )
    return Ambassador.objects.get(person=person)


def _text(response: Any) -> str:
    return unescape(response.content.decode())


def _join_url(ambassador: Ambassador) -> str:
    return reverse("programme_join_token", kwargs={"token": invitation_token(ambassador=ambassador)})


# --- joining --------------------------------------------------------------------------------------


def test_joining_from_the_programme_page_records_the_consent_its_version_and_language(
    world: World, login
) -> None:
    client = login("employee")
    page = client.get(reverse("programme_join")).content.decode()
    assert "Ce qui est collecté" in page and "Qui le voit" in page and CONSENT_VERSION in page
    response = client.post(reverse("programme_join"), {"consent": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("programme_me")
    ambassador = Ambassador.objects.get(person=world.people["employee"])
    assert ambassador.status == "enrolled" and ambassador.consent_version == CONSENT_VERSION
    record = ConsentRecord.objects.get(ambassador=ambassador)
    assert (record.action, record.text_version, record.language) == ("given", CONSENT_VERSION, "fr")
    assert AuditEvent.objects.filter(action="programme.join", target_id=str(world.people["employee"].pk))


def test_joining_without_ticking_the_consent_box_is_refused_with_a_message(world: World, login) -> None:
    response = login("employee").post(reverse("programme_join"), {})
    assert response.status_code == 400
    assert "Cochez la case pour donner votre accord" in response.content.decode()
    assert not Ambassador.objects.exists()


def test_joining_twice_records_one_consent(world: World) -> None:
    for _ in range(2):
        ambassador_join(actor=world.users["employee"], person=world.people["employee"], language="fr")
    assert ConsentRecord.objects.count() == 1


def test_a_member_without_an_hr_record_is_told_they_cannot_join(world: World, login) -> None:
    response = login("outsider").get(reverse("programme_join"))
    assert "n'est pas encore relié à une fiche RH" in _text(response)


def test_people_who_left_the_organisation_cannot_join(world: World) -> None:
    leaver = person_create(world.hq, world.unit, is_active=False)
    with pytest.raises(ValidationError):
        ambassador_join(actor=None, person=leaver, language="fr")


def test_an_invited_person_without_an_account_joins_from_the_link_then_chooses_a_password(
    world: World, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    newcomer = person_create(
        world.hq, world.unit, first_name="Inès", last_name="Nouvelle", email="Ines@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        ambassador = _invited(world, newcomer)
    assert len(smtp_inbox.messages) == 1
    visitor = Client()
    page = visitor.get(_join_url(ambassador))
    assert page.status_code == 200
    assert "Ce qui est collecté" in page.content.decode()
    assert "il est créé quand vous rejoignez le programme" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        joined = visitor.post(_join_url(ambassador), {"consent": "on"})
    assert len(smtp_inbox.messages) == 1  # no second e-mail: the person is sent to the password page
    assert "/password/choose/" in joined["Location"]
    membership = Membership.objects.select_related("user").get(person=newcomer)
    assert membership.role == Role.EMPLOYEE and membership.user.username == "ines@example.org"
    assert membership.language == "fr"
    assert Ambassador.objects.get(pk=ambassador.pk).status == "enrolled"

    form = visitor.get(joined["Location"], follow=True)
    set_url = form.redirect_chain[-1][0]
    done = visitor.post(
        set_url, {"new_password1": "Une-phrase-solide-2026", "new_password2": "Une-phrase-solide-2026"}
    )
    assert done.status_code == 302
    user = get_user_model().objects.get(username="ines@example.org")
    assert user.check_password("Une-phrase-solide-2026")
    visitor.force_login(user)
    assert visitor.get(reverse("programme_me")).status_code == 200
    assert AuditEvent.objects.filter(action="access.grant", target_id=str(newcomer.pk)).exists()


def test_opening_the_link_again_after_joining_leads_to_signing_in_not_to_a_password(world: World) -> None:
    newcomer = person_create(world.hq, world.unit, email="later@example.org")
    ambassador = _invited(world, newcomer)
    Client().post(_join_url(ambassador), {"consent": "on"})
    again = Client().get(_join_url(ambassador))
    assert again.status_code == 200 and "/password/choose/" not in _text(again)
    assert "Vous avez déjà rejoint le programme avec cette invitation" in _text(again)
    assert f"{reverse('login')}?next=/programme/me/" in _text(again)
    assert reverse("password_reset") in _text(again)
    assert Ambassador.objects.get(pk=ambassador.pk).invitation_nonce == ""


def test_an_invitation_never_lets_its_holder_choose_the_password_of_an_existing_account(
    world: World,
) -> None:
    user = world.users["employee"]
    user.set_unusable_password()  # e.g. an SSO account, or an access grant whose password is not chosen
    user.save()
    ambassador = _invited(world, world.people["employee"])
    visitor = Client()
    joined = visitor.post(_join_url(ambassador), {"consent": "on"})
    assert joined.status_code == 302 and "/password/choose/" not in joined["Location"]
    assert joined["Location"].startswith(reverse("login"))
    assert Ambassador.objects.get(pk=ambassador.pk).status == "enrolled"
    for method in (visitor.get, visitor.post):
        again = method(_join_url(ambassador), {"consent": "on"})
        assert again.status_code == 200 and "/password/choose/" not in _text(again)
    assert not get_user_model().objects.get(pk=user.pk).has_usable_password()


def test_joining_from_the_programme_page_uses_up_a_pending_invitation(world: World, login) -> None:
    ambassador = _invited(world, world.people["employee"])
    login("employee").post(reverse("programme_join"), {"consent": "on"})
    assert invitation_check(token=invitation_token(ambassador=ambassador)).problem == "used"


def test_an_invited_person_with_an_account_consents_then_is_asked_to_sign_in(world: World) -> None:
    ambassador = _invited(world, world.people["employee"])
    visitor = Client()
    joined = visitor.post(_join_url(ambassador), {"consent": "on"})
    assert joined.status_code == 302
    assert joined["Location"].startswith(reverse("login")) and "next=/programme/me/" in joined["Location"]
    assert Ambassador.objects.get(pk=ambassador.pk).status == "enrolled"
    assert get_user_model().objects.count() == 6  # no account created
    assert world.users["employee"].check_password(PASSWORD)
    visitor.force_login(world.users["employee"])
    assert visitor.get(reverse("programme_me")).status_code == 200


def test_the_invited_person_signed_in_joins_from_the_link_straight_to_their_profile(
    world: World, login
) -> None:
    ambassador = _invited(world, world.people["employee"])
    joined = login("employee").post(_join_url(ambassador), {"consent": "on"})
    assert joined["Location"] == reverse("programme_me")


def test_someone_else_signed_in_cannot_use_an_invitation(world: World, login) -> None:
    ambassador = _invited(world, world.people["employee"])
    response = login("comms").post(_join_url(ambassador), {"consent": "on"})
    assert response.status_code == 403
    assert Ambassador.objects.get(pk=ambassador.pk).status == "invited"


def test_an_invitation_whose_address_has_an_account_already_says_so(world: World) -> None:
    newcomer = person_create(world.hq, world.unit, email="Taken@example.org")
    get_user_model().objects.create_user(username="taken@example.org")
    ambassador = _invited(world, newcomer)
    response = Client().post(_join_url(ambassador), {"consent": "on"})
    assert response.status_code == 400
    assert "Un compte utilise déjà l'adresse Taken@example.org" in _text(response)
    assert Ambassador.objects.get(pk=ambassador.pk).status == "invited"  # nothing half-written


def test_people_whose_access_was_removed_do_not_get_an_account_back_through_an_invitation(
    world: World,
) -> None:
    newcomer = person_create(world.hq, world.unit, email="removed@example.org")
    Person.objects.filter(pk=newcomer.pk).update(access_revoked_at=timezone.now())
    ambassador = _invited(world, newcomer)
    response = Client().post(_join_url(ambassador), {"consent": "on"})
    assert response.status_code == 400
    assert not Membership.objects.filter(person=newcomer).exists()


def test_expired_replaced_and_closed_links_explain_what_to_do(world: World, settings) -> None:
    ambassador = _invited(world, world.people["employee"])
    old = _join_url(ambassador)
    Ambassador.objects.filter(pk=ambassador.pk).update(invited_at=timezone.now() - timedelta(days=31))
    ambassador = _invited(world, world.people["employee"])  # the first invitation expired: a new link
    page = Client().get(old).content.decode()
    assert "une invitation plus récente l'a remplacé" in unescape(page)
    current = _join_url(ambassador)
    ambassador_join(actor=None, person=world.people["employee"], language="fr")
    ambassador_withdraw(actor=None, ambassador=ambassador, language="fr")
    assert "Cette invitation ne peut pas être utilisée" in Client().get(current).content.decode()


# --- withdrawal -----------------------------------------------------------------------------------


def test_withdrawal_takes_effect_at_once_and_keeps_only_anonymous_counts(world: World, login) -> None:
    employee = world.people["employee"]
    ambassador = ambassador_enrol(employee, leaderboard_opt_in=True, show_name_in_network=True)
    item = content_item_publish(world.organisation)
    link = TrackedLink.objects.create(
        organisation=world.organisation, code="wd0001", target_type="url", url="https://www.example.org/",
        channel="x", ambassador=employee,
    )  # fmt: skip
    Share.objects.create(
        organisation=world.organisation, item=item, ambassador=ambassador, network="x", link=link,
        opened_at=timezone.now(),
    )  # fmt: skip
    activity_add(ambassador=ambassador, day=timezone.localdate(), shares=1, human_clicks=3)
    points_award(ambassador=ambassador, reason=PointsEntry.Reason.SHARE, source=f"share:{item.pk}:x")
    AmbassadorCounter.objects.create(ambassador=employee, human_clicks=3)
    AmbassadorMonthlyRollup.objects.create(
        ambassador=employee, month=timezone.localdate().replace(day=1), human_clicks=3
    )

    client = login("employee")
    response = client.post(reverse("programme_withdraw"))
    assert response.status_code == 302
    assert "Vous avez quitté le programme" in client.get(response["Location"]).content.decode()

    ambassador.refresh_from_db()
    assert ambassador.status == "withdrawn" and ambassador.withdrawn_at is not None
    assert (ambassador.leaderboard_opt_in, ambassador.show_name_in_network) == (False, False)
    assert ambassador.digest_frequency == "never" and ambassador.last_active_on is None
    assert not ActivityDay.objects.filter(ambassador=ambassador).exists()
    share = Share.objects.get()
    assert share.ambassador is None and share.link == link  # an anonymous count of the item
    link.refresh_from_db()
    assert link.ambassador is None and client.get(f"/r/{link.code}").status_code == 302
    assert not AmbassadorCounter.objects.exists() and not AmbassadorMonthlyRollup.objects.exists()
    assert points_balance(ambassador=ambassador) == 5  # the ledger stays, for the person only
    assert list(ConsentRecord.objects.filter(ambassador=ambassador).values_list("action", flat=True)) == [
        "given",
        "withdrawn",
    ]
    assert AuditEvent.objects.filter(action="programme.withdraw").exists()


def test_withdrawal_deletes_accounts_followers_checklist_self_assessment_and_badges(world: World) -> None:
    employee = world.people["employee"]
    ambassador = ambassador_enrol(employee)
    social_account_save(ambassador=ambassador, network="x", handle="@emile")
    follower_count_record(ambassador=ambassador, network="x", followers=1200)
    checklist_tick(ambassador=ambassador, network="linkedin", item="photo", done=True)
    self_assessment_save(
        ambassador=ambassador, answers={"posting": 2, "profile": 2, "writing": 2, "settings": 2}
    )
    BadgeAward.objects.create(ambassador=ambassador, badge="first_share", awarded_at=timezone.now())
    user = world.users["employee"]
    own = TrackedLink.objects.create(
        organisation=world.organisation, code="wd0002", target_type="url", url="https://www.example.org/",
        channel="x", ambassador=employee, created_by=user,
    )  # fmt: skip
    other_link = TrackedLink.objects.create(
        organisation=world.organisation, code="wd0003", target_type="url", url="https://www.example.org/",
        channel="x", created_by=user,
    )  # fmt: skip
    assert Ambassador.objects.get(pk=ambassador.pk).expertise == "expert"

    ambassador_withdraw(actor=user, ambassador=ambassador, language="fr")

    ambassador.refresh_from_db()
    assert not SocialAccount.objects.exists() and not FollowerCount.objects.exists()
    assert not ChecklistTick.objects.exists() and not BadgeAward.objects.exists()
    assert (ambassador.self_assessment, ambassador.expertise) == ({}, "beginner")
    own.refresh_from_db()
    other_link.refresh_from_db()
    assert (own.ambassador, own.created_by) == (None, None)  # the link no longer names them at all
    assert other_link.created_by == user  # a link not made as an ambassador stays theirs
    assert ConsentRecord.objects.filter(ambassador=ambassador).count() == 2  # the proof stays


def test_withdrawn_people_get_no_points(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    ambassador_withdraw(actor=None, ambassador=ambassador, language="fr")
    ambassador.refresh_from_db()
    assert points_award(ambassador=ambassador, reason=PointsEntry.Reason.SHARE, source="share:1:x") is None


def test_withdrawing_needs_an_enrolment(world: World, login) -> None:
    response = login("employee").post(reverse("programme_withdraw"), follow=True)
    assert "Vous n'êtes pas inscrit au programme" in _text(response)
    assert login("employee").get(reverse("programme_withdraw")).status_code == 405


def test_joining_again_after_withdrawal_records_a_new_consent(world: World, login) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    ambassador_withdraw(actor=None, ambassador=ambassador, language="fr")
    client = login("employee")
    assert "Vous aviez quitté le programme" in client.get(reverse("programme_join")).content.decode()
    client.post(reverse("programme_join"), {"consent": "on"})
    ambassador.refresh_from_db()
    assert ambassador.status == "enrolled" and ambassador.digest_frequency == "weekly"
    actions = list(ConsentRecord.objects.filter(ambassador=ambassador).values_list("action", flat=True))
    assert actions == ["given", "withdrawn", "given"]


# --- leavers --------------------------------------------------------------------------------------


def test_people_deactivated_by_the_hr_import_leave_the_programme(world: World) -> None:
    employee = world.people["employee"]
    ambassador = ambassador_enrol(employee, leaderboard_opt_in=True)
    activity_add(ambassador=ambassador, day=timezone.localdate() - timedelta(days=2), shares=1)
    invited = _invited(world, world.people["comms"])
    person_set_active(actor=None, person=employee, active=False)
    person_set_active(actor=None, person=world.people["comms"], active=False)
    job = "ambassade.ambassadors.programme_periodic.programme_leavers_remove"
    assert job in jobs
    assert periodic_job_run(name=job)
    ambassador.refresh_from_db()
    invited.refresh_from_db()
    assert ambassador.status == "left" and ambassador.left_at is not None
    assert ambassador.leaderboard_opt_in is False and not ActivityDay.objects.exists()
    assert invited.status == "left"
    assert invitation_check(token=invitation_token(ambassador=invited)).ambassador is None
    assert ambassadors_of_leavers_remove() == 0  # nothing more to do
    assert AuditEvent.objects.filter(action="programme.left").count() == 2


def test_a_joined_person_whose_access_was_removed_gets_nothing_from_the_link(world: World) -> None:
    ambassador = _invited(world, world.people["employee"])
    ambassador_join(actor=None, person=world.people["employee"], language="fr")
    Membership.objects.filter(person=world.people["employee"]).delete()
    Person.objects.filter(pk=world.people["employee"].pk).update(access_revoked_at=timezone.now())
    response = Client().post(_join_url(ambassador), {"consent": "on"})
    assert response.status_code == 200 and "Vous avez déjà rejoint le programme" in _text(response)
    assert not Membership.objects.filter(person=world.people["employee"]).exists()
