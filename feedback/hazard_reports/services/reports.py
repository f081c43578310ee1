"""Commands on citizen hazard reports (DOMAIN.md B6): submit, acknowledge, dispatch, verify, close, escalate.

Three SLA clocks run per report: ``hazard_report.acknowledge`` (ten minutes, around the clock),
``hazard_report.verify_urgent`` / ``hazard_report.verify`` (24 hours / 3 working days) from submission,
and ``hazard_report.reply`` from verification. The ten-minute deadline is also stored on the row
(``ack_due_at``) for the escalation sweep, which marks ``escalated_at`` and tells the first unit above with
someone who may handle the report (the administrators when there is none).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from celery import signature
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback.hazard_reports.enums import (
    REPORT_TRANSITIONS,
    URGENT_CATEGORIES,
    Channel,
    DispatchTarget,
    HazardCategory,
    ReportStatus,
    VerificationOutcome,
)
from feedback.hazard_reports.links import safe_link
from feedback.hazard_reports.models import ApiKey, HazardPhoto, HazardReport
from feedback.hazard_reports.photos import MAX_PHOTOS, ProcessedPhoto
from feedback.hazard_reports.services.reporter import check_reporter_phone, mobile_number, reporter_sms_send
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit
from firesvc.accounts.selectors import Reached, administrators, nearest_with_roles
from firesvc.audit.services import audit_record
from firesvc.core.queueing import enqueue_after_commit
from firesvc.core.storage import files_removed_on_error
from firesvc.core.transitions import Workflow, transition
from firesvc.notifications.services import NotificationRequest, notify_many
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from firesvc.sla.services import clock_start, clock_stop

ACK_RULE = "hazard_report.acknowledge"
VERIFY_RULE = "hazard_report.verify"
VERIFY_URGENT_RULE = "hazard_report.verify_urgent"
REPLY_RULE = "hazard_report.reply"
DUPLICATE_WINDOW = timedelta(days=1)
DUPLICATE_METRES = 50
DUPLICATE_CANDIDATES = 200  # the latest reports of a day compared with a new one, at most
HANDLING_ROLES = (Role.DUTY_OFFICER, Role.APPROVER, Role.REVIEWER)
# The ten-minute accelerator is sent by its registered name: ``tasks`` imports this module, so importing
# ``tasks`` back would close a cycle (the name is the task's contract anyway, as for the beat schedule).
CHECK_ESCALATION_TASK = "hazard_reports.check_escalation"


# --- pure rules -------------------------------------------------------------------------------

def verify_rule_for(category: str) -> str:
    return VERIFY_URGENT_RULE if category in URGENT_CATEGORIES else VERIFY_RULE


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine); enough for "the same building" checks."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def check_coordinates(latitude: Decimal | None, longitude: Decimal | None) -> dict[str, str]:
    """Errors of a coordinate pair (both or neither; in range)."""
    errors: dict[str, str] = {}
    if (latitude is None) != (longitude is None):
        errors["latitude"] = _("Give both latitude and longitude, or neither.")
    if latitude is not None and not Decimal(-90) <= latitude <= Decimal(90):
        errors["latitude"] = _("Latitude must be between -90 and 90.")
    if longitude is not None and not Decimal(-180) <= longitude <= Decimal(180):
        errors["longitude"] = _("Longitude must be between -180 and 180.")
    return errors


# --- helpers ----------------------------------------------------------------------------------

REPORT_FLOW = Workflow(
    transitions=REPORT_TRANSITIONS,
    refused=gettext_lazy("This report is “%(status)s”; that step is not possible now."),
    unit=lambda report: report.subdistrict,
    action_prefix="hazard_report",
)


def _locked(report: HazardReport) -> HazardReport:
    return HazardReport.objects.select_for_update().get(pk=report.pk)


def _check_handler(actor: Any, report: HazardReport) -> None:
    allowed = getattr(actor, "is_authenticated", False) and (
        actor.is_administrator or actor.has_role(*HANDLING_ROLES))
    if not allowed or not can_see_unit(actor, report.subdistrict_id):
        raise PermissionDenied(_("This report belongs to another unit."))


def _open_clocks(report: HazardReport, *rule_codes: str) -> list[Clock]:
    clocks = Clock.objects.for_owner(report).exclude(status=ClockStatus.STOPPED).select_related("rule")
    if rule_codes:
        clocks = clocks.filter(rule__code__in=rule_codes)
    return list(clocks)


def _stop(report: HazardReport, actor: Any, outcome: str, *rule_codes: str, at: datetime) -> None:
    for clock in _open_clocks(report, *rule_codes):
        clock_stop(clock=clock, actor=actor, outcome=outcome, at=max(at, clock.started_at))


def duty_officers(subdistrict: OrgUnit) -> list[User]:
    """Who is told of a new report: the sub-district's duty officers, else the nearest ones above it."""
    return nearest_with_roles(unit=subdistrict, roles=[Role.DUTY_OFFICER]).people


