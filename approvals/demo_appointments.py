"""Demo window appointments (``manage.py seed_demo``): slots for every brigade and a few bookings. Idempotent."""

from __future__ import annotations

from django.utils import timezone

from approvals.enums import AppointmentStatus, SlotKind
from approvals.models import Appointment, AppointmentSlot, Matter
from approvals.services.appointments import appointment_book, slot_starts_at, slots_generate
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.workdays import add_workdays

WORKING_DAYS_AHEAD = 10
DEMO_HALL = "sy-tx"  # 铁西大队, where the demo clerk and ent_a / ent_b are
CALLER = ("刘先生", "13604001234", "咨询消防验收需要准备的材料")


def _first_free_slot(*, unit: OrgUnit, kind: str | None = None, after_index: int = 0) -> AppointmentSlot | None:
    """The ``after_index``-th free slot of the first coming day that has slots (optionally of one kind)."""
    now = timezone.now()
    slots = AppointmentSlot.objects.filter(unit=unit, date__gt=timezone.localdate(now)).order_by("date", "start")
    if kind:
        slots = slots.filter(kind=kind)
    first = slots.first()
    if first is None:
        return None
    candidates = [s for s in slots.filter(date=first.date) if s.free > 0 and slot_starts_at(s) > now]
    return candidates[min(after_index, len(candidates) - 1)] if candidates else None


def _has_coming_booking(**filters: object) -> bool:
    return Appointment.objects.filter(status=AppointmentStatus.BOOKED, slot__date__gte=timezone.localdate(),
                                      **filters).exists()


def seed_appointments() -> int:
    """Slots from today to the 10th working day after it for every brigade; three bookings in 铁西.

    ent_a on the next day with slots (tomorrow on a working day), a caller booked by the clerk
    on the same day, ent_b in the next extended-hours (延时服务) slot. Returns the slots created.
    """
    today = timezone.localdate()
    last = add_workdays(today, WORKING_DAYS_AHEAD)
    created = 0
    for brigade in OrgUnit.objects.filter(kind=UnitKind.BRIGADE).order_by("code"):
        created += slots_generate(unit=brigade, start=today, days=(last - today).days + 1, actor=None)
    hall = OrgUnit.objects.filter(code=DEMO_HALL).first()
    users = {u.username: u for u in User.objects.filter(username__in=["ent_a", "ent_b", "clerk"])}
    if hall is None or len(users) < 3:
        return created
    acceptance = Matter.objects.filter(code="acceptance").first()
    ent_a = users["ent_a"]
    if not _has_coming_booking(user=ent_a) and (slot := _first_free_slot(unit=hall, after_index=1)):
        appointment_book(actor=ent_a, slot=slot, matter=acceptance, name=ent_a.full_name or ent_a.username,
                         phone=ent_a.phone or "13900000000", purpose="递交消防验收申请材料")
    name, phone, purpose = CALLER
    if not _has_coming_booking(user__isnull=True, phone=phone) and (
            slot := _first_free_slot(unit=hall, after_index=3)):
        appointment_book(actor=users["clerk"], slot=slot, matter=acceptance, name=name, phone=phone, purpose=purpose)
    ent_b = users["ent_b"]
    if not _has_coming_booking(user=ent_b) and (slot := _first_free_slot(unit=hall, kind=SlotKind.EXTENDED)):
        appointment_book(actor=ent_b, slot=slot, name=ent_b.full_name or ent_b.username,
                         phone=ent_b.phone or "13900000000", purpose="下班后来咨询营业前消防安全检查")
    return created

