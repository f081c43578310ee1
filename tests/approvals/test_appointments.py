"""Window appointments (A9): slot generation, booking under concurrency, move, cancel, attendance, reminders, pages."""

from __future__ import annotations

import re
import threading
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from approvals.enums import AppointmentStatus, SlotKind
from approvals.models import Appointment, AppointmentSlot, Matter
from approvals.selectors.halls import hall_groups
from approvals.services.appointments import (
    appointment_book,
    appointment_cancel,
    appointment_mark,
    appointment_move,
    appointment_reminders_send,
    day_schedule,
    is_reachable_phone,
    slots_generate,
)
from approvals.tasks import deem_overdue_intakes, send_appointment_reminders
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.notifications.models import Notification
from tests.factories import EnterpriseFactory, enterprise_user, staff

TUESDAY = date(2026, 3, 3)


@pytest.fixture
def world(approvals_world: dict[str, Any]) -> dict[str, Any]:
    # Our own matter: a flushed transactional test elsewhere may have removed the catalogue's rows.
    matter, _created = Matter.objects.get_or_create(code="appt-test", defaults={
        "name": "消防验收（预约测试）", "rule_code": "acceptance.decide"})
    approvals_world["matter"] = matter
    return approvals_world


def _tomorrow(offset: int = 1) -> date:
    return timezone.localdate() + timedelta(days=offset)


def _slot(unit: Any, day: date | None = None, start: time = time(9, 0), capacity: int = 4,
          kind: str = SlotKind.OFFICE) -> AppointmentSlot:
    end = (datetime.combine(date.today(), start) + timedelta(minutes=30)).time()
    return AppointmentSlot.objects.create(unit=unit, date=day or _tomorrow(), start=start, end=end, capacity=capacity,
                                          kind=kind)


def _book(world: dict[str, Any], slot: AppointmentSlot, who: str = "applicant", **kwargs: Any) -> Appointment:
    fields = {"name": "孙立新", "phone": "13912345678", "purpose": "递交验收材料"} | kwargs
    return appointment_book(actor=world[who], slot=slot, **fields)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _english(client: Any) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# --- the schedule: pure rules ------------------------------------------------------------------

def test_day_schedule_gives_office_hours_and_extended_hours_on_a_working_tuesday() -> None:
    specs = day_schedule(TUESDAY, is_workday=True, is_holiday=False)
    office = [s for s in specs if s.kind == SlotKind.OFFICE]
    extended = [s for s in specs if s.kind == SlotKind.EXTENDED]
    assert [(s.start, s.end) for s in office[:1] + office[-1:]] == [(time(9), time(9, 30)), (time(16, 30), time(17))]
    assert len(office) == 12
    assert time(11, 30) not in {s.start for s in office}
    assert [(s.start, s.end) for s in extended] == [(time(17), time(17, 30)), (time(17, 30), time(18)),
                                                     (time(18), time(18, 30)), (time(18, 30), time(19))]


def test_day_schedule_has_no_extended_hours_on_a_wednesday() -> None:
    kinds = {s.kind for s in day_schedule(TUESDAY + timedelta(days=1), is_workday=True, is_holiday=False)}
    assert kinds == {SlotKind.OFFICE}


def test_day_schedule_opens_an_ordinary_saturday_morning_only() -> None:
    saturday = date(2026, 3, 7)
    specs = day_schedule(saturday, is_workday=False, is_holiday=False)
    assert [(s.start, s.end, s.kind) for s in specs[:1]] == [(time(9), time(9, 30), SlotKind.SATURDAY)]
    assert len(specs) == 6
    assert specs[-1].end == time(12)
    assert day_schedule(saturday, is_workday=False, is_holiday=True) == []
    assert day_schedule(saturday + timedelta(days=1), is_workday=False, is_holiday=False) == []


# --- slot generation ---------------------------------------------------------------------------

def _kinds_by_day(unit: Any) -> dict[date, list[str]]:
    result: dict[date, list[str]] = {}
    for day, kind in AppointmentSlot.objects.filter(unit=unit).order_by("date", "start").values_list("date", "kind"):
        result.setdefault(day, []).append(kind)
    return result


