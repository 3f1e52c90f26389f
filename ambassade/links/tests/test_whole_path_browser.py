"""Issue 3's whole path in a real Chromium: a link shared on LinkedIn, its preview robot, a human click,
the job page on the right career site, an application, and the recruiter who sees where it came from."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from django.test import Client
from playwright.sync_api import expect

from ambassade.careers.application_forms import form_started_token
from ambassade.careers.models import Application
from ambassade.careers.tests.application_factories import offer_create, pdf_bytes
from ambassade.links.models import Click, TrackedLink
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create

PERSON_ON_LINKEDIN_APP = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/128.0.0.0 Mobile Safari/537.36 [LinkedInApp]/9.30.1"
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_world(transactional_db, settings, tmp_path, live_server) -> Iterator[World]:
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = live_server.url  # the redirect sends visitors to absolute career-site addresses
    yield world_create()


def test_a_shared_link_brings_a_candidate_whose_application_keeps_its_source(page, live_world) -> None:
    offer = offer_create(live_world.subsidiary, title="Technicienne réseaux")
    link = TrackedLink.objects.create(
        organisation=live_world.organisation,
        code="whole01",
        target_type="job",
        job=offer,
        channel="linkedin",
        ambassador=live_world.people["employee"],
    )
    # LinkedIn's robot fetches the link to build the preview: it is answered, never counted.
    robot = Client(
        HTTP_USER_AGENT="LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)"
    )
    assert robot.get("/r/whole01").status_code == 302

    # Headless Chromium says so in its user agent, and robots are not counted: browse as a person does.
    page.set_extra_http_headers({"User-Agent": PERSON_ON_LINKEDIN_APP})
    page.goto("/r/whole01")
    assert re.search(r"/careers/sud/jobs/\d+", page.url)
    assert "utm_source=linkedin" in page.url and "utm_medium=ambassador" in page.url and "ref=" in page.url
    expect(page.get_by_role("heading", level=1)).to_contain_text("Technicienne réseaux")
    form = page.locator("form.application-form")
    form.locator("input[name=first_name]").fill("Nora")
    form.locator("input[name=last_name]").fill("Benali")
    form.locator("input[name=email]").fill("nora.benali@example.net")
    form.locator("input[type=file]").set_input_files(
        files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    form.locator("input[name=consent]").check()
    form.locator("input[name=started]").evaluate(
        "(input, value) => { input.value = value; }", form_started_token(at=time.time() - 30)
    )
    form.locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Merci")
    assert page.context.cookies() == []

    reasons = sorted(Click.objects.filter(link=link).values_list("reason", flat=True))
    assert reasons == ["", "bot"]  # one human click, one preview robot
    application = Application.objects.get()
    source = (application.source_link_id, application.source_channel, application.entity_id)
    assert source == (link.pk, "linkedin", live_world.subsidiary.pk)

    sign_in(page, "recruiter", PASSWORD)
    page.goto(f"/applications/{application.pk}/")
    expect(page.locator("#source-channel")).to_have_text("LinkedIn")
    expect(page.locator("main")).to_contain_text("Émile Employé")
    assert page.console_errors == []
