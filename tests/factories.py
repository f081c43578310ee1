"""Factories shared by the tests of every app: the kernel's and the enterprises' (per-app modules hold them).

``tests/firesvc/factories.py``: units and people; ``tests/enterprises/factories.py``: enterprises and their
accounts; ``tests/approvals/factories.py`` and ``tests/feedback/factories.py``: each app's records.
"""

from __future__ import annotations

from tests.enterprises.factories import EnterpriseAccountFactory, EnterpriseFactory, enterprise_user
from tests.firesvc.factories import PASSWORD, OrgUnitFactory, UserFactory, staff, unit_chain

__all__ = ["PASSWORD", "EnterpriseAccountFactory", "EnterpriseFactory", "OrgUnitFactory", "UserFactory",
           "enterprise_user", "staff", "unit_chain"]