def test_slots_generate_treats_a_make_up_saturday_as_a_working_day_and_skips_the_holiday(world) -> None:
    # given: 2026-02-09 .. 2026-03-01: Spring Festival 2/15–2/23, make-up working Saturdays 2/14 and 2/28
    # when
    created = slots_generate(unit=world["brigade"], start=date(2026, 2, 9), days=21, actor=world["clerk"])
    # then
    days = _kinds_by_day(world["brigade"])
    assert days[date(2026, 2, 14)] == [SlotKind.OFFICE] * 12  # make-up Saturday: office hours, no Saturday slots
    assert days[date(2026, 2, 28)] == [SlotKind.OFFICE] * 12
    assert days[date(2026, 2, 10)] == [SlotKind.OFFICE] * 12 + [SlotKind.EXTENDED] * 4  # a working Tuesday
    assert not any(date(2026, 2, 15) <= d <= date(2026, 2, 23) for d in days)  # holiday, Saturday 2/21 included
    assert date(2026, 3, 1) not in days  # an ordinary Sunday
    assert created == sum(len(kinds) for kinds in days.values())


def test_slots_generate_opens_an_ordinary_saturday_morning_and_no_slots_on_national_day(world) -> None:
    slots_generate(unit=world["brigade"], start=date(2026, 3, 2), days=7, actor=world["clerk"])
    slots_generate(unit=world["brigade"], start=date(2026, 10, 1), days=3, actor=world["clerk"])
    days = _kinds_by_day(world["brigade"])
    assert days[date(2026, 3, 7)] == [SlotKind.SATURDAY] * 6
    assert days[date(2026, 3, 5)].count(SlotKind.EXTENDED) == 4  # Thursday
    assert not any(d.month == 10 for d in days)  # 10/1–10/3 are holidays, Thursday and Saturday included
    assert AppointmentSlot.objects.get(unit=world["brigade"], date=date(2026, 3, 7), start=time(9)).capacity == 2


def test_slots_generate_is_idempotent(world) -> None:
    first = slots_generate(unit=world["brigade"], start=TUESDAY, days=7, actor=world["clerk"])
    AppointmentSlot.objects.filter(unit=world["brigade"], date=TUESDAY, start=time(9)).update(capacity=9)
    second = slots_generate(unit=world["brigade"], start=TUESDAY, days=7, actor=world["clerk"])
    assert first > 0
    assert second == 0
    assert AppointmentSlot.objects.filter(unit=world["brigade"]).count() == first
    assert AppointmentSlot.objects.get(unit=world["brigade"], date=TUESDAY, start=time(9)).capacity == 9
    assert AuditEvent.objects.filter(action="appointment_slots.generate").count() == 1


def test_slots_generate_is_refused_to_another_units_clerk_and_to_enterprise_users(world) -> None:
    with pytest.raises(PermissionDenied):
        slots_generate(unit=world["brigade"], start=TUESDAY, days=1, actor=world["clerk_other"])
    with pytest.raises(PermissionDenied):
        slots_generate(unit=world["brigade"], start=TUESDAY, days=1, actor=world["applicant"])
    assert not AppointmentSlot.objects.exists()


# --- booking -------------------------------------------------------------------------------------

def test_an_enterprise_user_books_a_place_for_their_own_enterprise(world) -> None:
    slot = _slot(world["brigade"])
    appointment = _book(world, slot, matter=world["matter"])
    slot.refresh_from_db()
    assert (appointment.user, appointment.enterprise, appointment.booked_by) == (
        world["applicant"], world["enterprise"], world["applicant"])
    assert appointment.status == AppointmentStatus.BOOKED
    assert slot.booked == 1
    assert AuditEvent.objects.filter(action="appointment.book", object_id=str(appointment.pk)).exists()


def test_an_unverified_claim_books_as_the_person_not_as_the_enterprise(world) -> None:
    from enterprises.enums import AccountStatus
    from tests.factories import enterprise_user

    world["claimant"] = enterprise_user(world["enterprise"], status=AccountStatus.PENDING)
    appointment = _book(world, _slot(world["brigade"]), who="claimant")
    assert (appointment.user, appointment.enterprise) == (world["claimant"], None)


def test_a_clerk_books_for_a_caller_without_an_account(world) -> None:
    slot = _slot(world["brigade"])
    appointment = _book(world, slot, who="clerk", name="刘先生", phone="024-2345 6789")
    assert appointment.user is None
    assert appointment.booked_by == world["clerk"]
    assert (appointment.name, appointment.phone) == ("刘先生", "024-2345 6789")


