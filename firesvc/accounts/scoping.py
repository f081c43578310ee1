"""The one scoping layer (DOMAIN.md C1): who may see which unit's data.

Staff see their own unit and every unit below it, never a sibling's; administrators see
everything; enterprise users see only their own enterprise's records; anonymous users see
nothing. Every model with unit-bound data exposes ``objects.visible_to(user)`` built on
``scope_unit_ids``; views and selectors go through it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from firesvc.core import memo

SCOPE_CACHE_SECONDS = 60


def scope_cache_key(unit_id: int) -> str:
    return f"firesvc:scope:{unit_id}"


def scope_unit_ids(user: Any) -> list[int] | None:
    """Ids of the organisation units whose data ``user`` may see; ``None`` means all of them.

    An anonymous user, a user without a unit and an enterprise user get an empty list.
    """
    from firesvc.accounts.models import OrgUnit

    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_administrator:
        return None
    if not user.is_staff_member or user.unit_id is None:
        return []
    cached = getattr(user, "_scope_unit_ids", None)
    if cached is None:
        # The tree changes rarely (units are added, never moved): a minute in the shared cache per unit
        # saves two queries on every page of every member of staff; org_unit_create drops it on commit.
        unit_id = user.unit_id

        def load() -> list[int]:
            path = OrgUnit.objects.filter(pk=unit_id).values_list("path", flat=True).first() or "/missing/"
            return list(OrgUnit.objects.filter(path__startswith=path).values_list("pk", flat=True))

        cached = memo.cached(scope_cache_key(unit_id), SCOPE_CACHE_SECONDS, load)
        user._scope_unit_ids = cached
    return cached


def unit_scope_q(user: Any, *unit_fields: str) -> Q | None:
    """A filter matching rows whose unit (any of ``unit_fields``) is within the user's scope.

    ``None`` means no restriction (administrators). An empty scope gives a filter that
    matches nothing.
    """
    ids = scope_unit_ids(user)
    if ids is None:
        return None
    if not ids:
        return Q(pk__in=[])
    q = Q()
    for field in unit_fields:
        q |= Q(**{f"{field}_id__in": ids})
    return q


def can_see_unit(user: Any, unit_id: int | None) -> bool:
    ids = scope_unit_ids(user)
    if ids is None:
        return True
    return unit_id is not None and unit_id in ids
