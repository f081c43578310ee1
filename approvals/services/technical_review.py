"""Technical review (技术审查), from acceptance to a signed decision (A6): assignment, review
notes, site inspection, draft, sign or send back.

Every command locks the application row first (then its review), so two members of staff
acting on one track at once are serialised: the second sees the state the first left and is
refused with a message. ``Review.status`` and the application's own status change only
through ``firesvc.core.transitions`` (``REVIEW_FLOW``, ``APPLICATION_FLOW``). Audit events
are written on the application (the case timeline) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals import decision_texts
from approvals.enums import (
    REVIEW_TRANSITIONS,
    AcceptanceMode,
    ApplicationStatus,
    DecisionKind,
    DecisionOutcome,
    MatterCode,
    ReviewStatus,
)
from approvals.models import (
    Application,
    ChecklistItem,
    Decision,
    InspectionPhoto,
    Review,
    SiteInspection,
)
from approvals.selectors.filing import clock_step_name
from approvals.services.applications import APPLICATION_FLOW, _locked, _open_clock, _stop_open_clocks, _sync_due
from approvals.services.parallel_tracks import parallel_sign_guard
from firesvc import workdays
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit
from firesvc.audit.services import audit_record
from firesvc.core.numbering import document_number
from firesvc.core.storage import files_removed_on_error
from firesvc.core.transitions import Workflow, transition
from firesvc.core.uploads import check_upload
from firesvc.sla.enums import SYSTEM_PAUSE_REASONS, ClockStatus
from firesvc.sla.services import clocks_assign
from firesvc.workdays import WorkdayCalendar

# 决定书文号的字, after the brigade's 代字 (沈铁消 + 安检字 → 沈铁消安检字〔2026〕3号): by matter; the
# coordination opinion has its own series.
DECISION_PREFIX = {
    MatterCode.DESIGN_REVIEW: "审字",
    MatterCode.ACCEPTANCE: "验字",
    MatterCode.PRE_OPENING: "安检字",
    MatterCode.COMPLETION_FILING: "备字",
}
COORDINATION_PREFIX = "验协字"
MAX_PHOTOS = 20


@dataclass(frozen=True)
class ChecklistResult:
    """One checklist line as the inspector records it."""

    item_id: int
    passed: bool
    note: str = ""


@dataclass(frozen=True)
class Photo:
    data: bytes
    filename: str
    item_code: str = ""


# --- checks --------------------------------------------------------------------------------

def _is_approver(user: Any) -> bool:
    return bool(user.is_administrator or user.has_role(Role.APPROVER))


def _check_scope(actor: Any, application: Application) -> None:
    if not can_see_unit(actor, application.brigade_id):
        raise PermissionDenied(_("This application belongs to another unit."))


def _check_approver(actor: Any, application: Application) -> None:
    if not _is_approver(actor):
        raise PermissionDenied(_("Only the approver can do this."))
    _check_scope(actor, application)


def not_under_review(application: Application) -> str:
    """Why no step of the review can be taken on the application ("" while it is under review)."""
    if application.status != ApplicationStatus.ACCEPTED:
        return _("The application is %(status)s; it is not under review.") % {
            "status": application.get_status_display()}
    return ""


def _check_under_review(application: Application) -> None:
    if refused := not_under_review(application):
        raise ValidationError(refused)


def _review(application: Application) -> Review:
    review = Review.objects.select_for_update().filter(application=application).first()
    if review is None:
        raise ValidationError(_("No reviewer is assigned to this application yet; the approver assigns one first."))
    return review


def _paused(application: Application) -> dict[str, str] | None:
    """The paused (中止) decision clock in words: its ``limit``, named as the case's page names it (审批期限,
    ``clock_step_name``), and the ``reason`` it is paused for; None if it is not paused.

    While it is, no decision is drafted or signed: the applicant was told in writing that the time limit
    resumes with another notice, which restarting the clock issues (``clocks.track_resume``); signing
    would stop the paused clock without it. A system pause (``SYSTEM_PAUSE_REASONS``: a pre-opening track waiting
    for its fire acceptance) is no obstacle: no one restarts it by hand, and a refusal may be signed at any time
    (``parallel_sign_guard`` keeps the approval until the acceptance is approved)."""
    clock = _open_clock(application)
    if clock is None or clock.status != ClockStatus.PAUSED or clock.pause_reason in SYSTEM_PAUSE_REASONS:
        return None
    return {"limit": clock_step_name(clock, application.matter), "reason": str(clock.get_pause_reason_display() or "-")}


def _check_reviewer(actor: Any, application: Application, review: Review) -> None:
    """The assigned reviewer works on the track; the approver may step in."""
    _check_scope(actor, application)
    if review.reviewer_id != actor.pk and not _is_approver(actor):
        raise PermissionDenied(_("Only the assigned reviewer (or the approver) can do this."))


# A review's steps are audited on its application (the case timeline).
REVIEW_FLOW = Workflow(
    transitions=REVIEW_TRANSITIONS,
    refused={
        ReviewStatus.DRAFTED: gettext_lazy("A draft decision is already waiting for signature, "
                                           "or the case is decided."),
        ReviewStatus.SIGNED: gettext_lazy("There is no draft decision to sign."),
        ReviewStatus.ASSIGNED: gettext_lazy("There is no draft decision to send back."),
    },
    unit=lambda review: review.application.brigade,
    audit_obj=lambda review: review.application,
)


def reviewers_of(brigade_id: int) -> list[Any]:
    """The active reviewers working in a brigade, in a stable order (the round-robin order)."""
    user_model = get_user_model()
    return list(user_model.objects.filter(unit_id=brigade_id, is_active=True, groups__name=Role.REVIEWER)
                .distinct().order_by("pk"))


def next_reviewer(brigade_id: int, *, exclude: Any = None) -> Any:
    """Round robin: the reviewer after the one who got the brigade's latest assignment. ``exclude``: a user
    who cannot get the track (the assigning approver, who may sign its decision)."""
    candidates = [user for user in reviewers_of(brigade_id) if exclude is None or user.pk != exclude.pk]
    if not candidates:
        raise ValidationError(_("The brigade has no reviewer to assign."))
    last = (Review.objects.filter(application__brigade_id=brigade_id).order_by("-assigned_at", "-pk")
            .values_list("reviewer_id", flat=True).first())
    if last is None:
        return candidates[0]
    after = [user for user in candidates if user.pk > last]
    return after[0] if after else candidates[0]


# --- assignment and review -----------------------------------------------------------------

@transaction.atomic
def review_assign(*, actor: Any, application: Application, reviewer: Any = None) -> Review:
    """Assign the track to a reviewer (the approver's choice, or round robin when ``reviewer`` is None).

    Reassigning is possible until a draft decision exists. The approver never assigns the track to
    himself, even if he is also a reviewer: the decision's drafter cannot sign it (审批分离), so he would
    have to hand his own work to another approver. Side effects: the decision clock's assignee (for the
    time-limit reminders), an audit event ``review.assign``.
    """
    application = _locked(application)
    _check_approver(actor, application)
    _check_under_review(application)
    if reviewer is None:
        reviewer = next_reviewer(application.brigade_id, exclude=actor)
    if reviewer.pk == actor.pk:
        raise ValidationError(_("You cannot assign the review to yourself: whoever drafts the decision cannot sign "
                                "it. Choose another reviewer."))
    if not (reviewer.has_role(Role.REVIEWER, Role.APPROVER) and reviewer.is_active):
        raise ValidationError(_("%(name)s is not a reviewer.") % {"name": reviewer.get_full_name() or reviewer})
    if not can_see_unit(reviewer, application.brigade_id):
        raise ValidationError(_("%(name)s works in another unit.") % {"name": reviewer.get_full_name() or reviewer})
    now = timezone.now()
    review = Review.objects.select_for_update().filter(application=application).first()
    if review is None:
        review = Review.objects.create(application=application, reviewer=reviewer, assigned_by=actor,
                                       assigned_at=now)
    else:
        if review.status != ReviewStatus.ASSIGNED:
            raise ValidationError(_("A draft decision exists; send it back before reassigning the case."))
        review.reviewer, review.assigned_by, review.assigned_at = reviewer, actor, now
        review.save()
    clocks_assign(owner=application, assignee=reviewer)
    audit_record(actor=actor, obj=application, action="review.assign", to_state=review.status,
                 unit=application.brigade, data={"reviewer": reviewer.pk,
                                                 "reviewer_name": reviewer.get_full_name() or reviewer.username})
    return review


@transaction.atomic
def review_note(*, actor: Any, application: Application, notes: str) -> Review:
    """Save the technical review notes (技术审查意见)."""
    application = _locked(application)
    _check_under_review(application)
    review = _review(application)
    _check_reviewer(actor, application, review)
    if review.status != ReviewStatus.ASSIGNED:
        raise ValidationError(_("The draft decision is with the approver; notes can change after it is sent back."))
    review.notes = notes.strip()
    review.save()
    audit_record(actor=actor, obj=application, action="review.note", unit=application.brigade,
                 data={"length": len(review.notes)})
    return review


# --- site inspection -----------------------------------------------------------------------

def checklist_of(application: Application) -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(matter_id=application.matter_id, is_active=True).order_by("order", "pk"))


# Law-enforcement officers (执法人员) of a brigade: who may go on a site inspection.
INSPECTOR_ROLES = (Role.REVIEWER, Role.APPROVER)
# 《消防监督检查规定》, 《公安机关办理行政案件程序规定》: on-site enforcement by at least two officers.
MIN_INSPECTORS = 2


@dataclass(frozen=True)
class RestDay:
    """An inspection date that is not a working day, as the calendar names it (firesvc.workdays)."""

    day: date
    name: str  # the holiday (国庆节), or "" for an ordinary weekend or another rest day
    weekend: bool
    next_workday: date


def rest_day_of(on: date, *, cal: WorkdayCalendar) -> RestDay | None:
    """``on`` as a rest day (a weekend or a statutory holiday, 调休 included), or None for a working day."""
    info = cal.describe(on)
    if info.is_workday:
        return None
    return RestDay(day=on, name=info.name, weekend=on.weekday() >= 5, next_workday=cal.next_workday(on))


def check_inspection_date(on: date, *, today: date, cal: WorkdayCalendar, rest_day_confirmed: bool) -> RestDay | None:
    """The rule on the date of a site inspection: never in the past; a rest day only when confirmed (the brigade
    does inspect on a weekend or a holiday when the enterprise needs it, e.g. before an opening, but as a
    deliberate choice). Returns the rest day that was confirmed, or None for a working day."""
    if on < today:
        raise ValidationError({"scheduled_for": _("The inspection date cannot be in the past.")})
    rest = rest_day_of(on, cal=cal)
    if rest is not None and not rest_day_confirmed:
        what = rest.name or (_("weekend") if rest.weekend else _("a rest day"))
        raise ValidationError({"confirm_rest_day": ValidationError(
            _("%(date)s is not a working day (%(what)s); the next working day is %(next)s. Choose another date, "
              "or confirm that the inspection takes place on this day.") % {
                "date": date_format(on, "DATE_FORMAT"), "what": what,
                "next": date_format(rest.next_workday, "DATE_FORMAT")},
            code="rest_day")})
    return rest


def may_inspect(person: Any, brigade_id: int) -> bool:
    """An active reviewer or approver who works for the brigade (or a unit above it)."""
    return bool(person.is_active and person.has_role(*INSPECTOR_ROLES) and can_see_unit(person, brigade_id))


def inspection_team(*, reviewer: Any, brigade_id: int, inspectors: Sequence[Any]) -> list[Any]:
    """Who goes: the case's reviewer first, then the other officers named (each once). Refused when one of them
    may not inspect for the brigade, or when fewer than ``MIN_INSPECTORS`` go."""
    team = [reviewer]
    for person in inspectors:
        if all(person.pk != member.pk for member in team):
            team.append(person)
    for person in team[1:]:
        if not may_inspect(person, brigade_id):
            raise ValidationError({"inspectors": _("%(name)s cannot inspect for this unit.") % {"name": person}})
    if len(team) < MIN_INSPECTORS:
        raise ValidationError({"inspectors": _(
            "A site inspection needs at least two law-enforcement officers on site: choose at least one inspector "
            "besides the reviewer, %(name)s.") % {"name": reviewer}})
    return team


@transaction.atomic
def inspection_schedule(*, actor: Any, application: Application, on: date, inspectors: Sequence[Any],
                        rest_day_confirmed: bool = False) -> SiteInspection:
    """Schedule a site inspection (现场检查/评定) by the case's reviewer and at least one more officer.

    ``inspectors``: the officers who go with the reviewer (the reviewer is always one of the team, named or
    not); at least two officers in all (``inspection_team``). ``on``: today or later; a weekend or a holiday
    needs ``rest_day_confirmed`` (``check_inspection_date``). Audit ``inspection.schedule`` with the team and,
    for a rest day, what the day is.
    """
    application = _locked(application)
    _check_under_review(application)
    review = _review(application)
    _check_reviewer(actor, application, review)
    refusals: dict[str, Any] = {}  # the date's and the team's, both at once
    rest, team = None, []
    try:
        rest = check_inspection_date(on, today=timezone.localdate(), cal=workdays.calendar(),
                                     rest_day_confirmed=rest_day_confirmed)
    except ValidationError as refusal:
        refusals.update(refusal.error_dict)
    try:
        team = inspection_team(reviewer=review.reviewer, brigade_id=application.brigade_id, inspectors=inspectors)
    except ValidationError as refusal:
        refusals.update(refusal.error_dict)
    if refusals:
        raise ValidationError(refusals)
    inspection = SiteInspection.objects.create(application=application, scheduled_for=on, scheduled_by=actor)
    inspection.inspectors.set(team)
    data: dict[str, Any] = {"inspection": inspection.pk, "date": on, "inspectors": [p.pk for p in team],
                            "inspector_names": [str(p) for p in team]}
    if rest is not None:
        data["rest_day"] = rest.name or ("weekend" if rest.weekend else "rest day")
    audit_record(actor=actor, obj=application, action="inspection.schedule", unit=application.brigade, data=data)
    return inspection


@transaction.atomic
def inspection_cancel(*, actor: Any, inspection: SiteInspection, reason: str) -> None:
    """Call off a scheduled inspection whose result is not recorded (set for the wrong day, an inspector
    unavailable): the reviewer or the approver, with the reason, kept in the case's audit trail. Until then
    the draft waits for it (``decision_draft``)."""
    application = _locked(inspection.application)
    _check_under_review(application)
    _check_reviewer(actor, application, _review(application))
    inspection = SiteInspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.completed_at is not None:
        raise ValidationError(_("This inspection's result is recorded; it cannot be called off."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the inspection is called off."))
    audit_record(actor=actor, obj=application, action="inspection.cancel", unit=application.brigade, reason=reason,
                 data={"inspection": inspection.pk, "date": inspection.scheduled_for})
    inspection.delete()


@files_removed_on_error()  # a rollback leaves no orphan photo
@transaction.atomic
def inspection_record(*, actor: Any, inspection: SiteInspection, results: Sequence[ChecklistResult],
                      photos: Sequence[Photo] = ()) -> SiteInspection:
    """Record pass/fail per checklist item and the photos; every active item needs a result, a
    failed item a note."""
    application = _locked(inspection.application)
    _check_under_review(application)
    review = _review(application)
    inspection = SiteInspection.objects.select_for_update().get(pk=inspection.pk)
    if not (inspection.inspectors.filter(pk=actor.pk).exists() or review.reviewer_id == actor.pk
            or _is_approver(actor)):
        raise PermissionDenied(_("Only the inspectors of this inspection record its result."))
    _check_scope(actor, application)
    if inspection.completed_at is not None:
        raise ValidationError(_("This inspection's result is already recorded; schedule another one."))
    if inspection.scheduled_for > timezone.localdate():
        raise ValidationError(_("The inspection is scheduled for %(date)s; its result can be recorded from that "
                                "day on.") % {"date": date_format(inspection.scheduled_for, "DATE_FORMAT")})
    items = {item.pk: item for item in checklist_of(application)}
    given = {r.item_id: r for r in results}
    if set(given) - set(items):
        raise ValidationError(_("A result names an item that is not on this matter's checklist."))
    missing = [item.text for pk, item in items.items() if pk not in given]
    if missing:
        raise ValidationError(_("Give a result for every item: %(items)s.") % {"items": "、".join(missing)})
    rows = []
    for pk, item in items.items():
        result = given[pk]
        if not result.passed and not result.note.strip():
            raise ValidationError(_("Say what failed at “%(item)s”.") % {"item": item.text})
        rows.append({"item": pk, "code": item.code, "text": item.text, "passed": result.passed,
                     "note": result.note.strip()[:500]})
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(_("At most %(n)d photos per inspection.") % {"n": MAX_PHOTOS})
    for photo in photos:
        try:
            kind = check_upload(photo.data)
        except ValueError as exc:
            raise ValidationError(f"{photo.filename}: {exc}") from exc
        if not kind.content_type.startswith("image/"):
            raise ValidationError(_("%(name)s is not a photo.") % {"name": photo.filename})
        record = InspectionPhoto(inspection=inspection, item_code=photo.item_code[:40], content_type=kind.content_type,
                                 size=len(photo.data), uploaded_by=actor)
        record.file.save(f"photo.{kind.extension}", ContentFile(photo.data), save=False)
        record.save()
    inspection.results = rows
    inspection.completed_at = timezone.now()
    inspection.save()
    audit_record(actor=actor, obj=application, action="inspection.record", unit=application.brigade,
                 data={"inspection": inspection.pk, "failed": [r["code"] for r in rows if not r["passed"]],
                       "photos": len(photos)})
    return inspection


# --- draft, send back, sign ----------------------------------------------------------------

def decision_kind_for(application: Application) -> str:
    """The acceptance track of a parallel case under the current rules is a coordination track."""
    case = getattr(application, "parallel_as_acceptance", None)
    if case is not None and case.acceptance_mode == AcceptanceMode.COORDINATION:
        return DecisionKind.COORDINATION
    return DecisionKind.DECISION


@transaction.atomic
def decision_draft(*, actor: Any, application: Application, outcome: str, reasons: str = "",
                   rectification_items: Sequence[str] = ()) -> Decision:
    """The reviewer's draft decision; a refusal needs its reasons. Sends the case to the approver."""
    application = _locked(application)
    _check_under_review(application)
    review = _review(application)
    _check_reviewer(actor, application, review)
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": _("Choose approve or refuse.")})
    reasons = reasons.strip()
    items = [line.strip()[:300] for line in rectification_items if line.strip()]
    if outcome == DecisionOutcome.REFUSE and not reasons:
        raise ValidationError({"reasons": _("A refusal states its reasons; the applicant receives them in writing.")})
    if outcome == DecisionOutcome.APPROVE and items:
        raise ValidationError({"rectification_items": _(
            "An approval lists no items to rectify; refuse instead, or leave the items out.")})
    if application.inspections.filter(completed_at__isnull=True).exists():
        raise ValidationError(_("A scheduled inspection has no result yet; record it first."))
    paused = _paused(application)
    if paused is not None:
        raise ValidationError(_("%(limit)s is paused (%(reason)s): restart the clock first (the applicant "
                                "receives the written notice), then draft the decision.") % paused)
    transition(workflow=REVIEW_FLOW, obj=review, to=ReviewStatus.DRAFTED, actor=actor, action="decision.draft",
               data={"outcome": outcome})
    fields = {"kind": decision_kind_for(application), "outcome": outcome, "reasons": reasons,
              "rectification_items": items, "drafted_by": actor, "drafted_at": timezone.now()}
    decision = Decision.objects.filter(application=application).first()
    if decision is None:
        decision = Decision.objects.create(application=application, **fields)
    else:
        for name, value in fields.items():
            setattr(decision, name, value)
        decision.save()
    return decision


