from pathlib import Path
from django.utils import translation
from ambassade.orgs.importing import people_import_plan

FILES = Path(__file__).parent / "files"

def test_scratch(world):
    with translation.override("en"):
        for name in sorted(FILES.iterdir()):
            plan = people_import_plan(organisation=world.organisation, data=name.read_bytes(), filename=name.name)
            print("==", name.name, plan.counts, plan.encoding, repr(plan.delimiter), plan.columns, plan.ignored_columns)
            for issue in plan.issues: print("  E", issue.text)
            for issue in plan.warnings: print("  W", issue.text)
            for c in plan.creates[:3]: print("  C", c.as_record(), c.manager_hr_id)