def same_address_key(address: str) -> str:
    """An address as compared for repeats: letters and digits only (no spaces or punctuation), full-width
    characters as half-width ones (``NFKC``), small letters: "友谊街 １２号。" is "友谊街12号"."""
    text = unicodedata.normalize("NFKC", address).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def _suggest_duplicate(*, category: str, address: str, latitude: Decimal | None,
                       longitude: Decimal | None, subdistrict: OrgUnit, now: datetime) -> HazardReport | None:
    """A report that may be of the same hazard: of the same sub-district and category within a day, and of
    the same address (as ``same_address_key`` compares them) or within 50 m. Residents seldom choose the
    grid, so the grid alone makes no repeat (two addresses of one grid are two hazards); nor does a report
    of another kind of hazard.

    Only a suggestion for the duty officer: the new report is never folded into it (it may be closed).
    An open one is preferred, then the earliest."""
    key = same_address_key(address)
    recent = HazardReport.objects.filter(
        subdistrict=subdistrict, category=category, duplicate_of__isnull=True,
        created_at__gte=now - DUPLICATE_WINDOW).exclude(status=ReportStatus.LINKED).order_by("-created_at")

    def near(row: HazardReport) -> bool:
        return (latitude is not None and longitude is not None and row.latitude is not None
                and row.longitude is not None and distance_metres(
                    float(latitude), float(longitude), float(row.latitude), float(row.longitude)) <= DUPLICATE_METRES)

    candidates = [row for row in recent[:DUPLICATE_CANDIDATES]
                  if (key and same_address_key(row.address) == key) or near(row)]
    return min(candidates, key=lambda row: (not row.is_open, row.created_at, row.pk), default=None)


def _validate_place(subdistrict: Any, community: Any, grid: Any) -> dict[str, str]:
    errors: dict[str, str] = {}
    if subdistrict is None or subdistrict.kind != UnitKind.SUBDISTRICT:
        errors["subdistrict"] = _("Choose the sub-district.")
    if community is not None and (community.kind != UnitKind.COMMUNITY or subdistrict is None
                                  or community.parent_id != subdistrict.pk):
        errors["community"] = _("Choose a community of the sub-district.")
    if grid is not None and (grid.kind != UnitKind.GRID or community is None or grid.parent_id != community.pk):
        errors["grid"] = _("Choose a grid of the community.")
    return errors


# --- commands ---------------------------------------------------------------------------------

@files_removed_on_error()  # outside the transaction: a rollback (e.g. a full disk) leaves no photo file
@transaction.atomic
def hazard_report_submit(
    *, category: str, subdistrict: OrgUnit, address: str, description: str, community: OrgUnit | None = None,
    grid: OrgUnit | None = None, latitude: Decimal | None = None, longitude: Decimal | None = None,
    reporter_name: str = "", reporter_phone: str = "", photos: Sequence[ProcessedPhoto] = (), actor: Any = None,
    channel: str = Channel.WEB, api_key: ApiKey | None = None, client_ip: str | None = None,
    media_url: str = "", now: datetime | None = None,
) -> HazardReport:
    """Record a report, always as its own open report: starts the acknowledge and verify clocks, tells the
    duty officers (the sub-district's, else the nearest above) and queues the ten-minute escalation check.
    A report of the same place within a day is only *suggested* as a possible duplicate
    (``suggested_duplicate_of``), for the duty officer to link or dismiss. Writes ``hazard_report.submit``."""
    errors = _validate_place(subdistrict, community, grid)
    if category not in HazardCategory.values:
        errors["category"] = _("Choose what kind of hazard it is.")
    if not address.strip():
        errors["address"] = _("Give the address or a landmark.")
    if not description.strip():
        errors["description"] = _("Describe what you saw.")
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = _("At most %(n)d photos.") % {"n": MAX_PHOTOS}
    errors.update(check_coordinates(latitude, longitude))
    errors.update(check_reporter_phone(reporter_phone))
    if media_url and not safe_link(media_url):
        errors["media_url"] = _("The media link must be an http or https address.")
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    suggested = _suggest_duplicate(category=category, address=address, latitude=latitude, longitude=longitude,
                                   subdistrict=subdistrict, now=now)
    report = HazardReport.objects.create(
        category=category, subdistrict=subdistrict, community=community, grid=grid, address=address.strip(),
        latitude=latitude, longitude=longitude, description=description.strip(),
        reporter_name=reporter_name.strip(), reporter_phone=mobile_number(reporter_phone) or "",
        reporter=actor if getattr(actor, "is_authenticated", False) else None, channel=channel, api_key=api_key,
        client_ip=client_ip or None, suggested_duplicate_of=suggested, media_url=media_url,
    )
    for photo in photos:
        row = HazardPhoto(report=report, width=photo.width, height=photo.height, size=len(photo.data))
        row.image.save("photo.jpg", ContentFile(photo.data), save=True)
    audit_record(actor=actor, obj=report, action="hazard_report.submit", to_state=report.status,
                 unit=subdistrict, data={"channel": channel, "category": category, "photos": len(photos),
                                         "possible_duplicate_of": suggested.pk if suggested else None})
    _start_and_tell(report, actor=actor, now=now)
    return report