@transaction.atomic
def decision_send_back(*, actor: Any, application: Application, reason: str) -> Review:
    """The approver returns the draft to the reviewer with a reason."""
    application = _locked(application)
    _check_approver(actor, application)
    _check_under_review(application)
    review = _review(application)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the draft goes back.")})
    review.sent_back_reason = reason.strip()
    transition(workflow=REVIEW_FLOW, obj=review, to=ReviewStatus.ASSIGNED, actor=actor, action="decision.send_back",
               reason=reason.strip())
    return review


def appeal_route(decision: Decision) -> str:
    """The appeal route a refusal prints (行政许可法 §38), from the decision texts; "" where none."""
    text = decision_texts.text_for(kind=decision.kind, matter_code=decision.application.matter.code,
                                   outcome=decision.outcome)
    return decision_texts.APPEAL_ROUTE if text.appeal else ""


# --- what must hold before a decision is signed ----------------------------------------------

@dataclass(frozen=True)
class SignRequest:
    """What the sign guards look at: the case, its draft, its latest recorded inspection, who would sign
    (None: anyone; the guards about the signer are then not checked) and the track's reviewer."""

    application: Application
    decision: Decision
    inspection: SiteInspection | None
    override_reason: str
    today: date
    signer: Any = None
    reviewer_id: int | None = None


