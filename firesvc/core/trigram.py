"""Trigram indexes for the staff search box (``firesvc.core.search``), on PostgreSQL only.

Django turns ``field__icontains`` / ``__iexact`` / ``__istartswith`` into ``UPPER("field"::text) LIKE
UPPER(%s)`` (or ``=``) on PostgreSQL; a GIN index with ``gin_trgm_ops`` over that very expression serves
them (pg_trgm: ``LIKE '%…%'`` with three characters or more, and equality; two characters:
``firesvc.core.bigrams``). The extension and the indexes are made by a migration operation that does
nothing on other databases (SQLite: ``make run`` and the unit tests search by scanning, which is fine at
their size).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def _index_name(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"[:63]


def trigram_indexes(table: str, columns: list[str]) -> migrations.RunPython:
    """A migration operation creating ``pg_trgm`` and a GIN trigram index over ``UPPER(column::text)`` for
    each of ``columns`` of ``table`` on PostgreSQL (dropped again when migrating back)."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in columns:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(_index_name(table, column))} ON {quote(table)} "
                f"USING gin ((UPPER({quote(column)}::text)) gin_trgm_ops)")

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in columns:
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(_index_name(table, column))}")

    return migrations.RunPython(forwards, backwards, elidable=False)
