"""The network in a real Chromium, in French and in English: an ambassador agrees to the text, uploads
their Connections.csv and sees their figures; an HR admin opens the programme's network and sees the
graph and the distinct reach."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ambassade.network.models import NetworkSnapshot
from ambassade.network.tests.support import connection_row, connections_csv, network_give
from ambassade.orgs.models import Membership, Person
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create
from ambassade.testing.programme import ambassador_enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "fr": {
        "title": "Mon réseau",
        "counted": "Votre réseau est compté : 60 relations.",
        "network": "Le réseau du programme",
        "reach": "Portée distincte",
    },
    "en": {
        "title": "My network",
        "counted": "Your network is counted: 60 connections.",
        "network": "The programme's network",
        "reach": "Distinct reach",
    },
}


@pytest.fixture
def live_world(transactional_db) -> World:
    world = world_create()
    ambassador_enrol(world.people["employee"], show_name_in_network=True)
    for index, person in enumerate(
        Person.objects.filter(department=world.unit, last_name="Web").order_by("pk")
    ):
        network_give(ambassador_enrol(person), range(20 + 10 * index, 60 + 10 * index))
    return world


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_ambassador_uploads_their_network_and_the_admin_sees_the_graph(
    page, chromium, live_server, live_world, language: str
) -> None:
    Membership.objects.filter(organisation=live_world.organisation).update(language=language)
    texts = TEXTS[language]

    sign_in(page, "employee", PASSWORD)
    page.goto("/network/me/")
    expect(page.locator("h1")).to_have_text(texts["title"])
    expect(page.locator("#network-consent-text")).to_be_visible()
    page.locator("#id_consent").check()
    rows = [connection_row(number, position="Software engineer") for number in range(60)]
    page.locator("#id_file").set_input_files(
        {"name": "Connections.csv", "mimeType": "text/csv", "buffer": connections_csv(rows)}
    )
    page.locator("#upload-send").click()
    expect(page.locator("main")).to_contain_text(texts["counted"])
    expect(page.locator("#my-connections")).to_have_text("60")
    expect(page.locator("#my-shared")).to_have_text("40")  # contacts 20 to 59 are the agents' too
    expect(page.locator("#categories-chart canvas")).to_have_count(1)
    assert NetworkSnapshot.objects.get(ambassador__person=live_world.people["employee"]).connections == 60
    assert page.console_errors == []

    admin = chromium.new_context(base_url=live_server.url, locale="en-GB")
    admin_page = admin.new_page()
    sign_in(admin_page, "admin", PASSWORD)
    admin_page.goto("/network/")
    expect(admin_page.locator("h1")).to_have_text(texts["network"])
    expect(admin_page.locator("#network-figures")).to_contain_text(texts["reach"])
    expect(admin_page.locator("#figure-uploaded")).to_have_text("7")
    expect(admin_page.locator("#figure-distinct")).to_have_text("110")  # contacts 0 to 109
    expect(admin_page.locator("#figures-state")).to_have_attribute("data-state", "ready")
    expect(admin_page.locator("#network-graph canvas")).to_have_count(1)
    expect(admin_page.locator("#network-graph")).to_have_attribute("data-nodes", "2")
    expect(admin_page.locator("#nodes-table")).to_contain_text("Émile Employé")
    expect(admin_page.locator("#overlap-chart canvas")).to_have_count(1)
    admin.close()
