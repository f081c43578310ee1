"""Parallel approval follows the law (issue 20 §1): the pre-opening inspection waits for fire acceptance,
a refused acceptance terminates it, the case is withdrawn as a whole, and intake checks every material."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from approvals.enums import ApplicationStatus, DecisionOutcome
from approvals.models import Application, ParallelCase
from approvals.selectors.intake import worklist
from approvals.services.intake import (
    NOTICE,
    Verdict,
    application_accept,
    application_intake,
    intake_lines,
)
from approvals.services.parallel import (
    parallel_case_accept,
    parallel_case_create,
    parallel_case_submit,
    parallel_material_upload,
    shared_requirements,
)
from approvals.services.parallel_tracks import termination_text
from approvals.services.technical_review import decision_draft, decision_sign, review_assign
from firesvc import workdays
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.notifications.models import Notification
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock, RuleSet
from firesvc.sla.services import ruleset_activate
from tests.approvals.conftest import PDF, PROJECT, make_draft, record_inspection
from tests.approvals.factories import intake_form_data
from tests.approvals.test_api import client_for, url
from tests.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def _case(world: dict[str, Any]) -> ParallelCase:
    return parallel_case_create(actor=world["applicant"], enterprise=world["enterprise"], **PROJECT)


def _accepted_case(world: dict[str, Any]) -> ParallelCase:
    case = _case(world)
    for row in shared_requirements(case):
        if row["mandatory"]:
            parallel_material_upload(actor=world["applicant"], case=case, code=row["code"], data=PDF,
                                     filename=f"{row['code']}.pdf")
    parallel_case_submit(actor=world["applicant"], case=case)
    parallel_case_accept(actor=world["clerk"], case=case)
    case.refresh_from_db()
    return case


def _draft(world: dict[str, Any], application: Application, outcome: str, reviewer: Any = None) -> None:
    reviewer = reviewer or staff(Role.REVIEWER, world["brigade"])
    review_assign(actor=world["approver"], application=application, reviewer=reviewer)
    record_inspection(reviewer, application)
    decision_draft(actor=reviewer, application=application, outcome=outcome,
                   reasons="消防设施检测不合格" if outcome == DecisionOutcome.REFUSE else "")


def _sign(world: dict[str, Any], application: Application, outcome: str) -> None:
    _draft(world, application, outcome)
    decision_sign(actor=world["approver"], application=application)


def _refused_acceptance(world: dict[str, Any]) -> ParallelCase:
    case = _accepted_case(world)
    _sign(world, case.acceptance, DecisionOutcome.REFUSE)
    return ParallelCase.objects.get(pk=case.pk)


# --- the pre-opening track waits for acceptance ----------------------------------------------

def test_pre_opening_approval_is_refused_while_acceptance_is_undecided(approvals_world) -> None:
    case = _accepted_case(approvals_world)
    _draft(approvals_world, case.pre_opening, DecisionOutcome.APPROVE)
    with pytest.raises(ValidationError, match="Waiting for the fire acceptance result"):
        decision_sign(actor=approvals_world["approver"], application=case.pre_opening)
    assert Application.objects.get(pk=case.pre_opening_id).status == ApplicationStatus.ACCEPTED


def test_pre_opening_approval_is_refused_once_acceptance_is_refused(approvals_world) -> None:
    # given a drafted approval of the pre-opening track, then the acceptance refused
    case = _accepted_case(approvals_world)
    _draft(approvals_world, case.pre_opening, DecisionOutcome.APPROVE)
    _sign(approvals_world, case.acceptance, DecisionOutcome.REFUSE)
    # when the approver signs the pre-opening approval, then it is refused and no 合格证 is numbered
    with pytest.raises(ValidationError):
        decision_sign(actor=approvals_world["approver"], application=case.pre_opening)
    assert Application.objects.get(pk=case.pre_opening_id).decision.number is None


def test_pre_opening_approval_is_signed_after_acceptance_is_approved(approvals_world) -> None:
    case = _accepted_case(approvals_world)
    _sign(approvals_world, case.acceptance, DecisionOutcome.APPROVE)
    _sign(approvals_world, case.pre_opening, DecisionOutcome.APPROVE)
    assert Application.objects.get(pk=case.pre_opening_id).status == ApplicationStatus.APPROVED


def test_refused_acceptance_terminates_the_pre_opening_track_with_reason_and_legal_basis(approvals_world) -> None:
    case = _refused_acceptance(approvals_world)
    pre_opening = case.pre_opening
    event = AuditEvent.objects.get(action="application.terminate", object_id=str(pre_opening.pk))
    assert pre_opening.status == ApplicationStatus.TERMINATED
    assert "禁止投入使用" in event.reason
    assert event.data["legal_basis"] == ("《中华人民共和国消防法》第十三条、第十五条；"
                                         "《建设工程消防监督管理规定》(公安部令第119号)")


def test_refused_acceptance_stops_the_pre_opening_clocks_and_closes_the_case(approvals_world) -> None:
    case = _refused_acceptance(approvals_world)
    assert not Clock.objects.for_owner(case.pre_opening).exclude(status=ClockStatus.STOPPED).exists()
    assert case.pre_opening.due_date is None
    assert case.closed_at is not None


def test_refused_acceptance_tells_the_applicant_in_the_inbox(approvals_world) -> None:
    case = _refused_acceptance(approvals_world)
    note = Notification.objects.get(recipient=approvals_world["applicant"], kind="approval_terminated")
    assert "《中华人民共和国消防法》第十三条、第十五条" in note.body
    assert note.url == case.get_absolute_url()


def test_acceptance_refused_at_intake_terminates_the_pre_opening_track(approvals_world) -> None:
    from approvals.services.intake import application_refuse

    case = _case(approvals_world)
    parallel_case_submit(actor=approvals_world["applicant"], case=case, allow_incomplete=True)
    application_refuse(actor=approvals_world["clerk"], application=case.acceptance, reasons="不属于本大队管辖")
    pre_opening = Application.objects.get(pk=case.pre_opening_id)
    event = AuditEvent.objects.get(action="application.terminate", object_id=str(pre_opening.pk))
    assert pre_opening.status == ApplicationStatus.TERMINATED
    assert "未予受理" in event.reason


def test_termination_under_the_current_rules_cites_the_housing_ministry_rules(approvals_world) -> None:
    ruleset_activate(ruleset=RuleSet.objects.get(code="current"), actor=None)
    _reason, basis = termination_text(_case(approvals_world))
    assert basis == ("《中华人民共和国消防法》第十三条、第十五条；"
                     "《建设工程消防设计审查验收管理暂行规定》(住房和城乡建设部令第51号)")


def test_case_page_says_the_pre_opening_track_waits_for_acceptance(client, approvals_world) -> None:
    case = _accepted_case(approvals_world)
    client.force_login(approvals_world["applicant"])
    page = client.get(case.get_absolute_url()).content.decode()
    assert "data-awaiting-acceptance" in page


def test_case_page_no_longer_waits_once_acceptance_is_approved(client, approvals_world) -> None:
    case = _accepted_case(approvals_world)
    _sign(approvals_world, case.acceptance, DecisionOutcome.APPROVE)
    client.force_login(approvals_world["applicant"])
    assert "data-awaiting-acceptance" not in client.get(case.get_absolute_url()).content.decode()


def test_worklist_row_of_the_pre_opening_track_says_it_waits_for_acceptance(approvals_world) -> None:
    case = _accepted_case(approvals_world)
    rows = {row.pk: row for row in worklist(approvals_world["approver"]).rows}
    assert rows[case.pre_opening_id].awaiting_acceptance
    assert not rows[case.acceptance_id].awaiting_acceptance


def test_worklist_page_shows_the_waiting_badge(client, approvals_world) -> None:
    case = _accepted_case(approvals_world)
    client.force_login(approvals_world["approver"])
    page = client.get(reverse("approvals:worklist")).content.decode()
    row = page[page.index(f'data-application="{case.pre_opening_id}"'):]
    assert "data-awaiting-acceptance" in row[:row.index("</tr>")]


# --- what the pre-opening track asks for -------------------------------------------------------

def test_parallel_pre_opening_track_does_not_ask_for_the_acceptance_document(approvals_world) -> None:
    case = _case(approvals_world)
    assert not case.pre_opening.required_items.filter(requirement__code="acceptance_document").exists()
    asked = {requirement.code for row in shared_requirements(case) for _track, requirement in row["tracks"]}
    assert "acceptance_document" not in asked


def test_single_pre_opening_filing_still_asks_for_the_acceptance_document(approvals_world) -> None:
    draft = make_draft(approvals_world, "pre_opening", upload=False)
    assert draft.required_items.filter(requirement__code="acceptance_document").exists()


def test_parallel_case_page_offers_submitting_with_missing_materials(client, approvals_world) -> None:
    case = _case(approvals_world)
    client.force_login(approvals_world["applicant"])
    assert 'name="allow_incomplete"' in client.get(case.get_absolute_url()).content.decode()


def test_parallel_submit_with_missing_materials_sends_both_tracks(client, approvals_world) -> None:
    case = _case(approvals_world)
    client.force_login(approvals_world["applicant"])
    client.post(reverse("approvals:parallel_submit", args=[case.pk]), {"allow_incomplete": "on", "confirmed": "1"})
    assert {a.status for a in ParallelCase.objects.get(pk=case.pk).tracks} == {ApplicationStatus.SUBMITTED}


# --- withdrawal is of the whole case -------------------------------------------------------------

def test_withdrawing_one_track_withdraws_the_whole_case_and_stops_both_clocks(approvals_world) -> None:
    from approvals.services.parallel_tracks import application_withdraw

    case = _accepted_case(approvals_world)
    application_withdraw(actor=approvals_world["applicant"], application=case.pre_opening, reason="暂不开业")
    case = ParallelCase.objects.get(pk=case.pk)
    assert {a.status for a in case.tracks} == {ApplicationStatus.WITHDRAWN}
    assert not Clock.objects.for_owner(case.acceptance).exclude(status=ClockStatus.STOPPED).exists()
    assert not Clock.objects.for_owner(case.pre_opening).exclude(status=ClockStatus.STOPPED).exists()
    assert case.closed_at is not None


def test_a_track_is_never_withdrawn_alone(approvals_world) -> None:
    from approvals.services.applications import application_withdraw

    case = _accepted_case(approvals_world)
    with pytest.raises(ValidationError, match="withdraw the whole case"):
        application_withdraw(actor=approvals_world["applicant"], application=case.pre_opening)
    assert Application.objects.get(pk=case.pre_opening_id).status == ApplicationStatus.ACCEPTED


def test_withdrawing_a_track_through_the_api_withdraws_the_whole_case(approvals_world) -> None:
    case = _accepted_case(approvals_world)
    response = client_for(approvals_world["applicant"]).post(url(case.acceptance, "withdraw"), {}, format="json")
    assert response.status_code == 200
    assert Application.objects.get(pk=case.pre_opening_id).status == ApplicationStatus.WITHDRAWN


def test_the_case_withdraw_form_says_both_tracks_are_withdrawn(client, approvals_world) -> None:
    case = _accepted_case(approvals_world)
    client.force_login(approvals_world["applicant"])
    response = client.get(case.pre_opening.get_absolute_url())
    page = response.content.decode()
    assert reverse("approvals:parallel_withdraw", args=[case.pk]) in page
    with translation.override(response["Content-Language"]):
        assert gettext("Withdraw the whole case") in page


def test_the_case_is_not_withdrawn_without_the_confirmation(client, approvals_world) -> None:
    case = _accepted_case(approvals_world)
    client.force_login(approvals_world["applicant"])
    client.post(reverse("approvals:parallel_withdraw", args=[case.pk]), {"reason": "x"})
    assert {a.status for a in ParallelCase.objects.get(pk=case.pk).tracks} == {ApplicationStatus.ACCEPTED}


# --- intake: every material checked, none in order without an upload --------------------------

def _submitted_without(world: dict[str, Any], code: str = "completion_report") -> Application:
    from approvals.services.applications import application_submit

    draft = make_draft(world, skip=(code,))
    return application_submit(actor=world["applicant"], application=draft, allow_incomplete=True)


def test_accepting_is_refused_while_a_mandatory_material_was_never_uploaded(approvals_world) -> None:
    application = _submitted_without(approvals_world)
    with pytest.raises(ValidationError, match="mandatory and not provided"):
        application_accept(actor=approvals_world["clerk"], application=application)


def test_intake_lines_read_the_upload_from_the_application_not_from_the_caller(approvals_world) -> None:
    application = _submitted_without(approvals_world)
    lines = {line.requirement_id: line for line in intake_lines(application=application, verdicts={})}
    missing = application.required_items.get(requirement__code="completion_report").requirement_id
    assert not lines[missing].uploaded


def test_a_material_left_unchecked_blocks_the_intake(approvals_world) -> None:
    application = _submitted_without(approvals_world, code="other")
    with pytest.raises(ValidationError, match="choose in order, faulty, missing or not applicable"):
        application_intake(actor=approvals_world["clerk"], application=application, action=NOTICE, verdicts={})


def test_api_intake_refuses_a_mandatory_material_in_order_without_an_upload(approvals_world) -> None:
    application = _submitted_without(approvals_world)
    materials = [{"requirement": item.requirement.code, "state": "ok"}
                 for item in application.required_items.select_related("requirement")]
    response = client_for(approvals_world["clerk"]).post(url(application, "intake"),
                                                         {"action": "accept", "materials": materials}, format="json")
    assert response.status_code == 400
    name = application.required_items.get(requirement__code="completion_report").requirement.name
    with translation.override(response["Content-Language"]):
        expected = gettext("%(name)s is mandatory and was not provided: mark it missing.") % {"name": name}
    assert expected in response.json()["detail"]
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_api_intake_issues_the_one_time_notice_with_its_supplement_date(approvals_world) -> None:
    application = _submitted_without(approvals_world)
    data = intake_form_data(application, "notice")
    materials = [{"requirement": item.requirement.code, "state": data[f"state_{item.requirement_id}"]}
                 for item in application.required_items.select_related("requirement")]
    response = client_for(approvals_world["clerk"]).post(url(application, "intake"),
                                                         {"action": "notice", "materials": materials}, format="json")
    assert response.status_code == 201, response.json()
    expected = workdays.add_workdays(timezone.localdate(), 10)
    assert response.json()["supplement_due"] == expected.isoformat()


def test_api_intake_is_refused_to_the_applicant(approvals_world) -> None:
    application = _submitted_without(approvals_world)
    response = client_for(approvals_world["applicant"]).post(url(application, "intake"), {"action": "accept"},
                                                             format="json")
    assert response.status_code == 403


def test_the_intake_page_starts_every_material_unchecked(client, approvals_world) -> None:
    from tests.approvals.conftest import make_submitted

    application = make_submitted(approvals_world)
    client.force_login(approvals_world["clerk"])
    page = client.get(reverse("approvals:intake", args=[application.pk])).content.decode()
    assert 'value="ok" selected' not in page
    assert page.count('<option value="" selected>') == application.required_items.count()


def test_the_intake_page_refuses_to_accept_without_every_material_checked(client, approvals_world) -> None:
    from tests.approvals.conftest import make_submitted

    application = make_submitted(approvals_world)
    client.force_login(approvals_world["clerk"])
    response = client.post(reverse("approvals:intake", args=[application.pk]), {"action": "accept"})
    assert response.status_code == 200
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_the_intake_page_previews_a_pdf_beside_its_row(client, approvals_world) -> None:
    from tests.approvals.conftest import make_submitted

    application = make_submitted(approvals_world)
    material = application.materials.first()
    client.force_login(approvals_world["clerk"])
    page = client.get(reverse("approvals:intake", args=[application.pk])).content.decode()
    assert f'<iframe src="{reverse("approvals:material_file", args=[material.pk])}?inline=1"' in page


def test_the_parallel_intake_page_previews_the_materials(client, approvals_world) -> None:
    case = _case(approvals_world)
    parallel_material_upload(actor=approvals_world["applicant"], case=case, code="business_licence", data=PDF,
                             filename="licence.pdf")
    parallel_case_submit(actor=approvals_world["applicant"], case=case, allow_incomplete=True)
    client.force_login(approvals_world["clerk"])
    page = client.get(reverse("approvals:parallel_intake", args=[case.pk])).content.decode()
    assert page.count("?inline=1") == 2  # the licence, on each track


def test_a_material_opens_inline_for_the_preview_framed_by_this_site_only(client, approvals_world) -> None:
    from tests.approvals.conftest import make_submitted

    material = make_submitted(approvals_world).materials.first()
    client.force_login(approvals_world["clerk"])
    response = client.get(reverse("approvals:material_file", args=[material.pk]) + "?inline=1")
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_the_one_time_notice_states_the_supplement_date_in_working_days(approvals_world) -> None:
    application = _submitted_without(approvals_world)
    verdicts = {line.requirement_id: Verdict("ok" if line.uploaded else "missing" if line.mandatory else "na")
                for line in intake_lines(application=application, verdicts={})}
    notice = application_intake(actor=approvals_world["clerk"], application=application, action=NOTICE,
                                verdicts=verdicts)
    assert notice.supplement_due == workdays.add_workdays(timezone.localdate(notice.issued_at), 10)


def test_the_one_time_notice_document_prints_the_supplement_date(approvals_world) -> None:
    from django.template.loader import render_to_string

    from approvals.views.public import _notice_context

    application = _submitted_without(approvals_world)
    verdicts = {line.requirement_id: Verdict("ok" if line.uploaded else "missing" if line.mandatory else "na")
                for line in intake_lines(application=application, verdicts={})}
    notice = application_intake(actor=approvals_world["clerk"], application=application, action=NOTICE,
                                verdicts=verdicts)
    html = render_to_string("documents/notice_deficiency.html", _notice_context(notice))
    due = notice.supplement_due
    assert f"于<strong data-supplement-due>{due.year}年{due.month}月{due.day}日</strong>前" in html
