"""What the staff search box finds of the complaints: a complaint by its number, within the user's scope
(``Complaint.objects.visible_to``: integrity reports only for the supervisors who may see them)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from feedback.enums import ComplaintStatus
from feedback.models import Complaint
from firesvc.core.search import SearchHit, SearchQuery, ranked_rows, register


@register("complaints", _("Complaints"), order=40)
def search_complaints(*, user: Any, query: SearchQuery, limit: int) -> list[SearchHit]:
    # By number only: a complaint's text and complainant are not searched.
    rows = ranked_rows(Complaint.objects.visible_to(user), fields={"number": query.upper},
                       values=["kind", "status", "unit__name"], limit=limit)
    return [SearchHit(title=row["number"], subtitle=row["unit__name"],
                      detail=str(ComplaintStatus(row["status"]).label),
                      url=reverse("feedback:complaint", args=[row["pk"]])) for row in rows]
