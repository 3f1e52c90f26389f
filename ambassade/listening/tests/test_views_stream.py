"""The stream: mentions newest first with their badges and link, filters (bad values are form errors
naming the field, never a 500), the live fragment, one-click label corrections, and text from outside
rendered inert."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ambassade.listening.models import LabelCorrection, Mention
from ambassade.listening.tests.support import mention_make, source_make
from ambassade.orgs.models import Membership
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return html.unescape(response.content.decode())


def english(world: World, persona: str) -> None:
    Membership.objects.filter(user=world.users[persona]).update(language="en")


@pytest.fixture
def source(world: World):
    return source_make(world.organisation, name="Alertes web", kind="feed")


def test_the_stream_shows_mentions_newest_first_with_badges_author_venue_and_link(
    login, world, source
) -> None:
    now = timezone.now()
    older = mention_make(
        source,
        "Les salaires sont trop bas, c'est scandaleux",
        sentiment="negative",
        themes=["pay"],
        published_at=now - timedelta(days=2),
        author_name="Léa Martin",
        venue="forum.example.org",
        url="https://forum.example.org/t/42",
    )
    newer = mention_make(
        source,
        "Comment se passe l'entretien d'embauche ?",
        intent="question",
        published_at=now,
        author_name="Paul",
        venue="mastodon.social",
        platform="mastodon",
    )
    mention_make(source_make(world.foreign_organisation), "Autre organisation, autre veille")
    english(world, "comms")
    response = login("comms").get(reverse("listening_stream"))
    assert response.status_code == 200
    text = page(response)
    assert text.index(f'id="mention-{newer.pk}"') < text.index(f'id="mention-{older.pk}"')
    assert "Autre organisation" not in text
    card = text[text.index(f'id="mention-{older.pk}"') :]
    assert "Léa Martin" in card and "forum.example.org" in card
    assert 'href="https://forum.example.org/t/42"' in card and "See the original" in card
    assert 'data-sentiment="negative">Negative<' in card
    assert 'data-theme="pay">#Pay' in card
    newer_card = text[text.index(f'id="mention-{newer.pk}"') : text.index(f'id="mention-{older.pk}"')]
    assert 'data-intent="question">Question<' in newer_card and "Mastodon · mastodon.social" in newer_card
    assert "2 mentions" in text


def test_a_duplicate_stays_out_of_the_stream_and_is_counted_on_the_first(login, world, source) -> None:
    first = mention_make(source, "Nous recrutons 40 alternants à Lyon, postulez avant le 15 mars !")
    mention_make(source, "Nous recrutons 40 alternants à Lyon, postulez avant le 15 mars !")
    assert Mention.objects.filter(duplicate_of=first).count() == 1
    english(world, "admin")
    text = page(login("admin").get(reverse("listening_stream")))
    assert text.count('class="mention"') == 1
    assert "+1 duplicate" in text


def test_the_filters_keep_what_they_say(login, world, source) -> None:
    other = source_make(world.organisation, name="Mastodon #recrutement", kind="manual", config={})
    pay = mention_make(
        source, "Le salaire proposé est correct", sentiment="positive", themes=["pay"], lang="fr"
    )
    remote = mention_make(
        source, "Le télétravail, deux jours par semaine ?", sentiment="neutral", themes=["remote-work"]
    )
    old = mention_make(
        other,
        "Remote work policy is great",
        sentiment="positive",
        lang="en",
        themes=[],
        published_at=timezone.now() - timedelta(days=40),
    )
    client = login("comms")

    def shown(**params: str) -> set[int]:
        response = client.get(reverse("listening_stream"), params)
        assert response.status_code == 200, page(response)
        return {m.pk for m in response.context["page"].object_list}

    assert shown(sentiment="positive") == {pay.pk, old.pk}
    assert shown(theme="remote-work") == {remote.pk}
    assert shown(source=str(other.pk)) == {old.pk}
    assert shown(q='salaire OR "remote work"') == {pay.pk, old.pk}
    assert shown(q="télétravail AND NOT salaire") == {remote.pk}
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert shown(since=since) == {pay.pk, remote.pk}
    assert shown(lang="en") == {old.pk}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sentiment": "furious"}, "Sentiment"),
        ({"intent": "<b>"}, "Intent"),
        ({"since": "2025-13-45"}, "From"),
        ({"since": "2025-03-10", "until": "2025-03-01"}, "To"),
        ({"source": "999999"}, "Source"),
        ({"theme": "no-such-theme"}, "Theme"),
        ({"lang": "klingon"}, "Language"),
        ({"q": '(salaire OR "télétravail'}, "Query"),
        ({"q": "salaire AND"}, "Query"),
    ],
)
def test_a_bad_filter_value_is_a_form_error_naming_the_field(login, world, source, params, field) -> None:
    mention_make(source, "Le salaire proposé est correct")
    english(world, "admin")
    response = login("admin").get(reverse("listening_stream"), params)
    assert response.status_code == 400
    text = page(response)
    errors = text[text.index('id="filter-errors"') : text.index("</div>", text.index('id="filter-errors"'))]
    assert f"<strong>{field}</strong>" in errors
    assert 'class="mention"' not in text


def test_the_first_page_polls_for_new_mentions_with_its_filters(login, world, source) -> None:
    latest = mention_make(source, "Le salaire proposé est correct", sentiment="positive")
    text = page(login("comms").get(reverse("listening_stream"), {"sentiment": "positive"}))
    assert 'hx-trigger="every 30s"' in text
    assert f"{reverse('listening_stream_new')}?after={latest.pk}&sentiment=positive" in text


def test_the_live_fragment_brings_only_the_mentions_after_the_last_one_shown(login, world, source) -> None:
    seen = mention_make(source, "Déjà vue", sentiment="negative")
    fresh = mention_make(source, "Toute nouvelle critique des salaires", sentiment="negative")
    mention_make(source, "Nouvelle mais positive, bravo", sentiment="positive")
    english(world, "comms")
    client = login("comms")
    response = client.get(reverse("listening_stream_new"), {"after": seen.pk, "sentiment": "negative"})
    assert response.status_code == 200
    text = page(response)
    assert f'id="mention-{fresh.pk}"' in text and f'id="mention-{seen.pk}"' not in text
    assert "bravo" not in text
    assert 'hx-swap-oob="true"' in text and f"after={fresh.pk}&sentiment=negative" in text
    assert "1 new mention just arrived." in text


@pytest.mark.parametrize(
    "params", [{"after": "abc"}, {"after": "-1"}, {"after": "1", "sentiment": "furious"}]
)
def test_the_live_fragment_refuses_bad_parameters_with_a_400(login, world, source, params) -> None:
    response = login("comms").get(reverse("listening_stream_new"), params)
    assert response.status_code == 400


def test_one_click_corrects_the_sentiment_and_returns_the_updated_card(login, world, source) -> None:
    mention = mention_make(source, "Ambiance au top dans l'équipe", sentiment="negative")
    english(world, "comms")
    response = login("comms").post(
        reverse("listening_mention_label", args=[mention.pk]),
        {"task": "sentiment", "label": "positive"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    text = page(response)
    assert text.startswith('<article class="mention" id="mention-')
    assert 'data-sentiment="positive">Positive<' in text and "Label saved" in text
    mention.refresh_from_db()
    assert (mention.sentiment, mention.corrected) == ("positive", True)
    correction = LabelCorrection.objects.get()
    assert (correction.task, correction.label, correction.previous) == ("sentiment", "positive", "negative")
    assert correction.corrected_by == world.users["comms"]


def test_one_click_sets_the_theme_and_the_intent(login, world, source) -> None:
    mention = mention_make(source, "Quels avantages pour les salariés ?", themes=["pay"])
    client = login("admin")
    hx = {"HX-Request": "true"}
    url = reverse("listening_mention_label", args=[mention.pk])
    client.post(url, {"task": "theme", "label": "benefits"}, headers=hx)
    client.post(url, {"task": "intent", "label": "question"}, headers=hx)
    mention.refresh_from_db()
    assert list(mention.themes.values_list("slug", flat=True)) == ["benefits"]
    assert (mention.intent, mention.is_question) == ("question", True)
    response = client.post(url, {"task": "theme", "label": ""}, headers=hx)
    assert response.status_code == 200
    assert not mention.themes.exists()


def test_an_unknown_label_is_said_in_the_card_and_changes_nothing(login, world, source) -> None:
    mention = mention_make(source, "Bof", sentiment="neutral")
    english(world, "comms")
    response = login("comms").post(
        reverse("listening_mention_label", args=[mention.pk]),
        {"task": "sentiment", "label": "furious"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "“furious” is not a label of this task." in page(response)
    mention.refresh_from_db()
    assert mention.sentiment == "neutral" and not LabelCorrection.objects.exists()


def test_without_javascript_a_correction_goes_back_to_the_stream(login, world, source) -> None:
    mention = mention_make(source, "Bof", sentiment="neutral")
    response = login("comms").post(
        reverse("listening_mention_label", args=[mention.pk]),
        {"task": "sentiment", "label": "negative", "next": "/listening/?sentiment=neutral"},
    )
    assert response.status_code == 302 and response["Location"] == "/listening/?sentiment=neutral"
    escape = login("comms").post(
        reverse("listening_mention_label", args=[mention.pk]),
        {"task": "sentiment", "label": "negative", "next": "https://evil.example.com/"},
    )
    assert escape["Location"] == reverse("listening_stream")


def test_another_organisations_mention_cannot_be_labelled(login, world) -> None:
    foreign = mention_make(source_make(world.foreign_organisation), "Pas à nous", sentiment="neutral")
    response = login("admin").post(
        reverse("listening_mention_label", args=[foreign.pk]), {"task": "sentiment", "label": "negative"}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.sentiment == "neutral"


def test_scripts_event_handlers_and_javascript_links_from_outside_render_inert(login, world, source) -> None:
    mention = mention_make(
        source,
        'Super <script>alert("x")</script> boulot <img src=x onerror=alert(1)> '
        '<a href="javascript:alert(2)">ici</a>',
        author_name="<svg onload=alert(3)>",
        venue='"><script>alert(4)</script>',
        title="<b onmouseover=alert(5)>titre</b>",
    )
    Mention.objects.filter(pk=mention.pk).update(
        url="javascript:alert(6)", author_url="javascript:alert(7)", thread_url="data:text/html,<script>"
    )
    for response in (
        login("comms").get(reverse("listening_stream")),
        login("comms").post(
            reverse("listening_mention_label", args=[mention.pk]),
            {"task": "sentiment", "label": "positive"},
            headers={"HX-Request": "true"},
        ),
        login("comms").get(reverse("listening_stream_new"), {"after": "0"}),
    ):
        raw = response.content.decode()
        card = raw[raw.index(f'id="mention-{mention.pk}"') :]
        card = card[: card.index("</article>")]
        assert "<script" not in card and "<img" not in card and "<svg" not in card and "<b " not in card
        assert "alert(6)" not in card and "alert(7)" not in card
        assert 'href="javascript' not in card and 'href="data:' not in card
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in card
        assert "&lt;img src=x onerror=alert(1)&gt;" in card
    insights = login("comms").get(reverse("listening_insights")).content.decode()
    assert "<svg" not in insights and "&lt;svg onload=alert(3)&gt;" in insights
    assert "<script>alert(4)" not in insights and "&lt;script&gt;alert(4)&lt;/script&gt;" in insights
