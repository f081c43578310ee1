"""Parallel approval (A7): two tracks, shared materials, merged notice, later due date, closing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from approvals.enums import AcceptanceMode, ApplicationStatus, DecisionKind, DecisionOutcome, NoticeKind
from approvals.models import ApplicationMaterial, IntakeNotice, ParallelCase
from approvals.services.applications import NoticeItem
from approvals.services.parallel import (
    merged_deficiency_notices,
    parallel_case_accept,
    parallel_case_deficiency_notice,
    parallel_case_submit,
    parallel_material_upload,
    shared_requirements,
)
from approvals.services.technical_review import decision_draft, decision_sign, review_assign
from approvals.views import parallel as views_parallel
from firesvc import documents
from firesvc.accounts.roles import Role
from firesvc.sla.models import RuleSet
from firesvc.sla.services import ruleset_activate
from tests.approvals.conftest import PDF, PROJECT, record_inspection
from tests.approvals.factories import intake_form_data, parallel_case_filed
from tests.approvals.test_documents import rendered  # noqa: F401  (a fixture)
from tests.factories import staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _case(world: dict[str, Any]) -> ParallelCase:
    """A draft case, nothing uploaded."""
    return parallel_case_filed(world, upload=False, submit=False)


def _accepted_case(world: dict[str, Any]) -> ParallelCase:
    case = parallel_case_filed(world)
    parallel_case_accept(actor=world["clerk"], case=case)
    case.refresh_from_db()
    return case


def _decide(world: dict[str, Any], application: Any, reviewer: Any) -> None:
    review_assign(actor=world["approver"], application=application, reviewer=reviewer)
    record_inspection(reviewer, application)
    decision_draft(actor=reviewer, application=application, outcome=DecisionOutcome.APPROVE)
    decision_sign(actor=world["approver"], application=application)


def test_parallel_case_create_starts_both_drafts_in_brigade_mode(approvals_world):
    case = _case(approvals_world)
    assert case.acceptance.matter.code == "acceptance"
    assert case.pre_opening.matter.code == "pre_opening"
    assert case.acceptance_mode == AcceptanceMode.BRIGADE
    assert {case.acceptance.status, case.pre_opening.status} == {ApplicationStatus.DRAFT}


def test_parallel_case_create_under_current_rules_is_coordination(approvals_world):
    ruleset_activate(ruleset=RuleSet.objects.get(code="current"), actor=None)
    assert _case(approvals_world).acceptance_mode == AcceptanceMode.COORDINATION


def test_shared_material_uploaded_once_is_stored_on_both_tracks(approvals_world):
    case = _case(approvals_world)
    served = parallel_material_upload(actor=approvals_world["applicant"], case=case, code="business_licence",
                                      data=PDF, filename="licence.pdf")
    assert served == 2
    assert ApplicationMaterial.objects.filter(requirement__code="business_licence",
                                              application__in=case.tracks).count() == 2


def test_each_tracks_application_form_is_its_own_material(approvals_world):
    case = _case(approvals_world)
    served = parallel_material_upload(actor=approvals_world["applicant"], case=case, code="acceptance-application_form",
                                      data=PDF, filename="建设工程消防验收申报表.pdf")
    assert served == 1
    assert not ApplicationMaterial.objects.filter(application=case.pre_opening,
                                                  requirement__code="application_form").exists()


def test_parallel_case_lists_each_tracks_application_form_apart(approvals_world):
    names = [row["name"] for row in shared_requirements(_case(approvals_world))]
    assert "建设工程消防验收申报表" in names
    assert "公众聚集场所投入使用、营业前消防安全检查申报表" in names


def test_shared_material_unknown_code_is_refused(approvals_world):
    with pytest.raises(ValidationError, match="not required"):
        parallel_material_upload(actor=approvals_world["applicant"], case=_case(approvals_world), code="nope",
                                 data=PDF, filename="x.pdf")


def test_parallel_case_accept_gives_each_track_its_own_clock_and_case_due_is_later(approvals_world):
    case = _accepted_case(approvals_world)
    acceptance, pre_opening = case.acceptance, case.pre_opening
    assert acceptance.status == pre_opening.status == ApplicationStatus.ACCEPTED
    assert acceptance.due_date != pre_opening.due_date
    assert case.due_date == max(acceptance.due_date, pre_opening.due_date)


def test_parallel_deficiency_on_one_track_is_one_merged_notice(approvals_world):
    case = parallel_case_filed(approvals_world)
    requirement = case.pre_opening.required_items.get(requirement__code="safety_rules").requirement
    other = case.acceptance.required_items.get(requirement__code="completion_report").requirement
    parallel_case_deficiency_notice(actor=approvals_world["clerk"], case=case, items={
        case.pre_opening.pk: [NoticeItem(requirement.pk, "预案未盖章")],
        case.acceptance.pk: [NoticeItem(other.pk, "缺少签字")]})
    merged = merged_deficiency_notices(case)
    assert [n.application.matter.code for n in merged] == ["acceptance", "pre_opening"]
    assert IntakeNotice.objects.filter(application__in=case.tracks, kind=NoticeKind.DEFICIENCY).count() == 2


@pytest.fixture
def merged_notice_html(client, approvals_world, monkeypatch) -> tuple[ParallelCase, str]:  # type: ignore[no-untyped-def]
    """A merged one-time notice on both tracks, as the applicant downloads it (the HTML that became the PDF)."""
    case = parallel_case_filed(approvals_world)
    parallel_case_deficiency_notice(actor=approvals_world["clerk"], case=case, items={
        case.pre_opening.pk: [NoticeItem(case.pre_opening.required_items.get(
            requirement__code="safety_rules").requirement.pk, "预案未盖章")],
        case.acceptance.pk: [NoticeItem(case.acceptance.required_items.get(
            requirement__code="completion_report").requirement.pk, "缺少签字")]})
    printed: list[str] = []
    real = views_parallel.render_pdf

    def spy(template_name: str, context: dict[str, Any], **kwargs: Any) -> bytes:
        printed.append(documents.render_document_html(template_name, context))
        return real(template_name, context, **kwargs)

    monkeypatch.setattr(views_parallel, "render_pdf", spy)
    client.force_login(approvals_world["applicant"])
    assert client.get(reverse("approvals:parallel_notice_pdf", args=[case.pk])).status_code == 200
    return ParallelCase.objects.get(pk=case.pk), re.sub(r"\s+", "", printed[0])


def test_merged_notice_names_the_project(merged_notice_html):
    _parallel_case, html = merged_notice_html
    assert f"（项目名称：{PROJECT['project_name']}）" in html
    assert f"<th>项目名称</th><td>{PROJECT['project_name']}</td>" in html


def test_merged_notice_prints_each_tracks_matter_with_its_case_number(merged_notice_html):
    case, html = merged_notice_html
    for track in case.tracks:
        assert f"{track.matter.name}（申请编号：{track.number}，告知书文号：" in html


def test_merged_notice_tells_where_to_find_the_case_to_supplement_it(merged_notice_html):
    case, html = merged_notice_html
    assert f"找到并联审批编号为{case.number}的并联审批，上传补正材料后提交" in html


@pytest.fixture
def track_notice_html(client, approvals_world, rendered) -> tuple[ParallelCase, str]:  # type: ignore[no-untyped-def]  # noqa: F811
    """The one-time notice of the pre-opening track alone, as the applicant downloads it from the track's page."""
    case = parallel_case_filed(approvals_world)
    [notice, _accepted] = parallel_case_deficiency_notice(actor=approvals_world["clerk"], case=case, items={
        case.pre_opening.pk: [NoticeItem(case.pre_opening.required_items.get(
            requirement__code="safety_rules").requirement.pk, "预案未盖章")]})
    client.force_login(approvals_world["applicant"])
    assert client.get(reverse("approvals:notice_pdf", args=[notice.pk])).status_code == 200
    return case, rendered[0].html


