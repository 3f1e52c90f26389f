"""Every URL of the app, for every persona, against one declared policy.

A new URL pattern without a line in POLICY makes test_every_url_has_a_policy fail.
Expected statuses per persona: N anonymous, A HR admin, C comms, R recruiter, M manager,
E employee, O outsider (HR admin of another organisation: our objects must answer 404).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ambassade.testing.factories import World

PERSONAS = {
    "N": None,
    "A": "admin",
    "C": "comms",
    "R": "recruiter",
    "M": "manager",
    "E": "employee",
    "O": "outsider",
}


@dataclass(frozen=True)
class Rule:
    expected: str  # e.g. "N302 A200 C403 ..."
    method: str = "get"
    kwargs: Callable[[World], dict[str, Any]] | None = None
    data: Callable[[World], dict[str, Any]] | None = None

    def statuses(self) -> dict[str, int]:
        return {item[0]: int(item[1:]) for item in self.expected.split()}


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


# Policies that other apps' tests check with their own clients (e.g. token-authenticated API calls);
# listed here so that the walk above still accounts for every URL.
_API = "token only, checked per persona in ambassade/api/tests/"
EXTRA_POLICIES: dict[str, str] = {
    "api:api-root": "public: redirects to the docs",
    "api:openapi-json": "public: the schema (test_schema_errors_language.py)",
    "api:openapi-view": "public: the docs page (test_schema_errors_language.py)",
    **{
        f"api:{noun}_{verb}": _API
        for noun in ("entity", "department", "audience", "person")
        for verb in ("list", "get", "create", "update")
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(POLICY))
def test_each_persona_gets_what_the_policy_says(name: str, world: World, client) -> None:
    rule = POLICY[name]
    url = reverse(name, kwargs=rule.kwargs(world) if rule.kwargs else None)
    failures = []
    for letter, expected in rule.statuses().items():
        client.logout()
        persona = PERSONAS[letter]
        if persona is not None:
            client.force_login(world.users[persona])
        data = rule.data(world) if rule.data else {}
        response = client.post(url, data) if rule.method == "post" else client.get(url)
        if response.status_code != expected:
            failures.append(f"{letter}: expected {expected}, got {response.status_code}")
    assert failures == [], f"{name} ({url})"
