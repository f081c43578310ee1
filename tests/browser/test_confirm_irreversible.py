"""Irreversible acts ask once more, in a real browser (issue 20 §5): an enterprise withdraws an application
(first going back, then confirming) and cancels a booking, a window clerk refuses an intake; the same pages
work with JavaScript switched off."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from approvals.catalogue import load_catalogue
from approvals.enums import ApplicationStatus, AppointmentStatus
from approvals.models import Application, Appointment, AppointmentSlot, MaterialRequirement, Matter
from approvals.services.appointments import appointment_book
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.approvals.factories import ApplicationFactory
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)
    units = unit_chain("c")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳盛京商贸有限公司")
    applicant = enterprise_user(enterprise, username="ent_confirm", full_name="孙立新")
    staff(Role.WINDOW_CLERK, units["brigade"], username="clerk_confirm", full_name="王晓丽")
    application = ApplicationFactory(applicant=applicant, enterprise=enterprise,
                                     matter=Matter.objects.get(code="acceptance"), submitted=True)
    slot = AppointmentSlot.objects.create(unit=units["brigade"], date=date.today() + timedelta(days=7),
                                          start=time(9), end=time(9, 30), capacity=2)
    appointment = appointment_book(actor=applicant, slot=slot, name="孙立新", phone="13912345678",
                                   purpose="递交消防验收申请材料")
    return {"application": application, "appointment": appointment}


def _page(browser, live_server, *, javascript: bool = True, username: str = "ent_confirm"):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                  java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    login(page, username, PASSWORD)
    return page


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_withdraw_shows_what_happens_and_asks_once_more(browser, live_server, world, javascript) -> None:
    application = world["application"]
    page = _page(browser, live_server, javascript=javascript)
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    page.fill("input[name=reason]", "项目暂缓建设")
    page.click("[data-action=withdraw]")
    page.wait_for_selector("[data-confirm-consequences]")
    assert "项目暂缓建设" in page.inner_text("[data-confirm-consequences]")
    screenshot(page, f"confirm-withdraw-{'js' if javascript else 'nojs'}")
    # going back changes nothing
    page.click("[data-action=back]")
    page.wait_for_url(f"**{application.get_absolute_url()}")
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    # asked again and confirmed, it is withdrawn
    page.fill("input[name=reason]", "项目暂缓建设")
    page.click("[data-action=withdraw]")
    page.click("[data-action=confirm]")
    page.wait_for_url(f"**{application.get_absolute_url()}")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert page.locator("[data-action=withdraw]").count() == 0


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_cancelling_a_booking_shows_what_happens_and_asks_once_more(browser, live_server, world, javascript) -> None:
    appointment = world["appointment"]
    page = _page(browser, live_server, javascript=javascript)
    page.goto(f"{live_server.url}/approvals/appointments/")
    booking = page.locator(f'[data-appointment="{appointment.pk}"]')
    booking.locator("[data-action=cancel]").click()
    page.wait_for_selector("[data-confirm-consequences]")
    assert appointment.slot.unit.name in page.inner_text("[data-confirm-consequences]")
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.BOOKED
    page.click("[data-action=confirm]")
    page.wait_for_url("**/approvals/appointments/")
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.CANCELLED


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_refusing_an_intake_shows_the_reasons_and_asks_once_more(browser, live_server, world, javascript) -> None:
    application = world["application"]
    page = _page(browser, live_server, javascript=javascript, username="clerk_confirm")
    page.goto(f"{live_server.url}/approvals/{application.pk}/intake/")
    page.fill("textarea[name=reasons]", "该项目不属于本大队管辖范围")
    page.click("button[name=action][value=refuse]")
    page.wait_for_selector("[data-confirm-consequences]")
    assert "该项目不属于本大队管辖范围" in page.inner_text("[data-confirm-consequences]")
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    screenshot(page, f"confirm-refuse-intake-{'js' if javascript else 'nojs'}")
    with page.expect_navigation():
        page.click("[data-action=confirm]")
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.REFUSED
