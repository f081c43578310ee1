"""Writing hazards and rectification orders (E6).

Keyword-only services named ``<entity>_<action>``. ``Hazard.status`` changes only in
``_transition``, under a row lock, with its audit event in the same transaction.

Major hazards (重大火灾隐患) take one extra step: the brigade's approver confirms the designation
(or downgrades it to general) before the order can be issued; a confirmation notifies the
detachment's approvers. The written report to the local people's government (消防法 §55) is a
step of its own, recorded when it is made (``hazard_major_report``). The three-working-day clock
to issue the order runs from the recording, whatever the source, and keeps running during the
confirmation.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.hooks import on_visit_hazards_found
from enterprises.models import Enterprise
from enterprises.safety.enums import (
    HAZARD_TRANSITIONS,
    OFFICER_ROLES,
    AttachmentKind,
    HazardSeverity,
    HazardSource,
    HazardStatus,
)
from enterprises.safety.models import (
    Hazard,
    HazardAttachment,
    Recheck,
    RectificationOrder,
    order_title,
)
from enterprises.safety.selectors import order_grounds
from enterprises.safety.services.checks import Upload, check_enterprise_user, check_staff, stored_upload
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit
from firesvc.accounts.selectors import Reached, administrators, nearest_with_roles
from firesvc.audit.services import audit_record
from firesvc.core.numbering import document_number
from firesvc.core.storage import files_removed_on_error
from firesvc.core.transitions import Workflow, transition
from firesvc.core.uploads import DOCUMENT_TYPES, IMAGE_TYPES
from firesvc.documents.remedies import appeal_route
from firesvc.notifications.services import notify
from firesvc.notifications.unstaffed import climbed_words, nobody_in_chain_words
from firesvc.sla.deadlines import start_of_day
from firesvc.sla.models import Clock
from firesvc.sla.services import clock_start, clock_stop
from firesvc.workdays import add_workdays

ISSUE_ORDER_RULE = "rectification.issue_order"
RECHECK_RULE = "rectification.recheck"
MAX_RECTIFY_WORKDAYS = 60
ORDER_ROLES = (Role.REVIEWER, Role.APPROVER)


def _attach(hazard: Hazard, *, kind: str, upload: Upload, actor: Any) -> HazardAttachment:
    allowed = IMAGE_TYPES if kind in (AttachmentKind.PHOTO, AttachmentKind.RECHECK) else DOCUMENT_TYPES
    content, name, content_type = stored_upload(upload, allowed=allowed)
    return HazardAttachment.objects.create(
        hazard=hazard, kind=kind, file=content, original_name=name, content_type=content_type,
        size=len(upload.data), uploaded_by=actor)


def _locked(hazard: Hazard) -> Hazard:
    return Hazard.objects.select_for_update().get(pk=hazard.pk)


HAZARD_FLOW = Workflow(
    transitions=HAZARD_TRANSITIONS,
    refused=gettext_lazy("The hazard is “%(status)s”; this step is not possible now."),
    unit=lambda hazard: hazard.unit,
)


def _open_clock(hazard: Hazard, rule_code: str) -> Clock | None:
    return Clock.objects.for_owner(hazard).open().filter(rule__code=rule_code).first()


def _stop_clock(hazard: Hazard, rule_code: str, *, actor: Any, outcome: str) -> None:
    clock = _open_clock(hazard, rule_code)
    if clock is not None:
        clock_stop(clock=clock, actor=actor, outcome=outcome)


def _approvers_reached(unit: OrgUnit) -> Reached:
    """Who answers for a hazard of ``unit`` when an approver is wanted: the approvers of ``unit``, else those
    of the nearest unit above it with one (``Reached.unit``: that unit). With no approver up the whole chain,
    the administrators, who must give it one (``Reached.unit`` None). ``people`` empty: nobody at all."""
    reached = nearest_with_roles(unit=unit, roles=[Role.APPROVER])
    return reached if reached.unit is not None else Reached(unit=None, people=administrators())


def _notify_approvers(unit: OrgUnit, *, kind: str, title: str, body: str, url: str, key: str,
                      also: tuple[User, ...] = ()) -> Reached:
    """Tell ``_approvers_reached(unit)`` (and ``also``, whoever else must hear of it). The administrators,
    told only because no unit of the chain has an approver, read why in the title and the body."""
    reached = _approvers_reached(unit)
    if reached.unit is None:
        words = nobody_in_chain_words(roles=[Role.APPROVER], unit=unit, title=title, body=body)
    elif reached.unit.pk != unit.pk:
        words = climbed_words(roles=[Role.APPROVER], unit=unit, title=title, body=body)
    else:
        words = (title, body)
    # ``also`` reads the notice's own words: the why is for those told in place of the unit's approvers.
    others = [user for user in also if user not in reached.people]
    _notify_all(reached.people, kind=kind, title=words[0], body=words[1], url=url, key=key)
    _notify_all(others, kind=kind, title=title, body=body, url=url, key=key)
    return reached


def _enterprise_users(enterprise: Enterprise | None) -> list[User]:
    if enterprise is None:
        return []
    from enterprises.enums import AccountStatus

    return [a.user for a in enterprise.accounts.filter(status=AccountStatus.VERIFIED).select_related("user")]


def _enterprise_url(hazard: Hazard) -> str:
    return reverse("safety:my_order", args=[hazard.pk])


def _notify_all(users: list[User], *, kind: str, title: str, body: str, url: str, key: str) -> None:
    for user in users:
        notify(recipient=user, kind=kind, title=title, body=body, url=url, dedupe_key=f"{key}:{user.pk}")


# --- Hazards (E6) -------------------------------------------------------------------------------------------------


def _officer_in_unit(user: Any, unit: OrgUnit) -> bool:
    """An active fire-service officer (``OFFICER_ROLES``) of ``unit``, a unit below it or one above it (a
    detachment's officer on a joint check)."""
    own = getattr(user, "unit", None)
    return (user.is_active and user.has_role(*OFFICER_ROLES) and own is not None
            and (own.is_within(unit) or unit.is_within(own)))


def hazard_record(*, unit: OrgUnit, source: str, description: str, address: str, enterprise: Enterprise | None = None,
                  severity: str = HazardSeverity.GENERAL, reported_by: Any = None, source_reference: str = "",
                  actor: Any, photos: list[Upload] | tuple[Upload, ...] = (), found_on: date | None = None,
                  officers: list[User] | tuple[User, ...] = (), today: date | None = None) -> Hazard:
    """Record a hazard found on a visit, an inspection, a patrol or reported by a citizen.

    ``found_on`` is the day of the inspection or visit (not in the future) and ``officers`` the other
    officers present (staff of ``unit``, above or below it); the order's grounds print both.
    Runs inside the caller's transaction (joins it). ``actor`` is a member of staff who can see
    ``unit`` or a unit below it (a grid manager records for the brigade above), or ``None`` for the
    system. Side effects: the hazard; its photos; the ``rectification.issue_order`` clock; the
    ``hazard.record`` audit event; a major hazard notifies the approvers nearest ``unit`` (its own, else
    the nearest above it; else the administrators) to confirm it.
    """
    if actor is not None:
        if not getattr(actor, "is_staff_member", False):
            raise PermissionDenied(_("Only fire-service staff can record a hazard."))
        own = getattr(actor, "unit", None)
        if not (can_see_unit(actor, unit.pk) or (own is not None and unit.pk in own.ancestor_ids())):
            raise PermissionDenied(_("This unit is outside your area."))
    errors: dict[str, str] = {}
    if source not in HazardSource.values:
        errors["source"] = _("Choose where the hazard was found.")
    if severity not in HazardSeverity.values:
        errors["severity"] = _("Choose general or major.")
    if not (description or "").strip():
        errors["description"] = _("Describe the hazard.")
    if not (address or "").strip() and enterprise is None:
        errors["address"] = _("Give the address of the hazard.")
    if found_on is not None and found_on > (today or timezone.localdate()):
        errors["found_on"] = _("The day of the inspection or visit cannot be in the future.")
    if any(not _officer_in_unit(officer, unit) for officer in officers):
        errors["officers"] = _("Name fire-service officers of this unit only.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        hazard = Hazard(
            unit=unit, enterprise=enterprise, source=source, source_reference=(source_reference or "")[:100],
            description=description.strip(), address=(address or "").strip() or (enterprise.address if enterprise
                                                                                  else ""),
            severity=severity, reported_by=reported_by or actor, recorded_by=actor, found_on=found_on,
            status=HazardStatus.MAJOR_REVIEW if severity == HazardSeverity.MAJOR else HazardStatus.RECORDED,
        )
        hazard.save()
        others = [officer for officer in officers if officer.pk != getattr(hazard.reported_by, "pk", None)]
        if others:
            hazard.officers.set(others)
        for photo in photos:
            _attach(hazard, kind=AttachmentKind.PHOTO, upload=photo, actor=actor)
        audit_record(actor=actor, obj=hazard, action="hazard.record", to_state=hazard.status, unit=unit,
                     data={"source": source, "severity": severity, "source_reference": source_reference,
                           "enterprise": enterprise.pk if enterprise else None, "found_on": found_on,
                           "officers": [officer.pk for officer in others]})
        clock_start(owner=hazard, rule_code=ISSUE_ORDER_RULE, unit=unit, actor=actor,
                    started_at=hazard.created_at)
        if hazard.is_major:
            _notify_approvers(unit, kind="safety.major_hazard",
                              title=_("A major fire hazard awaits your confirmation"), body=hazard.description[:200],
                              url=hazard.get_absolute_url(), key=f"safety:major:{hazard.pk}")
    return hazard


@on_visit_hazards_found
def hazards_found_on_visit(*, actor: Any, visit: Any, hazards: list[Any]) -> list[Hazard]:
    """Record each hazard found on a visit (E3) against the visited enterprise, in the visit's transaction."""
    enterprise = visit.enterprise
    return [
        hazard_record(unit=enterprise.brigade, source=HazardSource.VISIT, description=h.description,
                      address=enterprise.address, enterprise=enterprise, severity=h.severity,
                      reported_by=visit.staff, source_reference=f"visit:{visit.pk}", actor=actor,
                      found_on=visit.visited_on)
        for h in hazards
    ]


@files_removed_on_error()  # a rollback leaves no orphan file
@transaction.atomic
def hazard_photo_add(*, hazard: Hazard, upload: Upload, actor: Any) -> HazardAttachment:
    """Add a photo of the hazard while it is open. Writes ``hazard.photo``."""
    hazard = _locked(hazard)
    check_staff(actor, hazard.unit_id)
    if hazard.status == HazardStatus.ELIMINATED:
        raise ValidationError(_("The hazard has been eliminated; its record is closed."))
    attachment = _attach(hazard, kind=AttachmentKind.PHOTO, upload=upload, actor=actor)
    audit_record(actor=actor, obj=hazard, action="hazard.photo", from_state=hazard.status, to_state=hazard.status,
                 unit=hazard.unit, data={"attachment": attachment.pk})
    return attachment


@transaction.atomic
def hazard_major_decide(*, hazard: Hazard, confirm: bool, reason: str, actor: Any) -> Hazard:
    """The approver confirms a major hazard or downgrades it to general.

    Writes ``hazard.major_confirm`` or ``hazard.major_downgrade``; a confirmation notifies the
    approvers of the detachment above (else the nearest unit above the detachment with one; else the
    administrators). The written report to the people's government is not made here:
    ``hazard_major_report`` records it when it is made.
    """
    hazard = _locked(hazard)
    check_staff(actor, hazard.unit_id, Role.APPROVER)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    if confirm:
        hazard.major_confirmed_by, hazard.major_confirmed_at = actor, timezone.now()
        transition(workflow=HAZARD_FLOW, obj=hazard, to=HazardStatus.RECORDED, actor=actor,
                   action="hazard.major_confirm", reason=reason.strip())
        detachment = hazard.unit.ancestor_of_kind("detachment")
        if detachment is not None and detachment.pk != hazard.unit_id:
            _notify_approvers(detachment, kind="safety.major_hazard_reported",
                              title=_("Major fire hazard reported by %(unit)s") % {"unit": hazard.unit.name},
                              body=hazard.description[:200], url=hazard.get_absolute_url(),
                              key=f"safety:major-up:{hazard.pk}")
    else:
        hazard.severity = HazardSeverity.GENERAL
        transition(workflow=HAZARD_FLOW, obj=hazard, to=HazardStatus.RECORDED, actor=actor,
                   action="hazard.major_downgrade", reason=reason.strip())
    return hazard


@transaction.atomic
def hazard_major_report(*, hazard: Hazard, reported_on: date | None, reported_to: str, note: str = "", actor: Any,
                        today: date | None = None) -> Hazard:
    """Record that a confirmed major hazard was reported in writing to the local people's government (消防法 §55).

    ``reported_on`` is the day of the written report (not before the confirmation, not in the future),
    ``reported_to`` the government or body it went to. Once only. Side effects: the report fields on
    the hazard; ``hazard.major_report`` audit event (the status does not change).
    """
    hazard = _locked(hazard)
    check_staff(actor, hazard.unit_id, Role.APPROVER)
    if not hazard.is_major or hazard.major_confirmed_at is None:
        raise ValidationError(_("Only a confirmed major fire hazard is reported to the people's government."))
    if hazard.government_reported_on is not None:
        raise ValidationError(_("The report to the people's government was recorded already; it is recorded once."))
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if reported_on is None:
        errors["reported_on"] = _("Give the day of the written report.")
    elif reported_on > today:
        errors["reported_on"] = _("The day of the report cannot be in the future.")
    elif reported_on < timezone.localdate(hazard.major_confirmed_at):
        errors["reported_on"] = _("The report cannot precede the confirmation of the major hazard (%(day)s).") % {
            "day": date_format(timezone.localdate(hazard.major_confirmed_at), "DATE_FORMAT")}
    if not (reported_to or "").strip():
        errors["reported_to"] = _("Name the government or body the report went to.")
    if errors:
        raise ValidationError(errors)
    hazard.government_reported_on = reported_on
    hazard.government_reported_to = reported_to.strip()[:100]
    hazard.government_report_note = (note or "").strip()
    hazard.government_report_by, hazard.government_report_at = actor, timezone.now()
    hazard.save(update_fields=["government_reported_on", "government_reported_to", "government_report_note",
                               "government_report_by", "government_report_at"])
    audit_record(actor=actor, obj=hazard, action="hazard.major_report", from_state=hazard.status,
                 to_state=hazard.status, unit=hazard.unit, reason=hazard.government_report_note[:300],
                 data={"reported_on": reported_on, "reported_to": hazard.government_reported_to})
    return hazard


def government_report_due(confirmed_on: date, *, workdays: int) -> date:
    """The last day of the written report of a major hazard confirmed on ``confirmed_on``: the ``workdays``-th
    working day after it (the day of the confirmation not counted)."""
    return add_workdays(confirmed_on, workdays)


def hazard_major_report_remind(*, hazard_id: int, now: datetime | None = None) -> bool:
    """Remind the approvers that a confirmed major hazard is still not reported to the people's government
    past ``settings.MAJOR_HAZARD_REPORT_WORKDAYS`` working days; once (idempotent).

    The approvers are the hazard's unit's, else those of the nearest unit above it with one; with none up
    the chain, the administrators are told to give it one. With nobody at all to tell, nothing is marked
    and the next sweep tries again.

    Side effects: ``government_report_reminded_at``; one notification per person told;
    ``hazard.major_report_reminder`` audit event naming the unit reached (the status does not change).
    """
    now = now or timezone.now()
    with transaction.atomic():
        hazard = (Hazard.objects.awaiting_government_report().select_for_update()
                  .filter(pk=hazard_id, government_report_reminded_at__isnull=True).first())
        if hazard is None:
            return False
        confirmed_on = timezone.localdate(hazard.major_confirmed_at)
        due = government_report_due(confirmed_on, workdays=settings.MAJOR_HAZARD_REPORT_WORKDAYS)
        if due >= timezone.localdate(now):
            return False
        reached = _approvers_reached(hazard.unit)
        people = reached.people
        if reached.unit is not None:
            title = _("Major fire hazard not yet reported to the people's government")
            body = _("%(unit)s: confirmed on %(confirmed)s; the written report was due by %(due)s. Record it on "
                     "the hazard's page once it is made. %(text)s")
        else:
            # No approver up the hazard's chain: the administrators must give it one.
            title = _("No one to report a major fire hazard to the people's government")
            body = _("%(unit)s: confirmed on %(confirmed)s; the written report was due by %(due)s, and no unit "
                     "of its chain has an active approver. Give one of them an approver. %(text)s")
        if not people:
            return False
        hazard.government_report_reminded_at = now
        hazard.save(update_fields=["government_report_reminded_at"])
        audit_record(actor=None, obj=hazard, action="hazard.major_report_reminder", from_state=hazard.status,
                     to_state=hazard.status, unit=hazard.unit,
                     data={"confirmed_on": confirmed_on, "due": due, "to": reached.unit.pk if reached.unit else None,
                           "notified": len(people), "administrators": reached.unit is None})
        _notify_all(people, kind="safety.major_report_due", title=title,
                    body=body % {"unit": hazard.unit.full_name, "confirmed": confirmed_on, "due": due,
                                 "text": hazard.description[:150]},
                    url=hazard.get_absolute_url(), key=f"safety:major-report-due:{hazard.pk}")
    return True


def hazard_sweep_unreported_major(*, now: datetime | None = None) -> int:
    """Remind about every confirmed major hazard whose report is overdue; returns how many (beat task)."""
    now = now or timezone.now()
    # N working days span at least N calendar days: a hazard confirmed later cannot be overdue yet.
    latest = start_of_day(timezone.localdate(now) - timedelta(days=settings.MAJOR_HAZARD_REPORT_WORKDAYS),
                          timezone.get_current_timezone())
    ids = list(Hazard.objects.awaiting_government_report().filter(
        government_report_reminded_at__isnull=True, major_confirmed_at__lt=latest,
    ).order_by("major_confirmed_at").values_list("pk", flat=True)[:1000])
    return sum(1 for pk in ids if hazard_major_report_remind(hazard_id=pk, now=now))


@transaction.atomic
def rectification_order_issue(*, hazard: Hazard, requirements: str, rectify_workdays: int, actor: Any,
                              enterprise: Enterprise | None = None, today: date | None = None) -> RectificationOrder:
    """Issue the 责令限期改正通知书 with its deadline in working days, or with ``rectify_workdays=0`` the
    责令立即改正通知书 (its title frozen with it).

    Side effects: the numbered order; status → ordered; the issue-order clock stops; the
    enterprise's verified users are notified; ``hazard.order`` audit event. An order to correct
    immediately has no deadline to wait for: its re-check falls due at once (status → recheck, the
    re-check clock assigned to the issuing officer, ``hazard.recheck_due`` audit event).
    """
    hazard = _locked(hazard)
    check_staff(actor, hazard.unit_id, *ORDER_ROLES)
    if hazard.status == HazardStatus.MAJOR_REVIEW:
        raise ValidationError(_("A major hazard needs the approver's confirmation before the order is issued."))
    if hazard.status != HazardStatus.RECORDED:
        raise ValidationError(_("An order has already been issued for this hazard."))
    errors: dict[str, str] = {}
    if enterprise is not None and hazard.enterprise_id is None:
        if not can_see_unit(actor, enterprise.brigade_id):
            raise PermissionDenied(_("This enterprise belongs to another unit."))
        hazard.enterprise = enterprise
    if hazard.enterprise_id is None:
        errors["enterprise"] = _("Name the enterprise the order is addressed to.")
    if not (requirements or "").strip():
        errors["requirements"] = _("Say what must be rectified.")
    if not isinstance(rectify_workdays, int) or not 0 <= rectify_workdays <= MAX_RECTIFY_WORKDAYS:
        errors["rectify_workdays"] = _("Give between 1 and %(max)d working days.") % {"max": MAX_RECTIFY_WORKDAYS}
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    today = today or timezone.localdate(now)
    year = today.year
    number = document_number(code=hazard.unit.document_code, kind="责改", year=year)
    due_date = add_workdays(today, rectify_workdays)
    order = RectificationOrder.objects.create(
        hazard=hazard, number=number, requirements=requirements.strip(), rectify_workdays=rectify_workdays,
        due_date=due_date, issued_due_date=due_date, issued_by=actor, issued_at=now,
        title=order_title(rectify_workdays=rectify_workdays), grounds=order_grounds(hazard),
        appeal_route=appeal_route("本通知书"))
    transition(workflow=HAZARD_FLOW, obj=hazard, to=HazardStatus.ORDERED, actor=actor, action="hazard.order",
               data={"number": number, "due_date": order.due_date, "rectify_workdays": rectify_workdays})
    _stop_clock(hazard, ISSUE_ORDER_RULE, actor=actor, outcome="order issued")
    # The requirements as the order prints them (a full stop at the end), cut short with "…" when long.
    text = order.printed_requirements
    text = text if len(text) <= 150 else f"{text[:149]}…"
    if order.is_immediate:
        transition(workflow=HAZARD_FLOW, obj=hazard, to=HazardStatus.RECHECK, actor=actor, action="hazard.recheck_due")
        clock_start(owner=hazard, rule_code=RECHECK_RULE, unit=hazard.unit, actor=actor, assignee=actor,
                    started_at=now)
        # Requirements that open with 立即 say it themselves: not "请立即改正：立即清理…".
        body = text if order.requirements_say_immediately else _("Correct immediately: %(text)s") % {"text": text}
    else:
        body = _("Rectify by %(date)s: %(text)s") % {"date": order.due_date, "text": text}
    _notify_all(_enterprise_users(hazard.enterprise), kind="safety.order",
                title=f"{order.printed_title} {number}", body=body,
                url=_enterprise_url(hazard), key=f"safety:order:{order.pk}")
    return order


def reports_correction(hazard: Hazard, order: RectificationOrder | None) -> bool:
    """A re-check is pending: the enterprise may report its correction, or add evidence to its answer, until
    the re-check is recorded — an order to correct immediately (re-checked from the issue), an answered order,
    or one whose deadline passed without an answer."""
    return order is not None and hazard.status == HazardStatus.RECHECK


def adds_to_report(hazard: Hazard, order: RectificationOrder | None) -> bool:
    """The enterprise adds to a report it already made while the re-check is pending: a photo or a document
    alone will do, or a note alone (its first report needs both)."""
    return reports_correction(hazard, order) and order is not None and order.responded_at is not None


@files_removed_on_error()  # a rollback leaves no orphan file
@transaction.atomic
def rectification_respond(*, hazard: Hazard, note: str, files: list[Upload] | tuple[Upload, ...], actor: Any
                          ) -> Hazard:
    """The enterprise reports the hazard rectified, with evidence.

    An order with a deadline, awaiting the answer: status → recheck; the ``rectification.recheck`` clock
    starts; ``hazard.respond`` audit event. While a re-check is pending (``reports_correction``: an order to
    correct immediately, an answered one, one whose deadline passed unanswered) the status stays;
    ``hazard.rectification_reported`` audit event; each note is added to the answer. A first report needs a note
    and evidence; one that adds to it (``adds_to_report``) a note or a file, not nothing.
    Side effects of both: evidence attachments; the order's answer and its time; the issuing officer is
    notified (once per report).
    """
    hazard = _locked(hazard)
    check_enterprise_user(actor, hazard.enterprise)
    order = RectificationOrder.objects.select_for_update().filter(hazard=hazard).first()
    reporting = reports_correction(hazard, order)
    if order is None or (hazard.status != HazardStatus.ORDERED and not reporting):
        raise ValidationError(_("This order is not awaiting your answer."))
    note = (note or "").strip()
    if adds_to_report(hazard, order):
        if not note and not files:
            raise ValidationError(_("Add a note or at least one photo or document."))
    else:
        errors: dict[str, str] = {}
        if not note:
            errors["note"] = _("Say what was done.")
        if not files:
            errors["files"] = _("Upload at least one photo or document as evidence.")
        if errors:
            raise ValidationError(errors)
    for upload in files:
        _attach(hazard, kind=AttachmentKind.EVIDENCE, upload=upload, actor=actor)
    # A further report on the same re-check adds to the first one rather than replacing it.
    if note:
        order.response_note = f"{order.response_note}\n\n{note}" if reporting and order.response_note else note
    order.responded_at = timezone.now()
    order.save(update_fields=["response_note", "responded_at"])
    if reporting:
        audit_record(actor=actor, obj=hazard, action="hazard.rectification_reported", from_state=hazard.status,
                     to_state=hazard.status, unit=hazard.unit, reason=note[:300], data={"files": len(files)})
        kind, title = "safety.reported", _("Correction reported: %(n)s") % {"n": order.number}
    else:
        transition(workflow=HAZARD_FLOW, obj=hazard, to=HazardStatus.RECHECK, actor=actor, action="hazard.respond",
                   reason=note[:300], data={"files": len(files)})
        clock_start(owner=hazard, rule_code=RECHECK_RULE, unit=hazard.unit, actor=actor, assignee=order.issued_by)
        kind, title = "safety.recheck_due", _("Re-check due: %(n)s") % {"n": order.number}
    # Evidence added without a note is told by its files' names.
    body = note or _("Evidence added: %(files)s") % {"files": "、".join(upload.name for upload in files)}
    notify(recipient=order.issued_by, kind=kind, title=title, body=body[:200], url=hazard.get_absolute_url(),
           dedupe_key=f"safety:respond:{hazard.pk}:{order.responded_at.isoformat()}")
    return hazard


def recheck_problems(*, passed: bool | None, note: str, new_rectify_workdays: int | None) -> dict[str, str]:
    """What a re-check's result lacks, every field at once (field name → message); empty when complete."""
    problems: dict[str, str] = {}
    if passed is not False:
        return problems
    if not (isinstance(new_rectify_workdays, int) and 1 <= new_rectify_workdays <= MAX_RECTIFY_WORKDAYS):
        problems["new_rectify_workdays"] = _(
            "The hazard is not eliminated: give a new deadline of 1 to %(max)d working days.") % {
            "max": MAX_RECTIFY_WORKDAYS}
    if not (note or "").strip():
        problems["note"] = _("Say what is still wrong; the enterprise reads it.")
    return problems


@files_removed_on_error()  # a rollback leaves no orphan file
@transaction.atomic
def hazard_recheck(*, hazard: Hazard, passed: bool, note: str, actor: Any, new_rectify_workdays: int | None = None,
                   photos: list[Upload] | tuple[Upload, ...] = (), today: date | None = None) -> Recheck:
    """Record the re-check (复查): eliminated, or not with a new deadline (escalated to the approvers).

    Side effects: the ``Recheck``; photos; the re-check clock stops; status → eliminated or back to
    ordered with the order's new deadline; the enterprise is told; ``hazard.recheck`` audit event.
    """
    hazard = _locked(hazard)
    check_staff(actor, hazard.unit_id, *ORDER_ROLES)
    if hazard.status != HazardStatus.RECHECK:
        raise ValidationError(_("The hazard is not awaiting a re-check."))
    problems = recheck_problems(passed=passed, note=note, new_rectify_workdays=new_rectify_workdays)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    today = today or timezone.localdate(now)
    for photo in photos:
        _attach(hazard, kind=AttachmentKind.RECHECK, upload=photo, actor=actor)
    order = RectificationOrder.objects.select_for_update().get(hazard=hazard)
    new_due = None if passed else add_workdays(today, new_rectify_workdays or 0)
    recheck = Recheck.objects.create(hazard=hazard, checked_by=actor, checked_at=now, passed=passed,
                                     note=(note or "").strip(), new_due_date=new_due)
    _stop_clock(hazard, RECHECK_RULE, actor=actor, outcome="eliminated" if passed else "not eliminated")
    if passed:
        hazard.eliminated_at = now
        transition(workflow=HAZARD_FLOW, obj=hazard, to=HazardStatus.ELIMINATED, actor=actor, action="hazard.recheck",
                   reason=recheck.note, data={"passed": True})
        title = _("Hazard eliminated: order %(n)s closed") % {"n": order.number}
    else:
        order.due_date, order.overdue_at = new_due, None
        order.extensions += 1
        order.save(update_fields=["due_date", "overdue_at", "extensions"])
        transition(workflow=HAZARD_FLOW, obj=hazard, to=HazardStatus.ORDERED, actor=actor, action="hazard.recheck",
                   reason=recheck.note, data={"passed": False, "new_due_date": new_due})
        title = _("Re-check: not eliminated, rectify by %(date)s") % {"date": new_due}
        _notify_approvers(hazard.unit, kind="safety.escalation",
                          title=_("Hazard not eliminated on re-check: %(n)s") % {"n": order.number},
                          body=recheck.note[:200], url=hazard.get_absolute_url(), key=f"safety:fail:{recheck.pk}")
    _notify_all(_enterprise_users(hazard.enterprise), kind="safety.recheck", title=title, body=recheck.note[:200],
                url=_enterprise_url(hazard), key=f"safety:recheck:{recheck.pk}")
    return recheck


def rectification_mark_overdue(*, order_id: int, now: datetime | None = None) -> bool:
    """Escalate one order whose deadline passed unanswered; idempotent (``overdue_at`` marks it).

    Side effects: ``overdue_at``; status ordered → recheck (the re-check is due from the expiry,
    the rule's start event); the re-check clock; the approvers nearest the hazard's unit (its own, else
    the nearest above it; else the administrators), the issuing officer and the enterprise are told. With
    nobody at all to tell, the order still goes to re-check: the escalation is its status and its
    re-check clock, whose red card the SLA sweep raises.
    """
    now = now or timezone.now()
    with transaction.atomic():
        order = (RectificationOrder.objects.select_for_update().select_related("hazard", "hazard__unit")
                 .filter(pk=order_id, overdue_at__isnull=True).first())
        if order is None or order.due_date >= timezone.localdate(now):
            return False
        hazard = _locked(order.hazard)
        if hazard.status != HazardStatus.ORDERED:
            return False
        order.overdue_at = now
        order.save(update_fields=["overdue_at"])
        transition(workflow=HAZARD_FLOW, obj=hazard, to=HazardStatus.RECHECK, actor=None, action="hazard.overdue",
                   reason=_("The rectification deadline passed without an answer."),
                   data={"due_date": order.due_date})
        clock_start(owner=hazard, rule_code=RECHECK_RULE, unit=hazard.unit, actor=None, assignee=order.issued_by)
        _notify_approvers(hazard.unit, kind="safety.escalation", also=(order.issued_by,),
                          title=_("Rectification overdue: %(n)s") % {"n": order.number},
                          body=_("%(enterprise)s: the rectification deadline %(date)s passed; re-check the site.") % {
                              "enterprise": hazard.enterprise or hazard.address, "date": order.due_date},
                          url=hazard.get_absolute_url(), key=f"safety:overdue:{order.pk}")
        _notify_all(_enterprise_users(hazard.enterprise), kind="safety.overdue",
                    title=_("Rectification overdue: %(n)s") % {"n": order.number},
                    body=_("The deadline %(date)s has passed; the fire service will re-check.") % {
                        "date": order.due_date}, url=_enterprise_url(hazard),
                    key=f"safety:overdue-e:{order.pk}")
    return True


def rectification_sweep_overdue(*, now: datetime | None = None) -> int:
    """Escalate every order past its deadline; returns how many were escalated (beat task)."""
    now = now or timezone.now()
    ids = list(RectificationOrder.objects.filter(
        overdue_at__isnull=True, due_date__lt=timezone.localdate(now), hazard__status=HazardStatus.ORDERED,
    ).values_list("pk", flat=True)[:1000])
    return sum(1 for pk in ids if rectification_mark_overdue(order_id=pk, now=now))
