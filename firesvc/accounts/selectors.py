"""Reading the organisation tree for people: who is reachable up a unit's chain (DOMAIN.md C1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role


@dataclass(frozen=True)
class Reached:
    """The first unit up a chain with someone of the wanted roles, and those people (``unit`` None: nobody)."""

    unit: OrgUnit | None
    people: list[User] = field(default_factory=list)


def people_with_roles(*, unit_ids: Sequence[int], roles: Sequence[str]) -> list[User]:
    """Active users working in one of ``unit_ids`` who hold one of ``roles``, by primary key."""
    return list(User.objects.filter(is_active=True, unit_id__in=list(unit_ids), groups__name__in=list(roles))
                .select_related("unit").distinct().order_by("pk"))


def nearest_with_roles(*, unit: OrgUnit, roles: Sequence[str], include_self: bool = True) -> Reached:
    """Climb from ``unit`` (or from its parent) to the top of the tree and stop at the first unit where at
    least one active user holds one of ``roles``. Two queries whatever the depth."""
    chain = ([unit.pk] if include_self else []) + list(reversed(unit.ancestor_ids()))
    people = people_with_roles(unit_ids=chain, roles=roles)
    for unit_id in chain:
        here = [person for person in people if person.unit_id == unit_id]
        if here:
            return Reached(unit=here[0].unit, people=here)
    return Reached(unit=None)


def administrators() -> list[User]:
    """The active administrators (superusers or the administrator role): told when no one else can be."""
    return list(User.objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(groups__name=Role.ADMINISTRATOR))
                .distinct().order_by("pk"))


# A point farther than this from every community centre (and in no boundary) is out of every jurisdiction.
NEAREST_CENTRE_MAX_METRES = 3000.0


def places_are_mapped() -> bool:
    """Whether any grid or community has a stored boundary or centre (else no point can be placed)."""
    return OrgUnit.objects.filter(Q(boundary__isnull=False) | Q(centre_latitude__isnull=False)).exists()


def place_at_point(*, latitude: float, longitude: float) -> OrgUnit | None:
    """The grid (else community) whose stored boundary contains the point; where no boundary does, the
    community with the nearest stored centre among those whose grids are not all bounded, within
    ``NEAREST_CENTRE_MAX_METRES``. ``None``: the point is in no jurisdiction. Two queries; the geometry
    in plain Python (``firesvc.geo``)."""
    from firesvc.accounts.enums import UnitKind
    from firesvc.geo import contains, distance_metres

    bounded = list(OrgUnit.objects.filter(kind__in=[UnitKind.GRID, UnitKind.COMMUNITY], boundary__isnull=False)
                   .order_by("-depth", "path"))  # grids (deeper) before communities
    for unit in bounded:
        if contains(unit.boundary, latitude=latitude, longitude=longitude):
            return unit
    grids_by_community: dict[int, list[bool]] = {}
    for parent_id, has_boundary in OrgUnit.objects.filter(kind=UnitKind.GRID).values_list(
            "parent_id", "boundary"):
        grids_by_community.setdefault(parent_id, []).append(has_boundary is not None)
    best: tuple[float, OrgUnit] | None = None
    for community in OrgUnit.objects.filter(kind=UnitKind.COMMUNITY, centre_latitude__isnull=False,
                                            centre_longitude__isnull=False):
        grids = grids_by_community.get(community.pk, [])
        if grids and all(grids):
            continue  # every grid has a boundary and none contains the point: not here
        metres = distance_metres(latitude, longitude, float(community.centre_latitude),
                                 float(community.centre_longitude))
        if metres <= NEAREST_CENTRE_MAX_METRES and (best is None or metres < best[0]):
            best = (metres, community)
    return best[1] if best else None
