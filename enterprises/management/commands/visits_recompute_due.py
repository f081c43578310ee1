"""Repair the visit schedules and every enterprise's ``next_visit_due`` (E3), e.g. after loading visits or
enterprises in bulk or editing rows by hand. Safe to run at any time; the result depends only on the data."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from enterprises.services.visits import RECOMPUTE_CHUNK, visit_due_recompute, visit_schedule_refresh


class Command(BaseCommand):
    help = "Recompute the visit schedules and the next visit due of every enterprise (in chunks)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--chunk-size", type=int, default=RECOMPUTE_CHUNK)
        parser.add_argument("--due-only", action="store_true",
                            help="keep the schedules (last and planned visit); recompute the due dates only")

    def handle(self, *args: Any, chunk_size: int, due_only: bool, **options: Any) -> None:
        started = time.perf_counter()
        with transaction.atomic():
            if not due_only:
                visit_schedule_refresh(recompute_due=False)
            written = visit_due_recompute(chunk_size=chunk_size)
        self.stdout.write(f"next visit due recomputed for {written} enterprises in "
                          f"{time.perf_counter() - started:.1f} s")