def _start_and_tell(report: HazardReport, *, actor: Any, now: datetime) -> None:
    """Start the acknowledge and verify clocks of a new report, tell the duty officers and queue the check."""
    ack = clock_start(owner=report, rule_code=ACK_RULE, unit=report.subdistrict, actor=actor, started_at=now)
    clock_start(owner=report, rule_code=verify_rule_for(report.category), unit=report.subdistrict, actor=actor,
                started_at=now)
    report.ack_due_at = ack.due_at
    report.save(update_fields=["ack_due_at"])
    url = report.get_absolute_url()
    notify_many([
        NotificationRequest(recipient=user, kind="hazard_report_new",
                            title=_("New hazard report: %(address)s") % {"address": report.address},
                            body=_("%(category)s. Acknowledge within ten minutes.") % {
                                "category": report.get_category_display()},
                            url=url, dedupe_key=f"hazard-report-{report.pk}-new-{user.pk}-{ack.pk}", channels=[])
        for user in duty_officers(report.subdistrict)
    ])
    delay = (report.ack_due_at - timezone.now()).total_seconds() + 1
    enqueue_after_commit(signature(CHECK_ESCALATION_TASK), args=[report.pk], countdown=max(delay, 0))


def _original_for(report: HazardReport, original: HazardReport | None) -> HazardReport:
    if original is None:
        raise ValidationError({"original": _("Give the number of an earlier report that you may handle.")})
    original = HazardReport.objects.select_related("duplicate_of").get(pk=original.pk)
    original = original.duplicate_of or original  # a repeat of a repeat is a repeat of the first
    if original.pk == report.pk:
        raise ValidationError({"original": _("A report cannot be linked to itself.")})
    if original.subdistrict_id != report.subdistrict_id:
        raise ValidationError({"original": _("Only reports of the same sub-district can be linked.")})
    if (original.created_at, original.pk) > (report.created_at, report.pk):
        # The reporter is told that someone reported the hazard before them: only an earlier report is that.
        raise ValidationError({"original": _("A report can only be linked to one sent before it.")})
    if report.duplicates.exists():
        raise ValidationError({"original": _("Other reports are linked to this one; link them to the earlier "
                                             "report instead.")})
    return original


@transaction.atomic
def hazard_report_link(*, report: HazardReport, original: HazardReport | None, actor: Any) -> HazardReport:
    """The duty officer records that ``report`` is about the same hazard as the earlier ``original``.

    Only a link: the report keeps its own status, clocks, reporter and reply (each reporter follows their
    own report). Clears the suggestion. Writes ``hazard_report.link``."""
    _check_handler(actor, report)
    report = _locked(report)
    original = _original_for(report, original)
    _check_handler(actor, original)
    report.duplicate_of, report.suggested_duplicate_of = original, None
    report.save(update_fields=["duplicate_of", "suggested_duplicate_of", "updated_at"])
    audit_record(actor=actor, obj=report, action="hazard_report.link", unit=report.subdistrict,
                 data={"original": original.pk})
    return report


