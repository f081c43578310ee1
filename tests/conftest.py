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
