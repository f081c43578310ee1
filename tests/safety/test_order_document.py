"""The rectification order (责令改正通知书) as a document: its 核验码 and QR code like every notice, its page at
the public verification, and its deadline written as inclusive."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.core.cache import cache
from django.urls import reverse

from enterprises.safety.enums import HazardSource
from enterprises.safety.models import RectificationOrder
from enterprises.safety.services.checks import Upload
from enterprises.safety.services.hazards import (
    hazard_recheck,
    hazard_record,
    rectification_order_issue,
    rectification_respond,
)
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.services import org_unit_create, org_unit_place_under
from firesvc.documents.codes import CODE_ALPHABET, CODE_LENGTH, format_code
from tests.safety.conftest import PNG

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(world) -> RectificationOrder:  # type: ignore[no-untyped-def]
    hazard = hazard_record(unit=world["brigade"], source=HazardSource.INSPECTION, description="消防通道被杂物占用",
                           address="铁西区建设大路1号", enterprise=world["enterprise"], actor=world["inspector"])
    return rectification_order_issue(hazard=hazard, requirements="清理通道内杂物", rectify_workdays=3,
                                     actor=world["inspector"])


def _pdf_text(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return "".join(out.stdout.decode().split())


def _order_pdf_text(client, world, order: RectificationOrder) -> str:  # type: ignore[no-untyped-def]
    client.force_login(world["owner"])
    response = client.get(reverse("safety:order_pdf", args=[order.hazard_id]))
    assert response.status_code == 200
    return _pdf_text(response.content)


def test_an_issued_order_gets_a_code_of_eight_unambiguous_characters(order) -> None:  # type: ignore[no-untyped-def]
    assert len(order.verification_code) == CODE_LENGTH
    assert set(order.verification_code) <= set(CODE_ALPHABET)
    assert order.printed_verification_code == format_code(order.verification_code)
    assert order.verification_token[0].isalnum() and order.verification_token[-1].isalnum()


def test_the_order_pdf_prints_its_code_the_page_to_type_it_at_and_its_qr_address(
        client, world, order, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PORTAL_BASE_URL = "https://portal.example.cn"
    text = _order_pdf_text(client, world, order)
    assert order.printed_verification_code in text
    assert "https://portal.example.cn/approvals/verify/" in text
    assert f"https://portal.example.cn/safety/orders/verify/{order.verification_token}/" in text


def test_the_order_writes_its_deadline_as_inclusive(client, world, order) -> None:  # type: ignore[no-untyped-def]
    due = order.due_date
    text = _order_pdf_text(client, world, order)
    assert f"责令你单位于{due.year}年{due.month}月{due.day}日前（含当日，3个工作日内）改正" in text


def _failed_recheck(world, order: RectificationOrder) -> RectificationOrder:  # type: ignore[no-untyped-def]
    """The enterprise answers, the re-check finds the hazard still there and sets a new deadline of 10 days."""
    rectification_respond(hazard=order.hazard, note="已清理", files=[Upload("a.png", PNG)], actor=world["owner"])
    hazard_recheck(hazard=order.hazard, passed=False, note="通道仍有杂物", actor=world["inspector"],
                   new_rectify_workdays=10)
    return RectificationOrder.objects.get(pk=order.pk)


def test_an_order_reprinted_after_a_failed_recheck_reads_as_issued(client, world, order) -> None:  # type: ignore[no-untyped-def]
    due = order.due_date
    moved = _failed_recheck(world, order)
    text = _order_pdf_text(client, world, moved)
    assert f"责令你单位于{due.year}年{due.month}月{due.day}日前（含当日，3个工作日内）改正" in text
    assert f"{moved.due_date.year}年{moved.due_date.month}月{moved.due_date.day}日前" not in text


def test_the_migration_gives_an_order_moved_before_it_the_deadline_it_was_issued_with(world, order) -> None:  # type: ignore[no-untyped-def]
    import importlib

    from django.apps import apps

    due = order.due_date
    _failed_recheck(world, order)
    RectificationOrder.objects.filter(pk=order.pk).update(issued_due_date=None)
    importlib.import_module("enterprises.safety.migrations.0008_order_issued_due_date").fill_issued_due_dates(
        apps, None)
    assert RectificationOrder.objects.get(pk=order.pk).issued_due_date == due


def test_the_orders_code_typed_at_the_public_page_opens_its_verification(client, order) -> None:  # type: ignore[no-untyped-def]
    cache.clear()
    response = client.get(reverse("approvals:verify"), {"code": order.printed_verification_code.lower()})
    assert response.status_code == 302
    assert response["Location"] == order.get_verification_url()


def test_the_verification_page_shows_the_orders_key_facts_and_nothing_of_the_hazard(
        client, world, order) -> None:  # type: ignore[no-untyped-def]
    response = client.get(order.get_verification_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "data-verified" in page
    assert [fact for fact in (order.number, world["enterprise"].name, world["brigade"].name) if fact not in page] == []
    assert "消防通道被杂物占用" not in page and "铁西区建设大路1号" not in page and "清理通道内杂物" not in page
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]


def test_the_verification_page_names_the_document_once_in_chinese(client, order) -> None:  # type: ignore[no-untyped-def]
    page = client.get(order.get_verification_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    facts = page.split("<dl", 1)[1].split("</dl>", 1)[0]
    assert facts.count("责令限期改正通知书") == 1


def test_an_order_under_a_provincial_corps_is_issued_from_the_detachment_down(client, world, order) -> None:  # type: ignore[no-untyped-def]
    detachment = world["brigade"].parent
    org_unit_place_under(unit=detachment, parent=org_unit_create(
        kind=UnitKind.PROVINCE, name="辽宁省消防救援总队", code="ln", parent=None))
    order.hazard.unit.refresh_from_db()
    page = client.get(order.get_verification_url()).content.decode()
    assert f"{detachment.name} {world['brigade'].name}" in page
    assert "辽宁省消防救援总队" not in page


def test_an_unknown_order_token_is_not_a_document_of_this_portal(client, order) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("safety:verify_order", args=["forged-" + "x" * 25]))
    assert response.status_code == 404
    assert "data-unknown" in response.content.decode()


def test_the_seal_of_a_long_order_stays_on_the_page_of_its_last_paragraph(client, world, order) -> None:  # type: ignore[no-untyped-def]
    from tests.approvals.test_documents import pdf_pages

    client.force_login(world["owner"])
    item = "清理疏散通道及安全出口处堆放的杂物，保持疏散通道、安全出口畅通，并对应急照明和疏散指示标志逐一检测。"
    layouts = []
    for lines in range(1, 10):  # from one page to two, past every point where the old layout broke the close
        RectificationOrder.objects.filter(pk=order.pk).update(requirements="\n".join([item] * lines))
        pages = pdf_pages(client.get(reverse("safety:order_pdf", args=[order.hazard_id])).content)
        sealed = [page for page in pages if "（盖章）" in page]
        # The last paragraph is the appeal route (行政复议/行政诉讼); the seal stands on its page.
        layouts.append((lines, len(pages), len(sealed) == 1 and "提起行政诉讼。" in sealed[0]))
    assert [lines for lines, _pages, together in layouts if not together] == []
    assert {pages for _lines, pages, _together in layouts} == {1, 2}  # the range did cross a page break


# --- What the order rests on, and the remedy it tells of ---------------------------------------------------------


def test_the_order_tells_the_enterprise_how_to_seek_remedy(client, world, order) -> None:  # type: ignore[no-untyped-def]
    text = _order_pdf_text(client, world, order)
    assert ("如不服本决定，可以自收到本通知书之日起六十日内依照《中华人民共和国行政复议法》的规定申请行政复议，"
            "也可以自收到本通知书之日起六个月内依照《中华人民共和国行政诉讼法》的规定向人民法院提起行政诉讼。") in text


def test_an_order_on_an_inspection_names_the_inspector(client, world, order) -> None:  # type: ignore[no-untyped-def]
    text = _order_pdf_text(client, world, order)
    officer = world["inspector"].full_name
    assert f"经{world['brigade'].name}消防救援人员{officer}对你单位进行消防监督检查，发现你单位存在下列" in text


def _visit_order(world, method: str):  # type: ignore[no-untyped-def]
    from datetime import date

    from enterprises.services.visits import HazardFound, visit_record

    visit_record(actor=world["inspector"], enterprise=world["enterprise"], visited_on=date(2026, 3, 2),
                 method=method, companions="王五，赵六", hazards=[HazardFound(description="灭火器过期")])
    hazard = world["enterprise"].hazards.get()
    return rectification_order_issue(hazard=hazard, requirements="更换灭火器", rectify_workdays=3,
                                     actor=world["approver"])


def test_an_order_on_a_visit_names_the_day_and_the_officers_of_the_visit(client, world) -> None:  # type: ignore[no-untyped-def]
    text = _order_pdf_text(client, world, _visit_order(world, "on_site"))
    officer = world["inspector"].full_name
    assert f"{world['brigade'].name}消防救援人员{officer}、王五、赵六于2026年3月2日到你单位走访检查，发现" in text
    assert "经走访" not in text


def test_an_order_on_a_phone_call_does_not_claim_an_inspection(client, world) -> None:  # type: ignore[no-untyped-def]
    text = _order_pdf_text(client, world, _visit_order(world, "phone"))
    assert "于2026年3月2日电话联系你单位时了解到，你单位存在下列" in text
    assert "检查，发现" not in text


def test_an_order_on_a_citizen_report_does_not_claim_an_inspection(client, world) -> None:  # type: ignore[no-untyped-def]
    hazard = hazard_record(unit=world["brigade"], source=HazardSource.CITIZEN_REPORT, description="楼道堆放杂物",
                           address="铁西区建设大路2号", enterprise=world["enterprise"], actor=world["inspector"])
    order = rectification_order_issue(hazard=hazard, requirements="清理杂物", rectify_workdays=3,
                                      actor=world["inspector"])
    text = _order_pdf_text(client, world, order)
    assert "经群众举报反映，你单位存在下列" in text
    assert world["inspector"].full_name not in text and "检查，" not in text.split("你单位存在下列")[0]


def test_an_order_issued_before_the_grounds_were_kept_reprints_its_own_words(client, world, order) -> None:  # type: ignore[no-untyped-def]
    RectificationOrder.objects.filter(pk=order.pk).update(grounds="", appeal_route="")
    text = _order_pdf_text(client, world, order)
    assert "经Inspection，发现你单位存在下列" in text or "经监督检查，发现你单位存在下列" in text
    assert "行政复议" not in text


# --- The title names what the order orders -----------------------------------------------------------------------


def test_an_order_with_a_deadline_is_titled_an_order_to_correct_within_a_time_limit(
        client, world, order) -> None:  # type: ignore[no-untyped-def]
    text = _order_pdf_text(client, world, order)
    assert "责令限期改正通知书" in text
    assert "责令改正通知书" not in text


def test_an_order_issued_before_the_title_was_kept_reprints_its_old_title(
        client, world, order) -> None:  # type: ignore[no-untyped-def]
    RectificationOrder.objects.filter(pk=order.pk).update(title="")
    text = _order_pdf_text(client, world, order)
    assert "责令改正通知书" in text
    assert "责令限期改正通知书" not in text


def test_an_order_keeps_the_title_it_was_issued_with(order) -> None:  # type: ignore[no-untyped-def]
    assert RectificationOrder.objects.get(pk=order.pk).title == "责令限期改正通知书"


def test_an_order_to_correct_at_once_would_be_titled_so() -> None:
    from enterprises.safety.models import order_title

    assert order_title(rectify_workdays=0) == "责令立即改正通知书"


def _immediate_order(world) -> RectificationOrder:  # type: ignore[no-untyped-def]
    hazard = hazard_record(unit=world["brigade"], source=HazardSource.INSPECTION, description="安全出口被锁闭",
                           address="铁西区建设大路1号", enterprise=world["enterprise"], actor=world["inspector"])
    return rectification_order_issue(hazard=hazard, requirements="打开安全出口", rectify_workdays=0,
                                     actor=world["inspector"])


def test_an_order_to_correct_immediately_is_printed_with_its_title(client, world) -> None:  # type: ignore[no-untyped-def]
    text = _order_pdf_text(client, world, _immediate_order(world))
    assert "责令立即改正通知书" in text
    assert "责令限期改正通知书" not in text


def test_an_order_to_correct_immediately_orders_it_in_so_many_words(client, world) -> None:  # type: ignore[no-untyped-def]
    text = _order_pdf_text(client, world, _immediate_order(world))
    assert "责令你单位对上述消防安全违法行为立即改正：打开安全出口" in text
    assert "我单位将自本通知书签发之日起三个工作日内进行复查" in text


def test_an_order_to_correct_immediately_prints_no_deadline(client, world) -> None:  # type: ignore[no-untyped-def]
    text = _order_pdf_text(client, world, _immediate_order(world))
    assert "0个工作日" not in text
    assert "前（含当日" not in text
    assert "上传整改佐证材料" not in text


# --- The day of the inspection and the officers' 执法证号 ----------------------------------------------------------


def _inspection_order(world, **kwargs) -> RectificationOrder:  # type: ignore[no-untyped-def]
    hazard = hazard_record(unit=world["brigade"], source=HazardSource.INSPECTION, description="消防通道被杂物占用",
                           address="铁西区建设大路1号", enterprise=world["enterprise"], actor=world["inspector"],
                           **kwargs)
    return rectification_order_issue(hazard=hazard, requirements="清理通道内杂物", rectify_workdays=3,
                                     actor=world["approver"])


def _certify(user, number: str) -> None:  # type: ignore[no-untyped-def]
    user.enforcement_certificate = number
    user.save(update_fields=["enforcement_certificate"])


def test_an_order_on_an_inspection_names_its_day_and_the_officers_with_their_certificates(
        client, world) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    _certify(world["inspector"], "21010001")
    _certify(world["approver"], "21010002")
    order = _inspection_order(world, found_on=date(2026, 3, 2), officers=[world["approver"]])
    text = _order_pdf_text(client, world, order)
    inspector, approver = world["inspector"].full_name, world["approver"].full_name
    assert (f"{world['brigade'].name}于2026年3月2日对你单位进行消防监督检查，"
            f"执法人员为{inspector}（执法证号：21010001）、{approver}（执法证号：21010002），发现你单位") in text


def test_an_officer_without_a_certificate_number_is_named_without_one(world) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    _certify(world["inspector"], "21010001")
    order = _inspection_order(world, found_on=date(2026, 3, 2), officers=[world["approver"]])
    assert f"、{world['approver'].full_name}，发现" in order.grounds
    assert order.grounds.count("执法证号") == 1


def test_an_order_on_an_inspection_of_unknown_day_names_no_day(world) -> None:  # type: ignore[no-untyped-def]
    _certify(world["inspector"], "21010001")
    order = _inspection_order(world)
    officer = world["inspector"].full_name
    assert order.grounds.startswith(
        f"经{world['brigade'].name}消防救援人员{officer}（执法证号：21010001）对你单位进行消防监督检查")
    assert "年" not in order.grounds


def test_an_order_on_a_visit_entered_by_hand_names_the_day_given(world) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    hazard = hazard_record(unit=world["brigade"], source=HazardSource.VISIT, description="灭火器过期",
                           address="铁西区建设大路1号", enterprise=world["enterprise"], actor=world["inspector"],
                           found_on=date(2026, 3, 2))
    order = rectification_order_issue(hazard=hazard, requirements="更换灭火器", rectify_workdays=3,
                                      actor=world["approver"])
    assert f"消防救援人员{world['inspector'].full_name}于2026年3月2日到你单位走访检查，发现" in order.grounds


def test_an_order_does_not_name_a_grid_manager_as_an_officer(world) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    hazard = hazard_record(unit=world["brigade"], source=HazardSource.INSPECTION, description="消防通道被杂物占用",
                           address="铁西区建设大路1号", enterprise=world["enterprise"], actor=world["grid"],
                           found_on=date(2026, 3, 2))
    order = rectification_order_issue(hazard=hazard, requirements="清理通道内杂物", rectify_workdays=3,
                                      actor=world["approver"])
    assert world["grid"].full_name not in order.grounds
    assert "执法人员" not in order.grounds


def test_an_order_to_correct_immediately_whose_requirements_say_so_does_not_say_it_twice(
        client, world) -> None:  # type: ignore[no-untyped-def]
    hazard = hazard_record(unit=world["brigade"], source=HazardSource.INSPECTION, description="安全出口被锁闭",
                           address="铁西区建设大路1号", enterprise=world["enterprise"], actor=world["inspector"])
    order = rectification_order_issue(hazard=hazard, requirements="立即打开安全出口", rectify_workdays=0,
                                      actor=world["inspector"])
    text = _order_pdf_text(client, world, order)
    assert "责令你单位对上述消防安全违法行为按下列要求改正：立即打开安全出口。" in text
    assert "立即改正：立即" not in text


def test_the_order_prints_its_requirements_as_a_sentence(client, world, order) -> None:  # type: ignore[no-untyped-def]
    assert "改正：清理通道内杂物。改正期间" in _order_pdf_text(client, world, order)


@pytest.mark.parametrize(("typed", "printed"), [
    ("清理通道内杂物", "清理通道内杂物。"),
    ("清理通道内杂物。", "清理通道内杂物。"),
    ("务必清理！", "务必清理！"),
    ("清理通道，", "清理通道。"),
    ("设置“禁止堆放”", "设置“禁止堆放”。"),
    ("张贴“禁止堆放。”", "张贴“禁止堆放。”"),
])
def test_requirements_are_printed_with_sentence_final_punctuation(typed: str, printed: str) -> None:
    from enterprises.safety.models import requirements_sentence

    assert requirements_sentence(typed) == printed


@pytest.mark.parametrize(("typed", "says"), [
    ("立即清理", True), ("请立即清理", True), ("你单位应当立即清理", True), ("清理后立即报告", False)])
def test_requirements_that_open_with_immediately_say_it_themselves(typed: str, says: bool) -> None:
    from enterprises.safety.models import requirements_say_immediately

    assert requirements_say_immediately(typed) is says
