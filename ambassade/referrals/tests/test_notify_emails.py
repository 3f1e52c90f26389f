"""The introducer is told of every change of the status they see, in their language, and nothing more;
recruiters may thank them once."""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from ambassade.core.models import AuditEvent
from ambassade.orgs.models import Membership, Person
from ambassade.referrals.introductions import introduction_decline
from ambassade.referrals.models import Introduction
from ambassade.referrals.notify import introducer_notify, introduction_thank
from ambassade.referrals.rules import DECLINED, IN_PROCESS, INTRODUCER_STATUS_LABELS
from ambassade.referrals.selectors import introduction_unseen_count
from ambassade.referrals.tests.crediting_factories import confirm, introduce, move
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_the_introducer_is_e_mailed_the_new_status_in_french_and_nothing_about_the_candidate(
    world: World, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    introduction = confirm(introduce(world, email="alice.secret@example.net"))
    with django_capture_on_commit_callbacks(execute=True):
        move(world, introduction, "screening")
    with django_capture_on_commit_callbacks(execute=True):
        move(world, introduction, "interview")  # still "in process": no second message
    assert len(smtp_inbox.messages) == 1
    message, body = smtp_inbox.messages[0], smtp_inbox.bodies()[0]
    assert message["To"] == world.people["employee"].email
    with translation.override("fr"):
        label = str(INTRODUCER_STATUS_LABELS[IN_PROCESS])
    assert _subject(message) == f"Votre mise en relation\u00a0: {label}"
    assert body.startswith("Bonjour Émile,")
    assert label in body and "Chargé de communication" in body
    for secret in ("Alice", "alice.secret", "Contact", "Entretien", "Présélection"):
        assert secret not in body


def test_the_introducer_reads_it_in_english_when_their_account_is_in_english(
    world: World, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    Membership.objects.filter(person=world.people["employee"]).update(language="en")
    introduction = confirm(introduce(world))
    with django_capture_on_commit_callbacks(execute=True):
        move(world, introduction, "hired")
    assert len(smtp_inbox.messages) == 1
    assert _subject(smtp_inbox.messages[0]) == "Your introduction: Hired"
    body = smtp_inbox.bodies()[0]
    assert body.startswith("Hello Émile,") and "Hired" in body and "Chargé de communication (en)" in body


def test_nobody_is_e_mailed_when_the_introducer_is_gone_or_has_no_address(
    world: World, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    gone = confirm(introduce(world))
    Introduction.objects.filter(pk=gone.pk).update(introducer=None)
    no_address = confirm(introduce(world))
    Person.objects.filter(pk=world.people["employee"].pk).update(email="")
    with django_capture_on_commit_callbacks(execute=True):
        move(world, gone, "rejected")
        move(world, no_address, "rejected")
    assert smtp_inbox.messages == []
    assert Introduction.objects.get(pk=gone.pk).status_changed_at is not None


def test_the_menu_counts_changes_the_introducer_has_not_seen(world: World) -> None:
    employee = world.people["employee"]
    first = introduce(world)
    second = introduce(world)
    assert introduction_unseen_count(person=employee) == 0
    introducer_notify(introduction=first)
    introducer_notify(introduction=second)
    assert introduction_unseen_count(person=employee) == 2
    Introduction.objects.filter(pk=first.pk).update(introducer_seen_at=timezone.now())
    assert introduction_unseen_count(person=employee) == 1


def test_a_recruiter_thanks_the_introducer_once_by_e_mail_and_it_is_audited(
    world: World, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    introduction = confirm(introduce(world))
    recruiter = world.users["recruiter"]
    with pytest.raises(ValidationError) as error:
        introduction_thank(actor=recruiter, introduction=introduction, message=" ")
    assert "message" in error.value.error_dict
    with django_capture_on_commit_callbacks(execute=True):
        introduction_thank(
            actor=recruiter, introduction=introduction, message="Merci pour cette belle rencontre !"
        )
    with pytest.raises(ValidationError):
        introduction_thank(actor=recruiter, introduction=introduction, message="Encore merci")
    assert len(smtp_inbox.messages) == 1
    assert _subject(smtp_inbox.messages[0]) == "Merci pour votre mise en relation"
    body = smtp_inbox.bodies()[0]
    assert "Merci pour cette belle rencontre !" in body and "Recruiter" in body and "Alice" not in body
    introduction.refresh_from_db()
    assert introduction.thanked_by == recruiter and introduction.thanked_at is not None
    assert AuditEvent.objects.filter(action="introduction.thank").count() == 1


def test_a_pending_introduction_cannot_be_thanked(world: World) -> None:
    with pytest.raises(ValidationError):
        introduction_thank(actor=world.users["recruiter"], introduction=introduce(world), message="Merci")


def test_the_introducer_is_e_mailed_when_their_contact_declines_though_the_contact_data_is_already_erased(
    world: World, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    introduction = introduce(world, email="alice.secret@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        introduction_decline(introduction=introduction)
    assert Introduction.objects.get(pk=introduction.pk).erased_at is not None
    assert len(smtp_inbox.messages) == 1
    with translation.override("fr"):
        label = str(INTRODUCER_STATUS_LABELS[DECLINED])
    assert _subject(smtp_inbox.messages[0]) == f"Votre mise en relation\u00a0: {label}"
    body = smtp_inbox.bodies()[0]
    assert label in body
    for secret in ("Alice", "alice.secret"):
        assert secret not in body


def test_an_erased_confirmed_introduction_is_not_e_mailed_about(
    world: World, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    introduction = confirm(introduce(world))
    Introduction.objects.filter(pk=introduction.pk).update(erased_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        move(world, introduction, "rejected")
    assert smtp_inbox.messages == []
