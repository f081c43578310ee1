"""Keyboard-only pass over the main forms (issue 9): sign-in, online filing, window intake, appointment booking,
the citizen hazard report and the complaint form are filled in and sent with ``page.keyboard`` alone — the skip
link, Tab, typing, Space, Enter and the arrow keys; no click and no ``fill``. A file is chosen the way a keyboard
user does it: Enter on the file input opens the chooser (Playwright answers the chooser for the operating system).

On the way it checks that Tab reaches every required field in DOM order, that every focused control shows a focus
indicator (outline or box shadow, on the control or, for a button-styled radio, on its label) and that every
control of the form has a label (``label[for]``, a wrapping label, ``aria-label`` or ``aria-labelledby``).

Page state is read with ``evaluate``/locators; only the starting data is arranged in Python.
"""

from __future__ import annotations

import io
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from PIL import Image

from approvals.catalogue import load_catalogue
from approvals.enums import SlotKind
from approvals.models import Application, Appointment, AppointmentSlot, IntakeNotice, MaterialRequirement, Matter
from approvals.services.applications import application_submit
from approvals.services.appointments import slots_generate
from feedback.hazard_reports.models import HazardReport
from feedback.models import Complaint
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.approvals.conftest import PDF, PROJECT, make_draft
from tests.browser.conftest import screenshot
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)

MAX_TABS = 120

FOCUSED = """() => { const e = document.activeElement;
  return e ? {tag: e.tagName.toLowerCase(), name: e.name || '', type: e.type || '', value: e.value || '',
              id: e.id || '', text: (e.innerText || '').trim().slice(0, 40)} : null; }"""

# A visible focus indicator: an outline or a box shadow on the control, or on the label of a button-styled radio.
# Inside a date field Tab also stops on the browser's own calendar button (in the field's user-agent shadow tree,
# which draws its own ring): the field is the active element then but not :focus-visible.
HAS_INDICATOR = """() => { const e = document.activeElement; if (!e) return false;
  if (e.type === 'date' && !e.matches(':focus-visible')) return true;
  const shows = (t) => { const s = getComputedStyle(t);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none'); };
  if (shows(e)) return true;
  return e.classList.contains('btn-check') && [...e.labels].some(shows); }"""

# Every control of the form that a person fills has an accessible label; returns the names of those without.
UNLABELLED = """(form) => [...form.querySelectorAll('input, select, textarea')]
  .filter(e => e.type !== 'hidden' && e.type !== 'submit' && !e.closest('[aria-hidden=true]'))
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
  .map(e => e.name || e.id)"""

# The names of the required, focusable fields of the form, in DOM order (a radio group once).
REQUIRED_IN_DOM_ORDER = """(form) => { const names = [];
  for (const e of form.querySelectorAll('input, select, textarea')) {
    if (!e.required || e.type === 'hidden' || e.tabIndex < 0 || e.disabled) continue;
    if (!names.includes(e.name)) names.push(e.name); }
  return names; }"""