def test_a_full_slot_is_refused(world) -> None:
    slot = _slot(world["brigade"], capacity=1)
    _book(world, slot)
    with pytest.raises(ValidationError) as exc:
        _book(world, slot, who="other_applicant")
    assert exc.value.code == "full"
    slot.refresh_from_db()
    assert slot.booked == 1
    assert slot.appointments.count() == 1


def test_a_past_slot_is_refused(world) -> None:
    slot = _slot(world["brigade"], day=_tomorrow(-1))
    with pytest.raises(ValidationError) as exc:
        _book(world, slot)
    assert exc.value.code == "past"
    with pytest.raises(ValidationError) as exc:
        _book(world, slot, who="clerk")
    assert exc.value.code == "past"


def test_online_booking_closes_when_the_slot_begins_but_the_window_books_until_it_ends(world) -> None:
    slot = _slot(world["brigade"], start=time(10))
    during = _at(slot.date, 10, 10)
    with pytest.raises(ValidationError):
        _book(world, slot, now=during)
    assert _book(world, slot, who="clerk", now=during).user is None


def test_a_clerk_cannot_book_a_slot_of_another_unit(world) -> None:
    slot = _slot(world["brigade"])
    with pytest.raises(ValidationError) as exc:
        _book(world, slot, who="clerk_other")
    assert exc.value.code == "other_unit"
    slot.refresh_from_db()
    assert slot.booked == 0


def test_the_same_person_cannot_book_the_same_slot_twice(world) -> None:
    slot = _slot(world["brigade"])
    _book(world, slot)
    with pytest.raises(ValidationError) as exc:
        _book(world, slot)
    assert exc.value.code == "double"
    _book(world, slot, who="clerk", phone="13600000001")
    with pytest.raises(ValidationError):
        _book(world, slot, who="clerk", phone="13600000001")  # the same caller twice
    slot.refresh_from_db()
    assert slot.booked == 2


def test_an_enterprise_user_cannot_book_for_another_enterprise(world) -> None:
    with pytest.raises(PermissionDenied):
        _book(world, _slot(world["brigade"]), enterprise=world["other_enterprise"])


def test_a_bad_phone_number_is_refused_on_its_field(world) -> None:
    with pytest.raises(ValidationError) as exc:
        _book(world, _slot(world["brigade"]), phone="call me")
    assert set(exc.value.message_dict) == {"phone"}


@pytest.mark.parametrize(("phone", "reachable"), [
    ("13912345678", True), ("139 1234 5678", True), ("+86 139-1234-5678", True), ("024-2345 6789", True),
    ("0421-1234567", True), ("(010) 12345678", True),
    ("2468", False), ("1391234567", False), ("23456789", False), ("call me", False), ("", False),
])
def test_a_phone_is_a_mobile_number_or_a_landline_with_its_area_code(phone: str, reachable: bool) -> None:
    assert is_reachable_phone(phone) is reachable


def test_a_short_phone_number_is_refused_saying_what_a_number_must_be(world) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _book(world, _slot(world["brigade"]), who="clerk", phone="2468")
    message = exc.value.message_dict["phone"][0]
    assert "11-digit mobile number" in message
    assert "area code" in message
    assert "digits only" not in message


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_the_last_place_exactly_one_wins() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises all writers; the race needs PostgreSQL row locks")
    from tests.factories import unit_chain

    brigade = unit_chain("race")["brigade"]
    people = [enterprise_user(EnterpriseFactory(brigade=brigade)) for _ in range(2)]
    slot = _slot(brigade, capacity=1)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(user: Any) -> None:
        try:
            barrier.wait(timeout=10)
            appointment_book(actor=user, slot=slot, name=user.full_name, phone="13912345678")
            outcomes.append("booked")
        except ValidationError as exc:
            outcomes.append(exc.code or "error")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    slot.refresh_from_db()
    assert sorted(outcomes) == ["booked", "full"]
    assert slot.booked == 1
    assert slot.appointments.count() == 1


# --- cancel, move, attendance ------------------------------------------------------------------

def test_cancelling_frees_the_place_for_someone_else(world) -> None:
    slot = _slot(world["brigade"], capacity=1)
    appointment = _book(world, slot)
    appointment_cancel(actor=world["applicant"], appointment=appointment, reason="改期")
    slot.refresh_from_db()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert slot.booked == 0
    assert _book(world, slot, who="other_applicant").status == AppointmentStatus.BOOKED
    event = AuditEvent.objects.get(action="appointment.cancel")
    assert (event.from_state, event.to_state, event.reason) == ("booked", "cancelled", "改期")


