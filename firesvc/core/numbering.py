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


def document_number(*, code: str, kind: str, year: int) -> str:
    """The next 发文字号 of a unit's documents of one kind: 代字 + kind〔year〕serial号, per GB/T 9704-2012 7.2.3
    (the year in full in 〔〕, the serial without 第 and without leading zeros): 沈铁消责改〔2026〕3号.

    ``code`` is the issuing unit's 机关代字 (``OrgUnit.document_code``). The series is the code's, per kind
    and year: a unit whose code changes starts a new one, and two units can never print the same number."""
    return f"{code}{kind}〔{year}〕{next_number(f'doc:{code}{kind}:{year}')}号"