def inspection_missing(application: Application) -> str:
    """Why a decision of this case cannot be signed yet for want of a site inspection ("" if none is needed
    or one is recorded): the draft page says it before the reviewer writes a draft that could not be signed."""
    if application.matter.code in decision_texts.INSPECTION_REQUIRED and latest_inspection(application) is None:
        return _("%(matter)s is decided on a site inspection: schedule it and record its result, "
                 "then draft the decision.") % {"matter": application.matter.name}
    return ""


def latest_inspection(application: Application) -> SiteInspection | None:
    """The last recorded site inspection: the one a decision rests on."""
    return (application.inspections.exclude(completed_at__isnull=True)
            .order_by("-completed_at", "-pk").first())


def overridden_items(*, decision: Decision, inspection: SiteInspection | None) -> list[str]:
    """The failed checklist items an approval would override (none for a refusal)."""
    if decision.outcome != DecisionOutcome.APPROVE or inspection is None:
        return []
    return [row["text"] for row in inspection.failed_items]


def separated_from(signer_id: int, *, reviewer_id: int | None, drafted_by_id: int | None) -> bool:
    """Separation of duties (审批分离): the decision's drafter, or the track's reviewer, never signs it."""
    return signer_id not in (reviewer_id, drafted_by_id)


def guard_not_own_draft(request: SignRequest) -> str | None:
    if request.signer is None:
        return None
    if not separated_from(request.signer.pk, reviewer_id=request.reviewer_id,
                          drafted_by_id=request.decision.drafted_by_id):
        return _("You drafted this decision or are the reviewer of this case, so you cannot sign it: another "
                 "approver signs it.")
    return None


