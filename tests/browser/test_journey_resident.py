"""A resident's journey on a phone (issue 9): report a hazard anonymously with a photo → the tracking page shows
it received, with the photo → the sub-district's duty officer (a second browser) acknowledges it → the resident's
tracking page shows the acknowledgement.

Only the starting data is arranged in Python: the units and the duty officer."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from feedback.hazard_reports.models import HazardReport
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.browser.conftest import screenshot
from tests.factories import staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def neighbourhood(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_rule_sets()
    units = unit_chain("re")
    staff(Role.DUTY_OFFICER, units["subdistrict"], username="duty_resident", full_name="孙值班")
    photo = tmp_path / "corridor.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    return {**units, "photo": photo}


def test_a_resident_reports_with_a_photo_and_sees_the_acknowledgement(
        phone_page, new_page, neighbourhood) -> None:  # type: ignore[no-untyped-def]
    phone = phone_page
    phone.goto(f"{phone.base}/reports/")
    assert phone.locator("nav a[href='/accounts/logout/'], form[action='/accounts/logout/']").count() == 0
    phone.check("input[name=category][value=electrical]")
    phone.select_option("select[name=subdistrict]", str(neighbourhood["subdistrict"].pk))
    phone.wait_for_selector(f"select[name=community] option[value='{neighbourhood['community'].pk}']",
                            state="attached")
    phone.select_option("select[name=community]", str(neighbourhood["community"].pk))
    phone.wait_for_selector(f"select[name=grid] option[value='{neighbourhood['grid'].pk}']", state="attached")
    phone.select_option("select[name=grid]", str(neighbourhood["grid"].pk))
    phone.fill("input[name=address]", "光明小区3号楼1单元")
    phone.fill("textarea[name=description]", "楼道里电动自行车充电，电线从窗户拉出")
    phone.set_input_files("input[name=photos]", str(neighbourhood["photo"]))
    phone.fill("input[name=reporter_phone]", "13912345678")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "journey-resident-01-report-form")
    with phone.expect_navigation():
        phone.click("button[type=submit]")
    phone.wait_for_url("**/reports/t/**")

    # the tracking page: received, with the photo; nothing acknowledged yet
    report = HazardReport.objects.get()
    assert phone.locator("[data-tracking-code]").inner_text() == report.tracking_code
    assert phone.locator("[data-steps] li").count() == 1
    assert phone.locator("img[alt]").count() == 1
    assert phone.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    tracking_url = phone.url
    screenshot(phone, "journey-resident-02-tracking-received")

    # the duty officer, in a browser of their own, sees it live and acknowledges it
    duty = new_page("duty_resident")
    duty.goto(f"{duty.base}/reports/duty/")
    row = duty.locator(f'[data-report="{report.pk}"]')
    row.wait_for()
    assert row.locator("[data-due-at]").is_visible()
    with duty.expect_navigation():
        row.locator("[data-acknowledge]").click()
    duty.wait_for_url(f"**/reports/{report.pk}/")
    screenshot(duty, "journey-resident-03-duty-acknowledged")
    report.refresh_from_db()
    assert report.acknowledged_at is not None
    assert report.acknowledged_at <= report.ack_due_at

    # the resident's tracking page now shows the acknowledgement as the second step
    phone.goto(tracking_url)
    steps = phone.locator("[data-steps] li")
    assert steps.count() == 2
    assert "值班员已受理" in steps.nth(1).inner_text()
    screenshot(phone, "journey-resident-04-tracking-acknowledged")
