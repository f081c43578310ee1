"""The duty officer's home: the live list of citizen hazard reports is their whole job. A grid manager's desk
shows the QR posters of his grid or community, to print for the notice board, and the reports he sent himself
with the button to send one."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from feedback.hazard_reports.selectors import reports_by
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.roles import Role
from firesvc.core.desks import register, register_landing

register_landing(Role.DUTY_OFFICER, "hazard_reports:duty")

POSTER_KINDS = (UnitKind.COMMUNITY, UnitKind.GRID)


@register
def posters_panel(*, user: Any, role: str) -> dict[str, Any]:
    """The poster of the user's own community or grid (and of a community's grids), on his own desk."""
    unit = getattr(user, "unit", None)
    if role != Role.GRID_MANAGER or unit is None or unit.kind not in POSTER_KINDS:
        return {}
    units = [unit]
    if unit.kind == UnitKind.COMMUNITY:
        units += list(OrgUnit.objects.filter(parent=unit, kind=UnitKind.GRID).order_by("path"))
    return {"posters": [{"name": row.name, "url": reverse("hazard_reports:poster", args=[row.pk])}
                        for row in units]}


DESK_REPORTS = 5  # the latest on the desk; the rest on his list (``hazard_reports:mine``)


@register
def my_reports_panel(*, user: Any, role: str) -> dict[str, Any]:
    """A grid manager's own reports (the latest few and how many in all) and the way to send one."""
    if role != Role.GRID_MANAGER:
        return {}
    rows = reports_by(user)
    return {"my_hazard_reports": {"rows": list(rows[:DESK_REPORTS]), "count": rows.count()}}
