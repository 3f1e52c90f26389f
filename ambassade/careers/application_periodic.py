"""Periodic jobs of applications (imported by CareersConfig.ready())."""

from datetime import timedelta

from ambassade.careers.applications import application_erase_due
from ambassade.core.periodic import periodic


@periodic(every=timedelta(days=1))
def applications_erase_expired() -> None:
    """CNIL's recruitment guidance: rejected candidates 3 months after the decision, others 2 years after
    the last contact."""
    application_erase_due()
