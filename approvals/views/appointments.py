"""Window appointments (审批预约, A9): thin views over ``approvals.services.appointments``.

Enterprise users book, move and cancel their own bookings; window clerks and approvers run
their hall's day (bookings, attendance, booking for a caller) and open slots. Every change is
a POST; someone else's booking is a 404 (it is not in ``Appointment.objects.visible_to``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approvals.enums import AppointmentStatus
from approvals.forms.appointments import BookingForm, GenerateForm, MoveForm
from approvals.hall_hours import hours_text
from approvals.models import Appointment, AppointmentSlot
from approvals.selectors.halls import hall_groups, tree_position
from approvals.services import appointments as services
from approvals.views.confirmations import cancel_booking_confirmation
from enterprises.models import EnterpriseAccount
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.roles import Role
from firesvc.core.confirm import confirmation_needed, confirmation_page
from firesvc.workdays import calendar

BOOKING_WINDOW_DAYS = 14  # how many calendar days the slot picker shows at once


def _add_service_error(form: forms.Form, exc: ValidationError) -> None:
    """Field errors (name, phone …) go to their fields; the rest (full, past, …) above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- reading helpers -----------------------------------------------------------------------------

@dataclass
class SlotChoice:
    slot: AppointmentSlot
    available: bool
    note: str = ""


@dataclass
class DayChoices:
    day: date
    slots: list[SlotChoice] = field(default_factory=list)

    @property
    def free_count(self) -> int:
        """How many of the day's times can be booked: what the day's heading says while it is folded (phone)."""
        return sum(1 for choice in self.slots if choice.available)


def _parse_day(value: str | None, default: date) -> date | None:
    """A date from the query string; None when it is not a date (the caller says so)."""
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _slot_days(*, hall: OrgUnit, first: date, now: datetime, user_id: int | None,
               exclude_slot_id: int | None = None) -> list[DayChoices]:
    """The hall's slots from ``first`` for BOOKING_WINDOW_DAYS days that have not begun, grouped by day."""
    last = first + timedelta(days=BOOKING_WINDOW_DAYS - 1)
    slots = list(AppointmentSlot.objects.filter(unit=hall, date__range=(first, last)).order_by("date", "start"))
    mine = set(Appointment.objects.filter(slot__in=slots, user_id=user_id, status=AppointmentStatus.BOOKED)
               .values_list("slot_id", flat=True)) if user_id else set()
    days: dict[date, DayChoices] = {}
    for slot in slots:
        if services.slot_starts_at(slot) <= now or slot.pk == exclude_slot_id:
            continue
        if slot.pk in mine:
            choice = SlotChoice(slot, False, _("your booking"))
        elif slot.free <= 0:
            choice = SlotChoice(slot, False, _("full"))
        else:
            choice = SlotChoice(slot, True)
        days.setdefault(slot.date, DayChoices(slot.date)).slots.append(choice)
    return list(days.values())


def _enterprise_account(request: HttpRequest) -> EnterpriseAccount:
    user = request.user
    if user.is_staff_member or not user.has_role(Role.ENTERPRISE_USER):
        raise PermissionDenied
    account = EnterpriseAccount.objects.filter(user=user).select_related("enterprise__brigade").first()
    if account is None:
        raise PermissionDenied
    return account


def _staff_halls(request: HttpRequest) -> QuerySet[OrgUnit]:
    """The brigades whose hall the clerk runs (their unit's subtree); 403 for everyone else."""
    if not services.is_hall_staff(request.user):
        raise PermissionDenied
    return OrgUnit.objects.visible_to(request.user).filter(kind=UnitKind.BRIGADE).select_related("parent")


def _pick_hall(halls: QuerySet[OrgUnit], value: str | None, user: Any) -> OrgUnit | None:
    """The hall asked for (404 outside ``halls``), else the user's own brigade, else the first one."""
    if value:
        if not value.isdigit():
            raise Http404
        return get_object_or_404(halls, pk=int(value))
    own = user.unit.ancestor_of_kind(UnitKind.BRIGADE) if user.unit_id else None
    if own is not None and halls.filter(pk=own.pk).exists():
        return own
    return min(halls, key=tree_position, default=None)


