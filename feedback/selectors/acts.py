"""Reading enforcement acts (B1)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from feedback.models import EnforcementAct
from firesvc.accounts.models import OrgUnit


def acts_for(user: Any, *, kind: str = "", search: str = "", unit: OrgUnit | None = None) -> QuerySet[EnforcementAct]:
    acts = EnforcementAct.objects.visible_to(user).select_related(
        "unit", "enterprise", "receipt", "return_visit", "first_error_rule").prefetch_related("officers")
    if kind:
        acts = acts.filter(kind=kind)
    if unit is not None:
        acts = acts.filter(unit__path__startswith=unit.path)
    search = search.strip()
    if search:
        acts = acts.filter(Q(number__icontains=search) | Q(enterprise__name__icontains=search)
                           | Q(person_name__icontains=search) | Q(reference__icontains=search))
    return acts

