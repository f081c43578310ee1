"""Data seeded once for a test module."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any


def seeded_for_the_module(django_db_blocker, seed: Callable[[], Any]) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """For a module-scoped fixture (``yield from``): ``seed()`` once, in a transaction open around the module's
    tests and rolled back after them; each test's savepoint inside it rolls back its own writes, as usual. A module
    whose every database test starts from the same seeded data seeds it once instead of once per test."""
    from django.core.cache import cache
    from django.db import connection, transaction

    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        seeded = seed()
        if connection.vendor == "postgresql":
            # Fire the seed's deferred foreign-key checks once here, not again at every test's teardown.
            connection.check_constraints()
        yield seeded
        transaction.set_rollback(True)
    cache.clear()
