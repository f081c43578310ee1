"""Document numbers (受理通知书、决定书 …): gap-free per key, safe under concurrency."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from firesvc.core.models import NumberSequence


def next_number(key: str) -> int:
    """The next number of ``key``. Call inside the transaction that uses it (a rollback frees it)."""
    with transaction.atomic():
        sequence = NumberSequence.objects.select_for_update().filter(key=key).first()
        if sequence is None:
            try:
                with transaction.atomic():
                    NumberSequence.objects.create(key=key, last=0)
            except IntegrityError:
                pass  # created concurrently; lock it below
            sequence = NumberSequence.objects.select_for_update().get(key=key)
        sequence.last += 1
        sequence.save(update_fields=["last"])
        return sequence.last
