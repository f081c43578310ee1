from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from firesvc import workdays
from firesvc.accounts.models import User
from firesvc.accounts.roles import Role
from tests.factories import UserFactory, staff


@pytest.fixture
def fresh_calendar() -> Iterator[None]:
    """Each test starts and ends without a cached calendar (a rolled-back test must not leak one)."""
    workdays.reset_cache()
    yield
    workdays.reset_cache()


@pytest.fixture
def administrator(db) -> User:  # type: ignore[no-untyped-def]
    return UserFactory(roles=[Role.ADMINISTRATOR])


@pytest.fixture
def clerk(db) -> User:  # type: ignore[no-untyped-def]
    return staff(Role.WINDOW_CLERK, None)


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in English, so assertions do not depend on the merged Chinese catalogue."""
    with translation.override("en"):
        yield
