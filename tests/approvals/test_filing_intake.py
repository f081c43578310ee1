"""Filing (A3) and window intake (A4, A5, A11) services."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from approvals.enums import ApplicationStatus, NoticeKind
from approvals.models import Application, MaterialRequirement, Matter, ThreeOnesBreach
from approvals.services.applications import (
    NoticeItem,
    application_create,
    application_submit,
    application_withdraw,
    material_upload,
)
from approvals.services.intake import (
    IntakeLine,
    application_accept,
    application_issue_deficiency_notice,
    application_refuse,
    deem_overdue_intakes,
    intake_check_acceptable,
    intake_checklist,
)
from enterprises.enums import AccountStatus
from firesvc.audit.models import AuditEvent
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from tests.approvals.conftest import PDF, PNG, PROJECT, make_draft, make_submitted
from tests.approvals.factories import intake_form_data
from tests.factories import enterprise_user

pytestmark = pytest.mark.django_db


def _requirement(application: Application, code: str) -> MaterialRequirement:
    return application.required_items.get(requirement__code=code).requirement


def test_a_draft_freezes_the_materials_required_on_its_day(approvals_world) -> None:
    # given a material retired from today
    MaterialRequirement.objects.filter(matter__code="acceptance", code="other").update(retired_on=date.today())
    application = make_draft(approvals_world, upload=False)
    codes = set(application.required_items.values_list("requirement__code", flat=True))
    assert "other" not in codes
    assert "completion_report" in codes


def test_retiring_a_material_later_does_not_change_an_existing_application(approvals_world) -> None:
    application = make_draft(approvals_world, upload=False)
    MaterialRequirement.objects.filter(matter__code="acceptance", code="completion_report").update(
        retired_on=date.today())
    assert application.required_items.filter(requirement__code="completion_report").exists()


def test_an_unverified_enterprise_user_cannot_file(approvals_world) -> None:
    pending = enterprise_user(approvals_world["enterprise"], status=AccountStatus.PENDING)
    with pytest.raises(PermissionDenied):
        application_create(actor=pending, matter=Matter.objects.get(code="acceptance"),
                           enterprise=approvals_world["enterprise"], **PROJECT)


def test_an_enterprise_user_cannot_file_for_another_enterprise(approvals_world) -> None:
    with pytest.raises(PermissionDenied):
        application_create(actor=approvals_world["other_applicant"], matter=Matter.objects.get(code="acceptance"),
                           enterprise=approvals_world["enterprise"], **PROJECT)


def test_a_clerk_filing_at_the_window_is_recorded_as_a_one_time_filing_service(approvals_world) -> None:
    application = application_create(actor=approvals_world["clerk"], matter=Matter.objects.get(code="acceptance"),
                                     enterprise=approvals_world["enterprise"], **PROJECT)
    assert application.filed_by_clerk == approvals_world["clerk"]
    assert application.applicant == approvals_world["applicant"]


def test_a_file_renamed_to_pdf_is_refused_by_its_content(approvals_world) -> None:
    application = make_draft(approvals_world, upload=False)
    with pytest.raises(ValidationError, match="PDF"):
        material_upload(actor=approvals_world["applicant"], application=application,
                        requirement=_requirement(application, "completion_report"), data=b"MZ\x90\x00 not a pdf",
                        filename="report.pdf")
    assert not application.materials.exists()


def test_an_image_is_accepted_and_stored_under_a_server_made_name(approvals_world) -> None:
    application = make_draft(approvals_world, upload=False)
    material = material_upload(actor=approvals_world["applicant"], application=application,
                               requirement=_requirement(application, "completion_report"), data=PNG,
                               filename="../../etc/passwd.png")
    assert material.content_type == "image/png"
    assert "passwd" not in material.file.name
    assert material.file.name.startswith("private/materials/")
    assert material.original_name == "../../etc/passwd.png"


def test_submitting_without_a_mandatory_material_names_it(approvals_world) -> None:
    application = make_draft(approvals_world, skip=("completion_report",))
    with pytest.raises(ValidationError, match=r"工程竣工验收报告|completion"):
        application_submit(actor=approvals_world["applicant"], application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


@time_machine.travel(datetime(2026, 9, 28, 10, 0, tzinfo=timezone.get_fixed_timezone(480)), tick=False)
def test_submission_numbers_the_application_and_starts_the_five_day_intake_clock(approvals_world) -> None:
    application = make_submitted(approvals_world)
    clock = Clock.objects.for_owner(application).get()
    assert application.number.startswith("A-B-2026-")
    assert clock.rule.code == "intake.deficiency_notice"
    assert application.due_date == date(2026, 10, 10)  # Sep 29, 30, [National Day], Oct 8, 9, 10 (make-up Sat)


def test_acceptance_starts_the_statutory_clock_and_issues_a_numbered_notice(approvals_world) -> None:
    application = make_submitted(approvals_world)
    notice = application_accept(actor=approvals_world["clerk"], application=application)
    application.refresh_from_db()
    decision = Clock.objects.for_owner(application).get(status=ClockStatus.RUNNING)
    assert application.status == ApplicationStatus.ACCEPTED
    assert decision.rule.code == "acceptance.decide"
    assert decision.limit == 20
    assert notice.kind == NoticeKind.ACCEPTANCE
    assert notice.due_date == decision.due_date == application.due_date
    assert "受理" in notice.number


def test_a_clerk_of_another_detachment_cannot_take_in(approvals_world) -> None:
    application = make_submitted(approvals_world)
    with pytest.raises(PermissionDenied):
        application_accept(actor=approvals_world["clerk_other"], application=application)


def test_the_one_time_notice_lists_every_item_and_only_those_can_be_resupplied(approvals_world) -> None:
    application = make_submitted(approvals_world)
    report = _requirement(application, "completion_report")
    licence = _requirement(application, "business_licence")
    notice = application_issue_deficiency_notice(actor=approvals_world["clerk"], application=application, items=[
        NoticeItem(report.pk, "缺少签章", "加盖建设单位公章"), NoticeItem(licence.pk, "已过期", "提供有效营业执照")])
    assert [i["code"] for i in notice.items] == ["completion_report", "business_licence"]
    with pytest.raises(ValidationError):
        material_upload(actor=approvals_world["applicant"], application=application,
                        requirement=_requirement(application, "product_certificates"), data=PDF, filename="x.pdf")
    with pytest.raises(ValidationError, match=r"营业执照|business"):  # the licence is still outstanding
        material_upload(actor=approvals_world["applicant"], application=application, requirement=report, data=PDF,
                        filename="r.pdf")
        application_submit(actor=approvals_world["applicant"], application=application)


def test_resubmitting_the_listed_items_returns_the_application_to_the_window(approvals_world) -> None:
    application = make_submitted(approvals_world)
    report = _requirement(application, "completion_report")
    application_issue_deficiency_notice(actor=approvals_world["clerk"], application=application,
                                        items=[NoticeItem(report.pk, "缺少签章")])
    material_upload(actor=approvals_world["applicant"], application=application, requirement=report, data=PDF,
                    filename="r2.pdf")
    application = application_submit(actor=approvals_world["applicant"], application=application)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.materials.filter(requirement=report).count() == 2


def test_a_second_notice_raising_an_unchanged_material_is_a_three_ones_breach(approvals_world) -> None:
    # given a first notice about the report only
    application = make_submitted(approvals_world)
    report = _requirement(application, "completion_report")
    licence = _requirement(application, "business_licence")
    application_issue_deficiency_notice(actor=approvals_world["clerk"], application=application,
                                        items=[NoticeItem(report.pk, "缺少签章")])
    material_upload(actor=approvals_world["applicant"], application=application, requirement=report, data=PDF,
                    filename="r2.pdf")
    application_submit(actor=approvals_world["applicant"], application=application)
    # when a second notice raises the licence, which has not changed since the first
    items = [NoticeItem(licence.pk, "已过期"), NoticeItem(report.pk, "仍缺")]
    second = application_issue_deficiency_notice(actor=approvals_world["clerk"], application=application, items=items)
    # then exactly the licence is a breach (the report was re-uploaded, so raising it again is fair)
    breaches = ThreeOnesBreach.objects.filter(notice=second)
    assert [b.requirement.code for b in breaches] == ["business_licence"]


def test_a_notice_needs_items_with_a_problem(approvals_world) -> None:
    application = make_submitted(approvals_world)
    report = _requirement(application, "completion_report")
    with pytest.raises(ValidationError):
        application_issue_deficiency_notice(actor=approvals_world["clerk"], application=application, items=[])
    with pytest.raises(ValidationError):
        application_issue_deficiency_notice(actor=approvals_world["clerk"], application=application,
                                            items=[NoticeItem(report.pk, "  ")])


def test_refusal_needs_reasons_and_stops_the_clock(approvals_world) -> None:
    application = make_submitted(approvals_world)
    with pytest.raises(ValidationError):
        application_refuse(actor=approvals_world["clerk"], application=application, reasons="")
    notice = application_refuse(actor=approvals_world["clerk"], application=application, reasons="不属于本机关职权范围")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REFUSED
    assert notice.reasons == "不属于本机关职权范围"
    assert not Clock.objects.for_owner(application).exclude(status=ClockStatus.STOPPED).exists()


def test_the_applicant_withdraws_before_a_decision(approvals_world) -> None:
    application = make_submitted(approvals_world)
    application_accept(actor=approvals_world["clerk"], application=application)
    application = application_withdraw(actor=approvals_world["applicant"], application=application, reason="项目调整")
    assert application.status == ApplicationStatus.WITHDRAWN
    assert AuditEvent.objects.filter(action="application.withdraw", object_id=str(application.pk)).exists()


def test_a_withdrawn_application_cannot_be_accepted(approvals_world) -> None:
    application = make_submitted(approvals_world)
    application_withdraw(actor=approvals_world["applicant"], application=application)
    with pytest.raises(ValidationError):
        application_accept(actor=approvals_world["clerk"], application=application)


def test_without_a_notice_in_five_working_days_it_counts_as_accepted_on_arrival(approvals_world) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=timezone.get_fixed_timezone(480)), tick=False):
        application = make_submitted(approvals_world)
    with time_machine.travel(datetime(2026, 3, 10, 0, 1, tzinfo=timezone.get_fixed_timezone(480)), tick=False):
        assert deem_overdue_intakes() == 1
    application.refresh_from_db()
    decision = Clock.objects.for_owner(application).get(status=ClockStatus.RUNNING)
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.deemed_accepted
    assert decision.due_date == date(2026, 3, 30)  # 20 working days from the arrival day, 2 March
    assert application.notices.get().kind == NoticeKind.ACCEPTANCE


def test_an_applicant_may_knowingly_submit_without_a_mandatory_material(approvals_world) -> None:
    application = make_draft(approvals_world, skip=("completion_report",))
    application = application_submit(actor=approvals_world["applicant"], application=application,
                                     allow_incomplete=True)
    assert application.status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize(("ratio", "status", "clocks"), [(1.0, ApplicationStatus.ACCEPTED, 1),
                                                         (0.0, ApplicationStatus.APPROVED, 0)])
def test_an_accepted_completion_filing_is_drawn_for_spot_check(approvals_world, settings, ratio, status,
                                                               clocks) -> None:
    settings.FILING_SPOT_CHECK_RATIO = ratio
    application = make_submitted(approvals_world, "completion_filing")
    application_accept(actor=approvals_world["clerk"], application=application)
    application.refresh_from_db()
    running = Clock.objects.for_owner(application).filter(status=ClockStatus.RUNNING)
    assert application.status == status
    assert [c.rule.code for c in running] == ["filing.spot_check"] * clocks


# --- the intake checklist's rules (services.intake), shared by the single and parallel pages ---------

def _line(state: str = "ok", *, mandatory: bool = True, uploaded: bool = True, problem: str = "") -> IntakeLine:
    return IntakeLine(requirement_id=7, name="竣工验收报告", mandatory=mandatory, uploaded=uploaded, state=state,
                      problem=problem)


def test_intake_checklist_refuses_a_mandatory_material_marked_in_order_but_not_uploaded() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        intake_checklist([_line(uploaded=False)])
    assert refused.value.messages == ["竣工验收报告 is mandatory and was not provided: mark it missing."]


def test_intake_checklist_lets_an_optional_material_without_upload_pass() -> None:
    assert intake_checklist([_line(mandatory=False, uploaded=False)]) == []


def test_intake_checklist_lists_a_missing_material_with_a_default_problem() -> None:
    with translation.override("en"):
        items = intake_checklist([_line("missing", uploaded=False)])
    assert items == [NoticeItem(7, "Not provided.", "", missing=True)]


def test_intake_checklist_asks_what_is_wrong_with_a_faulty_material() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        intake_checklist([_line("faulty")])
    assert refused.value.messages == ["Say what is wrong with 竣工验收报告."]


def test_intake_check_acceptable_refuses_when_items_are_marked() -> None:
    with pytest.raises(ValidationError):
        intake_check_acceptable([NoticeItem(7, "缺少签章")])


def test_the_single_intake_page_refuses_to_accept_a_mandatory_material_not_uploaded(
        client, approvals_world) -> None:
    # given a submitted application without one mandatory material
    draft = make_draft(approvals_world)
    item = draft.required_items.select_related("requirement").filter(requirement__is_mandatory=True).first()
    draft.materials.filter(requirement=item.requirement).delete()
    application = application_submit(actor=approvals_world["applicant"], application=draft, allow_incomplete=True)
    client.force_login(approvals_world["clerk"])
    # when the clerk accepts with every row marked in order
    data = intake_form_data(application, "accept", rows={item.requirement_id: {"state": "ok"}})
    response = client.post(reverse("approvals:intake", args=[application.pk]), data)
    # then the row is named and the application stays at intake
    with translation.override(response["Content-Language"]):
        expected = gettext("%(name)s is mandatory and was not provided: mark it missing.") % {
            "name": item.requirement.name}
    assert expected in response.context["errors"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
