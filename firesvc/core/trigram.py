"""Trigram indexes for the staff search box (``firesvc.core.search``), on PostgreSQL only.

Django turns ``field__icontains`` / ``__iexact`` / ``__istartswith`` into ``UPPER("field"::text) LIKE
UPPER(%s)`` (or ``=``) on PostgreSQL; a GIN index with ``gin_trgm_ops`` over that very expression serves
them (pg_trgm: ``LIKE '%…%'`` with three characters or more, and equality; two characters:
``firesvc.core.bigrams``). The extension and the indexes are made by a migration operation that does
nothing on other databases (SQLite: ``make run`` and the unit tests search by scanning, which is fine at
their size).
"""

from __future__ import annotations

from django.db import migrations

from firesvc.core.indexes import gin_expression_indexes


def trigram_indexes(table: str, columns: list[str]) -> migrations.RunPython:
    """A migration operation creating ``pg_trgm`` and a GIN trigram index over ``UPPER(column::text)`` for
    each of ``columns`` of ``table`` on PostgreSQL (dropped again when migrating back)."""
    return gin_expression_indexes(table, columns, suffix="trgm", setup="CREATE EXTENSION IF NOT EXISTS pg_trgm",
                                  expression="(UPPER({column}::text)) gin_trgm_ops")