class Keyboard:
    """Drives one page with the keyboard only and remembers every control focus stopped on."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.stops: list[dict[str, str]] = []
        self.without_indicator: list[str] = []

    def focused(self) -> dict[str, str] | None:
        return self.page.evaluate(FOCUSED)

    def matches(self, selector: str) -> bool:
        return self.page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector)

    def skip_to_content(self) -> None:
        """Tab to the skip link and follow it: the next Tab starts in the page's main content. A page reached
        from one whose address ended in ``#main`` (a form sent after skipping) starts there already: the first
        Tab lands in the main content, and Shift+Tab steps back before it."""
        self.page.keyboard.press("Tab")
        if self.matches("a[href='#main']"):
            self.page.keyboard.press("Enter")
            return
        assert urlparse(self.page.url).fragment == "main", self.focused()
        assert self.matches("main *"), self.focused()
        self.page.keyboard.press("Shift+Tab")

    def tab_to(self, selector: str) -> None:
        """Tab forward until ``selector`` has focus; records each stop and checks its focus indicator."""
        for _ in range(MAX_TABS):
            self.page.keyboard.press("Tab")
            stop = self.focused()
            if stop and stop["tag"] in ("input", "select", "textarea", "button"):
                self.stops.append(stop)
                if not self.page.evaluate(HAS_INDICATOR):
                    self.without_indicator.append(stop["name"] or stop["text"] or stop["tag"])
            if self.matches(selector):
                return
        raise AssertionError(f"Tab never reached {selector}; stops: {self.stops[-10:]}")

    def type(self, selector: str, text: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)

    def choose(self, selector: str, value: str) -> None:
        """A closed <select>: Home, then ArrowDown until ``value`` is selected (each key fires ``change``)."""
        self.tab_to(selector)
        self.page.keyboard.press("Home")
        for _ in range(200):
            if self.page.evaluate("() => document.activeElement.value") == value:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"{selector} has no option {value}")

    def radio(self, name: str, value: str) -> None:
        """Tab into the radio group, then the arrow keys move (and check) until ``value``; Space checks it."""
        self.tab_to(f"input[type=radio][name={name}]")
        for _ in range(50):
            if self.page.evaluate("() => document.activeElement.value") == value:
                self.page.keyboard.press("Space")
                assert self.page.evaluate("() => document.activeElement.checked")
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"radio {name} has no value {value}")

    def check(self, selector: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.press("Space")
        assert self.page.evaluate("() => document.activeElement.checked")

    def choose_file(self, selector: str, path: Path) -> None:
        """Enter on the file input opens the chooser; Playwright answers it for the operating system's dialog.

        The page's ``choosers`` listener was registered when the page was opened: Playwright turns on file-chooser
        interception lazily, when the first listener appears, so listening only around the key press can miss
        the chooser (the interception request may still be in flight; puppeteer/puppeteer#6040)."""
        self.tab_to(selector)
        choosers = self.page.choosers
        choosers.clear()
        self.page.keyboard.press("Enter")
        for _ in range(300):  # up to 15 s; each wait lets Playwright deliver pending events
            if choosers:
                break
            self.page.wait_for_timeout(50)
        assert len(choosers) == 1, "Enter on the file input opened no file chooser"
        choosers[0].set_files(str(path))

    def submit(self, selector: str) -> None:
        """Tab to the button and press Enter; waits for the page that the form's answer loads."""
        self.tab_to(selector)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    def assert_form_accessible(self, form_selector: str) -> None:
        form = self.page.locator(form_selector)
        assert form.evaluate(UNLABELLED) == [], "controls without a label"
        assert self.without_indicator == [], f"no visible focus indicator on {self.without_indicator}"

    def assert_required_reached_in_order(self, required: list[str]) -> None:
        """The required fields (names, in DOM order) were reached by Tab in that same order."""
        reached: list[str] = []
        for stop in self.stops:
            if stop["name"] in required and stop["name"] not in reached:
                reached.append(stop["name"])
        assert reached == required, (reached, required)


@pytest.fixture
def keyboard_page(browser, live_server):  # type: ignore[no-untyped-def]
    """Opens pages in their own contexts with reduced motion (no focus-ring transitions to wait for)."""
    contexts = []

    def open_page(*, phone: bool = False):  # type: ignore[no-untyped-def]
        size = {"width": 360, "height": 740} if phone else {"width": 1280, "height": 900}
        context = browser.new_context(viewport=size, locale="zh-CN", reduced_motion="reduce", is_mobile=phone)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base = live_server.url
        page.choosers = []  # file choosers opened by the keyboard (see Keyboard.choose_file)
        page.on("filechooser", lambda chooser: page.choosers.append(chooser))
        return page

    yield open_page
    for context in contexts:
        context.close()


def keyboard_login(page: Any, username: str) -> Keyboard:  # type: ignore[no-untyped-def]
    """The sign-in page puts the focus in the username field (autofocus): type, Tab, type, Enter."""
    page.goto(f"{page.base}/accounts/login/")
    page.wait_for_function("() => document.activeElement && document.activeElement.name === 'username'")
    keys = Keyboard(page)
    keys.stops.append(keys.focused())
    assert page.evaluate(HAS_INDICATOR)
    page.keyboard.type(username)
    keys.type("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return keys


@pytest.fixture
def world(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)
    units = unit_chain("kb")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳盛京商贸有限公司")
    applicant = enterprise_user(enterprise, username="ent_keys", full_name="孙立新", phone="13912345678")
    staff(Role.WINDOW_CLERK, units["brigade"], username="clerk_keys", window_number="1号窗口")
    pdf = tmp_path / "material.pdf"
    pdf.write_bytes(PDF)
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 90, 30)).save(buffer, "JPEG")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(buffer.getvalue())
    return {**units, "enterprise": enterprise, "applicant": applicant, "pdf": pdf, "photo": photo}


