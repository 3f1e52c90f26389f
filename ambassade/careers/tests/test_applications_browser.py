"""The whole path in a real Chromium: a candidate follows a shared link's job page, applies with a PDF;
the recruiter finds the application with its source and moves it to interview."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from django.core import mail
from playwright.sync_api import expect

from ambassade.careers.application_forms import form_started_token
from ambassade.careers.models import Application
from ambassade.careers.selectors import job_offer_public_url
from ambassade.careers.tests.application_factories import offer_create, pdf_bytes
from ambassade.links.models import TrackedLink
from ambassade.links.signing import ref_sign
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_world(transactional_db, settings, tmp_path) -> Iterator[World]:
    settings.MEDIA_ROOT = tmp_path
    world = world_create()
    world.hq.languages = ["fr", "en"]
    world.hq.save()
    yield world


def test_a_candidate_applies_through_a_shared_link_and_the_recruiter_moves_them_on(page, live_world) -> None:
    offer = offer_create(live_world.hq, title="Chargée de projet numérique")
    link = TrackedLink.objects.create(
        organisation=live_world.organisation,
        code="brw001",
        target_type="job",
        job=offer,
        channel="linkedin",
        ambassador=live_world.people["employee"],
    )
    page.goto(f"{job_offer_public_url(offer, absolute=False)}?lang=en&ref={ref_sign(link)}")
    form = page.locator("form.application-form")
    form.get_by_label("First name").fill("Inès")
    form.get_by_label("Last name").fill("Martin")
    form.get_by_label("E-mail").fill("ines.martin@example.net")
    form.get_by_label("Phone (optional)").fill("+33 6 12 34 56 78")
    form.get_by_label(re.compile(r"^CV\b")).set_input_files(
        files=[{"name": "CV Inès Martin.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    form.get_by_label("Message (optional)").fill("Je serais ravie de vous rejoindre.")
    form.get_by_role("checkbox", name=re.compile("I agree that")).check()
    # A person takes more than the 3 seconds the form asks for; spare the test the wait.
    form.locator("input[name=started]").evaluate(
        "(input, value) => { input.value = value; }", form_started_token(at=time.time() - 30)
    )
    form.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your application has been sent")
    assert page.context.cookies() == []
    candidate_errors = list(page.console_errors)

    application = Application.objects.get()
    assert (application.source_link_id, application.source_channel) == (link.pk, "linkedin")
    assert application.cv_filename == "CV_Inès_Martin.pdf"
    # The candidate gets a receipt; the ambassador whose link it was is told of the introduction.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["ines.martin@example.net", live_world.people["employee"].email]
    )

    sign_in(page, "recruiter", PASSWORD)
    page.goto("/applications/")
    page.get_by_role("link", name="Martin Inès").click()
    expect(page.locator("#source-channel")).to_have_text("LinkedIn")
    expect(page.locator("main")).to_contain_text("Émile Employé")
    page.locator("#id_stage").select_option("interview")
    page.locator("form[action$='/stage/'] button[type=submit]").click()
    expect(page.locator(".message-success")).to_be_visible()
    application.refresh_from_db()
    assert application.stage == Application.Stage.INTERVIEW
    assert candidate_errors == [] and page.console_errors == []
