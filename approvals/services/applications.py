"""Filing (A3, A11): commands on applications, from a draft to its submission or withdrawal; the
intake that follows is ``approvals.services.intake``.

Every command locks the application, checks the transition against
``enums.APPLICATION_TRANSITIONS`` (through ``firesvc.core.transitions``, the only place that
assigns ``status``), changes clocks through ``firesvc.sla.services`` and writes its audit event in
the same transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.enums import (
    APPLICATION_TRANSITIONS,
    OPEN_STATUSES,
    ApplicationStatus,
    NoticeKind,
)
from approvals.models import (
    Application,
    ApplicationMaterial,
    IntakeNotice,
    MaterialRequirement,
    Matter,
    ParallelCase,
    RequiredItem,
)
from enterprises.models import Enterprise, EnterpriseAccount
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit
from firesvc.audit.selectors import OCCURRED_AT
from firesvc.audit.services import audit_record
from firesvc.core.numbering import document_number, next_number
from firesvc.core.storage import files_removed_on_error
from firesvc.core.transitions import Workflow, transition
from firesvc.core.uploads import check_upload
from firesvc.sla.enums import OUTCOME_WITHDRAWN, ClockStatus, PauseReason
from firesvc.sla.models import Clock
from firesvc.sla.services import clock_shorten, clock_start, clock_stop

INTAKE_RULE = "intake.deficiency_notice"
PROJECT_FIELDS = (
    "project_name", "project_address", "building_area", "building_height", "floors", "use", "is_key_project",
    "is_livelihood_project", "contact_name", "contact_phone", "description",
)
INTAKE_ROLES = (Role.WINDOW_CLERK, Role.APPROVER)


@dataclass(frozen=True)
class NoticeItem:
    """One line of a one-time deficiency notice: which material, what is wrong, how to fix it, and whether the
    clerk marked it missing (rather than faulty)."""

    requirement_id: int
    problem: str
    fix: str = ""
    missing: bool = False


# --- helpers -------------------------------------------------------------------------------

def _locked(application: Application) -> Application:
    return (Application.objects.select_for_update()
            .select_related("matter", "enterprise", "brigade").get(pk=application.pk))


APPLICATION_FLOW = Workflow(
    transitions=APPLICATION_TRANSITIONS,
    refused=gettext_lazy("The application is %(status)s; this step is not possible now."),
    unit=lambda application: application.brigade,
)


def _check_applicant(actor: Any, enterprise: Enterprise, account: EnterpriseAccount | None = None) -> None:
    """An enterprise user files for their own, verified enterprise; a clerk for any in scope. ``account``:
    the actor's enterprise account if the caller has just read it (else, or if it is another's, it is
    looked up)."""
    if actor.is_staff_member:
        if not actor.has_role(*INTAKE_ROLES) and not actor.is_administrator:
            raise PermissionDenied(_("Only window clerks file on an enterprise's behalf."))
        if not can_see_unit(actor, enterprise.brigade_id):
            raise PermissionDenied(_("This enterprise belongs to another unit."))
        return
    if account is None or account.user_id != actor.pk or account.enterprise_id != enterprise.pk:
        account = EnterpriseAccount.objects.filter(user=actor, enterprise=enterprise).first()
    if account is None:
        raise PermissionDenied(_("You can only file for your own enterprise."))
    if not account.can_file:
        raise PermissionDenied(_("Your enterprise account is not verified yet; the brigade verifies it first."))


def _check_owner(actor: Any, application: Application) -> None:
    if not Application.objects.visible_to(actor).filter(pk=application.pk).exists():
        raise PermissionDenied(_("This application is not yours."))


def _check_clerk(actor: Any, application: Application) -> None:
    if not (actor.is_administrator or actor.has_role(*INTAKE_ROLES)):
        raise PermissionDenied(_("Only window clerks take in applications."))
    if not can_see_unit(actor, application.brigade_id):
        raise PermissionDenied(_("This application belongs to another unit."))


def _open_clock(application: Application, rule_code: str | None = None) -> Clock | None:
    clocks = Clock.objects.for_owner(application).exclude(status=ClockStatus.STOPPED)
    if rule_code:
        clocks = clocks.filter(rule__code=rule_code)
    return clocks.order_by("-started_at").first()


def supplement_pause_clock(application: Application, clocks: Iterable[Clock] | None = None) -> Clock | None:
    """The decision clock of an accepted case while it is stopped for the applicant's supplement (补正 asked by
    the reviewer or approver, ``approvals.services.clocks.track_pause``), else None. The one rule by which the
    applicant may then upload new versions of the case's materials and report the supplement as given; once the
    officer restarts the clock, uploads close again. ``clocks``: the case's clocks if the caller has them."""
    if application.status != ApplicationStatus.ACCEPTED:
        return None
    if clocks is None:
        clock = _open_clock(application)
    else:
        running = [c for c in clocks if c.status != ClockStatus.STOPPED]
        clock = max(running, key=lambda c: c.started_at) if running else None
    if clock is not None and clock.status == ClockStatus.PAUSED and clock.pause_reason == PauseReason.SUPPLEMENT:
        return clock
    return None


