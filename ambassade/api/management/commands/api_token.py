"""`python manage.py api_token USERNAME [--name NAME]`: create an API token and print it (last line)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ambassade.api.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for a user and print it; it is shown only this once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The user the token acts for.")
        parser.add_argument("--name", default="", help="What the token is for (default: “command line”).")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist as error:
            raise CommandError(
                _("There is no user named “%(username)s”.") % {"username": username}
            ) from error
        try:
            token, raw = api_token_create(user=user, name=name or _("command line"))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stderr.write(
            _("Token “%(name)s” created for %(username)s. Store it now: it cannot be shown again.")
            % {"name": token.name, "username": username}
        )
        self.stdout.write(raw)
