"""The organisation as people use it, in a real Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ambassade.orgs.models import Membership, Person
from ambassade.testing.browser import sign_in
from ambassade.testing.factories import PASSWORD, World, world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILES = Path(__file__).parent / "files"


@pytest.fixture
def live_world(transactional_db) -> World:
    return world_create()


def test_an_hr_admin_signs_in_to_a_french_interface_and_switches_to_english(page, live_world) -> None:
    sign_in(page, "admin", PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour")
    page.get_by_role("button", name="Switch to English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    assert Membership.objects.get(user__username="admin").language == "en"
    # Remembered for the user, on the next sign-in too.
    page.get_by_role("button", name="Sign out").click()
    page.context.clear_cookies()
    sign_in(page, "admin", PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Passer en français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert page.console_errors == []


def test_an_hr_admin_finds_and_edits_a_person(page, live_world) -> None:
    sign_in(page, "admin", PASSWORD)
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_text("Organisation").click()
    menu.get_by_role("link", name="Personnes").click()
    page.get_by_label("Rechercher").fill("Employé")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name="Employé Émile").click()
    page.get_by_role("button", name="Modifier", exact=True).click()
    page.get_by_label("Intitulé du poste").fill("Webmestre")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Webmestre").first).to_be_visible()
    assert Person.objects.get(pk=live_world.people["employee"].pk).job_title == "Webmestre"


def test_a_manager_sees_only_their_department_and_no_names(page, live_world) -> None:
    sign_in(page, "manager", PASSWORD)
    main = page.locator("main")
    expect(main).to_contain_text("Service communication")
    expect(main).to_contain_text("Pôle web")
    expect(main).not_to_contain_text("Service finances")
    expect(main).not_to_contain_text("Émile")
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu.get_by_role("link", name="Personnes")).to_have_count(0)
    page.goto(f"/departments/{live_world.other_service.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    page.goto("/departments/")
    expect(page.locator("main")).not_to_contain_text("Service finances")


def test_the_interface_can_be_used_with_the_keyboard_alone(page, live_world) -> None:
    page.goto("/login/")
    expect(page.get_by_label("Nom d’utilisateur")).to_be_focused()  # the form is ready to type into
    page.keyboard.type("employee")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text(re.compile("Aller au contenu"))
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_be_visible()
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_pages_fit_a_phone_screen(page, live_world) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, "admin", PASSWORD)
    for path in ["/", "/people/", "/departments/", "/people/imports/new/"]:
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"


def test_an_hr_admin_imports_an_hr_export_and_sees_the_new_people(
    page, live_world, settings, tmp_path
) -> None:
    settings.TASKS_MODE = "thread"  # as on a fresh installation: the work runs beside the web process
    export = tmp_path / "export_rh.csv"
    rows = ["Matricule;Nom;Prénom;Courriel;Entité;Code service;Intitulé du poste"]
    rows += [f"N{n:04d};Nouveau{n};Léa;lea{n}@exemple.fr;siege;WEB;Chargée de mission" for n in range(120)]
    export.write_bytes("\n".join(rows).encode("cp1252"))
    sign_in(page, "admin", PASSWORD)
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_text("Organisation").click()
    menu.get_by_role("link", name="Imports").click()
    page.locator("main a[role=button]").first.click()
    page.locator("#id_upload").set_input_files(str(export))
    page.locator("#id_full").uncheck()
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".import-status")).to_have_text("Prêt à être appliqué", timeout=30_000)
    expect(page.locator("main .figures")).to_contain_text("120")
    assert not Person.objects.filter(hr_id="N0000").exists()  # a preview writes nothing
    page.get_by_role("button", name=re.compile("^Appliquer")).click()
    expect(page.locator(".import-status")).to_have_text("Appliqué", timeout=30_000)
    assert Person.objects.filter(hr_id__startswith="N0", is_active=True).count() == 120
    page.goto("/people/?q=Nouveau42")
    expect(page.locator("main table")).to_contain_text("Nouveau42")
    assert page.console_errors == []


def test_an_import_with_a_formula_shows_the_line_and_writes_nothing(page, live_world, tmp_path) -> None:
    export = tmp_path / "piege.csv"
    export.write_text(
        'Matricule;Nom;Prénom;Entité\nX1;Durand;Paul;siege\nX2;=HYPERLINK("http://x","y");Zoé;siege\n'
    )
    sign_in(page, "admin", PASSWORD)
    page.goto("/people/imports/new/")
    page.locator("#id_upload").set_input_files(str(export))
    page.locator("#id_full").uncheck()
    page.locator("main form button[type=submit]").first.click()
    errors = page.locator("main .errors-table")
    expect(errors).to_contain_text("Ligne 3")
    expect(errors).to_contain_text("Nom")
    expect(errors).to_contain_text("formule")
    expect(page.get_by_role("button", name=re.compile("^Appliquer"))).to_have_count(0)
    assert not Person.objects.filter(hr_id__in=["X1", "X2"]).exists()
