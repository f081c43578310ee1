"""E6: the rectification procedure through its services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from enterprises.enums import AccountStatus
from enterprises.safety.enums import HazardSeverity, HazardSource, HazardStatus
from enterprises.safety.models import ORDER_TITLE_IMMEDIATE, Hazard, RectificationOrder
from enterprises.safety.services.checks import Upload
from enterprises.safety.services.hazards import (
    hazard_major_decide,
    hazard_major_report,
    hazard_recheck,
    hazard_record,
    rectification_order_issue,
    rectification_respond,
    rectification_sweep_overdue,
)
from firesvc.accounts.models import OrgUnit
from firesvc.notifications.models import Notification
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from tests.factories import EnterpriseFactory, enterprise_user
from tests.safety.conftest import PDF, PNG

pytestmark = pytest.mark.django_db


def _hazard(world, **kwargs) -> Hazard:  # type: ignore[no-untyped-def]
    args = {"unit": world["brigade"], "source": HazardSource.INSPECTION, "description": "安全出口堵塞",
            "address": "铁西区建设大路1号", "enterprise": world["enterprise"], "actor": world["inspector"]}
    args.update(kwargs)
    return hazard_record(**args)


def _ordered(world, **kwargs) -> Hazard:  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    rectification_order_issue(hazard=hazard, requirements="清理出口", rectify_workdays=3, actor=world["inspector"],
                              **kwargs)
    return Hazard.objects.get(pk=hazard.pk)


def _answered(world) -> Hazard:  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    rectification_respond(hazard=hazard, note="已清理", files=[Upload("a.png", PNG)], actor=world["owner"])
    return Hazard.objects.get(pk=hazard.pk)


def _clock(hazard: Hazard, code: str) -> Clock:
    return Clock.objects.for_owner(hazard).get(rule__code=code)


# --- major hazards --------------------------------------------------------------------------------------------


def test_major_confirm_moves_to_recorded(world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world, severity=HazardSeverity.MAJOR)
    hazard = hazard_major_decide(hazard=hazard, confirm=True, reason="集体研判", actor=world["approver"])
    assert hazard.status == HazardStatus.RECORDED
    assert hazard.major_confirmed_by == world["approver"]


def test_major_confirm_reports_up_to_detachment(world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world, severity=HazardSeverity.MAJOR)
    hazard_major_decide(hazard=hazard, confirm=True, reason="集体研判", actor=world["approver"])
    assert Notification.objects.filter(recipient=world["detachment_approver"],
                                       kind="safety.major_hazard_reported").exists()


def test_major_downgrade_makes_it_general(world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world, severity=HazardSeverity.MAJOR)
    hazard = hazard_major_decide(hazard=hazard, confirm=False, reason="不构成重大隐患", actor=world["approver"])
    assert hazard.severity == HazardSeverity.GENERAL
    assert hazard.status == HazardStatus.RECORDED


def test_major_decision_refused_to_inspector(world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world, severity=HazardSeverity.MAJOR)
    with pytest.raises(PermissionDenied):
        hazard_major_decide(hazard=hazard, confirm=True, reason="x", actor=world["inspector"])


def test_order_refused_before_major_confirmation(world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world, severity=HazardSeverity.MAJOR)
    with pytest.raises(ValidationError, match="confirmation"):
        rectification_order_issue(hazard=hazard, requirements="x", rectify_workdays=3, actor=world["inspector"])


# --- the order ------------------------------------------------------------------------------------------------


def test_order_deadline_counts_working_days(world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    order = rectification_order_issue(hazard=hazard, requirements="清理出口", rectify_workdays=1,
                                      actor=world["inspector"], today=date(2026, 9, 30))
    assert order.due_date == date(2026, 10, 8)  # across the National Day holiday


def test_order_is_numbered_per_brigade_and_year(world):  # type: ignore[no-untyped-def]
    OrgUnit.objects.filter(pk=world["brigade"].pk).update(doc_code="沈铁消")
    first, second = _ordered(world), _ordered(world)
    year = timezone.localdate().year
    assert first.order.number == f"沈铁消责改〔{year}〕1号"
    assert second.order.number == f"沈铁消责改〔{year}〕2号"


def test_an_issued_order_keeps_its_number_when_the_unit_changes_its_code(world):  # type: ignore[no-untyped-def]
    OrgUnit.objects.filter(pk=world["brigade"].pk).update(doc_code="沈铁消")
    first = _ordered(world)
    OrgUnit.objects.filter(pk=world["brigade"].pk).update(doc_code="沈铁西消")
    second = _ordered(world)
    year = timezone.localdate().year
    first.order.refresh_from_db()
    assert (first.order.number, second.order.number) == (f"沈铁消责改〔{year}〕1号", f"沈铁西消责改〔{year}〕1号")


def test_order_stops_issue_clock(world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    assert _clock(hazard, "rectification.issue_order").status == ClockStatus.STOPPED


def test_order_notifies_enterprise_users(world):  # type: ignore[no-untyped-def]
    _ordered(world)
    assert Notification.objects.filter(recipient=world["owner"], kind="safety.order").exists()


def test_order_refused_to_grid_manager(world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    with pytest.raises(PermissionDenied):
        rectification_order_issue(hazard=hazard, requirements="x", rectify_workdays=3, actor=world["grid"])


def test_order_needs_an_enterprise(world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world, enterprise=None, source=HazardSource.CITIZEN_REPORT)
    with pytest.raises(ValidationError) as exc:
        rectification_order_issue(hazard=hazard, requirements="x", rectify_workdays=3, actor=world["inspector"])
    assert "enterprise" in exc.value.message_dict


def test_order_names_enterprise_of_citizen_report(world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world, enterprise=None, source=HazardSource.CITIZEN_REPORT)
    rectification_order_issue(hazard=hazard, requirements="x", rectify_workdays=3, actor=world["inspector"],
                              enterprise=world["enterprise"])
    assert Hazard.objects.get(pk=hazard.pk).enterprise == world["enterprise"]


def test_order_refuses_more_than_sixty_days(world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    with pytest.raises(ValidationError) as exc:
        rectification_order_issue(hazard=hazard, requirements="x", rectify_workdays=61, actor=world["inspector"])
    assert "rectify_workdays" in exc.value.message_dict


# 责令立即改正: ``rectify_workdays=0``; no deadline to wait for, the re-check is due at once.


def _immediate(world) -> Hazard:  # type: ignore[no-untyped-def]
    hazard = _hazard(world)
    rectification_order_issue(hazard=hazard, requirements="清理出口", rectify_workdays=0, actor=world["inspector"])
    return Hazard.objects.get(pk=hazard.pk)


def test_an_order_to_correct_immediately_is_issued_with_its_title(world):  # type: ignore[no-untyped-def]
    hazard = _immediate(world)
    assert (hazard.order.title, hazard.order.rectify_workdays) == (ORDER_TITLE_IMMEDIATE, 0)


def test_an_order_to_correct_immediately_falls_due_for_re_check_at_once(world):  # type: ignore[no-untyped-def]
    assert _immediate(world).status == HazardStatus.RECHECK


def test_an_order_to_correct_immediately_starts_the_re_check_clock_of_its_officer(world):  # type: ignore[no-untyped-def]
    clock = _clock(_immediate(world), "rectification.recheck")
    assert (clock.status, clock.assignee) == (ClockStatus.RUNNING, world["inspector"])


def test_an_order_to_correct_immediately_records_that_its_re_check_is_due(world):  # type: ignore[no-untyped-def]
    from firesvc.audit.models import AuditEvent

    hazard = _immediate(world)
    event = AuditEvent.objects.get(action="hazard.recheck_due", object_id=str(hazard.pk))
    assert (event.from_state, event.to_state) == (HazardStatus.ORDERED, HazardStatus.RECHECK)


def test_an_order_to_correct_immediately_can_be_re_checked_at_once(world):  # type: ignore[no-untyped-def]
    hazard = _immediate(world)
    hazard_recheck(hazard=hazard, passed=True, note="出口已当场清理", actor=world["inspector"])
    assert Hazard.objects.get(pk=hazard.pk).status == HazardStatus.ELIMINATED


def test_an_order_to_correct_immediately_tells_the_enterprise_so(world):  # type: ignore[no-untyped-def]
    _immediate(world)
    notification = Notification.objects.get(recipient=world["owner"], kind="safety.order")
    assert notification.body.startswith("Correct immediately: 清理出口")


def test_an_order_to_correct_immediately_is_notified_under_its_title(world):  # type: ignore[no-untyped-def]
    hazard = _immediate(world)
    notification = Notification.objects.get(recipient=world["owner"], kind="safety.order")
    assert notification.title == f"责令立即改正通知书 {hazard.order.number}"


def test_an_order_to_correct_immediately_is_not_escalated_as_overdue(world):  # type: ignore[no-untyped-def]
    _immediate(world)
    assert rectification_sweep_overdue(now=timezone.now() + timedelta(days=3)) == 0


def test_second_order_refused(world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    with pytest.raises(ValidationError, match="already"):
        rectification_order_issue(hazard=hazard, requirements="x", rectify_workdays=3, actor=world["inspector"])


# --- the enterprise's answer ----------------------------------------------------------------------------------


def test_respond_awaits_recheck(world):  # type: ignore[no-untyped-def]
    hazard = _answered(world)
    assert hazard.status == HazardStatus.RECHECK
    assert hazard.attachments.filter(kind="evidence").count() == 1


def test_respond_starts_recheck_clock(world):  # type: ignore[no-untyped-def]
    hazard = _answered(world)
    assert _clock(hazard, "rectification.recheck").status == ClockStatus.RUNNING


def test_a_refused_second_file_leaves_no_first_file_on_disk(world, settings):  # type: ignore[no-untyped-def]
    from pathlib import Path

    hazard = _ordered(world)
    before = {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}
    with pytest.raises(ValidationError):
        rectification_respond(hazard=hazard, note="已清理", actor=world["owner"],
                              files=[Upload("a.png", PNG), Upload("b.exe", b"MZ\x90\x00 not an image")])
    assert {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()} == before
    assert not hazard.attachments.exists()


def test_respond_refused_to_unverified_user(world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    pending = enterprise_user(world["enterprise"], status=AccountStatus.PENDING)
    with pytest.raises(PermissionDenied, match="verified"):
        rectification_respond(hazard=hazard, note="x", files=[Upload("a.png", PNG)], actor=pending)


def test_an_unverified_claim_does_not_see_the_enterprises_orders(world):  # type: ignore[no-untyped-def]
    _ordered(world)
    pending = enterprise_user(world["enterprise"], status=AccountStatus.PENDING)
    assert not Hazard.objects.visible_to(pending).exists()


def test_a_verified_user_sees_the_enterprises_orders(world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    assert list(Hazard.objects.visible_to(world["owner"])) == [hazard]


def test_the_order_page_is_not_found_for_an_unverified_claim(client, world):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    hazard = _ordered(world)
    client.force_login(enterprise_user(world["enterprise"], status=AccountStatus.PENDING))
    assert client.get(reverse("safety:my_order", args=[hazard.pk])).status_code == 404


def test_respond_refused_to_other_enterprise(world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    stranger = enterprise_user(EnterpriseFactory(brigade=world["brigade"]))
    with pytest.raises(PermissionDenied):
        rectification_respond(hazard=hazard, note="x", files=[Upload("a.png", PNG)], actor=stranger)


def test_respond_needs_evidence(world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    with pytest.raises(ValidationError) as exc:
        rectification_respond(hazard=hazard, note="已清理", files=[], actor=world["owner"])
    assert "files" in exc.value.message_dict


def test_respond_checks_file_content(world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    with pytest.raises(ValidationError, match="checked by its content"):
        rectification_respond(hazard=hazard, note="x", files=[Upload("a.pdf", b"MZ not a pdf")], actor=world["owner"])


# An order to correct immediately awaits its re-check from the issue: the enterprise reports its correction there.


def _reported(world, note: str = "出口已当场清理") -> Hazard:  # type: ignore[no-untyped-def]
    hazard = _immediate(world)
    rectification_respond(hazard=hazard, note=note, files=[Upload("a.png", PNG)], actor=world["owner"])
    return Hazard.objects.get(pk=hazard.pk)


def test_the_enterprise_reports_the_correction_of_an_order_to_correct_immediately(world):  # type: ignore[no-untyped-def]
    hazard = _reported(world)
    assert (hazard.order.response_note, hazard.attachments.filter(kind="evidence").count()) == ("出口已当场清理", 1)


def test_a_reported_correction_leaves_the_hazard_awaiting_its_re_check(world):  # type: ignore[no-untyped-def]
    assert _reported(world).status == HazardStatus.RECHECK


def test_a_reported_correction_keeps_the_one_re_check_clock_of_the_issuing_officer(world):  # type: ignore[no-untyped-def]
    clocks = Clock.objects.for_owner(_reported(world)).filter(rule__code="rectification.recheck")
    assert [(c.status, c.assignee) for c in clocks] == [(ClockStatus.RUNNING, world["inspector"])]


def test_a_reported_correction_is_audited_without_a_change_of_status(world):  # type: ignore[no-untyped-def]
    from firesvc.audit.models import AuditEvent

    hazard = _reported(world)
    event = AuditEvent.objects.get(action="hazard.rectification_reported", object_id=str(hazard.pk))
    assert (event.from_state, event.to_state, event.reason) == (HazardStatus.RECHECK, HazardStatus.RECHECK,
                                                                "出口已当场清理")


def test_a_reported_correction_notifies_the_issuing_officer_once(world):  # type: ignore[no-untyped-def]
    hazard = _reported(world)
    notifications = Notification.objects.filter(recipient=world["inspector"], kind="safety.reported")
    assert [(n.title, n.url) for n in notifications] == [
        (f"Correction reported: {hazard.order.number}", hazard.get_absolute_url())]


def test_a_further_report_before_the_re_check_adds_its_note_and_files(world):  # type: ignore[no-untyped-def]
    hazard = _reported(world)
    rectification_respond(hazard=hazard, note="补充灭火器照片", files=[Upload("b.pdf", PDF)], actor=world["owner"])
    hazard.refresh_from_db()
    assert (hazard.order.response_note, hazard.attachments.filter(kind="evidence").count()) == (
        "出口已当场清理\n\n补充灭火器照片", 2)


def test_a_correction_report_is_refused_to_another_enterprise(world):  # type: ignore[no-untyped-def]
    # A guard: before correction reports nobody could answer an order to correct immediately at all.
    hazard = _immediate(world)
    stranger = enterprise_user(EnterpriseFactory(brigade=world["brigade"]))
    with pytest.raises(PermissionDenied, match="Only the enterprise"):
        rectification_respond(hazard=hazard, note="x", files=[Upload("a.png", PNG)], actor=stranger)


def test_a_correction_report_needs_its_evidence(world):  # type: ignore[no-untyped-def]
    hazard = _immediate(world)
    with pytest.raises(ValidationError) as exc:
        rectification_respond(hazard=hazard, note="已清理", files=[], actor=world["owner"])
    assert exc.value.message_dict == {"files": ["Upload at least one photo or document as evidence."]}


def test_an_answered_order_takes_more_evidence_before_its_re_check(world):  # type: ignore[no-untyped-def]
    hazard = _answered(world)
    rectification_respond(hazard=hazard, note="补充灭火器照片", files=[Upload("b.pdf", PDF)], actor=world["owner"])
    hazard.refresh_from_db()
    assert (hazard.status, hazard.order.response_note, hazard.attachments.filter(kind="evidence").count()) == (
        HazardStatus.RECHECK, "已清理\n\n补充灭火器照片", 2)


def test_an_order_past_its_deadline_takes_the_enterprises_late_report(world):  # type: ignore[no-untyped-def]
    hazard = _past_due(world)
    rectification_sweep_overdue()
    rectification_respond(hazard=hazard, note="已于期限后清理", files=[Upload("a.png", PNG)], actor=world["owner"])
    hazard.refresh_from_db()
    assert (hazard.status, hazard.order.response_note) == (HazardStatus.RECHECK, "已于期限后清理")
    assert Notification.objects.filter(recipient=world["inspector"], kind="safety.reported").count() == 1


# --- re-check -------------------------------------------------------------------------------------------------


def test_recheck_passed_eliminates(world):  # type: ignore[no-untyped-def]
    hazard = _answered(world)
    hazard_recheck(hazard=hazard, passed=True, note="合格", actor=world["inspector"])
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.ELIMINATED
    assert hazard.eliminated_at is not None


def test_recheck_stops_recheck_clock(world):  # type: ignore[no-untyped-def]
    hazard = _answered(world)
    hazard_recheck(hazard=hazard, passed=True, note="合格", actor=world["inspector"])
    assert _clock(hazard, "rectification.recheck").status == ClockStatus.STOPPED


def test_recheck_failed_needs_new_deadline(world):  # type: ignore[no-untyped-def]
    hazard = _answered(world)
    with pytest.raises(ValidationError) as exc:
        hazard_recheck(hazard=hazard, passed=False, note="仍堵塞", actor=world["inspector"])
    assert "new_rectify_workdays" in exc.value.message_dict


def test_recheck_failed_names_every_lack_at_once(world):  # type: ignore[no-untyped-def]
    hazard = _answered(world)
    with pytest.raises(ValidationError) as exc:
        hazard_recheck(hazard=hazard, passed=False, note="", actor=world["inspector"])
    assert set(exc.value.message_dict) == {"new_rectify_workdays", "note"}


def test_recheck_failed_sets_new_deadline(world):  # type: ignore[no-untyped-def]
    hazard = _answered(world)
    hazard_recheck(hazard=hazard, passed=False, note="仍堵塞", new_rectify_workdays=1, actor=world["inspector"],
                   today=date(2026, 9, 30))
    order = RectificationOrder.objects.get(hazard=hazard)
    assert (Hazard.objects.get(pk=hazard.pk).status, order.due_date, order.extensions) == (
        HazardStatus.ORDERED, date(2026, 10, 8), 1)


def test_recheck_failed_escalates_to_approver(world):  # type: ignore[no-untyped-def]
    hazard = _answered(world)
    hazard_recheck(hazard=hazard, passed=False, note="仍堵塞", new_rectify_workdays=3, actor=world["inspector"])
    assert Notification.objects.filter(recipient=world["approver"], kind="safety.escalation").exists()


def test_recheck_refused_before_answer(world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    with pytest.raises(ValidationError, match="not awaiting a re-check"):
        hazard_recheck(hazard=hazard, passed=True, note="", actor=world["inspector"])


def test_recheck_refused_outside_scope(world):  # type: ignore[no-untyped-def]
    hazard = _answered(world)
    with pytest.raises(PermissionDenied):
        hazard_recheck(hazard=hazard, passed=True, note="", actor=world["outsider"])


# --- overdue --------------------------------------------------------------------------------------------------


def _past_due(world) -> Hazard:  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    RectificationOrder.objects.filter(hazard=hazard).update(due_date=timezone.localdate() - timedelta(days=1))
    return hazard


def test_sweep_moves_overdue_order_to_recheck(world):  # type: ignore[no-untyped-def]
    hazard = _past_due(world)
    assert rectification_sweep_overdue() == 1
    assert Hazard.objects.get(pk=hazard.pk).status == HazardStatus.RECHECK


def test_sweep_is_idempotent(world):  # type: ignore[no-untyped-def]
    _past_due(world)
    rectification_sweep_overdue()
    assert rectification_sweep_overdue() == 0


def test_sweep_escalates_to_approver(world):  # type: ignore[no-untyped-def]
    _past_due(world)
    rectification_sweep_overdue()
    assert Notification.objects.filter(recipient=world["approver"], kind="safety.escalation").exists()


def test_sweep_leaves_orders_within_deadline(world):  # type: ignore[no-untyped-def]
    _ordered(world)
    assert rectification_sweep_overdue() == 0


def test_evidence_accepts_pdf(world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    rectification_respond(hazard=hazard, note="见报告", files=[Upload("r.pdf", PDF)], actor=world["owner"])
    assert hazard.attachments.get().content_type == "application/pdf"


# --- the day found, the officers present --------------------------------------------------------------------------


def test_record_keeps_the_day_of_the_inspection(world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world, found_on=date(2026, 3, 2), today=date(2026, 3, 5))
    assert Hazard.objects.get(pk=hazard.pk).found_on == date(2026, 3, 2)


def test_record_refuses_an_inspection_day_in_the_future(world):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        _hazard(world, found_on=date(2026, 3, 6), today=date(2026, 3, 5))
    assert "found_on" in exc.value.message_dict


def test_record_keeps_the_other_officers_present(world):  # type: ignore[no-untyped-def]
    hazard = _hazard(world, officers=[world["approver"]])
    assert list(hazard.officers.all()) == [world["approver"]]


def test_record_refuses_an_officer_of_another_brigade(world):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        _hazard(world, officers=[world["outsider"]])
    assert "officers" in exc.value.message_dict


def test_record_refuses_a_grid_manager_as_an_officer_present(world):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        _hazard(world, officers=[world["grid"]])
    assert "officers" in exc.value.message_dict


def test_a_hazard_found_on_a_visit_keeps_the_day_of_the_visit(world):  # type: ignore[no-untyped-def]
    from enterprises.services.visits import HazardFound, visit_record

    visit_record(actor=world["inspector"], enterprise=world["enterprise"], visited_on=date(2026, 3, 2),
                 method="on_site", hazards=[HazardFound(description="灭火器过期")])
    assert world["enterprise"].hazards.get().found_on == date(2026, 3, 2)


# --- the written report of a major hazard to the people's government (消防法 §55) -----------------------------------


def _confirmed_major(world) -> Hazard:  # type: ignore[no-untyped-def]
    hazard = _hazard(world, severity=HazardSeverity.MAJOR)
    return hazard_major_decide(hazard=hazard, confirm=True, reason="集体研判", actor=world["approver"])


def _report(world, hazard: Hazard, **kwargs) -> Hazard:  # type: ignore[no-untyped-def]
    args = {"reported_on": timezone.localdate(), "reported_to": "铁西区人民政府", "note": "铁消〔2026〕12号",
            "actor": world["approver"]}
    args.update(kwargs)
    return hazard_major_report(hazard=hazard, **args)


def test_a_confirmed_major_hazard_awaits_its_report_to_the_government(world):  # type: ignore[no-untyped-def]
    hazard = _confirmed_major(world)
    assert hazard.awaits_government_report
    assert list(Hazard.objects.awaiting_government_report()) == [hazard]


def test_the_confirmation_itself_records_no_report_to_the_government(world):  # type: ignore[no-untyped-def]
    hazard = _confirmed_major(world)
    assert Hazard.objects.get(pk=hazard.pk).government_reported_on is None


def test_government_report_records_day_body_note_and_who(world):  # type: ignore[no-untyped-def]
    hazard = _report(world, _confirmed_major(world))
    hazard = Hazard.objects.get(pk=hazard.pk)
    assert (hazard.government_reported_on, hazard.government_reported_to, hazard.government_report_note,
            hazard.government_report_by) == (timezone.localdate(), "铁西区人民政府", "铁消〔2026〕12号",
                                             world["approver"])
    assert hazard.government_report_at is not None
    assert not hazard.awaits_government_report


def test_government_report_writes_its_audit_event(world):  # type: ignore[no-untyped-def]
    from firesvc.audit.models import AuditEvent

    hazard = _report(world, _confirmed_major(world))
    event = AuditEvent.objects.filter(action="hazard.major_report", object_id=str(hazard.pk)).get()
    assert event.actor == world["approver"]


def test_government_report_refused_to_inspector(world):  # type: ignore[no-untyped-def]
    hazard = _confirmed_major(world)
    with pytest.raises(PermissionDenied):
        _report(world, hazard, actor=world["inspector"])


def test_government_report_refused_for_a_general_hazard(world):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        _report(world, _hazard(world))


def test_government_report_refused_before_confirmation(world):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        _report(world, _hazard(world, severity=HazardSeverity.MAJOR))


def test_government_report_recorded_once(world):  # type: ignore[no-untyped-def]
    hazard = _report(world, _confirmed_major(world))
    with pytest.raises(ValidationError):
        _report(world, hazard, reported_to="沈阳市人民政府")


def test_government_report_refuses_a_day_in_the_future(world):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        _report(world, _confirmed_major(world), reported_on=timezone.localdate() + timedelta(days=1))
    assert "reported_on" in exc.value.message_dict


def test_government_report_refuses_a_day_before_the_confirmation(world):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        _report(world, _confirmed_major(world), reported_on=timezone.localdate() - timedelta(days=1))
    assert "reported_on" in exc.value.message_dict


def test_government_report_needs_the_body_reported_to(world):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        _report(world, _confirmed_major(world), reported_to="  ")
    assert "reported_to" in exc.value.message_dict


# --- the words of the order's message ----------------------------------------------------------------------------


def test_an_order_to_correct_immediately_whose_requirements_say_so_does_not_say_it_twice(world):  # type: ignore[no-untyped-def]
    rectification_order_issue(hazard=_hazard(world), requirements="立即清理安全出口处堆放的杂物", rectify_workdays=0,
                              actor=world["inspector"])
    notification = Notification.objects.get(recipient=world["owner"], kind="safety.order")
    assert notification.body == "立即清理安全出口处堆放的杂物。"


def test_the_orders_message_ends_its_requirements_with_a_full_stop(world):  # type: ignore[no-untyped-def]
    hazard = _ordered(world)
    notification = Notification.objects.get(recipient=world["owner"], kind="safety.order")
    assert notification.body == f"Rectify by {hazard.order.due_date}: 清理出口。"


# --- adding to a report before the re-check ------------------------------------------------------------------


def test_a_photo_alone_adds_to_a_report_before_the_re_check(world):  # type: ignore[no-untyped-def]
    hazard = _answered(world)
    rectification_respond(hazard=hazard, note="", files=[Upload("b.png", PNG)], actor=world["owner"])
    hazard.refresh_from_db()
    assert (hazard.order.response_note, hazard.attachments.filter(kind="evidence").count()) == ("已清理", 2)


def test_a_photo_alone_is_told_to_the_issuing_officer_by_its_name(world):  # type: ignore[no-untyped-def]
    hazard = _answered(world)
    rectification_respond(hazard=hazard, note="", files=[Upload("b.png", PNG)], actor=world["owner"])
    note = Notification.objects.filter(recipient=world["inspector"], kind="safety.reported").get()
    assert note.body == "Evidence added: b.png"


def test_an_addition_to_a_report_with_neither_note_nor_file_is_refused(world):  # type: ignore[no-untyped-def]
    hazard = _answered(world)
    with pytest.raises(ValidationError) as exc:
        rectification_respond(hazard=hazard, note=" ", files=[], actor=world["owner"])
    assert exc.value.messages == ["Add a note or at least one photo or document."]
