"""Approval e-mails, through a real SMTP server on loopback: the person who hands the item out and the
requester, each in their own language, once, and only after the approval is committed."""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest
from django.core import mail

from ambassade.orgs.models import Membership
from ambassade.rewards.models import RewardRequest
from ambassade.rewards.services import reward_request_approve, reward_request_refuse
from ambassade.rewards.tasks import reward_approved_emails_send
from ambassade.rewards.tests.support import item_make, request_make
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


def language(world: World, persona: str, code: str) -> None:
    Membership.objects.filter(user=world.users[persona]).update(language=code)


@pytest.fixture
def request_waiting(world: World) -> RewardRequest:
    item = item_make(
        world.organisation, name="T-shirt", cost=120, stock=5, handed_out_by=world.people["comms"]
    )
    return request_make(world, item=item, persona="employee", note="Taille M")


def _by_recipient(smtp_inbox) -> dict[str, tuple[str, str]]:
    return {
        message["To"]: (str(make_header(decode_header(message["Subject"]))), body)
        for message, body in zip(smtp_inbox.messages, smtp_inbox.bodies(), strict=True)
    }


def test_the_person_handing_out_and_the_requester_are_told_each_in_their_language(
    world, request_waiting, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    language(world, "employee", "fr")
    language(world, "comms", "en")
    with django_capture_on_commit_callbacks(execute=True):
        reward_request_approve(actor=world.users["admin"], request=request_waiting)
    sent = _by_recipient(smtp_inbox)
    assert set(sent) == {world.people["employee"].email, world.people["comms"].email}

    subject, body = sent[world.people["comms"].email]
    assert subject == "A reward to hand out: T-shirt for Émile Employé"
    assert "Hello Camille," in body
    assert "approved a reward for Émile Employé: T-shirt. You are the person who hands it out." in body
    assert "Their note: Taille M" in body

    subject, body = sent[world.people["employee"].email]
    assert subject == "Votre demande de récompense est approuvée\u00a0: T-shirt"
    assert "Bonjour Émile," in body
    assert "a approuvé votre demande de récompense\u00a0: T-shirt." in body
    assert "Camille Comm vous la remettra." in body
    assert "/rewards/mine/" in body


def test_the_requester_alone_is_told_when_nobody_is_named_to_hand_it_out(
    world, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    language(world, "employee", "en")
    request = request_make(world, item=item_make(world.organisation, name="Mug", cost=10), persona="employee")
    with django_capture_on_commit_callbacks(execute=True):
        reward_request_approve(actor=world.users["admin"], request=request)
    [message] = smtp_inbox.messages
    assert message["To"] == world.people["employee"].email
    assert "Your HR team will hand it to you." in smtp_inbox.bodies()[0]


def test_running_the_job_twice_sends_nothing_twice(
    world, request_waiting, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        reward_request_approve(actor=world.users["admin"], request=request_waiting)
    reward_approved_emails_send(request_id=request_waiting.pk)
    assert len(smtp_inbox.messages) == 2


def test_nothing_is_sent_before_the_approval_commits_and_a_refusal_tells_only_the_requester(
    world, request_waiting, django_capture_on_commit_callbacks, settings
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reward_request_approve(actor=world.users["admin"], request=request_waiting)
    assert mail.outbox == [] and len(callbacks) == 1
    other = request_make(world, item=item_make(world.organisation, name="Livre", cost=5), persona="manager")
    with django_capture_on_commit_callbacks(execute=True):
        reward_request_refuse(actor=world.users["admin"], request=other, note="Plus disponible")
    assert [message.to for message in mail.outbox] == [[world.people["manager"].email]]


def test_a_refused_request_tells_the_requester_why_in_their_language_once(
    world, request_waiting, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    from ambassade.rewards.tasks import reward_refused_email_send

    language(world, "employee", "fr")
    with django_capture_on_commit_callbacks(execute=True):
        reward_request_refuse(actor=world.users["admin"], request=request_waiting, note="Plus de taille M")
    reward_refused_email_send(request_id=request_waiting.pk)  # run again: nothing more is sent
    sent = _by_recipient(smtp_inbox)
    assert list(sent) == [world.people["employee"].email]
    subject, body = sent[world.people["employee"].email]
    assert subject == "Votre demande de récompense n’a pas été accordée\u00a0: T-shirt"
    assert "Bonjour Émile," in body
    assert "Plus de taille M" in body
    assert "Vos 120\u00a0points vous sont rendus" in body