def _day_url(hall: OrgUnit, day: date) -> str:
    return f"{reverse('approvals:appointment_day')}?{urlencode({'unit': hall.pk, 'date': day.isoformat()})}"


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def _after_change_url(request: HttpRequest, appointment: Appointment) -> str:
    if request.user.is_staff_member:
        return _safe_next(request, _day_url(appointment.slot.unit, appointment.slot.date))
    return _safe_next(request, reverse("approvals:appointments"))


# --- enterprise users ----------------------------------------------------------------------------

@login_required
def appointment_list(request: HttpRequest) -> HttpResponse:
    """An enterprise user's bookings: coming ones with move and cancel, then the past ones."""
    if request.user.is_staff_member:
        if services.is_hall_staff(request.user):
            return redirect("approvals:appointment_day")
        raise PermissionDenied
    _enterprise_account(request)
    now = timezone.now()
    coming, past = [], []
    for appointment in (Appointment.objects.visible_to(request.user)
                        .select_related("slot__unit", "matter").order_by("slot__date", "slot__start", "pk")):
        started = services.slot_starts_at(appointment.slot) <= now
        appointment.can_change = appointment.status == AppointmentStatus.BOOKED and not started
        (past if started or appointment.status != AppointmentStatus.BOOKED else coming).append(appointment)
    past.reverse()
    return render(request, "approvals/appointments/my_appointments.html", {"coming": coming, "past": past[:50]})


@login_required
def appointment_book(request: HttpRequest) -> HttpResponse:
    """Pick a hall (the enterprise's brigade by default), a day and a free time; then who comes and why."""
    account = _enterprise_account(request)
    user = request.user
    now = timezone.now()
    today = timezone.localdate(now)
    halls = OrgUnit.objects.filter(kind=UnitKind.BRIGADE).select_related("parent")
    source = request.POST if request.method == "POST" else request.GET
    hall = _pick_hall(halls, source.get("unit"), user) if source.get("unit") else account.enterprise.brigade
    first = _parse_day(source.get("from"), today)
    if first is None:
        messages.error(request, _("That is not a date; showing the coming days instead."))
        first = today
    first = max(first, today)
    form = BookingForm(request.POST or None, initial={
        "name": user.full_name or user.get_username(), "phone": user.phone})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.appointment_book(
                actor=user, slot=data["slot"], matter=data["matter"], name=data["name"], phone=data["phone"],
                purpose=data["purpose"], enterprise=account.enterprise)
        except ValidationError as exc:
            _add_service_error(form, exc)
        else:
            slot = appointment.slot
            messages.success(request, _("Booked: %(hall)s, %(date)s %(start)s–%(end)s. We will remind you the day "
                                        "before.") % {"hall": slot.unit.name, "date": f"{slot.date:%Y-%m-%d}",
                                                      "start": f"{slot.start:%H:%M}", "end": f"{slot.end:%H:%M}"})
            return redirect("approvals:appointments")
    days = _slot_days(hall=hall, first=first, now=now, user_id=user.pk)
    return render(request, "approvals/appointments/book.html", {
        "form": form, "hall_groups": hall_groups(halls), "hall": hall, "first": first, "days": days, "today": today,
        "hall_hours": hours_text(),
        "selected": str(form["slot"].value() or ""),
        "earlier": first - timedelta(days=BOOKING_WINDOW_DAYS) if first > today else None,
        "later": first + timedelta(days=BOOKING_WINDOW_DAYS),
    })