def test_a_tracks_own_notice_tells_to_supplement_on_the_parallel_case(track_notice_html):
    case, html = track_notice_html
    assert f"找到并联审批编号为{case.number}的并联审批，上传补正材料后提交" in html
    assert f"申请编号为{case.pre_opening.number}的申请" not in html


def test_a_tracks_own_notice_names_its_parallel_case_in_its_facts(track_notice_html):
    case, html = track_notice_html
    assert f"<th>并联审批编号</th><td>{case.number}</td>" in html


def test_parallel_deficiency_without_items_is_refused(approvals_world):
    case = parallel_case_filed(approvals_world)
    with pytest.raises(ValidationError, match="at least one"):
        parallel_case_deficiency_notice(actor=approvals_world["clerk"], case=case, items={})


def test_parallel_case_closes_only_when_both_tracks_are_decided(approvals_world):
    case = _accepted_case(approvals_world)
    second = staff(Role.REVIEWER, approvals_world["brigade"])
    _decide(approvals_world, case.acceptance, approvals_world["reviewer"])
    case.refresh_from_db()
    assert case.closed_at is None
    _decide(approvals_world, case.pre_opening, second)
    case.refresh_from_db()
    assert case.closed_at is not None


def test_coordination_track_records_a_coordination_opinion(approvals_world):
    ruleset_activate(ruleset=RuleSet.objects.get(code="current"), actor=None)
    case = _accepted_case(approvals_world)
    _decide(approvals_world, case.acceptance, approvals_world["reviewer"])
    decision = case.acceptance.decision
    assert decision.kind == DecisionKind.COORDINATION
    assert "消验协字" in decision.number