def test_sign_in_by_keyboard(keyboard_page, world) -> None:  # type: ignore[no-untyped-def]
    page = keyboard_page()
    keys = keyboard_login(page, "clerk_keys")
    assert urlparse(page.url).path == "/desk/window_clerk/"
    keys.assert_required_reached_in_order(["username", "password"])
    assert keys.without_indicator == []
    page.goto(f"{page.base}/accounts/login/?next=/approvals/worklist/")  # signed in: sent on
    assert "/accounts/login/" not in page.url


def test_sign_in_form_labels(keyboard_page, world) -> None:  # type: ignore[no-untyped-def]
    page = keyboard_page()
    page.goto(f"{page.base}/accounts/login/")
    keys = Keyboard(page)
    keys.assert_form_accessible("main form")
    required = page.locator("main form").evaluate(REQUIRED_IN_DOM_ORDER)
    assert required == ["username", "password"]


def test_online_filing_by_keyboard(keyboard_page, world) -> None:  # type: ignore[no-untyped-def]
    page = keyboard_page()
    keyboard_login(page, "ent_keys")
    page.goto(f"{page.base}/approvals/new/acceptance/")
    keys = Keyboard(page)
    required = page.locator("main form").evaluate(REQUIRED_IN_DOM_ORDER)
    keys.skip_to_content()
    for field in ("project_name", "project_address", "building_area", "building_height", "floors"):
        keys.type(f"[name={field}]", str(PROJECT[field]))
    keys.choose("select[name=use]", PROJECT["use"])
    keys.check("input[name=is_key_project]")
    keys.type("[name=contact_name]", PROJECT["contact_name"])
    keys.type("[name=contact_phone]", PROJECT["contact_phone"])
    keys.type("[name=description]", "地上十二层商业综合体")
    keys.assert_form_accessible("main form")
    keys.submit("input[name=submit]")
    application = Application.objects.get()
    assert urlparse(page.url).path == f"/approvals/{application.pk}/"
    assert application.is_key_project
    assert application.project_name == PROJECT["project_name"]
    keys.assert_required_reached_in_order(required)

    # one material chosen and uploaded by keyboard, then submitted knowingly incomplete
    requirement = MaterialRequirement.objects.get(matter__code="acceptance", code="application_form")
    keys = Keyboard(page)
    keys.skip_to_content()
    keys.choose_file(f"input[type=file][aria-label$='{requirement.name}']", world["pdf"])
    keys.submit(f"form[action$='/materials/{requirement.pk}/'] button")
    assert application.materials.filter(requirement=requirement).exists()
    keys = Keyboard(page)
    keys.skip_to_content()
    keys.check("#allow_incomplete")
    keys.submit("[data-action=submit]")
    keys.submit("[data-action=confirm]")  # the confirmation page, by keyboard too
    assert page.locator("[data-status=submitted]").is_visible()
    assert keys.without_indicator == []
    screenshot(page, "keyboard-online-filing-submitted")


def test_window_intake_by_keyboard(keyboard_page, world) -> None:  # type: ignore[no-untyped-def]
    application = application_submit(actor=world["applicant"], application=make_draft(
        world, skip=("completion_report",)), allow_incomplete=True)
    page = keyboard_page()
    keyboard_login(page, "clerk_keys")
    page.goto(f"{page.base}/approvals/{application.pk}/intake/")
    keys = Keyboard(page)
    keys.skip_to_content()
    missing = MaterialRequirement.objects.get(matter__code="acceptance", code="completion_report")
    licence = MaterialRequirement.objects.get(matter__code="acceptance", code="business_licence")
    # every material starts unchecked: the clerk checks each row in the page's order
    for item in application.required_items.select_related("requirement").order_by("requirement__order",
                                                                                   "requirement_id"):
        requirement = item.requirement
        if requirement == licence:
            keys.choose(f"select[name=state_{licence.pk}]", "faulty")
            keys.type(f"input[name=problem_{licence.pk}]", "营业执照已过有效期")
            keys.type(f"input[name=fix_{licence.pk}]", "上传有效期内的营业执照副本")
        elif requirement == missing:
            keys.choose(f"select[name=state_{missing.pk}]", "missing")
            keys.type(f"input[name=problem_{missing.pk}]", "未提交工程竣工验收报告")
        else:
            keys.choose(f"select[name=state_{requirement.pk}]", "ok" if requirement.is_mandatory else "na")
    keys.assert_form_accessible("main form")
    keys.submit("button[value=notice]")
    assert page.locator("[data-status=deficient]").is_visible()
    notice = IntakeNotice.objects.get(application=application, kind="deficiency")
    assert sorted(item["requirement_id"] for item in notice.items) == sorted([missing.pk, licence.pk])
    screenshot(page, "keyboard-window-intake-notice")


