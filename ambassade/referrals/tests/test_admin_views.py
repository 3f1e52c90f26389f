"""The management screens: dashboard, settings, payroll export, leaderboard, the pipeline's marks."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ambassade.ambassadors.models import Ambassador
from ambassade.core.models import AuditEvent
from ambassade.orgs.models import Membership, Person
from ambassade.referrals.models import Introduction, PayrollBonus, ReferralSettings
from ambassade.referrals.rules import referral_settings_get
from ambassade.referrals.tests.crediting_factories import confirm, introduce, move
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


SETTINGS = {
    "link_days": 14,
    "erase_after_days": 30,
    "credit_rule": "first_confirmed",
    "points_confirmed": 25,
    "points_interview": 50,
    "points_hired": 100,
    "daily_introductions_limit": 5,
    "daily_points_cap": 200,
    "internal_domains": "",
    "cash_bonus_amount": "",
    "cash_bonus_currency": "EUR",
}


# --- dashboard ------------------------------------------------------------------------------------


def test_a_recruiter_never_sees_a_pending_contact_on_the_dashboard(world: World, login) -> None:
    pending = introduce(world, email="secret.person@example.net")
    Introduction.objects.filter(pk=pending.pk).update(contact_name="Zoé Secrète")
    confirmed = confirm(introduce(world))
    page = _text(login("recruiter").get(reverse("referral_dashboard")))
    assert "Zoé Secrète" not in page and "secret.person" not in page
    assert "Chargé de communication" in page  # the pending introduction's offer, as a number
    assert reverse("application_detail", args=[confirmed.application_id]) in page
    assert "Émile Employé" in page


def test_the_dashboard_counts_introductions_by_status_and_stage(world: World, login) -> None:
    introduce(world)
    hired = confirm(introduce(world))
    move(world, hired, "hired")
    response = login("admin").get(reverse("referral_dashboard"))
    assert response.status_code == 200
    page = _text(response)
    assert re.search(r'data-status="pending"><td>[^<]+</td><td class="number">1<', page)
    assert re.search(r'data-status="confirmed"><td>[^<]+</td><td class="number">1<', page)
    assert re.search(r'data-stage="hired"><td>[^<]+</td><td class="number">1<', page)


# --- the pipeline ---------------------------------------------------------------------------------


def test_the_pipeline_marks_an_introduced_candidate_and_the_recruiter_thanks_the_introducer(
    world: World, login, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    introduction = confirm(introduce(world))
    client = login("recruiter")
    board = _text(client.get(reverse("application_board", args=[introduction.offer_id])))
    assert "Présenté·e par Émile Employé" in board
    detail_url = reverse("application_detail", args=[introduction.application_id])
    detail = _text(client.get(detail_url))
    assert "Présenté·e par Émile Employé" in detail and 'id="thank-form"' in detail
    url = reverse("introduction_thank", args=[introduction.pk])
    response = client.post(url, {"message": "", "next": detail_url})
    assert response.status_code == 400 and "Ce champ est obligatoire." in _text(response)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Merci Émile !", "next": detail_url})
    assert response.status_code == 302 and response["Location"] == detail_url
    assert len(smtp_inbox.messages) == 1 and "Merci Émile !" in smtp_inbox.bodies()[0]
    detail = _text(client.get(detail_url))
    assert 'id="thank-form"' not in detail and 'id="thanked"' in detail
    assert client.post(url, {"message": "Encore"}).status_code == 302
    assert len(smtp_inbox.messages) == 1


def test_an_application_without_introduction_shows_no_mark(world: World, login) -> None:
    from ambassade.careers.tests.application_factories import application_create, offer_create

    application = application_create(offer_create(world.hq))
    page = _text(login("recruiter").get(reverse("application_detail", args=[application.pk])))
    assert "Présenté·e par" not in page


# --- settings -------------------------------------------------------------------------------------


def test_hr_admins_change_the_referral_rules_and_it_is_audited(world: World, login) -> None:
    client = login("admin")
    page = _text(client.get(reverse("referral_settings")))
    assert 'name="cash_bonus_enabled"' in page and 'name="cash_bonus_enabled" checked' not in page
    data = {
        **SETTINGS,
        "points_interview": 40,
        "credit_rule": "first_introduced",
        "internal_domains": "@Example.org\nregion.fr\n",
        "cash_bonus_enabled": "on",
        "cash_bonus_amount": "250",
    }
    assert client.post(reverse("referral_settings"), data).status_code == 302
    rules = referral_settings_get(organisation=world.organisation)
    assert (rules.points_interview, rules.credit_rule, rules.internal_domains) == (
        40,
        "first_introduced",
        "example.org\nregion.fr",
    )
    assert (rules.cash_bonus_enabled, rules.cash_bonus_amount) == (True, Decimal("250.00"))
    event = AuditEvent.objects.get(action="referral.settings")
    assert event.changes["points_interview"] == [50, 40]


@pytest.mark.parametrize(
    ("field", "value", "french", "english"),
    [
        ("points_hired", "5000", "Indiquez un nombre de points entre 0 et 1 000.", "between 0 and 1,000"),
        (
            "daily_introductions_limit",
            "0",
            "Indiquez un nombre de mises en relation entre 1 et 100.",
            "Enter a number of introductions between 1 and 100.",
        ),
        ("link_days", "abc", "Saisissez un nombre entier.", "Enter a whole number."),
        (
            "internal_domains",
            "example.org\nnot a domain",
            "Ligne 2 : « not a domain » n’est pas un nom de domaine comme example.org.",
            "Line 2: “not a domain” is not a domain name such as example.org.",
        ),
        (
            "cash_bonus_currency",
            "E1R",
            "Indiquez un code de devise de trois lettres majuscules, comme EUR.",
            "Enter a currency code of three capital letters, such as EUR.",
        ),
    ],
)
def test_bad_settings_are_refused_with_a_message_under_the_field_in_french_and_english(
    world: World, login, field: str, value: str, french: str, english: str
) -> None:
    client = login("admin")
    data = {**SETTINGS, field: value}
    response = client.post(reverse("referral_settings"), data)
    assert response.status_code == 400
    page = _text(response)
    assert french in page
    assert re.search(rf'id="id_{field}".*?{re.escape(french)}', page)  # under its own field
    Membership.objects.filter(user=world.users["admin"]).update(language="en")
    assert english in _text(client.post(reverse("referral_settings"), data))
    assert (
        not ReferralSettings.objects.filter(organisation=world.organisation)
        .exclude(points_hired=100)
        .exists()
    )


def test_a_cash_bonus_without_an_amount_is_refused(world: World, login) -> None:
    data = {**SETTINGS, "cash_bonus_enabled": "on", "cash_bonus_amount": ""}
    response = login("admin").post(reverse("referral_settings"), data)
    assert response.status_code == 400
    assert "Avec la prime activée, indiquez un montant" in _text(response)
    assert referral_settings_get(organisation=world.organisation).cash_bonus_enabled is False


# --- payroll --------------------------------------------------------------------------------------


def _hired_with_bonus(world: World) -> Introduction:
    ReferralSettings.objects.create(
        organisation=world.organisation, cash_bonus_enabled=True, cash_bonus_amount=Decimal("300.50")
    )
    introduction = confirm(introduce(world))
    move(world, introduction, "hired")
    return introduction


def test_payroll_bonuses_are_exported_as_csv_with_formulas_neutralised(world: World, login) -> None:
    Person.objects.filter(pk=world.people["employee"].pk).update(last_name="=HYPERLINK(1)")
    _hired_with_bonus(world)
    client = login("admin")
    assert "300,50" in _text(client.get(reverse("payroll_bonus_list")))
    response = client.post(reverse("payroll_bonus_export"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="payroll-bonuses-')
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Enregistrée le", "Matricule", "Nom"]
    assert rows[1][2] == "'=HYPERLINK(1)" and rows[1][5] == "300,50" and rows[1][9] == "Recruté·e"
    assert PayrollBonus.objects.get().exported_at is not None
    assert AuditEvent.objects.filter(action="payroll_bonus.export").exists()


def test_payroll_bonuses_are_exported_as_xlsx(world: World, login) -> None:
    _hired_with_bonus(world)
    response = login("admin").post(reverse("payroll_bonus_export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][3] == "Émile" and rows[1][5] == 300.5 and rows[1][6] == "EUR"


def test_a_bad_export_format_is_refused_without_a_file(world: World, login) -> None:
    response = login("admin").post(reverse("payroll_bonus_export"), {"format": "pdf"})
    assert response.status_code == 302


# --- leaderboard ----------------------------------------------------------------------------------


def test_the_introductions_leaderboard_names_only_people_who_opted_in(world: World, login) -> None:
    ambassador_enrol(world.people["employee"], leaderboard_opt_in=True)
    ambassador_enrol(world.people["manager"])  # not opted in
    hired = confirm(introduce(world))
    move(world, hired, "hired")
    confirm(introduce(world))
    confirm(introduce(world, introducer=world.people["manager"]))
    response = login("comms").get(reverse("introduction_leaderboard"))
    page = _text(response)
    assert response.status_code == 200
    assert re.search(
        r"<td>Émile Employé</td><td>[^<]*</td><td class=\"number\">2</td><td class=\"number\">1</td>", page
    )
    assert "Maëlle Manager" not in page
    Ambassador.objects.filter(person=world.people["employee"]).update(leaderboard_opt_in=False)
    assert "Émile Employé" not in _text(login("comms").get(reverse("introduction_leaderboard")))
