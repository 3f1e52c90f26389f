import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ambassade.core.audit import audit_record
from ambassade.core.personal_data import person_data_erase, person_data_export
from ambassade.orgs.models import Person


class Command(BaseCommand):
    help = "Export (as JSON) or erase everything ambassade holds about one person."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("--person", type=int, required=True, help="the person's id (see the people page)")
        parser.add_argument("--yes", action="store_true", help="erase without asking for confirmation")

    def handle(self, *args: Any, action: str, person: int, yes: bool, **options: Any) -> None:
        try:
            subject = Person.objects.get(pk=person)
        except Person.DoesNotExist as error:
            raise CommandError(
                f"No person with id {person}. / Aucune personne avec l'identifiant {person}."
            ) from error
        if action == "export":
            data = person_data_export(person=subject)
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str))
            return
        if not yes and input(f"Erase all data about person {person}? Type 'yes': ").strip() != "yes":
            raise CommandError("Not erased. / Rien n'a été effacé.")
        counts = person_data_erase(person=subject)
        audit_record(
            actor=None,
            action="person.erase",
            organisation=subject.organisation,
            target=subject,
            changes={"rows": counts},
        )
        self.stdout.write(json.dumps(counts, indent=2))
