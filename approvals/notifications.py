"""Who is told of each step of an application (or a parallel track), as data (issue 20 §4).

The rules below are the approvals rows of the kernel's notification matrix
(``firesvc.notifications.matrix``): the audit event a service writes through the transition
helper (or the clock services) is the trigger, so no service calls ``notify`` itself. The same
matrix is the table of ``docs/notifications.md`` (a test keeps them equal). Registered by
``ApprovalsConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.enums import SUPPLEMENT_REPORT, ApplicationStatus
from approvals.models import Application, ParallelCase, Review
from approvals.selectors.filing import clock_step_name
from approvals.status_words import application_status_words
from firesvc.accounts.roles import Role
from firesvc.accounts.selectors import nearest_with_roles
from firesvc.notifications.enums import Channel, NotificationKind
from firesvc.notifications.matrix import ANY_STATUS_CHANGE, Rule, Subject, register
from firesvc.sla.enums import ClockStatus, LimitUnit, PauseReason
from firesvc.sla.models import Clock

MODEL = "approvals.application"
EMAIL, SMS = Channel.EMAIL.value, Channel.SMS.value

# Names of the recipients (the matrix's rows say which of them each event tells).
APPLICANT = "applicant"
ASSIGNEE = "assigned reviewer"
CASE_STAFF = "case staff"
SIGNERS = "approvers who may sign"
PAUSER = "officer who stopped the clock"

# The audit action of a clock that a working-day calendar change moved (firesvc.sla.services).
RECOMPUTE = "clock.recompute"

# The audit actions of the green channel (绿色通道), set and cleared by an approver (issue 20 §3).
GREEN_CHANNEL_SET = "application.green_channel_set"
GREEN_CHANNEL_CLEAR = "application.green_channel_clear"

# The random draw of a completion filing for spot check (抽查), drawn or not (services.precheck).
SPOT_CHECK_SELECT = "filing.spot_check_select"


def _drawn(event: Any) -> bool:
    """A draw that selected the filing for a spot check (one not drawn is told by its completion)."""
    return bool((event.data or {}).get("selected"))


def _applicant(event: Any, application: Application) -> Iterable[Any]:
    """The enterprise user who filed (or for whom the window filed): the enterprise's inbox."""
    return [application.applicant]


def _assignee(event: Any, application: Application) -> Iterable[Any]:
    """The reviewer the track was just assigned to."""
    pk = (event.data or {}).get("reviewer")
    return list(get_user_model().objects.filter(pk=pk, is_active=True)) if pk else []


def _pauser(event: Any, application: Application) -> Iterable[Any]:
    """The reviewer or approver who stopped the decision clock for the supplement the event reports."""
    pk = (event.data or {}).get("officer")
    return list(get_user_model().objects.filter(pk=pk, is_active=True)) if pk else []


def _case_staff(event: Any, application: Application) -> Iterable[Any]:
    """Who is working on the case: its reviewer once assigned, else the brigade's window clerks; nobody for a
    case staff may not see (an enterprise's own draft withdrawn before it was ever submitted)."""
    if not Application.objects.shown_to_staff().filter(pk=application.pk).exists():
        return []
    review = Review.objects.filter(application=application).select_related("reviewer").first()
    if review is not None and review.reviewer.is_active:
        return [review.reviewer]
    return list(get_user_model().objects.filter(unit_id=application.brigade_id, is_active=True,
                                                groups__name=Role.WINDOW_CLERK).distinct().order_by("pk"))


def _signers(event: Any, application: Application) -> Iterable[Any]:
    """The approvers nearest the case's brigade (the brigade's own, else those above it) who may sign its
    draft: not its reviewer (the drafter, the event's actor, is never told of his own act)."""
    reviewer_id = Review.objects.filter(application=application).values_list("reviewer_id", flat=True).first()
    reached = nearest_with_roles(unit=application.brigade, roles=[Role.APPROVER])
    return [person for person in reached.people if person.pk != reviewer_id]


def _day(value: Any) -> str:
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return date_format(day, "DATE_FORMAT")


def _iso_day(value: Any) -> str:
    """2026-05-06, as the notice of a moved due date has always written it (an em dash when unknown)."""
    if not value:
        return "—"
    return date_format(date.fromisoformat(str(value)[:10]), "Y-m-d")


def _due_date_moved(event: Any) -> bool:
    """A recomputed clock tells the applicant only when its due date moved (not its yellow instant or
    its provisional flag alone)."""
    data = event.data or {}
    return bool(data.get("due_date")) and data.get("due_date") != data.get("previous_due_date")


