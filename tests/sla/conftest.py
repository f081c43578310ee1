from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from firesvc import workdays
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.factories import EnterpriseFactory, staff

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    """A moment in Beijing time."""
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def rules(db):  # type: ignore[no-untyped-def]
    """The default rule sets (a flushed transactional database has lost the migration's data)."""
    load_rule_sets()
    workdays.reset_cache()


@pytest.fixture
def case(tree, rules):  # type: ignore[no-untyped-def]
    """A case in 甲's brigade with an assignee, an approver and a detachment supervisor."""
    return {
        "owner": EnterpriseFactory(brigade=tree["a"]["brigade"]),
        "unit": tree["a"]["brigade"],
        "assignee": staff(Role.REVIEWER, tree["a"]["brigade"]),
        "approver": staff(Role.APPROVER, tree["a"]["brigade"]),
        "supervisor": staff(Role.SUPERVISOR, tree["a"]["detachment"]),
        "outsider": staff(Role.APPROVER, tree["b"]["brigade"]),
    }
