"""The administrator's desk warns when a year of the working-day calendar is missing."""

from __future__ import annotations

from typing import Any

from firesvc.accounts.roles import Role
from firesvc.core.desks import register
from firesvc.workcalendar.selectors import calendar_warning_for


@register
def calendar_desk_panel(*, user: Any, role: str) -> dict[str, Any]:
    return {"calendar_warning": calendar_warning_for(user)} if role == Role.ADMINISTRATOR else {}
