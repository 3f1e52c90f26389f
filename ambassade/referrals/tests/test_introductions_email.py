"""The contact's e-mail goes through a real SMTP server on loopback, in French or English, with a link
that works."""

from __future__ import annotations

import re
from email.header import decode_header, make_header

import pytest
from django.test import Client

from ambassade.careers.tests.application_factories import offer_create
from ambassade.core.tasks import registry
from ambassade.referrals.introductions import introduction_email_send
from ambassade.referrals.models import Introduction
from ambassade.referrals.tests.introductions_factories import introduce

pytestmark = pytest.mark.django_db

ANSWER = re.compile(r"http\S+/introduction/[^/\s]+/(?=\s)")
NEVER = re.compile(r"http\S+/introduction/[^/\s]+/never/")


def _paths(body: str) -> tuple[str, str]:
    answer, never = ANSWER.search(body), NEVER.search(body)
    assert answer is not None and never is not None, body
    return answer.group(0).split("8000", 1)[-1], never.group(0).split("8000", 1)[-1]


def test_the_contact_gets_a_french_e_mail_naming_the_introducer_with_a_working_link(
    world, smtp_inbox, settings
) -> None:
    settings.SITE_URL = "http://127.0.0.1:8000"
    offer = offer_create(world.hq, title="Chargé de communication")
    introduction = introduce(world, offer=offer, contact_email="claire@example.net", language="fr")
    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == "claire@example.net"
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "Émile Employé vous met en relation avec Région Exemple"
    body = smtp_inbox.bodies()[0]
    assert body.startswith("Bonjour Claire Contact,")
    assert "Émile Employé, qui travaille chez Région Exemple" in body
    assert "«\u00a0Chargé de communication\u00a0»" in body
    assert "C'est une mise en relation, pas une recommandation" in body
    answer, never = _paths(body)
    client = Client()
    page = client.get(answer)
    assert (
        page.status_code == 200
        and "Émile Employé vous a présenté·e à Région Exemple" in page.content.decode()
    )
    assert client.get(never).status_code == 200
    introduction.refresh_from_db()
    assert introduction.sent_at is not None and introduction.status == Introduction.Status.PENDING


def test_the_contact_gets_an_english_e_mail_when_the_introducer_chose_english(world, smtp_inbox) -> None:
    introduce(
        world, spontaneous=True, contact_email="sam@example.net", language="en", contact_name="Sam Smith"
    )
    body = smtp_inbox.bodies()[0]
    assert body.startswith("Hello Sam Smith,")
    assert "Émile Employé, who works at Région Exemple, has introduced you to its recruiters." in body
    assert "This is an introduction, not an endorsement" in body
    assert "To never be introduced to Région Exemple again" in body
    answer, _never = _paths(body)
    page = Client().get(answer)
    assert page.status_code == 200 and page["Content-Language"] == "en"
    assert "Émile Employé introduced you to Région Exemple" in page.content.decode()


def test_the_e_mail_task_sends_once_even_when_run_twice(world, smtp_inbox) -> None:
    introduction = introduce(world)
    introduction_email_send(introduction_id=introduction.pk, link_version=introduction.link_version)
    assert len(smtp_inbox.messages) == 1
    assert registry["ambassade.referrals.introductions.introduction_email_send"] is introduction_email_send


def test_nothing_is_sent_once_the_contact_answered_or_a_newer_link_replaced_it(world, smtp_inbox) -> None:
    introduction = introduce(world)
    smtp_inbox.messages.clear()
    Introduction.objects.filter(pk=introduction.pk).update(link_version=2)
    introduction_email_send(introduction_id=introduction.pk, link_version=1)
    Introduction.objects.filter(pk=introduction.pk).update(status=Introduction.Status.DECLINED)
    introduction_email_send(introduction_id=introduction.pk, link_version=2)
    assert smtp_inbox.messages == []
