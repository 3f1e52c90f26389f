"""Insights (each chart with its table; a bad period names the field), alerts (seen, and the menu's
count), label quality (scores, history, corrections, retraining), themes (edit, accept, dismiss,
discover), settings."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ambassade.listening.models import Alert, LabelCorrection, ListeningSettings, ScoreSnapshot, Theme
from ambassade.listening.tests.support import mention_make, source_make
from ambassade.orgs.models import Membership
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return html.unescape(response.content.decode())


def english(world: World, persona: str) -> None:
    Membership.objects.filter(user=world.users[persona]).update(language="en")


def _table(text: str, table_id: str) -> str:
    start = text.index(f'id="{table_id}"')
    return text[start : text.index("</table>", start)]


# --- insights -----------------------------------------------------------------------------------


def test_insights_show_volume_themes_venues_authors_and_share_of_voice_with_their_tables(
    login, world
) -> None:
    ours = source_make(world.organisation, name="Alertes")
    rival = source_make(world.organisation, name="Rival", competitor=True, competitor_name="Rival SA")
    now = timezone.now()
    mention_make(
        ours,
        "Salaires trop bas",
        sentiment="negative",
        themes=["pay"],
        venue="forum.example.org",
        author_name="Léa",
        reach=300,
        published_at=now - timedelta(days=1),
    )
    mention_make(
        ours,
        "Bonne paie et primes",
        sentiment="positive",
        themes=["pay"],
        venue="forum.example.org",
        author_name="Léa",
        reach=200,
        published_at=now - timedelta(days=1),
    )
    mention_make(
        ours,
        "Télétravail généreux",
        sentiment="positive",
        themes=["remote-work"],
        venue="lemonde.fr",
        published_at=now,
    )
    mention_make(rival, "Rival recrute", published_at=now)
    english(world, "comms")
    response = login("comms").get(reverse("listening_insights"))
    assert response.status_code == 200
    text = page(response)
    for chart, table in [
        ("volume-chart", "volume-table"),
        ("themes-chart", "themes-table"),
        ("venues-chart", "venues-table"),
        ("share-chart", "share-table"),
    ]:
        assert f'id="{chart}" data-table="{table}"' in text and f'id="{table}"' in text
    volume = _table(text, "volume-table")
    assert volume.count("<tr>") == 90 + 1  # one row per day of the default period, and the header
    assert 'data-value="2"' in volume and 'data-value="50.0"' in volume
    themes = _table(text, "themes-table")
    pay = themes[themes.index('data-theme="pay"') :]
    assert "Pay" in pay and '<td class="number net">0.00</td>' in pay[: pay.index("</tr>")]
    remote = themes[themes.index('data-theme="remote-work"') :]
    assert '<td class="number net">1.00</td>' in remote[: remote.index("</tr>")]
    venues = _table(text, "venues-table")
    assert venues.index("forum.example.org") < venues.index("lemonde.fr") and ">500<" in venues
    assert "Léa" in _table(text, "authors-table")
    share = _table(text, "share-table")
    assert "Rival SA" in share and "75.0 %" in share and "25.0 %" in share
    assert "vendor/echarts/echarts.min.js" in text and "listening/charts.js" in text


def test_insights_follow_the_period_chosen(login, world) -> None:
    source = source_make(world.organisation)
    mention_make(source, "Vieille mention", published_at=timezone.now() - timedelta(days=200))
    english(world, "admin")
    today = timezone.localdate()
    response = login("admin").get(
        reverse("listening_insights"),
        {"since": (today - timedelta(days=365)).isoformat(), "until": today.isoformat()},
    )
    assert response.status_code == 200
    assert _table(page(response), "volume-table").count("<tr>") == 366 + 1
    assert "1 mention from" in page(response)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "hier"}, "From"),
        ({"since": "2026-03-10", "until": "2026-03-01"}, "To"),
        ({"since": "2020-01-01", "until": "2026-01-01"}, "From"),
    ],
)
def test_a_bad_period_is_a_form_error_naming_the_field(login, world, params, field) -> None:
    english(world, "admin")
    response = login("admin").get(reverse("listening_insights"), params)
    assert response.status_code == 400
    assert f'class="field-error" role="alert">{field} — ' in page(response)


# --- alerts -------------------------------------------------------------------------------------


def _alert(world: World, **values) -> Alert:
    now = timezone.now()
    values.setdefault("kind", Alert.Kind.NEGATIVE_SPIKE)
    return Alert.objects.create(
        organisation=values.pop("organisation", world.organisation),
        period_start=now - timedelta(days=1),
        period_end=now,
        day=values.pop("day", now.date()),
        value=24,
        baseline=6,
        message_fr="24 mentions négatives en 24 heures, 4 fois le niveau habituel",
        message_en="24 negative mentions in 24 hours, 4 times the usual level",
        **values,
    )


def test_alerts_are_listed_marked_seen_and_counted_in_the_menu(login, world) -> None:
    first = _alert(world)
    _alert(world, kind=Alert.Kind.VOLUME_SPIKE)
    _alert(world, organisation=world.foreign_organisation)
    english(world, "comms")
    client = login("comms")
    text = page(client.get(reverse("listening_alert_list")))
    assert "24 negative mentions in 24 hours, 4 times the usual level" in text
    assert 'title="Alerts not seen yet">2</span>' in text
    assert f"{reverse('listening_stream')}?since=" in text and "sentiment=negative" in text
    response = client.post(reverse("listening_alert_seen", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.seen_at is not None
    assert 'title="Alerts not seen yet">1</span>' in page(client.get(reverse("listening_alert_list")))
    client.post(reverse("listening_alerts_seen_all"))
    assert not Alert.objects.filter(organisation=world.organisation, seen_at=None).exists()
    assert Alert.objects.filter(organisation=world.foreign_organisation, seen_at=None).exists()
    assert "Alerts not seen yet" not in page(client.get(reverse("listening_alert_list")))


def test_the_alerts_count_is_not_computed_for_other_roles(login, world) -> None:
    _alert(world)
    text = page(login("employee").get(reverse("home")))
    assert "Alerts not seen yet" not in text


# --- label quality ------------------------------------------------------------------------------


def test_the_quality_page_shows_scores_their_history_and_the_corrections(login, world) -> None:
    mention = mention_make(source_make(world.organisation), "Ambiance au top", sentiment="negative")
    LabelCorrection.objects.create(
        organisation=world.organisation,
        mention=mention,
        text=mention.text,
        task="sentiment",
        label="positive",
        previous="negative",
        corrected_by=world.users["comms"],
    )
    for f1 in (0.52, 0.71):
        ScoreSnapshot.objects.create(
            organisation=world.organisation,
            task="sentiment",
            examples=40,
            scores={
                "negative": {"precision": 0.8, "recall": 0.6, "f1": 0.69, "support": 12},
                "positive": {"precision": 0.7, "recall": 0.9, "f1": 0.79, "support": 20},
                "macro": {"precision": 0.75, "recall": 0.75, "f1": f1, "support": 40},
            },
        )
    english(world, "admin")
    client = login("admin")
    text = page(client.get(reverse("listening_quality")))
    assert 'id="corrections-count">1<' in text
    scores = _table(text, "scores-sentiment")
    assert "negative" in scores and "0.80" in scores and "0.60" in scores and "0.69" in scores
    assert 'class="macro-f1">0.71<' in text
    assert 'id="history-chart-sentiment" data-table="history-sentiment"' in text
    assert _table(text, "history-sentiment").count("<tr>") == 3
    corrections = _table(text, "corrections")
    assert "Ambiance au top" in corrections and "<strong>Positive</strong>" in corrections
    assert "Not scored yet" in text  # intent and theme have no score yet


def test_retrain_now_retrains_the_heads_on_the_gold_set(
    login, world, django_capture_on_commit_callbacks
) -> None:
    english(world, "comms")
    client = login("comms")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("listening_quality_retrain"))
    assert response.status_code == 302 and response["Location"] == reverse("listening_quality")
    assert "Retraining on the gold set" in page(client.get(response["Location"]))


# --- themes -------------------------------------------------------------------------------------


def test_the_taxonomy_is_listed_and_a_theme_is_edited(login, world) -> None:
    english(world, "comms")
    client = login("comms")
    text = page(client.get(reverse("listening_theme_list")))
    assert 'data-theme="pay"' in text and 'data-theme="internships"' in text
    pay = Theme.objects.get(organisation=world.organisation, slug="pay")
    response = client.post(
        reverse("listening_theme_edit", args=[pay.pk]),
        {
            "name_fr": "Rémunération",
            "name_en": "Pay and bonuses",
            "keywords": "salaire\nprime\nbonus",
            "active": "on",
        },
    )
    assert response.status_code == 302
    pay.refresh_from_db()
    assert (pay.name_fr, pay.name_en, pay.keyword_list()) == (
        "Rémunération",
        "Pay and bonuses",
        ["salaire", "prime", "bonus"],
    )


def test_a_theme_is_added_and_a_bad_one_names_the_field(login, world) -> None:
    english(world, "admin")
    client = login("admin")
    bad = client.post(reverse("listening_theme_new"), {"name_fr": "", "name_en": "Mobility"})
    assert bad.status_code == 400
    assert "This field is required." in page(bad)[page(bad).index('for="id_name_fr"') :]
    response = client.post(
        reverse("listening_theme_new"),
        {"name_fr": "Mobilité", "name_en": "Mobility", "keywords": "mobilité\nmutation", "active": "on"},
    )
    assert response.status_code == 302
    theme = Theme.objects.get(organisation=world.organisation, name_en="Mobility")
    assert theme.active and theme.keyword_list() == ["mobilité", "mutation"]


def _proposed(world: World, slug: str = "navigo-transport") -> Theme:
    return Theme.objects.create(
        organisation=world.organisation,
        slug=slug,
        name_fr="navigo, transport",
        name_en="navigo, transport",
        keywords="navigo\ntransport\nremboursement",
        active=False,
        discovered=True,
    )


def test_a_discovered_theme_is_accepted_under_a_new_name_or_dismissed(login, world) -> None:
    accepted, dismissed = _proposed(world), _proposed(world, slug="parking-badge")
    english(world, "comms")
    client = login("comms")
    text = page(client.get(reverse("listening_theme_list")))
    assert 'data-proposed="navigo-transport"' in text and "navigo, transport, remboursement" in text
    client.post(
        reverse("listening_theme_accept", args=[accepted.pk]),
        {"name_fr": "Transports", "name_en": "Commuting"},
    )
    accepted.refresh_from_db()
    assert (accepted.active, accepted.name_fr, accepted.name_en) == (True, "Transports", "Commuting")
    client.post(reverse("listening_theme_dismiss", args=[dismissed.pk]))
    assert not Theme.objects.filter(pk=dismissed.pk).exists()
    text = page(client.get(reverse("listening_theme_list")))
    assert 'data-theme="navigo-transport"' in text and "No emerging theme proposed for now." in text


def test_discover_now_asks_for_emerging_themes(login, world, django_capture_on_commit_callbacks) -> None:
    english(world, "admin")
    client = login("admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("listening_themes_discover"))
    assert response.status_code == 302
    assert "Looking for emerging themes" in page(client.get(response["Location"]))


# --- settings -----------------------------------------------------------------------------------


def test_the_settings_are_saved(login, world) -> None:
    english(world, "comms")
    client = login("comms")
    text = page(client.get(reverse("listening_settings")))
    assert 'name="spike_factor" value="2.0"' in text
    response = client.post(
        reverse("listening_settings"),
        {
            "spike_factor": "3",
            "min_volume": "20",
            "response_target_hours": "8",
            "retention_days": "180",
            "author_retention_days": "90",
            "alert_emails": "veille@example.fr\ncomms@example.fr",
        },
    )
    assert response.status_code == 302
    saved = ListeningSettings.objects.get(organisation=world.organisation)
    assert (saved.spike_factor, saved.min_volume, saved.response_target_hours, saved.retention_days) == (
        3,
        20,
        8,
        180,
    )
    assert saved.alert_email_list() == ["veille@example.fr", "comms@example.fr"]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"alert_emails": "veille@example.fr\npas-une-adresse"},
            "alert_emails",
            "Line 2: “pas-une-adresse” is not an e-mail address.",
        ),
        ({"spike_factor": "0.5"}, "spike_factor", "greater than or equal to 1.1"),
        ({"retention_days": "abc"}, "retention_days", "Enter a whole number."),
        (
            {"author_retention_days": "400"},
            "author_retention_days",
            "Keep authors' names at most as long as the mentions.",
        ),
    ],
)
def test_a_bad_setting_names_the_field(login, world, values, field, message) -> None:
    english(world, "admin")
    data = {
        "spike_factor": "2",
        "min_volume": "10",
        "response_target_hours": "24",
        "retention_days": "365",
        "author_retention_days": "180",
        "alert_emails": "",
        **values,
    }
    response = login("admin").post(reverse("listening_settings"), data)
    assert response.status_code == 400
    text = page(response)
    block = text[text.index(f'for="id_{field}"') : text.index("</div>", text.index(f'for="id_{field}"'))]
    assert message in block
