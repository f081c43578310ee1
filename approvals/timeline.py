"""An enterprise's filings on its timeline (E3): the enterprises app shows them without importing this app."""

from __future__ import annotations

from typing import Any

from django.db.models import DateTimeField, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from approvals.models import Application
from approvals.status_words import status_label
from enterprises.models import Enterprise
from enterprises.selectors.timeline import Source, TimelineEntry, openable, register_source


def _filing_rows(enterprise: Enterprise, staff: bool, user: Any) -> QuerySet[Any]:
    """The enterprise's filings; staff do not see its own unsubmitted drafts (``shown_to_staff_q``), and a filing
    links to its case only for those who may open it (``visible_to``: a grid manager's are the brigade's)."""
    rows = Application.objects.filter(enterprise=enterprise)
    # The enterprise's own users: the timeline's caller has checked they may see the enterprise.
    rows = openable(rows.shown_to_staff(), Application.objects.visible_to(user)) if staff else openable(rows, None)
    return rows.annotate(at=Coalesce("submitted_at", "created_at", output_field=DateTimeField())).select_related(
        "matter", "spot_check")


def _filing_entry(a: Any, staff: bool) -> TimelineEntry:
    return TimelineEntry(when=a.at, kind="filing", kind_label=_("Filing"), title=f"{a.number or '—'} · {a.matter.name}",
                         status=_status(a), url=a.get_absolute_url() if a.linked else "",
                         detail=a.project_name, state=a.status)


def _status(a: Any) -> str:
    """The filing's status in its matter's words (a completion filing's spot check, joined in)."""
    spot_check = getattr(a, "spot_check", None)  # no row: the accessor raises an AttributeError
    return status_label(a.status, matter_code=a.matter.code, drawn=spot_check.selected if spot_check else None)


register_source(40, Source("filing", _filing_rows, "at", _filing_entry))
