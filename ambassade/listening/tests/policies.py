"""The permission policy of the listening URLs (see ambassade/testing/permissions.py): HR admins and
communication officers only; another organisation's objects are 404."""

from __future__ import annotations

from typing import Any

from ambassade.testing.factories import World
from ambassade.testing.permissions import Rule, api_rule


def _source(world: World) -> Any:
    from ambassade.listening.tests.support import source_make

    return source_make(world.organisation, name="Ajoutées à la main", kind="manual", config={})


def policy_source(world: World) -> dict[str, Any]:
    """A source of the organisation (mentions added by hand: fetching it touches no network)."""
    return {"pk": _source(world).pk}


def policy_mention(world: World) -> dict[str, Any]:
    from ambassade.listening.tests.support import mention_make

    return {"pk": mention_make(_source(world), "Comment se passe l'entretien chez vous ?").pk}


def policy_alert(world: World) -> dict[str, Any]:
    from datetime import timedelta

    from django.utils import timezone

    from ambassade.listening.models import Alert

    now = timezone.now()
    alert = Alert.objects.create(
        organisation=world.organisation,
        kind=Alert.Kind.VOLUME_SPIKE,
        period_start=now - timedelta(days=1),
        period_end=now,
        day=now.date(),
        value=40,
        baseline=10,
        message_fr="Pic de mentions",
        message_en="Spike in mentions",
    )
    return {"pk": alert.pk}


def policy_import(world: World) -> dict[str, Any]:
    from ambassade.listening.models import MentionImport

    mention_import = MentionImport.objects.create(
        organisation=world.organisation,
        created_by=world.users["admin"],
        kind=MentionImport.Kind.TABLE,
        filename="presse.csv",
        source_name="Revue de presse",
        status=MentionImport.Status.DONE,
    )
    return {"pk": mention_import.pk}


def policy_theme(world: World) -> dict[str, Any]:
    from ambassade.listening.models import Theme
    from ambassade.listening.services import themes_ensure

    themes_ensure(organisation=world.organisation)
    return {"pk": Theme.objects.get(organisation=world.organisation, slug="pay").pk}


def policy_proposed_theme(world: World) -> dict[str, Any]:
    from ambassade.listening.models import Theme

    theme = Theme.objects.create(
        organisation=world.organisation,
        slug="navigo-transport",
        name_fr="navigo, transport",
        name_en="navigo, transport",
        keywords="navigo\ntransport",
        active=False,
        discovered=True,
    )
    return {"pk": theme.pk}


LISTENING = "N302 A200 C200 R403 M403 E403 O200"
LISTENING_OBJECT = "N302 A200 C200 R403 M403 E403 O404"
LISTENING_POST = "N302 A302 C302 R403 M403 E403 O302"
LISTENING_POST_OBJECT = "N302 A302 C302 R403 M403 E403 O404"
# The HR admin deletes first: the object is gone for the communication officer.
LISTENING_DELETE = "N302 A302 C404 R403 M403 E403 O404"

POLICY: dict[str, Rule] = {
    "listening_stream": Rule(LISTENING),
    "listening_stream_new": Rule(LISTENING),
    "listening_mention_new": Rule(LISTENING),
    "listening_mention_label": Rule(
        LISTENING_POST_OBJECT,
        method="post",
        kwargs=policy_mention,
        data=lambda w: {"task": "sentiment", "label": "negative"},
    ),
    "listening_source_list": Rule(LISTENING),
    "listening_source_new": Rule(LISTENING),
    "listening_source_edit": Rule(LISTENING_OBJECT, kwargs=policy_source),
    "listening_source_delete": Rule(LISTENING_DELETE, method="post", kwargs=policy_source),
    "listening_source_fetch": Rule(LISTENING_POST_OBJECT, method="post", kwargs=policy_source),
    "listening_import_table": Rule(LISTENING),
    "listening_import_x": Rule(LISTENING),
    "listening_import_status": Rule(LISTENING_OBJECT, kwargs=policy_import),
    "listening_import_progress": Rule(LISTENING_OBJECT, kwargs=policy_import),
    "listening_insights": Rule(LISTENING),
    "listening_alert_list": Rule(LISTENING),
    "listening_alerts_seen_all": Rule(LISTENING_POST, method="post"),
    "listening_alert_seen": Rule(LISTENING_POST_OBJECT, method="post", kwargs=policy_alert),
    "listening_quality": Rule(LISTENING),
    "listening_quality_retrain": Rule(LISTENING_POST, method="post"),
    "listening_theme_list": Rule(LISTENING),
    "listening_theme_new": Rule(LISTENING),
    "listening_themes_discover": Rule(LISTENING_POST, method="post"),
    "listening_theme_edit": Rule(LISTENING_OBJECT, kwargs=policy_theme),
    "listening_theme_accept": Rule(
        LISTENING_POST_OBJECT,
        method="post",
        kwargs=policy_proposed_theme,
        data=lambda w: {"name_fr": "Transports", "name_en": "Commuting"},
    ),
    "listening_theme_dismiss": Rule(LISTENING_DELETE, method="post", kwargs=policy_proposed_theme),
    "listening_settings": Rule(LISTENING),
    # The API: the listening team (HR admins, comms) only; secrets are never returned. An empty body is
    # refused (422) before any lookup, so it tells nothing about whether the mention exists.
    "api:source_list": api_rule("N401 A200 C200 R403 M403 E403 O200", "get"),
    "api:source_create": api_rule("N401 A422 C422 R403 M403 E403 O422", "post"),
    "api:source_get": api_rule("N401 A200 C200 R403 M403 E403 O404", "get", policy_source),
    "api:source_update": api_rule("N401 A200 C200 R403 M403 E403 O404", "patch", policy_source),
    "api:source_delete": api_rule("N401 A204 C404 R403 M403 E403 O404", "delete", policy_source),
    "api:mention_list": api_rule("N401 A200 C200 R403 M403 E403 O200", "get"),
    "api:mention_get": api_rule("N401 A200 C200 R403 M403 E403 O404", "get", policy_mention),
    "api:mention_label": api_rule("N401 A422 C422 R403 M403 E403 O422", "post", policy_mention),
}
