"""Load the demo data set (DOMAIN.md C10). Idempotent: run it as often as you like."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from firesvc.core.demo_steps import demo_steps


class Command(BaseCommand):
    help = "Create or refresh the demo detachments (沈阳, 锦州, 朝阳), people and records."

    def handle(self, *args: Any, **options: Any) -> None:
        # Each app declares its steps in its ``demo_steps.py``; each step is idempotent.
        for step in demo_steps():
            with transaction.atomic():
                result = step.run()
            self.stdout.write(f"{step.name}: {result if isinstance(result, int) else 'ok'}")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Password of every demo user: DEMO_PASSWORD "
                                             "(default firesvc-demo)."))
