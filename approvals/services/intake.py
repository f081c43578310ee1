"""Window intake (A4, A7, A11): the clerk's material checklist and its outcomes, accept, one-time
notice (一次性告知书) or refusal, and acceptance deemed when the window lets the time run out.

The single intake page, the parallel case's joint intake and the API parse the clerk's verdicts
(``Verdict`` by requirement) and call ``application_intake`` / ``parallel_case_intake``: the checklist
is built here from what was really uploaded (``intake_lines``), so a track is checked the same way on
every path. At a first intake every material starts unchecked: the clerk chooses a verdict for each. At a
re-intake (the supplement after a one-time notice) the pages start from the earlier verdicts that still hold
(``intake_recheck``); the clerk still posts a verdict for every material.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.decision_texts import FILING_LAW
from approvals.enums import (
    ApplicationStatus,
    MaterialStatus,
    MatterCode,
    NoticeKind,
)
from approvals.models import (
    Application,
    IntakeNotice,
    ThreeOnesBreach,
)
from approvals.services.applications import (
    APPLICATION_FLOW,
    NoticeItem,
    _check_clerk,
    _issue_notice,
    _locked,
    _stop_open_clocks,
    _sync_due,
    current_materials,
    missing_mandatory,
    names_text,
    promised_limit_apply,
)
from approvals.services.parallel_tracks import (
    parallel_case_close_if_decided,
    pre_opening_clock_wait,
    waiting_case,
)
from firesvc import workdays
from firesvc.core.transitions import transition
from firesvc.sla.services import active_rule, clock_start

# The clerk's verdict on a material; UNCHECKED until the clerk chooses (nothing is in order by default).
IN_ORDER, FAULTY, MISSING, NOT_APPLICABLE, UNCHECKED = "ok", "faulty", "missing", "na", ""
VERDICTS = (IN_ORDER, FAULTY, MISSING, NOT_APPLICABLE)
ACCEPT, NOTICE, REFUSE = "accept", "notice", "refuse"
SUPPLEMENT_RULE = "intake.supplement"


@dataclass(frozen=True)
class Verdict:
    """What the clerk chose for one material (from a form or the API), before it is checked."""

    state: str = UNCHECKED
    problem: str = ""
    fix: str = ""


@dataclass(frozen=True)
class IntakeLine:
    """The clerk's verdict on one required material of one track."""

    requirement_id: int
    name: str
    mandatory: bool
    uploaded: bool
    state: str = UNCHECKED
    problem: str = ""
    fix: str = ""


def intake_lines(*, application: Application, verdicts: Mapping[int, Verdict]) -> list[IntakeLine]:
    """The checklist of one track: a line per required material with the clerk's verdict (by requirement
    id; a material without one stays unchecked) and whether it was really uploaded, read here and never
    taken from the caller."""
    uploaded = set(current_materials(application))
    lines = []
    for item in application.required_items.select_related("requirement").order_by("requirement__order",
                                                                                   "requirement_id"):
        requirement = item.requirement
        verdict = verdicts.get(requirement.pk, Verdict())
        lines.append(IntakeLine(requirement.pk, requirement.name, requirement.is_mandatory,
                                requirement.pk in uploaded, verdict.state, verdict.problem.strip()[:300],
                                verdict.fix.strip()[:300]))
    return lines


@dataclass(frozen=True)
class Recheck:
    """Where the intake of a supplement starts, by requirement id: the earlier verdicts that still hold
    (``verdicts``), the materials uploaded or replaced since the one-time notice (``changed``) and what the
    notice said of the materials it listed (``listed``: the problem)."""

    verdicts: dict[int, Verdict]
    changed: frozenset[int]
    listed: dict[int, str]


def intake_recheck(*, application: Application) -> Recheck:
    """The earlier intake of a submitted application, read from its newest one-time notice: a material the
    notice did not list was found in order (or, an optional one never uploaded, not applicable) and keeps that
    verdict while unchanged since (its version is the notice's ``snapshot``); a listed material, or one
    changed since, comes back unchecked. Nothing at a first intake."""
    notice = (application.notices.filter(kind=NoticeKind.DEFICIENCY).order_by("-issued_at", "-pk").first()
              if application.status == ApplicationStatus.SUBMITTED else None)
    if notice is None:
        return Recheck({}, frozenset(), {})
    versions = {pk: material.version for pk, material in current_materials(application).items()}
    listed = {item["requirement_id"]: item["problem"] for item in notice.items}
    verdicts: dict[int, Verdict] = {}
    changed: set[int] = set()
    for item in application.required_items.select_related("requirement"):
        pk, before = item.requirement_id, notice.snapshot.get(str(item.requirement_id))
        if before is None:  # not on the notice's snapshot: nothing known of the earlier check
            continue
        if versions.get(pk, 0) != before:
            changed.add(pk)
        elif pk not in listed and before:
            verdicts[pk] = Verdict(IN_ORDER)
        elif pk not in listed and not item.requirement.is_mandatory:
            verdicts[pk] = Verdict(NOT_APPLICABLE)
    return Recheck(verdicts, frozenset(changed), listed)


