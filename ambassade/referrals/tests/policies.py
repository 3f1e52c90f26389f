"""The permission policy of the referral and rewards URLs, gathered from each side's own table."""

from __future__ import annotations

from ambassade.referrals.tests.policies_admin import POLICY as ADMIN_POLICY
from ambassade.referrals.tests.policies_introductions import POLICY as INTRODUCTIONS_POLICY
from ambassade.rewards.tests.policies import POLICY as REWARDS_POLICY
from ambassade.testing.permissions import Rule

POLICY: dict[str, Rule] = {**INTRODUCTIONS_POLICY, **ADMIN_POLICY, **REWARDS_POLICY}
