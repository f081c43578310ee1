"""Pauses, resumption and extensions of a track's decision clock (A8), with the written notice to
the applicant. (The shorter promised limit of key and livelihood projects, 缩短时限 A10, is set at
acceptance: ``applications.promised_limit_apply``.)

The clock itself changes only through ``firesvc.sla.services``; these commands lock the
application first, keep its denormalised ``due_at``/``due_date`` in sync, issue a numbered
``ClockNotice``; the applicant is told from the clock's audit event (``approvals.notifications``),
all in one transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.enums import SUPPLEMENT_REPORT, ApplicationStatus, ClockNoticeKind
from approvals.models import Application, ClockNotice, Review
from approvals.selectors.technical_review import supplement_reported_at
from approvals.services.applications import _check_owner, _locked, _open_clock, _sync_due, supplement_pause_clock
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit
from firesvc.audit.models import AuditEvent
from firesvc.audit.services import audit_record
from firesvc.core.numbering import document_number
from firesvc.sla.enums import SYSTEM_PAUSE_REASONS, ClockStatus, PauseReason
from firesvc.sla.hooks import DeadlineMove
from firesvc.sla.models import Clock
from firesvc.sla.selectors import clock_rule_names
from firesvc.sla.services import clock_extend, clock_pause, clock_resume

# Reasons a reviewer or approver may stop a decision clock for, if the clock's rule allows them
# (补正 here is a supplement the technical review asks for, after acceptance).
STAFF_PAUSE_REASONS = (PauseReason.EXPERT_REVIEW, PauseReason.TESTING, PauseReason.SUPPLEMENT,
                       PauseReason.APPLICANT_REQUEST, PauseReason.HEARING)


def pause_reasons_for(clock: Clock | None) -> list[PauseReason]:
    """The reasons staff may stop ``clock`` for: theirs (``STAFF_PAUSE_REASONS``) that its rule allows
    (``TimeLimitRule.allows_pause``, which ``clock_pause`` refuses the others by). What the pause form offers."""
    if clock is None:
        return []
    return [reason for reason in PauseReason if reason in STAFF_PAUSE_REASONS and clock.rule.allows_pause(reason)]


def decision_clock_pause_reasons(application: Application) -> list[PauseReason]:
    """The reasons the application's open decision clock may be stopped for (``pause_reasons_for``)."""
    return pause_reasons_for(_open_clock(application))


def _running_clock(application: Application) -> tuple[Any, str]:
    """The case's decision clock under review, or why there is none (the refusals and ``_decision_clock``)."""
    clock = _open_clock(application)
    if application.status != ApplicationStatus.ACCEPTED or clock is None:
        return None, _("The application has no running decision clock.")
    return clock, ""


def decision_clock_pause_refusal(application: Application) -> str:
    """Why staff cannot stop the application's decision clock at all ("" if they can, for some reason): it
    has no running decision clock, or the clock's rule allows none of their reasons (the pause page then
    sends them back to the case with this, rather than offer a choice of nothing)."""
    clock, refused = _running_clock(application)
    if refused:
        return refused
    if not pause_reasons_for(clock):
        return _("The clock of %(rule)s cannot be stopped for this matter.") % {
            "rule": clock_rule_names([clock])[clock.pk]}
    return ""


def extension_refusal(application: Application) -> str:
    """Why the decision clock cannot be extended now ("" if it can): while it is stopped, the end date it would
    print moves with the time stopped, so the approver decides on an extension once it runs again."""
    clock, refused = _running_clock(application)
    if refused:
        return refused
    if clock.status == ClockStatus.PAUSED:
        return _("%(limit)s is suspended: it cannot be extended until it runs again, as the end date would still "
                 "move.") % {"limit": clock_rule_names([clock])[clock.pk]}
    return ""


NOTICE_PREFIX = {ClockNoticeKind.PAUSE: "中止", ClockNoticeKind.RESUME: "恢复", ClockNoticeKind.EXTENSION: "延期"}


def _decision_clock(application: Application) -> Clock:
    clock, refused = _running_clock(application)
    if refused:
        raise ValidationError(refused)
    return clock


def _check_staff(actor: Any, application: Application) -> None:
    if not can_see_unit(actor, application.brigade_id):
        raise PermissionDenied(_("This application belongs to another unit."))
    if actor.is_administrator or actor.has_role(Role.APPROVER):
        return
    review = Review.objects.filter(application=application).first()
    if not (actor.has_role(Role.REVIEWER) and review is not None and review.reviewer_id == actor.pk):
        raise PermissionDenied(_("Only the assigned reviewer or the approver can change the time limit."))


def _issue(application: Application, kind: str, *, actor: Any, clock: Clock, reason: str, **fields: Any) -> ClockNotice:
    prefix = NOTICE_PREFIX[kind]
    number = document_number(code=application.brigade.document_code, kind=prefix, year=timezone.localdate().year)
    notice = ClockNotice.objects.create(application=application, kind=kind, number=number, reason=reason,
                                        due_date=clock.due_date, due_date_provisional=clock.provisional,
                                        issued_by=actor, issued_at=timezone.now(), **fields)
    # The applicant is told by the notification matrix, from the clock's audit event (approvals.notifications).
    return notice