def _sync_due(application: Application, clock: Clock | None) -> None:
    """Copy the current clock's deadline onto the row the worklists sort by."""
    application.due_at = clock.due_at if clock else None
    application.yellow_at = clock.yellow_at if clock else None
    application.due_date = clock.due_date if clock else None
    application.clock_paused_at = clock.paused_at if clock and clock.status == ClockStatus.PAUSED else None
    application.clock_unit = clock.limit_unit if clock else ""


def _stop_open_clocks(application: Application, *, actor: Any, outcome: str, at: datetime | None = None) -> None:
    for clock in Clock.objects.for_owner(application).exclude(status=ClockStatus.STOPPED):
        clock_stop(clock=clock, actor=actor, outcome=outcome, at=at)


def promised_limit_apply(*, application: Application, clock: Clock, actor: Any) -> Clock:
    """Key and livelihood projects get the matter's promised limit (缩短时限, A10) when it is shorter.

    Call inside the transaction that started ``clock``. The clock changes through
    ``firesvc.sla.services.clock_shorten``; writes ``clock.promised_limit`` on the timeline.
    """
    promised = application.matter.promised_days
    if not (application.is_key_project or application.is_livelihood_project) or not promised:
        return clock
    if promised >= clock.limit:
        return clock
    statutory = clock.limit
    clock = clock_shorten(clock=clock, limit=promised)
    audit_record(actor=actor, obj=application, action="clock.promised_limit", unit=application.brigade,
                 data={"clock": clock.pk, "statutory": statutory, "promised": promised, "due_date": clock.due_date})
    return clock


def current_materials(application: Application) -> dict[int, ApplicationMaterial]:
    """The newest version of each requirement's material: only those rows are read (one probe of the
    unique (application, requirement, version) index per requirement), however often a file was replaced."""
    newest = (ApplicationMaterial.objects
              .filter(application_id=application.pk, requirement_id=OuterRef("requirement_id"))
              .order_by("-version").values("version")[:1])
    return {material.requirement_id: material
            for material in application.materials.filter(version=Subquery(newest)).order_by("requirement_id")}


def _snapshot(application: Application) -> dict[str, int]:
    versions = {m.requirement_id: m.version for m in current_materials(application).values()}
    return {str(item.requirement_id): versions.get(item.requirement_id, 0)
            for item in application.required_items.all()}


def _notice_number(kind: str, application: Application) -> str:
    prefix = {NoticeKind.ACCEPTANCE: "受理", NoticeKind.DEFICIENCY: "补正", NoticeKind.REFUSAL: "不予受理"}[kind]
    return document_number(code=application.brigade.document_code, kind=prefix, year=timezone.localdate().year)


def _issue_notice(application: Application, kind: str, *, actor: Any, at: datetime | None = None,
                  **fields: Any) -> IntakeNotice:
    return IntakeNotice.objects.create(
        application=application, kind=kind, number=_notice_number(kind, application), issued_at=at or timezone.now(),
        issued_by=actor if getattr(actor, "is_authenticated", False) else None, snapshot=_snapshot(application),
        **fields,
    )


# --- filing (A3) ---------------------------------------------------------------------------