@transaction.atomic
def hazard_report_unlink(*, report: HazardReport, actor: Any, at: datetime | None = None) -> HazardReport:
    """The duty officer finds the report is not a repeat: removes its link (or dismisses the suggestion).

    A report folded into an earlier one by the former rule (status "linked") becomes a new report again,
    with its clocks started now and its duty officers told. Writes ``hazard_report.unlink``."""
    _check_handler(actor, report)
    report = _locked(report)
    previous, suggested = report.duplicate_of_id, report.suggested_duplicate_of_id
    if previous is None and suggested is None and report.status != ReportStatus.LINKED:
        raise ValidationError(_("This report is not linked to another one."))
    report.duplicate_of, report.suggested_duplicate_of = None, None
    report.save(update_fields=["duplicate_of", "suggested_duplicate_of", "updated_at"])
    audit_record(actor=actor, obj=report, action="hazard_report.unlink", unit=report.subdistrict,
                 data={"original": previous, "suggested": suggested})
    if report.status == ReportStatus.LINKED:
        transition(workflow=REPORT_FLOW, obj=report, to=ReportStatus.NEW, actor=actor, data={"original": previous})
        _start_and_tell(report, actor=actor, now=at or timezone.now())
    return report


@transaction.atomic
def hazard_report_acknowledge(*, report: HazardReport, actor: Any, at: datetime | None = None) -> HazardReport:
    """The duty officer takes the report (受理); stops the ten-minute clock. Writes ``hazard_report.acknowledged``."""
    _check_handler(actor, report)
    report = _locked(report)
    at = at or timezone.now()
    report.acknowledged_at, report.acknowledged_by = at, actor
    transition(workflow=REPORT_FLOW, obj=report, to=ReportStatus.ACKNOWLEDGED, actor=actor,
               data={"on_time": bool(report.ack_due_at and at <= report.ack_due_at)})
    _stop(report, actor, "acknowledged", ACK_RULE, at=at)
    reporter_sms_send(report=report, stage="acknowledged")
    return report


def _record_hazard(report: HazardReport, actor: Any) -> int | None:
    """E6: a hazard with its rectification order, through the safety service (h8b's interface)."""
    try:
        from enterprises.safety.enums import HazardSource
        from enterprises.safety.services.hazards import hazard_record
    except ImportError:  # the E6 module is not installed yet: the dispatch is still recorded
        return None
    # Fire supervision is the brigade's (大队监督); whether a hazard is major (重大火灾隐患) is decided there.
    brigade = report.subdistrict.ancestor_of_kind(UnitKind.BRIGADE) or report.subdistrict
    hazard = hazard_record(
        unit=brigade, source=HazardSource.CITIZEN_REPORT, description=report.description,
        address=report.address, actor=actor, source_reference=report.tracking_code,
    )
    return int(hazard.pk)


@transaction.atomic
def hazard_report_dispatch(*, report: HazardReport, actor: Any, target: str, note: str = "",
                           at: datetime | None = None) -> HazardReport:
    """Triage: hand the report to fire supervision (creating an E6 hazard), police or property management.
    Writes ``hazard_report.dispatched``."""
    _check_handler(actor, report)
    if target not in DispatchTarget.values:
        raise ValidationError({"target": _("Choose who handles the report.")})
    report = _locked(report)
    report.dispatch_target, report.dispatch_note = target, note.strip()
    report.dispatched_at = at or timezone.now()
    if target == DispatchTarget.FIRE_SUPERVISION and report.status == ReportStatus.ACKNOWLEDGED:
        report.hazard_id = _record_hazard(report, actor)
    transition(workflow=REPORT_FLOW, obj=report, to=ReportStatus.DISPATCHED, actor=actor, reason=report.dispatch_note,
               data={"target": target, "hazard": report.hazard_id})
    reporter_sms_send(report=report, stage="dispatched")
    return report


@transaction.atomic
def hazard_report_verify(*, report: HazardReport, actor: Any, outcome: str, note: str = "",
                         at: datetime | None = None) -> HazardReport:
    """Record the result on site; stops the verify clock and starts the reply clock.
    Writes ``hazard_report.verified``."""
    _check_handler(actor, report)
    if outcome not in VerificationOutcome.values:
        raise ValidationError({"outcome": _("Choose the result of the check.")})
    report = _locked(report)
    at = at or timezone.now()
    report.verification_outcome, report.verification_note, report.verified_at = outcome, note.strip(), at
    transition(workflow=REPORT_FLOW, obj=report, to=ReportStatus.VERIFIED, actor=actor,
               reason=report.verification_note, data={"outcome": outcome})
    _stop(report, actor, "verified", VERIFY_RULE, VERIFY_URGENT_RULE, at=at)
    clock_start(owner=report, rule_code=REPLY_RULE, unit=report.subdistrict, actor=actor, started_at=at)
    return report


