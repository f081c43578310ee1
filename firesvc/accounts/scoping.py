"""The one scoping layer (DOMAIN.md C1): who may see which unit's data.

Staff see their own unit and every unit below it, never a sibling's; administrators see
everything; enterprise users see only their own enterprise's records; anonymous users see
nothing. Every model with unit-bound data exposes ``objects.visible_to(user)`` built on
``scope_unit_ids``; views and selectors go through it. The scope itself is computed (and kept a
minute in the shared cache) by ``User.visible_unit_ids``, where the organisation tree lives.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from firesvc.accounts.models import scope_unit_ids

__all__ = ["can_see_unit", "scope_unit_ids", "unit_scope_q"]


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
