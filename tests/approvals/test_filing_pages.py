"""Filing, intake, worklist, consultations and "three ones" pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from approvals.enums import ApplicationStatus
from approvals.models import Application, Consultation, Matter
from approvals.selectors.intake import worklist
from tests.approvals.conftest import PDF, PROJECT, make_draft, make_submitted
from tests.approvals.factories import intake_form_data

pytestmark = pytest.mark.django_db


def _form_data(**overrides: object) -> dict[str, object]:
    data = {k: str(v) for k, v in PROJECT.items()}
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def test_an_enterprise_user_saves_a_draft_from_the_project_form(client, approvals_world) -> None:
    client.force_login(approvals_world["applicant"])
    response = client.post(reverse("approvals:new", args=["acceptance"]), _form_data())
    application = Application.objects.get()
    assert response["Location"] == reverse("approvals:application", args=[application.pk])
    assert application.status == ApplicationStatus.DRAFT
    assert application.project_name == PROJECT["project_name"]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("building_area", "-5", "0"), ("contact_phone", "abc", "13812345678"), ("contact_phone", "1234567", "13812345678"),
    ("project_name", "", "必填"), ("floors", "x", "整数"),
])
def test_bad_project_input_is_refused_with_the_input_kept(client, approvals_world, field, value, message) -> None:
    client.force_login(approvals_world["applicant"])
    response = client.post(reverse("approvals:new", args=["acceptance"]), _form_data(**{field: value}))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert PROJECT["project_address"] in page
    assert not Application.objects.exists()


def test_upload_of_a_renamed_file_shows_a_clear_error(client, approvals_world) -> None:
    application = make_draft(approvals_world, upload=False)
    requirement = application.required_items.first().requirement
    client.force_login(approvals_world["applicant"])
    response = client.post(reverse("approvals:upload", args=[application.pk, requirement.pk]),
                           {"file": SimpleUploadedFile("report.pdf", b"just text, not a PDF")}, follow=True)
    assert "不是" in response.content.decode() or "not a" in response.content.decode()
    assert not application.materials.exists()


def test_upload_through_the_page_stores_the_material(client, approvals_world) -> None:
    application = make_draft(approvals_world, upload=False)
    requirement = application.required_items.first().requirement
    client.force_login(approvals_world["applicant"])
    client.post(reverse("approvals:upload", args=[application.pk, requirement.pk]),
                {"file": SimpleUploadedFile("表格.pdf", PDF)})
    assert application.materials.get().original_name == "表格.pdf"


def test_another_enterprise_cannot_open_upload_or_submit(client, approvals_world) -> None:
    application = make_draft(approvals_world)
    requirement = application.required_items.first().requirement
    client.force_login(approvals_world["other_applicant"])
    assert client.get(reverse("approvals:application", args=[application.pk])).status_code == 404
    assert client.post(reverse("approvals:submit", args=[application.pk])).status_code == 404
    assert client.post(reverse("approvals:upload", args=[application.pk, requirement.pk]),
                       {"file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 404
    material = make_draft(approvals_world).materials.first()
    assert client.get(reverse("approvals:material_file", args=[material.pk])).status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_a_material_is_served_as_an_attachment_to_its_owner(client, approvals_world) -> None:
    material = make_draft(approvals_world).materials.first()
    client.force_login(approvals_world["applicant"])
    response = client.get(reverse("approvals:material_file", args=[material.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_a_material_downloads_with_the_extension_of_its_kind(client, approvals_world) -> None:
    material = make_draft(approvals_world).materials.first()
    client.force_login(approvals_world["applicant"])
    response = client.get(reverse("approvals:material_file", args=[material.pk]))
    assert response["Content-Disposition"].endswith(f"-v{material.version}.pdf")


def test_the_intake_screen_issues_a_notice_for_the_items_marked(client, approvals_world) -> None:
    application = make_submitted(approvals_world)
    report = application.required_items.get(requirement__code="completion_report").requirement
    client.force_login(approvals_world["clerk"])
    response = client.post(reverse("approvals:intake", args=[application.pk]), intake_form_data(
        application, "notice", rows={report.pk: {"state": "faulty", "problem": "缺少签章", "fix": "加盖公章"}}))
    application.refresh_from_db()
    assert response.status_code == 302
    assert application.status == ApplicationStatus.DEFICIENT
    assert application.notices.get().items[0]["problem"] == "缺少签章"


def test_the_intake_screen_keeps_the_input_when_a_problem_is_not_described(client, approvals_world) -> None:
    application = make_submitted(approvals_world)
    report = application.required_items.get(requirement__code="completion_report").requirement
    licence = application.required_items.get(requirement__code="business_licence").requirement
    client.force_login(approvals_world["clerk"])
    response = client.post(reverse("approvals:intake", args=[application.pk]), intake_form_data(
        application, "notice", rows={report.pk: {"state": "faulty", "problem": ""},
                                     licence.pk: {"state": "faulty", "problem": "营业执照已过期"}}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "营业执照已过期" in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_intake_screen_accepts(client, approvals_world) -> None:
    application = make_submitted(approvals_world)
    client.force_login(approvals_world["clerk"])
    client.post(reverse("approvals:intake", args=[application.pk]), intake_form_data(application, "accept"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.due_date is not None


def _banner(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_accepting_names_the_approval_time_limit_and_its_end(client, approvals_world) -> None:
    application = make_submitted(approvals_world)
    client.force_login(approvals_world["clerk"])
    response = client.post(reverse("approvals:intake", args=[application.pk]), intake_form_data(application, "accept"))
    notice = application.notices.get()
    banner = _banner(response)
    assert "审批期限" in banner
    assert f"{notice.due_date:%Y-%m-%d}" in banner
    assert notice.number in banner


def test_accepting_a_completion_filing_names_the_notice_without_a_due_date(client, approvals_world) -> None:
    application = make_submitted(approvals_world, "completion_filing")
    client.force_login(approvals_world["clerk"])
    response = client.post(reverse("approvals:intake", args=[application.pk]), intake_form_data(application, "accept"))
    notice = application.notices.get()
    banner = _banner(response)
    assert notice.due_date is None
    assert notice.number in banner
    assert "None" not in banner


def test_the_intake_screen_is_refused_to_enterprise_users_and_reviewers(client, approvals_world) -> None:
    application = make_submitted(approvals_world)
    for user in (approvals_world["applicant"], approvals_world["reviewer"]):
        client.force_login(user)
        assert client.post(reverse("approvals:intake", args=[application.pk]), {"action": "accept"}).status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_worklist_puts_the_green_channel_first_then_the_nearest_due_date(approvals_world) -> None:
    late = make_submitted(approvals_world)
    early = make_submitted(approvals_world)
    green = make_submitted(approvals_world)
    now = timezone.now()
    Application.objects.filter(pk=late.pk).update(due_at=now + timedelta(days=5))
    Application.objects.filter(pk=early.pk).update(due_at=now + timedelta(days=1))
    Application.objects.filter(pk=green.pk).update(due_at=now + timedelta(days=9), green_channel=True)
    rows = worklist(approvals_world["clerk"]).rows
    assert [r.pk for r in rows] == [green.pk, early.pk, late.pk]


def test_the_worklist_pages_by_keyset_without_gaps_or_repeats(approvals_world) -> None:
    made = [make_submitted(approvals_world) for _ in range(7)]
    Application.objects.filter(pk=made[3].pk).update(green_channel=True)
    seen: list[int] = []
    cursor = ""
    while True:
        page = worklist(approvals_world["clerk"], cursor=cursor, page_size=3)
        seen.extend(r.pk for r in page.rows)
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert sorted(seen) == sorted(a.pk for a in made)
    assert len(seen) == 7
    assert seen[0] == made[3].pk


def test_the_worklist_of_another_detachment_is_empty(approvals_world) -> None:
    make_submitted(approvals_world)
    assert worklist(approvals_world["clerk_other"]).rows == []


def test_a_malformed_cursor_shows_the_first_page(client, approvals_world) -> None:
    make_submitted(approvals_world)
    client.force_login(approvals_world["clerk"])
    response = client.get(reverse("approvals:worklist"), {"after": "%%%not-base64"})
    assert response.status_code == 200
    assert len(response.context["page"].rows) == 1


def test_the_worklist_page_uses_a_constant_number_of_queries(client, approvals_world) -> None:
    client.force_login(approvals_world["clerk"])
    make_submitted(approvals_world)
    client.get(reverse("approvals:worklist"))  # warm the per-unit caches, as on a running server
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("approvals:worklist"))
    for _ in range(6):
        make_submitted(approvals_world)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("approvals:worklist"))
    assert len(many) == len(few)


def test_a_clerk_files_at_the_window_for_an_enterprise(client, approvals_world) -> None:
    client.force_login(approvals_world["clerk"])
    response = client.post(reverse("approvals:window_filing"), {
        "enterprise": approvals_world["enterprise"].pk, "matter": Matter.objects.get(code="acceptance").pk,
        **_form_data()})
    application = Application.objects.get()
    assert response["Location"] == reverse("approvals:application", args=[application.pk])
    assert application.filed_by_clerk == approvals_world["clerk"]


def test_a_consultation_is_recorded_with_the_clerks_window(client, approvals_world) -> None:
    client.force_login(approvals_world["clerk"])
    client.post(reverse("approvals:consultations"), {
        "channel": "window", "question": "验收需要哪些材料？", "answer": "见办事指南，已发放全部表格。",
        "resolved_first_contact": "on", "forms_handed_out": "on"})
    consultation = Consultation.objects.get()
    assert consultation.window == "1号窗口"
    assert consultation.resolved_first_contact


def test_three_ones_figures_count_consultations_and_notices_per_clerk(client, approvals_world) -> None:
    client.force_login(approvals_world["clerk"])
    client.post(reverse("approvals:consultations"), {"channel": "phone", "question": "问", "answer": "答"})
    application = make_submitted(approvals_world)
    client.post(reverse("approvals:intake", args=[application.pk]), intake_form_data(application, "accept"))
    response = client.get(reverse("approvals:three_ones"))
    figures = {f.label: f for f in response.context["figures"]}
    mine = figures[str(approvals_world["clerk"])]
    counted = (mine.consultations, mine.resolved_first, mine.applications_taken_in, mine.deficiency_notices)
    assert counted == (1, 0, 1, 0)


def test_an_account_awaiting_verification_sees_none_of_its_enterprises_applications(client, approvals_world) -> None:
    from enterprises.enums import AccountStatus
    from tests.factories import enterprise_user

    application = make_draft(approvals_world)
    pending = enterprise_user(approvals_world["enterprise"], status=AccountStatus.PENDING)
    assert not Application.objects.visible_to(pending).exists()
    client.force_login(pending)
    assert client.get(reverse("approvals:application", args=[application.pk])).status_code == 404


def test_cases_after_a_one_time_notice_are_listed_as_waiting_for_the_applicant(client, approvals_world) -> None:
    from approvals.services.applications import NoticeItem
    from approvals.services.intake import application_issue_deficiency_notice

    application = make_submitted(approvals_world)
    requirement = application.required_items.first().requirement
    application_issue_deficiency_notice(actor=approvals_world["clerk"], application=application,
                                        items=[NoticeItem(requirement.pk, "缺少签章")])
    client.force_login(approvals_world["clerk"])
    assert application.number in client.get(reverse("approvals:awaiting")).content.decode()
    assert application.number not in client.get(reverse("approvals:worklist")).content.decode()


def test_floors_above_ground_without_a_height_are_refused(client, approvals_world) -> None:
    client.force_login(approvals_world["applicant"])
    response = client.post(reverse("approvals:new", args=["acceptance"]),
                           _form_data(building_height="0", floors="3"))
    assert response.status_code == 200
    assert "building_height" in response.context["form"].errors
    assert not Application.objects.exists()


def test_a_height_without_floors_above_ground_is_refused(client, approvals_world) -> None:
    client.force_login(approvals_world["applicant"])
    response = client.post(reverse("approvals:new", args=["acceptance"]),
                           _form_data(building_height="12.5", floors="0"))
    assert "floors" in response.context["form"].errors
    assert not Application.objects.exists()


def test_a_building_wholly_underground_is_filed_with_no_height_and_no_floors(client, approvals_world) -> None:
    client.force_login(approvals_world["applicant"])
    client.post(reverse("approvals:new", args=["acceptance"]), _form_data(building_height="0", floors="0"))
    assert Application.objects.get().floors == 0


def test_a_landline_with_its_area_code_is_a_contact_phone(client, approvals_world) -> None:
    client.force_login(approvals_world["applicant"])
    client.post(reverse("approvals:new", args=["acceptance"]), _form_data(contact_phone="024-23456789"))
    assert Application.objects.get().contact_phone == "024-23456789"
