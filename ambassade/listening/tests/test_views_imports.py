"""Imports: a CSV/XLSX table in two steps (preview and column mapping; all or nothing, errors naming the
line and the column), an X archive, both run in the background behind a progress page, and a mention added
by hand."""

from __future__ import annotations

import html
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ambassade.listening.models import Mention, MentionImport, Source
from ambassade.orgs.models import Membership
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db

PRESS_CSV = (
    "Date;Auteur;Texte;Lien;Média\n"
    "14/03/2026 09:30;Léa Martin;Très bon accueil au salon de l'alternance;"
    "https://presse.example.fr/a;Le Journal\n"
    "2026-03-15;Paul;Les salaires d'entrée sont-ils négociables ?;https://forum.example.org/t/1;Forum RH\n"
    "16/03/2026;Anonyme;Ambiance tendue depuis la réorganisation;;\n"
).encode("cp1252")


def page(response) -> str:
    return html.unescape(response.content.decode())


def english(world: World, persona: str) -> None:
    Membership.objects.filter(user=world.users[persona]).update(language="en")


def _upload(client, data: bytes, name: str = "presse.csv", source_name: str = "Revue de presse mars"):
    return client.post(
        reverse("listening_import_table"),
        {"source_name": source_name, "file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def _map(client, values: dict[str, str], capture) -> Any:
    with capture(execute=True):
        return client.post(reverse("listening_import_table"), {"step": "map", **values})


def test_a_table_is_previewed_mapped_and_imported(login, world, django_capture_on_commit_callbacks) -> None:
    english(world, "comms")
    client = login("comms")
    preview = _upload(client, PRESS_CSV)
    assert preview.status_code == 200
    text = page(preview)
    assert "Step 2 of 2: “presse.csv” has 3 rows." in text
    table = text[
        text.index('id="import-preview"') : text.index("</table>", text.index('id="import-preview"'))
    ]
    assert "Léa Martin" in table and "Très bon accueil au salon de l'alternance" in table
    assert '<option value="Texte" selected>' in text and '<option value="Date" selected>' in text
    values = {"text": "Texte", "author": "Auteur", "published_at": "Date", "url": "Lien", "venue": "Média"}
    response = _map(client, values, django_capture_on_commit_callbacks)
    mention_import = MentionImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("listening_import_status", args=[mention_import.pk])
    source = Source.objects.get()
    assert (source.kind, source.name) == ("table", "Revue de presse mars")
    mentions = {m.author_name: m for m in Mention.objects.filter(source=source)}
    assert set(mentions) == {"Léa Martin", "Paul", "Anonyme"}
    assert mentions["Paul"].venue == "Forum RH" and mentions["Paul"].url == "https://forum.example.org/t/1"
    assert mentions["Léa Martin"].published_at.date().isoformat() == "2026-03-14"
    assert (mention_import.status, mention_import.source, mention_import.total) == ("done", source, 3)
    assert not mention_import.file and mention_import.created_by == world.users["comms"]
    status = page(client.get(response["Location"]))
    assert "Import “Revue de presse mars” done: 3 new mentions" in status
    assert f"{reverse('listening_stream')}?source={source.pk}" in status
    assert "hx-trigger" not in status  # over: no more polling


def test_a_running_import_shows_a_progress_bar_that_polls_its_fragment(login, world) -> None:
    english(world, "comms")
    client = login("comms")
    mention_import = MentionImport.objects.create(
        organisation=world.organisation,
        created_by=world.users["comms"],
        kind=MentionImport.Kind.TABLE,
        filename="presse.csv",
        status=MentionImport.Status.RUNNING,
        total=20000,
        done=5000,
    )
    text = page(client.get(reverse("listening_import_status", args=[mention_import.pk])))
    fragment = reverse("listening_import_progress", args=[mention_import.pk])
    assert f'hx-get="{fragment}" hx-trigger="every 1s"' in text
    assert '<progress value="5000" max="20000"' in text and "5000 of 20000 rows" in text
    polled = client.get(fragment, headers={"HX-Request": "true"})
    assert polled.status_code == 200 and "HX-Refresh" not in polled
    MentionImport.objects.filter(pk=mention_import.pk).update(status=MentionImport.Status.DONE)
    assert client.get(fragment, headers={"HX-Request": "true"})["HX-Refresh"] == "true"


def test_another_organisations_import_is_not_found(login, world) -> None:
    mention_import = MentionImport.objects.create(
        organisation=world.organisation, kind=MentionImport.Kind.X_ARCHIVE, filename="tweets.js"
    )
    response = login("outsider").get(reverse("listening_import_status", args=[mention_import.pk]))
    assert response.status_code == 404


def test_a_table_with_bad_rows_imports_nothing_and_names_each_line_and_column(
    login, world, django_capture_on_commit_callbacks
) -> None:
    bad = (
        "Date;Texte;Lien\n"
        "2026-03-14;Bonne nouvelle;https://example.fr/a\n"
        "le 15 mars;Une autre;https://example.fr/b\n"
        "2026-03-16;Un lien piégé;javascript:alert(1)\n"
        "2026-03-17;;https://example.fr/d\n"
    ).encode()
    english(world, "admin")
    client = login("admin")
    assert _upload(client, bad).status_code == 200
    values = {"text": "Texte", "published_at": "Date", "url": "Lien"}
    response = _map(client, values, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    mention_import = MentionImport.objects.get()
    assert mention_import.status == "failed" and not mention_import.file
    text = page(client.get(response["Location"]))
    errors = text[text.index('id="import-errors"') : text.index("</div>", text.index('id="import-errors"'))]
    assert "Nothing was imported" in errors
    assert 'Line 3, column "Date"' in errors and "le 15 mars" in errors
    assert 'Line 4, column "Lien"' in errors
    assert 'Line 5: the text (column "Texte") is empty.' in errors
    assert not Mention.objects.exists() and not Source.objects.exists()


def test_the_text_column_must_be_chosen(login, world) -> None:
    english(world, "admin")
    client = login("admin")
    _upload(client, PRESS_CSV)
    response = client.post(reverse("listening_import_table"), {"step": "map", "text": "", "author": "Auteur"})
    assert response.status_code == 400
    text = page(response)
    block = text[text.index('for="id_text"') : text.index("</div>", text.index('for="id_text"'))]
    assert "This field is required." in block
    assert not Mention.objects.exists()


def test_a_file_that_is_not_a_table_is_refused_at_once(login, world) -> None:
    english(world, "admin")
    response = _upload(login("admin"), b"\xd0\xcf\x11\xe0" + b"\x00" * 600, name="vieux.xls")
    assert response.status_code == 400
    assert "old-format Excel workbook (.xls)" in page(response)


def test_mapping_without_an_uploaded_file_asks_for_it_again(login, world) -> None:
    english(world, "admin")
    client = login("admin")
    response = client.post(reverse("listening_import_table"), {"step": "map", "text": "Texte"})
    assert response.status_code == 302
    assert "The file is no longer here: upload it again." in page(client.get(response["Location"]))


TWEETS_JS = "window.YTD.tweets.part0 = " + json.dumps(
    [
        {
            "tweet": {
                "id_str": "1760000000000000001",
                "full_text": "Nous recrutons des alternants en informatique à Lyon ! #alternance",
                "created_at": "Wed Feb 21 09:15:00 +0000 2024",
                "favorite_count": "12",
                "retweet_count": "3",
                "lang": "fr",
            }
        },
        {
            "tweet": {
                "id_str": "1760000000000000002",
                "full_text": "Merci à tous pour ce salon <script>alert(1)</script>",
                "created_at": "Thu Feb 22 10:00:00 +0000 2024",
                "favorite_count": "0",
                "retweet_count": "0",
                "lang": "fr",
            }
        },
    ]
)


def test_an_x_archive_is_imported(login, world, django_capture_on_commit_callbacks) -> None:
    english(world, "comms")
    client = login("comms")
    upload = SimpleUploadedFile("tweets.js", TWEETS_JS.encode(), content_type="application/javascript")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("listening_import_x"), {"file": upload})
    assert response.status_code == 302, page(response)
    assert Mention.objects.filter(source__kind="x_archive", platform="x").count() == 2
    assert "Import “tweets.js” done: 2 new mentions" in page(client.get(response["Location"]))
    stream = client.get(reverse("listening_stream")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in stream and "<script>alert(1)" not in stream


def test_a_file_that_is_not_an_x_archive_fails_and_says_why(
    login, world, django_capture_on_commit_callbacks
) -> None:
    english(world, "comms")
    client = login("comms")
    upload = SimpleUploadedFile("notes.js", b"console.log('hello')", content_type="application/javascript")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("listening_import_x"), {"file": upload})
    assert response.status_code == 302
    assert MentionImport.objects.get().status == "failed"
    text = page(client.get(response["Location"]))
    assert 'id="import-errors"' in text and "Nothing was imported" in text
    assert not Mention.objects.exists() and not Source.objects.exists()


def test_a_mention_is_added_by_hand_and_shown_in_the_stream(login, world) -> None:
    english(world, "comms")
    client = login("comms")
    response = client.post(
        reverse("listening_mention_new"),
        {
            "text": "Dans le groupe privé des alternants : personne ne sait qui contacter pour le tutorat ?",
            "url": "",
            "author": "Groupe Facebook",
            "venue": "Alternants Lyon (groupe privé)",
            "platform": "facebook",
            "published_at": "2026-03-01T10:30",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("listening_stream")
    mention = Mention.objects.get()
    assert (mention.source.kind, mention.venue, mention.author_name) == (
        "manual",
        "Alternants Lyon (groupe privé)",
        "Groupe Facebook",
    )
    text = page(client.get(reverse("listening_stream")))
    assert "Mention added to the stream." in text and "personne ne sait qui contacter" in text


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "Vu ailleurs", "url": "javascript:alert(1)"}, "url"),
        ({"text": "Vu ailleurs", "published_at": "2999-01-01T10:00"}, "published_at"),
        ({"text": "Vu ailleurs", "published_at": "hier"}, "published_at"),
    ],
)
def test_a_mention_by_hand_with_a_bad_value_names_the_field(login, world, values, field) -> None:
    english(world, "comms")
    response = login("comms").post(reverse("listening_mention_new"), values)
    assert response.status_code == 400
    text = page(response)
    block = text[text.index(f'for="id_{field}"') : text.index("</div>", text.index(f'for="id_{field}"'))]
    assert 'class="field-error"' in block
    assert not Mention.objects.exists()


def test_a_table_is_written_in_chunks_that_report_their_progress(world, monkeypatch) -> None:
    from ambassade.listening import services

    monkeypatch.setattr(services, "IMPORT_CHUNK", 2)
    steps: list[tuple[int, int]] = []
    report = services.mentions_import_table(
        membership=Membership.objects.get(user=world.users["comms"]),
        source_name="Revue",
        data=PRESS_CSV,
        mapping={"text": "Texte", "author": "Auteur"},
        filename="presse.csv",
        progress=lambda done, total: steps.append((done, total)),
    )
    assert steps == [(2, 3), (3, 3)] and report.created == 3


def test_an_import_appears_in_its_authors_personal_data_and_is_anonymised_on_erasure(world) -> None:
    from ambassade.listening import personal_data

    mention_import = MentionImport.objects.create(
        organisation=world.organisation,
        created_by=world.users["comms"],
        kind=MentionImport.Kind.TABLE,
        filename="presse.csv",
    )
    person = Membership.objects.get(user=world.users["comms"]).person
    assert person is not None
    assert personal_data._imports_export(person)[0]["imported_file"] == "presse.csv"
    assert personal_data._imports_erase(person) == 1
    mention_import.refresh_from_db()
    assert mention_import.created_by is None
