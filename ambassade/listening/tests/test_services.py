"""Sources checked by their connector and audited; mentions added by hand and imported (CSV, X archive)
keeping their venue; the listening settings; retention; the data of mentions' authors and of members."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from ambassade.core.models import AuditEvent
from ambassade.core.personal_data import person_data_erase, person_data_export, unregistered_personal_models
from ambassade.listening import periodic
from ambassade.listening.labelling import label_correct
from ambassade.listening.models import LabelCorrection, Mention, Source
from ambassade.listening.services import (
    listening_settings_update,
    mention_add_manual,
    mention_author_data_erase,
    mention_author_data_export,
    mentions_import_table,
    mentions_import_x_archive,
    source_create,
    source_update,
)
from ambassade.listening.tests.support import (
    FakeConnector,
    encoder_hashing,
    fake_connector,
    mention_make,
    source_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _hashing(settings) -> None:
    encoder_hashing(settings)


@pytest.fixture
def fake() -> Iterator[FakeConnector]:
    yield from fake_connector("bluesky_search")


@pytest.fixture
def membership(world):
    return world.users["comms"].membership


def test_a_source_is_checked_by_its_connector_and_audited(world, membership, fake) -> None:
    def validate(config):
        if not config.get("query"):
            raise ValidationError({"query": "Enter what to search for."})
        return {"query": config["query"].strip()}

    fake.config_validate = validate
    with pytest.raises(ValidationError) as caught:
        source_create(membership=membership, name="Bluesky", kind="bluesky_search", config={})
    assert "query" in caught.value.message_dict
    source = source_create(
        membership=membership,
        name="Bluesky",
        kind="bluesky_search",
        config={"query": " région "},
        secret="app-pw",
    )
    assert source.config == {"query": "région"} and source.next_fetch_at is not None
    assert source.created_by == membership.user and source.organisation == world.organisation
    event = AuditEvent.objects.get(action="listening.source_create")
    assert "app-pw" not in json.dumps(event.changes)


def test_a_source_that_needs_a_secret_says_so(world, membership, fake) -> None:
    fake.secret_required = True
    with pytest.raises(ValidationError) as caught:
        source_create(membership=membership, name="Bluesky", kind="bluesky_search", config={})
    assert "secret" in caught.value.message_dict


def test_a_bad_query_or_kind_is_named(world, membership) -> None:
    with pytest.raises(ValidationError) as caught:
        source_create(membership=membership, name="X", kind="manual", query="(emploi OR stage")
    assert "query" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        source_create(membership=membership, name="X", kind="carrier-pigeon")
    assert "kind" in caught.value.message_dict


def test_changing_a_source_s_address_starts_it_afresh(world, membership, fake) -> None:
    source = source_make(
        world.organisation, kind="bluesky_search", config={"query": "a"}, etag="x", error_count=3
    )
    source_update(membership=membership, source=source, config={"query": "b"}, competitor_name="Val-Clair")
    source.refresh_from_db()
    assert (source.etag, source.error_count, source.competitor, source.competitor_name) == (
        "",
        0,
        True,
        "Val-Clair",
    )
    assert AuditEvent.objects.filter(action="listening.source_update").exists()


def test_a_mention_added_by_hand_keeps_where_it_was_read(world, membership) -> None:
    mention = mention_add_manual(
        membership=membership,
        text="Dans le groupe des agents : quelqu'un sait si les primes seront versées en décembre ?",
        author="Un agent",
        venue="Groupe Facebook privé",
        platform="facebook",
    )
    assert (mention.venue, mention.platform, mention.author_name, mention.source.kind) == (
        "Groupe Facebook privé", "facebook", "Un agent", "manual"
    )  # fmt: skip
    assert mention.intent == "question" and mention.tier == "immediate"
    second = mention_add_manual(membership=membership, text="Autre chose lu ailleurs, sans lien")
    assert second.source == mention.source


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"text": "  "}, "text"),
        ({"text": "ok", "url": "javascript:alert(1)"}, "url"),
        ({"text": "ok", "published_at": timezone.now() + timedelta(days=2)}, "published_at"),
    ],
)
def test_a_bad_manual_mention_is_refused_naming_the_field(world, membership, values, field) -> None:
    with pytest.raises(ValidationError) as caught:
        mention_add_manual(membership=membership, **values)
    assert field in caught.value.message_dict and not Mention.objects.exists()


def test_a_csv_import_becomes_a_source_of_its_own(world, membership) -> None:
    data = (
        "Texte;Lien;Auteur;Date;Site\n"
        "Très bonne ambiance dans l'équipe;https://www.glassdoor.fr/Avis/1;Anonyme;14/03/2026;glassdoor.fr\n"
        "Entretien long mais bienveillant;https://www.glassdoor.fr/Avis/2;Anonyme;15/03/2026;glassdoor.fr\n"
    ).encode("cp1252")
    mapping = {"text": "Texte", "url": "Lien", "author": "Auteur", "published_at": "Date", "venue": "Site"}
    report = mentions_import_table(
        membership=membership, source_name="Avis employeurs", data=data, mapping=mapping, filename="avis.csv"
    )
    assert report.created == 2
    source = Source.objects.get(kind="table")
    assert source.name == "Avis employeurs" and source.items_total == 2
    assert set(Mention.objects.values_list("venue", flat=True)) == {"glassdoor.fr"}
    again = mentions_import_table(
        membership=membership, source_name="Avis employeurs", data=data, mapping=mapping, filename="avis.csv"
    )
    assert again.created == 0 and Mention.objects.count() == 2
    assert AuditEvent.objects.filter(action="listening.import").count() == 2


def test_an_x_archive_import_keeps_the_posts_venue(world, membership) -> None:
    data = b"""window.YTD.tweets.part0 = [ { "tweet" : {
      "id_str" : "1790000000000000001", "full_text" : "Quelqu'un a deja passe un entretien a la Region ?",
      "created_at" : "Tue May 14 09:30:00 +0000 2024", "favorite_count" : "3", "retweet_count" : "1",
      "lang" : "fr"
    } } ]"""
    report = mentions_import_x_archive(membership=membership, data=data, filename="tweets.js")
    assert report.created == 1
    mention = Mention.objects.get()
    assert mention.platform == "x" and mention.source.kind == "x_archive" and mention.intent == "question"


def test_a_bad_x_archive_is_refused_with_a_message(world, membership) -> None:
    with pytest.raises(ValidationError):
        mentions_import_x_archive(membership=membership, data=b"not javascript", filename="tweets.js")
    assert not Mention.objects.exists()


def test_listening_settings_are_checked(world, membership) -> None:
    row = listening_settings_update(
        membership=membership, spike_factor=3, alert_emails="a@example.org\nb@example.org"
    )
    assert row.alert_email_list() == ["a@example.org", "b@example.org"]
    with pytest.raises(ValidationError) as caught:
        listening_settings_update(membership=membership, alert_emails="pas une adresse")
    assert "alert_emails" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        listening_settings_update(membership=membership, author_retention_days=1000)
    assert "author_retention_days" in caught.value.message_dict


def test_retention_deletes_old_mentions_and_blanks_authors_sooner(world, membership) -> None:
    listening_settings_update(membership=membership, retention_days=100, author_retention_days=30)
    source = source_make(world.organisation)
    now = timezone.now()
    old = mention_make(source, "Très ancien avis", published_at=now - timedelta(days=120), author_name="A")
    middle = mention_make(
        source, "Avis de cet été", published_at=now - timedelta(days=60), author_handle="@b"
    )
    recent = mention_make(source, "Avis récent", published_at=now - timedelta(days=2), author_name="C")
    other = mention_make(
        source_make(world.foreign_organisation), "Ailleurs", published_at=now - timedelta(days=120)
    )
    periodic.mentions_retention()
    assert not Mention.objects.filter(pk=old.pk).exists()
    middle.refresh_from_db()
    assert (middle.author_name, middle.author_handle) == ("", "")
    assert Mention.objects.get(pk=recent.pk).author_name == "C"
    assert Mention.objects.filter(pk=other.pk).exists()  # the default retention is a year


def test_an_author_s_mentions_are_exported_and_erased_by_handle_or_url(world, membership) -> None:
    source = source_make(world.organisation)
    mine = mention_make(source, "Mon avis sur les stages", author_handle="@camille@mastodon.social")
    mention_make(source, "Mon autre avis", author_url="https://mastodon.social/@camille")
    mention_make(source, "Quelqu'un d'autre", author_handle="@dominique")
    label_correct(membership=membership, mention=mine, task="sentiment", label="positive")
    exported = mention_author_data_export(organisation=world.organisation, handle="camille@mastodon.social")
    assert [row["text"] for row in exported] == ["Mon avis sur les stages"]
    both = mention_author_data_export(
        organisation=world.organisation,
        handle="@camille@mastodon.social",
        url="https://mastodon.social/@camille",
    )
    assert len(both) == 2
    assert (
        mention_author_data_export(organisation=world.foreign_organisation, handle="@camille@mastodon.social")
        == []
    )
    erased = mention_author_data_erase(
        organisation=world.organisation,
        handle="@camille@mastodon.social",
        url="https://mastodon.social/@camille",
    )
    assert erased == 2 and Mention.objects.count() == 1 and not LabelCorrection.objects.exists()
    with pytest.raises(ValidationError):
        mention_author_data_export(organisation=world.organisation)


@pytest.mark.parametrize(
    "values", [{"handle": "@"}, {"handle": " @ "}, {"url": "/"}, {"handle": "@", "url": " "}]
)
def test_an_empty_handle_or_address_never_matches_the_mentions_without_author(world, values) -> None:
    mention_make(source_make(world.organisation), "Un avis sans auteur")
    with pytest.raises(ValidationError):
        mention_author_data_erase(organisation=world.organisation, **values)
    assert Mention.objects.count() == 1


def test_an_author_s_profile_is_found_with_or_without_its_final_slash(world) -> None:
    source = source_make(world.organisation)
    mention_make(source, "Premier avis", author_url="https://mastodon.social/@camille")
    mention_make(
        source_make(world.organisation, name="Autre"),
        "Premier avis",
        author_url="https://mastodon.social/@camille/",
    )
    exported = mention_author_data_export(
        organisation=world.organisation, url="https://mastodon.social/@camille/"
    )
    assert len(exported) == 2  # across sources, duplicates included


def test_the_author_data_command_names_a_bad_argument(world) -> None:
    with pytest.raises(CommandError, match="--handle"):
        call_command("listening_author_data", "export", organisation=world.organisation.slug, handle="@")
    with pytest.raises(CommandError, match="nope"):
        call_command("listening_author_data", "export", organisation="nope", handle="@zoe")


def test_the_author_data_command_exports_and_erases(world) -> None:
    mention_make(source_make(world.organisation), "Un avis", author_handle="@zoe")
    out = io.StringIO()
    call_command(
        "listening_author_data", "export", organisation=world.organisation.slug, handle="@zoe", stdout=out
    )
    assert json.loads(out.getvalue())[0]["text"] == "Un avis"
    out = io.StringIO()
    call_command(
        "listening_author_data",
        "erase",
        organisation=world.organisation.slug,
        handle="zoe",
        yes=True,
        stdout=out,
    )
    assert json.loads(out.getvalue()) == {"mentions_deleted": 1}


def test_members_data_covers_sources_they_made_and_labels_they_gave(world, membership) -> None:
    assert not [label for label in unregistered_personal_models() if label.startswith("listening.")]
    source = source_make(world.organisation, created_by=membership.user)
    mention = mention_make(source, "Un avis sur le télétravail")
    label_correct(membership=membership, mention=mention, task="sentiment", label="neutral")
    person = world.people["comms"]
    exported = person_data_export(person=person)
    assert exported["listening.Source"][0]["created_source"] == source.name
    assert exported["listening.LabelCorrection"][0]["label"] == "neutral"
    person_data_erase(person=person)
    assert Source.objects.get(pk=source.pk).created_by is None
    assert LabelCorrection.objects.get().corrected_by is None
