"""The permission policy of the training impact URLs (see ambassade/testing/permissions.py)."""

from __future__ import annotations

from ambassade.testing.permissions import Rule

POLICY: dict[str, Rule] = {}
