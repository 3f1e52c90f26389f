"""Every listening screen has a line in tests/policies.py; the project-wide permission matrix
(ambassade/orgs/tests/test_permission_matrix.py) runs that table for every persona."""

from __future__ import annotations

from django.urls import get_resolver

from ambassade.listening.tests.policies import POLICY

SCREENS = sorted(name for name in POLICY if not name.startswith("api:"))


def test_every_listening_url_has_a_policy() -> None:
    from ambassade.listening import urls

    assert {pattern.name for pattern in urls.urlpatterns} == set(SCREENS)
    assert all(get_resolver().reverse_dict.getlist(name) for name in SCREENS)