def intake_checklist(lines: Sequence[IntakeLine]) -> list[NoticeItem]:
    """The one-time notice's items of a checked list (the materials marked faulty or missing).

    Raises ``ValidationError`` with one message per wrong row: a material left unchecked; a faulty
    material without what is wrong with it; a mandatory material marked in order that was never
    uploaded, or marked not applicable.
    """
    errors: list[str] = []
    items: list[NoticeItem] = []
    for line in lines:
        problem = line.problem or (_("Not provided.") if line.state == MISSING else "")
        if line.state not in VERDICTS:
            # Only the choices the row offers: "not applicable" is never one of a mandatory material's.
            errors.append((_("Check %(name)s: choose in order, faulty or missing.") if line.mandatory else
                           _("Check %(name)s: choose in order, faulty, missing or not applicable.")) % {
                "name": line.name})
        elif line.state in (FAULTY, MISSING):
            if not problem:
                errors.append(_("Say what is wrong with %(name)s.") % {"name": line.name})
            items.append(NoticeItem(line.requirement_id, problem, line.fix, missing=line.state == MISSING))
        elif line.state == IN_ORDER and line.mandatory and not line.uploaded:
            errors.append(_("%(name)s is mandatory and was not provided: mark it missing.") % {"name": line.name})
        elif line.state == NOT_APPLICABLE and line.mandatory:
            errors.append(_("%(name)s is mandatory: it cannot be marked not applicable.") % {"name": line.name})
    if errors:
        raise ValidationError(errors)
    return items


def intake_checklists(tracks: Mapping[int, Sequence[IntakeLine]]) -> dict[int, list[NoticeItem]]:
    """``intake_checklist`` for every track of a parallel case: the items by track (tracks with
    items only), or one ``ValidationError`` with the wrong rows of all tracks."""
    items: dict[int, list[NoticeItem]] = {}
    errors: list[str] = []
    for pk, lines in tracks.items():
        try:
            if track_items := intake_checklist(lines):
                items[pk] = track_items
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return items


def intake_check_acceptable(items: Sequence[NoticeItem], *, merged: bool = False) -> None:
    """Accepting is possible only when no material is marked faulty or missing."""
    if not items:
        return
    if merged:
        raise ValidationError(_("Some materials are marked faulty or missing: issue the one-time notice "
                                "instead of accepting."))
    raise ValidationError(_("Some materials are marked faulty or missing: issue a one-time notice "
                            "instead of accepting."))


def supplement_due_date(issued_on: date) -> date | None:
    """The date a one-time notice issued on ``issued_on`` asks the supplement by: the active rule
    ``intake.supplement``'s limit in working days (``firesvc.workdays``; the issue day not counted).
    None if an administrator removed the rule from the active set (the notice then prints no date)."""
    try:
        rule = active_rule(SUPPLEMENT_RULE)
    except ValidationError:
        return None
    if rule.unit == "days":
        return workdays.add_natural_days(issued_on, rule.limit)
    return workdays.add_workdays(issued_on, rule.limit)


# --- intake (A4) ---------------------------------------------------------------------------

@transaction.atomic
def application_intake(*, actor: Any, application: Application, action: str, verdicts: Mapping[int, Verdict],
                       reasons: str = "") -> IntakeNotice:
    """The clerk's intake of one application on any path (page or API): accept, one-time notice or
    refusal. Accepting and the notice check every material's verdict first (``intake_checklist``);
    a refusal is about the application, not its materials, and needs only its reasons."""
    if action == REFUSE:
        return application_refuse(actor=actor, application=application, reasons=reasons)
    if action not in (ACCEPT, NOTICE):
        raise ValidationError(_("Choose accept, one-time notice or refuse."))
    items = intake_checklist(intake_lines(application=application, verdicts=verdicts))
    if action == ACCEPT:
        intake_check_acceptable(items)
        return application_accept(actor=actor, application=application)
    return application_issue_deficiency_notice(actor=actor, application=application, items=items)



