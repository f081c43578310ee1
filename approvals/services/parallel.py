"""Parallel approval (并联审批, A7): fire acceptance and the pre-opening inspection as one case.

Each track is an ordinary ``Application`` with its own review and clock; the case groups
them, shares the materials (uploaded once, stored on every track that requires that
material), issues one merged one-time notice, is due on the later track's date and closes
when both tracks have ended. The regime in force when the case is filed decides whether
the acceptance track is the brigade's decision or a coordination opinion to the housing and
construction department.

The law orders the tracks (docs/guide-reviewer-approver.md, "Parallel cases"): a building may be
put into use only once it has passed fire acceptance (消防法 §13), so the pre-opening track is
never signed "approve" before the acceptance track is approved (``parallel_sign_guard``), and a
refused acceptance terminates the pre-opening track (``parallel_pre_opening_terminate``). The
pre-opening track does not ask for the acceptance document the other track produces, and the case
is withdrawn as a whole (``parallel_case_withdraw``). Those rules of a track's end live in
``parallel_tracks``, below ``intake``, which needs them too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.enums import AcceptanceMode, ApplicationStatus, MatterCode, NoticeKind
from approvals.models import IntakeNotice, Matter, ParallelCase, RequiredItem
from approvals.services.applications import (
    NoticeItem,
    application_create,
    application_submit,
    material_upload,
)
from approvals.services.intake import (
    ACCEPT,
    FAULTY,
    IN_ORDER,
    MISSING,
    NOTICE,
    Verdict,
    application_accept,
    application_issue_deficiency_notice,
    intake_check_acceptable,
    intake_checklists,
    intake_lines,
)
from approvals.services.parallel_tracks import (
    case_of_track,
    parallel_case_close_if_decided,  # noqa: F401 (decision_sign's)
)
from enterprises.models import Enterprise
from firesvc.audit.services import audit_record
from firesvc.core.numbering import next_number
from firesvc.sla.models import RuleSet
from firesvc.sla.rules_data import CURRENT

# The pre-opening track's materials that the acceptance track itself produces: not asked of the
# applicant on a parallel case (the acceptance decision on the other track stands in for them).
PRODUCED_BY_ACCEPTANCE = ("acceptance_document",)
# The materials that are one paper on both tracks: the applicant's own identity documents (one enterprise files
# both). Every other material is each matter's own, even under the same code: the acceptance track's 申报表 is
# not the pre-opening track's.
SHARED_ACROSS_TRACKS = ("business_licence",)


def acceptance_mode_now() -> str:
    active = RuleSet.objects.filter(is_active=True).values_list("code", flat=True).first()
    return AcceptanceMode.COORDINATION if active == CURRENT else AcceptanceMode.BRIGADE


def _locked_case(case: ParallelCase) -> ParallelCase:
    return ParallelCase.objects.select_for_update().select_related("acceptance", "pre_opening").get(pk=case.pk)


@transaction.atomic
def parallel_case_create(*, actor: Any, enterprise: Enterprise, **project: Any) -> ParallelCase:
    """Start both drafts with one project form; the acceptance mode is fixed by the regime in force now."""
    acceptance = application_create(actor=actor, matter=Matter.objects.get(code=MatterCode.ACCEPTANCE),
                                    enterprise=enterprise, **project)
    pre_opening = application_create(actor=actor, matter=Matter.objects.get(code=MatterCode.PRE_OPENING),
                                     enterprise=enterprise, **project)
    pre_opening.required_items.filter(requirement__code__in=PRODUCED_BY_ACCEPTANCE).delete()
    year = timezone.localdate().year
    code = enterprise.brigade.code
    case = ParallelCase.objects.create(
        number=f"{code.upper()}-BL-{year}-{next_number(f'parallel-{code}-{year}'):05d}", enterprise=enterprise,
        brigade=enterprise.brigade, acceptance=acceptance, pre_opening=pre_opening,
        acceptance_mode=acceptance_mode_now(), created_by=actor)
    audit_record(actor=actor, obj=case, action="parallel_case.create", unit=case.brigade,
                 data={"acceptance": acceptance.pk, "pre_opening": pre_opening.pk, "mode": case.acceptance_mode,
                       "not_asked": list(PRODUCED_BY_ACCEPTANCE)})
    return case


def material_key(matter_code: str, requirement_code: str) -> str:
    """The row a material of a track is uploaded under: one row for a paper both tracks share
    (``SHARED_ACROSS_TRACKS``), else one per track."""
    return requirement_code if requirement_code in SHARED_ACROSS_TRACKS else f"{matter_code}-{requirement_code}"


def shared_requirements(case: ParallelCase) -> list[dict[str, Any]]:
    """The materials of both tracks: a shared paper appears once with the tracks that need it, every other
    material once per track. ``code`` is the row's key (``material_key``)."""
    rows: dict[str, dict[str, Any]] = {}
    for application in case.tracks:
        for item in application.required_items.select_related("requirement").order_by("requirement__order"):
            requirement = item.requirement
            key = material_key(application.matter.code, requirement.code)
            row = rows.setdefault(key, {"code": key, "name": requirement.name, "mandatory": False, "tracks": []})
            row["mandatory"] = row["mandatory"] or requirement.is_mandatory
            row["tracks"].append((application, requirement))
    return list(rows.values())


