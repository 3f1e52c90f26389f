"""The permission policy of this app's URLs (see ambassade/testing/permissions.py)."""

from ambassade.testing.permissions import Rule

POLICY: dict[str, Rule] = {}
