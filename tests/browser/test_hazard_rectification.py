"""E6 in a real browser: a hazard gets a rectification order → the enterprise uploads evidence from a phone →
the re-check eliminates it."""

from __future__ import annotations

from pathlib import Path

import pytest

from enterprises.safety.enums import HazardSource, HazardStatus
from enterprises.safety.models import Hazard
from enterprises.safety.services.hazards import hazard_record
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def hazard_world(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_rule_sets()
    units = unit_chain("hz")
    enterprise = EnterpriseFactory(brigade=units["brigade"], name="沈阳鑫源商贸有限公司")
    inspector = staff(Role.REVIEWER, units["brigade"], username="inspector_hz", full_name="李建国")
    enterprise_user(enterprise, username="ent_hz", full_name="孙立新")
    hazard = hazard_record(unit=units["brigade"], enterprise=enterprise, source=HazardSource.INSPECTION,
                           description="二楼安全出口被货物堵塞", address=enterprise.address, actor=inspector)
    photo = tmp_path / "evidence.png"
    photo.write_bytes(PNG)
    return {"hazard": hazard, "photo": photo}


def test_hazard_is_ordered_answered_with_evidence_and_eliminated(page, phone_page, hazard_world) -> None:  # type: ignore[no-untyped-def]
    hazard: Hazard = hazard_world["hazard"]
    photo: Path = hazard_world["photo"]

    # the inspector issues the rectification order
    login(page, "inspector_hz", PASSWORD)
    page.goto(f"{page.base}/safety/hazards/{hazard.pk}/")
    page.fill("textarea[name=requirements]", "清理二楼安全出口处堆放的货物")
    page.fill("input[name=rectify_workdays]", "5")
    page.click("[data-action=issue-order]")
    page.wait_for_selector("[data-order-number]")
    number = page.inner_text("[data-order-number]")
    assert "责改" in number
    screenshot(page, "hazard-ordered")

    # the enterprise sees the order on a phone and answers with a photo
    login(phone_page, "ent_hz", PASSWORD)
    phone_page.goto(f"{phone_page.base}/safety/my/orders/")
    phone_page.click(f"text={number}")
    phone_page.fill("textarea[name=note]", "货物已全部清走，出口畅通")
    phone_page.set_input_files("input[name=files]", str(photo))
    screenshot(phone_page, "hazard-answer-phone")
    phone_page.click("[data-action=respond]")
    phone_page.wait_for_selector("[data-report-reason]")  # the re-check to come; more evidence may follow
    assert Hazard.objects.get(pk=hazard.pk).status == HazardStatus.RECHECK

    # the inspector re-checks: eliminated
    page.goto(f"{page.base}/safety/hazards/{hazard.pk}/")
    assert page.locator("a[href^='/safety/attachments/']").count() == 1
    page.select_option("select[name=passed]", "yes")
    page.fill("textarea[name=note]", "复查合格")
    page.click("[data-action=recheck]")
    page.wait_for_selector("[data-status]")
    screenshot(page, "hazard-eliminated")
    assert Hazard.objects.get(pk=hazard.pk).status == HazardStatus.ELIMINATED
    assert page.locator("[data-action=recheck]").count() == 0