@transaction.atomic
def application_create(*, actor: Any, matter: Matter, enterprise: Enterprise,
                       account: EnterpriseAccount | None = None, **fields: Any) -> Application:
    """Start a draft. The materials required today are frozen on it (retiring one later does not apply).

    A clerk filing on the enterprise's behalf at the window is recorded as a one-time filing service (A11).
    ``account``: the actor's enterprise account, if the caller has just read it (saves reading it again).
    """
    if not matter.is_active:
        raise ValidationError(_("%(matter)s is not open for applications.") % {"matter": matter.name})
    _check_applicant(actor, enterprise, account)
    filed_by_clerk = actor if actor.is_staff_member else None
    applicant = actor
    if filed_by_clerk is not None:
        account = enterprise.accounts.filter(status="verified").select_related("user").first()
        applicant = account.user if account else actor
    application = Application.objects.create(
        matter=matter, enterprise=enterprise, brigade=enterprise.brigade, applicant=applicant,
        applicant_name=enterprise.name, filed_by_clerk=filed_by_clerk,
        **{k: v for k, v in fields.items() if k in PROJECT_FIELDS},
    )
    RequiredItem.objects.bulk_create([
        RequiredItem(application=application, requirement_id=pk)
        for pk in matter.requirements_on(timezone.localdate()).values_list("pk", flat=True)
    ])
    audit_record(actor=actor, obj=application, action="application.create", to_state=application.status,
                 unit=application.brigade, data={"matter": matter.code, "window_filing": filed_by_clerk is not None})
    return application


def applicant_name_follow(enterprise: Enterprise) -> int:
    """Give the enterprise's cases that are not closed (drafts included) its current name; closed cases
    keep the name they were decided under. Called where an enterprise is renamed (the caller's
    transaction and audit record cover it). Returns how many cases changed."""
    return (Application.objects.filter(enterprise=enterprise, status__in=(ApplicationStatus.DRAFT, *OPEN_STATUSES))
            .exclude(applicant_name=enterprise.name).update(applicant_name=enterprise.name))


@transaction.atomic
def application_update(*, actor: Any, application: Application, **fields: Any) -> Application:
    """Change the project form of a draft."""
    application = _locked(application)
    _check_owner(actor, application)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(_("Only a draft can be edited."))
    changes = {}
    for name in PROJECT_FIELDS:
        if name in fields and getattr(application, name) != fields[name]:
            changes[name] = str(fields[name])
            setattr(application, name, fields[name])
    if changes:
        application.full_clean(exclude=[f.name for f in Application._meta.fields if f.name not in PROJECT_FIELDS],
                               validate_unique=False, validate_constraints=False)
        application.save()
        audit_record(actor=actor, obj=application, action="application.update", unit=application.brigade,
                     data={"changes": changes})
    return application


@files_removed_on_error()  # outside the transaction: a rollback leaves no orphan file
@transaction.atomic
def material_upload(*, actor: Any, application: Application, requirement: MaterialRequirement, data: bytes,
                    filename: str) -> ApplicationMaterial:
    """Store one material (checked by content; a server-made file name). In a draft any required
    material; after a one-time notice only the materials it lists; while the decision clock is stopped for
    the applicant's supplement (``supplement_pause_clock``) a new version of any required material."""
    application = _locked(application)
    _check_owner(actor, application)
    if not application.required_items.filter(requirement=requirement).exists():
        raise ValidationError(_("%(name)s is not a material of this application.") % {"name": requirement.name})
    if application.status == ApplicationStatus.DEFICIENT:
        notice = application.notices.filter(kind=NoticeKind.DEFICIENCY).order_by("-issued_at", "-pk").first()
        listed = {item["requirement_id"] for item in (notice.items if notice else [])}
        if requirement.pk not in listed:
            raise ValidationError(_("The one-time notice does not ask for %(name)s; only the listed materials "
                                    "are supplemented.") % {"name": requirement.name})
    elif application.status != ApplicationStatus.DRAFT:
        if supplement_pause_clock(application) is None:
            raise ValidationError(_("Materials can no longer be changed: the application is %(status)s.") % {
                "status": application.get_status_display()})
        if actor.is_staff_member:
            raise PermissionDenied(_("Only the applicant supplements the materials."))
    try:
        kind = check_upload(data)
    except ValueError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    version = (application.materials.filter(requirement=requirement).aggregate(v=Max("version"))["v"] or 0) + 1
    material = ApplicationMaterial(
        application=application, requirement=requirement, version=version, original_name=filename[:200],
        content_type=kind.content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(), uploaded_by=actor,
    )
    material.file.save(f"upload.{kind.extension}", ContentFile(data), save=False)
    material.save()
    audit_record(actor=actor, obj=application, action="material.upload", unit=application.brigade,
                 data={"requirement": requirement.code, "version": version, "size": len(data)})
    return material


def names_text(names: Iterable[str]) -> str:
    """Names of materials in running text: "；" between them, since many names hold a "、" of their own
    ("建设工程规划许可证、施工许可证复印件") and a "、" list would not show where one ends."""
    return "；".join(names)


