"""Shared set-up of the visit, forum, suggestion and timeline tests (E3–E5)."""

from __future__ import annotations

from typing import Any

import pytest

from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.enterprises.factories import EnterpriseFactory, enterprise_user
from tests.firesvc.factories import staff


@pytest.fixture(name="world")
def world_fixture(tree) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """甲's brigade with an enterprise, its verified user and a reviewer; 乙 with its own enterprise and clerk."""
    load_rule_sets()
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"], name="沈阳盛京商贸有限公司")
    other = EnterpriseFactory(brigade=tree["b"]["brigade"], name="锦州海港物流有限公司")
    return {
        "tree": tree, "brigade": tree["a"]["brigade"], "enterprise": enterprise, "other": other,
        "user": enterprise_user(enterprise),
        "officer": staff(Role.REVIEWER, tree["a"]["brigade"], full_name="李建国"),
        "clerk": staff(Role.WINDOW_CLERK, tree["a"]["brigade"], full_name="王晓丽"),
        "other_officer": staff(Role.REVIEWER, tree["b"]["brigade"]),
    }
