"""Window appointments (审批预约, A9): slots of a brigade's service hall, bookings, reminders.

Every command runs in one transaction with its audit event. ``firesvc.core.transitions`` is the only
place that assigns ``Appointment.status`` (checked against ``enums.APPOINTMENT_TRANSITIONS``).
The number of places taken, ``AppointmentSlot.booked``, only changes through conditional
UPDATEs (``booked < capacity`` to take one, ``booked > 0`` to free one), checked for one row;
the slot's check constraint ``booked <= capacity`` is the last line of defence.

The hall's hours (锦州 "quality service window") are ``approvals.hall_hours``: office hours on working
days — make-up Saturdays and Sundays (调休) included; extended hours (延时服务) on working Tuesdays and
Thursdays; a Saturday morning when that Saturday is an ordinary rest day (not a working day, and not a
statutory holiday, when the hall is closed). Slots last 30 minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.enums import APPOINTMENT_TRANSITIONS, AppointmentStatus, SlotKind
from approvals.hall_hours import EXTENDED_HOURS, EXTENDED_WEEKDAYS, OFFICE_HOURS, SATURDAY_HOURS
from approvals.models import Appointment, AppointmentSlot, Matter
from enterprises.models import Enterprise, EnterpriseAccount
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit
from firesvc.audit.services import audit_record
from firesvc.core.phones import is_reachable_phone
from firesvc.core.transitions import Workflow, transition
from firesvc.notifications.enums import Channel
from firesvc.notifications.services import notify
from firesvc.workdays import HOLIDAY, calendar

SLOT_MINUTES = 30
OFFICE_CAPACITY = 4  # several windows in office hours
EXTENDED_CAPACITY = 2  # one or two clerks on duty in the evening and on Saturday morning
SATURDAY_CAPACITY = 2
MAX_GENERATE_DAYS = 92
# Reminders go out from 08:00 to 20:59 local time: no text message in the middle of the night.
REMINDER_HOURS = (8, 21)

# Who books for callers, marks attendance and opens the hall's slots (administrators too).
HALL_ROLES = (Role.WINDOW_CLERK, Role.APPROVER)
ACTIVE = AppointmentStatus.BOOKED


@dataclass(frozen=True)
class SlotSpec:
    """One slot of a day's schedule, as plain values."""

    start: time
    end: time
    kind: str
    capacity: int


# --- rules: pure functions ---------------------------------------------------------------------

def _split(begin: time, end: time, kind: str, capacity: int) -> list[SlotSpec]:
    specs = []
    day = date(2000, 1, 1)
    current = datetime.combine(day, begin)
    stop = datetime.combine(day, end)
    step = timedelta(minutes=SLOT_MINUTES)
    while current + step <= stop:
        specs.append(SlotSpec(start=current.time(), end=(current + step).time(), kind=kind, capacity=capacity))
        current += step
    return specs


def day_schedule(day: date, *, is_workday: bool, is_holiday: bool) -> list[SlotSpec]:
    """The hall's slots on ``day``, given what the calendar says about it (no database)."""
    if is_workday:
        specs = [s for begin, end in OFFICE_HOURS for s in _split(begin, end, SlotKind.OFFICE, OFFICE_CAPACITY)]
        if day.weekday() in EXTENDED_WEEKDAYS:
            specs += _split(*EXTENDED_HOURS, SlotKind.EXTENDED, EXTENDED_CAPACITY)
        return specs
    if day.weekday() == 5 and not is_holiday:
        return _split(*SATURDAY_HOURS, SlotKind.SATURDAY, SATURDAY_CAPACITY)
    return []


def slot_starts_at(slot: AppointmentSlot) -> datetime:
    return timezone.make_aware(datetime.combine(slot.date, slot.start))


def slot_ends_at(slot: AppointmentSlot) -> datetime:
    return timezone.make_aware(datetime.combine(slot.date, slot.end))


# --- checks --------------------------------------------------------------------------------------

