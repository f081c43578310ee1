"""An index with non-key columns where the database has them (PostgreSQL's INCLUDE), a plain one elsewhere.

Django's own ``Index(include=...)`` gives SQLite (tests, CI's production check) a system-check warning
(models.W040), which ``check --fail-level WARNING`` refuses; SQLite would ignore the columns anyway.
"""

from __future__ import annotations

import copy
from typing import Any

from django.db import migrations, models


class CoveringIndex(models.Index):
    """``models.Index`` whose ``covering`` columns are the index's INCLUDE columns on PostgreSQL, so that a
    query reading only the key and those columns is an index-only scan."""

    def __init__(self, *args: Any, covering: tuple[str, ...] | list[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.name:
            raise ValueError("A covering index must be named.")
        self.covering = tuple(covering)

    def create_sql(self, model: Any, schema_editor: Any, using: str = "", **kwargs: Any) -> Any:
        index = self
        if self.covering and schema_editor.connection.features.supports_covering_indexes:
            index = copy.copy(self)
            index.include = self.covering
        return models.Index.create_sql(index, model, schema_editor, using=using, **kwargs)

    def deconstruct(self) -> tuple[str, Any, dict[str, Any]]:
        path, args, kwargs = super().deconstruct()
        if self.covering:
            kwargs["covering"] = self.covering
        return path, args, kwargs


def gin_expression_indexes(table: str, columns: list[str], *, suffix: str, setup: str,
                           expression: str) -> migrations.RunPython:
    """A migration operation that runs ``setup`` and creates, for each of ``columns`` of ``table``, a GIN index
    named ``<table>_<column>_<suffix>`` over ``expression`` (``{column}``: the quoted column), on PostgreSQL
    only; migrating back drops the indexes and keeps what ``setup`` made (other tables' indexes may use it)."""

    def name(column: str) -> str:
        return f"{table}_{column}_{suffix}"[:63]

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        schema_editor.execute(setup)
        for column in columns:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {quote(name(column))} ON {quote(table)} "
                                  f"USING gin ({expression.format(column=quote(column))})")

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in columns:
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name(column))}")

    return migrations.RunPython(forwards, backwards, elidable=False)
