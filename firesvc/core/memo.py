"""Lookups that many pages make and whose answer changes rarely (a user's scope in the organisation
tree, the worklist's filter choices), kept in the shared cache (Django's cache API: Redis in
production), so that every web server and worker sees the same answer.

Nothing is kept in the process: a write that changes an answer drops its key with ``forget_on_commit``
and the next request, on any server, loads it afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")


def cached(key: str, seconds: int, load: Callable[[], T]) -> T:
    """The value under ``key`` in the shared cache, else ``load()`` (stored there for ``seconds``)."""
    return cache.get_or_set(key, load, seconds)


def forget(*keys: str) -> None:
    """Drop ``keys`` from the shared cache."""
    cache.delete_many(list(keys))


def forget_on_commit(*keys: str) -> None:
    """Drop ``keys`` once the current transaction commits (at once outside one): dropped before, a
    request on another server could load the old answer again and keep it until the timeout."""
    transaction.on_commit(lambda: forget(*keys))
