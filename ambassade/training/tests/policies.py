"""The permission policy of the training URLs (see ambassade/testing/permissions.py)."""

from __future__ import annotations

from ambassade.testing.permissions import Rule
from ambassade.training.tests.impact_policies import POLICY as IMPACT_POLICY

POLICY: dict[str, Rule] = {}
POLICY.update(IMPACT_POLICY)
