from datetime import timedelta

from ambassade.core.periodic import periodic
from ambassade.orgs.importing import people_import_fail_stuck, people_import_files_purge
from ambassade.orgs.services import people_deactivate_departed


@periodic(every=timedelta(hours=1))
def deactivate_departed_people() -> None:
    people_deactivate_departed()


@periodic(every=timedelta(hours=1))
def people_imports_clean_up() -> None:
    """Uploaded HR exports are kept only until applied, and 30 days at most; stalled imports are failed."""
    people_import_fail_stuck()
    people_import_files_purge()