def _clock(event: Any, application: Application) -> Clock | None:
    """The clock an event is about: a clock's event names it (``data["clock"]``); an acceptance is about the clock
    it has just started (the application's newest open one)."""
    clocks = Clock.objects.select_related("rule")
    pk = (event.data or {}).get("clock")
    if pk:
        return clocks.filter(pk=pk).first()
    return clocks.for_owner(application).exclude(status=ClockStatus.STOPPED).order_by("-started_at", "-pk").first()


def _due_sentence(limit: str, due: str, *, provisional: bool) -> str:
    """When the limit ends; a date in a year whose holidays are not yet published says so, as the notice does."""
    if not (due and limit):
        return ""
    if provisional:
        return _("%(limit)s ends on %(date)s (provisional: it may change once that year's public holidays are "
                 "published, and you will be told).") % {"limit": limit, "date": due}
    return _("%(limit)s ends on %(date)s.") % {"limit": limit, "date": due}


def _words(event: Any, application: Application) -> Mapping[str, Any]:
    """The placeholders of the texts, in words (labels and names, never codes or login names)."""
    data = event.data or {}
    due = _day(data.get("due_date"))
    # The time limit the event is about, named as the case's page names it: the matter's own clock is its
    # 审批期限 (a completion filing's its 抽查期限), the window's keeps its own name (clock_step_name).
    clock = _clock(event, application) if due or event.action.startswith("clock.") else None
    limit = clock_step_name(clock, application.matter) if clock is not None else ""
    reason = event.reason.strip().rstrip("。.;；")  # the sentence around it ends it
    statuses = application_status_words(application)  # a completion filing's are not a permit's
    words: dict[str, Any] = {
        "number": application.number or _("(not yet numbered)"),
        "project": application.project_name,
        "matter": application.matter.name,
        "enterprise": application.applicant_name or application.enterprise.name,
        "status": str(statuses.get(event.to_state, "")),
        "reason": reason,
        "reason_text": event.reason.strip(),
        "legal_basis": data.get("legal_basis", ""),
        "reason_sentence": _("The reason given: %(reason)s.") % {"reason": reason} if reason else "",
        "due_date": due,
        "limit": limit,
        "due_sentence": _due_sentence(limit, due, provisional=bool(clock is not None and clock.provisional)),
        "actor": event.actor.display_name if event.actor_id else _("The system"),
        "decision_number": data.get("number", ""),
        # "；" between the materials: their names hold "、" of their own (services.applications.names_text).
        "items": "；".join(data.get("names") or []),
    }
    if event.action == "clock.pause":
        words["pause_reason"] = str(dict(PauseReason.choices).get(data.get("pause_reason"), ""))
        until = _day(data.get("expected_until"))
        words["expected"] = _("It is expected to run again by %(date)s.") % {"date": until} if until else ""
        if until and data.get("pause_reason") == PauseReason.SUPPLEMENT:  # the date is the applicant's deadline
            words["expected"] = _("Supplement the materials by %(date)s: upload them on the application page, then "
                                  "report the supplement as submitted.") % {"date": until}
    if event.action == RECOMPUTE:
        words.update({"date": _iso_day(data.get("due_date")), "previous": _iso_day(data.get("previous_due_date")),
                      "clock": data.get("clock"), "change": data.get("change"),
                      "provisional_sentence": _("The date is provisional until the State Council's holiday notice "
                                                "for that year is published.") if data.get("provisional") else ""})
    if event.action == SPOT_CHECK_SELECT:
        words["spot_check_due"] = _iso_day(data.get("due_date"))
    if event.action == "clock.extend":
        unit = clock.limit_unit if clock is not None else ""
        words["amount"] = _("%(n)s %(unit)s") % {"n": data.get("amount", ""),
                                                 "unit": dict(LimitUnit.choices).get(unit, "")}
    return words


def _page(application: Application) -> str:
    """The page the notice opens: a parallel track's case (both tracks and their documents), else the application."""
    case = ParallelCase.objects.filter(Q(acceptance=application) | Q(pre_opening=application)).first()
    return case.get_absolute_url() if case is not None else application.get_absolute_url()


def _own_page(application: Application) -> str:
    """The application's own page, a parallel track's too: where its time-limit notices are shown (its case's
    page shows neither track's)."""
    return application.get_absolute_url()


