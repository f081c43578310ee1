from typing import Any

from django.core.management.base import BaseCommand, CommandError

from firesvc.audit.selectors import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = verify_chain()
        if broken is not None:
            raise CommandError(
                f"Audit chain broken at event #{broken.seq}: {broken.reason} ({checked} intact before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} events."))
