import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ambassade.careers.applications import (
    candidate_applications,
    candidate_data_erase,
    candidate_data_export,
)
from ambassade.core.audit import audit_record
from ambassade.orgs.models import Organisation


class Command(BaseCommand):
    help = "Export (as JSON) or erase everything ambassade holds about a candidate, found by e-mail address."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("--email", required=True, help="the address the candidate applied with")
        parser.add_argument(
            "--organisation", help="the organisation's short name (default: every organisation)"
        )
        parser.add_argument("--yes", action="store_true", help="erase without asking for confirmation")

    def handle(
        self, *args: Any, action: str, email: str, organisation: str | None, yes: bool, **options: Any
    ) -> None:
        email = email.strip()
        if "@" not in email:
            raise CommandError(
                f"--email {email!r} is not an e-mail address. / "
                f"--email {email!r} n'est pas une adresse e-mail."
            )
        scope = self._organisation(organisation)
        if action == "export":
            data = candidate_data_export(email=email, organisation=scope)
            self.stdout.write(json.dumps({"applications": data}, indent=2, ensure_ascii=False))
            return
        applications = list(
            candidate_applications(email=email, organisation=scope).select_related("organisation")
        )
        # Even without an application, other records (pending introductions) may hold the address.
        question = (
            f"Erase everything held about {email}, including {len(applications)} application(s)? Type 'yes': "
        )
        if not yes and input(question).strip() != "yes":
            raise CommandError("Not erased. / Rien n'a été effacé.")
        erased = candidate_data_erase(email=email, organisation=scope)
        for organisation_of in {application.organisation for application in applications}:
            audit_record(
                actor=None,
                action="candidate.erase",
                organisation=organisation_of,
                changes={"applications": erased},
            )
        self.stdout.write(json.dumps({"erased": erased}))

    @staticmethod
    def _organisation(slug: str | None) -> Organisation | None:
        if slug is None:
            return None
        found = Organisation.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(f"No organisation {slug!r}. / Aucune organisation {slug!r}.")
        return found
