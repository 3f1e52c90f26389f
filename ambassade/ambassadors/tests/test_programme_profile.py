"""My ambassador profile: social accounts, follower history, the profile checklist (htmx), expertise
and preferences."""

from __future__ import annotations

from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ambassade.ambassadors.checklist import CHECKLISTS, assessment_score, expertise_from
from ambassade.ambassadors.ledger import points_balance
from ambassade.ambassadors.models import Ambassador, ChecklistTick, FollowerCount, PointsEntry, SocialAccount
from ambassade.ambassadors.services import (
    ambassador_withdraw,
    checklist_tick,
    follower_count_record,
    preferences_save,
    self_assessment_save,
    social_account_save,
)
from ambassade.core.models import AuditEvent
from ambassade.orgs.models import Membership
from ambassade.testing.factories import World
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db
ME = "/programme/me/"


@pytest.fixture
def ambassador(world: World) -> Ambassador:
    return ambassador_enrol(world.people["employee"])


def _text(response: Any) -> str:
    return unescape(response.content.decode())


def _tick(client: Any, network: str, item: str, done: bool = True, htmx: bool = True) -> Any:
    data = {"action": f"tick:{network}", "item": item, "done": "1" if done else "0"}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(ME, data, headers=headers)


def test_members_not_enrolled_are_sent_to_the_join_page(world: World, login) -> None:
    response = login("employee").get(reverse("programme_me"))
    assert response.status_code == 302 and response["Location"] == reverse("programme_join")


def test_my_profile_shows_accounts_checklist_expertise_preferences_and_consent(
    world: World, login, ambassador: Ambassador
) -> None:
    page = _text(login("employee").get(ME))
    for text in ("Mes comptes sociaux", "Une photo professionnelle", "Mon niveau d'expertise",
                 "Mes préférences", "Mon consentement", "Oui, je quitte le programme"):  # fmt: skip
        assert text in page
    assert "J'ai examiné le réglage « ouvert aux recruteurs »" in page
    assert "C'est votre choix, et il le reste" in page


# --- accounts and followers -----------------------------------------------------------------------


