"""A database outage is a 503, also when it lies below the exception that reached the error handler."""

from __future__ import annotations

from django.db import OperationalError

from firesvc.core.views import _unavailable_part


def _raised_while_handling_an_outage() -> BaseException:
    failure = RuntimeError("cleanup failed")
    failure.__context__ = OperationalError("the database system is starting up")  # as Python sets it
    return failure


def test_an_outage_under_another_exception_is_the_database() -> None:
    assert _unavailable_part(_raised_while_handling_an_outage()) == "database"


def test_a_plain_bug_is_not_an_outage() -> None:
    assert _unavailable_part(ValueError("bug")) is None
