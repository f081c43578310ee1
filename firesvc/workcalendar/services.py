"""Commands that change the working-day calendar. Each writes its audit event atomically.

Side effects common to all: the calendar version token changes in the same transaction and
this process's cached calendar is dropped (now and again on commit); other processes pick the
change up within ``workdays.RECHECK_SECONDS``. Every open clock whose deadline the change moves
is recomputed in the same transaction (``firesvc.sla.services.clocks_recompute_for_calendar``:
an audit event per clock, and its owner's app tells the applicant the new due date).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from firesvc import workdays
from firesvc.audit.services import audit_record
from firesvc.sla.services import clocks_recompute_for_calendar
from firesvc.workcalendar.enums import DayKind, DaySource
from firesvc.workcalendar.models import CalendarDay, CalendarVersion, CalendarYear

MIN_YEAR, MAX_YEAR = 2000, 2100
NAME_MAX_LENGTH = 40


class DayEntry(Protocol):
    """One day of a notice: ``notice.NoticeEntry`` or anything shaped like it."""

    @property
    def day(self) -> date: ...
    @property
    def kind(self) -> str: ...
    @property
    def name(self) -> str: ...


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def validate_year(year: int) -> None:
    """Raise ``ValidationError`` unless ``year`` is one the calendar accepts entries for."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(_("Enter a year from %(min)d to %(max)d.") % {"min": MIN_YEAR, "max": MAX_YEAR})


