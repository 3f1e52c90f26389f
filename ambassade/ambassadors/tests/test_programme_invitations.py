"""Invitations: one person, a department, an audience, an entity or a filtered list; by e-mail in the
person's language, with a signed link that expires; enrolled people skipped and counted."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from email.header import decode_header, make_header
from html import unescape
from typing import Any

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from ambassade.ambassadors.models import Ambassador
from ambassade.ambassadors.programme import programme_get
from ambassade.ambassadors.selectors import invitation_people
from ambassade.ambassadors.services import (
    invitation_check,
    invitation_emails_send,
    invitation_token,
    invitations_send,
)
from ambassade.core.models import AuditEvent
from ambassade.orgs.models import Membership, Person
from ambassade.orgs.selectors import PeopleFilters
from ambassade.testing.factories import World, person_create
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http\S+/programme/join/(\S+)/")


def _subject(message: Any) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _invite(world: World, people: Any, actor: str = "admin") -> Any:
    return invitations_send(
        actor=world.users[actor], organisation=world.organisation, people=people, scope="test"
    )


def test_inviting_a_department_e_mails_each_person_a_personal_link_in_their_language(
    world: World, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    Membership.objects.filter(person=world.people["employee"]).update(language="en")
    unit_people = Person.objects.filter(department__path__startswith=world.unit.path)
    with django_capture_on_commit_callbacks(execute=True):
        report = _invite(world, unit_people)

    assert report.invited == 7 and report.already_enrolled == 0 and report.without_email == []
    assert len(smtp_inbox.messages) == 7
    by_address = {message["To"]: (message, body) for message, body in zip(
        smtp_inbox.messages, smtp_inbox.bodies(), strict=True)}  # fmt: skip
    english_message, english = by_address[world.people["employee"].email]
    assert _subject(english_message) == "Join the ambassadors of Région Exemple"
    assert english.startswith("Hello Émile,")
    assert "works until" in english
    french_message, french = next(
        value for key, value in by_address.items() if key != world.people["employee"].email
    )
    assert _subject(french_message) == "Rejoignez les ambassadeurs de Région Exemple"
    assert french.startswith("Bonjour Agent")
    token = LINK.search(english)
    assert token is not None
    check = invitation_check(token=token.group(1))
    assert check.ambassador is not None and check.ambassador.person == world.people["employee"]
    assert Ambassador.objects.filter(status="invited").count() == 7


def test_enrolled_people_are_skipped_and_counted_and_people_without_e_mail_are_listed(
    world: World, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    ambassador_enrol(world.people["employee"])
    person_create(world.hq, world.unit, first_name="Sans", last_name="Adresse", email="")
    with django_capture_on_commit_callbacks(execute=True):
        report = _invite(world, Person.objects.filter(department=world.unit))
    assert report.already_enrolled == 1
    assert report.without_email == ["Sans Adresse"]
    assert report.invited == 6
    assert len(smtp_inbox.messages) == 6
    assert world.people["employee"].email not in {message["To"] for message in smtp_inbox.messages}


def test_people_who_withdrew_are_not_chased_with_new_invitations(world: World) -> None:
    ambassador = ambassador_enrol(world.people["employee"])
    Ambassador.objects.filter(pk=ambassador.pk).update(status="withdrawn")
    report = _invite(world, Person.objects.filter(pk=world.people["employee"].pk))
    assert (report.invited, report.withdrawn) == (0, 1)
    assert Ambassador.objects.get(pk=ambassador.pk).status == "withdrawn"


def test_people_who_left_the_organisation_are_not_invited(world: World) -> None:
    Person.objects.filter(pk=world.people["employee"].pk).update(is_active=False)
    report = _invite(world, Person.objects.filter(department=world.unit))
    assert report.invited == 6
    assert not Ambassador.objects.filter(person=world.people["employee"]).exists()


def _invited_hours_ago(world: World, hours: int) -> None:
    Ambassador.objects.filter(person=world.people["employee"]).update(
        invited_at=timezone.now() - timedelta(hours=hours)
    )


def test_inviting_again_sends_the_same_link_and_the_first_one_keeps_working(
    world: World, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    employee = Person.objects.filter(pk=world.people["employee"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(world, employee)
    _invited_hours_ago(world, 2)
    with django_capture_on_commit_callbacks(execute=True):
        report = _invite(world, employee)
    assert report.invited == 1 and len(smtp_inbox.messages) == 2  # a reminder is sent
    for body in smtp_inbox.bodies():
        token = LINK.search(body)
        assert token is not None and invitation_check(token=token.group(1)).ambassador is not None


def test_a_double_click_sends_one_invitation_and_says_so(
    world: World, login, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    client = login("admin")
    person = {"person": world.people["employee"].pk}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programme_invite"), person)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(reverse("programme_invite"), person)
    assert len(smtp_inbox.messages) == 1
    assert "1 personne a été invitée il y a moins d'une heure" in unescape(second.content.decode())
    token = LINK.search(smtp_inbox.bodies()[0])
    assert token is not None and invitation_check(token=token.group(1)).ambassador is not None
    preview = client.get(reverse("programme_invite"), person)
    assert "1 invité il y a moins d'une heure (ignoré)" in unescape(preview.content.decode())


def test_an_expired_invitation_is_replaced_by_a_new_link(world: World) -> None:
    employee = Person.objects.filter(pk=world.people["employee"].pk)
    _invite(world, employee)
    first = invitation_token(ambassador=Ambassador.objects.get(person=world.people["employee"]))
    _invited_hours_ago(world, 31 * 24)  # the programme's links last 30 days
    _invite(world, employee)
    second = invitation_token(ambassador=Ambassador.objects.get(person=world.people["employee"]))
    assert invitation_check(token=first).problem == "invalid"
    assert invitation_check(token=second).ambassador is not None


def test_an_invitation_link_expires_after_the_programme_s_number_of_days(world: World, monkeypatch) -> None:
    programme = programme_get(organisation=world.organisation)
    programme.invitation_days = 10
    programme.save()
    _invite(world, Person.objects.filter(pk=world.people["employee"].pk))
    ambassador = Ambassador.objects.get(person=world.people["employee"])
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now - 11 * 86400)
    old = invitation_token(ambassador=ambassador)
    monkeypatch.setattr(time, "time", lambda: now - 9 * 86400)
    recent = invitation_token(ambassador=ambassador)
    monkeypatch.undo()
    assert invitation_check(token=old).problem == "expired"
    assert invitation_check(token=recent).ambassador == ambassador


def test_a_forged_or_garbled_link_is_refused(world: World) -> None:
    _invite(world, Person.objects.filter(pk=world.people["employee"].pk))
    ambassador = Ambassador.objects.get(person=world.people["employee"])
    forged = signing.dumps({"a": ambassador.pk, "n": ambassador.invitation_nonce}, salt="another salt")
    assert invitation_check(token=forged).problem == "invalid"
    assert invitation_check(token="nonsense").problem == "invalid"
    assert invitation_check(token=invitation_token(ambassador=ambassador) + "x").problem == "invalid"


def test_the_e_mail_task_sends_each_invitation_once_even_when_run_twice(world: World, smtp_inbox) -> None:
    _invite(world, Person.objects.filter(pk=world.people["employee"].pk))  # not committed: not sent yet
    ambassador = Ambassador.objects.get(person=world.people["employee"])
    invitation_emails_send(ambassador_ids=[ambassador.pk])
    invitation_emails_send(ambassador_ids=[ambassador.pk])
    assert len(smtp_inbox.messages) == 1


def test_an_invitation_run_is_audited(world: World) -> None:
    _invite(world, Person.objects.filter(pk=world.people["employee"].pk))
    event = AuditEvent.objects.get(action="programme.invite")
    assert event.target_id == str(world.people["employee"].pk)
    assert event.changes["invited"] == [None, 1]


def test_the_invite_page_previews_the_people_a_filter_reaches_then_sends(
    world: World, login, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    ambassador_enrol(world.people["employee"])
    client = login("comms")
    preview = client.get(reverse("programme_invite"), {"audience": world.audiences["agents"].pk})
    page = preview.content.decode()
    assert preview.status_code == 200
    # Agents: comms, the employee, six in the unit, three in finances.
    assert "11 personnes correspondent" in page
    assert "1 déjà inscrit" in page
    assert "10 invitations seront envoyées." in page
    assert Ambassador.objects.filter(status="invited").count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("programme_invite"), {"audience": world.audiences["agents"].pk})
    assert "10 invitations envoyées" in sent.content.decode()
    assert len(smtp_inbox.messages) == 10


def test_the_invite_page_invites_one_person_by_search_or_by_id(world: World, login) -> None:
    client = login("admin")
    preview = client.get(reverse("programme_invite"), {"person": world.people["employee"].pk})
    assert "Vous allez inviter Émile Employé" in preview.content.decode()
    client.post(reverse("programme_invite"), {"q": "Employé"})
    assert list(Ambassador.objects.values_list("person_id", flat=True)) == [world.people["employee"].pk]


def test_managers_invite_their_own_subtree_only(world: World, login) -> None:
    client = login("manager")
    outside = client.post(reverse("programme_invite"), {"department": world.other_service.pk})
    assert outside.status_code == 400
    assert Ambassador.objects.count() == 0
    client.post(reverse("programme_invite"), {"department": ""})
    invited = set(Ambassador.objects.values_list("person__department_id", flat=True))
    assert invited == {world.service.pk, world.unit.pk}
    assert Ambassador.objects.count() == 9  # comms, manager, employee and six agents


def test_managers_cannot_search_people_by_name(world: World) -> None:
    manager = Membership.objects.get(user=world.users["manager"])
    reached = invitation_people(membership=manager, filters=PeopleFilters(query="Fin"))
    assert set(reached.values_list("department_id", flat=True)) == {world.service.pk, world.unit.pk}


def test_managers_see_how_many_people_match_but_never_who_is_enrolled(world: World, login) -> None:
    ambassador_enrol(world.people["comms"])
    ambassador_enrol(world.people["manager"])
    client = login("manager")
    service = {"department": world.service.pk}
    page = unescape(client.get(reverse("programme_invite"), service).content.decode())
    assert "9 personnes correspondent" in page and 'id="no-breakdown"' in page
    assert "déjà inscrits (ignorés)" not in page and "invitations seront envoyées" not in page
    sent = unescape(client.post(reverse("programme_invite"), service).content.decode())
    assert "C'est fait : toutes les personnes de ce groupe qui peuvent être invitées" in sent
    assert "invitations envoyées" not in sent and "déjà inscrites, ignorées" not in sent
    assert Ambassador.objects.filter(status="invited").count() == 7
    english = Membership.objects.get(user=world.users["manager"])
    english.language = "en"
    english.save()
    page = client.get(reverse("programme_invite"), service).content.decode()
    assert "Managers see no count of them" in page


def test_employees_cannot_invite(world: World, login) -> None:
    assert login("employee").post(reverse("programme_invite"), {}).status_code == 403
    assert Ambassador.objects.count() == 0


def test_the_invite_page_says_when_nobody_is_left_to_invite(world: World, login) -> None:
    ambassador_enrol(world.people["employee"])
    page = login("admin").get(reverse("programme_invite"), {"person": world.people["employee"].pk})
    assert 'id="nobody-to-invite"' in page.content.decode()
    assert 'id="send-invitations"' not in page.content.decode()
