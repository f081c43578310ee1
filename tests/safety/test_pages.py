"""The staff and enterprise pages: scope, forms that keep input, files behind authorisation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises.enums import AccountStatus, Industry
from enterprises.safety.enums import HazardSource, HazardStatus
from enterprises.safety.models import Hazard, KeyUnitCategory
from enterprises.safety.services.checks import Upload
from enterprises.safety.services.hazards import (
    hazard_record,
    rectification_order_issue,
    rectification_respond,
    rectification_sweep_overdue,
)
from tests.factories import EnterpriseFactory, enterprise_user
from tests.safety.conftest import PNG

pytestmark = pytest.mark.django_db


def _hazard(world, *, photo: bool = False) -> Hazard:  # type: ignore[no-untyped-def]
    return hazard_record(unit=world["brigade"], source=HazardSource.INSPECTION, description="消防通道被占用",
                         address="铁西区", enterprise=world["enterprise"], actor=world["inspector"],
                         photos=[Upload("p.png", PNG)] if photo else [])


def _ordered(world) -> Hazard:  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    rectification_order_issue(hazard=hazard, requirements="清理通道", rectify_workdays=3, actor=world["inspector"])
    return hazard


def test_hazard_list_shows_only_scope(client, world):  # type: ignore[no-untyped-def]
    _hazard(world)
    client.force_login(world["outsider"])
    assert "消防通道被占用" not in client.get(reverse("safety:hazards")).content.decode()


def test_hazard_list_filters_by_status(client, world):  # type: ignore[no-untyped-def]
    _hazard(world)
    client.force_login(world["inspector"])
    page = client.get(reverse("safety:hazards"), {"status": HazardStatus.ELIMINATED}).content.decode()
    assert "消防通道被占用" not in page


def test_hazard_detail_outside_scope_is_404(client, world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    client.force_login(world["outsider"])
    assert client.get(reverse("safety:hazard", args=[hazard.pk])).status_code == 404


def test_hazard_create_records_with_photo(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["inspector"])
    response = client.post(reverse("safety:hazard_create"), {
        "enterprise": world["enterprise"].pk, "source": HazardSource.INSPECTION, "severity": "general",
        "description": "疏散指示灯不亮", "address": "", "photos": [SimpleUploadedFile("p.png", PNG)]})
    hazard = Hazard.objects.get(description="疏散指示灯不亮")
    assert response.status_code == 302
    assert hazard.attachments.count() == 1


def test_hazard_create_bad_photo_keeps_input(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["inspector"])
    response = client.post(reverse("safety:hazard_create"), {
        "enterprise": world["enterprise"].pk, "source": HazardSource.INSPECTION, "severity": "general",
        "description": "疏散指示灯不亮", "photos": [SimpleUploadedFile("p.png", b"GIF89a fake")]})
    page = response.content.decode()
    assert not Hazard.objects.exists()
    assert "疏散指示灯不亮" in page
    assert "JPEG" in page


def test_order_form_error_is_shown(client, world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    client.force_login(world["inspector"])
    response = client.post(reverse("safety:hazard_order", args=[hazard.pk]),
                           {"requirements": "清理通道", "rectify_workdays": "0"})
    assert response.status_code == 400
    assert "清理通道" in response.content.decode()


def test_order_form_issues_order(client, world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    client.force_login(world["inspector"])
    client.post(reverse("safety:hazard_order", args=[hazard.pk]), {"requirements": "清理通道", "rectify_workdays": 5})
    assert Hazard.objects.get(pk=hazard.pk).status == HazardStatus.ORDERED


def test_the_order_form_offers_to_correct_immediately(client, world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    client.force_login(world["inspector"])
    response = client.get(reverse("safety:hazard", args=[hazard.pk]))
    assert 'name="correction" value="immediately"' in response.content.decode()


def test_the_order_form_hides_the_days_while_immediate_correction_is_chosen(client, world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    client.force_login(world["inspector"])
    page = client.get(reverse("safety:hazard", args=[hazard.pk])).content.decode()
    days = page.split('name="rectify_workdays"', 1)[1].split(">", 1)[0]
    assert 'data-hidden-when="correction=immediately"' in days


def test_the_order_form_issues_an_order_to_correct_immediately_without_days(client, world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    client.force_login(world["inspector"])
    client.post(reverse("safety:hazard_order", args=[hazard.pk]),
                {"requirements": "清理通道", "correction": "immediately", "rectify_workdays": ""})
    order = Hazard.objects.get(pk=hazard.pk).order
    assert (order.title, order.rectify_workdays) == ("责令立即改正通知书", 0)


def test_the_order_form_ignores_wrong_days_left_in_an_order_to_correct_immediately(client, world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    client.force_login(world["inspector"])
    client.post(reverse("safety:hazard_order", args=[hazard.pk]),
                {"requirements": "清理通道", "correction": "immediately", "rectify_workdays": "0"})
    assert Hazard.objects.get(pk=hazard.pk).order.rectify_workdays == 0


def test_the_order_form_asks_for_the_days_of_an_order_with_a_time_limit(client, world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    client.force_login(world["inspector"])
    response = client.post(reverse("safety:hazard_order", args=[hazard.pk]),
                           {"requirements": "清理通道", "correction": "deadline", "rectify_workdays": ""})
    assert response.status_code == 400
    assert "请填写整改期限（工作日），或选择立即改正。" in response.content.decode()
    assert Hazard.objects.get(pk=hazard.pk).status == HazardStatus.RECORDED


def test_the_page_of_an_order_to_correct_immediately_names_no_date(client, world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    rectification_order_issue(hazard=hazard, requirements="清理通道", rectify_workdays=0, actor=world["inspector"])
    client.force_login(world["owner"])
    page = client.get(reverse("safety:my_order", args=[hazard.pk])).content.decode()
    assert '<dd class="col-sm-8" data-due-date>立即改正</dd>' in page


def test_the_page_of_an_order_to_correct_immediately_is_headed_with_its_title(client, world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    rectification_order_issue(hazard=hazard, requirements="清理通道", rectify_workdays=0, actor=world["inspector"])
    client.force_login(world["owner"])
    page = client.get(reverse("safety:my_order", args=[hazard.pk])).content.decode()
    heading = page.split('<h1 class="h5">', 1)[1].split("</h1>", 1)[0]
    assert heading.startswith("<span data-order-title>责令立即改正通知书</span>")


def test_the_facts_of_an_order_to_correct_immediately_give_no_other_title(client, world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    rectification_order_issue(hazard=hazard, requirements="清理通道", rectify_workdays=0, actor=world["inspector"])
    client.force_login(world["owner"])
    page = client.get(reverse("safety:my_order", args=[hazard.pk])).content.decode()
    assert '<dt class="col-sm-4">责令改正通知书</dt>' not in page


def test_the_enterprise_s_list_names_each_order_by_its_title(client, world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    rectification_order_issue(hazard=hazard, requirements="清理通道", rectify_workdays=0, actor=world["inspector"])
    client.force_login(world["owner"])
    page = client.get(reverse("safety:my_orders")).content.decode()
    assert f"<strong>责令立即改正通知书 {hazard.order.number}</strong>" in page


def test_the_re_check_form_shows_the_missing_opinion_beside_the_missing_deadline(client, world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    rectification_order_issue(hazard=hazard, requirements="清理通道", rectify_workdays=0, actor=world["inspector"])
    client.force_login(world["inspector"])
    response = client.post(reverse("safety:hazard_recheck", args=[hazard.pk]),
                           {"passed": "no", "note": "", "new_rectify_workdays": ""})
    assert response.status_code == 400
    assert "请写明仍存在的问题，企业将看到该说明。" in response.content.decode()


def test_the_re_check_form_shows_the_missing_opinion_beside_a_wrong_deadline(client, world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    rectification_order_issue(hazard=hazard, requirements="清理通道", rectify_workdays=0, actor=world["inspector"])
    client.force_login(world["inspector"])
    response = client.post(reverse("safety:hazard_recheck", args=[hazard.pk]),
                           {"passed": "no", "note": "", "new_rectify_workdays": "0"})
    assert "请写明仍存在的问题，企业将看到该说明。" in response.content.decode()


def test_the_hazard_timeline_names_the_time_limit_a_clock_entry_is_about(client, world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    rectification_order_issue(hazard=hazard, requirements="清理通道", rectify_workdays=0, actor=world["inspector"])
    client.force_login(world["inspector"])
    page = client.get(reverse("safety:hazard", args=[hazard.pk])).content.decode()
    assert "<strong>开始计时</strong> · <span data-time-limit>整改复查</span>" in page


def test_the_hazard_timeline_shows_the_system_starting_a_clock_not_the_inspector(client, world):  # type: ignore[no-untyped-def]
    # given: the inspector's order started the re-check clock (its audit record's actor is the inspector)
    hazard = _hazard(world)
    rectification_order_issue(hazard=hazard, requirements="清理通道", rectify_workdays=0, actor=world["inspector"])
    client.force_login(world["inspector"])
    page = client.get(reverse("safety:hazard", args=[hazard.pk])).content.decode()
    # then
    started = [li for li in page.split("<li>") if "<strong>开始计时</strong>" in li]
    assert started and all("<span data-actor>系统</span>" in li for li in started)
    assert not any(world["inspector"].display_name in li for li in started)


def test_enterprise_sees_own_orders(client, world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    client.force_login(world["owner"])
    assert hazard.order.number in client.get(reverse("safety:my_orders")).content.decode()


def test_an_unverified_claim_lists_none_of_the_enterprises_orders(client, world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    client.force_login(enterprise_user(world["enterprise"], status=AccountStatus.PENDING))
    response = client.get(reverse("safety:my_orders"))
    assert response.status_code == 200
    assert hazard.order.number not in response.content.decode()


def test_enterprise_cannot_open_other_enterprises_order(client, world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    client.force_login(enterprise_user(EnterpriseFactory(brigade=world["brigade"])))
    assert client.get(reverse("safety:my_order", args=[hazard.pk])).status_code == 404


def test_enterprise_does_not_see_hazard_before_order(client, world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    client.force_login(world["owner"])
    assert client.get(reverse("safety:my_order", args=[hazard.pk])).status_code == 404


def test_enterprise_answers_with_evidence(client, world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    client.force_login(world["owner"])
    client.post(reverse("safety:my_order", args=[hazard.pk]),
                {"note": "已清理", "files": [SimpleUploadedFile("a.png", PNG)]})
    assert Hazard.objects.get(pk=hazard.pk).status == HazardStatus.RECHECK


def test_enterprise_answer_without_files_keeps_note(client, world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    client.force_login(world["owner"])
    response = client.post(reverse("safety:my_order", args=[hazard.pk]), {"note": "已清理完毕"})
    assert response.status_code == 400
    assert "已清理完毕" in response.content.decode()


def _immediate(world) -> Hazard:  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    rectification_order_issue(hazard=hazard, requirements="清理通道", rectify_workdays=0, actor=world["inspector"])
    return hazard


def test_the_page_of_an_order_to_correct_immediately_offers_to_report_the_correction(client, world):  # type: ignore[no-untyped-def]
    hazard = _immediate(world)
    client.force_login(world["owner"])
    page = client.get(reverse("safety:my_order", args=[hazard.pk])).content.decode()
    assert 'id="report-form"' in page


def test_the_enterprise_reports_the_correction_from_the_page_of_its_order(client, world):  # type: ignore[no-untyped-def]
    hazard = _immediate(world)
    client.force_login(world["owner"])
    response = client.post(reverse("safety:my_order", args=[hazard.pk]),
                           {"note": "已当场清理", "files": [SimpleUploadedFile("a.png", PNG)]})
    assert (response.status_code, Hazard.objects.get(pk=hazard.pk).order.response_note) == (302, "已当场清理")


def test_a_double_click_on_the_correction_report_stores_one_report(client, world):  # type: ignore[no-untyped-def]
    hazard = _immediate(world)
    client.force_login(world["owner"])
    token = "5f0e8f1e-3b9c-4d7a-9a51-2f4f1d3c6b70"
    for _ in range(2):
        client.post(reverse("safety:my_order", args=[hazard.pk]),
                    {"note": "已当场清理", "files": [SimpleUploadedFile("a.png", PNG)], "submission_token": token})
    assert Hazard.objects.get(pk=hazard.pk).attachments.filter(kind="evidence").count() == 1


def test_a_correction_report_without_files_keeps_the_note(client, world):  # type: ignore[no-untyped-def]
    hazard = _immediate(world)
    client.force_login(world["owner"])
    response = client.post(reverse("safety:my_order", args=[hazard.pk]), {"note": "已当场清理完毕"})
    assert (response.status_code, "已当场清理完毕" in response.content.decode()) == (400, True)


def test_the_staff_page_shows_the_reported_correction(client, world):  # type: ignore[no-untyped-def]
    hazard = _immediate(world)
    rectification_respond(hazard=hazard, note="已当场清理", files=[Upload("a.png", PNG)], actor=world["owner"])
    client.force_login(world["inspector"])
    page = client.get(reverse("safety:hazard", args=[hazard.pk])).content.decode()
    assert page.split("data-response>", 1)[1].startswith("已当场清理")


def test_the_enterprise_s_page_shows_its_reported_correction(client, world):  # type: ignore[no-untyped-def]
    hazard = _immediate(world)
    rectification_respond(hazard=hazard, note="已当场清理", files=[Upload("a.png", PNG)], actor=world["owner"])
    client.force_login(world["owner"])
    page = client.get(reverse("safety:my_order", args=[hazard.pk])).content.decode()
    assert page.split("data-response>", 1)[1].startswith("已当场清理")


def test_the_enterprise_s_page_offers_a_late_report_once_the_deadline_passed(client, world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    hazard.order.due_date = hazard.order.due_date.replace(year=hazard.order.due_date.year - 1)
    hazard.order.save(update_fields=["due_date"])
    rectification_sweep_overdue()
    client.force_login(world["owner"])
    page = client.get(reverse("safety:my_order", args=[hazard.pk])).content.decode()
    assert hazard.order.due_date.isoformat() in page.split("data-report-reason>", 1)[1].split("</p>", 1)[0]


def test_the_enterprise_s_list_of_orders_shows_a_reported_correction(client, world):  # type: ignore[no-untyped-def]
    hazard = _immediate(world)
    rectification_respond(hazard=hazard, note="已当场清理", files=[Upload("a.png", PNG)], actor=world["owner"])
    client.force_login(world["owner"])
    page = client.get(reverse("safety:my_orders")).content.decode()
    assert "data-reported" in page


def test_another_enterprise_cannot_report_the_correction(client, world):  # type: ignore[no-untyped-def]
    # A guard: before correction reports nobody could answer an order to correct immediately at all.
    hazard = _immediate(world)
    client.force_login(enterprise_user(EnterpriseFactory(brigade=world["brigade"])))
    response = client.post(reverse("safety:my_order", args=[hazard.pk]),
                           {"note": "已当场清理", "files": [SimpleUploadedFile("a.png", PNG)]})
    assert (response.status_code, Hazard.objects.get(pk=hazard.pk).attachments.count()) == (404, 0)


def test_staff_page_refused_to_enterprise_user(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["owner"])
    assert client.get(reverse("safety:hazards")).status_code == 403


def test_attachment_served_in_scope(client, world):  # type: ignore[no-untyped-def]
    attachment = _hazard(world, photo=True).attachments.get()
    client.force_login(world["inspector"])
    response = client.get(reverse("safety:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


def test_attachment_outside_scope_is_404(client, world):  # type: ignore[no-untyped-def]
    attachment = _hazard(world, photo=True).attachments.get()
    client.force_login(world["outsider"])
    assert client.get(reverse("safety:attachment", args=[attachment.pk])).status_code == 404


def test_key_unit_outside_scope_is_404(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["outsider"])
    assert client.get(reverse("safety:key_unit", args=[world["enterprise"].pk])).status_code == 404


def test_designate_below_threshold_shows_reason(client, world):  # type: ignore[no-untyped-def]
    category = KeyUnitCategory.objects.create(name="商场测试", industries=[Industry.OTHER],
                                              min_building_area=Decimal("1000"))
    client.force_login(world["approver"])
    response = client.post(reverse("safety:key_unit_designate", args=[world["enterprise"].pk]),
                           {"category": category.pk, "building_area": "800", "reason": "年度界定"})
    assert response.status_code == 400
    assert "1000" in response.content.decode()


def test_coverage_page_shows_totals(client, world):  # type: ignore[no-untyped-def]
    EnterpriseFactory(brigade=world["brigade"], is_key_unit=True)
    client.force_login(world["approver"])
    page = client.get(reverse("safety:coverage")).content.decode()
    assert 'data-total>1<' in page
    assert 'data-complete>0<' in page


def test_order_pdf_for_the_enterprise(client, world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    client.force_login(world["owner"])
    response = client.get(reverse("safety:order_pdf", args=[hazard.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_order_pdf_outside_scope_is_404(client, world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    client.force_login(world["outsider"])
    assert client.get(reverse("safety:order_pdf", args=[hazard.pk])).status_code == 404


def test_grid_manager_sees_hazard_recorded_for_brigade(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["grid"])
    response = client.post(reverse("safety:hazard_create"), {
        "enterprise": "", "source": HazardSource.PATROL, "severity": "general",
        "description": "楼道堆放电动车", "address": "a网格1号楼"}, follow=True)
    assert response.status_code == 200
    assert "楼道堆放电动车" in response.content.decode()


def test_a_hazard_of_another_brigade_recorded_by_the_reviewer_stays_hidden_from_him(client, world):  # type: ignore[no-untyped-def]
    # As the demo's imported ledger does: hazards of every brigade entered under one reviewer's name.
    other = world["tree"]["b"]["brigade"]
    hazard = Hazard.objects.create(unit=other, enterprise=EnterpriseFactory(brigade=other),
                                   source=HazardSource.INSPECTION, description="和平区的隐患", address="和平区",
                                   recorded_by=world["inspector"], reported_by=world["inspector"])
    client.force_login(world["inspector"])
    assert client.get(reverse("safety:hazard", args=[hazard.pk])).status_code == 404
    assert "和平区的隐患" not in client.get(reverse("safety:hazards")).content.decode()


def _found_on_a_visit(world):  # type: ignore[no-untyped-def]
    import datetime

    from enterprises.services.visits import HazardFound, visit_record

    visit = visit_record(actor=world["inspector"], enterprise=world["enterprise"],
                         visited_on=datetime.date(2026, 3, 5), hazards=[HazardFound("灭火器过期")])
    return visit, Hazard.objects.get(description="灭火器过期")


def test_a_hazard_found_on_a_visit_names_the_visit_not_its_key(client, world):  # type: ignore[no-untyped-def]
    visit, hazard = _found_on_a_visit(world)
    client.force_login(world["inspector"])
    page = client.get(reverse("safety:hazard", args=[hazard.pk])).content.decode()
    assert f"visit:{visit.pk}" not in page
    link = reverse("enterprises:visit_detail", args=[visit.pk])
    assert f'<a href="{link}" data-source-visit>2026-03-05 {world["brigade"].name}</a>' in page


def test_the_enterprise_sees_the_visit_date_of_its_order_without_a_staff_link(client, world):  # type: ignore[no-untyped-def]
    visit, hazard = _found_on_a_visit(world)
    rectification_order_issue(hazard=hazard, requirements="更换灭火器", rectify_workdays=3, actor=world["inspector"])
    client.force_login(world["owner"])
    page = client.get(reverse("safety:my_order", args=[hazard.pk])).content.decode()
    assert f"visit:{visit.pk}" not in page and "data-source-visit" not in page
    assert "2026-03-05" in page


def test_a_typed_source_reference_is_shown_as_it_is(client, world):  # type: ignore[no-untyped-def]
    hazard = hazard_record(unit=world["brigade"], source=HazardSource.INSPECTION, description="安全出口上锁",
                           address="铁西区", enterprise=world["enterprise"], actor=world["inspector"],
                           source_reference="辽沈消检字〔2026〕第12号")
    client.force_login(world["inspector"])
    assert "辽沈消检字〔2026〕第12号" in client.get(reverse("safety:hazard", args=[hazard.pk])).content.decode()


# --- the day of the inspection and the officers present, on the form --------------------------------------------------


def test_hazard_create_keeps_the_day_and_the_officers_present(client, world):  # type: ignore[no-untyped-def]
    from datetime import date

    client.force_login(world["inspector"])
    response = client.post(reverse("safety:hazard_create"), {
        "enterprise": world["enterprise"].pk, "source": HazardSource.INSPECTION, "severity": "general",
        "description": "疏散指示灯不亮", "address": "", "found_on": "2026-03-02",
        "officers": [world["approver"].pk]})
    hazard = Hazard.objects.get(description="疏散指示灯不亮")
    assert response.status_code == 302
    assert (hazard.found_on, list(hazard.officers.all())) == (date(2026, 3, 2), [world["approver"]])


def test_hazard_create_offers_no_officer_of_another_brigade(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world["inspector"])
    page = client.get(reverse("safety:hazard_create")).content.decode()
    assert f'value="{world["approver"].pk}"' in page
    assert f'value="{world["outsider"].pk}"' not in page


# --- the written report of a major hazard to the people's government -----------------------------------------------


def _confirmed_major(world) -> Hazard:  # type: ignore[no-untyped-def]
    from enterprises.safety.services.hazards import hazard_major_decide

    hazard = hazard_record(unit=world["brigade"], source=HazardSource.INSPECTION, description="仓库违规住人",
                           address="铁西区", enterprise=world["enterprise"], actor=world["inspector"],
                           severity="major")
    return hazard_major_decide(hazard=hazard, confirm=True, reason="集体研判", actor=world["approver"])


def _report_post(client, world, hazard: Hazard, **data):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    client.force_login(world["approver"])
    form = {"reported_on": timezone.localdate().isoformat(), "reported_to": "铁西区人民政府",
            "note": "铁消〔2026〕12号"}
    form.update(data)
    return client.post(reverse("safety:hazard_government_report", args=[hazard.pk]), form)


def test_the_page_of_an_unreported_major_hazard_says_so_and_offers_the_report(client, world):  # type: ignore[no-untyped-def]
    hazard = _confirmed_major(world)
    client.force_login(world["approver"])
    page = client.get(reverse("safety:hazard", args=[hazard.pk])).content.decode()
    assert "data-government-report-due" in page
    assert 'id="government-report-form"' in page


def test_the_report_form_records_the_report(client, world):  # type: ignore[no-untyped-def]
    hazard = _confirmed_major(world)
    response = _report_post(client, world, hazard)
    assert response.status_code == 302
    assert Hazard.objects.get(pk=hazard.pk).government_reported_to == "铁西区人民政府"


def test_the_report_form_keeps_the_input_when_the_body_is_missing(client, world):  # type: ignore[no-untyped-def]
    hazard = _confirmed_major(world)
    response = _report_post(client, world, hazard, reported_to="")
    assert response.status_code == 400
    assert "铁消〔2026〕12号" in response.content.decode()
    assert Hazard.objects.get(pk=hazard.pk).government_reported_on is None


def test_the_page_of_a_reported_major_hazard_shows_the_report_and_who_recorded_it(client, world):  # type: ignore[no-untyped-def]
    hazard = _confirmed_major(world)
    _report_post(client, world, hazard)
    page = client.get(reverse("safety:hazard", args=[hazard.pk])).content.decode()
    shown = page.split("data-government-report>", 1)[1].split("</dd>", 1)[0]
    assert "铁西区人民政府" in shown and world["approver"].full_name in shown
    assert "data-government-report-due" not in page


def test_the_enterprise_does_not_see_the_report_to_the_government(client, world):  # type: ignore[no-untyped-def]
    hazard = _confirmed_major(world)
    _report_post(client, world, hazard)
    rectification_order_issue(hazard=hazard, requirements="清理", rectify_workdays=3, actor=world["approver"])
    client.force_login(world["owner"])
    page = client.get(reverse("safety:my_order", args=[hazard.pk])).content.decode()
    assert "铁西区人民政府" not in page


def test_the_hazard_list_filters_major_hazards_not_yet_reported(client, world):  # type: ignore[no-untyped-def]
    unreported, reported = _confirmed_major(world), _confirmed_major(world)
    _report_post(client, world, reported)
    Hazard.objects.filter(pk=reported.pk).update(description="已上报的隐患")
    page = client.get(reverse("safety:hazards"), {"unreported": "on"}).content.decode()
    assert f'href="{reverse("safety:hazard", args=[unreported.pk])}"' in page
    assert "已上报的隐患" not in page


def test_the_confirmation_choice_does_not_promise_the_report_to_the_government():  # type: ignore[no-untyped-def]
    from enterprises.safety.forms import MajorDecisionForm

    label = str(dict(MajorDecisionForm().fields["confirm"].choices)["yes"])
    assert "report" not in label


def test_a_second_report_is_refused_with_a_message(client, world):  # type: ignore[no-untyped-def]
    hazard = _confirmed_major(world)
    _report_post(client, world, hazard)
    response = _report_post(client, world, hazard, reported_to="沈阳市人民政府")
    assert response.status_code == 400
    assert 'id="government-report-form"' in response.content.decode()
    assert Hazard.objects.get(pk=hazard.pk).government_reported_to == "铁西区人民政府"


def test_the_enterprises_order_page_names_the_order_by_its_printed_title(client, world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    client.force_login(world["owner"])
    page = client.get(reverse("safety:my_order", args=[hazard.pk])).content.decode()
    assert "data-order-title>责令限期改正通知书<" in page


def _answered(world) -> Hazard:  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    rectification_respond(hazard=hazard, note="已清理", files=[Upload("a.png", PNG)], actor=world["owner"])
    return hazard


def test_the_enterprise_adds_a_photo_without_a_note_from_the_page_of_its_order(client, world):  # type: ignore[no-untyped-def]
    hazard = _answered(world)
    client.force_login(world["owner"])
    response = client.post(reverse("safety:my_order", args=[hazard.pk]),
                           {"note": "", "files": [SimpleUploadedFile("b.png", PNG)]})
    assert (response.status_code, hazard.attachments.filter(kind="evidence").count()) == (302, 2)


def test_an_addition_with_neither_note_nor_photo_is_refused_on_the_page(client, world, settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"  # the message asserted in English, whatever the translations
    hazard = _answered(world)
    client.force_login(world["owner"])
    response = client.post(reverse("safety:my_order", args=[hazard.pk]), {"note": ""})
    assert response.status_code == 400
    assert "Add a note or at least one photo or document." in response.content.decode()