def is_hall_staff(user: Any) -> bool:
    """Window clerks and approvers (and administrators) run the hall's appointments."""
    return bool(getattr(user, "is_authenticated", False)) and (user.is_administrator or user.has_role(*HALL_ROLES))


def _check_hall_staff(actor: Any, unit_id: int) -> None:
    if not is_hall_staff(actor):
        raise PermissionDenied(_("Only window clerks manage the service hall's appointments."))
    if not can_see_unit(actor, unit_id):
        raise PermissionDenied(_("This service hall belongs to another unit."))


def may_change(actor: Any, appointment: Appointment) -> bool:
    """The person booked (their own booking) or the hall's staff in scope."""
    if appointment.user_id is not None and appointment.user_id == getattr(actor, "pk", None):
        return True
    return is_hall_staff(actor) and can_see_unit(actor, appointment.slot.unit_id)


def _check_may_change(actor: Any, appointment: Appointment) -> None:
    if not may_change(actor, appointment):
        raise PermissionDenied(_("This appointment is not yours."))


def _clean_contact(name: str, phone: str, purpose: str) -> tuple[str, str, str]:
    name, phone, purpose = (name or "").strip(), (phone or "").strip(), (purpose or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the name of the person who will come.")
    elif len(name) > Appointment._meta.get_field("name").max_length:
        errors["name"] = _("The name is too long.")
    if not is_reachable_phone(phone):
        # Read by the person booking and by a clerk booking for a caller: says what a number must be,
        # addressing neither.
        errors["phone"] = _("Give a phone number of the person who will come: an 11-digit mobile number, or a "
                            "landline number with its area code (e.g. 024-23456789).")
    if len(purpose) > Appointment._meta.get_field("purpose").max_length:
        errors["purpose"] = _("The purpose is too long (200 characters at most).")
    if errors:
        raise ValidationError(errors)
    return name, phone, purpose


def _check_bookable(actor: Any, slot: AppointmentSlot, now: datetime) -> None:
    """Online bookers may take a slot until it starts; the window, a walk-in, until it ends."""
    cutoff = slot_ends_at(slot) if is_hall_staff(actor) else slot_starts_at(slot)
    if cutoff <= now:
        raise ValidationError(_("This time (%(slot)s) is already past; please choose a later one.") % {
            "slot": _slot_label(slot)}, code="past")


def _slot_label(slot: AppointmentSlot) -> str:
    return f"{slot.date:%Y-%m-%d} {slot.start:%H:%M}–{slot.end:%H:%M}"


def _check_not_double(slot: AppointmentSlot, *, user_id: int | None, phone: str,
                      exclude_pk: int | None = None) -> None:
    """One active booking per person and slot: per account, or per phone number for callers."""
    others = Appointment.objects.filter(slot=slot, status=ACTIVE)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = others.filter(user_id=user_id).exists() if user_id else others.filter(
        user__isnull=True, phone=phone).exists()
    if taken:
        raise ValidationError(_("There is already a booking for this person at %(slot)s.") % {
            "slot": _slot_label(slot)}, code="double")


def _take_place(slot: AppointmentSlot) -> None:
    if not AppointmentSlot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1):
        raise ValidationError(_("%(slot)s is fully booked; please choose another time.") % {
            "slot": _slot_label(slot)}, code="full")


def _free_place(slot_id: int) -> None:
    AppointmentSlot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)


def _locked(appointment: Appointment) -> Appointment:
    return (Appointment.objects.select_for_update(of=("self",))
            .select_related("slot__unit", "user", "matter").get(pk=appointment.pk))


APPOINTMENT_FLOW = Workflow(
    transitions=APPOINTMENT_TRANSITIONS,
    refused=gettext_lazy("This appointment is %(status)s; this step is not possible now."),
    code="not_booked",
    unit=lambda appointment: appointment.slot.unit,
    writes=(),
)


# --- commands ------------------------------------------------------------------------------------

