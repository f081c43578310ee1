"""The applicant's case history (办理轨迹, as 办件进度 on a government-service portal): the steps of a case read
from its audit trail, newest first, through an explicit allow-list of the actions an applicant sees.

Staff read the whole timeline (``firesvc.audit``); the applicant reads only the procedure's steps, each with
its time, what happened in words and the unit that acted (the brigade, and the window for a clerk at one):
no internal review notes, reviewer assignments, draft decisions, person or login names, other parties' data
or integrity and complaint events. An action not listed here is never shown to an applicant.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.enums import ApplicationStatus, MatterCode
from approvals.models import Application
from approvals.models_review import qualified_label
from approvals.selectors.filing import clock_step_name
from approvals.status_words import status_label
from firesvc.audit.models import AuditEvent
from firesvc.audit.selectors import occurred_at, timeline_for
from firesvc.audit.vocabulary import data_date, due_words
from firesvc.sla.enums import PauseReason

# The allow-list: each action an applicant sees on their case, in the applicant's words. Anything else on the
# case's timeline (material uploads, review assignments and notes, draft decisions, the green channel, early
# intervention links …) stays for staff.
APPLICANT_STEPS: dict[str, Any] = {
    "application.submit": gettext_lazy("Application submitted"),
    "application.deficiency_notice": gettext_lazy("One-time notice issued: materials to supplement"),
    "application.accept": gettext_lazy("Accepted at the window"),
    "application.deemed_accept": gettext_lazy("Deemed accepted (no answer within five working days)"),
    "application.refuse": gettext_lazy("Not accepted"),
    "application.withdraw": gettext_lazy("Withdrawn by the applicant"),
    "application.decide": gettext_lazy("Decision issued"),
    "application.terminate": gettext_lazy("Terminated: the fire acceptance was not passed"),
    "filing.complete": gettext_lazy("Completion filing recorded"),
    "filing.spot_check_select": gettext_lazy("Completion filing drawn (or not) for spot check"),
    "clock.start": gettext_lazy("Time limit started"),
    "clock.pause": gettext_lazy("Time limit suspended"),
    "clock.resume": gettext_lazy("Time limit running again"),
    "clock.extend": gettext_lazy("Time limit extended on approval"),
    "clock.stop": gettext_lazy("Time limit stopped"),
    "clock.promised_limit": gettext_lazy("Shorter promised time limit applied"),
    "clock.recompute": gettext_lazy("Due date moved by a calendar change"),
    "inspection.schedule": gettext_lazy("Site inspection scheduled"),
    "inspection.cancel": gettext_lazy("Site inspection called off"),
    "inspection.record": gettext_lazy("Site inspection result recorded"),
}
APPLICANT_ACTIONS = tuple(APPLICANT_STEPS)

# Steps the applicant takes (unless a clerk did it for them at the window). A clock's step is always the
# unit's, even when the applicant's submission started it.
_APPLICANT_ACTS = ("application.submit", "application.withdraw")

# Only what the steps print: the row, the acting account's unit and window, the acting unit's name.
_FIELDS = ("seq", "created_at", "action", "from_state", "to_state", "data", "unit", "unit__name", "actor",
           "actor__unit", "actor__window_number", "actor__is_superuser")


@dataclass(frozen=True)
class CaseStep:
    """One step of a case as its applicant reads it: ``details`` are short phrases (the time limit's name, a
    due date, a pause's reason, an inspection's date, a decision's outcome)."""

    seq: int
    when: datetime
    step: str
    details: tuple[str, ...]
    by: str


@dataclass(frozen=True)
class CaseHistoryPage:
    """Steps newest first: ``newer`` whether newer steps exist than the first shown (a later page), ``older`` the
    ``seq`` before which the next page starts (None on the last page)."""

    steps: list[CaseStep]
    newer: bool
    older: int | None


def applicant_events(application: Application) -> Any:
    """The case's audit events its applicant may read (the allow-list), newest first."""
    return (timeline_for(application).filter(action__in=APPLICANT_ACTIONS).select_related("unit")
            .only(*_FIELDS).order_by("-seq"))


def _by(event: AuditEvent, application: Application) -> str:
    """Who acted, as the applicant should read it: the applicant, or the unit (with the clerk's window)."""
    actor = event.actor
    unit = event.unit.name if event.unit_id else str(application.brigade)
    staff = actor is not None and (actor.unit_id is not None or actor.is_superuser)
    if actor is not None and not staff and event.action in _APPLICANT_ACTS:
        return _("Applicant")
    if staff and actor.window_number:
        return f"{unit} {actor.window_number}"
    return unit


def _step(event: AuditEvent) -> str:
    data = event.data or {}
    if event.action == "application.submit" and event.from_state == ApplicationStatus.DEFICIENT:
        return _("Supplement submitted")
    if event.action == "filing.spot_check_select":
        return _("Drawn for spot check") if data.get("selected") else _("Not drawn for spot check")
    return str(APPLICANT_STEPS[event.action])


def _details(event: AuditEvent, clock_names: Mapping[int, str], matter_code: str) -> tuple[str, ...]:
    data = event.data or {}
    details: list[str] = []
    if event.action.startswith("clock."):
        clock = data.get("clock")
        name = clock_names.get(clock) if isinstance(clock, int) else ""
        if name:
            details.append(name)
        if event.action == "clock.pause" and data.get("pause_reason") in PauseReason.values:
            details.append(str(PauseReason(data["pause_reason"]).label))
        due = due_words(event)  # as the staff's timeline gives it
        if due:
            details.append(due)
    elif event.action in ("inspection.schedule", "inspection.cancel"):
        on = data_date(data.get("date"))
        if on:
            details.append(_("inspection day %(date)s") % {"date": on})
    elif event.action == "application.decide" and event.to_state in ApplicationStatus.values:
        details.append(_decided(event.to_state, matter_code))
    return tuple(details)


def _decided(status: str, matter_code: str) -> str:
    """The decision's conclusion as its act words it (``Decision.outcome_label``): 合格/不合格 for a design review,
    an acceptance and a pre-opening inspection, a spot check's result for a completion filing (decided only once
    drawn), the status otherwise."""
    if matter_code == MatterCode.COMPLETION_FILING:
        return status_label(status, matter_code=matter_code, drawn=True)
    if status in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED):
        label = qualified_label(matter_code, status == ApplicationStatus.APPROVED)
        if label is not None:
            return str(label)
    return str(ApplicationStatus(status).label)


