"""Periodic jobs of the recognition side of the programme."""

from datetime import timedelta

from ambassade.ambassadors.recognition import badges_sweep
from ambassade.ambassadors.share_clicks import share_clicks_credit
from ambassade.core.periodic import periodic


@periodic(every=timedelta(minutes=1))
def share_clicks() -> None:
    """Human clicks of ambassadors' links → daily activity, confirmed shares, first-click points, badges."""
    share_clicks_credit()


@periodic(every=timedelta(hours=1))
def badges() -> None:
    """Badges that time earns (three active months in a row) or that an event missed."""
    badges_sweep()