@login_required
def appointment_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose another time at the same hall for one's booking (the clerk may do it for a caller)."""
    appointment = get_object_or_404(Appointment.objects.visible_to(request.user).select_related("slot__unit"), pk=pk)
    now = timezone.now()
    today = timezone.localdate(now)
    if appointment.status != AppointmentStatus.BOOKED or services.slot_starts_at(appointment.slot) <= now:
        messages.error(request, _("This appointment is %(status)s or has begun; it cannot be moved.") % {
            "status": appointment.get_status_display()})
        return redirect(_after_change_url(request, appointment))
    source = request.POST if request.method == "POST" else request.GET
    first = _parse_day(source.get("from"), today)
    if first is None:
        messages.error(request, _("That is not a date; showing the coming days instead."))
        first = today
    first = max(first, today)
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.appointment_move(actor=request.user, appointment=appointment,
                                                    slot=form.cleaned_data["slot"])
        except ValidationError as exc:
            _add_service_error(form, exc)
        else:
            slot = appointment.slot
            messages.success(request, _("Moved to %(date)s %(start)s–%(end)s.") % {
                "date": f"{slot.date:%Y-%m-%d}", "start": f"{slot.start:%H:%M}", "end": f"{slot.end:%H:%M}"})
            return redirect(_after_change_url(request, appointment))
    days = _slot_days(hall=appointment.slot.unit, first=first, now=now, user_id=appointment.user_id,
                      exclude_slot_id=appointment.slot_id)
    return render(request, "approvals/appointments/move.html", {
        "appointment": appointment, "form": form, "days": days, "first": first, "today": today,
        "selected": str(form["slot"].value() or ""),
        "earlier": first - timedelta(days=BOOKING_WINDOW_DAYS) if first > today else None,
        "later": first + timedelta(days=BOOKING_WINDOW_DAYS),
        "back": _day_url(appointment.slot.unit, appointment.slot.date) if request.user.is_staff_member
        else reverse("approvals:appointments"),
    })


@login_required
@require_POST
def appointment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a booking, after its holder (or the hall's clerk) has read what it does and confirmed."""
    appointment = get_object_or_404(Appointment.objects.visible_to(request.user).select_related("slot__unit"), pk=pk)
    if not services.may_change(request.user, appointment):
        raise PermissionDenied(_("This appointment is not yours."))  # before asking to confirm
    if confirmation_needed(request) and appointment.status == AppointmentStatus.BOOKED:
        return confirmation_page(request, cancel_booking_confirmation(
            appointment, back_url=_after_change_url(request, appointment)))
    try:
        services.appointment_cancel(actor=request.user, appointment=appointment,
                                    reason=request.POST.get("reason", "")[:300])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The appointment is cancelled; the time is free for others."))
    return redirect(_after_change_url(request, appointment))


# --- window clerks -------------------------------------------------------------------------------

@login_required
@require_POST
def appointment_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """Attended or no-show, recorded by the hall's staff on or after the day."""
    _staff_halls(request)
    appointment = get_object_or_404(Appointment.objects.visible_to(request.user).select_related("slot__unit"), pk=pk)
    attended = request.POST.get("attended")
    if attended not in ("1", "0"):
        messages.error(request, _("Choose attended or did not come."))
    else:
        try:
            services.appointment_mark(actor=request.user, appointment=appointment, attended=attended == "1")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s: %(status)s.") % {
                "name": appointment.name, "status": appointment.get_status_display()})
    return redirect(_after_change_url(request, appointment))


def _neighbours(hall: OrgUnit, day: date) -> tuple[date, date]:
    """The previous and next working day, or a nearer day with slots (a Saturday morning)."""
    cal = calendar()
    previous, following = cal.add_workdays(day, -1), cal.add_workdays(day, 1)
    slots = AppointmentSlot.objects.filter(unit=hall)
    before = slots.filter(date__lt=day).order_by("-date").values_list("date", flat=True).first()
    after = slots.filter(date__gt=day).order_by("date").values_list("date", flat=True).first()
    return (max(previous, before) if before else previous), (min(following, after) if after else following)


