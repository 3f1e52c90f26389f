from datetime import timedelta

from ambassade.core.periodic import periodic
from ambassade.orgs.services import people_deactivate_departed


@periodic(every=timedelta(hours=1))
def deactivate_departed_people() -> None:
    people_deactivate_departed()
