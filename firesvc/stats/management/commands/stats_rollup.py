from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from firesvc.stats.services import stats_rollup, stats_rollup_recent


class Command(BaseCommand):
    help = ("Roll the statistics up: every closed day not yet done and the last 45 days again (the nightly "
            "run), or the days --from … --to given (after a correction of old records).")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--from", dest="first", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="last", help="last day, YYYY-MM-DD")

    def handle(self, *args: Any, first: str | None = None, last: str | None = None, **options: Any) -> None:
        if not first and not last:
            written = stats_rollup_recent()
        else:
            first_day, last_day = parse_date(first or ""), parse_date(last or "")
            if first_day is None or last_day is None or first_day > last_day:
                raise CommandError("Give --from and --to as YYYY-MM-DD, --from not after --to.")
            written = stats_rollup(first=first_day, last=last_day)
        self.stdout.write(f"{written} daily rows written")
