"""Run one delivery pass over the outbox without Celery (cron, a shell, an outage)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from firesvc.notifications.delivery import outbox_deliver_due


class Command(BaseCommand):
    help = "Send the due e-mails and text messages of the notification outbox (one pass)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=100, help="At most this many messages (default 100).")

    def handle(self, *args: Any, **options: Any) -> None:
        report = outbox_deliver_due(batch=options["batch"])
        self.stdout.write(
            f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}, "
            f"released {report.released}, recovered {report.recovered}"
        )