@transaction.atomic
def application_accept(*, actor: Any, application: Application, deemed: bool = False,
                       at: datetime | None = None) -> IntakeNotice:
    """Accept (受理): stop the intake clock, start the statutory clock, issue the acceptance notice.

    ``deemed``: the intake clock ran out without a notice (§32), so it counts as accepted on
    the day the materials arrived; the system does this, not a clerk.
    """
    application = _locked(application)
    if not deemed:
        _check_clerk(actor, application)
        if missing := missing_mandatory(application):
            # Accepting marks every material in order: none can be that was never uploaded.
            raise ValidationError(_("%(names)s: mandatory and not provided, so the application cannot be "
                                    "accepted; issue a one-time notice.") % {
                "names": names_text(r.name for r in missing)})
    started = at or timezone.now()
    if deemed and application.arrival_date:
        started = timezone.make_aware(datetime.combine(application.arrival_date, datetime.min.time()))
    _stop_open_clocks(application, actor=actor, outcome="deemed accepted" if deemed else "accepted", at=started)
    application.materials.filter(status=MaterialStatus.UPLOADED).update(status=MaterialStatus.ACCEPTED)
    application.accepted_at = started
    application.deemed_accepted = deemed
    action = "application.deemed_accept" if deemed else "application.accept"
    if application.matter.code == MatterCode.COMPLETION_FILING:
        return _accept_filing(application, actor=actor, action=action, at=None if deemed else at)
    clock = clock_start(owner=application, rule_code=application.matter.rule_code, unit=application.brigade,
                        actor=actor, started_at=started, purpose="decision")
    clock = promised_limit_apply(application=application, clock=clock, actor=actor)  # 缩短时限 (A10)
    if (case := waiting_case(application)) is not None:
        # A parallel case's pre-opening track before its fire acceptance is approved: the clock waits, and the
        # notice promises the decision within the limit from the acceptance's approval, not by a date.
        clock = pre_opening_clock_wait(case=case, clock=clock)
        _sync_due(application, clock)
        transition(workflow=APPLICATION_FLOW, obj=application, to=ApplicationStatus.ACCEPTED, actor=actor,
                   action=action, data={"due_date": None, "awaiting_acceptance": True})
        return _issue_notice(application, NoticeKind.ACCEPTANCE, actor=actor, at=at,
                             limit_after_acceptance=clock.limit + clock.extension)
    _sync_due(application, clock)
    transition(workflow=APPLICATION_FLOW, obj=application, to=ApplicationStatus.ACCEPTED, actor=actor, action=action,
               data={"due_date": clock.due_date})
    return _issue_notice(application, NoticeKind.ACCEPTANCE, actor=actor, due_date=clock.due_date,
                         due_date_provisional=clock.provisional, at=at)


def filing_basis() -> str:
    """What a completion filing's acceptance notice cites instead of the licensing law's §32 (a filing is no
    permit): the fire law's article on filing, with the regulation on the builder's filing of the rule set in
    force (its ``filing.builder`` rule: 公安部令第119号第二十四条 in the report era, 住建部令第51号第三十四条
    now), each written once. Read at issue and kept on the notice (``IntakeNotice.legal_basis``): a later
    change of the rules does not change an issued notice."""
    try:
        regulation = active_rule("filing.builder").legal_basis.strip()
    except ValidationError:  # a rule set without the builder's filing: the law alone
        regulation = ""
    return f"{FILING_LAW}和{regulation}" if regulation else FILING_LAW


def _accept_filing(application: Application, *, actor: Any, action: str, at: datetime | None) -> IntakeNotice:
    """A completion filing (竣工验收消防备案) is recorded on acceptance and drawn for spot check (抽查):
    a drawn filing gets the 20-day spot-check clock; the others are complete at once.

    The draw is made before the acceptance notice is issued, in the same transaction, so that the notice states
    its outcome (and a drawn filing's spot check due date), kept on the notice with the basis it cites."""
    from approvals.services.precheck import filing_spot_check_select

    _sync_due(application, None)
    transition(workflow=APPLICATION_FLOW, obj=application, to=ApplicationStatus.ACCEPTED, actor=actor, action=action)
    selected = filing_spot_check_select(application=application, actor=actor)
    application.refresh_from_db()
    notice = _issue_notice(application, NoticeKind.ACCEPTANCE, actor=actor, at=at, legal_basis=filing_basis(),
                           spot_check_selected=selected, spot_check_due=application.due_date if selected else None)
    if not selected:
        application.closed_at = timezone.now()
        transition(workflow=APPLICATION_FLOW, obj=application, to=ApplicationStatus.APPROVED, actor=actor,
                   action="filing.complete", reason="备案完成，未被确定为抽查对象")
    return notice


