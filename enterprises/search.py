"""What the staff search box finds of the enterprise registry: enterprises by name, credit code and contact
phone, within the user's scope (``Enterprise.objects.visible_to``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from firesvc.core.search import SearchHit, SearchQuery, ranked_rows, register

# The fields with a bigram index (migration 0012): a two-character query finds its enterprises without reading
# all of the user's.
BIGRAM_FIELDS = ("name", "uscc")


@register("enterprises", _("Enterprises"), order=20)
def search_enterprises(*, user: Any, query: SearchQuery, limit: int) -> list[SearchHit]:
    fields = {"name": query.text}
    if query.is_ascii:
        fields["uscc"] = query.upper  # 统一社会信用代码, whole or in part
    phone = {"contact_phone": query.phone_digits} if query.phone_digits else None
    rows = ranked_rows(Enterprise.objects.visible_to(user), fields=fields,
                       values=["name", "uscc", "address", "brigade__name"], limit=limit, exact_only=phone,
                       bigram_fields=BIGRAM_FIELDS)
    return [SearchHit(title=row["name"], subtitle=row["uscc"], detail=row["brigade__name"],
                      url=reverse("enterprises:detail", args=[row["pk"]])) for row in rows]
