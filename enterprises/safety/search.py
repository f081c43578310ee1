"""What the staff search box finds of the fire hazards: a hazard by the number of its rectification order
(责令改正通知书) or its enterprise's name, within the user's scope (``Hazard.objects.visible_to``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enterprises.safety.enums import OPEN_HAZARD_STATUSES, HazardStatus
from enterprises.safety.models import Hazard
from firesvc.core.search import SearchHit, SearchQuery, ranked_rows, register


@register("hazards", _("Fire hazards"), order=30)
def search_hazards(*, user: Any, query: SearchQuery, limit: int) -> list[SearchHit]:
    # Order numbers carry Chinese (沈铁消责改〔2026〕1号): searched whatever the query looks like.
    fields = {"enterprise__name": query.text, "order__number": query.upper}
    rows = ranked_rows(Hazard.objects.visible_to(user), fields=fields,
                       values=["description", "status", "address"], limit=limit,
                       open_filter=Q(status__in=OPEN_HAZARD_STATUSES))
    hits = []
    for row in rows:
        name = row["enterprise__name"] or row["address"]
        hits.append(SearchHit(
            title=row["order__number"] or name, subtitle=name if row["order__number"] else row["description"][:40],
            detail=str(HazardStatus(row["status"]).label), url=reverse("safety:hazard", args=[row["pk"]])))
    return hits