@transaction.atomic
def parallel_material_upload(*, actor: Any, case: ParallelCase, code: str, data: bytes, filename: str) -> int:
    """Upload one material once; it is stored on every track that requires it. Returns the tracks served."""
    case = _locked_case(case)
    row = next((r for r in shared_requirements(case) if r["code"] == code), None)
    if row is None:
        raise ValidationError(_("This material is not required by either track."))
    served = 0
    for application, requirement in row["tracks"]:
        if application.status in (ApplicationStatus.DRAFT, ApplicationStatus.DEFICIENT):
            try:
                material_upload(actor=actor, application=application, requirement=requirement, data=data,
                                filename=filename)
            except ValidationError:
                if application.status == ApplicationStatus.DRAFT:
                    raise
                continue  # a deficient track whose notice does not ask for it keeps its version
            served += 1
    if not served:
        raise ValidationError(_("Materials can no longer be changed on either track."))
    return served


@transaction.atomic
def parallel_case_submit(*, actor: Any, case: ParallelCase, allow_incomplete: bool = False) -> ParallelCase:
    """Submit both tracks together (or resubmit the ones a one-time notice returned)."""
    case = _locked_case(case)
    submitted = 0
    for application in case.tracks:
        if application.status in (ApplicationStatus.DRAFT, ApplicationStatus.DEFICIENT):
            application_submit(actor=actor, application=application, allow_incomplete=allow_incomplete)
            submitted += 1
    if not submitted:
        raise ValidationError(_("Neither track is waiting to be submitted."))
    return case


@transaction.atomic
def parallel_case_accept(*, actor: Any, case: ParallelCase) -> list[IntakeNotice]:
    """Accept every submitted track; each starts its own decision clock."""
    case = _locked_case(case)
    tracks = [a for a in case.tracks if a.status == ApplicationStatus.SUBMITTED]
    if not tracks:
        raise ValidationError(_("Neither track is waiting for intake."))
    return [application_accept(actor=actor, application=a) for a in tracks]


@transaction.atomic
def parallel_case_deficiency_notice(*, actor: Any, case: ParallelCase,
                                    items: Mapping[int, Sequence[NoticeItem]]) -> list[IntakeNotice]:
    """One merged one-time notice for the case: every deficient item of either track at once.

    ``items`` maps a track's application id to its lines. Tracks with lines go back to the
    applicant; the merged notice (``merged_deficiency_notices``) prints them together. A submitted
    track without lines is accepted at once, in the same transaction (its acceptance notice is printed
    on the merged notice, ``merged_acceptances``): its materials are complete, and 行政许可法 §32 has
    complete materials accepted, not held at the window while the applicant supplements the other
    track (its intake clock would run out, and the law would deem it accepted anyway). The caller has
    checked that track's materials (``parallel_case_intake`` does).

    Side effects: ``application.deficiency_notice`` on each listed track, ``application.accept`` (the
    decision clock starts) on each clean one, ``parallel_case.deficiency_notice`` on the case. Returns
    the one-time notices, then the acceptance notices.
    """
    case = _locked_case(case)
    by_pk = {a.pk: a for a in case.tracks}
    if set(items) - set(by_pk):
        raise ValidationError(_("A listed track is not part of this case."))
    lines = {pk: list(v) for pk, v in items.items() if v}
    if not lines:
        raise ValidationError(_("List at least one material to supplement, or accept the case."))
    clean = [a for a in case.tracks if a.status == ApplicationStatus.SUBMITTED and a.pk not in lines]
    notices = [application_issue_deficiency_notice(actor=actor, application=by_pk[pk], items=v)
               for pk, v in lines.items()]
    accepted = [application_accept(actor=actor, application=a) for a in clean]
    audit_record(actor=actor, obj=case, action="parallel_case.deficiency_notice", unit=case.brigade,
                 data={"notices": [n.number for n in notices], "accepted": [n.number for n in accepted]})
    return notices + accepted