@transaction.atomic
def slots_generate(*, unit: OrgUnit, start: date, days: int, actor: Any) -> int:
    """Open the hall's slots for ``days`` calendar days from ``start``; returns how many were new.

    Idempotent: slots that exist (unit, date, start) are left as they are, with their bookings
    and capacity. ``actor`` None is the system (demo data, a scheduled job).
    Side effects: AppointmentSlot rows; one audit event on the unit when any slot was created.
    Locks the unit row, so two generations for the same hall run one after the other.
    """
    if unit.kind != UnitKind.BRIGADE:
        raise ValidationError(_("Appointments are made at a brigade's service hall."), code="not_brigade")
    if not 1 <= days <= MAX_GENERATE_DAYS:
        raise ValidationError(_("Open between 1 and %(max)d days at a time.") % {"max": MAX_GENERATE_DAYS},
                              code="days")
    if actor is not None:
        _check_hall_staff(actor, unit.pk)
    OrgUnit.objects.select_for_update().filter(pk=unit.pk).first()
    end = start + timedelta(days=days - 1)
    existing = set(AppointmentSlot.objects.filter(unit=unit, date__range=(start, end)).values_list("date", "start"))
    cal = calendar()
    new: list[AppointmentSlot] = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        info = cal.describe(day)
        for spec in day_schedule(day, is_workday=info.is_workday, is_holiday=info.kind == HOLIDAY):
            if (day, spec.start) not in existing:
                new.append(AppointmentSlot(unit=unit, date=day, start=spec.start, end=spec.end, kind=spec.kind,
                                           capacity=spec.capacity))
    if new:
        AppointmentSlot.objects.bulk_create(new, ignore_conflicts=True)  # a slot added meanwhile by hand
        audit_record(actor=actor, obj=unit, action="appointment_slots.generate", unit=unit,
                     data={"from": start.isoformat(), "to": end.isoformat(), "created": len(new)})
    return len(new)


