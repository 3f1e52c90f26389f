"""What a review of the listening screens found: odd query-string values never end in a 500, the stream
does not query once per mention, labels show under their names, long work shows it is in progress."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from ambassade.listening.tests.support import mention_make, source_make
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("after", ["²", "١٢", "99999999999999999999999999"])
def test_the_live_fragment_refuses_odd_digits_and_huge_numbers_with_a_400(login, world: World, after) -> None:
    source_make(world.organisation)
    response = login("comms").get(reverse("listening_stream_new"), {"after": after})
    assert response.status_code == 400
    assert "after" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "0001-01-01", "until": "0001-01-05"}, "since"),
        ({"since": "9999-12-25", "until": "9999-12-31"}, "until"),
    ],
)
def test_insights_refuse_dates_out_of_range_naming_the_field(login, world: World, params, field) -> None:
    response = login("comms").get(reverse("listening_insights"), params)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field)


@pytest.mark.parametrize("params", [{"since": "0001-01-01"}, {"until": "9999-12-31"}, {"page": "9" * 30}])
def test_the_stream_answers_extreme_values_without_a_500(login, world: World, params) -> None:
    mention_make(source_make(world.organisation), "Une mention")
    response = login("comms").get(reverse("listening_stream"), params)
    assert response.status_code in (200, 400)


def test_the_stream_of_fifty_mentions_does_not_query_once_per_mention(
    login, world: World, django_assert_max_num_queries
) -> None:
    source = source_make(world.organisation)
    words = [
        "salaire",
        "télétravail",
        "entretien",
        "stage",
        "ambiance",
        "manager",
        "équipe",
        "horaires",
        "prime",
        "carrière",
    ]
    for number in range(50):
        text = " ".join(words[(number * k) % len(words)] + str(number * k) for k in (1, 3, 7, 9))
        mention_make(source, text, themes=["remote-work", "pay"], author_url="https://example.com/a")
    client = login("comms")
    client.get(reverse("listening_stream"))  # the taxonomy is seeded once
    with django_assert_max_num_queries(25):
        response = client.get(reverse("listening_stream"), {"page": "2"})
    assert response.status_code == 200 and page(response).count('class="mention"') == 20
    with django_assert_max_num_queries(25):
        assert login("comms").get(reverse("listening_stream_new"), {"after": "0"}).status_code == 200


def test_the_quality_page_names_labels_and_themes_instead_of_showing_their_codes(login, world: World) -> None:
    from ambassade.listening.models import LabelCorrection, ScoreSnapshot, Theme
    from ambassade.listening.services import themes_ensure
    from ambassade.orgs.models import Membership

    themes_ensure(organisation=world.organisation)
    name = Theme.objects.get(organisation=world.organisation, slug="remote-work").name_en
    LabelCorrection.objects.create(
        organisation=world.organisation, text="Télétravail ?", task="theme", label="remote-work", previous=""
    )
    LabelCorrection.objects.create(
        organisation=world.organisation, text="Top", task="sentiment", label="positive", previous="negative"
    )
    score = {"precision": 0.8, "recall": 0.6, "f1": 0.69, "support": 12}
    ScoreSnapshot.objects.create(
        organisation=world.organisation,
        task="theme",
        examples=12,
        scores={"remote-work": score, "macro": score},
    )
    Membership.objects.filter(user=world.users["comms"]).update(language="en")
    text = page(login("comms").get(reverse("listening_quality")))
    scores = text[text.index('id="scores-theme"') :]
    assert f'data-label="remote-work"><th scope="row">{name}</th>' in scores
    corrections = text[text.index('id="corrections"') :]
    assert f"<strong>{name}</strong>" in corrections
    assert "<td>Negative</td><td><strong>Positive</strong>" in corrections


def test_every_table_behind_a_chart_has_a_caption(login, world: World) -> None:
    from ambassade.listening.models import ScoreSnapshot

    mention_make(
        source_make(world.organisation), "Les salaires sont bas", sentiment="negative", themes=["pay"]
    )
    score = {"precision": 0.8, "recall": 0.6, "f1": 0.69, "support": 12}
    for _ in range(2):
        ScoreSnapshot.objects.create(
            organisation=world.organisation,
            task="sentiment",
            examples=12,
            scores={"negative": score, "macro": score},
        )
    client = login("comms")
    for url in (reverse("listening_insights"), reverse("listening_quality")):
        text = page(client.get(url))
        tables = text.split("<table")[1:]
        assert tables
        for table in tables:
            assert table.split(">", 1)[1].lstrip().startswith("<caption"), table[:80]


def test_the_quality_page_says_a_retraining_is_pending_until_the_scores_include_the_corrections(
    login, world: World
) -> None:
    from ambassade.listening.models import LabelCorrection, ScoreSnapshot
    from ambassade.orgs.models import Membership

    Membership.objects.filter(user=world.users["comms"]).update(language="en")
    LabelCorrection.objects.create(
        organisation=world.organisation, text="Top", task="sentiment", label="positive", previous="negative"
    )
    client = login("comms")
    assert "1 correction is not in the scores below yet" in page(client.get(reverse("listening_quality")))
    score = {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    ScoreSnapshot.objects.create(
        organisation=world.organisation,
        task="sentiment",
        examples=1,
        scores={"positive": score, "macro": score},
    )
    assert "not in the scores below yet" not in page(client.get(reverse("listening_quality")))


def test_imports_say_they_are_under_way_once_the_file_is_sent(login, world: World) -> None:
    client = login("comms")
    for url in (reverse("listening_import_x"), reverse("listening_import_table")):
        text = page(client.get(url))
        assert "data-busy=" in text and "data-busy-status" in text and "listening/busy.js" in text


def test_a_file_over_the_size_limit_is_refused_under_the_file_field(login, world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ambassade.listening.forms import UPLOAD_MAX_BYTES
    from ambassade.orgs.models import Membership

    Membership.objects.filter(user=world.users["comms"]).update(language="en")
    big = SimpleUploadedFile("tweets.js", b"x" * (UPLOAD_MAX_BYTES + 1))
    response = login("comms").post(reverse("listening_import_x"), {"file": big})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "The file is larger than 10 MB: archives with photos and videos often are. Send only the "
        "data/tweets.js file found in the archive's folder."
    ]
    table = SimpleUploadedFile("m.csv", b"x" * (UPLOAD_MAX_BYTES + 1))
    response = login("comms").post(reverse("listening_import_table"), {"source_name": "R", "file": table})
    assert response.context["form"].errors["file"] == [
        "The file is larger than 10 MB: split it into smaller files."
    ]


def test_a_correction_without_javascript_comes_back_to_the_same_filters_and_page(login, world: World) -> None:
    mention = mention_make(source_make(world.organisation), "Bof, sans plus", sentiment="neutral")
    client = login("comms")
    text = page(client.get(reverse("listening_stream"), {"sentiment": "neutral"}))
    assert '<input type="hidden" name="next" value="/listening/?sentiment=neutral">' in text
    response = client.post(
        reverse("listening_mention_label", args=[mention.pk]),
        {"task": "sentiment", "label": "negative", "next": "/listening/?sentiment=neutral"},
    )
    assert response["Location"] == "/listening/?sentiment=neutral"


def test_a_one_click_correction_is_announced_in_the_streams_live_region(login, world: World) -> None:
    from ambassade.orgs.models import Membership

    Membership.objects.filter(user=world.users["comms"]).update(language="en")
    mention = mention_make(source_make(world.organisation), "Bof, sans plus", sentiment="neutral")
    client = login("comms")
    stream = page(client.get(reverse("listening_stream")))
    assert (
        '<p id="label-status" class="visually-hidden" role="status" data-failed="The label could not'
        in stream
    )
    assert "listening/stream.js" in stream  # a failed correction is said too
    url = reverse("listening_mention_label", args=[mention.pk])
    saved = page(client.post(url, {"task": "sentiment", "label": "negative"}, headers={"HX-Request": "true"}))
    assert 'id="label-status" class="visually-hidden" role="status" hx-swap-oob="true">Label saved' in saved
    refused = page(
        client.post(url, {"task": "sentiment", "label": "furious"}, headers={"HX-Request": "true"})
    )
    assert 'hx-swap-oob="true">“furious” is not a label of this task.' in refused


def test_badge_colours_follow_the_light_or_dark_theme() -> None:
    """Fixed dark reds and greens fall under 4.5:1 on Pico's dark cards."""
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "ambassade/static/listening/listening.css").read_text()
    assert "prefers-color-scheme: dark" in css and "var(--pico-del-color)" in css
    assert not any(colour in css for colour in ("#b71c1c", "#1b5e20", "#c62828"))


