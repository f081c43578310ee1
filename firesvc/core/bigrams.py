"""Bigram indexes for the staff search box's two-character queries (``firesvc.core.search``), on PostgreSQL only.

The trigram indexes (``firesvc.core.trigram``) serve ``LIKE '%…%'`` from three characters on: pg_trgm finds no
trigram in two, so a query such as 天润 (a common length for a Chinese name) read every row of the user's scope.
A GIN index over the two-character pieces of ``UPPER(column::text)`` (``firesvc_bigrams``) finds them instead:
a text of two characters occurs in a value exactly when it is one of the value's pieces. ``BigramIContains``
is ``__icontains`` with that index condition added for a two-character text on PostgreSQL; elsewhere, and for
longer texts, it is ``__icontains``.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.models.lookups import IContains

from firesvc.core.indexes import gin_expression_indexes

FUNCTION = "firesvc_bigrams"
LENGTH = 2  # what the index serves; longer texts go to the trigram index

# IMMUTABLE, as an index expression must be; STRICT: NULL in, NULL out (no pieces).
CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION firesvc_bigrams(text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT ARRAY(SELECT DISTINCT substr($1, i, 2) FROM generate_series(1, char_length($1) - 1) AS i) $$
"""


def bigram_indexes(table: str, columns: list[str]) -> migrations.RunPython:
    """A migration operation creating ``firesvc_bigrams`` and a GIN index over the bigrams of
    ``UPPER(column::text)`` for each of ``columns`` of ``table`` on PostgreSQL (dropped again when migrating
    back; the function stays, as other tables' indexes may use it)."""
    return gin_expression_indexes(table, columns, suffix="bigram", setup=CREATE_FUNCTION,
                                  expression=f"{FUNCTION}(UPPER({{column}}::text))")


class BigramIContains(IContains):
    """``field__icontains`` that a bigram index of the field serves for a text of two characters.

    Use it as an expression: ``Q(BigramIContains(F("project_name"), "天润"))``. On PostgreSQL a text of two
    characters gets ``AND firesvc_bigrams(UPPER(field::text)) @> ARRAY[UPPER(text)]``: the same rows, found
    through the index. The ``LIKE`` stays, first: PostgreSQL estimates how many rows match from it (the
    column's statistics), and, when it walks the table in the result order instead, computes the pieces only
    for the rows that match.
    """

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        sql, params = self.as_sql(compiler, connection)
        if not (isinstance(self.rhs, str) and len(self.rhs) == LENGTH):
            return sql, params
        lhs, lhs_params = self.process_lhs(compiler, connection)  # UPPER(field::text), as the index has it
        return f"({sql} AND {FUNCTION}({lhs}) @> ARRAY[UPPER(%s)])", [*params, *lhs_params, self.rhs]
