import json
from typing import Any

from django.core.management.base import BaseCommand

from firesvc.sla.selectors import sla_report


class Command(BaseCommand):
    help = "Open clocks per card level and the alerts (notifications) sent."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        report = sla_report()
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, sort_keys=True))
            return
        for key, value in sorted(report.items()):
            self.stdout.write(f"{key}: {value}")
