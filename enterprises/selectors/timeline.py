"""The enterprise timeline (E3): every visit, suggestion, hazard (with its order, evidence and re-checks), filing,
training request, forum and receipt of one enterprise, newest first, a page at a time.

Each kind of record is one source that reads, by its own date column, the newest ``limit + 1`` rows before the
page's cursor (a moment): one query per source whatever the enterprise's history, and a page renders ``PAGE_SIZE``
entries however busy the enterprise is ("Show older" moves the cursor). A hazard's rectification steps are
sources of their own, so that a re-check of an old hazard sits where it happened, not under the hazard.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import BooleanField, Exists, OuterRef, Prefetch, QuerySet, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.enums import VisitStatus
from enterprises.models import Enterprise, Forum, ForumAttendee, Suggestion, TrainingRequest, Visit
from enterprises.services.training import can_manage_training

PAGE_SIZE = 50
KINDS = ("visit", "suggestion", "hazard", "filing", "training", "forum", "receipt")


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


@dataclass(frozen=True)
class TimelinePage:
    entries: list[TimelineEntry]
    older: str  # the cursor of the next (older) page; empty on the last page


def _moment(value: datetime.date | datetime.datetime | None) -> datetime.datetime:
    if value is None:
        return timezone.now()
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    # A date (visit, forum): noon local time, so it sorts inside its day.
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12)))


def _first_day_not_before(moment: datetime.datetime) -> datetime.date:
    """The first day whose ``_moment`` (noon) is not before ``moment``: dated records before ``moment`` are
    exactly those of earlier days."""
    local = timezone.localtime(moment)
    return local.date() + datetime.timedelta(days=1) if local.time() > datetime.time(12) else local.date()


def _url(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# --- sources ---------------------------------------------------------------------------------------------------------
# A source is the queryset of one kind of record (visibility applied), the column it is dated by, and how one
# row becomes an entry. ``timeline_page`` reads the newest keys (date, id) of every source first, picks the page,
# and then loads the page's rows only: a page builds PAGE_SIZE entries, not PAGE_SIZE per source.


@dataclass(frozen=True)
class Source:
    kind: str
    rows: Callable[[Enterprise, bool, Any], QuerySet[Any] | None]  # None: not shown to this user (or no such app)
    dated_by: str  # a datetime column, or a date column when ``by_day``
    build: Callable[[Any, bool], TimelineEntry]
    by_day: bool = False  # dated by a day: the record sorts at noon of that day


def openable(rows: QuerySet[Any], visible: QuerySet[Any] | None, ref: str = "pk") -> QuerySet[Any]:
    """``rows`` with ``linked``: whether the viewer may open the record's page, i.e. the record ``ref`` names is in
    ``visible`` (its model's ``visible_to(user)``, the page's own rule); ``None``: the caller has checked it. An
    enterprise may be in a viewer's scope while a record of it is not (a grid manager sees the enterprises of
    his grid, not the brigade's suggestions or cases): the entry is then shown without a link."""
    if visible is None:
        return rows.annotate(linked=Value(True, output_field=BooleanField()))
    return rows.annotate(linked=Exists(visible.filter(pk=OuterRef(ref))))


def _model(app: str, name: str) -> Any:
    try:
        return apps.get_model(app, name)
    except LookupError:
        return None


def _visit_rows(enterprise: Enterprise, staff: bool, user: Any) -> QuerySet[Any] | None:
    if not staff:
        return None
    return openable(Visit.objects.filter(enterprise=enterprise).exclude(status=VisitStatus.CANCELLED)
                    .annotate(day=Coalesce("visited_on", "planned_for")).select_related("staff"),
                    Visit.objects.visible_to(user))


def _visit_entry(v: Any, staff: bool) -> TimelineEntry:
    return TimelineEntry(when=_moment(v.day), kind="visit", kind_label=_("Visit"),
                         title=f"{v.get_method_display()} · {v.staff}", status=v.get_status_display(),
                         url=_url("enterprises:visit_detail", v.pk) if v.linked else "", detail=v.needs[:120],
                         state=v.status)