def _is_status_change(event: Any) -> bool:
    return (event.from_state in ApplicationStatus.values and event.to_state in ApplicationStatus.values
            and event.from_state != event.to_state)


def _is_supplement(event: Any) -> bool:
    """A submission that sends the supplement after a one-time notice (not a first filing)."""
    return event.from_state == ApplicationStatus.DEFICIENT


def _rule(event: str, recipient: str, channels: tuple[str, ...], kind: str, title: Any, body: Any,
          **options: Any) -> Rule:
    return Rule(model=MODEL, event=event, recipient=recipient, channels=channels, kind=kind, title=title, body=body,
                **options)


PROGRESS = NotificationKind.APPROVAL_STATUS.value
TIME_LIMIT = NotificationKind.APPROVAL_TIME_LIMIT.value

RULES: tuple[Rule, ...] = (
    _rule("application.submit", APPLICANT, (EMAIL,), PROGRESS,
          gettext_lazy("Application %(number)s received"),
          gettext_lazy("Your application for %(matter)s (%(project)s) has reached the window. Within five working "
                       "days the window accepts it or tells you at once everything to supplement."),
          tell_actor=True, applies=lambda event: not _is_supplement(event)),
    # After the one-time notice the window accepts or refuses in writing: it asks for nothing more.
    _rule("application.submit", APPLICANT, (EMAIL,), PROGRESS,
          gettext_lazy("Supplement to application %(number)s received"),
          gettext_lazy("Your supplement to the application for %(matter)s (%(project)s) has reached the window. "
                       "Within five working days the window accepts the application or refuses it with written "
                       "reasons."),
          tell_actor=True, applies=_is_supplement),
    _rule("application.deficiency_notice", APPLICANT, (EMAIL, SMS), PROGRESS,
          gettext_lazy("Materials to supplement: %(number)s"),
          gettext_lazy("The window issued a one-time notice for %(project)s (%(matter)s). Supplement: %(items)s. "
                       "Open the application to read the notice and upload the materials.")),
    _rule("application.accept", APPLICANT, (EMAIL, SMS), PROGRESS,
          gettext_lazy("Application %(number)s accepted"),
          gettext_lazy("Your application for %(matter)s (%(project)s) is accepted. %(due_sentence)s")),
    _rule("application.deemed_accept", APPLICANT, (EMAIL, SMS), PROGRESS,
          gettext_lazy("Application %(number)s deemed accepted"),
          gettext_lazy("The window did not answer within five working days, so by law your application for "
                       "%(matter)s (%(project)s) counts as accepted on the day it arrived. %(due_sentence)s")),
    _rule("application.refuse", APPLICANT, (EMAIL, SMS), PROGRESS,
          gettext_lazy("Application %(number)s not accepted"),
          gettext_lazy("The window did not accept your application for %(matter)s (%(project)s). %(reason_sentence)s "
                       "Open the application to read the notice of non-acceptance.")),
    # A time-limit notice opens the page that shows it: a parallel track's own, not its case's (_own_page).
    _rule("clock.pause", APPLICANT, (EMAIL,), TIME_LIMIT,
          gettext_lazy("Time limit suspended: %(number)s"),
          gettext_lazy("%(limit)s of %(project)s is suspended (%(pause_reason)s): %(reason)s %(expected)s"),
          url=_own_page),
    _rule("clock.resume", APPLICANT, (EMAIL,), TIME_LIMIT,
          gettext_lazy("Time limit running again: %(number)s"),
          gettext_lazy("%(limit)s of %(project)s runs again. %(due_sentence)s"), url=_own_page),
    _rule("clock.extend", APPLICANT, (EMAIL, SMS), TIME_LIMIT,
          gettext_lazy("%(limit)s extended: %(number)s"),
          gettext_lazy("%(limit)s of %(project)s is extended by %(amount)s: %(reason)s %(due_sentence)s"),
          url=_own_page),
    # A calendar change (a holiday entered, the State Council's notice loaded) moved the due date. The
    # key is the clock and the change, as it was before the row: one notice per clock and calendar edit.
    _rule(RECOMPUTE, APPLICANT, (EMAIL,), TIME_LIMIT,
          gettext_lazy("%(limit)s now ends on %(date)s: %(project)s"),
          # The moved date, then (when the year's calendar is not yet official) the sentence that says so.
          format_lazy("{} %(provisional_sentence)s", gettext_lazy(
              "The working-day calendar changed: %(limit)s of %(number)s (%(project)s) now ends on %(date)s "
              "instead of %(previous)s.")),
          applies=_due_date_moved, dedupe_key="approvals:due-moved:%(clock)s:%(change)s"),
    _rule(GREEN_CHANNEL_SET, APPLICANT, (EMAIL,), PROGRESS,
          gettext_lazy("Green channel: %(number)s"),
          gettext_lazy("Your application for %(project)s is handled with priority in the green channel. "
                       "%(reason_sentence)s")),
    _rule(GREEN_CHANNEL_CLEAR, APPLICANT, (EMAIL,), PROGRESS,
          gettext_lazy("Green channel ended: %(number)s"),
          gettext_lazy("Your application for %(project)s is no longer handled in the green channel. "
                       "%(reason_sentence)s")),
    _rule("application.decide", APPLICANT, (EMAIL, SMS), NotificationKind.APPROVAL_DECISION.value,
          gettext_lazy("Decision on %(matter)s: %(status)s"),
          gettext_lazy("%(decision_number)s for %(project)s is signed. Open the application to download it.")),
    _rule("filing.complete", APPLICANT, (EMAIL,), NotificationKind.APPROVAL_DECISION.value,
          gettext_lazy("Completion filing %(number)s recorded"),
          gettext_lazy("The completion filing of %(project)s is recorded; it was not drawn for a spot check.")),
    # A drawn filing stays open: the applicant learns it is to be checked, and by when (the clock's due date).
    _rule(SPOT_CHECK_SELECT, APPLICANT, (EMAIL, SMS), PROGRESS,
          gettext_lazy("Completion filing %(number)s drawn for a spot check"),
          gettext_lazy("The completion filing of %(project)s has been drawn for a spot check; the spot check time "
                       "limit ends on %(spot_check_due)s."),
          applies=_drawn),
    _rule("application.terminate", APPLICANT, (EMAIL, SMS), NotificationKind.APPROVAL_TERMINATED.value,
          gettext_lazy("%(matter)s terminated: the fire acceptance was not passed"),
          gettext_lazy("%(reason_text)s (legal basis: %(legal_basis)s)")),
    _rule("application.withdraw", APPLICANT, (EMAIL,), PROGRESS,
          gettext_lazy("Application %(number)s withdrawn"),
          gettext_lazy("The application for %(matter)s (%(project)s) is withdrawn and its time limits are no "
                       "longer counted. %(reason_sentence)s"),
          tell_actor=True),
    _rule("application.withdraw", CASE_STAFF, (EMAIL,), NotificationKind.APPROVAL_WITHDRAWN.value,
          gettext_lazy("Withdrawn by the applicant: %(number)s"),
          gettext_lazy("%(enterprise)s withdrew the application for %(matter)s (%(project)s). %(reason_sentence)s")),
    _rule(SUPPLEMENT_REPORT, PAUSER, (EMAIL,), TIME_LIMIT,
          gettext_lazy("Supplement submitted: %(number)s"),
          gettext_lazy("%(enterprise)s reports that the materials you asked for when you suspended the time limit of "
                       "%(project)s (%(matter)s) are uploaded: %(items)s. Check them, then restart the time limit."),
          url=_own_page),
    _rule("review.assign", ASSIGNEE, (EMAIL,), NotificationKind.APPROVAL_ASSIGNED.value,
          gettext_lazy("Assigned to you: %(number)s"),
          gettext_lazy("%(actor)s assigned you the technical review of %(project)s (%(matter)s).")),
    _rule("decision.draft", SIGNERS, (EMAIL,), NotificationKind.DECISION_TO_SIGN.value,
          gettext_lazy("To sign: %(number)s"),
          gettext_lazy("%(actor)s drafted the decision on %(project)s (%(matter)s); it waits for your signature.")),
    _rule(ANY_STATUS_CHANGE, APPLICANT, (EMAIL,), PROGRESS,
          gettext_lazy("Application %(number)s: %(status)s"),
          gettext_lazy("Your application for %(matter)s (%(project)s) is now: %(status)s. %(reason_sentence)s")),
)

SUBJECT = Subject(
    model=MODEL,
    recipients={APPLICANT: _applicant, ASSIGNEE: _assignee, CASE_STAFF: _case_staff, SIGNERS: _signers,
                PAUSER: _pauser},
    context=_words,
    url=_page,
    is_status_change=_is_status_change,
)


def register_notifications() -> None:
    register(SUBJECT, RULES)