def test_a_cancelled_booking_cannot_be_cancelled_again_or_moved(world) -> None:
    slot = _slot(world["brigade"])
    appointment = _book(world, slot)
    appointment_cancel(actor=world["applicant"], appointment=appointment)
    with pytest.raises(ValidationError) as exc:
        appointment_cancel(actor=world["applicant"], appointment=appointment)
    assert exc.value.code == "not_booked"
    later = _slot(world["brigade"], start=time(10))
    with pytest.raises(ValidationError):
        appointment_move(actor=world["applicant"], appointment=appointment, slot=later)
    slot.refresh_from_db()
    assert slot.booked == 0  # freed once, not twice


def test_an_enterprise_user_cannot_cancel_anothers_booking(world) -> None:
    appointment = _book(world, _slot(world["brigade"]))
    with pytest.raises(PermissionDenied):
        appointment_cancel(actor=world["other_applicant"], appointment=appointment)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_moving_takes_the_new_place_and_frees_the_old_one(world) -> None:
    old, new = _slot(world["brigade"]), _slot(world["brigade"], day=_tomorrow(2), start=time(14))
    appointment = _book(world, old)
    Appointment.objects.filter(pk=appointment.pk).update(reminded_at=timezone.now())
    appointment_move(actor=world["applicant"], appointment=appointment, slot=new)
    old.refresh_from_db()
    new.refresh_from_db()
    appointment.refresh_from_db()
    assert (appointment.slot, old.booked, new.booked) == (new, 0, 1)
    assert appointment.reminded_at is None  # the new day gets its own reminder
    assert AuditEvent.objects.filter(action="appointment.move", object_id=str(appointment.pk)).exists()


def test_moving_to_a_full_slot_or_another_hall_is_refused_and_changes_nothing(world) -> None:
    old, full = _slot(world["brigade"]), _slot(world["brigade"], start=time(10), capacity=1)
    elsewhere = _slot(world["clerk_other"].unit)
    _book(world, full, who="other_applicant")
    appointment = _book(world, old)
    for target, code in ((full, "full"), (elsewhere, "other_unit"), (old, "same_slot")):
        with pytest.raises(ValidationError) as exc:
            appointment_move(actor=world["applicant"], appointment=appointment, slot=target)
        assert exc.value.code == code
    assert [s.booked for s in AppointmentSlot.objects.filter(pk__in=[old.pk, full.pk]).order_by("pk")] == [1, 1]
    appointment.refresh_from_db()
    assert appointment.slot == old


def test_the_clerk_marks_attended_or_no_show_on_the_day(world) -> None:
    slot = _slot(world["brigade"])
    came, absent = _book(world, slot), _book(world, slot, who="other_applicant")
    on_the_day = _at(slot.date, 12)
    appointment_mark(actor=world["clerk"], appointment=came, attended=True, now=on_the_day)
    appointment_mark(actor=world["clerk"], appointment=absent, attended=False, now=on_the_day)
    came.refresh_from_db()
    absent.refresh_from_db()
    assert (came.status, absent.status) == (AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW)
    with pytest.raises(ValidationError):
        appointment_mark(actor=world["clerk"], appointment=came, attended=False, now=on_the_day)


def test_attendance_is_not_recorded_before_the_day_nor_by_others(world) -> None:
    appointment = _book(world, _slot(world["brigade"]))
    with pytest.raises(ValidationError) as exc:
        appointment_mark(actor=world["clerk"], appointment=appointment, attended=True)
    assert exc.value.code == "too_early"
    with pytest.raises(PermissionDenied):
        appointment_mark(actor=world["applicant"], appointment=appointment, attended=True,
                         now=_at(appointment.slot.date, 12))
    with pytest.raises(PermissionDenied):
        appointment_mark(actor=world["clerk_other"], appointment=appointment, attended=True,
                         now=_at(appointment.slot.date, 12))


# --- reminders -----------------------------------------------------------------------------------

