"""What an issue says: who became active (named only with their consent), the most shared items,
notable conversations without their authors, new job offers and training sessions coming up."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from ambassade.careers.tests.factories import job_offer_create
from ambassade.intranet.models import Digest
from ambassade.intranet.selectors import content_compute
from ambassade.intranet.tests.support import active_on, digest_make, item_make, shares_make
from ambassade.orgs.models import Person
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
START, END = date(2026, 3, 2), date(2026, 3, 8)


def _in_period(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=PARIS)


def _content(digest: Digest, **kwargs: Any) -> dict[str, Any]:
    return content_compute(
        digest=digest, start=START, end=END, now=datetime(2026, 3, 9, 9, tzinfo=PARIS), **kwargs
    )


def test_people_who_became_active_are_named_only_when_they_opted_in(world: World) -> None:
    agents = list(Person.objects.filter(last_name="Web"))
    active_on(world.people["employee"], date(2026, 3, 3), opt_in=True)
    active_on(agents[0], date(2026, 3, 4), opt_in=False)
    active_on(agents[1], date(2026, 3, 5), opt_in=False)
    # Already active the week before: not "new".
    active_on(agents[2], date(2026, 2, 25), opt_in=True)
    active_on(agents[2], date(2026, 3, 4), opt_in=True)
    # Active after the period.
    active_on(agents[3], date(2026, 3, 10), opt_in=True)
    content = _content(digest_make(world.organisation))
    assert content["active"] == {"named": ["Émile Employé"], "others": 2, "total": 3}


def test_an_entity_digest_counts_only_its_people(world: World) -> None:
    sud = Person.objects.get(last_name="Agent", first_name="Sud")
    active_on(sud, date(2026, 3, 3), opt_in=True)
    active_on(world.people["employee"], date(2026, 3, 3), opt_in=True)
    assert _content(digest_make(world.organisation, entity=world.subsidiary))["active"]["named"] == [
        "Sud Agent"
    ]
    department = _content(digest_make(world.organisation, title="Web", department=world.service))
    assert department["active"]["named"] == ["Émile Employé"]


def test_the_most_shared_items_are_the_top_five_of_the_period_with_their_public_links(world: World) -> None:
    items = [
        item_make(world.organisation, f"Article {n}", target_url=f"https://example.org/{n}") for n in range(7)
    ]
    for n, item in enumerate(items):
        shares_make(item, n + 1, at=_in_period(4))
    shares_make(items[0], 50, at=_in_period(20))  # outside the period
    rows = _content(digest_make(world.organisation))["items"]
    assert [(row["title"], row["shares"]) for row in rows] == [
        ("Article 6", 7),
        ("Article 5", 6),
        ("Article 4", 5),
        ("Article 3", 4),
        ("Article 2", 3),
    ]
    assert rows[0]["url"] == "https://example.org/6"


def test_conversations_are_hidden_when_the_organisation_listens_to_nothing(world: World) -> None:
    assert _content(digest_make(world.organisation))["conversations"] is None


def test_conversations_show_the_most_read_positive_or_neutral_mentions_without_authors(world: World) -> None:
    from ambassade.listening.tests.support import mention_make, source_make

    source = source_make(world.organisation, name="Presse", kind="manual", config={})
    rival = source_make(world.organisation, name="Concurrent", kind="manual", config={}, competitor=True)
    common: dict[str, Any] = {
        "published_at": _in_period(5),
        "author_handle": "@jeanne",
        "author_name": "Jeanne Dupont",
    }
    mention_make(
        source,
        "Super ambiance chez vous " + "vraiment " * 60,
        sentiment="positive",
        reach=900,
        themes=["pay"],
        **common,
    )
    mention_make(source, "Un forum de l'emploi utile", sentiment="neutral", reach=100, **common)
    mention_make(source, "Très déçu de l'entretien", sentiment="negative", reach=5000, **common)
    mention_make(rival, "Le concurrent recrute", sentiment="positive", reach=9000, **common)
    rows = _content(digest_make(world.organisation))["conversations"]
    assert [row["reach"] for row in rows] == [900, 100]
    assert rows[0]["text"].startswith("Super ambiance") and rows[0]["text"].endswith("…")
    assert len(rows[0]["text"]) <= 280
    assert rows[0]["themes"] and set(rows[0]["themes"][0]) == {"fr", "en"}
    assert "jeanne" not in str(rows).lower()


def test_new_job_offers_of_the_period_and_scope_are_listed_with_their_career_site_links(world: World) -> None:
    job_offer_create(world.hq, title="Chargée de com", published_at=_in_period(3))
    job_offer_create(world.subsidiary, title="Agent d'accueil", published_at=_in_period(4))
    job_offer_create(world.hq, title="Ancienne", published_at=_in_period(1) - timedelta(days=5))
    everyone = _content(digest_make(world.organisation))["offers"]
    assert sorted(row["titles"]["fr"] for row in everyone) == ["Agent d'accueil", "Chargée de com"]
    assert all(row["url"].startswith("http") and "/careers/" in row["url"] for row in everyone)
    assert everyone[0]["titles"]["en"] == "Web developer"
    south = _content(digest_make(world.organisation, title="Sud", entity=world.subsidiary))["offers"]
    assert [row["titles"]["fr"] for row in south] == ["Agent d'accueil"]


def test_training_sessions_of_the_next_three_weeks_are_listed_unless_cancelled(world: World) -> None:
    from ambassade.training.models import Track, TrainingProgramme, TrainingSession

    programme = TrainingProgramme.objects.create(organisation=world.organisation, name="LinkedIn 2026")
    everyone = Track.objects.create(programme=programme, name="Tous")
    executives = Track.objects.create(
        programme=programme, name="Direction", audience=world.audiences["executives"]
    )
    now = datetime(2026, 3, 9, 9, tzinfo=PARIS)

    def session(title: str, track: Track, days: int, **values: object) -> None:
        starts = now + timedelta(days=days)
        TrainingSession.objects.create(
            organisation=world.organisation,
            track=track,
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Salle 3",
            **values,
        )

    session("Atelier profil", everyone, 2)
    session("Conférence", executives, 5)
    session("Annulée", everyone, 3, cancelled_at=timezone.now())
    session("Trop loin", everyone, 30)
    content = _content(digest_make(world.organisation))
    assert [row["title"] for row in content["sessions"]] == ["Atelier profil", "Conférence"]
    assert content["sessions"][0]["url"].endswith("/training/")  # "my training", where people register
    # Nobody in the web unit belongs to the executives' audience.
    unit = _content(digest_make(world.organisation, title="Web", department=world.unit))
    assert [row["title"] for row in unit["sessions"]] == ["Atelier profil"]
