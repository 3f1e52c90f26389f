"""The shared vocabulary of permission policies: personas, rules, and the kwargs of common objects.

Each app lists the policy of its URLs in `<app>/tests/policies.py` as `POLICY: dict[str, Rule]`;
ambassade/orgs/tests/test_permission_matrix.py walks every URL against all of them.
Expected statuses per persona: N anonymous, A HR admin, C comms, R recruiter, M manager,
E employee, O outsider (HR admin of another organisation: our objects must answer 404).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
    token: bool = False  # the JSON API: signed in with a bearer token instead of a session

    def statuses(self) -> dict[str, int]:
        return {item[0]: int(item[1:]) for item in self.expected.split()}


def api_rule(expected: str, method: str, kwargs: Callable[[World], dict[str, Any]] | None = None) -> Rule:
    as_id = (lambda world: {"id": kwargs(world)["pk"]}) if kwargs else None  # the API names it `id`
    return Rule(expected, method=method, kwargs=as_id, data=lambda w: {}, token=True)