def _suggestion_rows(enterprise: Enterprise, staff: bool, user: Any) -> QuerySet[Any]:
    return openable(Suggestion.objects.filter(enterprise=enterprise),
                    Suggestion.objects.visible_to(user) if staff else None)


def _suggestion_entry(s: Any, staff: bool) -> TimelineEntry:
    name = "enterprises:suggestion_detail" if staff else "enterprises:suggestion_mine"
    return TimelineEntry(when=s.created_at, kind="suggestion", kind_label=_("Suggestion"),
                         title=f"{s.number} · {s.get_source_display()}", status=s.get_status_display(),
                         url=_url(name, s.pk) if s.linked else "", detail=s.content[:120], state=s.status)


def _hazard_rows(enterprise: Enterprise, staff: bool, user: Any) -> QuerySet[Any] | None:
    hazard = _model("safety", "Hazard")
    if hazard is None:
        return None
    rows = hazard.objects.filter(enterprise=enterprise)
    if not staff:  # enterprise users see the hazards they have an order for (the safety app's rule)
        rows = rows.filter(order__isnull=False)
    return openable(rows, _hazards_of(user, staff))


def _hazards_of(user: Any, staff: bool) -> QuerySet[Any] | None:
    """The hazards whose page (safety:hazard) the viewer may open, for the links of the hazard's steps."""
    return _model("safety", "Hazard").objects.visible_to(user) if staff else None


def _hazard_entry(h: Any, staff: bool) -> TimelineEntry:
    return TimelineEntry(when=h.created_at, kind="hazard", kind_label=_("Hazard"), title=h.get_severity_display(),
                         status=h.get_status_display(), url=_url("safety:hazard", h.pk) if h.linked else "",
                         detail=h.description[:120], state=h.status)


# The rectification steps of a hazard (order, the enterprise's evidence, each re-check), filed under the hazard's
# kind so that the "Hazards" filter keeps them; ``state`` names the step. Each is dated by its own moment, so a
# re-check of an old hazard sits where it happened. Every step implies an order, which enterprise users may see.


def _order_rows(enterprise: Enterprise, staff: bool, user: Any) -> QuerySet[Any] | None:
    order = _model("safety", "RectificationOrder")
    if order is None:
        return None
    return openable(order.objects.filter(hazard__enterprise=enterprise), _hazards_of(user, staff), "hazard_id")


def _order_entry(o: Any, staff: bool) -> TimelineEntry:
    due = _("Correct immediately") if o.due_at_once else f"{_('Rectify by')} {o.due_date:%Y-%m-%d}"
    return TimelineEntry(when=o.issued_at, kind="hazard", kind_label=_("Rectification order"), title=o.number,
                         status=due,
                         url=_url("safety:hazard", o.hazard_id) if o.linked else "",
                         detail=o.requirements[:120], state="order")


def _evidence_rows(enterprise: Enterprise, staff: bool, user: Any) -> QuerySet[Any] | None:
    order, attachment = _model("safety", "RectificationOrder"), _model("safety", "HazardAttachment")
    if order is None or attachment is None:
        return None
    return openable(order.objects.filter(hazard__enterprise=enterprise, responded_at__isnull=False)
                    .select_related("hazard").prefetch_related(Prefetch(
                        "hazard__attachments", queryset=attachment.objects.filter(kind="evidence"),
                        to_attr="evidence_files")), _hazards_of(user, staff), "hazard_id")


def _evidence_entry(o: Any, staff: bool) -> TimelineEntry:
    return TimelineEntry(when=o.responded_at, kind="hazard", kind_label=_("Rectification evidence"), title=o.number,
                         status=", ".join(a.original_name for a in o.hazard.evidence_files),
                         url=_url("safety:hazard", o.hazard_id) if o.linked else "", detail=o.response_note[:120],
                         state="evidence")


