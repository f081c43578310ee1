"""Without database access (pure unit tests elsewhere, scripts) the calendar still answers."""

from __future__ import annotations

from datetime import date

import pytest

from firesvc import workdays

pytestmark = pytest.mark.usefixtures("fresh_calendar")


def test_without_a_database_the_package_calendar_is_used() -> None:
    assert workdays.add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert not workdays.is_workday(date(2027, 1, 1))  # provisional: the statutory 元旦, a Friday
    assert workdays.is_workday(date(2027, 1, 4))  # provisional: an ordinary Monday
    assert workdays.is_provisional(date(2027, 1, 1))
