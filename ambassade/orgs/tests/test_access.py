from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from ambassade.core.models import AuditEvent
from ambassade.orgs.access import access_change, access_grant, access_revoke
from ambassade.orgs.models import Membership
from ambassade.orgs.services import person_set_active
from ambassade.testing.factories import World, person_create

pytestmark = pytest.mark.django_db


def test_giving_access_e_mails_an_invitation_through_smtp_and_the_link_sets_a_password(
    world: World, login, smtp_inbox, client, django_capture_on_commit_callbacks
) -> None:
    newcomer = person_create(
        world.hq, world.unit, first_name="Inès", last_name="Nouvelle", email="Ines@Example.org"
    )
    admin = login("admin")
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("person_access", args=[newcomer.pk]), {"action": "grant", "role": "comms"})
    membership = Membership.objects.get(person=newcomer)
    assert membership.role == "comms" and membership.user.username == "ines@example.org"
    assert not membership.user.has_usable_password()
    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == "Ines@example.org"
    assert "Bonjour Inès" in smtp_inbox.bodies()[0]
    link = re.search(r"http\S+/password/choose/\S+/", smtp_inbox.bodies()[0])
    assert link is not None
    client.logout()
    form_page = client.get(link.group(0).split("8000", 1)[-1], follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "Une-phrase-solide-2026", "new_password2": "Une-phrase-solide-2026"}
    )
    assert done.status_code == 302
    assert get_user_model().objects.get(username="ines@example.org").check_password("Une-phrase-solide-2026")
    assert AuditEvent.objects.filter(action="access.grant", target_id=str(newcomer.pk)).exists()


def test_a_person_without_e_mail_cannot_be_given_access(world: World) -> None:
    nameless = person_create(world.hq, world.unit, email="")
    with pytest.raises(ValidationError, match="no e-mail address"):
        access_grant(actor=world.users["admin"], person=nameless, role="employee")
    assert not Membership.objects.filter(person=nameless).exists()


def test_a_manager_role_can_be_scoped_to_a_department_subtree(world: World, login) -> None:
    membership = Membership.objects.get(user=world.users["comms"])
    access_change(
        actor=world.users["admin"], membership=membership, role="manager", scope_department=world.direction
    )
    membership.refresh_from_db()
    assert membership.managed_department == world.direction
    page = login("comms").get(reverse("department_list")).content.decode()
    assert "Service finances" in page


def test_the_last_hr_admin_cannot_be_demoted_or_removed(world: World) -> None:
    admin = Membership.objects.get(user=world.users["admin"])
    with pytest.raises(ValidationError, match="at least one HR admin"):
        access_change(actor=world.users["admin"], membership=admin, role="employee")
    with pytest.raises(ValidationError, match="at least one HR admin"):
        access_revoke(actor=world.users["admin"], membership=admin)


def test_removing_access_deletes_the_account_and_is_audited(world: World, login) -> None:
    employee = world.people["employee"]
    login("admin").post(
        reverse("person_access", args=[employee.pk]), {"action": "revoke", "role": "employee"}
    )
    assert not get_user_model().objects.filter(username="employee").exists()
    assert AuditEvent.objects.filter(action="access.revoke", target_id=str(employee.pk)).exists()


def test_people_who_leave_lose_access_at_once(world: World, login) -> None:
    person_set_active(actor=world.users["admin"], person=world.people["employee"], active=False)
    response = login("employee").get(reverse("home"))
    assert response.status_code == 403


def test_access_errors_are_shown_not_raised(world: World, login) -> None:
    response = login("admin").post(
        reverse("person_access", args=[world.people["employee"].pk]),
        {"action": "grant", "role": "employee"},
        follow=True,
    )
    assert response.status_code == 200
    assert "a déjà accès" in response.content.decode() or "already has access" in response.content.decode()


def test_single_sign_on_does_not_bring_back_removed_access(world: World) -> None:
    from ambassade.orgs.sso import person_for_claims

    comms = world.people["comms"]
    assert person_for_claims({"email": comms.email, "email_verified": True}) == comms
    access_revoke(actor=world.users["admin"], membership=Membership.objects.get(person=comms))
    assert person_for_claims({"email": comms.email, "email_verified": True}) is None
    access_grant(actor=world.users["admin"], person=comms, role="comms")
    assert person_for_claims({"email": comms.email, "email_verified": True}) == comms
