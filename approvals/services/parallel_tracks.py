"""How the tracks of a parallel case (并联审批, A7) end, as the law orders them.

A building may be put into use only once it has passed fire acceptance (《中华人民共和国消防法》第十三条),
and the pre-opening inspection (第十五条) is of a place about to be put into use. So the
pre-opening track is never signed "approve" before the acceptance track is approved
(``parallel_sign_guard``, called by ``decision_sign``); a refused acceptance (不合格, or not
accepted at intake) terminates the pre-opening track with its reason and legal basis and tells the
applicant (``parallel_pre_opening_terminate``); while the acceptance track is open, the pre-opening
track's decision clock waits, paused (等待消防验收结果), and runs from the acceptance's approval
(``pre_opening_clock_wait``, ``parallel_pre_opening_resume``), so that no date is promised that the law keeps
the brigade from meeting; a case is withdrawn as a whole, never one track
(``application_withdraw``, ``parallel_case_withdraw``); the case closes when both tracks have ended.

This module sits below ``intake`` and ``parallel`` (which call it when a track ends) and builds on
``applications`` only. docs/guide-reviewer-approver.md, "Parallel approval", explains the choices.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.enums import WITHDRAWABLE, AcceptanceMode, ApplicationStatus, ClockNoticeKind, DecisionOutcome
from approvals.models import Application, Decision, ParallelCase
from approvals.services.applications import (
    APPLICATION_FLOW,
    _check_withdrawer,
    _stop_open_clocks,
    _sync_due,
    _withdraw_one,
)
from approvals.services.applications import application_withdraw as withdraw_one_application
from approvals.services.clocks import _issue as issue_clock_notice
from firesvc.audit.services import audit_record
from firesvc.core.transitions import transition
from firesvc.sla.enums import ClockStatus, PauseReason
from firesvc.sla.models import Clock
from firesvc.sla.services import clock_pause, clock_resume

DECIDED = (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED)
# A track has ended when it can change no more: decided, refused at intake, withdrawn or terminated.
ENDED = (*DECIDED, ApplicationStatus.REFUSED, ApplicationStatus.WITHDRAWN, ApplicationStatus.TERMINATED)
# An acceptance track ended so that the building may not be put into use (消防法 §13).
ACCEPTANCE_FAILED = (ApplicationStatus.REJECTED, ApplicationStatus.REFUSED)


def case_of_track(application: Application) -> ParallelCase | None:
    """The parallel case ``application`` is a track of, or None."""
    return (ParallelCase.objects.filter(acceptance=application).first()
            or ParallelCase.objects.filter(pre_opening=application).first())


def awaiting_acceptance(case: ParallelCase) -> bool:
    """The pre-opening track is under review and may not be approved yet: the acceptance track is not approved."""
    return (case.pre_opening.status == ApplicationStatus.ACCEPTED
            and case.acceptance.status != ApplicationStatus.APPROVED)


def waiting_case(application: Application) -> ParallelCase | None:
    """The parallel case whose pre-opening track is ``application`` while its acceptance track is still open
    (not decided, refused or withdrawn): the pre-opening decision cannot be made yet, so its clock must not run."""
    case = ParallelCase.objects.filter(pre_opening=application).select_related("acceptance").first()
    return case if case is not None and case.acceptance.status not in ENDED else None


def wait_note(case: ParallelCase) -> str:
    """Why the pre-opening track's decision clock waits (the applicant is told it with the pause)."""
    return (f"并联审批案件{case.number}的消防验收尚未作出合格决定。公众聚集场所投入使用、营业前消防安全检查以建设工程"
            "消防验收合格为前提（《中华人民共和国消防法》第十三条、第十五条），审批期限自消防验收合格之日起计算")


def pre_opening_clock_wait(*, case: ParallelCase, clock: Clock) -> Clock:
    """Pause the pre-opening track's just-started decision clock until its case's acceptance track is approved
    (``parallel_pre_opening_resume``). A system pause (等待消防验收结果) from the clock's start, through the SLA
    services (``clock.pause`` on the track's timeline, actor: the system). Called by ``application_accept``."""
    return clock_pause(clock=clock, reason=PauseReason.AWAITING_ACCEPTANCE, actor=None, note=wait_note(case),
                       at=clock.started_at)