def test_reminders_go_once_to_tomorrows_bookings_and_not_to_later_ones(world) -> None:
    # given: the applicant (e-mail and phone) and a caller tomorrow, another user the day after
    applicant = world["applicant"]
    applicant.phone = "13912345678"
    applicant.save()
    tomorrow_slot, later_slot = _slot(world["brigade"]), _slot(world["brigade"], day=_tomorrow(2))
    mine = _book(world, tomorrow_slot, matter=world["matter"])
    caller = _book(world, tomorrow_slot, who="clerk", name="刘先生", phone="13600000001")
    later = _book(world, later_slot, who="other_applicant")
    cancelled = _book(world, tomorrow_slot, who="other_applicant")
    appointment_cancel(actor=world["other_applicant"], appointment=cancelled)
    now = _at(timezone.localdate(), 10)
    # when
    first = appointment_reminders_send(now=now)
    second = appointment_reminders_send(now=now + timedelta(hours=1))
    # then
    assert (first, second) == (2, 0)
    notification = Notification.objects.get(kind="appointment_reminder")
    assert notification.recipient == applicant
    assert notification.url == reverse("approvals:appointments")
    assert world["matter"].name in notification.body
    assert set(notification.deliveries.values_list("channel", flat=True)) == {"email", "sms"}
    reminded = dict(Appointment.objects.values_list("pk", "reminded_at"))
    assert reminded[mine.pk] == now
    assert reminded[caller.pk] == now  # the caller's is recorded, not sent
    assert reminded[later.pk] is None
    assert reminded[cancelled.pk] is None
    assert AuditEvent.objects.filter(action="appointment.remind").count() == 2


def test_no_reminders_are_sent_at_night(world) -> None:
    _book(world, _slot(world["brigade"]))
    assert appointment_reminders_send(now=_at(timezone.localdate(), 2)) == 0
    assert not Notification.objects.exists()


def test_the_tasks_are_thin_wrappers_returning_counts(world) -> None:
    assert isinstance(send_appointment_reminders(), int)
    assert deem_overdue_intakes() == 0
    assert send_appointment_reminders.name == "approvals.tasks.send_appointment_reminders"
    assert deem_overdue_intakes.name == "approvals.tasks.deem_overdue_intakes"


def test_halls_are_grouped_by_city_in_the_order_the_tree_was_set_up() -> None:
    # given brigades whose paths, compared as text, mix the cities' order and the halls' order
    province = OrgUnit(pk=1, path="/1/", name="辽宁省消防救援总队")
    shenyang = OrgUnit(pk=2, path="/1/2/", name="沈阳市消防救援支队", parent=province)
    chaoyang = OrgUnit(pk=103, path="/1/103/", name="朝阳市消防救援支队", parent=province)
    halls = [OrgUnit(pk=104, path="/1/103/104/", name="双塔区消防救援大队", parent=chaoyang),
             OrgUnit(pk=25, path="/1/2/25/", name="和平区消防救援大队", parent=shenyang),
             OrgUnit(pk=3, path="/1/2/3/", name="铁西区消防救援大队", parent=shenyang)]
    # then 沈阳 (set up first) with 铁西 then 和平, then 朝阳
    assert [(group.label, [hall.pk for hall in group.halls]) for group in hall_groups(halls)] == [
        ("沈阳市消防救援支队", [3, 25]), ("朝阳市消防救援支队", [104])]


# --- pages ---------------------------------------------------------------------------------------

def test_the_booking_page_shows_the_enterprises_hall_and_books_with_prefilled_details(client, world) -> None:
    applicant = world["applicant"]
    applicant.phone = "13912345678"
    applicant.save()
    slot = _slot(world["brigade"], start=time(17), kind=SlotKind.EXTENDED)
    client.force_login(applicant)
    page = client.get(reverse("approvals:appointment_book")).content.decode()
    assert f'value="{slot.pk}"' in page
    assert world["brigade"].name in page
    assert 'value="13912345678"' in page
    assert f'value="{applicant.full_name}"' in page
    response = client.post(reverse("approvals:appointment_book"), {
        "unit": world["brigade"].pk, "slot": slot.pk, "name": applicant.full_name, "phone": "13912345678",
        "matter": world["matter"].pk, "purpose": "下班后递交材料"})
    assert response.status_code == 302
    assert response["Location"] == reverse("approvals:appointments")
    appointment = Appointment.objects.get(slot=slot)
    assert (appointment.user, appointment.matter, appointment.purpose) == (applicant, world["matter"], "下班后递交材料")
    listing = client.get(reverse("approvals:appointments")).content.decode()
    assert f'data-appointment="{appointment.pk}"' in listing