def test_an_account_is_saved_in_its_canonical_form(world: World, login, ambassador: Ambassador) -> None:
    response = login("employee").post(
        ME,
        {"action": "account:mastodon", "mastodon-network": "mastodon", "mastodon-handle": "emile@Piaille.fr"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#network-mastodon")
    assert SocialAccount.objects.get(ambassador=ambassador).handle == "@emile@piaille.fr"


def test_a_wrong_format_is_shown_next_to_the_field_in_french(
    world: World, login, ambassador: Ambassador
) -> None:
    response = login("employee").post(
        ME, {"action": "account:x", "x-network": "x", "x-handle": "@far_too_long_a_name"}
    )
    assert response.status_code == 400
    assert "X : indiquez votre identifiant, comme @votre_nom" in _text(response)
    assert not SocialAccount.objects.exists()


def test_the_message_is_in_english_for_people_who_chose_english(
    world: World, login, ambassador: Ambassador
) -> None:
    Membership.objects.filter(user=world.users["employee"]).update(language="en")
    response = login("employee").post(
        ME, {"action": "account:bluesky", "bluesky-network": "bluesky", "bluesky-handle": "emile"}
    )
    assert "Bluesky: enter your handle, like your-name.bsky.social" in _text(response)
    assert "My social accounts" in _text(response)


def test_an_account_can_be_removed_with_its_history(world: World, login, ambassador: Ambassador) -> None:
    social_account_save(ambassador=ambassador, network="x", handle="@emile")
    follower_count_record(ambassador=ambassador, network="x", followers=120)
    checklist_tick(ambassador=ambassador, network="x", item="photo", done=True)
    login("employee").post(ME, {"action": "account:x", "x-network": "x", "x-handle": ""})
    assert not SocialAccount.objects.exists() and not FollowerCount.objects.exists()
    assert not ChecklistTick.objects.filter(network="x").exists()


def test_follower_counts_are_kept_as_a_history_with_one_count_per_day(
    world: World, login, ambassador: Ambassador
) -> None:
    social_account_save(ambassador=ambassador, network="linkedin", handle="linkedin.com/in/emile")
    today = timezone.localdate()
    client = login("employee")

    def record(followers: int, day: Any) -> Any:
        return client.post(
            ME,
            {
                "action": "followers:linkedin",
                "linkedin-followers-network": "linkedin",
                "linkedin-followers-followers": followers,
                "linkedin-followers-counted_on": day.isoformat(),
            },
        )

    record(150, today - timedelta(days=30))
    record(180, today)
    record(185, today)  # the same day: replaces
    counts = list(FollowerCount.objects.order_by("counted_on").values_list("followers", flat=True))
    assert counts == [150, 185]
    page = _text(client.get(ME))
    assert "185 abonnés le" in page and "2 relevés enregistrés" in page
    future = record(200, today + timedelta(days=1))
    assert future.status_code == 400 and "La date ne peut pas être dans le futur." in _text(future)
    negative = record(-1, today)
    assert negative.status_code == 400 and FollowerCount.objects.count() == 2


def test_followers_need_the_account_first(world: World, ambassador: Ambassador) -> None:
    with pytest.raises(ValidationError, match="add your account first"):
        follower_count_record(ambassador=ambassador, network="youtube", followers=10)


# --- the checklist --------------------------------------------------------------------------------


def test_ticking_an_item_with_htmx_returns_the_updated_checklist(
    world: World, login, ambassador: Ambassador
) -> None:
    response = _tick(login("employee"), "linkedin", "photo")
    assert response.status_code == 200
    fragment = _text(response)
    assert fragment.startswith('<section id="checklist-linkedin"')
    assert "1 sur 7 faits" in fragment
    assert 'id="completion" hx-swap-oob="true">14 %' in fragment
    assert ChecklistTick.objects.filter(ambassador=ambassador, network="linkedin", item="photo").exists()
    unticked = _tick(login("employee"), "linkedin", "photo", done=False)
    assert "0 sur 7 faits" in _text(unticked)
    assert not ChecklistTick.objects.exists()


def test_a_complete_checklist_earns_its_points_once(world: World, login, ambassador: Ambassador) -> None:
    client = login("employee")
    items = [item.key for item in CHECKLISTS["linkedin"]]
    for key in items[:-1]:
        _tick(client, "linkedin", key)
    assert points_balance(ambassador=ambassador) == 0
    last = _tick(client, "linkedin", items[-1])
    assert "Liste complète : bravo ! Vos points sont crédités." in _text(last)
    assert points_balance(ambassador=ambassador) == 20
    _tick(client, "linkedin", items[-1], done=False)
    _tick(client, "linkedin", items[-1])
    entry = PointsEntry.objects.get()
    assert (entry.reason, entry.source, points_balance(ambassador=ambassador)) == (
        "checklist",
        "checklist:linkedin",
        20,
    )


def test_ticking_works_without_javascript_too(world: World, login, ambassador: Ambassador) -> None:
    response = _tick(login("employee"), "linkedin", "headline", htmx=False)
    assert response.status_code == 302 and response["Location"].endswith("#checklist-linkedin")


def test_other_networks_checklists_appear_once_their_account_is_recorded(
    world: World, login, ambassador: Ambassador
) -> None:
    client = login("employee")
    assert _tick(client, "mastodon", "photo").status_code == 400
    social_account_save(ambassador=ambassador, network="mastodon", handle="@emile@piaille.fr")
    assert _tick(client, "mastodon", "discoverable").status_code == 200
    assert "J'ai examiné les réglages de découvrabilité" in _text(client.get(ME))


def test_unknown_items_are_refused(world: World, login, ambassador: Ambassador) -> None:
    assert _tick(login("employee"), "linkedin", "nonsense").status_code == 400
    assert login("employee").post(ME, {"action": "tick:myspace", "item": "photo"}).status_code == 302
    assert not ChecklistTick.objects.exists()


def test_the_recruiters_setting_is_an_item_to_review_never_to_turn_on() -> None:
    item = next(item for item in CHECKLISTS["linkedin"] if item.key == "open_to_recruiters")
    assert str(item.label) == "I have reviewed the “open to recruiters” setting"
    assert "your choice" in str(item.how_to)


# --- expertise ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "followers", "level"),
    [
        ({}, None, "beginner"),
        ({"posting": 1, "profile": 1, "writing": 1, "settings": 0}, 150, "beginner"),
        ({"posting": 1, "profile": 1, "writing": 1, "settings": 0}, 250, "intermediate"),
        ({"posting": 2, "profile": 2, "writing": 1, "settings": 1}, None, "intermediate"),
        ({"posting": 2, "profile": 2, "writing": 2, "settings": 2}, None, "expert"),
        ({"posting": 1, "profile": 2, "writing": 1, "settings": 0}, 20000, "expert"),
        ({}, 20000, "intermediate"),
    ],
)
def test_the_expertise_rule(answers: dict[str, int], followers: int | None, level: str) -> None:
    assert expertise_from(answers=answers, followers=followers) == level


def test_out_of_range_answers_count_nothing() -> None:
    assert assessment_score({"posting": 9, "unknown": 2, "writing": "2"}) == 0  # type: ignore[dict-item]


def test_the_self_assessment_and_the_largest_follower_count_set_the_level(
    world: World, login, ambassador: Ambassador
) -> None:
    client = login("employee")
    response = client.post(
        ME, {"action": "assessment", "posting": "2", "profile": "2", "writing": "1", "settings": "1"}
    )
    assert response.status_code == 302
    ambassador.refresh_from_db()
    assert ambassador.expertise == "intermediate"
    assert ambassador.self_assessment == {"posting": 2, "profile": 2, "writing": 1, "settings": 1}
    social_account_save(ambassador=ambassador, network="linkedin", handle="linkedin.com/in/emile")
    follower_count_record(ambassador=ambassador, network="linkedin", followers=1200)
    ambassador.refresh_from_db()
    assert ambassador.expertise == "expert"
    assert "Votre niveau : <strong>Expert</strong>" in client.get(ME).content.decode()


def test_an_incomplete_self_assessment_names_the_missing_question(
    world: World, login, ambassador: Ambassador
) -> None:
    response = login("employee").post(ME, {"action": "assessment", "posting": "2"})
    assert response.status_code == 400
    assert "Choisissez une réponse." in _text(response)
    with pytest.raises(ValidationError):
        self_assessment_save(ambassador=ambassador, answers={"posting": 2})


# --- preferences ----------------------------------------------------------------------------------


def test_preferences_are_saved_and_audited(world: World, login, ambassador: Ambassador) -> None:
    response = login("employee").post(
        ME, {"action": "preferences", "digest_frequency": "monthly", "leaderboard_opt_in": "on"}
    )
    assert response.status_code == 302
    ambassador.refresh_from_db()
    assert (ambassador.digest_frequency, ambassador.leaderboard_opt_in, ambassador.show_name_in_network) == (
        "monthly",
        True,
        False,
    )
    event = AuditEvent.objects.get(action="programme.preferences")
    assert event.changes["leaderboard_opt_in"] == [False, True]


def test_a_wrong_digest_frequency_is_refused(world: World, login, ambassador: Ambassador) -> None:
    response = login("employee").post(ME, {"action": "preferences", "digest_frequency": "hourly"})
    assert response.status_code == 400
    assert Ambassador.objects.get(pk=ambassador.pk).digest_frequency == "weekly"


def test_an_unknown_action_changes_nothing(world: World, login, ambassador: Ambassador) -> None:
    response = login("employee").post(ME, {"action": "explode"})
    assert response.status_code == 302


# --- a withdrawal racing a change of the profile --------------------------------------------------


def _change(name: str, ambassador: Ambassador) -> None:
    """One change of the profile, made with a copy of the ambassador loaded earlier."""
    if name == "account":
        social_account_save(ambassador=ambassador, network="x", handle="@emile")
    elif name == "followers":
        follower_count_record(ambassador=ambassador, network="linkedin", followers=300)
    elif name == "checklist":
        checklist_tick(ambassador=ambassador, network="linkedin", item="photo", done=True)
    elif name == "assessment":
        answers = {"posting": 2, "profile": 2, "writing": 2, "settings": 2}
        self_assessment_save(ambassador=ambassador, answers=answers)
    else:
        preferences_save(
            actor=None,
            ambassador=ambassador,
            digest_frequency="daily",
            leaderboard_opt_in=True,
            show_name_in_network=True,
        )


@pytest.mark.parametrize("change", ["account", "followers", "checklist", "assessment", "preferences"])
def test_a_copy_loaded_before_a_withdrawal_cannot_change_the_profile_after_it(
    world: World, ambassador: Ambassador, change: str
) -> None:
    social_account_save(ambassador=ambassador, network="linkedin", handle="linkedin.com/in/emile")
    stale = Ambassador.objects.get(pk=ambassador.pk)  # e.g. loaded by a request still running
    ambassador_withdraw(actor=None, ambassador=ambassador, language="fr")
    with pytest.raises(ValidationError) as refused:
        _change(change, stale)
    assert refused.value.messages == ["Join the programme first."]
    current = Ambassador.objects.get(pk=ambassador.pk)
    assert (current.leaderboard_opt_in, current.digest_frequency, current.self_assessment) == (
        False,
        "never",
        {},
    )
    assert not SocialAccount.objects.filter(ambassador=ambassador).exists()
    assert not FollowerCount.objects.exists() and not ChecklistTick.objects.exists()
