"""What the team reads: the stream's filters, themes over time with net sentiment, venues by volume and
reach, top authors, share of voice against competitors, the daily volume, alerts and scores; only HR
admins and communication officers, and only their organisation's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from ambassade.listening import selectors
from ambassade.listening.models import Alert, Theme
from ambassade.listening.tests.support import encoder_hashing, mention_make, source_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _hashing(settings) -> None:
    encoder_hashing(settings)


def _member(world, persona: str = "comms"):
    return world.users[persona].membership


@pytest.mark.parametrize("persona", ["recruiter", "manager", "employee"])
def test_other_roles_are_refused(world, persona) -> None:
    assert not selectors.listening_allowed(_member(world, persona))
    with pytest.raises(PermissionDenied):
        selectors.stream_filter(membership=_member(world, persona), params={})


def test_hr_admins_and_communication_officers_listen_to_their_organisation_only(world) -> None:
    mine = mention_make(source_make(world.organisation), "Un avis sur les stages")
    theirs = mention_make(source_make(world.foreign_organisation), "Un avis ailleurs")
    assert list(selectors.stream_filter(membership=_member(world, "admin"), params={})) == [mine]
    assert selectors.mention_get_for_user(membership=_member(world), pk=mine.pk) == mine
    with pytest.raises(Http404):
        selectors.mention_get_for_user(membership=_member(world), pk=theirs.pk)
    with pytest.raises(Http404):
        selectors.source_get_for_user(membership=_member(world), pk=theirs.source_id)


def test_the_stream_filters_by_period_language_question_and_duplicates(world) -> None:
    source = source_make(world.organisation)
    now = timezone.now()
    old = mention_make(
        source, "Un vieil article sur la Région et ses recrutements", published_at=now - timedelta(days=40)
    )
    english = mention_make(source, "How long does the hiring process take at the region?")
    mention_make(source, "How long does the hiring process take at the region?!", venue="elsewhere")
    member = _member(world)
    since = (now - timedelta(days=5)).date().isoformat()
    assert list(selectors.stream_filter(membership=member, params={"since": since, "lang": "en"})) == [
        english
    ]
    until = (now - timedelta(days=30)).date().isoformat()
    assert list(selectors.stream_filter(membership=member, params={"until": until})) == [old]
    assert list(selectors.stream_filter(membership=member, params={"question": "1"})) == [english]
    assert selectors.stream_filter(membership=member, params={"duplicates": "1"}).count() == 3


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"since": "2026-05-01", "until": "2026-04-01"}, "until"),
        ({"question": "maybe"}, "question"),
        ({"q": "emploi AND"}, "q"),
        ({"source": "999999"}, "source"),
        ({"source": "99999999999999999999999"}, "source"),
        ({"until": "9999-12-31"}, "until"),
        ({"since": "0001-01-01"}, "since"),
        ({"venue": "reddit\x00.com"}, "venue"),
    ],
)
def test_a_bad_parameter_is_named(world, params, named) -> None:
    with pytest.raises(ValidationError) as caught:
        selectors.stream_filter(membership=_member(world), params=params)
    assert list(caught.value.message_dict) == [named]


def test_themes_over_time_have_their_net_sentiment(world) -> None:
    source = source_make(world.organisation)
    texts = [
        ("Deux jours de télétravail, parfait pour moi", "positive"),
        ("Le télétravail change la vie des agents de la Région", "positive"),
        ("Accord télétravail signé hier, enfin", "positive"),
        ("Retour au bureau forcé : colère chez les agents", "negative"),
    ]
    for text, sentiment in texts:
        mention_make(source, text, sentiment=sentiment, themes=["remote-work"])
    mention_make(source, "Les salaires baissent", sentiment="negative", themes=["pay"])
    today = timezone.localdate()
    rows = selectors.themes_over_time(membership=_member(world), since=today - timedelta(days=7), until=today)
    by_theme = {row["theme"]: row for row in rows}
    assert by_theme["remote-work"]["count"] == 4 and by_theme["remote-work"]["net"] == 0.5
    assert by_theme["pay"]["net"] == -1.0 and by_theme["pay"]["name"]
    daily = selectors.themes_over_time(membership=_member(world), since=today, until=today, bucket="day")
    assert sum(row["count"] for row in daily) == 5
    with pytest.raises(ValidationError):
        selectors.themes_over_time(membership=_member(world), since=today, until=today, bucket="year")


def test_venues_authors_share_of_voice_and_volume(world) -> None:
    ours = source_make(world.organisation)
    rival = source_make(world.organisation, name="Val-Clair", competitor=True, competitor_name="Val-Clair")
    mention_make(ours, "Premier avis sur la Région", venue="reddit.com", reach=100, author_name="Alex")
    mention_make(ours, "Deuxième avis sur la Région", venue="reddit.com", reach=50, author_name="Alex")
    mention_make(ours, "Troisième avis, négatif", venue="lemonde.fr", reach=5000, sentiment="negative")
    mention_make(rival, "Un avis sur Val-Clair", venue="lemonde.fr")
    today = timezone.localdate()
    member = _member(world)
    venues = selectors.venues_ranked(membership=member, since=today, until=today)
    assert venues[0] == {"platform": "web", "venue": "reddit.com", "count": 2, "reach": 150}
    authors = selectors.authors_top(membership=member, since=today, until=today)
    assert authors[0]["author_name"] == "Alex" and authors[0]["count"] == 2
    share = selectors.share_of_voice(membership=member, since=today, until=today)
    assert [(row["name"], row["count"], row["share"]) for row in share] == [
        (world.organisation.name, 3, 0.75), ("Val-Clair", 1, 0.25)
    ]  # fmt: skip
    series = selectors.volume_series(membership=member, since=today - timedelta(days=2), until=today)
    assert [row["count"] for row in series] == [0, 0, 3] and series[-1]["negative"] == 1


def test_alerts_and_unseen_ones(world) -> None:
    now = timezone.now()
    values = {"period_start": now - timedelta(days=1), "period_end": now, "day": now.date()}
    seen = Alert.objects.create(organisation=world.organisation, kind="volume_spike", seen_at=now, **values)
    unseen = Alert.objects.create(organisation=world.organisation, kind="negative_spike", **values)
    Alert.objects.create(organisation=world.foreign_organisation, kind="volume_spike", **values)
    assert set(selectors.alert_list(membership=_member(world))) == {seen, unseen}
    assert list(selectors.alert_list(membership=_member(world), unseen_only=True)) == [unseen]


def test_an_alert_is_marked_seen_once(world) -> None:
    from ambassade.listening.services import alert_mark_seen

    now = timezone.now()
    values = {"period_start": now - timedelta(days=1), "period_end": now, "day": now.date()}
    alert = Alert.objects.create(organisation=world.organisation, kind="volume_spike", **values)
    alert_mark_seen(membership=_member(world), alert=alert)
    first = Alert.objects.get(pk=alert.pk).seen_at
    alert_mark_seen(membership=_member(world), alert=alert)
    assert first is not None and Alert.objects.get(pk=alert.pk).seen_at == first


def test_a_source_or_theme_of_another_organisation_is_refused_as_unknown(world) -> None:
    foreign = source_make(world.foreign_organisation)
    mention_make(foreign, "Les salaires de l'autre organisation")
    Theme.objects.create(
        organisation=world.foreign_organisation, slug="foreign-only", name_fr="x", name_en="x"
    )
    for params in ({"source": str(foreign.pk)}, {"theme": "foreign-only"}):
        with pytest.raises(ValidationError) as caught:
            selectors.stream_filter(membership=_member(world), params=params)
        assert list(caught.value.message_dict) == list(params)


def test_the_stream_loads_sources_and_themes_in_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
) -> None:
    source = source_make(world.organisation)
    for index in range(8):
        mention_make(source, f"Message {index} sur le télétravail", themes=["remote-work", "pay"])
    stream = selectors.stream_filter(membership=_member(world), params={})
    with django_assert_max_num_queries(4):
        rows = [(m.source.name, [link.theme.slug for link in m.mention_themes.all()]) for m in stream]
    assert len(rows) == 8 and rows[0][1] == ["remote-work", "pay"]