def test_the_themes_weeks_are_dates_in_the_readers_format(login, world: World) -> None:
    mention_make(source_make(world.organisation), "Les salaires sont bas", themes=["pay"])
    text = page(login("comms").get(reverse("listening_insights")))  # French by default: dd/mm/yyyy
    head = text[text.index('id="themes-table"') :]
    head = head[: head.index("</thead>")]
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\d">\d\d/\d\d/\d{4}</time>', head), head


HOSTILE = "<img src=x onerror=alert(1)>"


def test_hostile_names_render_inert_on_sources_themes_quality_and_import_pages(login, world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ambassade.listening.models import LabelCorrection, Source, Theme

    source = source_make(world.organisation, name=HOSTILE, competitor_name=HOSTILE, last_error=HOSTILE)
    Source.objects.filter(pk=source.pk).update(last_errors={"fr": HOSTILE, "en": HOSTILE})
    Theme.objects.create(
        organisation=world.organisation,
        slug="x",
        name_fr=HOSTILE,
        name_en=HOSTILE,
        keywords=f"{HOSTILE}\nnavigo",
        active=False,
        discovered=True,
    )
    LabelCorrection.objects.create(
        organisation=world.organisation, text=HOSTILE, task="theme", label=HOSTILE, previous=HOSTILE
    )
    client = login("comms")
    table = SimpleUploadedFile("m.csv", f"text;{HOSTILE}\n{HOSTILE};b\n".encode())
    pages = [
        client.get(reverse("listening_source_list")),
        client.get(reverse("listening_source_edit", args=[source.pk])),
        client.get(reverse("listening_theme_list")),
        client.get(reverse("listening_quality")),
        client.get(reverse("listening_stream")),
        client.post(reverse("listening_import_table"), {"source_name": HOSTILE, "file": table}),
    ]
    for response in pages:
        raw = response.content.decode()
        assert "<img" not in raw, response.request["PATH_INFO"]
        assert "&lt;img src=x onerror=alert(1)&gt;" in raw, response.request["PATH_INFO"]


def test_sentiment_and_intent_are_corrected_with_labelled_buttons_not_selects_sent_on_change(
    login, world: World
) -> None:
    mention = mention_make(source_make(world.organisation), "Bof", sentiment="neutral", intent="other")
    text = page(login("comms").get(reverse("listening_stream")))
    card = text[text.index(f'id="mention-{mention.pk}"') : text.index("</article>")]
    assert 'hx-trigger="change"' not in card
    assert f'role="group" aria-labelledby="sentiment-{mention.pk}"' in card
    assert (
        f'name="label" value="neutral" id="sentiment-{mention.pk}-neutral" class="label-choice secondary" '
        'aria-pressed="true"'
    ) in card
    assert f'value="negative" id="sentiment-{mention.pk}-negative"' in card and 'aria-pressed="false"' in card
    assert f'id="intent-{mention.pk}-question"' in card and f'id="theme-{mention.pk}-save"' in card


def test_a_table_waits_between_its_two_steps_on_disk_not_in_the_session(
    login, world: World, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ambassade.listening.models import Mention

    settings.DATA_DIR = tmp_path
    client = login("comms")
    rows = "".join(f"Mention numéro {n} sur les salaires et le télétravail {n * 7919}\n" for n in range(2000))
    table = SimpleUploadedFile("m.csv", ("texte\n" + rows).encode())
    response = client.post(reverse("listening_import_table"), {"source_name": "Revue", "file": table})
    assert response.status_code == 200
    assert len(client.session.get("listening_table_import", {}).get("data", "")) == 0
    assert len(list((tmp_path / "listening-imports").glob("*.upload"))) == 1
    client.session.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("listening_import_table"), {"step": "map", "text": "texte"})
    assert response.status_code == 302 and Mention.objects.filter(source__name="Revue").exists()
    assert list((tmp_path / "listening-imports").glob("*.upload")) == []


def test_a_forged_upload_token_asks_for_the_file_again(login, world: World) -> None:
    client = login("comms")
    session = client.session
    session["listening_table_import"] = {"filename": "m.csv", "source_name": "R", "token": "../../etc/passwd"}
    session.save()
    response = client.post(reverse("listening_import_table"), {"step": "map", "text": "texte"})
    assert response.status_code == 302 and response["Location"] == reverse("listening_import_table")


def test_the_token_field_is_never_filled_in_with_the_users_own_password(login, world: World) -> None:
    text = page(login("comms").get(reverse("listening_source_new"), {"kind": "bluesky_search"}))
    field = re.search(r'<input type="password"[^>]*>', text)
    assert field and 'autocomplete="new-password"' in field.group(0)


def test_a_start_in_the_future_alone_is_refused_under_the_start_field(login, world: World) -> None:
    response = login("comms").get(reverse("listening_insights"), {"since": "2999-01-01"})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["since"]
