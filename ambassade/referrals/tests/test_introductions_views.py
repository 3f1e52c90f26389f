"""The employee's pages: introduce a contact, follow one's introductions; and what others never see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from ambassade.careers.tests.application_factories import application_create, offer_create, pdf_bytes
from ambassade.orgs.models import Membership
from ambassade.referrals.introductions import introduction_token
from ambassade.referrals.models import Introduction
from ambassade.referrals.tests.introductions_factories import answer_data, answer_url, introduce

pytestmark = pytest.mark.django_db


def _form(offer=None, **values):
    data = {
        "offer": str(offer.pk) if offer is not None else "",
        "entity": "",
        "contact_name": "Claire Contact",
        "contact_email": "claire@example.net",
        "contact_profile_url": "",
        "relationship": "former_colleague",
        "relationship_note": "Lyon",
        "language": "fr",
    }
    data.update(values)
    return data


def _post(client, url, data):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data)


# --- the form ----------------------------------------------------------------------------------------


def test_the_form_says_it_is_an_introduction_and_asks_nothing_about_qualities(world, login) -> None:
    offer = offer_create(world.hq, title="Chargé de communication")
    offer_create(world.hq, title="Offre fermée", status="closed")
    response = login("employee").get(reverse("introduction_new") + f"?offer={offer.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Une mise en relation, pas une recommandation." in html
    assert f'<option value="{offer.pk}" selected>Chargé de communication' in html
    assert "Offre fermée" not in html
    form = response.context["form"]
    assert set(form.fields) == {
        "offer",
        "entity",
        "contact_name",
        "contact_email",
        "contact_profile_url",
        "relationship",
        "relationship_note",
        "language",
    }


def test_offers_are_listed_with_their_title_in_the_active_language(world, login) -> None:
    offer_create(world.hq, title="Chargé de communication")
    Membership.objects.filter(user=world.users["employee"]).update(language="en")
    html = login("employee").get(reverse("introduction_new")).content.decode()
    assert "Chargé de communication (en)" in html and "An introduction, not an endorsement." in html


def test_an_employee_introduces_a_contact_from_the_page(world, login) -> None:
    offer = offer_create(world.hq)
    client = login("employee")
    response = _post(client, reverse("introduction_new"), _form(offer))
    introduction = Introduction.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "introduction_detail", args=[introduction.pk]
    )
    assert introduction.introducer == world.people["employee"] and introduction.offer == offer
    assert len(mail.outbox) == 1
    page = client.get(response["Location"])
    assert "Claire Contact va recevoir un e-mail de Région Exemple" in page.content.decode()
    assert "En attente de la réponse de votre contact" in page.content.decode()


def test_a_spontaneous_introduction_goes_to_the_introducer_s_site_by_default(world, login) -> None:
    _post(login("employee"), reverse("introduction_new"), _form(None))
    introduction = Introduction.objects.get()
    assert introduction.offer is None and introduction.entity == world.people["employee"].entity


def test_bad_input_is_shown_next_to_each_field_and_nothing_is_stored(world, login) -> None:
    response = _post(
        login("employee"),
        reverse("introduction_new"),
        _form(None, contact_name="", contact_email="", relationship=""),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Saisissez le nom de votre contact." in html
    assert "Choisissez comment vous vous connaissez." in html
    assert (
        "Saisissez l&#x27;adresse e-mail de votre contact, ou l&#x27;adresse de son profil professionnel."
        in html
    )
    assert not Introduction.objects.exists()


def test_an_address_already_a_candidate_is_announced_like_any_other_and_the_e_mail_leaves(
    world, login
) -> None:
    offer = offer_create(world.hq)
    application_create(offer, email="claire@example.net")
    client = login("employee")
    response = _post(client, reverse("introduction_new"), _form(offer))
    page = client.get(response["Location"]).content.decode()
    assert "Déjà candidat" not in page and "Claire Contact va recevoir un e-mail" in page
    assert len(mail.outbox) == 1


def test_a_profile_only_introduction_shows_the_message_to_copy_after_creation_and_in_the_list(
    world, login
) -> None:
    client = login("employee")
    data = _form(None, contact_email="", contact_profile_url="https://www.linkedin.com/in/claire")
    response = _post(client, reverse("introduction_new"), data)
    introduction = Introduction.objects.get()
    token = introduction_token(introduction=introduction)
    assert token in client.get(response["Location"]).content.decode()
    assert token in client.get(reverse("introduction_mine")).content.decode()
    assert mail.outbox == []


def test_a_member_without_an_hr_record_is_told_why_they_cannot_introduce(world, login) -> None:
    response = login("outsider").get(reverse("introduction_new"))
    assert response.status_code == 200 and 'id="no-person"' in response.content.decode()


# --- following one's introductions -------------------------------------------------------------------


def test_the_list_marks_changes_new_once_then_seen(world, login, client) -> None:
    introduction = introduce(world, language="en")
    employee = login("employee")
    assert "new-mark" not in employee.get(reverse("introduction_mine")).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.logout()
        client.post(reverse("introduction_decline", args=[introduction_token(introduction=introduction)]))
    employee = login("employee")
    html = employee.get(reverse("introduction_mine")).content.decode()
    assert "new-mark" in html and "Votre contact a refusé" in html
    assert "new-mark" not in employee.get(reverse("introduction_mine")).content.decode()


def test_an_introducer_never_sees_the_candidate_s_application(world, login, client) -> None:
    introduction = introduce(world, contact_email="claire@example.net")
    cv = SimpleUploadedFile("Claire-CV-2026.pdf", pdf_bytes(), content_type="application/pdf")
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            answer_url(introduction),
            answer_data(
                first_name="Clarissa", phone="+33 6 99 88 77 66", message="Mon message secret", cv=cv
            ),
        )
    application = Introduction.objects.get().application
    assert application is not None
    employee = login("employee")
    for url in (reverse("introduction_mine"), reverse("introduction_detail", args=[introduction.pk])):
        html = employee.get(url).content.decode()
        assert "Confirmée : votre contact a postulé".replace(" :", "\u00a0:") in html
        for secret in ("Clarissa", "99 88 77 66", "Mon message secret", "Claire-CV", "claire@example.net/cv"):
            assert secret not in html, (url, secret)
        assert reverse("application_detail", args=[application.pk]) not in html


def test_a_link_introduction_shows_no_candidate_name_to_the_ambassador(world, login) -> None:
    introduction = Introduction.objects.create(
        organisation=world.organisation,
        entity=world.hq,
        introducer=world.people["employee"],
        via=Introduction.Via.LINK,
        status=Introduction.Status.CONFIRMED,
        contact_email="lina@example.net",
        application=application_create(offer_create(world.hq), first_name="Lina", email="lina@example.net"),
    )
    html = login("employee").get(reverse("introduction_detail", args=[introduction.pk])).content.decode()
    assert "Lina" not in html and "lina@example.net" not in html
    assert "Une personne qui a postulé par votre lien" in html


def test_the_introducer_sends_a_new_link_from_their_page(world, login) -> None:
    introduction = introduce(world)
    client = login("employee")
    url = reverse("introduction_resend", args=[introduction.pk])
    response = client.post(url, follow=True)
    assert (
        "moins d&#x27;un jour" in response.content.decode() or "moins d'un jour" in response.content.decode()
    )
    Introduction.objects.filter(pk=introduction.pk).update(sent_at=timezone.now() - timedelta(days=2))
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url)
    introduction.refresh_from_db()
    assert introduction.link_version == 2 and len(mail.outbox) == 1


def test_someone_else_s_introduction_is_a_404(world, login) -> None:
    introduction = introduce(world, persona="manager")
    client = login("employee")
    assert client.get(reverse("introduction_detail", args=[introduction.pk])).status_code == 404
    assert client.post(reverse("introduction_resend", args=[introduction.pk])).status_code == 404


# --- what recruiters see of pending introductions: nothing but a count ----------------------------------


def _pages_without_arguments() -> list[str]:
    names: list[str] = []

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace,
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    urls = []
    for name in names:
        if name.startswith("api:") or name in {"logout", "language_set"}:
            continue
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue  # takes arguments
    return urls


@pytest.mark.parametrize("persona", ["recruiter", "admin", "manager", "comms"])
def test_no_page_shows_a_pending_contact_s_name_or_address(world, login, persona) -> None:
    offer = offer_create(world.hq)
    introduce(world, offer=offer, contact_name="Paulette Pendante", contact_email="paulette@example.net")
    client = login(persona)
    for url in _pages_without_arguments():
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/"):
            continue
        text = response.content.decode(errors="replace")
        assert "Paulette" not in text and "paulette@example.net" not in text, url
    for url in (reverse("application_board", args=[offer.pk]), reverse("job_offer_detail", args=[offer.pk])):
        response = client.get(url)
        assert "Paulette" not in response.content.decode(errors="replace"), url
