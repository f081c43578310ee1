from __future__ import annotations

import pytest

from tests.factories import unit_chain


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


@pytest.fixture
def new_session():  # type: ignore[no-untyped-def]
    """A PostgreSQL session holding no prepared statement (firesvc.core.prepared; the test database's
    session is kept between tests). Nothing to do on other databases."""
    from django.db import connection

    from firesvc.core import prepared

    connection.ensure_connection()
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    prepared._PREPARED.pop(connection.connection, None)
    yield  # what the test prepared stays, known on both sides, as after any request