@transaction.atomic
def application_issue_deficiency_notice(
    *, actor: Any, application: Application, items: Sequence[NoticeItem],
) -> IntakeNotice:
    """The one-time deficiency notice (一次性告知书): every missing or faulty material at once.

    An item that an earlier notice of this application could have raised (its material is
    unchanged since then) is recorded as a "three ones" breach.
    """
    application = _locked(application)
    _check_clerk(actor, application)
    if not items:
        raise ValidationError(_("List at least one material to supplement, or accept the application."))
    required = {ri.requirement_id: ri.requirement for ri in application.required_items.select_related("requirement")}
    lines = []
    for item in items:
        requirement = required.get(item.requirement_id)
        if requirement is None:
            raise ValidationError(_("A listed material is not required for this application."))
        if not item.problem.strip():
            raise ValidationError(_("Say what is wrong with %(name)s.") % {"name": requirement.name})
        lines.append({"requirement_id": requirement.pk, "code": requirement.code, "name": requirement.name,
                      "problem": item.problem.strip(), "fix": item.fix.strip()})
    if len({line["requirement_id"] for line in lines}) != len(lines):
        raise ValidationError(_("Each material appears once on the notice."))
    earlier = list(application.notices.filter(kind=NoticeKind.DEFICIENCY).order_by("issued_at", "pk"))
    _stop_open_clocks(application, actor=actor, outcome="one-time notice")
    current = current_materials(application)
    missing = {item.requirement_id for item in items if item.missing}
    for status, listed in ((MaterialStatus.MISSING, [line for line in lines if line["requirement_id"] in missing]),
                           (MaterialStatus.FAULTY, [line for line in lines if line["requirement_id"] not in missing])):
        application.materials.filter(pk__in=[current[line["requirement_id"]].pk for line in listed
                                             if line["requirement_id"] in current]).update(status=status)
    _sync_due(application, None)
    transition(workflow=APPLICATION_FLOW, obj=application, to=ApplicationStatus.DEFICIENT, actor=actor,
               action="application.deficiency_notice",
               data={"items": [line["code"] for line in lines], "names": [line["name"] for line in lines]})
    notice = _issue_notice(application, NoticeKind.DEFICIENCY, actor=actor, items=lines,
                           supplement_due=supplement_due_date(timezone.localdate()))
    for line in lines:
        key = str(line["requirement_id"])
        for previous in earlier:
            listed_before = any(i["requirement_id"] == line["requirement_id"] for i in previous.items)
            if not listed_before and previous.snapshot.get(key) == notice.snapshot.get(key):
                ThreeOnesBreach.objects.create(
                    application=application, notice=notice, earlier_notice=previous,
                    requirement_id=line["requirement_id"], clerk=notice.issued_by, unit=application.brigade)
                break
    return notice


@transaction.atomic
def application_refuse(*, actor: Any, application: Application, reasons: str) -> IntakeNotice:
    """Refuse to accept (不予受理) with written reasons."""
    application = _locked(application)
    _check_clerk(actor, application)
    if not reasons.strip():
        raise ValidationError({"reasons": _("Write the reasons; the applicant receives them in writing.")})
    _stop_open_clocks(application, actor=actor, outcome="refused")
    _sync_due(application, None)
    application.closed_at = timezone.now()
    transition(workflow=APPLICATION_FLOW, obj=application, to=ApplicationStatus.REFUSED, actor=actor,
               action="application.refuse", reason=reasons.strip())
    notice = _issue_notice(application, NoticeKind.REFUSAL, actor=actor, reasons=reasons.strip())
    parallel_case_close_if_decided(application=application, actor=actor)  # a refused acceptance ends the case
    return notice


def deem_overdue_intakes(*, now: datetime | None = None, batch: int = 200) -> int:
    """Accept, as §32 requires, submitted applications whose 5-day notice period ran out."""
    now = now or timezone.now()
    count = 0
    while True:
        with transaction.atomic():
            ids = list(Application.objects.select_for_update(skip_locked=True)
                       .filter(status=ApplicationStatus.SUBMITTED, due_at__lte=now)
                       .values_list("pk", flat=True)[:batch])
            for application in Application.objects.filter(pk__in=ids):
                application_accept(actor=None, application=application, deemed=True)
                count += 1
        if len(ids) < batch:
            return count