def validate_day(*, day: date, kind: str, name: str) -> None:
    """Raise ``ValidationError`` for an entry ``calendar_day_set`` would refuse."""
    try:
        validate_year(day.year)
    except ValidationError as exc:
        raise ValidationError({"date": exc.messages}) from exc
    if kind not in DayKind.values:
        raise ValidationError({"kind": _("Unknown kind %(kind)s.") % {"kind": kind}})
    if not name.strip():
        raise ValidationError({"name": _("Enter the name of the holiday, e.g. 春节 or 春节调休.")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": _("At most %(max)d characters.") % {"max": NAME_MAX_LENGTH}})


def _calendar_changed(*, first: date, last: date, actor: Any, reason: str) -> int:
    """Give the calendar a new version token, drop this process's cached calendar and recompute the
    open clocks whose deadline the change of the days ``first`` to ``last`` moves (returns how many)."""
    token = uuid.uuid4().hex
    if not CalendarVersion.objects.filter(pk=1).update(token=token, updated_at=timezone.now()):
        CalendarVersion.objects.update_or_create(pk=1, defaults={"token": token})
    # Now, so the rest of this transaction computes with the change; and after commit, so no
    # calendar read from the uncommitted state outlives it (a rollback changes the token back,
    # which the periodic re-check notices).
    workdays.reset_cache()
    transaction.on_commit(workdays.reset_cache)
    return clocks_recompute_for_calendar(first=first, last=last, actor=actor, reason=reason, change=token)


def _whole_year(year: int) -> dict[str, date]:
    # A year's notice entered or withdrawn changes its provisional status and its statutory holidays.
    return {"first": date(year, 1, 1), "last": date(year, 12, 31)}


@transaction.atomic
def calendar_day_set(*, actor: Any, day: date, kind: str, name: str, source: str = DaySource.ADMIN) -> CalendarDay:
    """Make ``day`` a statutory holiday or a make-up working day, whatever the package says.

    Creates or replaces the day's entry. Writes ``calendar_day.set``; bumps the calendar version.
    """
    name = name.strip()
    validate_day(day=day, kind=kind, name=name)
    user = _user(actor)
    entry = CalendarDay.objects.select_for_update().filter(date=day).first()
    before = {"kind": entry.kind, "name": entry.name, "source": entry.source} if entry else None
    if entry is None:
        entry = CalendarDay.objects.create(date=day, kind=kind, name=name, source=source,
                                           created_by=user, updated_by=user)
    else:
        entry.kind, entry.name, entry.source, entry.updated_by = kind, name, source, user
        entry.save(update_fields=["kind", "name", "source", "updated_by", "updated_at"])
    audit_record(actor=actor, obj=entry, action="calendar_day.set", from_state=before["kind"] if before else "",
                 to_state=kind, data={"date": day.isoformat(), "name": name, "source": source, "before": before})
    label = _("a holiday") if kind == DayKind.HOLIDAY else _("a working day")
    _calendar_changed(first=day, last=day, actor=actor, reason=_(
        "The working-day calendar changed: %(day)s is %(kind)s (%(name)s).")
        % {"day": day.isoformat(), "kind": label, "name": name})
    return entry


@transaction.atomic
def calendar_day_remove(*, actor: Any, day: date) -> bool:
    """Remove the entry for ``day`` (it follows the package, or Monday–Friday, again).

    Returns False when there was none. Writes ``calendar_day.remove``; bumps the calendar version.
    """
    entry = CalendarDay.objects.select_for_update().filter(date=day).first()
    if entry is None:
        return False
    audit_record(actor=actor, obj=entry, action="calendar_day.remove", from_state=entry.kind,
                 data={"date": day.isoformat(), "name": entry.name, "source": entry.source})
    entry.delete()
    _calendar_changed(first=day, last=day, actor=actor, reason=_(
        "The working-day calendar changed: the entry for %(day)s (%(name)s) was removed.")
        % {"day": day.isoformat(), "name": entry.name})
    return True


@transaction.atomic
def calendar_year_load(*, year: int, entries: Iterable[DayEntry], actor: Any, source: str,
                       day_source: str = DaySource.FILE) -> CalendarYear:
    """Enter a year's State Council notice: all of the year's entries are replaced by ``entries``
    and the year is marked complete (no longer provisional).

    All or nothing: a bad entry raises ``ValidationError`` and changes nothing. Writes
    ``calendar_year.load`` with the days before and after; bumps the calendar version.
    """
    validate_year(year)
    entries = list(entries)
    seen: set[date] = set()
    for entry in entries:
        validate_day(day=entry.day, kind=entry.kind, name=entry.name.strip())
        if entry.day.year != year:
            raise ValidationError(_("%(day)s is not in %(year)d.") % {"day": entry.day.isoformat(), "year": year})
        if entry.day in seen:
            raise ValidationError(_("%(day)s is listed twice.") % {"day": entry.day.isoformat()})
        seen.add(entry.day)
    user = _user(actor)
    record, _created = CalendarYear.objects.select_for_update().get_or_create(year=year)
    was_complete = record.complete
    old_days = CalendarDay.objects.select_for_update().filter(date__year=year).order_by("date")
    replaced = {d.date.isoformat(): f"{d.kind} {d.name}" for d in old_days}
    old_days.delete()
    CalendarDay.objects.bulk_create([
        CalendarDay(date=e.day, kind=e.kind, name=e.name.strip(), source=day_source, created_by=user, updated_by=user)
        for e in sorted(entries, key=lambda e: e.day)
    ])
    record.complete, record.source, record.loaded_at, record.loaded_by = True, source[:200], timezone.now(), user
    record.save()
    audit_record(
        actor=actor, obj=record, action="calendar_year.load", from_state="complete" if was_complete else "",
        to_state="complete", reason=source[:200],
        data={"year": year, "days": {e.day.isoformat(): f"{e.kind} {e.name.strip()}" for e in entries},
              "replaced": replaced},
    )
    _calendar_changed(**_whole_year(year), actor=actor, reason=_(
        "The working-day calendar changed: the State Council's holiday notice for %(year)d was entered.")
        % {"year": year})
    return record


@transaction.atomic
def calendar_year_set(*, actor: Any, year: int, complete: bool, source: str = "") -> CalendarYear:
    """Mark a year's notice as entered (or not) without touching its days.

    Writes ``calendar_year.set``; bumps the calendar version.
    """
    validate_year(year)
    record, _created = CalendarYear.objects.select_for_update().get_or_create(year=year)
    before = record.complete
    record.complete, record.source = complete, source[:200]
    if complete and not before:
        record.loaded_at, record.loaded_by = timezone.now(), _user(actor)
    record.save()
    audit_record(actor=actor, obj=record, action="calendar_year.set", from_state="complete" if before else "",
                 to_state="complete" if complete else "", data={"year": year, "source": source[:200]})
    _calendar_changed(**_whole_year(year), actor=actor, reason=_(
        "The working-day calendar changed: the holiday notice for %(year)d was marked as entered.") % {"year": year}
        if complete else _("The working-day calendar changed: %(year)d is provisional again.") % {"year": year})
    return record


@transaction.atomic
def calendar_year_remove(*, actor: Any, year: int) -> bool:
    """Forget that a year's notice was entered (its days stay). Writes ``calendar_year.remove``."""
    record = CalendarYear.objects.select_for_update().filter(year=year).first()
    if record is None:
        return False
    audit_record(actor=actor, obj=record, action="calendar_year.remove",
                 from_state="complete" if record.complete else "", data={"year": year, "source": record.source})
    record.delete()
    _calendar_changed(**_whole_year(year), actor=actor,
                      reason=_("The working-day calendar changed: %(year)d is provisional again.") % {"year": year})
    return True
