"""`python manage.py analytics_rollup [--since YYYY-MM-DD] [--organisation SLUG]`: rebuild DailyOutcome."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from ambassade.analytics.rollup import RECENT_DAYS, outcomes_rollup
from ambassade.orgs.models import Organisation, organisation_zone


class Command(BaseCommand):
    help = "Rebuild the daily outcomes rollup (applications, introductions, hires per day and source)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since", default="", help="First day to rebuild, YYYY-MM-DD (default: 60 days ago)."
        )
        parser.add_argument("--organisation", default="", help="Only this organisation (its short name).")

    def handle(self, *args: Any, since: str, organisation: str, **options: Any) -> None:
        first: date | None = None
        if since:
            try:
                first = date.fromisoformat(since)
            except ValueError as error:
                raise CommandError(
                    _("--since must be a date written YYYY-MM-DD, not “%(value)s”.") % {"value": since}
                ) from error
        organisations = Organisation.objects.order_by("pk")
        if organisation:
            organisations = organisations.filter(slug=organisation)
            if not organisations.exists():
                raise CommandError(_("There is no organisation “%(slug)s”.") % {"slug": organisation})
        total = 0
        for org in organisations:
            end = timezone.localdate(timezone=organisation_zone(org))
            start = first or end - timedelta(days=RECENT_DAYS - 1)
            if start > end:
                raise CommandError(_("--since must not be in the future."))
            rows = outcomes_rollup(organisation=org, start=start, end=end)
            total += rows
            self.stderr.write(f"{org.slug}: {start} → {end}, {rows}")
        self.stdout.write(str(total))
