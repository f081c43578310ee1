"""The receipts (回执) of the enforcement acts concerning an enterprise, on its timeline (E3, B2): the
enterprises app shows them without importing this app."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from enterprises.models import Enterprise
from enterprises.selectors.timeline import Source, TimelineEntry, openable, register_source
from feedback.models import EnforcementAct
from feedback.selectors.receipts import receipts_for_enterprise


def _receipt_rows(enterprise: Enterprise, staff: bool, user: Any) -> QuerySet[Any] | None:
    if not staff:
        return None
    return openable(receipts_for_enterprise(enterprise, user=user), EnforcementAct.objects.visible_to(user), "act_id")


def _receipt_entry(r: Any, staff: bool) -> TimelineEntry:
    return TimelineEntry(when=r.act.occurred_at, kind="receipt", kind_label=_("Receipt"),
                         title=f"{r.number} · {r.act.get_kind_display()}",
                         status=_("rated") if r.rated_at else _("not rated yet"),
                         url=reverse("feedback:act", args=[r.act_id]) if r.linked else "",
                         state="rated" if r.rated_at else "open")


register_source(70, Source("receipt", _receipt_rows, "act__occurred_at", _receipt_entry))
