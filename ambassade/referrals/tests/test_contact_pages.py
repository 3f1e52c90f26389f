"""The contact's side: the pages behind the signed link of their e-mail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.utils import timezone

from ambassade.careers.models import Application
from ambassade.careers.tests.application_factories import offer_create, pdf_bytes, windows_executable_bytes
from ambassade.referrals.models import DoNotIntroduce, Introduction
from ambassade.referrals.rules import contact_hash
from ambassade.referrals.tests.introductions_factories import (
    answer_data,
    answer_url,
    decline_url,
    introduce,
    never_url,
)

pytestmark = pytest.mark.django_db

PREVIEW_ROBOTS = [
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Mozilla/5.0 (compatible; Microsoft Office/16.0; ms-office; MSOffice 16)",
    "facebookexternalhit/1.1",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
]


def _post(client: Client, url: str, data: dict | None = None):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data or {})


def _status(introduction: Introduction) -> str:
    introduction.refresh_from_db()
    return introduction.status


# --- opening the link changes nothing --------------------------------------------------------------------


def test_opening_the_link_shows_who_introduced_them_and_changes_nothing(world, client) -> None:
    introduction = introduce(world, language="en")
    response = client.get(answer_url(introduction))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Émile Employé introduced you to Région Exemple" in html
    assert "This is an introduction, not an endorsement." in html
    assert "erased 3 months after the decision" in html  # the consent text, with the retention period
    assert 'value="Claire"' in html and 'value="Contact"' in html  # prefilled from the name typed
    assert response["X-Robots-Tag"].startswith("noindex") and response["Referrer-Policy"] == "same-origin"
    assert _status(introduction) == Introduction.Status.PENDING


@pytest.mark.parametrize("agent", PREVIEW_ROBOTS)
def test_a_crawler_or_preview_robot_opening_any_link_confirms_nothing(world, client, agent) -> None:
    introduction = introduce(world)
    for url in (answer_url(introduction), never_url(introduction), decline_url(introduction)):
        client.get(url, headers={"User-Agent": agent})
        client.head(url, headers={"User-Agent": agent})
    assert _status(introduction) == Introduction.Status.PENDING
    assert introduction.contact_email and not DoNotIntroduce.objects.exists()
    assert not Application.objects.exists()


def test_declining_takes_a_post_never_a_get(world, client) -> None:
    introduction = introduce(world)
    assert client.get(decline_url(introduction)).status_code == 405


# --- bad links -----------------------------------------------------------------------------------------


def test_a_tampered_token_gets_a_clear_page(world, client) -> None:
    introduction = introduce(world)
    url = answer_url(introduction)
    for bad in (
        url[:-3] + "abc/",
        url.replace("/introduction/", "/introduction/x"),
        "/introduction/nothing/",
    ):
        response = client.get(bad)
        assert response.status_code == 404
        assert (
            "This link is not valid" in response.content.decode("utf-8")
            or "Ce lien" in response.content.decode()
        )
    response = client.post(decline_url(introduction)[:-10] + "garbage/decline/")
    assert response.status_code == 404
    assert _status(introduction) == Introduction.Status.PENDING


def test_an_expired_link_gets_a_clear_page_in_the_introduction_s_language(world, client) -> None:
    introduction = introduce(world, language="en")
    Introduction.objects.filter(pk=introduction.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(answer_url(introduction))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    response = _post(client, answer_url(introduction), answer_data())
    assert response.status_code == 410
    assert _status(introduction) == Introduction.Status.PENDING and not Application.objects.exists()


def test_a_used_link_says_it_was_already_answered(world, client) -> None:
    introduction = introduce(world, language="en")
    assert _post(client, answer_url(introduction), answer_data()).status_code == 200
    for response in (client.get(answer_url(introduction)), client.post(decline_url(introduction))):
        assert response.status_code == 200
        assert "Already answered" in response.content.decode()
    assert Application.objects.count() == 1
    assert _status(introduction) == Introduction.Status.CONFIRMED


def test_a_replaced_link_points_to_the_latest_e_mail(world, client) -> None:
    introduction = introduce(world, language="en")
    old = answer_url(introduction)
    Introduction.objects.filter(pk=introduction.pk).update(link_version=2)
    response = client.get(old)
    assert response.status_code == 410 and "A newer link was sent" in response.content.decode()


# --- confirming --------------------------------------------------------------------------------------


def test_the_contact_confirms_and_applies_without_a_cv(world, client) -> None:
    introduction = introduce(world, contact_email="claire.new@example.net")
    response = _post(client, answer_url(introduction), answer_data(email="claire.new@example.net"))
    assert response.status_code == 200
    introduction.refresh_from_db()
    application = introduction.application
    assert application is not None
    assert (application.first_name, application.email, application.cv.name) == (
        "Claire",
        "claire.new@example.net",
        "",
    )
    assert application.offer == introduction.offer and application.source_channel == "introduction"
    assert (
        "erased 3 months after the decision" in application.consent_text
        or "3 mois" in application.consent_text
    )
    assert introduction.status == Introduction.Status.CONFIRMED
    assert introduction.responded_at is not None and introduction.status_changed_at is not None


def test_the_contact_may_attach_a_cv_checked_like_any_application(world, client) -> None:
    introduction = introduce(world)
    bad = SimpleUploadedFile("cv.pdf", windows_executable_bytes(), content_type="application/pdf")
    response = _post(client, answer_url(introduction), answer_data(cv=bad))
    assert response.status_code == 400 and _status(introduction) == "pending"
    good = SimpleUploadedFile("Mon CV.pdf", pdf_bytes(), content_type="application/pdf")
    assert _post(client, answer_url(introduction), answer_data(cv=good)).status_code == 200
    application = Application.objects.get()
    assert application.cv_filename == "Mon_CV.pdf" and application.cv.name


def test_confirming_needs_consent_and_names_the_missing_fields(world, client) -> None:
    introduction = introduce(world)
    response = _post(client, answer_url(introduction), answer_data(consent=None, first_name="", email="x"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Saisissez votre prénom." in html  # the page speaks the introduction's language (French)
    assert "Cochez cette case" in html
    assert _status(introduction) == "pending" and not Application.objects.exists()


def test_the_introducer_cannot_confirm_their_own_introduction(world, client) -> None:
    introduction = introduce(world)
    client.force_login(world.users["employee"])
    response = _post(client, answer_url(introduction), answer_data())
    assert response.status_code == 400
    assert _status(introduction) == "pending" and not Application.objects.exists()


def test_the_contact_cannot_confirm_with_the_introducer_s_address(world, client) -> None:
    introduction = introduce(world, contact_email="", contact_profile_url="https://www.linkedin.com/in/c")
    own = world.people["employee"].email
    response = _post(client, answer_url(introduction), answer_data(email=own))
    assert response.status_code == 400  # refused at the address step: nothing is sent there
    assert _status(introduction) == "pending" and not Application.objects.exists()
    introduction.refresh_from_db()
    assert introduction.contact_email == "" and introduction.link_version == 1


def test_a_contact_who_already_applied_is_linked_not_asked_to_apply_twice(world, client) -> None:
    from ambassade.careers.tests.application_factories import application_create

    introduction = introduce(world, contact_email="claire@example.net")
    existing = application_create(introduction.offer, email="claire@example.net")
    assert _post(client, answer_url(introduction), answer_data()).status_code == 200
    introduction.refresh_from_db()
    assert introduction.application == existing and Application.objects.count() == 1


def test_two_introductions_of_one_contact_lead_to_one_application(world, client) -> None:
    first = introduce(world, contact_email="claire@example.net")
    second = introduce(world, persona="manager", offer=first.offer, contact_email="claire@example.net")
    assert _post(client, answer_url(second), answer_data()).status_code == 200
    assert _post(client, answer_url(first), answer_data()).status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.application is not None and first.application is None
    assert first.status == second.status == Introduction.Status.CONFIRMED
    assert Application.objects.count() == 1


def _enrolled_employee(world) -> None:
    from ambassade.testing.programme import ambassador_enrol

    ambassador_enrol(world.people["employee"])


def _points(world, persona: str = "employee") -> list[int]:
    from ambassade.referrals.tests.crediting_factories import introduction_points

    return introduction_points(world.people[persona])


def test_a_contact_confirming_with_the_address_of_a_candidate_who_applied_before_takes_nothing_over(
    world, client
) -> None:
    """The introducer opens the link they passed on and types a candidate's address: it is only where
    the e-mail goes. Nothing is confirmed, and they learn nothing ("already a candidate" included)."""
    from ambassade.careers.tests.application_factories import application_create
    from ambassade.referrals.rules import introducer_status

    _enrolled_employee(world)
    offer = offer_create(world.hq)
    victim = application_create(
        offer,
        email="victim@example.net",
        stage=Application.Stage.HIRED,
        created_at=timezone.now() - timedelta(days=9),
    )
    introduction = introduce(
        world, offer=offer, contact_email="", contact_profile_url="https://example.net/in/x"
    )
    response = _post(client, answer_url(introduction), answer_data(email="victim@example.net"))
    assert response.status_code == 200 and 'data-done="sent"' in response.content.decode()
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.PENDING and introduction.application is None
    assert not introduction.credited and _points(world) == []
    assert introducer_status(introduction) == "pending"
    assert [message.to for message in mail.outbox] == [["victim@example.net"]]  # only they can confirm
    assert not Introduction.objects.filter(application=victim).exists()
    assert Application.objects.count() == 1


def test_confirming_an_introduction_by_e_mail_with_another_candidate_s_address_takes_nothing_over(
    world, client
) -> None:
    from ambassade.careers.tests.application_factories import application_create

    _enrolled_employee(world)
    introduction = introduce(world, contact_email="mine@example.net")
    victim = application_create(introduction.offer, email="victim@example.net")  # applied after it
    response = _post(client, answer_url(introduction), answer_data(email="victim@example.net"))
    assert response.status_code == 200
    introduction.refresh_from_db()
    # The address typed is ignored: the application is made with the address the e-mail reached.
    assert introduction.status == Introduction.Status.CONFIRMED and introduction.application is not None
    assert introduction.application.email == "mine@example.net"
    assert not Introduction.objects.filter(application=victim).exists() and _points(world) == [25]


def test_a_contact_already_in_the_pipeline_who_confirms_is_told_and_the_introduction_is_a_duplicate(
    world, client
) -> None:
    from ambassade.careers.tests.application_factories import application_create

    _enrolled_employee(world)
    offer = introduce(world).offer
    application_create(offer, email="claire@example.net", created_at=timezone.now() - timedelta(days=3))
    introduction = introduce(world, offer=offer, contact_email="claire@example.net", language="en")
    assert introduction.status == Introduction.Status.PENDING
    response = _post(client, answer_url(introduction), answer_data())
    assert response.status_code == 200
    assert "You had already applied" in response.content.decode()
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.DUPLICATE and not introduction.credited
    assert Application.objects.count() == 1 and _points(world) == []


def test_a_rejected_application_is_no_longer_in_the_pipeline_and_the_contact_applies_again(
    world, client
) -> None:
    from ambassade.careers.tests.application_factories import application_create

    offer = introduce(world).offer
    old = application_create(offer, email="claire@example.net", stage=Application.Stage.REJECTED)
    introduction = introduce(world, offer=offer, contact_email="claire@example.net")
    assert _post(client, answer_url(introduction), answer_data()).status_code == 200
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.CONFIRMED
    assert introduction.application is not None and introduction.application != old


def test_two_profile_only_introductions_confirmed_with_the_same_address_are_credited_once(
    world, client
) -> None:
    """Typing a made-up address on the link passed on confirms nothing: it only sends the e-mail there.
    The contact who receives both e-mails at one address is one candidate, credited once."""
    from ambassade.referrals.tests.introductions_factories import answer_path_in
    from ambassade.testing.programme import ambassador_enrol

    _enrolled_employee(world)
    ambassador_enrol(world.people["manager"])
    url = "https://example.net/in/c"
    first = introduce(world, contact_email="", contact_profile_url=url)
    second = introduce(world, persona="manager", offer=first.offer, contact_email="", contact_profile_url=url)
    for introduction in (first, second):
        response = _post(client, answer_url(introduction), answer_data(email="fake1@example.net"))
        assert response.status_code == 200
        assert _status(introduction) == Introduction.Status.PENDING and _points(world) == []
    assert not Application.objects.exists()
    emailed = [answer_path_in(message.body) for message in mail.outbox]
    assert [message.to for message in mail.outbox] == [["fake1@example.net"]] * 2
    for path in emailed:  # whoever reads fake1's mailbox confirms both
        assert _post(client, path, answer_data()).status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.contact_hash == second.contact_hash == contact_hash("fake1@example.net")
    assert first.status == second.status == Introduction.Status.CONFIRMED
    assert [first.credited, second.credited] == [True, False]
    assert _points(world) + _points(world, "manager") == [25]
    assert Application.objects.count() == 1


def test_two_introductions_at_different_addresses_each_apply_with_the_address_their_e_mail_reached(
    world, client
) -> None:
    first = introduce(world, contact_email="claire@work.example")
    second = introduce(world, persona="manager", offer=first.offer, contact_email="claire@home.example")
    for introduction in (first, second):
        data = answer_data(email="claire@home.example")  # typed, and ignored
        assert _post(client, answer_url(introduction), data).status_code == 200
    assert sorted(Application.objects.values_list("email", flat=True)) == [
        "claire@home.example",
        "claire@work.example",
    ]
    assert not Introduction.objects.exclude(status=Introduction.Status.CONFIRMED).exists()


def test_the_pages_are_csrf_protected(world) -> None:
    introduction = introduce(world)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(decline_url(introduction)).status_code == 403
    assert strict.post(answer_url(introduction), answer_data()).status_code == 403
    assert strict.post(never_url(introduction)).status_code == 403
    assert _status(introduction) == Introduction.Status.PENDING
    page = strict.get(answer_url(introduction))
    token = page.cookies[settings.CSRF_COOKIE_NAME].value
    response = strict.post(decline_url(introduction), {"csrfmiddlewaretoken": token})
    assert response.status_code == 200 and _status(introduction) == Introduction.Status.DECLINED


# --- declining, and never again --------------------------------------------------------------------------


def test_declining_erases_the_contact_s_data_at_once(world, client) -> None:
    introduction = introduce(world, contact_email="claire@example.net")
    response = _post(client, decline_url(introduction))
    assert response.status_code == 200
    assert "Mise en relation refusée" in response.content.decode()
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.DECLINED
    for field in (
        "contact_name",
        "contact_email",
        "contact_profile_url",
        "relationship_note",
        "contact_hash",
    ):
        assert getattr(introduction, field) == "", field
    assert introduction.erased_at is not None and introduction.responded_at is not None
    assert introduction.introducer == world.people["employee"]  # the anonymous row stays for the counts


def test_never_again_keeps_only_a_hash_and_declines_what_is_waiting(world, client) -> None:
    first = introduce(world, contact_email="claire@example.net")
    other = introduce(world, persona="manager", contact_email="Claire@Example.net")
    unrelated = introduce(world, contact_email="someone@example.net")
    page = client.get(never_url(first))
    assert page.status_code == 200 and "id_email" not in page.content.decode()  # the address is known
    assert _post(client, never_url(first)).status_code == 200
    wish = DoNotIntroduce.objects.get()
    assert wish.email_hash == contact_hash("claire@example.net")
    assert "claire" not in wish.email_hash and wish.organisation == world.organisation
    assert _status(first) == _status(other) == Introduction.Status.DECLINED
    assert _status(unrelated) == Introduction.Status.PENDING
    first.refresh_from_db()
    assert first.contact_email == "" and first.contact_hash == ""
    # The address is erased now: asking again takes it typed, and changes nothing.
    assert 'name="email"' in client.get(never_url(first)).content.decode()
    assert _post(client, never_url(first), {"email": "claire@example.net"}).status_code == 200
    assert DoNotIntroduce.objects.count() == 1


def test_never_again_from_a_profile_only_introduction_asks_for_the_address(world, client) -> None:
    introduction = introduce(world, contact_email="", contact_profile_url="https://www.linkedin.com/in/c")
    assert 'name="email"' in client.get(never_url(introduction)).content.decode()
    response = _post(client, never_url(introduction), {"email": "not an address"})
    assert response.status_code == 400 and not DoNotIntroduce.objects.exists()
    assert _post(client, never_url(introduction), {"email": "c@example.net"}).status_code == 200
    assert DoNotIntroduce.objects.get().email_hash == contact_hash("c@example.net")
    assert _status(introduction) == Introduction.Status.DECLINED


def test_never_again_from_a_link_with_an_address_ignores_the_address_typed(world, client) -> None:
    colleague_s = introduce(world, persona="manager", contact_email="target@example.net")
    own = introduce(world, contact_email="mine@example.net")
    assert _post(client, never_url(own), {"email": "target@example.net"}).status_code == 200
    assert (
        _status(colleague_s) == Introduction.Status.PENDING and _status(own) == Introduction.Status.DECLINED
    )
    assert list(DoNotIntroduce.objects.values_list("email_hash", flat=True)) == [
        contact_hash("mine@example.net")
    ]


def test_never_again_from_a_profile_only_link_declines_only_that_introduction(world, client) -> None:
    colleague_s = introduce(world, persona="manager", contact_email="target@example.net")
    own = introduce(world, contact_email="", contact_profile_url="https://example.net/in/t")
    assert _post(client, never_url(own), {"email": "target@example.net"}).status_code == 200
    assert _status(own) == Introduction.Status.DECLINED
    assert _status(colleague_s) == Introduction.Status.PENDING
    colleague_s.refresh_from_db()
    assert colleague_s.contact_email == "target@example.net" and colleague_s.erased_at is None
    assert DoNotIntroduce.objects.get().email_hash == contact_hash("target@example.net")


def test_never_again_works_from_an_answered_or_expired_link(world, client) -> None:
    introduction = introduce(world, contact_email="claire@example.net")
    Introduction.objects.filter(pk=introduction.pk).update(
        status=Introduction.Status.EXPIRED, expires_at=timezone.now() - timedelta(days=1)
    )
    assert _post(client, never_url(introduction)).status_code == 200
    assert DoNotIntroduce.objects.filter(email_hash=contact_hash("claire@example.net")).exists()


# --- the page's language ------------------------------------------------------------------------------


def test_the_page_speaks_the_introduction_s_language_and_the_switcher_still_works(world, client) -> None:
    english = introduce(world, language="en")
    response = client.get(answer_url(english))
    assert (
        response["Content-Language"] == "en"
        and "Confirm and send my application" in response.content.decode()
    )
    french = introduce(world, language="fr")
    response = client.get(answer_url(french))
    assert response["Content-Language"] == "fr"
    assert "Confirmer et envoyer ma candidature" in response.content.decode()
    switched = client.post("/language/", {"language": "en", "next": answer_url(french)}, follow=True)
    assert switched.redirect_chain[-1][0] == answer_url(french)
    assert switched["Content-Language"] == "en"
    assert "Confirm and send my application" in switched.content.decode()
