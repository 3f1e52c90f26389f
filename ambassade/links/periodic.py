from datetime import timedelta

from django.utils import timezone

from ambassade.core.periodic import periodic
from ambassade.links.rollups import clicks_roll_up
from ambassade.links.visitors import salts_delete_expired


@periodic(every=timedelta(minutes=1))
def clicks_rollup() -> None:
    clicks_roll_up()


@periodic(every=timedelta(hours=1))
def visitor_salts_delete() -> None:
    """No daily salt outlives 48 hours: older visitor hashes can no longer be matched to anything."""
    salts_delete_expired(now=timezone.now())
