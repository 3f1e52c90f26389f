"""The permission policy of the programme's URLs, gathered from each side's own table."""

from __future__ import annotations

from ambassade.ambassadors.tests.policies_content import POLICY as CONTENT_POLICY
from ambassade.ambassadors.tests.policies_programme import POLICY as PROGRAMME_POLICY
from ambassade.ambassadors.tests.policies_recognition import POLICY as RECOGNITION_POLICY
from ambassade.testing.permissions import Rule

POLICY: dict[str, Rule] = {**PROGRAMME_POLICY, **CONTENT_POLICY, **RECOGNITION_POLICY}
