"""A candidate applies on the career site: the form, its checks, the source it keeps, the receipt."""

from __future__ import annotations

import time
from collections.abc import Iterator
from email.header import decode_header, make_header
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from ambassade.careers.application_forms import form_started_token
from ambassade.careers.models import Application, JobOffer
from ambassade.careers.selectors import job_offer_public_url
from ambassade.careers.tests.application_factories import (
    docx_bytes,
    form_data,
    odt_bytes,
    offer_create,
    pdf_bytes,
    windows_executable_bytes,
    zip_bomb_bytes,
)
from ambassade.links.models import Campaign, TrackedLink
from ambassade.links.signing import ref_sign
from ambassade.testing.factories import World, entity_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path
    cache.clear()  # rate-limit counters
    yield
    cache.clear()


@pytest.fixture
def offer(world: World) -> JobOffer:
    world.hq.languages = ["fr", "en"]
    world.hq.save()
    return offer_create(world.hq, title="Chargée de communication")


def _apply_url(offer: JobOffer, *, language: str = "") -> str:
    url = reverse("application_apply", kwargs={"entity_slug": offer.entity.slug, "pk": offer.pk})
    return f"{url}?lang={language}" if language else url


def _cv(content: bytes | None = None, name: str = "CV Alice.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type=content_type)


def _send(client: Client, offer: JobOffer, *, language: str = "", cv: Any = "default", **values: Any):
    data = form_data(**values)
    if cv == "default":
        data["cv"] = _cv()
    elif cv is not None:
        data["cv"] = cv
    return client.post(_apply_url(offer, language=language), data, REMOTE_ADDR="203.0.113.7")


def _errors(response) -> str:
    return response.content.decode()


def _in(language: str, message: str) -> str:
    """The message as the site shows it in `language` (the French catalogue is filled by the lead)."""
    with translation.override(language):
        return gettext(message)


# --- the form on the job page -------------------------------------------------------------------------


def test_the_job_page_carries_the_form_and_the_ref_without_any_cookie(client, offer) -> None:
    link = TrackedLink.objects.create(
        organisation=offer.organisation, code="abc123", target_type="job", job=offer, channel="linkedin"
    )
    ref = ref_sign(link)
    page = client.get(f"{job_offer_public_url(offer, absolute=False)}?ref={ref}")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'name="ref" value="{ref}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert _apply_url(offer) in html
    assert page.cookies == {}


def test_the_consent_shows_the_retention_periods(client, offer) -> None:
    html = client.get(_apply_url(offer, language="en")).content.decode()
    assert "erased 3 months after the decision" in html
    assert "talent pool" in html and "2 years" in html


def test_the_honeypot_is_out_of_sight_and_labelled_for_screen_readers(client, offer) -> None:
    html = client.get(_apply_url(offer, language="en")).content.decode()
    trap = html[html.index('class="application-trap"') :]
    assert trap.startswith('class="application-trap" style="position:absolute;left:-10000px')
    assert "Leave this field empty" in trap[:600]
    assert 'tabindex="-1"' in trap[:600]


def test_a_closed_offer_takes_no_application(client, world) -> None:
    closed = offer_create(world.hq, status=JobOffer.Status.CLOSED)
    assert client.get(_apply_url(closed)).status_code == 404
    assert _send(client, closed).status_code == 404
    assert not Application.objects.exists()


def test_a_draft_offer_takes_no_application(client, world) -> None:
    draft = offer_create(world.hq, status=JobOffer.Status.DRAFT, published_at=None)
    assert _send(client, draft).status_code == 404


def test_an_offer_of_another_site_is_not_found_here(client, world) -> None:
    elsewhere = offer_create(world.subsidiary)
    url = reverse("application_apply", kwargs={"entity_slug": world.hq.slug, "pk": elsewhere.pk})
    assert client.get(url).status_code == 404


# --- sending -----------------------------------------------------------------------------------------


def test_a_candidate_applies_and_lands_on_the_thank_you_page(client, offer) -> None:
    response = _send(client, offer, talent_pool="on")
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Chargée de communication" in thanks.content.decode()
    application = Application.objects.get()
    assert (application.first_name, application.last_name) == ("Alice", "Candidate")
    assert application.email == "alice@example.net"
    assert application.phone == "+33 6 12 34 56 78"
    assert application.offer == offer and application.entity == offer.entity
    assert application.stage == Application.Stage.RECEIVED
    assert application.language == "fr"
    assert application.talent_pool is True
    assert application.source_channel == "direct" and application.source_link is None


def test_the_exact_consent_text_and_time_are_kept(client, offer) -> None:
    before = time.time()
    _send(client, offer, language="en", talent_pool="on")
    application = Application.objects.get()
    assert application.consent_text.startswith(f"I agree that {offer.organisation.name} processes")
    assert "erased 3 months after the decision" in application.consent_text
    assert "talent pool" in application.consent_text.splitlines()[1]
    assert application.consent_at.timestamp() >= before - 1
    assert application.language == "en"


def test_the_cv_is_stored_privately_under_a_random_name(client, offer, settings) -> None:
    _send(client, offer, cv=_cv(name="../../Alice Martin CV.pdf"))
    application = Application.objects.get()
    assert application.cv.name.startswith("applications/cv/")
    assert "Alice" not in application.cv.name and application.cv.name.endswith(".pdf")
    assert application.cv.path.startswith(str(settings.MEDIA_ROOT))
    assert application.cv_filename == "Alice_Martin_CV.pdf"
    for public in (f"/{application.cv.name}", f"/media/{application.cv.name}"):
        assert client.get(public).status_code == 404


@pytest.mark.parametrize(
    ("content", "name", "extension"),
    [(docx_bytes(), "cv.docx", "docx"), (odt_bytes(), "cv.odt", "odt"), (pdf_bytes(), "cv.bin", "pdf")],
)
def test_word_and_opendocument_cvs_are_accepted_by_content(client, offer, content, name, extension) -> None:
    response = _send(client, offer, cv=_cv(content, name=name, content_type="application/octet-stream"))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.cv.name.endswith(f".{extension}")
    assert application.cv_filename.endswith(f".{extension}")


@pytest.mark.parametrize(
    "content",
    [windows_executable_bytes(), b"just text, named like a PDF", zip_bomb_bytes(expanded_mb=120)],
    ids=["renamed executable", "renamed text", "zip bomb"],
)
def test_what_is_not_a_cv_is_refused_and_nothing_is_stored(client, offer, settings, content) -> None:
    response = _send(client, offer, language="en", cv=_cv(content, name="cv.pdf"))
    assert response.status_code == 400
    assert not Application.objects.exists()
    assert not list(settings.MEDIA_ROOT.rglob("*.*"))
    html = _errors(response)
    assert "Send your CV as a PDF" in html or "far more than a CV" in html


def test_an_oversized_cv_is_refused_with_the_limit(client, offer, settings) -> None:
    settings.APPLICATION_CV_MAX_MB = 1
    big = pdf_bytes() + b"%" * (1024 * 1024 + 1)
    response = _send(client, offer, language="en", cv=_cv(big))
    assert response.status_code == 400
    assert "at most 1 MB" in _errors(response)
    assert not Application.objects.exists()


def test_a_request_far_over_the_limit_is_refused_before_reading_the_cv(client, offer, settings) -> None:
    settings.APPLICATION_CV_MAX_MB = 1
    big = pdf_bytes() + b"%" * (2 * 1024 * 1024)
    response = _send(client, offer, language="en", cv=_cv(big), first_name="Alicia")
    assert response.status_code == 413
    html = _errors(response)
    assert "at most 1 MB" in html
    assert 'value="Alicia"' in html  # what they typed is kept
    assert not Application.objects.exists()


# --- each field's message, in French and English ----------------------------------------------------


FIELD_CASES = [
    ({"first_name": ""}, "Enter your first name."),
    ({"last_name": ""}, "Enter your last name."),
    ({"email": ""}, "Enter your e-mail address: we reply to it."),
    ({"email": "alice@"}, "Enter a valid e-mail address, such as name@example.org."),
    (
        {"phone": "call me maybe"},
        "Enter a phone number: digits, spaces and + . - ( ) only, such as +33 6 12 34 56 78.",
    ),
    ({"phone": "12"}, "Enter a phone number: digits, spaces and + . - ( ) only, such as +33 6 12 34 56 78."),
    (
        {"consent": None},
        "Tick this box to agree to how your application is kept: we cannot process it otherwise.",
    ),
    ({"cv": None}, "Attach your CV."),
]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(("values", "message"), FIELD_CASES)
def test_each_field_says_what_is_wrong_in_the_site_language(client, offer, language, values, message) -> None:
    values = dict(values)
    cv = None if "cv" in values and values.pop("cv") is None else "default"
    response = _send(client, offer, language="" if language == "fr" else language, cv=cv, **values)
    assert response.status_code == 400
    assert response["Content-Language"] == language
    assert _in(language, message) in _errors(response).replace("&#x27;", "'")
    assert not Application.objects.exists()


def test_a_french_visitor_gets_django_s_own_messages_in_french(client, offer) -> None:
    response = _send(client, offer, first_name="A" * 121)
    assert "Assurez-vous que cette valeur comporte au plus 120 caractères" in _errors(response)


@pytest.mark.parametrize("phone", ["+33 (0)6 12.34.56-78", "0612345678", "+1 (555) 010-9999", ""])
def test_phone_numbers_are_checked_loosely(client, offer, phone) -> None:
    assert _send(client, offer, phone=phone).status_code == 302


def test_the_form_comes_back_with_what_was_typed_and_a_fresh_timestamp(client, offer) -> None:
    old = form_started_token(at=time.time() - 10)
    response = _send(client, offer, email="nope", started=old, message="Bonjour")
    html = _errors(response)
    assert "Bonjour</textarea>" in html
    assert f'value="{old}"' not in html
    assert 'name="started" value="' in html


# --- spam: honeypot, timing, rate limit -------------------------------------------------------------


def test_a_filled_honeypot_is_refused(client, offer) -> None:
    response = _send(client, offer, language="en", website="http://spam.example")
    assert response.status_code == 400
    assert "This field must stay empty" in _errors(response)
    assert not Application.objects.exists()


def test_a_form_sent_within_three_seconds_is_refused(client, offer) -> None:
    response = _send(client, offer, language="en", started=form_started_token(at=time.time() - 1))
    assert response.status_code == 400
    assert "sent too quickly" in _errors(response)
    assert not Application.objects.exists()


def test_a_form_older_than_a_day_is_refused(client, offer) -> None:
    response = _send(client, offer, language="en", started=form_started_token(at=time.time() - 25 * 3600))
    assert response.status_code == 400
    assert "This form has expired" in _errors(response)


@pytest.mark.parametrize("started", ["", "1700000000", "1700000000:forged-signature"])
def test_a_missing_or_forged_timestamp_is_refused(client, offer, started) -> None:
    response = _send(client, offer, language="en", started=started)
    assert response.status_code == 400
    assert "This form has expired" in _errors(response)
    assert not Application.objects.exists()


def test_a_sixth_application_from_one_address_within_ten_minutes_gets_a_429(client, offer) -> None:
    for number in range(5):
        assert _send(client, offer, email=f"person{number}@example.net").status_code == 302
    response = _send(client, offer, language="en", email="sixth@example.net", first_name="Sixtine")
    assert response.status_code == 429
    html = _errors(response)
    assert "Please wait 10 minutes" in html
    assert 'value="Sixtine"' in html
    assert Application.objects.count() == 5


def test_another_address_is_not_held_back_by_someone_else_s_limit(client, offer) -> None:
    for number in range(5):
        _send(client, offer, email=f"person{number}@example.net")
    data = form_data(email="other@example.net")
    data["cv"] = _cv()
    response = client.post(_apply_url(offer), data, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 302


def test_a_fourth_application_with_one_e_mail_within_ten_minutes_gets_a_429(client, offer) -> None:
    addresses = ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"]
    statuses = []
    for address in addresses:
        data = form_data(email="Same@Example.net")
        data["cv"] = _cv()
        statuses.append(client.post(_apply_url(offer), data, REMOTE_ADDR=address).status_code)
    assert statuses == [302, 302, 302, 429]


def test_a_client_set_forwarded_for_header_does_not_escape_the_limit(client, offer) -> None:
    statuses = []
    for number in range(6):
        data = form_data(email=f"p{number}@example.net")
        data["cv"] = _cv()
        response = client.post(
            _apply_url(offer), data, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}"
        )
        statuses.append(response.status_code)
    assert statuses[-1] == 429


def test_the_rate_limit_keeps_no_raw_address_in_the_cache(client, offer) -> None:
    _send(client, offer)
    keys = list(cache._cache.keys())  # type: ignore[attr-defined]  # the local-memory backend
    assert keys and not any("203.0.113.7" in key or "alice@example.net" in key for key in keys)


# --- the source: the signed ref ------------------------------------------------------------------------


def test_the_source_link_and_its_channel_are_stored(client, offer, world) -> None:
    campaign = Campaign.objects.create(organisation=offer.organisation, name="Printemps", slug="printemps")
    link = TrackedLink.objects.create(
        organisation=offer.organisation,
        code="lnk001",
        target_type="job",
        job=offer,
        channel="mastodon",
        ambassador=world.people["employee"],
        campaign=campaign,
    )
    assert _send(client, offer, ref=ref_sign(link)).status_code == 302
    application = Application.objects.get()
    assert application.source_link == link
    assert application.source_channel == "mastodon"


def test_a_tampered_ref_is_ignored_and_the_application_is_direct(client, offer) -> None:
    link = TrackedLink.objects.create(
        organisation=offer.organisation, code="lnk002", target_type="job", job=offer, channel="linkedin"
    )
    forged = ref_sign(link).replace(f"{link.pk}.", f"{link.pk + 1}.", 1)
    for ref in (forged, "garbage", "x" * 5000):
        assert _send(client, offer, ref=ref, email=f"{len(ref)}@example.net").status_code == 302
    assert set(Application.objects.values_list("source_channel", flat=True)) == {"direct"}
    assert not Application.objects.filter(source_link__isnull=False).exists()


def test_a_link_of_another_organisation_is_not_a_source(client, offer, world) -> None:
    foreign = TrackedLink.objects.create(
        organisation=world.foreign_organisation, code="lnk003", target_type="url", url="https://x.example/",
        channel="x",
    )  # fmt: skip
    _send(client, offer, ref=ref_sign(foreign))
    application = Application.objects.get()
    assert application.source_link is None and application.source_channel == "direct"


# --- the receipt --------------------------------------------------------------------------------------


def test_the_candidate_receives_a_receipt_by_smtp_in_the_site_language(
    client, offer, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _send(client, offer, language="en")
    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == "alice@example.net"
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "We have received your application: Chargée de communication (en)"
    body = smtp_inbox.bodies()[0]
    assert body.startswith("Hello Alice,")
    assert "erased 3 months after the decision" in body


def test_the_receipt_is_sent_once_even_if_the_task_runs_twice(
    client, offer, django_capture_on_commit_callbacks
) -> None:
    from ambassade.careers.application_tasks import application_receipt_send

    with django_capture_on_commit_callbacks(execute=True):
        _send(client, offer)
    application_receipt_send(application_id=Application.objects.get().pk)
    assert len(mail.outbox) == 1


def test_no_receipt_leaves_before_the_application_is_committed(client, offer) -> None:
    _send(client, offer)  # the test's transaction never commits
    assert mail.outbox == []


# --- a spontaneous application ------------------------------------------------------------------------


def test_a_spontaneous_application_goes_to_the_entity(client, world) -> None:
    url = reverse("application_spontaneous", kwargs={"entity_slug": world.hq.slug})
    assert client.get(url).status_code == 200
    data = form_data()
    data["cv"] = _cv()
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("application_spontaneous_thanks", kwargs={"entity_slug": "siege"})
    application = Application.objects.get()
    assert application.offer is None and application.entity == world.hq


def test_a_career_site_on_its_own_host_takes_applications_at_its_root(client, world, settings) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    entity = entity_create(world.organisation, "Filiale Nord", slug="nord", host="jobs.nord.example")
    offer = offer_create(entity)
    data = form_data()
    data["cv"] = _cv()
    response = client.post(f"/apply/{offer.pk}/", data, HTTP_HOST="jobs.nord.example")
    assert response.status_code == 302
    assert response["Location"] == f"/apply/{offer.pk}/thanks/"
    assert Application.objects.get().entity == entity


def test_from_a_shared_link_to_an_application_that_knows_its_source(client, offer, world) -> None:
    link = TrackedLink.objects.create(
        organisation=offer.organisation,
        code="path01",
        target_type="job",
        job=offer,
        channel="bluesky",
        ambassador=world.people["employee"],
    )
    browser = (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
    )
    redirect = client.get(f"/r/{link.code}", HTTP_USER_AGENT=browser)
    assert redirect.status_code == 302
    target = urlsplit(redirect["Location"])
    page = client.get(f"{target.path}?{target.query}", HTTP_USER_AGENT=browser)
    html = page.content.decode()
    ref = html.split('name="ref" value="', 1)[1].split('"', 1)[0]
    assert _send(client, offer, ref=ref).status_code == 302
    application = Application.objects.get()
    assert (application.source_link, application.source_channel) == (link, "bluesky")
