from __future__ import annotations

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
