"""Only whoever receives our e-mail can confirm: a link the introducer passed on (profile address only)
asks for the contact's address and sends the e-mail there; an e-mailed link applies with its address."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, TestCase
from django.utils import timezone

from ambassade.careers.models import Application
from ambassade.core.models import AuditEvent
from ambassade.referrals.models import DoNotIntroduce, Introduction
from ambassade.referrals.rules import contact_hash, introducer_status
from ambassade.referrals.tests.introductions_factories import (
    answer_data,
    answer_path_in,
    answer_url,
    decline_url,
    introduce,
    introduce_by_profile,
    never_url,
)

pytestmark = pytest.mark.django_db

REFUSED = (
    "This address cannot be used to answer this introduction. If you are interested, you can apply on the "
    "organisation's career site."
)
FIELD_ERROR = re.compile(r'<small class="field-error" role="alert">(.*?)</small>')


def _post(client: Client, url: str, data: dict | None = None):
    with TestCase.captureOnCommitCallbacks(execute=True):  # the e-mail leaves after commit
        return client.post(url, data or {})


def _give(client: Client, url: str, email: str):
    return _post(client, url, {"email": email})


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _field_errors(response) -> list[str]:
    return FIELD_ERROR.findall(_text(response))


def _fresh(introduction: Introduction) -> Introduction:
    introduction.refresh_from_db()
    return introduction


def test_a_link_passed_on_asks_only_for_the_address_and_sends_the_e_mail_there_in_the_introduction_s_language(
    world, client, smtp_inbox
) -> None:
    introduction = introduce_by_profile(world, language="en")
    Introduction.objects.filter(pk=introduction.pk).update(expires_at=timezone.now() + timedelta(days=1))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"  # the visitor reads French; the e-mail follows
    page = client.get(answer_url(introduction))
    html = page.content.decode()
    assert page.status_code == 200 and 'id="address-form"' in html
    for field in ("first_name", "last_name", "phone", "cv", "consent", "message"):
        assert f'name="{field}"' not in html, field
    assert 'id="answer-form"' not in html

    response = _give(client, answer_url(introduction), " Claire.Real@example.net ")
    assert response.status_code == 200 and 'data-done="sent"' in response.content.decode()
    assert "Consultez votre boîte" in response.content.decode()
    assert len(smtp_inbox.messages) == 1 and smtp_inbox.messages[0]["To"] == "Claire.Real@example.net"
    body = smtp_inbox.bodies()[0]
    assert body.startswith("Hello Claire Contact,") and "This is an introduction, not an endorsement" in body
    introduction = _fresh(introduction)
    assert introduction.contact_email == "Claire.Real@example.net"
    assert introduction.contact_hash == contact_hash("claire.real@example.net")
    assert introduction.link_version == 2 and introduction.status == Introduction.Status.PENDING
    assert introduction.expires_at is not None
    assert introduction.expires_at > timezone.now() + timedelta(days=13)  # the expiry starts again
    assert not Application.objects.exists()
    event = AuditEvent.objects.get(action="introduction.address")
    assert event.changes == {"link_version": [1, 2], "addresses": [0, 1]}
    assert "claire" not in str(event.changes).lower() and "claire" not in event.target_label.lower()


def test_the_introducer_never_sees_the_address_their_contact_gave(world, client) -> None:
    from django.urls import reverse

    from ambassade.api.services import api_token_create

    introduction = introduce_by_profile(world, language="en")
    assert _give(client, answer_url(introduction), "claire.secret@example.net").status_code == 200
    introducer = Client()
    introducer.force_login(world.users["employee"])
    page = introducer.get(reverse("introduction_detail", args=[introduction.pk]))
    assert page.status_code == 200 and "claire.secret" not in page.content.decode()
    _token, raw = api_token_create(user=world.users["employee"], name="test")
    listing = introducer.get("/api/v1/introductions/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert listing.status_code == 200 and "claire.secret" not in listing.content.decode()


def test_the_link_passed_on_stops_working_once_an_address_was_given(world, client) -> None:
    introduction = introduce_by_profile(world, language="en")
    copied = answer_url(introduction)
    assert _give(client, copied, "claire@example.net").status_code == 200
    page = client.get(copied)
    assert page.status_code == 410
    assert "A newer link was sent" in page.content.decode()
    assert "open it from that mailbox" in page.content.decode()
    response = _post(client, copied, answer_data(email="claire@example.net"))
    assert 'data-done="confirmed"' not in response.content.decode()
    assert _post(client, decline_url(introduction)).status_code == 410
    introduction = _fresh(introduction)
    assert introduction.status == Introduction.Status.PENDING and not Application.objects.exists()


def test_confirming_from_the_e_mailed_link_creates_the_application_with_that_address(world, client) -> None:
    introduction = introduce_by_profile(world, language="en")
    _give(client, answer_url(introduction), "claire.real@example.net")
    emailed = answer_path_in(mail.outbox[-1].body)
    page = client.get(emailed)
    assert page.status_code == 200 and 'id="answer-form"' in page.content.decode()
    response = _post(client, emailed, answer_data(email="someone.else@example.net"))
    assert response.status_code == 200 and 'data-done="confirmed"' in response.content.decode()
    introduction = _fresh(introduction)
    assert introduction.status == Introduction.Status.CONFIRMED
    assert introduction.application is not None
    assert introduction.application.email == "claire.real@example.net"
    assert introduction.contact_hash == contact_hash("claire.real@example.net")


def test_a_posted_different_e_mail_is_ignored_on_an_e_mailed_introduction(world, client) -> None:
    introduction = introduce(world, contact_email="mine@example.net")
    page = client.get(answer_url(introduction)).content.decode()
    field = re.search(r'<input type="email" name="email"[^>]*>', page)
    assert field is not None and 'value="mine@example.net"' in field.group(0) and "disabled" in field.group(0)
    response = _post(client, answer_url(introduction), answer_data(email="someone.else@example.net"))
    assert response.status_code == 200
    application = Application.objects.get()
    assert application.email == "mine@example.net"
    assert _fresh(introduction).contact_hash == contact_hash("mine@example.net")
    assert not Application.objects.filter(email__icontains="someone.else").exists()


def test_the_introducer_s_own_address_or_a_colleague_s_is_refused_at_the_address_step_with_one_message(
    world, client
) -> None:
    introduction = introduce_by_profile(world, language="en")
    DoNotIntroduce.objects.create(organisation=world.organisation, email_hash=contact_hash("no@example.net"))
    refused = {}
    for label, address in (
        ("own", world.people["employee"].email),
        ("colleague", world.people["comms"].email),
        ("do not introduce", "no@example.net"),
    ):
        response = _give(client, answer_url(introduction), address)
        assert response.status_code == 400, label
        refused[label] = _field_errors(response)
    assert set(map(tuple, refused.values())) == {(REFUSED,)}  # one message, whichever check refused it
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    french = _field_errors(_give(client, answer_url(introduction), world.people["employee"].email))
    assert french == [
        "Cette adresse ne peut pas servir à répondre à cette mise en relation. Si cela vous intéresse, "
        "vous pouvez postuler sur le site carrière de l'organisation."
    ]
    introduction = _fresh(introduction)
    assert (introduction.contact_email, introduction.link_version) == ("", 1)
    assert mail.outbox == [] and not AuditEvent.objects.filter(action="introduction.address").exists()


def test_the_introducer_signed_in_cannot_give_an_address_from_their_own_link(world, client) -> None:
    introduction = introduce_by_profile(world)
    client.force_login(world.users["employee"])
    response = _give(client, answer_url(introduction), "made.up@example.net")
    assert response.status_code == 400
    assert "C'est vous qui avez fait cette mise en relation" in _text(response)
    assert _fresh(introduction).contact_email == "" and mail.outbox == []


def test_the_fourth_address_for_one_introduction_is_refused(world, client) -> None:
    introduction = introduce_by_profile(world, language="en")
    copied = answer_url(introduction)
    assert _give(client, copied, "first@example.net").status_code == 200
    first_emailed = answer_path_in(mail.outbox[-1].body)
    page = client.get(copied).content.decode()
    assert "No e-mail? Give your address again" in page and 'id="address-form"' in page
    for address in ("second@example.net", "third@example.net"):
        assert _give(client, copied, address).status_code == 200
    assert [message.to for message in mail.outbox] == [
        ["first@example.net"],
        ["second@example.net"],
        ["third@example.net"],
    ]
    assert client.get(first_emailed).status_code == 410  # only the latest address's link answers
    response = _give(client, copied, "fourth@example.net")
    assert response.status_code == 400
    limit = (
        "3 addresses were already given for this introduction: no more e-mails are sent from this link. "
        "If you are interested, apply on the organisation's career site."
    )
    assert limit in _text(response)
    page = _text(client.get(copied))
    assert limit in page and 'id="address-form"' not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    french = _text(_give(client, copied, "fourth@example.net"))
    assert "3 adresses ont déjà été données pour cette mise en relation" in french
    # Once the addresses are used up, the page tells nothing more about any address (a colleague's here).
    staff = _text(_give(client, copied, world.people["manager"].email))
    assert "3 adresses ont déjà été données" in staff and "ne peut pas servir" not in staff
    introduction = _fresh(introduction)
    assert introduction.contact_email == "third@example.net" and introduction.link_version == 4
    assert len(mail.outbox) == 3


def test_opening_the_links_of_a_profile_only_introduction_never_changes_anything(world, client) -> None:
    introduction = introduce_by_profile(world)
    copied, copied_never = answer_url(introduction), never_url(introduction)

    def state() -> tuple:
        current = _fresh(introduction)
        return (
            current.status,
            current.contact_email,
            current.contact_hash,
            current.link_version,
            current.expires_at,
            AuditEvent.objects.count(),
            len(mail.outbox),
            DoNotIntroduce.objects.count(),
            Application.objects.count(),
        )

    before = state()
    for url in (copied, copied_never):
        client.get(url)
        client.head(url)
    assert state() == before
    _give(client, copied, "claire@example.net")
    emailed = answer_path_in(mail.outbox[-1].body)
    after_address = state()
    for url in (copied, copied_never, emailed, emailed + "never/"):
        client.get(url)
        client.head(url)
    assert state() == after_address
    assert after_address[0] == Introduction.Status.PENDING and after_address[3] == 2


def test_never_again_from_the_link_passed_on_after_an_address_was_given_declines_only_that_introduction(
    world, client
) -> None:
    colleague_s = introduce(world, persona="manager", contact_email="target@example.net")
    own = introduce_by_profile(world)
    # Whoever holds the link typed someone's address: the e-mail goes there, and proves nothing yet.
    assert _give(client, answer_url(own), "target@example.net").status_code == 200
    page = client.get(never_url(own)).content.decode()
    assert 'name="email"' in page  # the address on record proves nothing: it is asked for
    assert _post(client, never_url(own), {"email": "target@example.net"}).status_code == 200
    assert _fresh(own).status == Introduction.Status.DECLINED
    assert _fresh(colleague_s).status == Introduction.Status.PENDING


def test_never_again_from_the_link_e_mailed_after_the_address_step_speaks_for_that_address(
    world, client
) -> None:
    colleague_s = introduce(world, persona="manager", contact_email="claire@example.net")
    own = introduce_by_profile(world)
    _give(client, answer_url(own), "Claire@example.net")
    emailed_never = answer_path_in(mail.outbox[-1].body) + "never/"
    assert 'name="email"' not in client.get(emailed_never).content.decode()
    assert _post(client, emailed_never).status_code == 200
    assert _fresh(own).status == _fresh(colleague_s).status == Introduction.Status.DECLINED
    assert DoNotIntroduce.objects.get().email_hash == contact_hash("claire@example.net")


def test_the_introducer_learns_nothing_from_an_address_given_on_their_link(world, client) -> None:
    from ambassade.careers.tests.application_factories import application_create

    introduction = introduce_by_profile(world, language="en")
    earlier = timezone.now() - timedelta(days=1)
    application_create(introduction.offer, email="victim@example.net", created_at=earlier)
    response = _give(client, answer_url(introduction), "victim@example.net")
    assert response.status_code == 200 and "already" not in response.content.decode().lower()
    assert introducer_status(_fresh(introduction)) == "pending"