def guard_clock_running(request: SignRequest) -> str | None:
    """Signing stops the decision clock: a paused clock is restarted (with its written notice) first."""
    paused = _paused(request.application)
    if paused is None:
        return None
    return _("%(limit)s is paused (%(reason)s): restart the clock first (the applicant receives the written "
             "notice), then sign.") % paused


def guard_inspection_recorded(request: SignRequest) -> str | None:
    """Acceptance and the pre-opening inspection are decided on a site inspection (现场评定/检查)."""
    if request.application.matter.code in decision_texts.INSPECTION_REQUIRED and request.inspection is None:
        return _("%(matter)s is decided on a site inspection; record its result before signing.") % {
            "matter": request.application.matter.name}
    return None


def guard_inspection_not_in_future(request: SignRequest) -> str | None:
    if request.inspection is not None and request.inspection.scheduled_for > request.today:
        return _("The recorded inspection is dated %(date)s, which is in the future.") % {
            "date": request.inspection.scheduled_for.isoformat()}
    return None


def guard_failed_checks(request: SignRequest) -> str | None:
    """Approving despite failed checklist items needs the approver's recorded reason (override)."""
    if request.decision.outcome != DecisionOutcome.APPROVE or request.inspection is None:
        return None
    failed = request.inspection.failed_items
    if failed and not request.override_reason.strip():
        return _("The site inspection failed at %(items)s: refuse, send the draft back, or give your reason for "
                 "approving all the same.") % {"items": "、".join(f"“{row['text']}”" for row in failed)}
    return None


