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
