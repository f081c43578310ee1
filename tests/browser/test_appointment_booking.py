"""Window appointments in a real browser (A9): an enterprise user books tomorrow; the clerk sees it in the day view."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from approvals.enums import SlotKind
from approvals.models import Appointment, AppointmentSlot
from approvals.services.appointments import slots_generate
from firesvc.accounts.roles import Role
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hall():  # type: ignore[no-untyped-def]
    units = unit_chain("w")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳盛京商贸有限公司")
    enterprise_user(enterprise, username="ent_booking", full_name="孙立新", phone="13912345678")
    staff(Role.WINDOW_CLERK, units["brigade"], username="clerk_booking", full_name="王晓丽", window_number="1号窗口")
    tomorrow = timezone.localdate() + timedelta(days=1)
    if not slots_generate(unit=units["brigade"], start=tomorrow, days=1, actor=None):
        # Tomorrow is a Sunday or a holiday: open one slot by hand, as a clerk could in the admin.
        AppointmentSlot.objects.create(unit=units["brigade"], date=tomorrow, start=time(10), end=time(10, 30),
                                       kind=SlotKind.SATURDAY, capacity=2)
    return {"brigade": units["brigade"], "tomorrow": tomorrow}


def test_an_enterprise_user_books_tomorrow_and_the_clerk_sees_it_in_the_day_view(page, hall) -> None:
    tomorrow = hall["tomorrow"].isoformat()
    # the enterprise user picks the first free time tomorrow; name and phone are filled in from the account
    login(page, "ent_booking", PASSWORD)
    page.goto(f"{page.base}/approvals/appointments/book/")
    choice = page.locator(f'[data-day="{tomorrow}"] input[name=slot]:not([disabled])').first
    slot_id = choice.get_attribute("value")
    page.click(f'label[for="slot-{slot_id}"]')
    assert page.input_value("input[name=name]") == "孙立新"
    assert page.input_value("input[name=phone]") == "13912345678"
    page.fill("textarea[name=purpose]", "递交消防验收申请材料")
    screenshot(page, "appointment-booking")
    page.click("[data-action=book]")
    page.wait_for_url("**/approvals/appointments/")
    appointment = Appointment.objects.get()
    assert str(appointment.slot_id) == slot_id
    assert appointment.user.username == "ent_booking"
    assert page.locator(f'[data-appointment="{appointment.pk}"]').is_visible()

    # the clerk signs in and opens the day view of tomorrow
    page.context.clear_cookies()
    login(page, "clerk_booking", PASSWORD)
    page.goto(f"{page.base}/approvals/appointments/day/?date={tomorrow}")
    booking = page.locator(f'[data-appointment="{appointment.pk}"]')
    assert booking.locator("[data-field=name]").inner_text() == "孙立新"
    assert booking.locator("[data-field=phone]").inner_text() == "13912345678"
    assert booking.locator("[data-field=purpose]").inner_text() == "递交消防验收申请材料"
    assert page.locator(f'[data-slot="{slot_id}"]').is_visible()
    screenshot(page, "appointment-day-view")
