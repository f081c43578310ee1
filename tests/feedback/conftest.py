"""Fixtures shared by the feedback tests."""

from __future__ import annotations

from typing import Any

import pytest

from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.factories import staff


@pytest.fixture
def rating_world(tree: Any) -> dict[str, Any]:
    """A brigade with an officer, the brigade's own supervisor and a supervisor of the detachment above: the
    three sides of the rule on who may read a receipt's rating."""
    load_rule_sets()
    a = tree["a"]
    return {
        "brigade": a["brigade"],
        "officer": staff(Role.REVIEWER, a["brigade"]),
        "own_supervisor": staff(Role.SUPERVISOR, a["brigade"]),
        "supervisor_above": staff(Role.SUPERVISOR, a["detachment"]),
    }
