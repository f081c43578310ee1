"""Which units can receive hazard reports or complaints but have nobody to take them (B5, B6).

Read by the system check ``feedback.W001`` / ``feedback.W002`` and by the administrator's desk: a report
of a sub-district without a duty officer waits for the ten-minute escalation, and a complaint about a unit
with no discipline supervisor above it reaches only the administrators.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role

REPORT_UNIT_KINDS = (UnitKind.SUBDISTRICT,)  # hazard reports are filed to a sub-district
COMPLAINT_UNIT_KINDS = (UnitKind.DETACHMENT, UnitKind.BRIGADE)  # complaints name a detachment or a brigade
NO_DUTY_OFFICER = "duty_officer"
NO_SUPERVISOR = "supervisor"


@dataclass(frozen=True)
class UnstaffedUnit:
    unit: OrgUnit
    missing: str  # NO_DUTY_OFFICER or NO_SUPERVISOR
    place: str  # the names from the detachment down, as ``OrgUnit.full_name`` (without its queries)

    @property
    def problem(self) -> str:
        if self.missing == NO_DUTY_OFFICER:
            return _("receives hazard reports but has no active duty officer")
        return _("receives complaints but has no active discipline supervisor above it")


def unstaffed_units() -> list[UnstaffedUnit]:
    """Sub-districts without an active duty officer of their own; brigades and detachments for which no
    active discipline supervisor sits above (at the top of the tree: in the unit itself). Three queries."""
    membership = User.groups.through.objects.filter(
        user__is_active=True, user__unit__isnull=False, group__in=Group.objects.filter(
            name__in=[Role.DUTY_OFFICER, Role.SUPERVISOR])).values_list("user__unit_id", "group__name")
    staffed: dict[str, set[int]] = {Role.DUTY_OFFICER: set(), Role.SUPERVISOR: set()}
    for unit_id, role in membership:
        staffed[role].add(unit_id)
    found: list[UnstaffedUnit] = []
    units = list(OrgUnit.objects.filter(kind__in=[*REPORT_UNIT_KINDS, *COMPLAINT_UNIT_KINDS]).order_by("path"))
    # Their ancestors are of these kinds too, but for a province (总队) above, left out of the names.
    names = {unit.pk: unit.name for unit in units}
    for unit in units:
        place = " / ".join(names[pk] for pk in [*unit.ancestor_ids(), unit.pk] if pk in names)
        if unit.kind in REPORT_UNIT_KINDS and unit.pk not in staffed[Role.DUTY_OFFICER]:
            found.append(UnstaffedUnit(unit, NO_DUTY_OFFICER, place))
        above = unit.ancestor_ids() or [unit.pk]
        if unit.kind in COMPLAINT_UNIT_KINDS and staffed[Role.SUPERVISOR].isdisjoint(above):
            found.append(UnstaffedUnit(unit, NO_SUPERVISOR, place))
    return found
