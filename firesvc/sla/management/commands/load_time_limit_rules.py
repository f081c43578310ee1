from typing import Any

from django.core.management.base import BaseCommand

from firesvc.sla.services import load_rule_sets


class Command(BaseCommand):
    help = "Create the default time-limit rule sets (report era, current); --overwrite resets edited rules."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--overwrite", action="store_true")
        parser.add_argument("--activate", choices=["report_era", "current"])

    def handle(self, *args: Any, **options: Any) -> None:
        written = load_rule_sets(activate=options["activate"], overwrite=options["overwrite"])
        self.stdout.write(f"{written} rules written")
