from typing import Any

from django.core.management.base import BaseCommand

from firesvc.sla.sweep import sla_sweep


class Command(BaseCommand):
    help = "Run the SLA sweep once: reminders at yellow, escalations at red."

    def handle(self, *args: Any, **options: Any) -> None:
        result = sla_sweep()
        self.stdout.write(f"yellow={result.yellow} red={result.red} notifications={result.notifications}")
