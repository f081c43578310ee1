"""The administrator's desk lists the units that can receive reports or complaints but have nobody to take them."""

from __future__ import annotations

from typing import Any

from feedback.selectors.staffing import unstaffed_units
from firesvc.accounts.roles import Role
from firesvc.core.desks import register


@register
def unstaffed_units_desk_panel(*, user: Any, role: str) -> dict[str, Any]:
    return {"unstaffed_units": unstaffed_units()} if role == Role.ADMINISTRATOR else {}
