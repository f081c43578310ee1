"""The enterprise timeline (E3): every visit, suggestion, hazard, filing, training request, forum and receipt of
one enterprise in date order. One query per kind of record, whatever the enterprise's history."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.enums import VisitStatus
from enterprises.models import Enterprise, ForumAttendee, Suggestion, TrainingRequest, Visit

PER_KIND = 200  # most recent records of each kind; an enterprise with more is a case for the full lists


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime
    kind: str  # visit, suggestion, hazard, filing, training, forum, receipt
    kind_label: str
    title: str
    status: str
    url: str
    detail: str = ""
    state: str = ""  # the record's status code (for filters and tests), next to its display text

    @property
    def day(self) -> datetime.date:
        return timezone.localtime(self.when).date()


def _moment(value: datetime.date | datetime.datetime | None) -> datetime.datetime:
    if value is None:
        return timezone.now()
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    # A date (visit, forum): noon local time, so it sorts inside its day.
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12)))


def _url(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _visits(enterprise: Enterprise, staff: bool) -> Iterable[TimelineEntry]:
    if not staff:
        return []
    rows = (Visit.objects.filter(enterprise=enterprise).exclude(status=VisitStatus.CANCELLED)
            .select_related("staff").order_by("-visited_on", "-planned_for", "-pk")[:PER_KIND])
    return [TimelineEntry(when=_moment(v.visited_on or v.planned_for), kind="visit", kind_label=_("Visit"),
                          title=f"{v.get_method_display()} · {v.staff}", status=v.get_status_display(),
                          url=_url("enterprises:visit_detail", v.pk), detail=v.needs[:120], state=v.status)
            for v in rows]


def _suggestions(enterprise: Enterprise, staff: bool) -> Iterable[TimelineEntry]:
    rows = Suggestion.objects.filter(enterprise=enterprise).order_by("-created_at", "-pk")[:PER_KIND]
    name = "enterprises:suggestion_detail" if staff else "enterprises:suggestion_mine"
    return [TimelineEntry(when=s.created_at, kind="suggestion", kind_label=_("Suggestion"),
                          title=f"{s.number} · {s.get_source_display()}", status=s.get_status_display(),
                          url=_url(name, s.pk), detail=s.content[:120], state=s.status) for s in rows]


def _hazards(enterprise: Enterprise, staff: bool) -> Iterable[TimelineEntry]:
    try:
        hazard = apps.get_model("safety", "Hazard")
    except LookupError:
        return []
    rows = hazard.objects.filter(enterprise=enterprise)
    if not staff:  # enterprise users see the hazards they have an order for (the safety app's rule)
        rows = rows.filter(order__isnull=False)
    return [TimelineEntry(when=h.created_at, kind="hazard", kind_label=_("Hazard"),
                          title=h.get_severity_display(), status=h.get_status_display(),
                          url=_url("safety:hazard", h.pk), detail=h.description[:120], state=h.status)
            for h in rows.order_by("-created_at", "-pk")[:PER_KIND]]


def _filings(enterprise: Enterprise, staff: bool) -> Iterable[TimelineEntry]:
    try:
        application = apps.get_model("approvals", "Application")
    except LookupError:
        return []
    rows = application.objects.filter(enterprise=enterprise).select_related("matter").order_by(
        "-created_at", "-pk")[:PER_KIND]
    return [TimelineEntry(when=a.submitted_at or a.created_at, kind="filing", kind_label=_("Filing"),
                          title=f"{a.number or '—'} · {a.matter.name}", status=a.get_status_display(),
                          url=a.get_absolute_url(), detail=a.project_name, state=a.status) for a in rows]


def _training(enterprise: Enterprise, staff: bool) -> Iterable[TimelineEntry]:
    rows = TrainingRequest.objects.filter(enterprise=enterprise).order_by("-created_at", "-pk")[:PER_KIND]
    name = "enterprises:training_queue" if staff else "enterprises:training_requests"
    return [TimelineEntry(when=t.created_at, kind="training", kind_label=_("Training request"), title=t.topic,
                          status=t.get_status_display(), url=_url(name), state=t.status) for t in rows]


def _forums(enterprise: Enterprise, staff: bool) -> Iterable[TimelineEntry]:
    if not staff:
        return []
    rows = (ForumAttendee.objects.filter(enterprise=enterprise).select_related("forum")
            .order_by("-forum__held_on", "-pk")[:PER_KIND])
    return [TimelineEntry(when=_moment(a.forum.held_on), kind="forum", kind_label=_("Forum"), title=a.forum.topic,
                          status=a.representative, url=_url("enterprises:forum_detail", a.forum_id)) for a in rows]


def _receipts(enterprise: Enterprise, staff: bool, user: Any) -> Iterable[TimelineEntry]:
    """Receipts (回执) of the enforcement acts concerning the enterprise (feedback app, helper h6)."""
    try:
        from feedback.selectors import receipts_for_enterprise
    except ImportError:
        return []
    if not staff:
        return []
    return [TimelineEntry(when=r.act.occurred_at, kind="receipt", kind_label=_("Receipt"),
                          title=f"{r.number} · {r.act.get_kind_display()}",
                          status=_("rated") if r.rated_at else _("not rated yet"),
                          url=_url("feedback:act", r.act_id), state="rated" if r.rated_at else "open")
            for r in receipts_for_enterprise(enterprise, user=user)[:PER_KIND]]


SOURCES: list[Callable[[Enterprise, bool], Iterable[TimelineEntry]]] = [
    _visits, _suggestions, _hazards, _filings, _training, _forums,
]


def enterprise_timeline(enterprise: Enterprise, *, user: Any, kinds: set[str] | None = None) -> list[TimelineEntry]:
    """The enterprise's records, newest first. Staff see everything; the enterprise's own users see their
    suggestions, ordered hazards, filings, training requests and receipts. The caller checks that ``user``
    may see ``enterprise`` at all."""
    staff = bool(getattr(user, "is_staff_member", False))
    entries = [entry for source in SOURCES for entry in source(enterprise, staff)]
    entries += _receipts(enterprise, staff, user)
    if kinds:
        entries = [e for e in entries if e.kind in kinds]
    return sorted(entries, key=lambda e: e.when, reverse=True)