def notice_outstanding(notice: IntakeNotice, versions: Mapping[int, int]) -> list[dict[str, Any]]:
    """The items of a one-time notice not supplied yet: their material (``versions``: the current version
    by requirement) has no version newer than the one the notice was issued on (its ``snapshot``)."""
    return [item for item in notice.items
            if versions.get(item["requirement_id"], 0) <= notice.snapshot.get(str(item["requirement_id"]), 0)]


def supplement_outstanding(application: Application) -> list[dict[str, Any]]:
    """What the newest one-time notice of a case awaiting its supplement still lists as not supplied
    (nothing for a case in any other state): the supplement cannot be sent before these are."""
    if application.status != ApplicationStatus.DEFICIENT:
        return []
    notice = application.notices.filter(kind=NoticeKind.DEFICIENCY).order_by("-issued_at", "-pk").first()
    if notice is None:
        return []
    return notice_outstanding(notice, {m.requirement_id: m.version for m in current_materials(application).values()})


def missing_mandatory(application: Application) -> list[MaterialRequirement]:
    have = set(current_materials(application))
    return [item.requirement for item in application.required_items.select_related("requirement")
            .order_by("requirement__order", "requirement_id")
            if item.requirement.is_mandatory and item.requirement_id not in have]


@transaction.atomic
def application_submit(*, actor: Any, application: Application, at: datetime | None = None,
                       allow_incomplete: bool = False) -> Application:
    """Send a draft (or the supplement after a one-time notice) to the window. Starts the 5-day
    intake clock (行政许可法 §32: without a notice in time, it counts as accepted on arrival).

    ``allow_incomplete``: the applicant knowingly submits without some mandatory materials
    (the law lets them; the window then lists everything missing in one notice).
    ``at``: when the materials arrived, if recorded after the fact (paper filings entered later).
    """
    application = _locked(application)
    _check_owner(actor, application)
    if application.status == ApplicationStatus.DRAFT:
        missing = missing_mandatory(application)
        if missing and not allow_incomplete:
            raise ValidationError(_("Upload these mandatory materials first: %(names)s.") % {
                "names": names_text(r.name for r in missing)})
    elif outstanding := supplement_outstanding(application):
        raise ValidationError(_("Supply what the one-time notice lists first: %(names)s.") % {
            "names": names_text(item["name"] for item in outstanding)})
    now = at or timezone.now()
    if not application.number:
        year = timezone.localdate(now).year
        application.number = (f"{application.brigade.code.upper()}-{year}-"
                              f"{next_number(f'application-{application.brigade.code}-{year}'):06d}")
    application.submitted_at = now
    application.arrival_date = timezone.localdate(now)
    clock = clock_start(owner=application, rule_code=INTAKE_RULE, unit=application.brigade, actor=actor,
                        started_at=now)
    _sync_due(application, clock)
    # Entered after the fact: the event is written now, but the materials arrived at ``at`` (the timeline and
    # the notices answering this submission read that time; ``approvals.selectors.submissions``).
    transition(workflow=APPLICATION_FLOW, obj=application, to=ApplicationStatus.SUBMITTED, actor=actor,
               action="application.submit", data={OCCURRED_AT: now.isoformat()} if at else None)
    return application


@transaction.atomic
def application_withdraw(*, actor: Any, application: Application, reason: str = "") -> Application:
    """The applicant withdraws a single application before a decision; open clocks stop. A track of a
    parallel case is never withdrawn alone: ``approvals.services.parallel_tracks.application_withdraw``
    withdraws its whole case (the filing page and the API call that one)."""
    if (ParallelCase.objects.filter(acceptance_id=application.pk).exists()
            or ParallelCase.objects.filter(pre_opening_id=application.pk).exists()):
        raise ValidationError(_("This application is a track of a parallel case: withdraw the whole case."))
    return _withdraw_one(actor=actor, application=application, reason=reason)


def _check_withdrawer(actor: Any, application: Application) -> None:
    _check_owner(actor, application)
    if actor.is_staff_member and not actor.is_administrator:
        raise PermissionDenied(_("Only the applicant can withdraw an application."))


def _withdraw_one(*, actor: Any, application: Application, reason: str = "") -> Application:
    """Withdraw one application (in the caller's transaction): its open clocks stop, it closes."""
    application = _locked(application)
    _check_withdrawer(actor, application)
    _stop_open_clocks(application, actor=actor, outcome=OUTCOME_WITHDRAWN)
    _sync_due(application, None)
    application.closed_at = timezone.now()
    transition(workflow=APPLICATION_FLOW, obj=application, to=ApplicationStatus.WITHDRAWN, actor=actor,
               action="application.withdraw", reason=reason.strip())
    return application
