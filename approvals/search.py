"""What the staff search box finds of the approvals: applications by case number, project or applicant
name and contact phone, within the user's scope (``Application.objects.visible_to``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approvals.enums import OPEN_STATUSES
from approvals.models import Application
from approvals.status_words import status_label
from firesvc.core.search import SearchHit, SearchQuery, ranked_rows, register

# The fields with a bigram index (migration 0017): a two-character query finds its cases without reading the
# clerk's whole scope.
BIGRAM_FIELDS = ("number", "project_name", "applicant_name")


@register("applications", _("Applications"), order=10)
def search_applications(*, user: Any, query: SearchQuery, limit: int) -> list[SearchHit]:
    fields = {"project_name": query.text, "applicant_name": query.text}
    if query.is_ascii:
        fields["number"] = query.upper  # SY-TX-2026-000011, whole or in part
    phone = {"contact_phone": query.phone_digits} if query.phone_digits else None
    scope = Application.objects.visible_to(user).filter(number__isnull=False)  # drafts have no number
    rows = ranked_rows(scope, fields=fields, values=["number", "applicant_name", "project_name", "status",
                                                     "matter__code", "spot_check__selected"],
                       limit=limit, exact_only=phone, open_filter=Q(status__in=OPEN_STATUSES),
                       bigram_fields=BIGRAM_FIELDS)
    return [SearchHit(title=row["number"], subtitle=f"{row['applicant_name']} · {row['project_name']}",
                      detail=status_label(row["status"], matter_code=row["matter__code"],
                                          drawn=row["spot_check__selected"]),
                      url=reverse("approvals:application", args=[row["pk"]])) for row in rows]