def _recheck_rows(enterprise: Enterprise, staff: bool, user: Any) -> QuerySet[Any] | None:
    recheck = _model("safety", "Recheck")
    if recheck is None:
        return None
    rows = recheck.objects.filter(hazard__enterprise=enterprise).select_related("hazard", "hazard__order")
    return openable(rows if staff else rows.filter(hazard__order__isnull=False), _hazards_of(user, staff), "hazard_id")


def _recheck_entry(r: Any, staff: bool) -> TimelineEntry:
    status = _("eliminated") if r.passed else _("not eliminated")
    if r.new_due_date:
        status = f"{status}, {_('rectify by')} {r.new_due_date:%Y-%m-%d}"
    order = getattr(r.hazard, "order", None)  # the reverse one-to-one raises an AttributeError when missing
    return TimelineEntry(when=r.checked_at, kind="hazard", kind_label=_("Re-check"),
                         title=order.number if order is not None else r.hazard.get_severity_display(),
                         status=status, url=_url("safety:hazard", r.hazard_id) if r.linked else "", detail=r.note[:120],
                         state="recheck_passed" if r.passed else "recheck_failed")


def _training_rows(enterprise: Enterprise, staff: bool, user: Any) -> QuerySet[Any]:
    # Only the staff who schedule training get a link to its queue (a reviewer who recorded the request on a
    # visit sees its status here, and would get "forbidden" there).
    return TrainingRequest.objects.filter(enterprise=enterprise).annotate(
        queue_link=Value(can_manage_training(user), output_field=BooleanField()))


def _training_entry(t: Any, staff: bool) -> TimelineEntry:
    if staff:
        url = _url("enterprises:training_queue") if t.queue_link else ""
    else:
        url = _url("enterprises:training_requests")
    return TimelineEntry(when=t.created_at, kind="training", kind_label=_("Training request"), title=t.topic,
                         status=t.get_status_display(), url=url, state=t.status)


def _forum_rows(enterprise: Enterprise, staff: bool, user: Any) -> QuerySet[Any] | None:
    if not staff:
        return None
    return openable(ForumAttendee.objects.filter(enterprise=enterprise).select_related("forum"),
                    Forum.objects.visible_to(user), "forum_id")


def _forum_entry(a: Any, staff: bool) -> TimelineEntry:
    return TimelineEntry(when=_moment(a.forum.held_on), kind="forum", kind_label=_("Forum"), title=a.forum.topic,
                         status=a.representative,
                         url=_url("enterprises:forum_detail", a.forum_id) if a.linked else "")


# Other apps' records of an enterprise (its filings, the receipts of acts concerning it) are sources those
# apps register in their ``timeline.py`` (collected when the apps are ready): this app imports neither.
_SOURCES: dict[tuple[int, str], Source] = {}
SOURCES: list[Source] = []  # by order: a tie between two records' moments is broken in this order


def register_source(order: int, source: Source) -> None:
    """Add ``source`` to every enterprise's timeline; ``order`` places it among the others (ties, filters)."""
    _SOURCES[(order, source.rows.__module__ + "." + source.rows.__qualname__)] = source
    SOURCES[:] = [_SOURCES[key] for key in sorted(_SOURCES)]


register_source(10, Source("visit", _visit_rows, "day", _visit_entry, by_day=True))
register_source(20, Source("suggestion", _suggestion_rows, "created_at", _suggestion_entry))
register_source(30, Source("hazard", _hazard_rows, "created_at", _hazard_entry))
register_source(31, Source("hazard", _order_rows, "issued_at", _order_entry))
register_source(32, Source("hazard", _evidence_rows, "responded_at", _evidence_entry))
register_source(33, Source("hazard", _recheck_rows, "checked_at", _recheck_entry))
# 40: filings (approvals)
register_source(50, Source("training", _training_rows, "created_at", _training_entry))
register_source(60, Source("forum", _forum_rows, "forum__held_on", _forum_entry, by_day=True))
# 70: receipts (feedback)