def clock_names(clocks: Iterable[Any], matter: Any) -> dict[int, str]:
    """Each clock's time limit by clock id, named as the case's page names it (``clock_step_name``): what a clock's
    step or timeline entry calls the limit it is about (its event's ``data["clock"]``)."""
    return {clock.pk: clock_step_name(clock, matter) for clock in clocks}


def application_clock_names(clocks: Iterable[Any]) -> dict[int, str]:
    """Applications' clocks by clock id, each named as its case's page names it (``clock_names``), wherever the
    kernel lists clocks of many cases (the time-limit board; registered with ``firesvc.sla.hooks.on_clock_names``):
    the applications' matters are read in one query, however many clocks."""
    clocks = list(clocks)
    matters = {application.pk: application.matter for application in Application.objects.filter(
        pk__in={clock.owner_id for clock in clocks}).select_related("matter").only("matter__code", "matter__rule_code")}
    return {clock.pk: clock_step_name(clock, matters.get(clock.owner_id)) for clock in clocks}


def _steps(events: Iterable[AuditEvent], application: Application, clocks: Iterable[Any]) -> list[CaseStep]:
    names = clock_names(clocks, application.matter)
    code = application.matter.code
    return [CaseStep(event.seq, occurred_at(event), _step(event), _details(event, names, code), _by(event, application))
            for event in events]


def case_history_latest(application: Application, *, limit: int, clocks: Iterable[Any] = ()) -> CaseHistoryPage:
    """The newest ``limit`` steps of the case for its applicant, newest first: one query of at most ``limit + 1``
    rows. ``clocks``: the case's clocks as the page has them (with their rules), to name each time limit."""
    rows = list(applicant_events(application)[:limit + 1])
    return CaseHistoryPage(_steps(rows[:limit], application, clocks), False,
                           rows[limit - 1].seq if len(rows) > limit else None)


def case_history_page(application: Application, *, before: int | None, limit: int,
                      clocks: Iterable[Any] = ()) -> CaseHistoryPage:
    """A page of the case's steps for its applicant, newest first, starting before the event numbered ``before``
    (None: the newest); keyset on ``seq``."""
    events = applicant_events(application)
    if before is not None:
        events = events.filter(seq__lt=before)
    rows = list(events[:limit + 1])
    page = rows[:limit]
    return CaseHistoryPage(_steps(page, application, clocks), before is not None,
                           page[-1].seq if len(rows) > limit else None)
