"""The booking page on a 390 px phone (A9): who comes and why first, then the days folded to one, the chosen
time's or the first with a free time; opening another day folds the rest. A wide screen keeps the grid of days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from approvals.models import Appointment, AppointmentSlot
from approvals.services.appointments import slots_generate
from firesvc.accounts.roles import Role
from tests.browser.conftest import login, screenshot, scrolls_sideways
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)
BOOK = "/approvals/appointments/book/"


@pytest.fixture
def two_weeks():  # type: ignore[no-untyped-def]
    """A hall with the next fortnight's slots open, and an enterprise user of its brigade."""
    units = unit_chain("p")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳盛京商贸有限公司")
    enterprise_user(enterprise, username="ent_phone", full_name="孙立新", phone="13912345678")
    staff(Role.WINDOW_CLERK, units["brigade"], username="clerk_phone", full_name="王晓丽", window_number="1号窗口")
    slots_generate(unit=units["brigade"], start=timezone.localdate() + timedelta(days=1), days=14, actor=None)
    days = sorted(set(AppointmentSlot.objects.values_list("date", flat=True)))
    assert len(days) >= 5
    return days


def _open_days(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all("[data-day]:has(details[open])", "els => els.map(e => e.dataset.day)")


def _visible_times(page) -> int:  # type: ignore[no-untyped-def]
    return sum(1 for label in page.locator("[data-slot-picker] label").all() if label.is_visible())


@pytest.mark.parametrize("phone_page", [390], indirect=True)
def test_a_phone_shows_one_day_of_times_the_first_with_a_free_time(phone_page, two_weeks) -> None:  # type: ignore[no-untyped-def]
    login(phone_page, "ent_phone", PASSWORD)
    phone_page.goto(f"{phone_page.base}{BOOK}")
    first = two_weeks[0].isoformat()
    assert _open_days(phone_page) == [first]
    assert _visible_times(phone_page) == AppointmentSlot.objects.filter(date=two_weeks[0]).count()
    assert not scrolls_sideways(phone_page)
    screenshot(phone_page, "appointment-booking-390")


@pytest.mark.parametrize("phone_page", [390], indirect=True)
def test_a_phone_asks_who_comes_before_the_times(phone_page, two_weeks) -> None:  # type: ignore[no-untyped-def]
    login(phone_page, "ent_phone", PASSWORD)
    phone_page.goto(f"{phone_page.base}{BOOK}")
    who = phone_page.locator("input[name=name]").bounding_box()
    times = phone_page.locator("[data-slot-picker]").bounding_box()
    button = phone_page.locator("[data-action=book]").bounding_box()
    assert who is not None and times is not None and button is not None
    assert who["y"] < times["y"] < button["y"]


@pytest.mark.parametrize("phone_page", [390], indirect=True)
def test_a_phone_user_opens_another_day_and_books_a_time_there(phone_page, two_weeks) -> None:  # type: ignore[no-untyped-def]
    login(phone_page, "ent_phone", PASSWORD)
    phone_page.goto(f"{phone_page.base}{BOOK}")
    third = two_weeks[2].isoformat()
    phone_page.click(f'[data-day="{third}"] summary')
    assert _open_days(phone_page) == [third]
    choice = phone_page.locator(f'[data-day="{third}"] input[name=slot]:not([disabled])').first
    slot_id = choice.get_attribute("value")
    phone_page.click(f'label[for="slot-{slot_id}"]')
    phone_page.fill("textarea[name=purpose]", "递交消防验收申请材料")
    phone_page.click("[data-action=book]")
    phone_page.wait_for_url("**/approvals/appointments/")
    assert str(Appointment.objects.get().slot_id) == slot_id


@pytest.mark.parametrize("phone_page", [390], indirect=True)
def test_a_refused_booking_reopens_the_day_of_the_chosen_time(phone_page, two_weeks) -> None:  # type: ignore[no-untyped-def]
    login(phone_page, "ent_phone", PASSWORD)
    phone_page.goto(f"{phone_page.base}{BOOK}")
    third = two_weeks[2].isoformat()
    phone_page.click(f'[data-day="{third}"] summary')
    slot_id = phone_page.locator(f'[data-day="{third}"] input[name=slot]:not([disabled])').first.get_attribute("value")
    phone_page.click(f'label[for="slot-{slot_id}"]')
    phone_page.fill("input[name=phone]", "")  # refused by the server: the page comes back with the time kept
    with phone_page.expect_navigation():
        phone_page.click("[data-action=book]")
    assert _open_days(phone_page) == [third]
    assert phone_page.locator(f"#slot-{slot_id}").is_checked()


def test_a_wide_screen_keeps_every_day_open_side_by_side(page, two_weeks) -> None:  # type: ignore[no-untyped-def]
    login(page, "ent_phone", PASSWORD)
    page.goto(f"{page.base}{BOOK}")
    assert len(_open_days(page)) == page.locator("[data-day]").count() >= 5
    first, second = (page.locator(f'[data-day="{day.isoformat()}"]').bounding_box() for day in two_weeks[:2])
    assert first is not None and second is not None
    assert first["y"] == second["y"] and first["x"] < second["x"]
    times = page.locator("[data-slot-picker]").bounding_box()
    who = page.locator("input[name=name]").bounding_box()
    assert times is not None and who is not None and times["y"] < who["y"]
