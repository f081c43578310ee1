"""Fixtures of the statistics tests: the approvals world is reused."""

from tests.approvals.conftest import approvals_world  # noqa: F401
