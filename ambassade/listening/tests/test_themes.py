"""The taxonomy edited by the team: a new theme tags new mentions by its keywords, edits are audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ambassade.core.models import AuditEvent
from ambassade.integrations import FetchedItem
from ambassade.listening.ingest import mentions_ingest
from ambassade.listening.models import Theme
from ambassade.listening.selectors import label_corrections
from ambassade.listening.services import theme_create, theme_update, themes_ensure
from ambassade.listening.tests.support import encoder_hashing, source_make
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _hashing(settings) -> None:
    encoder_hashing(settings)


def test_a_theme_added_by_the_team_tags_new_mentions_by_its_keywords(world: World) -> None:
    membership = world.users["comms"].membership
    themes_ensure(organisation=world.organisation)
    theme = theme_create(
        membership=membership,
        name_fr="Cantine",
        name_en="Canteen",
        keywords="cantine\nrestaurant d'entreprise",
    )
    source = source_make(world.organisation)
    mentions_ingest(
        source=source,
        items=[
            FetchedItem(
                external_id="1", text="La cantine du siège est vraiment excellente, bravo aux équipes"
            )
        ],
    )
    mention = source.mentions.get()
    assert theme.slug in set(mention.themes.values_list("slug", flat=True))
    assert AuditEvent.objects.filter(action="listening.theme_create").count() == 1


def test_two_themes_with_the_same_name_get_distinct_codes(world: World) -> None:
    membership = world.users["admin"].membership
    first = theme_create(membership=membership, name_fr="Mobilité", name_en="Mobility")
    second = theme_create(membership=membership, name_fr="Mobilité", name_en="Mobility")
    assert first.slug != second.slug


def test_a_theme_without_a_name_is_refused_naming_the_field(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        theme_create(membership=world.users["admin"].membership, name_fr=" ", name_en="Canteen")
    assert "name_fr" in caught.value.error_dict
    assert not Theme.objects.filter(name_en="Canteen").exists()


def test_a_theme_edit_is_audited_with_what_changed(world: World) -> None:
    membership = world.users["admin"].membership
    theme = theme_create(membership=membership, name_fr="Cantine", name_en="Canteen")
    theme_update(membership=membership, theme=theme, active=False, keywords="self")
    theme.refresh_from_db()
    assert theme.active is False and theme.keywords == "self"
    event = AuditEvent.objects.get(action="listening.theme_update")
    assert set(event.changes) == {"active", "keywords"}


def test_the_gold_set_list_is_for_the_listening_team_only(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    assert list(label_corrections(membership=world.users["comms"].membership)) == []
    with pytest.raises(PermissionDenied):
        label_corrections(membership=world.users["recruiter"].membership)
