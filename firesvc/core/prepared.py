"""Statements prepared once per PostgreSQL session, then only executed (``PREPARE`` / ``EXECUTE``).

For a statement whose parsing and planning cost as much as running it (the worklist's page, the
dashboard's live counts), ``fetch_prepared`` prepares it the first time a database session runs it
and afterwards sends only ``EXECUTE name(values)``. With parameters, PostgreSQL plans the first five
executions for their values and then keeps one generic plan when it costs no more: write a page's
``LIMIT`` as a literal, so that the generic plan still knows how few rows are wanted.

What a session holds is remembered per psycopg connection (a reconnect starts afresh). An
``EXECUTE`` that fails because the session lost the statement (``DEALLOCATE ALL``, a pooler in
transaction mode handing out another session) prepares it again, once, when no transaction is
open; inside one the error is raised, and the next call prepares afresh. Does not work behind
pgbouncer in transaction pooling mode: use session mode, or leave ``prepares`` false there.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import weakref
from collections.abc import Iterator, Sequence
from typing import Any

from django.db import DatabaseError

# psycopg connection (one PostgreSQL session) -> {statement's SQL: the name it is prepared under}.
_PREPARED: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()
_NAMES = itertools.count(1)
MAX_PER_SESSION = 64  # distinct statements a session keeps; past it, they are let go and prepared anew
UNDEFINED_PREPARED_STATEMENT = "26000"  # SQLSTATE invalid_sql_statement_name


def prepares(connection: Any) -> bool:
    """Whether ``connection`` prepares statements this way (PostgreSQL with client-side binding)."""
    return connection.vendor == "postgresql" and not connection.settings_dict.get("OPTIONS", {}).get(
        "server_side_binding")


def fetch_prepared(connection: Any, sql: str, params: Sequence[Any] = (), *, family: str,
                   replaces_family: bool = False) -> list[tuple[Any, ...]]:
    """The rows of ``sql``, prepared in this database session on first use and executed afterwards.

    ``sql`` takes its values as ``$1`` … ``$n`` (PostgreSQL infers their types from where they
    stand) and writes a literal ``%`` as ``%%`` when it has values, as for ``cursor.execute``.
    ``family`` starts the statement's name; with ``replaces_family`` a new statement of the family
    lets the session's older ones go (a statement that holds today's date, say).
    """
    if not prepares(connection):
        raise ValueError("fetch_prepared needs PostgreSQL with client-side binding")
    connection.ensure_connection()
    session = connection.connection
    try:
        return _fetch(connection, session, sql, params, family, replaces_family)
    except DatabaseError as error:
        _PREPARED.pop(session, None)
        lost = getattr(getattr(error, "__cause__", None), "pgcode", None) == UNDEFINED_PREPARED_STATEMENT
        if not lost or connection.in_atomic_block:
            raise
        return _fetch(connection, session, sql, params, family, replaces_family)


@contextlib.contextmanager
def _cursor(connection: Any) -> Iterator[Any]:
    """A cursor for one statement. Django's own when something watches the statements (the query log
    of DEBUG or of a test counting queries, an ``execute_wrapper``); else the driver's cursor, inside
    the same translation of errors and the same refusal to run in a broken transaction that Django's
    wrapper gives: the wrapper's other bookkeeping cost the worklist's statement 13 of its 112 µs of client
    time (Python, in a loop). A monitoring tool sees the statement if it installs an
    ``execute_wrapper`` or instruments the driver, not if it patches Django's ``CursorWrapper``."""
    if connection.queries_logged or connection.execute_wrappers:
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.validate_no_broken_transaction()
    with connection.wrap_database_errors:
        cursor = connection.create_cursor()
        try:
            yield cursor
        finally:
            cursor.close()


def _fetch(connection: Any, session: Any, sql: str, params: Sequence[Any], family: str,
           replaces_family: bool) -> list[tuple[Any, ...]]:
    prepared = _PREPARED.setdefault(session, {})
    values = ", ".join(["%s"] * len(params))
    arguments = f"({values})" if params else ""
    with _cursor(connection) as cursor:
        name = prepared.get(sql)
        if name is not None:
            cursor.execute(f"EXECUTE {name}{arguments}", list(params) or None)
        else:
            if replaces_family:
                stale = [key for key, old in prepared.items() if old.startswith(f"{family}_")]
            else:
                stale = list(prepared) if len(prepared) >= MAX_PER_SESSION else []
            release = "".join(f"DEALLOCATE {prepared.pop(key)}; " for key in stale)
            name = f"{family}_{os.getpid()}_{next(_NAMES)}"
            cursor.execute(f"{release}PREPARE {name} AS {sql}; EXECUTE {name}{arguments}", list(params) or None)
            prepared[sql] = name
        while cursor.description is None and cursor.nextset():  # psycopg 3: one result per statement
            pass
        return cursor.fetchall()