def encode_cursor(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat()


def decode_cursor(cursor: str) -> datetime.datetime | None:
    """The moment of a cursor, or None for a malformed one (the newest page is shown)."""
    try:
        moment = datetime.datetime.fromisoformat(cursor)
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


def _newest_keys(source: Source, rows: QuerySet[Any], before: datetime.datetime | None,
                 limit: int) -> list[tuple[datetime.datetime, int]]:
    """(moment, id) of the source's ``limit`` newest records before ``before``: one narrow query."""
    if before is not None:
        bound = _first_day_not_before(before) if source.by_day else before
        rows = rows.filter(**{f"{source.dated_by}__lt": bound})
    keys = rows.order_by(f"-{source.dated_by}", "-pk").values_list(source.dated_by, "pk")[:limit]
    return [(_moment(when), pk) for when, pk in keys]


def timeline_page(enterprise: Enterprise, *, user: Any, kinds: set[str] | None = None, before: str = "",
                  page_size: int = PAGE_SIZE) -> TimelinePage:
    """The enterprise's ``page_size`` newest records before the cursor ``before`` (all of them from a moment
    that straddles the page's end, so that no record falls between two pages). Staff see everything; the
    enterprise's own users see their suggestions, ordered hazards and their steps, filings and training
    requests. The caller checks that ``user`` may see ``enterprise`` at all. At most two queries per source."""
    staff = bool(getattr(user, "is_staff_member", False))
    moment = decode_cursor(before) if before else None
    limit = page_size + 1
    keys: list[tuple[datetime.datetime, int, int]] = []  # (moment, source index, id)
    querysets: dict[int, QuerySet[Any]] = {}
    oldest_of_full_sources: list[datetime.datetime] = []  # a source that filled its limit may have more rows
    for index, source in enumerate(SOURCES):
        if kinds and source.kind not in kinds:
            continue
        rows = source.rows(enterprise, staff, user)
        if rows is None:
            continue
        querysets[index] = rows
        newest = _newest_keys(source, rows, moment, limit)
        if len(newest) == limit:
            oldest_of_full_sources.append(newest[-1][0])
        keys += [(when, index, pk) for when, pk in newest]
    keys.sort(key=lambda k: k[0], reverse=True)
    older = ""
    if len(keys) > page_size:
        last = keys[page_size - 1][0]
        if last in oldest_of_full_sources and keys[0][0] > last:
            # Records of the moment ``last`` may remain unread: end the page before that moment, and start the
            # next page with it (its cursor is the moment just after).
            keys = [k for k in keys if k[0] > last]
            older = encode_cursor(last + datetime.timedelta(microseconds=1))
        else:
            page = [k for k in keys if k[0] >= last]
            if len(page) < len(keys) or last in oldest_of_full_sources:
                older = encode_cursor(last)
            keys = page
    wanted: dict[int, list[int]] = {}
    for _when, index, pk in keys:
        wanted.setdefault(index, []).append(pk)
    rows_by_source = {index: {row.pk: row for row in querysets[index].filter(pk__in=pks)}
                      for index, pks in wanted.items()}
    # In key order: newest first, ties in source order then newest id first, the same on every call.
    entries = [SOURCES[index].build(rows_by_source[index][pk], staff) for _when, index, pk in keys
               if pk in rows_by_source[index]]
    return TimelinePage(entries=entries, older=older)


def enterprise_timeline(enterprise: Enterprise, *, user: Any, kinds: set[str] | None = None,
                        page_size: int = PAGE_SIZE) -> list[TimelineEntry]:
    """The newest page of the timeline (see ``timeline_page``)."""
    return timeline_page(enterprise, user=user, kinds=kinds, page_size=page_size).entries
