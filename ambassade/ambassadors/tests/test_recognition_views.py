"""The recognition screens: my impact, the leaderboard, levels and adjustments by HR admins."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ambassade.ambassadors.ledger import points_adjust
from ambassade.ambassadors.models import Ambassador, Level, PointsEntry
from ambassade.ambassadors.share_clicks import share_clicks_credit
from ambassade.ambassadors.tests.recognition_support import clicks_make, share_make
from ambassade.careers.models import Application
from ambassade.core.models import AuditEvent
from ambassade.orgs.models import Membership
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def ambassador(world: World) -> Ambassador:
    return ambassador_enrol(
        world.people["employee"], at=timezone.now() - timedelta(days=40), leaderboard_opt_in=True
    )


def english(world: World, persona: str) -> None:
    Membership.objects.filter(user=world.users[persona]).update(language="en")


# --- my impact ------------------------------------------------------------------------------------


def test_people_outside_the_programme_are_invited_to_discover_it(login) -> None:
    response = login("recruiter").get(reverse("recognition_me"))
    assert response.status_code == 200
    assert "Vous n'êtes pas encore ambassadeur" in response.content.decode()


def test_an_ambassador_sees_shares_clicks_applications_points_level_and_badges(
    login, world, ambassador
) -> None:
    share = share_make(ambassador, at=timezone.now() - timedelta(days=2))
    clicks_make(share.link, at=timezone.now() - timedelta(days=1), humans=3, drops={"bot": 5})
    share_clicks_credit()
    Application.objects.create(
        organisation=world.organisation,
        entity=world.hq,
        first_name="Ana",
        last_name="Candidate",
        email="ana@example.org",
        consent_at=timezone.now(),
        consent_text="…",
        source_link=share.link,
    )

    response = login("employee").get(reverse("recognition_me"))

    assert response.status_code == 200
    impact = response.context["impact"]
    assert (impact.shares, impact.confirmed_shares, impact.human_clicks, impact.applications) == (1, 1, 3, 1)
    assert impact.progress.points == 10
    assert impact.progress.level.name == "Curieux·se"
    page = response.content.decode()
    assert "Premier partage" in page and "Relais" in page
    assert share.item.title in page  # the ledger names the event each row comes from
    chart = response.context["chart"]
    assert sum(chart["shares"]) == 1 and sum(chart["clicks"]) == 3
    assert 'id="impact-chart"' in page


def test_the_impact_page_speaks_english_to_english_speakers(login, world, ambassador) -> None:
    english(world, "employee")
    share_make(ambassador)
    page = login("employee").get(reverse("recognition_me")).content.decode()
    assert "My impact" in page and "First share" in page and "Points history" in page


def test_an_adjustment_shows_its_reason_and_author_in_the_persons_history(login, world, ambassador) -> None:
    points_adjust(actor=world.users["admin"], ambassador=ambassador, points=15, note="Stand au forum")
    page = login("employee").get(reverse("recognition_me")).content.decode()
    assert "Stand au forum" in page and "+15" in page and "Ajustement manuel" in page


def test_withdrawn_people_still_see_their_own_history(login, world, ambassador) -> None:
    share_make(ambassador)
    Ambassador.objects.filter(pk=ambassador.pk).update(status=Ambassador.Status.WITHDRAWN)
    response = login("employee").get(reverse("recognition_me"))
    page = response.content.decode()
    assert 'id="withdrawn-note"' in page
    assert list(response.context["page"].object_list)[0].reason == PointsEntry.Reason.SHARE


# --- leaderboard ----------------------------------------------------------------------------------


def test_the_leaderboard_names_opted_in_ambassadors_only(login, world, ambassador) -> None:
    share_make(ambassador)
    shy = ambassador_enrol(world.people["comms"])
    share_make(shy)
    page = login("manager").get(reverse("leaderboard")).content.decode()
    assert "Émile Employé" in page
    assert "Camille Comm" not in page


def test_an_ambassador_not_opted_in_is_told_how_to_appear(login, world) -> None:
    ambassador_enrol(world.people["comms"])
    page = login("comms").get(reverse("leaderboard")).content.decode()
    assert "pour figurer au classement" in page


def test_withdrawn_ambassadors_vanish_from_the_leaderboard_page(login, world, ambassador) -> None:
    share_make(ambassador)
    Ambassador.objects.filter(pk=ambassador.pk).update(status=Ambassador.Status.WITHDRAWN)
    page = login("admin").get(reverse("leaderboard")).content.decode()
    assert "Émile Employé" not in page


def test_the_leaderboard_period_can_be_chosen_and_bad_values_fall_back(login, ambassador) -> None:
    client = login("employee")
    assert client.get(reverse("leaderboard"), {"period": "all"}).context["period"] == "all"
    assert client.get(reverse("leaderboard"), {"period": "<script>"}).context["period"] == "30"


# --- levels ---------------------------------------------------------------------------------------


def test_hr_admins_add_a_level_and_it_is_audited(login, world) -> None:
    client = login("admin")
    response = client.post(reverse("level_list"), {"name": "Légende", "threshold": "1000"}, follow=True)
    assert "Niveau « Légende » ajouté à partir de 1000 points." in response.content.decode()
    level = Level.objects.get(organisation=world.organisation, name="Légende")
    assert AuditEvent.objects.filter(action="level.create", target_id=str(level.pk)).exists()


def test_a_duplicate_threshold_is_refused_with_a_clear_message_in_french_and_english(login, world) -> None:
    client = login("admin")
    client.get(reverse("level_list"))  # the default levels exist
    count = Level.objects.count()
    response = client.post(reverse("level_list"), {"name": "Doublon", "threshold": "50"})
    assert response.status_code == 400
    assert "Un autre niveau commence à ce nombre de points." in response.content.decode()
    english(world, "admin")
    response = client.post(reverse("level_list"), {"name": "Relais", "threshold": "75"})
    page = response.content.decode()
    assert "Another level already has this name." in page
    assert Level.objects.count() == count


def test_bad_numbers_name_the_field(login) -> None:
    response = login("admin").post(reverse("level_list"), {"name": "Négatif", "threshold": "-4"})
    assert response.status_code == 400
    assert response.context["form"].errors["threshold"]


def test_hr_admins_rename_and_delete_levels(login, world) -> None:
    client = login("admin")
    client.get(reverse("level_list"))
    level = Level.objects.get(organisation=world.organisation, threshold=50)
    response = client.post(reverse("level_edit", args=[level.pk]), {"name": "Passeur", "threshold": "60"})
    assert response.status_code == 302
    level.refresh_from_db()
    assert (level.name, level.threshold) == ("Passeur", 60)
    update = AuditEvent.objects.get(action="level.update")
    assert update.changes == {"name": ["Relais", "Passeur"], "threshold": [50, 60]}

    client.post(reverse("level_delete", args=[level.pk]))
    assert not Level.objects.filter(pk=level.pk).exists()
    assert AuditEvent.objects.filter(action="level.delete").exists()


def test_levels_of_another_organisation_are_not_found(login, world) -> None:
    foreign = Level.objects.create(organisation=world.foreign_organisation, name="Ailleurs", threshold=10)
    client = login("admin")
    assert client.get(reverse("level_edit", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("level_delete", args=[foreign.pk])).status_code == 404
    assert Level.objects.filter(pk=foreign.pk).exists()


# --- adjustments ----------------------------------------------------------------------------------


def test_an_hr_admin_adjusts_points_with_a_reason_and_the_row_appears(login, world, ambassador) -> None:
    client = login("admin")
    url = reverse("points_adjust", args=[ambassador.pk])
    response = client.post(url, {"points": "-7", "note": "Partage en double"}, follow=True)

    entry = PointsEntry.objects.get(ambassador=ambassador)
    assert (entry.points, entry.reason, entry.note, entry.author) == (
        -7,
        PointsEntry.Reason.ADJUSTMENT,
        "Partage en double",
        world.users["admin"],
    )
    page = response.content.decode()
    assert "Partage en double" in page and "-7 points enregistrés pour Émile Employé." in page
    assert AuditEvent.objects.filter(action="points.adjust", target_id=str(ambassador.person_id)).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"points": "0", "note": "Rien"}, "points"),
        ({"points": "5", "note": "   "}, "note"),
        ({"points": "cinq", "note": "Texte"}, "points"),
        ({"points": "99999", "note": "Trop"}, "points"),
    ],
)
def test_bad_adjustments_are_refused_and_nothing_is_written(login, ambassador, data, field) -> None:
    response = login("admin").post(reverse("points_adjust", args=[ambassador.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert PointsEntry.objects.count() == 0


def test_no_one_adjusts_or_sees_the_points_of_a_withdrawn_ambassador(login, ambassador) -> None:
    Ambassador.objects.filter(pk=ambassador.pk).update(status=Ambassador.Status.WITHDRAWN)
    client = login("admin")
    url = reverse("points_adjust", args=[ambassador.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"points": "5", "note": "Merci"}).status_code == 404
    assert PointsEntry.objects.count() == 0


def test_comms_cannot_adjust_points(login, ambassador) -> None:
    response = login("comms").post(
        reverse("points_adjust", args=[ambassador.pk]), {"points": "5", "note": "x"}
    )
    assert response.status_code == 403
    assert PointsEntry.objects.count() == 0


def test_the_leaderboard_shows_team_aggregates_without_names_and_hides_small_groups(login, world) -> None:
    from ambassade.orgs.models import Person

    for person in Person.objects.filter(department=world.unit)[:5]:
        share_make(ambassador_enrol(person))
    response = login("employee").get(reverse("leaderboard"))
    page = response.content.decode()
    assert 'id="department-board"' in page and 'id="entity-board"' in page and "Par service" in page
    boards = {table_id: board for _title, board, table_id in response.context["team_boards"]}
    assert [(row.label, row.ambassadors, row.points) for row in boards["department-board"].rows] == [
        ("Pôle web", 5, 25)
    ]
    assert "Agent0 Web" not in page  # nobody opted in: the aggregates name no one


def test_the_leaderboard_states_the_team_rule_in_french_and_english(login, world) -> None:
    page = login("employee").get(reverse("leaderboard")).content.decode()
    assert "au moins 5 ambassadeurs inscrits" in page
    assert "0 ou au moins 5 ne figurent pas dans la liste" in page
    assert "n'additionnent que les services affichés" in page

    english(world, "employee")
    page = login("employee").get(reverse("leaderboard")).content.decode()
    assert "at least 5 enrolled ambassadors" in page
    assert "either none or at least 5 of them are not named" in page
    assert "Entity boards add up only the departments shown" in page


def test_sharing_an_item_again_on_the_same_network_counts_one_share(login, world, ambassador) -> None:
    first = share_make(ambassador, at=timezone.now() - timedelta(days=3))
    share_make(ambassador, item=first.item, at=timezone.now() - timedelta(days=3, minutes=-2))
    share_make(ambassador, item=first.item, at=timezone.now() - timedelta(days=1))
    share_make(ambassador, item=first.item, network="linkedin", at=timezone.now() - timedelta(days=1))
    clicks_make(first.link, at=timezone.now() - timedelta(hours=12))
    share_clicks_credit()

    response = login("employee").get(reverse("recognition_me"))

    impact = response.context["impact"]
    assert (impact.shares, impact.confirmed_shares) == (2, 1)
    assert sum(response.context["chart"]["shares"]) == 2
