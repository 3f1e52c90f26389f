from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ambassade.links.rollups import BATCH_SIZE, clicks_roll_up


class Command(BaseCommand):
    help = (
        "Add the clicks recorded since the last run to the dashboards' rollups (also run every minute by "
        "runperiodic). Safe to re-run, to interrupt, or to run beside another runner."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help=f"clicks per transaction ({BATCH_SIZE})"
        )

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        result = clicks_roll_up(batch_size=max(batch_size, 1))
        self.stdout.write(f"rolled up {result.clicks} clicks in {result.batches} batches")
