"""Statements prepared once per PostgreSQL session (firesvc.core.prepared)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, DataError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from firesvc.core import prepared

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
SQL = "SELECT $1::int + $2::int, '%%'"  # a literal % is written %% when the statement has values


def _held() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements ORDER BY prepare_time, name")
        return [row[0] for row in cursor.fetchall()]


@postgresql_only
def test_a_statement_is_prepared_once_then_only_executed(new_session) -> None:
    with CaptureQueriesContext(connection) as first:
        assert prepared.fetch_prepared(connection, SQL, [2, 3], family="t") == [(5, "%")]
    with CaptureQueriesContext(connection) as second:
        assert prepared.fetch_prepared(connection, SQL, [4, 5], family="t") == [(9, "%")]

    assert "PREPARE t_" in first.captured_queries[0]["sql"]
    assert second.captured_queries[0]["sql"].startswith("EXECUTE t_")
    assert len(_held()) == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)  # outside a transaction, as a request is
def test_a_statement_the_session_lost_is_prepared_again(new_session) -> None:
    prepared.fetch_prepared(connection, SQL, [1, 1], family="t")
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # as a pooler handing out another session would

    assert prepared.fetch_prepared(connection, SQL, [2, 2], family="t") == [(4, "%")]


@postgresql_only
def test_inside_a_transaction_a_lost_statement_is_an_error_and_the_next_call_prepares_it(new_session) -> None:
    prepared.fetch_prepared(connection, SQL, [1, 1], family="t")
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")

    with pytest.raises(DatabaseError), transaction.atomic():
        prepared.fetch_prepared(connection, SQL, [2, 2], family="t")
    assert prepared.fetch_prepared(connection, SQL, [3, 3], family="t") == [(6, "%")]


@postgresql_only
def test_a_new_statement_of_a_replacing_family_lets_the_older_go(new_session) -> None:
    prepared.fetch_prepared(connection, "SELECT 1", family="day", replaces_family=True)
    prepared.fetch_prepared(connection, SQL, [1, 1], family="other")
    prepared.fetch_prepared(connection, "SELECT 2", family="day", replaces_family=True)

    held = _held()
    assert len(held) == 2 and sum(name.startswith("day_") for name in held) == 1


@postgresql_only
def test_a_session_keeps_a_bounded_number_of_statements(new_session, monkeypatch) -> None:
    monkeypatch.setattr(prepared, "MAX_PER_SESSION", 3)
    for n in range(7):
        assert prepared.fetch_prepared(connection, f"SELECT {n} + $1::int", [1], family="t") == [(n + 1,)]

    assert 1 <= len(_held()) <= 3


def test_other_databases_are_refused(new_session, monkeypatch) -> None:
    monkeypatch.setattr(prepared, "prepares", lambda _connection: False)
    with pytest.raises(ValueError, match="PostgreSQL"):
        prepared.fetch_prepared(connection, SQL, [1, 1], family="t")


@postgresql_only
def test_a_watched_statement_goes_through_djangos_cursor(new_session) -> None:
    seen: list[str] = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    prepared.fetch_prepared(connection, SQL, [1, 1], family="t")
    with connection.execute_wrapper(record):
        assert prepared.fetch_prepared(connection, SQL, [2, 2], family="t") == [(4, "%")]

    assert len(seen) == 1 and seen[0].startswith("EXECUTE t_")


@postgresql_only
def test_an_unwatched_statement_fails_with_djangos_error(new_session) -> None:
    assert not connection.queries_logged and not connection.execute_wrappers
    with pytest.raises(DataError) as failure, transaction.atomic():
        prepared.fetch_prepared(connection, "SELECT $1::int / $2::int", [1, 0], family="t")

    assert failure.value.__cause__.pgcode == "22012"  # division_by_zero, from the driver's error


@postgresql_only
def test_an_unwatched_statement_is_refused_in_a_broken_transaction(new_session) -> None:
    with transaction.atomic():
        with pytest.raises(DataError), transaction.atomic(savepoint=False):  # marks the outer block broken
            prepared.fetch_prepared(connection, "SELECT $1::int / $2::int", [1, 0], family="t")
        with pytest.raises(TransactionManagementError):
            prepared.fetch_prepared(connection, SQL, [1, 1], family="t")