@login_required
def appointment_day(request: HttpRequest) -> HttpResponse:
    """The clerk's day: every slot with its bookings, attendance buttons and a form to book for a caller."""
    halls = _staff_halls(request)
    source = request.GET  # the caller form posts to this page's own address (?unit=…&date=…)
    hall = _pick_hall(halls, source.get("unit"), request.user)
    if hall is None:
        return render(request, "approvals/appointments/day.html", {"hall": None})
    now = timezone.now()
    today = timezone.localdate(now)
    day = _parse_day(source.get("date"), today)
    if day is None:
        messages.error(request, _("That is not a date (YYYY-MM-DD); showing today."))
        day = today
    form = BookingForm(request.POST or None, prefix="caller")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.appointment_book(
                actor=request.user, slot=data["slot"], matter=data["matter"], name=data["name"], phone=data["phone"],
                purpose=data["purpose"])
        except ValidationError as exc:
            _add_service_error(form, exc)
        else:
            slot = appointment.slot
            messages.success(request, _("Booked %(name)s for %(date)s %(start)s–%(end)s.") % {
                "name": appointment.name, "date": f"{slot.date:%Y-%m-%d}", "start": f"{slot.start:%H:%M}",
                "end": f"{slot.end:%H:%M}"})
            return redirect(_day_url(hall, slot.date))
    bookings = Appointment.objects.select_related("matter", "enterprise", "booked_by").order_by("pk")
    slots = list(AppointmentSlot.objects.filter(unit=hall, date=day).order_by("start")
                 .prefetch_related(Prefetch("appointments", queryset=bookings)))
    totals = {status: 0 for status in AppointmentStatus.values}
    for slot in slots:
        slot.is_over = services.slot_ends_at(slot) <= now
        slot.has_begun = services.slot_starts_at(slot) <= now
        for appointment in slot.appointments.all():
            totals[appointment.status] += 1
            appointment.can_mark = appointment.status == AppointmentStatus.BOOKED and day <= today
            appointment.can_cancel = appointment.status == AppointmentStatus.BOOKED and not slot.has_begun
    previous, following = _neighbours(hall, day)
    return render(request, "approvals/appointments/day.html", {
        "hall": hall, "hall_groups": hall_groups(halls), "day": day, "today": today, "slots": slots, "form": form,
        "bookable": [s for s in slots if not s.is_over and s.free > 0],
        "selected": str(form["slot"].value() or ""), "totals": totals,
        "free": sum(s.free for s in slots), "previous": previous, "following": following,
        "day_info": calendar().describe(day), "is_tomorrow": day == today + timedelta(days=1),
        "here": _day_url(hall, day),
    })


@login_required
def slots_generate(request: HttpRequest) -> HttpResponse:
    """Open the next N days of slots for a hall in the clerk's scope (idempotent)."""
    halls = _staff_halls(request)
    today = timezone.localdate()
    default_hall = _pick_hall(halls, None, request.user)
    form = GenerateForm(request.POST or None, halls=halls,
                        initial={"unit": default_hall, "start": today, "days": 14})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["start"] < today:
            form.add_error("start", _("Slots are opened from today on."))
        else:
            try:
                created = services.slots_generate(unit=data["unit"], start=data["start"], days=data["days"],
                                                  actor=request.user)
            except ValidationError as exc:
                _add_service_error(form, exc)
            else:
                last = data["start"] + timedelta(days=data["days"] - 1)
                if created:
                    messages.success(request, _("%(count)d new slots opened at %(hall)s, %(from)s to %(to)s.") % {
                        "count": created, "hall": data["unit"].name, "from": data["start"].isoformat(),
                        "to": last.isoformat()})
                else:
                    messages.info(request, _("All slots of %(hall)s from %(from)s to %(to)s were already open.") % {
                        "hall": data["unit"].name, "from": data["start"].isoformat(), "to": last.isoformat()})
                return redirect(_day_url(data["unit"], data["start"]))
    return render(request, "approvals/appointments/generate.html", {"form": form, "hall": default_hall,
                                                               "hall_hours": hours_text()})
