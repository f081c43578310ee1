from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import settings as hypothesis_settings

from tests.factories import unit_chain

# No per-example deadline: on a shared 2-core machine an example's time swings tenfold, and a
# deadline then fails a correct test ("unreliable test timings"). What is checked is the result.
hypothesis_settings.register_profile("firesvc", deadline=None)
hypothesis_settings.load_profile("firesvc")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The test database as migrated, with the role groups complete: the migrate syncs them before the permissions
    of later apps exist, and every test that made a user then synced them again (a hundred queries), rolled back."""
    from firesvc.accounts.roles import sync_role_groups

    with django_db_blocker.unblock():
        sync_role_groups()


# A statement that writes one table's rows, and the table (Django quotes names the same on SQLite and PostgreSQL).
WRITES = re.compile(r'\s*(?:INSERT(?: OR \w+)? INTO|UPDATE)\s+"(\w+)"', re.IGNORECASE)
READS = re.compile(r"\s*(?:SELECT|SAVEPOINT|RELEASE|ROLLBACK TO|PRAGMA)\b", re.IGNORECASE)


@pytest.fixture
def constraints_checked(db) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The foreign keys of the tables the test wrote are checked (on this thread's connection, which a live server
    shares on SQLite), in place of the teardown's check of every table: with the demo in the database that check
    cost more than the test (PRAGMA foreign_key_check reads every table). A delete, or a statement not read here,
    has every table checked."""
    from django.db import connection, transaction

    written: set[str] = set()
    every_table = False

    def watch(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        nonlocal every_table
        if match := WRITES.match(sql):
            written.add(match[1])
        elif not READS.match(sql):
            every_table = True
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield
    if connection.needs_rollback:
        return  # the teardown rolls back without a check
    if every_table or written:
        connection.check_constraints(table_names=None if every_table else sorted(written))
    transaction.set_rollback(True)  # checked: the teardown rolls the test back without checking every table again


@pytest.fixture
def tree(db):  # type: ignore[no-untyped-def]
    """Two detachments (甲, 乙), each with a brigade, sub-district, community and grid."""
    return {"a": unit_chain("a"), "b": unit_chain("b")}


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    """Each test starts with an empty cache: cached scopes are keyed by ids a rolled-back test reuses."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
