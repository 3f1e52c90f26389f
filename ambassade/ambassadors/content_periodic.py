"""Periodic jobs of the content side of the programme."""

from datetime import timedelta

from ambassade.ambassadors.digest import digests_send
from ambassade.core.periodic import periodic


@periodic(every=timedelta(hours=1))
def ambassador_digests_send() -> None:
    """Each enrolled ambassador's news e-mail, when their chosen frequency makes it due."""
    digests_send()