def test_booking_a_full_slot_says_so_and_keeps_what_was_typed(client, world) -> None:
    slot = _slot(world["brigade"], capacity=1)
    _book(world, slot, who="other_applicant")
    client.force_login(world["applicant"])
    _english(client)
    response = client.post(reverse("approvals:appointment_book"), {
        "unit": world["brigade"].pk, "slot": slot.pk, "name": "孙立新", "phone": "13912345678",
        "purpose": "typed-purpose-kept"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "fully booked" in page
    assert "typed-purpose-kept" in page
    assert 'value="孙立新"' in page
    assert slot.appointments.count() == 1


def test_booking_a_past_slot_through_the_page_is_refused_with_a_message(client, world) -> None:
    slot = _slot(world["brigade"], day=_tomorrow(-1))
    client.force_login(world["applicant"])
    _english(client)
    response = client.post(reverse("approvals:appointment_book"), {
        "unit": world["brigade"].pk, "slot": slot.pk, "name": "孙立新", "phone": "13912345678"})
    assert "already past" in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_day_view_shows_each_slots_bookings_to_the_clerk(client, world) -> None:
    slot = _slot(world["brigade"], start=time(9, 30))
    _book(world, slot, matter=world["matter"], purpose="递交验收材料")
    _book(world, slot, who="clerk", name="刘先生", phone="13600000001", purpose="咨询备案")
    client.force_login(world["clerk"])
    page = client.get(reverse("approvals:appointment_day"), {"date": slot.date.isoformat()}).content.decode()
    for text in ("09:30", "孙立新", "13912345678", world["matter"].name, "递交验收材料", "刘先生", "咨询备案"):
        assert text in page
    assert f'data-slot="{slot.pk}"' in page


def test_the_day_view_is_refused_to_enterprise_users_and_other_units(client, world) -> None:
    client.force_login(world["applicant"])
    assert client.get(reverse("approvals:appointment_day")).status_code == 403
    assert client.get(reverse("approvals:slots_generate")).status_code == 403
    client.force_login(world["clerk_other"])
    response = client.get(reverse("approvals:appointment_day"), {"unit": world["brigade"].pk})
    assert response.status_code == 404


def test_the_day_view_says_so_for_a_bad_date(client, world) -> None:
    client.force_login(world["clerk"])
    _english(client)
    response = client.get(reverse("approvals:appointment_day"), {"date": "2026-13-40"})
    assert response.status_code == 200
    assert "That is not a date" in response.content.decode()


def test_an_enterprise_user_cannot_cancel_anothers_booking_through_the_page(client, world) -> None:
    appointment = _book(world, _slot(world["brigade"]))
    client.force_login(world["other_applicant"])
    response = client.post(reverse("approvals:appointment_cancel", args=[appointment.pk]))
    assert response.status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_cancelling_through_the_page_needs_a_post_and_frees_the_place(client, world) -> None:
    slot = _slot(world["brigade"])
    appointment = _book(world, slot)
    client.force_login(world["applicant"])
    url = reverse("approvals:appointment_cancel", args=[appointment.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"reason": "另有安排", "confirmed": "1"})
    assert response["Location"] == reverse("approvals:appointments")
    slot.refresh_from_db()
    assert slot.booked == 0
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.CANCELLED


def test_cancelling_a_cancelled_booking_through_the_page_says_so(client, world) -> None:
    appointment = _book(world, _slot(world["brigade"]))
    appointment_cancel(actor=world["applicant"], appointment=appointment)
    client.force_login(world["applicant"])
    _english(client)
    response = client.post(reverse("approvals:appointment_cancel", args=[appointment.pk]), follow=True)
    assert "Cancelled; this step is not possible now" in response.content.decode()


def test_moving_through_the_page(client, world) -> None:
    old, new = _slot(world["brigade"]), _slot(world["brigade"], start=time(14))
    appointment = _book(world, old)
    client.force_login(world["applicant"])
    url = reverse("approvals:appointment_move", args=[appointment.pk])
    page = client.get(url).content.decode()
    assert f'value="{new.pk}"' in page
    assert f'value="{old.pk}"' not in page
    response = client.post(url, {"slot": new.pk})
    assert response["Location"] == reverse("approvals:appointments")
    assert Appointment.objects.get(pk=appointment.pk).slot == new


def test_the_clerk_marks_attendance_through_the_day_view(client, world) -> None:
    slot = _slot(world["brigade"], day=timezone.localdate())
    appointment = Appointment.objects.create(slot=slot, name="刘先生", phone="13600000001", booked_by=world["clerk"])
    AppointmentSlot.objects.filter(pk=slot.pk).update(booked=1)
    client.force_login(world["clerk"])
    page = client.get(reverse("approvals:appointment_day")).content.decode()
    assert reverse("approvals:appointment_mark", args=[appointment.pk]) in page
    response = client.post(reverse("approvals:appointment_mark", args=[appointment.pk]), {"attended": "0"})
    assert response.status_code == 302
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.NO_SHOW
    client.force_login(world["applicant"])
    assert client.post(reverse("approvals:appointment_mark", args=[appointment.pk]),
                       {"attended": "1"}).status_code == 403


def test_the_clerk_books_a_caller_from_the_day_view(client, world) -> None:
    slot = _slot(world["brigade"], start=time(15))
    client.force_login(world["clerk"])
    day_url = f"{reverse('approvals:appointment_day')}?unit={world['brigade'].pk}&date={slot.date.isoformat()}"
    response = client.post(day_url, {"caller-slot": slot.pk, "caller-name": "刘先生", "caller-phone": "13600000001",
                                      "caller-purpose": "咨询"})
    assert response.status_code == 302
    assert response["Location"] == day_url
    appointment = Appointment.objects.get(slot=slot)
    assert appointment.user is None
    assert appointment.booked_by == world["clerk"]


def test_a_callers_bad_phone_is_shown_on_the_field_and_the_rest_kept(client, world) -> None:
    slot = _slot(world["brigade"], start=time(15))
    client.force_login(world["clerk"])
    _english(client)
    response = client.post(
        f"{reverse('approvals:appointment_day')}?date={slot.date.isoformat()}",
        {"caller-slot": slot.pk, "caller-name": "刘先生", "caller-phone": "no phone", "caller-purpose": "kept-text"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Give a phone number" in page
    assert "kept-text" in page
    assert 'value="刘先生"' in page
    assert not Appointment.objects.exists()


def test_a_clerk_books_a_slot_of_another_unit_only_to_be_told_so(client, world) -> None:
    slot = _slot(world["brigade"], start=time(15))
    client.force_login(world["clerk_other"])
    _english(client)
    response = client.post(reverse("approvals:appointment_day"), {
        "caller-slot": slot.pk, "caller-name": "刘先生", "caller-phone": "13600000001"})
    assert "another unit" in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_clerk_opens_slots_for_the_next_days(client, world) -> None:
    client.force_login(world["clerk"])
    assert client.get(reverse("approvals:slots_generate")).status_code == 200
    today = timezone.localdate()
    response = client.post(reverse("approvals:slots_generate"), {
        "unit": world["brigade"].pk, "start": today.isoformat(), "days": 14})
    assert response.status_code == 302
    assert AppointmentSlot.objects.filter(unit=world["brigade"], date__gte=today).exists()
    response = client.post(reverse("approvals:slots_generate"), {
        "unit": world["clerk_other"].unit.pk, "start": today.isoformat(), "days": 14})
    assert response.status_code == 200  # not a hall of the clerk's: not a valid choice
    assert not AppointmentSlot.objects.filter(unit=world["clerk_other"].unit).exists()


def test_the_day_view_groups_the_halls_of_several_cities_by_city(client, world, tree) -> None:
    client.force_login(staff(Role.ADMINISTRATOR, None))
    page = client.get(reverse("approvals:appointment_day")).content.decode()
    picker = re.search(r"<select[^>]*data-hall-select>(.*?)</select>", page, re.S).group(1)  # type: ignore[union-attr]
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', picker, re.S)
    assert [(label, re.findall(r">([^<]+)</option>", options)) for label, options in groups] == [
        (tree["a"]["detachment"].name, [tree["a"]["brigade"].name]),
        (tree["b"]["detachment"].name, [tree["b"]["brigade"].name])]


def test_the_form_opening_slots_offers_the_halls_by_city(client, world, tree) -> None:
    client.force_login(staff(Role.ADMINISTRATOR, None))
    page = client.get(reverse("approvals:slots_generate")).content.decode()
    assert f'<optgroup label="{tree["b"]["detachment"].name}">' in page
