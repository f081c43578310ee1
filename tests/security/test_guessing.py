"""Failed tries of a short secret lock their key in the shared cache (firesvc.security.guessing)."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone

from firesvc.security.guessing import failure_record, locked_until


def test_failure_record_locks_at_the_limit() -> None:
    for _ in range(3):
        failure_record(scope="t", value="a", limit=3, seconds=600)
    assert locked_until(scope="t", value="a") is not None


def test_failure_record_below_the_limit_does_not_lock() -> None:
    for _ in range(2):
        failure_record(scope="t", value="a", limit=3, seconds=600)
    assert locked_until(scope="t", value="a") is None


def test_locked_until_ends_with_the_window() -> None:
    for _ in range(3):
        failure_record(scope="t", value="a", limit=3, seconds=600)
    with time_machine.travel(timezone.now() + timedelta(seconds=601)):
        assert locked_until(scope="t", value="a") is None