def guard_parallel_acceptance(request: SignRequest) -> str | None:
    """A pre-opening track is approved only after its case's acceptance track is (消防法 §15)."""
    try:
        parallel_sign_guard(application=request.application, decision=request.decision)
    except ValidationError as refusal:
        return refusal.messages[0]
    return None


# Checked in this order; each returns the refusal message or None. Add a rule as one more function.
SIGN_GUARDS: list[Callable[[SignRequest], str | None]] = [
    guard_not_own_draft,
    guard_clock_running,
    guard_parallel_acceptance,
    guard_inspection_recorded,
    guard_inspection_not_in_future,
    guard_failed_checks,
]


def sign_refusals(*, application: Application, decision: Decision, override_reason: str = "",
                  signer: Any = None) -> list[str]:
    """Why the draft cannot be signed now (by ``signer``, if given; empty: it can); the preview page shows
    these before signing."""
    reviewer_id = Review.objects.filter(application=application).values_list("reviewer_id", flat=True).first()
    request = SignRequest(application=application, decision=decision, inspection=latest_inspection(application),
                          override_reason=override_reason, today=timezone.localdate(), signer=signer,
                          reviewer_id=reviewer_id)
    return [message for guard in SIGN_GUARDS if (message := guard(request))]


def _decision_number(decision: Decision) -> str:
    application = decision.application
    prefix = (COORDINATION_PREFIX if decision.kind == DecisionKind.COORDINATION
              else DECISION_PREFIX.get(application.matter.code, "许字"))
    return document_number(code=application.brigade.document_code, kind=prefix, year=timezone.localdate().year)