@transaction.atomic
def hazard_report_close(*, report: HazardReport, actor: Any, reply: str, at: datetime | None = None) -> HazardReport:
    """Close with the reply the reporter reads on the tracking page; stops every open clock.
    Writes ``hazard_report.closed``."""
    _check_handler(actor, report)
    if not reply.strip():
        raise ValidationError({"reply": _("Write the reply to the reporter.")})
    report = _locked(report)
    at = at or timezone.now()
    report.reply, report.closed_at = reply.strip(), at
    transition(workflow=REPORT_FLOW, obj=report, to=ReportStatus.CLOSED, actor=actor, reason=report.reply)
    _stop(report, actor, "closed", at=at)
    reporter_sms_send(report=report, stage="closed")
    return report


def escalation_target(subdistrict: OrgUnit) -> Reached:
    """Who an unacknowledged report of ``subdistrict`` goes to: the first unit above it with at least one
    active user who may handle reports (``HANDLING_ROLES``); ``Reached(unit=None)`` when there is none."""
    return nearest_with_roles(unit=subdistrict, roles=HANDLING_ROLES, include_self=False)


def _escalation_requests(report: HazardReport, reached: Reached) -> list[NotificationRequest]:
    url = report.get_absolute_url()
    if reached.unit is not None:
        return [NotificationRequest(
            recipient=user, kind="hazard_report_escalated",
            title=_("Unacknowledged hazard report: %(address)s") % {"address": report.address},
            body=_("%(subdistrict)s has not acknowledged a hazard report within ten minutes.") % {
                "subdistrict": report.subdistrict.name},
            url=url, dedupe_key=f"hazard-report-{report.pk}-esc-{user.pk}", channels=["email", "sms"])
            for user in reached.people]
    # Nobody above the sub-district may handle reports: the administrators must find someone.
    return [NotificationRequest(
        recipient=user, kind="hazard_report_escalated",
        title=_("No one to handle a hazard report: %(address)s") % {"address": report.address},
        body=_("%(subdistrict)s has not acknowledged a hazard report within ten minutes, and no unit above it "
               "has an active duty officer, approver or reviewer. Give a unit of this chain a duty "
               "officer.") % {"subdistrict": report.subdistrict.full_name},
        url=url, dedupe_key=f"hazard-report-{report.pk}-esc-{user.pk}", channels=["email", "sms"])
        for user in administrators()]


def hazard_reports_escalate_due(*, now: datetime | None = None, batch: int = 200,
                                only: Sequence[int] | None = None) -> list[int]:
    """Escalate every report still unacknowledged at its ten-minute deadline up the organisation tree: to
    the first unit above the sub-district with someone who may handle it, else to the administrators.

    Idempotent and safe to run concurrently: rows are locked with SKIP LOCKED and marked
    ``escalated_at`` in the transaction that writes the notifications and ``hazard_report.escalate``.
    """
    now = now or timezone.now()
    done: list[int] = []
    while True:
        with transaction.atomic():
            due = HazardReport.objects.filter(status=ReportStatus.NEW, escalated_at__isnull=True,
                                              ack_due_at__lte=now)
            if only is not None:
                due = due.filter(pk__in=list(only))
            ids = list(due.select_for_update(skip_locked=True).order_by("ack_due_at")
                       .values_list("pk", flat=True)[:batch])
            if not ids:
                break
            requests: list[NotificationRequest] = []
            for report in HazardReport.objects.filter(pk__in=ids).select_related("subdistrict"):
                reached = escalation_target(report.subdistrict)
                mine = _escalation_requests(report, reached)
                HazardReport.objects.filter(pk=report.pk).update(escalated_at=now, escalated_to=reached.unit)
                audit_record(actor=None, obj=report, action="hazard_report.escalate", from_state=report.status,
                             to_state=report.status, unit=report.subdistrict,
                             data={"to": reached.unit.pk if reached.unit else None, "notified": len(mine),
                                   "administrators": reached.unit is None, "ack_due_at": report.ack_due_at})
                requests.extend(mine)
                done.append(report.pk)
            notify_many(requests)
        if len(ids) < batch:
            break
    return done