def parallel_pre_opening_resume(*, case: ParallelCase, actor: Any) -> Clock | None:
    """The acceptance track is approved: the pre-opening track's decision clock, paused while it waited
    (``pre_opening_clock_wait``), runs from now with its whole limit (``clock.resume``, actor: the system; the
    applicant is told the due date) and the applicant gets the written notice of it, issued by ``actor`` (who
    signed the acceptance). Returns the clock, or None when none was waiting."""
    track = Application.objects.select_for_update().get(pk=case.pre_opening_id)
    clock = (Clock.objects.for_owner(track)
             .filter(status=ClockStatus.PAUSED, pause_reason=PauseReason.AWAITING_ACCEPTANCE)
             .order_by("-started_at", "-pk").first())
    if clock is None or track.status != ApplicationStatus.ACCEPTED:
        return None
    clock = clock_resume(clock=clock, actor=None)
    _sync_due(track, clock)
    track.save(update_fields=["due_at", "yellow_at", "due_date", "clock_paused_at", "clock_unit", "updated_at"])
    if getattr(actor, "is_authenticated", False):  # the written notice of the date the acceptance notice lacks
        issue_clock_notice(track, ClockNoticeKind.RESUME, actor=actor, clock=clock,
                           reason=f"并联审批案件{case.number}的消防验收已作出合格决定。")
    return clock


def parallel_sign_guard(*, application: Application, decision: Decision) -> None:
    """Refuse to sign "approve" on a pre-opening track while its case's acceptance track is undecided or
    refused: a building may be put into use only after passing fire acceptance (消防法 §13, §15).
    Called by ``decision_sign`` before anything changes; a refusal may be signed at any time."""
    if decision.outcome != DecisionOutcome.APPROVE:
        return
    case = ParallelCase.objects.filter(pre_opening=application).select_related("acceptance").first()
    if case is None or case.acceptance.status == ApplicationStatus.APPROVED:
        return
    if case.acceptance.status in ACCEPTANCE_FAILED:
        raise ValidationError(_("The fire acceptance of this building was refused: the pre-opening inspection "
                                "cannot be approved."))
    raise ValidationError(_("Waiting for the fire acceptance result: the pre-opening inspection can be approved "
                            "only after the acceptance track is approved."))


def termination_text(case: ParallelCase) -> tuple[str, str]:
    """The reason and the legal basis written on a terminated pre-opening track (and told to the applicant),
    citing the acceptance rules of the regime the case was filed under."""
    coordination = case.acceptance_mode == AcceptanceMode.COORDINATION
    acceptance_rules = ("《建设工程消防设计审查验收管理暂行规定》(住房和城乡建设部令第51号)" if coordination
                        else "《建设工程消防监督管理规定》(公安部令第119号)")
    acceptance = case.acceptance
    if acceptance.status == ApplicationStatus.REFUSED:
        outcome = f"该建设工程的消防验收申请（申请编号：{acceptance.number}）未予受理"
    else:
        decision = Decision.objects.filter(application=acceptance).values_list("number", flat=True).first()
        opinion = "消防验收协同意见" if coordination else "消防验收"
        outcome = f"该建设工程{opinion}为不合格" + (f"（{decision}）" if decision else "")
    reason = (f"并联审批案件{case.number}中，{outcome}。依法应当进行消防验收的建设工程，未经消防验收或者消防验收"
              "不合格的，禁止投入使用；公众聚集场所投入使用、营业前消防安全检查以建设工程消防验收合格为前提，"
              f"故投入使用、营业前消防安全检查申请（申请编号：{case.pre_opening.number}）终止办理。建设工程经整改"
              "并通过消防验收后，可以重新申请投入使用、营业前消防安全检查。")
    basis = f"《中华人民共和国消防法》第十三条、第十五条；{acceptance_rules}"
    return reason, basis


