from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ambassade.demo.generate import DEFAULT_PASSWORD, DemoError, demo_load


class Command(BaseCommand):
    help = "Load the demo organisation once (what `make run` does); --reset deletes it and loads it again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="delete the demo organisation and load it again"
        )
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"password of the demo accounts (default {DEFAULT_PASSWORD})",
        )

    def handle(self, *args: Any, reset: bool, password: str, verbosity: int, **options: Any) -> None:
        try:
            result = demo_load(password=password, reset=reset, progress=verbosity > 0)
        except DemoError as error:
            raise CommandError(str(error)) from error
        name = result.organisation.name
        if not result.loaded:
            self.stdout.write(
                _("The demo organisation %(name)s is already loaded; nothing to do (--reset reloads it).")
                % {"name": name}
            )
            return
        message = _(
            "Loaded the demo organisation %(name)s: %(entities)s entities, %(departments)s departments, "
            "%(people)s people, %(users)s accounts."
        )
        self.stdout.write(self.style.SUCCESS(message % {"name": name, **result.counts}))
