"""The enterprise user's home (issue 22 §1): their cases and what needs their action
(``approvals.selectors.enterprise_home``), not the registry card, which stays in the bar ("My enterprise")."""

from __future__ import annotations

from firesvc.accounts.roles import Role
from firesvc.core.desks import register_landing

register_landing(Role.ENTERPRISE_USER, "approvals:my_applications")