def test_parallel_case_submit_twice_is_refused(approvals_world):
    case = parallel_case_filed(approvals_world)
    with pytest.raises(ValidationError, match="Neither track"):
        parallel_case_submit(actor=approvals_world["applicant"], case=case)


def _mandatory_not_uploaded(world: dict[str, Any]) -> tuple[ParallelCase, dict[str, Any]]:
    """A submitted case whose applicant left out the business licence, mandatory on both tracks (submitted anyway)."""
    case = parallel_case_filed(world, skip=("business_licence",))
    skipped = next(row for row in shared_requirements(case) if row["code"] == "business_licence")
    assert skipped["mandatory"] and len(skipped["tracks"]) == 2
    return case, skipped


def test_parallel_intake_refuses_to_accept_a_mandatory_material_marked_in_order_but_not_uploaded(
        client, approvals_world) -> None:
    # given a case with a mandatory material missing, which the clerk leaves marked in order
    case, skipped = _mandatory_not_uploaded(approvals_world)
    name = next(r.name for a, r in skipped["tracks"] if r.is_mandatory)
    client.force_login(approvals_world["clerk"])
    # when the clerk accepts both tracks, the missing material marked in order
    data = {"action": "accept"}
    for application in case.tracks:
        data.update(intake_form_data(application, "accept", prefix=True))
    data.update({f"state_{application.pk}_{requirement.pk}": "ok" for application, requirement in skipped["tracks"]})
    response = client.post(reverse("approvals:parallel_intake", args=[case.pk]), data)
    # then the page says which material to mark missing, and no track is accepted
    assert response.status_code == 200
    with translation.override(response["Content-Language"]):
        expected = gettext("%(name)s is mandatory and was not provided: mark it missing.") % {"name": name}
    assert expected in response.context["errors"]
    assert {a.status for a in ParallelCase.objects.get(pk=case.pk).tracks} == {ApplicationStatus.SUBMITTED}


def test_parallel_intake_issues_the_notice_once_the_missing_material_is_marked_missing(
        client, approvals_world) -> None:
    case, skipped = _mandatory_not_uploaded(approvals_world)
    data = {"action": "notice"}
    for application in case.tracks:
        data.update(intake_form_data(application, "notice", prefix=True))
    data.update({f"state_{application.pk}_{requirement.pk}": "missing"
                 for application, requirement in skipped["tracks"]})
    client.force_login(approvals_world["clerk"])
    response = client.post(reverse("approvals:parallel_intake", args=[case.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    assert {a.status for a in ParallelCase.objects.get(pk=case.pk).tracks} == {ApplicationStatus.DEFICIENT}


def test_an_upload_to_the_parallel_case_names_the_material(client, approvals_world):
    case = _case(approvals_world)
    client.force_login(approvals_world["applicant"])
    response = client.post(reverse("approvals:parallel_upload", args=[case.pk, "business_licence"]),
                           {"file": SimpleUploadedFile("licence.pdf", PDF)}, follow=True)
    name = case.acceptance.required_items.get(requirement__code="business_licence").requirement.name
    assert [str(m) for m in response.context["messages"]] == [f"{name} uploaded; both applications use it."]


def test_a_draft_track_shows_its_status_once(client, approvals_world):
    case = _case(approvals_world)
    client.force_login(approvals_world["applicant"])
    page = client.get(case.get_absolute_url()).content.decode()
    assert page.count("draft</span>") + page.count("Draft</span>") == 2 and "draft · " not in page
