"""The brigades' service halls (办事大厅) as a person picks one: grouped by city (the detachment above them)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from firesvc.accounts.models import OrgUnit


@dataclass
class HallGroup:
    city: OrgUnit | None  # the detachment (支队) of a city
    halls: list[OrgUnit] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.city.name if self.city is not None else ""


def tree_position(unit: OrgUnit) -> tuple[int, ...]:
    """The ids of the unit's path as numbers: the path as text puts "/1/103/" (a city set up later) before
    "/1/2/", and "/1/2/25/" before "/1/2/3/"."""
    return tuple(int(part) for part in unit.path.strip("/").split("/") if part)


def hall_groups(halls: Iterable[OrgUnit]) -> list[HallGroup]:
    """``halls`` (brigades, their ``parent`` loaded with ``select_related``) by city, cities and halls in the
    order the tree was set up (the same order on every page, whatever the database's text ordering)."""
    groups: dict[int | None, HallGroup] = {}
    for hall in sorted(halls, key=tree_position):
        groups.setdefault(hall.parent_id, HallGroup(hall.parent)).halls.append(hall)
    return list(groups.values())