@transaction.atomic
def appointment_book(
    *,
    actor: Any,
    slot: AppointmentSlot,
    matter: Matter | None = None,
    name: str,
    phone: str,
    purpose: str = "",
    enterprise: Enterprise | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Book a place in ``slot``.

    An enterprise user books for themselves (``enterprise`` defaults to their own once their account is
    verified, none before; another one is refused); a window clerk or approver books for a caller (no
    account) at their own unit's hall. Refused: a past slot, a full slot, a slot of another unit (staff), a second
    active booking of the same person in the slot, a closed matter.
    Side effects: takes one place (conditional UPDATE), creates the Appointment, audit event.
    """
    now = now or timezone.now()
    name, phone, purpose = _clean_contact(name, phone, purpose)
    if matter is not None and not matter.is_active:
        raise ValidationError(_("%(matter)s is not open for applications.") % {"matter": matter.name},
                              code="matter")
    staff_booking = getattr(actor, "is_authenticated", False) and actor.is_staff_member
    if staff_booking:
        if not is_hall_staff(actor):
            raise PermissionDenied(_("Only window clerks book appointments for callers."))
        if not can_see_unit(actor, slot.unit_id):
            raise ValidationError(_("%(slot)s is a slot of another unit's service hall; book at your own hall.") % {
                "slot": _slot_label(slot)}, code="other_unit")
        if enterprise is not None and not Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists():
            raise PermissionDenied(_("This enterprise belongs to another unit."))
        user_id = None
    else:
        if not (getattr(actor, "is_authenticated", False) and actor.has_role(Role.ENTERPRISE_USER)):
            raise PermissionDenied(_("Sign in with an enterprise account to book an appointment."))
        account = EnterpriseAccount.objects.filter(user=actor).select_related("enterprise").first()
        if account is None:
            raise PermissionDenied(_("Your account is not linked to an enterprise."))
        if enterprise is not None and enterprise.pk != account.enterprise_id:
            raise PermissionDenied(_("You can only book for your own enterprise."))
        # A claim not yet verified books as the person only: the booking is not recorded as the enterprise's.
        enterprise = account.enterprise if account.can_file else None
        user_id = actor.pk
    # The lock serialises bookings of this slot, so the double-booking check below is safe.
    slot = AppointmentSlot.objects.select_for_update().select_related("unit").get(pk=slot.pk)
    _check_bookable(actor, slot, now)
    _check_not_double(slot, user_id=user_id, phone=phone)
    _take_place(slot)
    appointment = Appointment.objects.create(
        slot=slot, matter=matter, user_id=user_id, enterprise=enterprise, name=name, phone=phone, purpose=purpose,
        booked_by=actor,
    )
    audit_record(actor=actor, obj=appointment, action="appointment.book", to_state=appointment.status,
                 unit=slot.unit, data={"slot": _slot_label(slot), "by_clerk": bool(staff_booking)})
    return appointment


@transaction.atomic
def appointment_move(*, actor: Any, appointment: Appointment, slot: AppointmentSlot,
                     now: datetime | None = None) -> Appointment:
    """Move a booking to another time at the same hall.

    Refused: someone else's booking, a booking that is no longer active or has begun, a slot
    of another hall, a past or full slot, the same slot.
    Side effects: frees the old place, takes the new one, clears ``reminded_at`` when the day
    changes (the new day gets its own reminder), audit event.
    """
    now = now or timezone.now()
    appointment = _locked(appointment)
    _check_may_change(actor, appointment)
    if appointment.status != ACTIVE:
        raise ValidationError(_("This appointment is %(status)s; it cannot be moved.") % {
            "status": appointment.get_status_display()}, code="not_booked")
    old = appointment.slot
    if slot.pk == old.pk:
        raise ValidationError(_("The appointment is already at this time."), code="same_slot")
    if slot.unit_id != old.unit_id:
        raise ValidationError(_("An appointment moves within the same service hall; to go to another hall, cancel "
                                "it and book there."), code="other_unit")
    if slot_starts_at(old) <= now:
        raise ValidationError(_("This appointment has already begun; it can no longer be moved."), code="started")
    # Both slots locked in a fixed order: two moves in opposite directions cannot deadlock.
    locked = {s.pk: s for s in AppointmentSlot.objects.select_for_update().select_related("unit")
              .filter(pk__in=sorted({old.pk, slot.pk})).order_by("pk")}
    slot = locked[slot.pk]
    _check_bookable(actor, slot, now)
    _check_not_double(slot, user_id=appointment.user_id, phone=appointment.phone, exclude_pk=appointment.pk)
    _take_place(slot)
    _free_place(old.pk)
    changes: dict[str, Any] = {"slot": slot}
    if slot.date != old.date:
        changes["reminded_at"] = None
    Appointment.objects.filter(pk=appointment.pk).update(**changes)
    for field, value in changes.items():
        setattr(appointment, field, value)
    audit_record(actor=actor, obj=appointment, action="appointment.move", from_state=appointment.status,
                 to_state=appointment.status, unit=slot.unit,
                 data={"from": _slot_label(old), "to": _slot_label(slot)})
    return appointment


@transaction.atomic
def appointment_cancel(*, actor: Any, appointment: Appointment, reason: str = "",
                       now: datetime | None = None) -> Appointment:
    """Cancel a booking before its time begins (afterwards the clerk marks it attended or no-show).

    Side effects: status cancelled, the place is freed for others, audit event with the reason.
    """
    now = now or timezone.now()
    appointment = _locked(appointment)
    _check_may_change(actor, appointment)
    if appointment.status == ACTIVE and slot_starts_at(appointment.slot) <= now:
        raise ValidationError(_("This appointment has already begun; it can no longer be cancelled."),
                              code="started")
    transition(workflow=APPOINTMENT_FLOW, obj=appointment, to=AppointmentStatus.CANCELLED, actor=actor,
               action="appointment.cancel", reason=(reason or "").strip()[:300],
               data={"slot": _slot_label(appointment.slot)})
    _free_place(appointment.slot_id)
    return appointment


@transaction.atomic
def appointment_mark(*, actor: Any, appointment: Appointment, attended: bool,
                     now: datetime | None = None) -> Appointment:
    """The clerk records that the person came (attended) or not (no-show), on or after the day.

    Side effects: status attended / no_show, audit event. The place stays taken (the time is used).
    """
    now = now or timezone.now()
    appointment = _locked(appointment)
    _check_hall_staff(actor, appointment.slot.unit_id)
    if appointment.slot.date > timezone.localtime(now).date():
        raise ValidationError(_("Attendance is recorded on the day of the appointment or later."), code="too_early")
    to = AppointmentStatus.ATTENDED if attended else AppointmentStatus.NO_SHOW
    transition(workflow=APPOINTMENT_FLOW, obj=appointment, to=to, actor=actor,
               action="appointment.attended" if attended else "appointment.no_show",
               data={"slot": _slot_label(appointment.slot)})
    return appointment


def _reminder_text(appointment: Appointment) -> tuple[str, str]:
    slot = appointment.slot
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Reminder: your appointment tomorrow at %(time)s") % {"time": f"{slot.start:%H:%M}"}
        lines = [_("You have an appointment at %(hall)s on %(date)s, %(start)s–%(end)s.") % {
            "hall": slot.unit.name, "date": f"{slot.date:%Y-%m-%d}", "start": f"{slot.start:%H:%M}",
            "end": f"{slot.end:%H:%M}"}]
        if appointment.matter_id:
            lines.append(_("Matter: %(matter)s.") % {"matter": appointment.matter.name})
        lines.append(_("Please bring your materials. If you cannot come, cancel the appointment so that someone else "
                       "can take the time."))
    return title, "\n".join(lines)


def appointment_reminders_send(*, now: datetime | None = None, batch: int = 200) -> int:
    """Remind everyone booked for tomorrow (Asia/Shanghai) who was not reminded yet; returns how many.

    Between 08:00 and 21:00 local time only (outside these hours a pass does nothing). A person
    with an account gets an inbox notification plus e-mail and SMS where they have an address
    (kind "appointment_reminder"). A caller booked at the window has no account: the reminder
    is only recorded (the day view lists them for a phone call). Idempotent and safe to run
    concurrently: rows are claimed with SKIP LOCKED and marked ``reminded_at`` in the same
    transaction as the notification; the dedupe key includes the day, so a booking moved to
    another day is reminded again for the new day.
    Side effects: Notification/OutboxMessage rows, ``reminded_at``, one audit event each.
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    if not REMINDER_HOURS[0] <= local.hour < REMINDER_HOURS[1]:
        return 0
    tomorrow = local.date() + timedelta(days=1)
    url = reverse("approvals:appointments")
    count = 0
    while True:
        with transaction.atomic():
            ids = list(Appointment.objects.select_for_update(skip_locked=True, of=("self",))
                       .filter(status=ACTIVE, reminded_at__isnull=True, slot__date=tomorrow)
                       .order_by("pk").values_list("pk", flat=True)[:batch])
            for appointment in (Appointment.objects.filter(pk__in=ids)
                                .select_related("slot__unit", "user", "matter").order_by("pk")):
                notified = appointment.user is not None
                if notified:
                    title, body = _reminder_text(appointment)
                    notify(recipient=appointment.user, kind="appointment_reminder", title=title, body=body, url=url,
                           channels=(Channel.EMAIL, Channel.SMS),
                           dedupe_key=f"appointment-reminder-{appointment.pk}-{appointment.slot.date:%Y%m%d}")
                Appointment.objects.filter(pk=appointment.pk).update(reminded_at=now)
                audit_record(actor=None, obj=appointment, action="appointment.remind", unit=appointment.slot.unit,
                             data={"notified": notified, "slot": _slot_label(appointment.slot)})
                count += 1
        if len(ids) < batch:
            return count
