"""Export or erase what listening keeps about a mention's author (someone outside the organisation)."""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ambassade.listening.services import mention_author_data_erase, mention_author_data_export
from ambassade.orgs.models import Organisation


class Command(BaseCommand):
    help = "Export (as JSON) or erase the mentions of one author, found by handle or profile address."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("--organisation", required=True, help="the organisation's short name (slug)")
        parser.add_argument("--handle", default="", help="the author's handle, e.g. @camille@mastodon.social")
        parser.add_argument("--url", default="", help="the address of the author's profile")
        parser.add_argument("--yes", action="store_true", help="erase without asking for confirmation")

    def handle(
        self, *args: Any, action: str, organisation: str, handle: str, url: str, yes: bool, **options: Any
    ) -> None:
        found = Organisation.objects.filter(slug=organisation).first()
        if found is None:
            raise CommandError(
                f"No organisation with the short name {organisation!r}. / "
                f"Aucune organisation avec le nom court {organisation!r}."
            )
        if not handle.strip().lstrip("@").strip() and not url.strip().rstrip("/"):
            raise CommandError("Give --handle or --url. / Indiquez --handle ou --url.")
        try:
            if action == "export":
                data = mention_author_data_export(organisation=found, handle=handle, url=url)
                self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
                return
            if not yes and input("Erase this author's mentions? Type 'yes': ").strip() != "yes":
                raise CommandError("Not erased. / Rien n'a été effacé.")
            deleted = mention_author_data_erase(organisation=found, handle=handle, url=url)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(json.dumps({"mentions_deleted": deleted}))