def _check_shared_verdicts(tracks: Sequence[Any], lines: Mapping[int, Sequence[Any]]) -> None:
    """A paper both tracks share (``SHARED_ACROSS_TRACKS``) is one paper: it cannot be in order on one track and
    faulty or missing on the other (a complete track is accepted with the notice, on that very paper)."""
    codes = dict(RequiredItem.objects.filter(application__in=tracks, requirement__code__in=SHARED_ACROSS_TRACKS)
                 .values_list("requirement_id", "requirement__code"))
    states: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for track_lines in lines.values():
        for line in track_lines:
            if line.requirement_id in codes:
                states.setdefault(codes[line.requirement_id], set()).add(line.state)
                names[codes[line.requirement_id]] = line.name
    errors = [_("%(name)s is one paper for both tracks: give it the same verdict on both.") % {"name": names[code]}
              for code, found in states.items() if IN_ORDER in found and found & {FAULTY, MISSING}]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def parallel_case_intake(*, actor: Any, case: ParallelCase, action: str,
                         verdicts: Mapping[int, Mapping[int, Verdict]]) -> list[IntakeNotice]:
    """The clerk's joint intake of the submitted tracks: accept them all, or one merged one-time notice.

    ``verdicts`` maps a track's application id to the clerk's verdicts by requirement id; the
    checklist of each track is built by ``intake_lines`` from what was really uploaded, and checked by
    the same rules as a single application's.
    """
    case = _locked_case(case)
    tracks = [a for a in case.tracks if a.status == ApplicationStatus.SUBMITTED]
    if not tracks:
        raise ValidationError(_("Neither track is waiting for intake."))
    lines = {a.pk: intake_lines(application=a, verdicts=verdicts.get(a.pk, {})) for a in tracks}
    items = intake_checklists(lines)
    _check_shared_verdicts(tracks, lines)
    if action == ACCEPT:
        intake_check_acceptable([item for track_items in items.values() for item in track_items], merged=True)
        return parallel_case_accept(actor=actor, case=case)
    if action == NOTICE:
        return parallel_case_deficiency_notice(actor=actor, case=case, items=items)
    raise ValidationError(_("Choose accept or the one-time notice."))


def merged_deficiency_notices(case: ParallelCase, *, issued_by: datetime | None = None) -> list[IntakeNotice]:
    """The latest one-time notice of each track issued together (within a minute of the newest); with
    ``issued_by``, the latest merged notice issued by then."""
    latest = IntakeNotice.objects.filter(application__in=case.tracks, kind=NoticeKind.DEFICIENCY)
    if issued_by is not None:
        latest = latest.filter(issued_at__lte=issued_by)
    latest = list(latest.select_related("application__matter").order_by("-issued_at", "-pk"))
    if not latest:
        return []
    newest = latest[0].issued_at
    chosen: dict[int, IntakeNotice] = {}
    for notice in latest:
        if (newest - notice.issued_at).total_seconds() <= 60:
            chosen.setdefault(notice.application_id, notice)
    return sorted(chosen.values(), key=lambda n: n.application.matter.order)


def merged_acceptances(case: ParallelCase, notices: Sequence[IntakeNotice]) -> list[IntakeNotice]:
    """The acceptance notices of the tracks accepted together with the merged one-time notice ``notices``
    (its complete tracks, ``parallel_case_deficiency_notice``): issued within a minute of it, on a track
    it does not list."""
    if not notices:
        return []
    newest = max(n.issued_at for n in notices)
    window = timedelta(seconds=60)
    return list(IntakeNotice.objects.filter(application__in=case.tracks, kind=NoticeKind.ACCEPTANCE,
                                            issued_at__range=(newest - window, newest + window))
                .exclude(application_id__in=[n.application_id for n in notices])
                .select_related("application__matter").order_by("application__matter__order", "pk"))


def merged_notice_of(notice: IntakeNotice) -> tuple[ParallelCase, list[IntakeNotice]] | None:
    """The parallel case and the one-time notices of the merged notice that ``notice`` was issued with (itself
    among them, ``merged_deficiency_notices``), or None when ``notice`` is no one-time notice of a track. The
    merged notice prints the code of one of them; every one of them is verified as the merged notice."""
    if notice.kind != NoticeKind.DEFICIENCY:
        return None
    case = case_of_track(notice.application)
    if case is None:
        return None
    notices = merged_deficiency_notices(case, issued_by=notice.issued_at + timedelta(seconds=60))
    return (case, notices) if notice.pk in {n.pk for n in notices} else None