@transaction.atomic
def decision_sign(*, actor: Any, application: Application, override_reason: str = "") -> Decision:
    """The approver signs the draft (签发).

    Side effects, in one transaction: the statutory clock stops; the application moves to
    APPROVED or REJECTED; the decision is numbered (and a refusal gets its appeal route); the
    administrative-licence enforcement act is recorded (not for a coordination opinion, which
    is not the brigade's licence); the applicant is told (``approvals.notifications``); a parallel case whose other
    track is decided closes. Refused while a ``SIGN_GUARDS`` rule fails (among them: the actor drafted the
    decision or reviews the track; the decision clock is paused); ``override_reason``:
    the approver's reason for approving despite failed checklist items (printed on the decision).
    """
    application = _locked(application)
    _check_approver(actor, application)
    _check_under_review(application)
    review = _review(application)
    decision = Decision.objects.select_for_update().filter(application=application).first()
    if decision is None or review.status != ReviewStatus.DRAFTED:
        raise ValidationError(_("There is no draft decision to sign."))
    refusals = sign_refusals(application=application, decision=decision, override_reason=override_reason,
                             signer=actor)
    if refusals:
        raise ValidationError(refusals)
    failed = overridden_items(decision=decision, inspection=latest_inspection(application))
    decision.override_reason = override_reason.strip() if failed else ""
    decision.override_items = failed
    now = timezone.now()
    transition(workflow=REVIEW_FLOW, obj=review, to=ReviewStatus.SIGNED, actor=actor, action="decision.sign",
               reason=decision.override_reason, data={"override_items": decision.override_items} if failed else None)
    decision.number = _decision_number(decision)
    decision.signed_by, decision.signed_at = actor, now
    decision.appeal_route = appeal_route(decision)
    decision.save()
    _stop_open_clocks(application, actor=actor, outcome="decided", at=now)
    _sync_due(application, None)
    application.closed_at = now
    to = ApplicationStatus.APPROVED if decision.outcome == DecisionOutcome.APPROVE else ApplicationStatus.REJECTED
    transition(workflow=APPLICATION_FLOW, obj=application, to=to, actor=actor, action="application.decide",
               reason=decision.reasons, data={"number": decision.number, "kind": decision.kind})
    if decision.kind == DecisionKind.DECISION:
        _record_enforcement_act(decision, review=review, actor=actor)
    from approvals.services.parallel import parallel_case_close_if_decided

    parallel_case_close_if_decided(application=application, actor=actor)
    return decision


def _record_enforcement_act(decision: Decision, *, review: Review, actor: Any) -> None:
    """The administrative-licence enforcement act the receipts and return visits hang on (issue 6)."""
    from feedback.services.acts import licence_act_record

    application = decision.application
    officers = {review.reviewer_id: review.reviewer, actor.pk: actor}
    for inspection in application.inspections.prefetch_related("inspectors"):
        for person in inspection.inspectors.all():
            officers.setdefault(person.pk, person)
    licence_act_record(
        unit=application.brigade, enterprise=application.enterprise, officers=list(officers.values()),
        occurred_at=decision.signed_at, place=application.project_address,
        summary=f"{application.matter.name}：{decision.outcome_label}（{application.project_name}）",
        reference=decision.number or "", source=decision, actor=actor,
    )


def results_from_mapping(data: Mapping[int, tuple[bool, str]]) -> list[ChecklistResult]:
    return [ChecklistResult(item_id=pk, passed=passed, note=note) for pk, (passed, note) in data.items()]