def parallel_pre_opening_terminate(*, actor: Any, case: ParallelCase) -> Application | None:
    """End the open pre-opening track of a case whose acceptance was refused (终止办理).

    Side effects, in the caller's transaction: its open clocks stop; the track moves to TERMINATED
    through the transition helper (the audit event carries the reason and the legal basis); the
    applicant is told in the inbox (and per their preferences by e-mail/SMS). Returns the track,
    or None when it had already ended.
    """
    track = Application.objects.select_for_update().select_related("matter", "brigade").get(pk=case.pre_opening_id)
    if track.status in ENDED:
        return None
    reason, basis = termination_text(case)
    _stop_open_clocks(track, actor=actor, outcome="terminated")
    _sync_due(track, None)
    track.closed_at = timezone.now()
    transition(workflow=APPLICATION_FLOW, obj=track, to=ApplicationStatus.TERMINATED, actor=actor,
               action="application.terminate", reason=reason,
               data={"legal_basis": basis, "case": case.number, "acceptance": case.acceptance_id})
    # The applicant is told by the notification matrix, from this audit event (approvals.notifications).
    return track


def parallel_case_close_if_decided(*, application: Application, actor: Any) -> ParallelCase | None:
    """After a track ends (called by ``decision_sign`` and the intake refusal in their transaction):
    a refused acceptance terminates the pre-opening track, an approved one restarts its waiting clock
    (``parallel_pre_opening_resume``); the case closes once both tracks have ended."""
    case = (ParallelCase.objects.select_for_update()
            .filter(acceptance=application).first() or ParallelCase.objects.select_for_update()
            .filter(pre_opening=application).first())
    if case is None or case.closed_at is not None:
        return case
    if case.acceptance_id == application.pk and application.status in ACCEPTANCE_FAILED:
        parallel_pre_opening_terminate(actor=actor, case=case)
    elif case.acceptance_id == application.pk and application.status == ApplicationStatus.APPROVED:
        parallel_pre_opening_resume(case=case, actor=actor)
    statuses = list(Application.objects.filter(pk__in=[case.acceptance_id, case.pre_opening_id])
                    .values_list("status", flat=True))
    if all(s in ENDED for s in statuses):
        case.closed_at = timezone.now()
        case.save(update_fields=["closed_at"])
        audit_record(actor=actor, obj=case, action="parallel_case.close", unit=case.brigade,
                     data={"outcomes": statuses})
    return case


@transaction.atomic
def parallel_case_withdraw(*, actor: Any, case: ParallelCase, reason: str = "") -> ParallelCase:
    """Withdraw the whole case: every open track (both, while neither is decided) with its clocks.

    One track alone is never withdrawn: a case "under review" with a withdrawn track would ask for
    a pre-opening inspection of a building whose acceptance nobody decides. Tracks already ended
    stay as they are. Side effects: ``application.withdraw`` on each open track, the case closes.
    """
    case = ParallelCase.objects.select_for_update().select_related("acceptance", "pre_opening").get(pk=case.pk)
    open_tracks = [a for a in case.tracks if a.status not in ENDED]
    if not open_tracks:
        raise ValidationError(_("Both tracks have ended; there is nothing to withdraw."))
    for track in open_tracks:
        _withdraw_one(actor=actor, application=track, reason=reason)
    audit_record(actor=actor, obj=case, action="parallel_case.withdraw", unit=case.brigade, reason=reason.strip(),
                 data={"tracks": [a.pk for a in open_tracks]})
    parallel_case_close_if_decided(application=case.acceptance, actor=actor)
    case.refresh_from_db()
    return case


@transaction.atomic
def application_withdraw(*, actor: Any, application: Application, reason: str = "") -> Application:
    """The applicant withdraws an application; a track of a parallel case withdraws its whole case
    (``parallel_case_withdraw``). What the filing page and the API call."""
    case = case_of_track(application)
    if case is None:
        return withdraw_one_application(actor=actor, application=application, reason=reason)
    _check_withdrawer(actor, application)
    if application.status not in WITHDRAWABLE:
        raise ValidationError(_("The application is %(status)s; this step is not possible now.") % {
            "status": application.get_status_display()})
    parallel_case_withdraw(actor=actor, case=case, reason=reason)
    application.refresh_from_db()
    return application
