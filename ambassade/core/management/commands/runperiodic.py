import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from ambassade.core.periodic import jobs, periodic_run_due


class Command(BaseCommand):
    help = "Run the periodic jobs that are due; with --loop, keep checking (what `make run` does)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep running, checking every --interval s")
        parser.add_argument("--interval", type=int, default=30, help="seconds between checks (default 30)")

    def handle(self, *args: Any, loop: bool, interval: int, **options: Any) -> None:
        if not loop:
            self._run_once()
            return
        self.stdout.write(f"runperiodic: {len(jobs)} jobs, checking every {interval} s")
        while True:
            close_old_connections()
            self._run_once()
            time.sleep(interval)

    def _run_once(self) -> None:
        for name in periodic_run_due():
            self.stdout.write(f"ran {name}")
