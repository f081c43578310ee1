"""An enterprise user's day in a real browser (issue 9): sign in → file fire acceptance online with every material
uploaded → book a window appointment → follow the case: accepted by the window, due date, the acceptance notice
(PDF) and the inbox → answer a rectification order from the inbox with evidence.

Only the starting data is arranged in Python: units, users, tomorrow's appointment slots and a hazard of the
enterprise with its rectification order. The window clerk's acceptance is clicked in a second browser context."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone

from approvals.catalogue import load_catalogue
from approvals.enums import SlotKind
from approvals.models import Application, Appointment, AppointmentSlot, IntakeNotice, MaterialRequirement, Matter
from approvals.services.appointments import slots_generate
from enterprises.safety.enums import HazardSource, HazardStatus
from enterprises.safety.models import Hazard
from enterprises.safety.services.hazards import hazard_record, rectification_order_issue
from firesvc import workdays
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.approvals.conftest import PDF, PNG, PROJECT
from tests.browser.conftest import check_every_material, screenshot
from tests.factories import EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def enterprise_world(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)
    units = unit_chain("en")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳盛京商贸有限公司")
    enterprise_user(enterprise, username="ent_day", full_name="孙立新", phone="13912345678")
    staff(Role.WINDOW_CLERK, units["brigade"], username="clerk_entday", window_number="1号窗口")
    inspector = staff(Role.REVIEWER, units["brigade"], username="inspector_entday", full_name="李建国")
    tomorrow = timezone.localdate() + timedelta(days=1)
    if not slots_generate(unit=units["brigade"], start=tomorrow, days=1, actor=None):
        # tomorrow is a Sunday or a holiday: one slot opened by hand, as a clerk could in the admin
        AppointmentSlot.objects.create(unit=units["brigade"], date=tomorrow, start=time(10), end=time(10, 30),
                                       kind=SlotKind.SATURDAY, capacity=2)
    hazard = hazard_record(unit=units["brigade"], enterprise=enterprise, source=HazardSource.INSPECTION,
                           description="一楼配电室堆放纸箱", address=enterprise.address, actor=inspector)
    rectification_order_issue(hazard=hazard, requirements="清理配电室内可燃物", rectify_workdays=3, actor=inspector)
    files = {"pdf": tmp_path / "material.pdf", "png": tmp_path / "after.png"}
    files["pdf"].write_bytes(PDF)
    files["png"].write_bytes(PNG)
    return {"tomorrow": tomorrow, "hazard": hazard, "files": files}


def test_an_enterprise_files_books_follows_its_case_and_answers_an_order(
        new_page, live_server, enterprise_world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    files = enterprise_world["files"]
    page = new_page("ent_day")
    assert page.url.endswith("/approvals/")  # my cases and what needs action (issue 22)
    assert "沈阳盛京商贸有限公司" in page.locator("main").inner_text()
    screenshot(page, "journey-enterprise-01-my-enterprise")

    # file online: my applications → new application → fire acceptance
    page.goto(f"{live_server.url}/approvals/")
    page.get_by_role("button", name="新建申请").click()
    with page.expect_navigation():
        page.get_by_role("link", name="建设工程消防验收", exact=True).click()
    for field in ("project_name", "project_address", "building_area", "building_height", "floors", "contact_name",
                  "contact_phone"):
        page.fill(f"[name={field}]", str(PROJECT[field]))
    page.select_option("[name=use]", PROJECT["use"])
    with page.expect_navigation():
        page.locator("form [name=submit]").click()
    assert re.search(r"/approvals/\d+/$", page.url)
    application = Application.objects.get()
    assert page.locator("[data-status=draft]").is_visible()
    mandatory = [i.requirement for i in application.required_items.select_related("requirement")
                 if i.requirement.is_mandatory]
    for requirement in mandatory:
        item = page.locator("li.list-group-item", has_text=requirement.name)
        item.locator("input[type=file]").set_input_files(str(files["pdf"]))
        with page.expect_navigation():
            item.locator("button").click()
    assert page.locator("main .alert-warning").count() == 0  # nothing is missing any more
    screenshot(page, "journey-enterprise-02-materials-uploaded")
    with page.expect_navigation():
        page.locator("[data-action=submit]").click()
    screenshot(page, "journey-enterprise-02b-confirm-submit")
    with page.expect_navigation():  # the page says what submitting does and asks once more
        page.click("[data-action=confirm]")
    assert page.locator("[data-status=submitted]").is_visible()
    screenshot(page, "journey-enterprise-03-submitted")

    # book a window appointment for tomorrow to hand in the originals
    page.goto(f"{live_server.url}/approvals/appointments/book/")
    tomorrow = enterprise_world["tomorrow"].isoformat()
    slot_id = page.locator(f'[data-day="{tomorrow}"] input[name=slot]:not([disabled])').first.get_attribute("value")
    page.click(f'label[for="slot-{slot_id}"]')
    page.fill("textarea[name=purpose]", "递交消防验收申请材料原件")
    screenshot(page, "journey-enterprise-04-booking")
    with page.expect_navigation():
        page.click("[data-action=book]")
    appointment = Appointment.objects.get()
    assert str(appointment.slot_id) == slot_id
    assert tomorrow in page.locator(f'[data-appointment="{appointment.pk}"]').inner_text()

    # the window accepts the application (the clerk, in a browser of their own)
    clerk = new_page("clerk_entday")
    clerk.goto(f"{live_server.url}/approvals/{application.pk}/intake/")
    check_every_material(clerk)
    with clerk.expect_navigation():
        clerk.locator("button[value=accept]").click()
    assert clerk.locator("[data-status=accepted]").is_visible()

    # the enterprise follows its case: the list shows it accepted with the due date in working days
    due = workdays.add_workdays(timezone.localdate(), 20)
    page.goto(f"{live_server.url}/approvals/")
    row = page.locator("tbody tr", has_text=PROJECT["project_name"])
    assert "已受理" in row.inner_text()
    assert due.isoformat() in row.inner_text()
    with page.expect_navigation():
        row.get_by_role("link").first.click()
    assert page.locator("[data-due-date]").first.inner_text() == due.isoformat()
    notice = IntakeNotice.objects.get(application=application, kind="acceptance")
    with page.expect_download() as download:
        page.locator("[data-notice-pdf=acceptance]").click()
    pdf = tmp_path / "acceptance.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert notice.number in page.locator("main").inner_text()
    screenshot(page, "journey-enterprise-05-case-accepted")

    # the inbox holds the rectification order; opening it leads to the order, marked read
    page.goto(f"{live_server.url}/inbox/")
    order_number = Hazard.objects.get(pk=enterprise_world["hazard"].pk).order.number
    message = page.locator("a.list-group-item", has_text=order_number)
    assert message.locator(".badge.text-bg-danger").is_visible()  # new
    screenshot(page, "journey-enterprise-06-inbox")
    with page.expect_navigation():
        message.click()
    page.wait_for_url(f"**/safety/my/orders/{enterprise_world['hazard'].pk}/")
    assert order_number in page.locator("h1").inner_text()

    # answer the order with evidence
    page.fill("textarea[name=note]", "纸箱已全部清出配电室")
    page.set_input_files("input[name=files]", str(files["png"]))
    with page.expect_navigation():
        page.click("[data-action=respond]")
    assert page.locator("[data-report-reason]").is_visible()  # the re-check to come; more evidence may follow
    assert page.locator("a[href^='/safety/attachments/']", has_text="after.png").count() == 1
    screenshot(page, "journey-enterprise-07-order-answered")
    assert Hazard.objects.get(pk=enterprise_world["hazard"].pk).status == HazardStatus.RECHECK
    page.goto(f"{live_server.url}/inbox/")
    assert page.locator("a.list-group-item", has_text=order_number).locator(".badge.text-bg-danger").count() == 0
