"""Every URL of the app, for every persona, against one declared policy.

A new URL pattern without a line in POLICY makes test_every_url_has_a_policy fail. The JSON API is in
the same table, signed in with a bearer token per persona.
Expected statuses per persona: N anonymous, A HR admin, C comms, R recruiter, M manager,
E employee, O outsider (HR admin of another organisation: our objects must answer 404).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ambassade.ambassadors.tests.policies import POLICY as PROGRAMME_POLICY
from ambassade.analytics.tests.policies import POLICY as ANALYTICS_POLICY
from ambassade.api.services import api_token_create
from ambassade.careers.tests.policies import POLICY as CAREERS_POLICY
from ambassade.inbox.tests.policies import POLICY as INBOX_POLICY
from ambassade.intranet.tests.policies import POLICY as INTRANET_POLICY
from ambassade.links.tests.policies import POLICY as LINKS_POLICY
from ambassade.listening.tests.policies import POLICY as LISTENING_POLICY
from ambassade.network.tests.policies import POLICY as NETWORK_POLICY
from ambassade.referrals.tests.policies import POLICY as REFERRALS_POLICY
from ambassade.reviews.tests.policies import POLICY as REVIEWS_POLICY
from ambassade.testing.factories import World
from ambassade.testing.permissions import PERSONAS, Rule, api_rule
from ambassade.training.tests.policies import POLICY as TRAINING_POLICY


def _entity(world: World) -> dict[str, Any]:
    return {"pk": world.hq.pk}


def _department(world: World) -> dict[str, Any]:
    return {"pk": world.service.pk}  # the demo manager's own department


def _audience(world: World) -> dict[str, Any]:
    return {"pk": world.audiences["agents"].pk}


def _person(world: World) -> dict[str, Any]:
    return {"pk": world.people["employee"].pk}


def _people_import(world: World) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from ambassade.orgs.models import PeopleImport

    upload = PeopleImport(organisation=world.organisation, filename="export.csv", status="previewed")
    upload.file.save("export.csv", ContentFile(b"matricule;nom;prenom\n"), save=True)
    return {"pk": upload.pk}


def _reset_link(world: World) -> dict[str, Any]:
    return {"uidb64": "Mg", "token": "set-password"}


def _api_token(world: World) -> dict[str, Any]:
    from ambassade.api.services import api_token_create

    token, _raw = api_token_create(user=world.users["employee"], name="matrix")
    return {"pk": token.pk}


PUBLIC = "N200 A200 C200 R200 M200 E200 O200"
MEMBERS_ONLY = "N302 A200 C200 R200 M200 E200 O200"
ADMIN_ONLY = "N302 A200 C403 R403 M403 E403 O200"
ADMIN_ONLY_OBJECT = "N302 A200 C403 R403 M403 E403 O404"
STRUCTURE = "N302 A200 C200 R200 M200 E403 O200"
DIRECTORY = "N302 A200 C200 R403 M403 E403 O200"

POLICY: dict[str, Rule] = {
    "home": Rule(MEMBERS_ONLY),
    "login": Rule("N200 A302 C302 R302 M302 E302 O302"),
    "logout": Rule("N302 A302 C302 R302 M302 E302 O302", method="post"),
    "password_change": Rule(MEMBERS_ONLY),
    "password_change_done": Rule(MEMBERS_ONLY),
    "language_set": Rule(
        "N302 A302 C302 R302 M302 E302 O302", method="post", data=lambda w: {"language": "en"}
    ),
    "setup": Rule("N302 A302 C302 R302 M302 E302 O302"),
    "profile": Rule(MEMBERS_ONLY),
    "entity_list": Rule(STRUCTURE),
    "entity_create": Rule(ADMIN_ONLY),
    "entity_edit": Rule(ADMIN_ONLY_OBJECT, kwargs=_entity),
    "department_list": Rule(STRUCTURE),
    "department_create": Rule(ADMIN_ONLY),
    "department_detail": Rule("N302 A200 C200 R200 M200 E403 O404", kwargs=_department),
    "department_edit": Rule(ADMIN_ONLY_OBJECT, kwargs=_department),
    "department_delete": Rule("N302 A302 C403 R403 M403 E403 O404", method="post", kwargs=_department),
    "audience_delete": Rule("N302 A302 C403 R403 M403 E403 O404", method="post", kwargs=_audience),
    "audience_list": Rule(STRUCTURE),
    "audience_create": Rule(ADMIN_ONLY),
    "audience_edit": Rule(ADMIN_ONLY_OBJECT, kwargs=_audience),
    "person_list": Rule(DIRECTORY),
    "my_record": Rule("N302 A302 C302 R302 M302 E302 O200"),
    "person_create": Rule(ADMIN_ONLY),
    "person_detail": Rule("N302 A200 C200 R404 M404 E200 O404", kwargs=_person),
    "person_edit": Rule(ADMIN_ONLY_OBJECT, kwargs=_person),
    "person_set_active": Rule(
        "N302 A302 C403 R403 M403 E403 O404", method="post", kwargs=_person, data=lambda w: {"active": "1"}
    ),
    "person_access": Rule(
        "N302 A302 C403 R403 M403 E403 O404",
        method="post",
        kwargs=_person,
        data=lambda w: {"action": "change", "role": "employee"},
    ),
    "password_reset": Rule(PUBLIC),
    "password_reset_done": Rule(PUBLIC),
    "password_reset_confirm": Rule(PUBLIC, kwargs=_reset_link),
    "password_reset_complete": Rule(PUBLIC),
    "audit_list": Rule(ADMIN_ONLY),
    "people_import_list": Rule(ADMIN_ONLY),
    "people_import_create": Rule(ADMIN_ONLY),
    "people_import_detail": Rule(ADMIN_ONLY_OBJECT, kwargs=_people_import),
    "people_import_progress": Rule(ADMIN_ONLY_OBJECT, kwargs=_people_import),
    "people_import_apply": Rule("N302 A302 C403 R403 M403 E403 O404", method="post", kwargs=_people_import),
    "api_token_create": Rule(
        "N302 A200 C200 R200 M200 E200 O200", method="post", data=lambda w: {"name": "matrix"}
    ),
    # The employee's own token: everyone else gets a 404, the employee revokes it.
    "api_token_revoke": Rule("N302 A404 C404 R404 M404 E302 O404", method="post", kwargs=_api_token),
}


# Reads are scoped like the pages; writes are for HR admins (403 before the body is read); foreign ids 404.
API_LIST = "N401 A200 C200 R200 M200 E200 O200"
API_WRITE_NEW = "N401 A422 C403 R403 M403 E403 O422"  # an empty body is invalid for an HR admin
API_WRITE_OURS = "N401 A200 C403 R403 M403 E403 O404"  # an empty PATCH changes nothing
POLICY.update(
    {
        "api:entity_list": api_rule(API_LIST, "get"),
        "api:entity_get": api_rule("N401 A200 C200 R200 M200 E200 O404", "get", _entity),
        "api:entity_create": api_rule(API_WRITE_NEW, "post"),
        "api:entity_update": api_rule(API_WRITE_OURS, "patch", _entity),
        "api:department_list": api_rule(API_LIST, "get"),
        "api:department_get": api_rule("N401 A200 C200 R200 M200 E404 O404", "get", _department),
        "api:department_create": api_rule(API_WRITE_NEW, "post"),
        "api:department_update": api_rule(API_WRITE_OURS, "patch", _department),
        "api:audience_list": api_rule(API_LIST, "get"),
        "api:audience_get": api_rule("N401 A200 C200 R200 M200 E200 O404", "get", _audience),
        "api:audience_create": api_rule(API_WRITE_NEW, "post"),
        "api:audience_update": api_rule(API_WRITE_OURS, "patch", _audience),
        "api:person_list": api_rule(API_LIST, "get"),
        "api:person_get": api_rule("N401 A200 C200 R404 M404 E200 O404", "get", _person),
        "api:person_create": api_rule(API_WRITE_NEW, "post"),
        "api:person_update": api_rule(API_WRITE_OURS, "patch", _person),
    }
)


# Each app declares the policy of its own URLs in its tests/policies.py.
POLICY.update(CAREERS_POLICY)
POLICY.update(LINKS_POLICY)
POLICY.update(PROGRAMME_POLICY)
POLICY.update(REFERRALS_POLICY)
POLICY.update(INBOX_POLICY)
POLICY.update(LISTENING_POLICY)
for _app_policy in (TRAINING_POLICY, NETWORK_POLICY, ANALYTICS_POLICY, INTRANET_POLICY, REVIEWS_POLICY):
    POLICY.update(_app_policy)


def _url_names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_a_policy() -> None:
    declared = set(POLICY) | set(EXTRA_POLICIES)
    assert _url_names(get_resolver().url_patterns) - declared == set()
    assert declared - _url_names(get_resolver().url_patterns) == set()


EXTRA_POLICIES: dict[str, str] = {
    "api:api-root": "public: redirects to the docs",
    "api:openapi-json": "public: the schema (ambassade/api/tests/test_schema_errors_language.py)",
    "api:openapi-view": "public: the docs page (ambassade/api/tests/test_schema_errors_language.py)",
}


def _request(client, rule: Rule, url: str, world: World, persona: str | None):
    client.logout()
    data = rule.data(world) if rule.data else {}
    if not rule.token:
        if persona is not None:
            client.force_login(world.users[persona])
        return client.post(url, data) if rule.method == "post" else client.get(url)
    headers = {}
    if persona is not None:
        _, secret = api_token_create(user=world.users[persona], name="matrix")
        headers["Authorization"] = f"Bearer {secret}"
    send = getattr(client, rule.method)
    if rule.method == "get":
        return send(url, headers=headers)
    return send(url, data=json.dumps(data), content_type="application/json", headers=headers)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(POLICY))
def test_each_persona_gets_what_the_policy_says(name: str, world: World, client) -> None:
    rule = POLICY[name]
    url = reverse(name, kwargs=rule.kwargs(world) if rule.kwargs else None)
    failures = []
    for letter, expected in rule.statuses().items():
        response = _request(client, rule, url, world, PERSONAS[letter])
        if response.status_code != expected:
            failures.append(f"{letter}: expected {expected}, got {response.status_code}")
    assert failures == [], f"{name} ({url})"