def test_appointment_booking_by_keyboard(keyboard_page, world) -> None:  # type: ignore[no-untyped-def]
    tomorrow = timezone.localdate() + timedelta(days=1)
    if not slots_generate(unit=world["brigade"], start=tomorrow, days=1, actor=None):
        AppointmentSlot.objects.create(unit=world["brigade"], date=tomorrow, start=time(10), end=time(10, 30),
                                       kind=SlotKind.SATURDAY, capacity=2)
    page = keyboard_page()
    keyboard_login(page, "ent_keys")
    page.goto(f"{page.base}/approvals/appointments/book/")
    keys = Keyboard(page)
    keys.skip_to_content()
    keys.tab_to("input[name=slot]")
    page.keyboard.press("Space")  # the first free time
    slot_id = page.evaluate("() => document.activeElement.value")
    assert page.evaluate("() => document.activeElement.checked")
    keys.type("textarea[name=purpose]", "递交消防验收申请材料")
    keys.assert_form_accessible("form[data-booking-form]")
    keys.submit("[data-action=book]")
    assert urlparse(page.url).path == "/approvals/appointments/"
    appointment = Appointment.objects.get()
    assert str(appointment.slot_id) == slot_id
    assert appointment.name == "孙立新"
    assert page.locator(f'[data-appointment="{appointment.pk}"]').is_visible()
    keys.assert_required_reached_in_order(["slot", "name", "phone", "purpose"])


def test_citizen_hazard_report_by_keyboard(keyboard_page, world) -> None:  # type: ignore[no-untyped-def]
    page = keyboard_page(phone=True)
    page.goto(f"{page.base}/reports/")
    required = page.locator("#hazard-report-form").evaluate(REQUIRED_IN_DOM_ORDER)
    keys = Keyboard(page)
    keys.skip_to_content()
    keys.radio("category", "fire_system_off")
    keys.choose("select[name=subdistrict]", str(world["subdistrict"].pk))
    page.wait_for_selector(f"select[name=community] option[value='{world['community'].pk}']", state="attached")
    keys.choose("select[name=community]", str(world["community"].pk))
    page.wait_for_selector(f"select[name=grid] option[value='{world['grid'].pk}']", state="attached")
    keys.choose("select[name=grid]", str(world["grid"].pk))
    keys.type("input[name=address]", "光明小区3号楼")
    keys.type("textarea[name=description]", "消防栓被锁，喷淋阀门关闭")
    keys.choose_file("input[name=photos]", world["photo"])
    keys.type("input[name=reporter_phone]", "13912345678")
    keys.assert_form_accessible("#hazard-report-form")
    keys.submit("#hazard-report-form button[type=submit]")
    page.wait_for_url("**/reports/t/**")
    report = HazardReport.objects.get()
    assert report.category == "fire_system_off"
    assert report.grid == world["grid"]
    assert report.photos.count() == 1
    assert page.locator("[data-tracking-code]").inner_text() == report.tracking_code
    keys.assert_required_reached_in_order(required)
    screenshot(page, "keyboard-hazard-report-tracking")


def test_complaint_form_by_keyboard(keyboard_page, world) -> None:  # type: ignore[no-untyped-def]
    staff(Role.SUPERVISOR, world["brigade"], username="investigator_keys")
    page = keyboard_page(phone=True)
    page.goto(f"{page.base}/feedback/complain/")
    required = page.locator("main form").evaluate(REQUIRED_IN_DOM_ORDER)
    keys = Keyboard(page)
    keys.skip_to_content()
    keys.radio("kind", "complaint")
    keys.choose("select[name=unit]", str(world["brigade"].pk))
    keys.type("textarea[name=text]", "3月2日上午检查人员迟到一个半小时，未作解释")
    keys.type("input[name=complainant_name]", "王先生")
    keys.type("input[name=complainant_contact]", "13912345678")
    keys.assert_form_accessible("main form")
    keys.submit("main form button")
    complaint = Complaint.objects.get()
    assert complaint.unit == world["brigade"]
    assert "迟到一个半小时" in complaint.text
    assert f"/feedback/complain/{complaint.pk}/" in page.url
    keys.assert_required_reached_in_order(required)