@transaction.atomic
def track_pause(*, actor: Any, application: Application, reason: str, note: str,
                expected_until: date | None = None) -> ClockNotice:
    """Stop the decision clock for expert review, testing, a supplement, a hearing or at the applicant's request.

    The applicant gets a written notice with the reason and the expected end (for a supplement, required: the
    date by which the applicant is to supplement). During a supplement pause the applicant may upload new
    versions of the materials (``applications.supplement_pause_clock``) and report them (``supplement_report``).
    """
    application = _locked(application)
    _check_staff(actor, application)
    clock = _decision_clock(application)
    if reason not in STAFF_PAUSE_REASONS:
        raise ValidationError({"reason": _("Choose a reason that stops the clock.")})
    if not note.strip():
        raise ValidationError({"note": _("Say why the clock stops; the applicant receives it in writing.")})
    if expected_until is not None and expected_until < timezone.localdate():
        raise ValidationError({"expected_until": _("The expected end cannot be in the past.")})
    if reason == PauseReason.SUPPLEMENT and expected_until is None:
        # The notice gives the applicant this date as the deadline to supplement by.
        raise ValidationError({"expected_until": _("Give the date by which the applicant is to supplement the "
                                                   "materials; the notice states it as their deadline.")})
    clock = clock_pause(clock=clock, reason=reason, actor=actor, note=note.strip(), expected_until=expected_until)
    _sync_due(application, clock)
    application.save(update_fields=["due_at", "yellow_at", "due_date", "clock_paused_at", "clock_unit",
                                    "updated_at"])
    return _issue(application, ClockNoticeKind.PAUSE, actor=actor, clock=clock, reason=note.strip(),
                  pause_reason=reason, expected_until=expected_until)


@transaction.atomic
def supplement_report(*, actor: Any, application: Application) -> AuditEvent:
    """The applicant reports the supplement asked for by a pause of the decision clock as uploaded (补正材料已提交).

    Writes the audit event from which the notification matrix tells the officer who stopped the clock
    (``approvals.notifications``); the officer checks the materials and restarts the clock (never restarted here).
    Refused unless the clock is stopped for a supplement and a material was uploaded since the pause (or since the
    previous report).
    """
    application = _locked(application)
    _check_owner(actor, application)
    if actor.is_staff_member:
        raise PermissionDenied(_("Only the applicant reports the supplement."))
    clock = supplement_pause_clock(application)
    if clock is None:
        raise ValidationError(_("The time limit is not suspended for a supplement, so there is nothing to report."))
    reported = supplement_reported_at(application, clock)
    since = max(clock.paused_at, reported) if reported and clock.paused_at else (reported or clock.paused_at)
    uploaded = (application.materials.filter(uploaded_at__gte=since).select_related("requirement")
                .order_by("requirement__order", "requirement_id", "version"))
    names = list(dict.fromkeys(material.requirement.name for material in uploaded))
    if not names:
        raise ValidationError(_("Upload the supplemented materials first, then report them as submitted.")
                              if reported is None else
                              _("Nothing was uploaded since you reported the supplement; upload the materials "
                                "first."))
    notice = (ClockNotice.objects.filter(application=application, kind=ClockNoticeKind.PAUSE)
              .order_by("-issued_at", "-pk").first())
    return audit_record(actor=actor, obj=application, action=SUPPLEMENT_REPORT, unit=application.brigade,
                        data={"clock": clock.pk, "officer": notice.issued_by_id if notice else None,
                              "names": names})


@transaction.atomic
def track_resume(*, actor: Any, application: Application, note: str = "") -> ClockNotice:
    """Restart the paused clock; the paused working days are added to the limit."""
    application = _locked(application)
    _check_staff(actor, application)
    clock = _decision_clock(application)
    if clock.status != ClockStatus.PAUSED:
        raise ValidationError(_("The clock is not paused, so it cannot be resumed."))
    if clock.pause_reason in SYSTEM_PAUSE_REASONS:
        raise ValidationError(_("%(reason)s: the clock restarts by itself once the fire acceptance is approved.") % {
            "reason": clock.get_pause_reason_display()})
    clock = clock_resume(clock=clock, actor=actor)
    _sync_due(application, clock)
    application.save(update_fields=["due_at", "yellow_at", "due_date", "clock_paused_at", "clock_unit",
                                    "updated_at"])
    # Only the officer's own note: the notice and the case page already state the new end date, so a default
    # sentence would say it twice.
    return _issue(application, ClockNoticeKind.RESUME, actor=actor, clock=clock, reason=note.strip())


@transaction.atomic
def track_extend(*, actor: Any, application: Application, amount: int, reason: str) -> ClockNotice:
    """Extend the limit (approver only, up to the rule's maximum); the reason goes to the applicant."""
    application = _locked(application)
    if not can_see_unit(actor, application.brigade_id):
        raise PermissionDenied(_("This application belongs to another unit."))
    if refused := extension_refusal(application):
        raise ValidationError(refused)
    clock = _decision_clock(application)
    clock = clock_extend(clock=clock, amount=amount, reason=reason, approved_by=actor)
    _sync_due(application, clock)
    application.save(update_fields=["due_at", "yellow_at", "due_date", "clock_paused_at", "clock_unit",
                                    "updated_at"])
    return _issue(application, ClockNoticeKind.EXTENSION, actor=actor, clock=clock, reason=reason.strip(),
                  amount=amount)


def application_deadline_moved(move: DeadlineMove) -> None:
    """A calendar change moved a clock of an application (``firesvc.sla.hooks``; inside its transaction).

    The application's row carries the current clock's deadline again (worklists, case page and API
    read it there). The applicant is told the new due date by the notification matrix, from the
    clock's ``clock.recompute`` event (``approvals.notifications``), which is already on the timeline.
    """
    application = Application.objects.select_for_update().filter(pk=move.clock.owner_id).first()
    if application is None:
        return
    current = _open_clock(application)
    if current is not None and current.pk == move.clock.pk:
        _sync_due(application, move.clock)
        application.save(update_fields=["due_at", "yellow_at", "due_date", "clock_paused_at", "clock_unit",
                                        "updated_at"])
