"""Reading patrol teams (DOMAIN.md B8): who covers a grid, and the teams a user sees."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from feedback.enums import TeamKind
from feedback.models import PatrolTeam
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit


def team_for_grid(grid: OrgUnit) -> PatrolTeam | None:
    """The community patrol (保消巡逻队) covering ``grid``, else the sub-district mobile team (巡消机动队).

    A mobile team that lists the grid wins over one that merely belongs to the grid's sub-district.
    """
    active = PatrolTeam.objects.filter(active=True)
    team = active.filter(kind=TeamKind.COMMUNITY_PATROL, grids=grid).order_by("pk").first()
    if team is not None:
        return team
    team = active.filter(kind=TeamKind.SUBDISTRICT_MOBILE, grids=grid).order_by("pk").first()
    if team is not None:
        return team
    sub = grid.ancestor_of_kind(UnitKind.SUBDISTRICT)
    if sub is None:
        return None
    return active.filter(kind=TeamKind.SUBDISTRICT_MOBILE, unit=sub).order_by("pk").first()


def patrol_teams_for(user: Any, *, kind: str = "", unit: OrgUnit | None = None) -> QuerySet[PatrolTeam]:
    teams = PatrolTeam.objects.visible_to(user).select_related("unit")
    if kind:
        teams = teams.filter(kind=kind)
    if unit is not None:
        teams = teams.filter(unit__path__startswith=unit.path)
    return teams

