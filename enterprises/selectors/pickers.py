"""The enterprises a member of staff may pick on a form, and the search behind the pickers (issue 22).

A form's choices and the search that fills its picker come from the same queryset
(``enterprises_pickable``), so what the search offers is exactly what the form accepts on POST.
"""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from enterprises.models import Enterprise
from firesvc.accounts.scoping import unit_scope_q

PickerScope = Literal["visible", "brigade"]
PICKER_SCOPES: tuple[PickerScope, ...] = ("visible", "brigade")
PICKER_LIMIT = 20
MAX_TERM_LENGTH = 100


def enterprises_pickable(*, user: Any, scope: PickerScope = "visible") -> QuerySet[Enterprise]:
    """The enterprises ``user`` may act on.

    ``visible``: the registry as the user sees it (brigade or grid in scope; hazards, window filing, forums,
    suggestions recorded by staff).
    ``brigade``: enterprises whose brigade is in the user's scope (early intervention, enforcement acts).
    Enterprise users pick nothing.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_staff_member:
        return Enterprise.objects.none()
    if scope == "visible":
        return Enterprise.objects.visible_to(user)
    if scope == "brigade":
        q = unit_scope_q(user, "brigade")
        return Enterprise.objects.all() if q is None else Enterprise.objects.filter(q)
    raise ValueError(f"unknown picker scope {scope!r}")


def enterprise_search(*, user: Any, scope: PickerScope, term: str,
                      limit: int = PICKER_LIMIT) -> list[Enterprise]:
    """Enterprises in the picker's scope whose name contains ``term`` or whose credit code starts with it.

    Exact matches (the whole name or the whole credit code) come first, then names and codes that start with
    the term, then the rest, each by name. An empty term finds nothing.
    """
    term = " ".join(term.split())[:MAX_TERM_LENGTH]
    if not term:
        return []
    code = term.upper()
    rank = Case(
        When(Q(name=term) | Q(uscc=code), then=Value(0)),
        When(Q(name__startswith=term) | Q(uscc__startswith=code), then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )
    found = (enterprises_pickable(user=user, scope=scope)
             .filter(Q(name__icontains=term) | Q(uscc__startswith=code))
             .annotate(rank=rank).order_by("rank", "name", "pk")
             .only("pk", "name", "uscc"))
    return list(found[:limit])
