"""A merged one-time notice on one track of a parallel case: the complete track is accepted at once
(行政许可法 §32: complete materials are accepted), so no intake clock keeps running while the case waits
for the applicant, and the case page names each date for what it is."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from approvals.enums import ApplicationStatus, NoticeKind
from approvals.models import IntakeNotice, ParallelCase
from approvals.selectors.parallel import case_due
from approvals.services.applications import INTAKE_RULE
from approvals.services.parallel import merged_acceptances, merged_deficiency_notices
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from tests.approvals.factories import intake_form_data, parallel_case_filed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _notice_on_pre_opening_only(client: Any, world: dict[str, Any], case: ParallelCase) -> Any:
    """The clerk marks every acceptance material in order and one pre-opening material missing."""
    requirement = case.pre_opening.required_items.get(requirement__code="safety_rules").requirement
    data = {"action": "notice"}
    data.update(intake_form_data(case.acceptance, "notice", prefix=True))
    data.update(intake_form_data(case.pre_opening, "notice", prefix=True, rows={
        requirement.pk: {"state": "missing", "problem": "缺少消防安全制度"}}))
    client.force_login(world["clerk"])
    response = client.post(reverse("approvals:parallel_intake", args=[case.pk]), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return ParallelCase.objects.get(pk=case.pk)


def test_merged_notice_accepts_the_track_whose_materials_are_complete(client, approvals_world):
    case = _notice_on_pre_opening_only(client, approvals_world, parallel_case_filed(approvals_world))
    assert case.acceptance.status == ApplicationStatus.ACCEPTED
    assert case.pre_opening.status == ApplicationStatus.DEFICIENT


def test_merged_notice_leaves_no_intake_clock_running_on_the_complete_track(client, approvals_world):
    case = _notice_on_pre_opening_only(client, approvals_world, parallel_case_filed(approvals_world))
    running = Clock.objects.for_owner(case.acceptance).exclude(status=ClockStatus.STOPPED)
    assert [clock.rule.code for clock in running] == [case.acceptance.matter.rule_code]
    assert not Clock.objects.for_owner(case.acceptance).filter(rule__code=INTAKE_RULE).exclude(
        status=ClockStatus.STOPPED).exists()


def test_merged_notice_issues_the_acceptance_notice_of_the_complete_track_with_it(client, approvals_world):
    case = _notice_on_pre_opening_only(client, approvals_world, parallel_case_filed(approvals_world))
    notices = merged_deficiency_notices(case)
    assert [n.application_id for n in merged_acceptances(case, notices)] == [case.acceptance.pk]
    assert IntakeNotice.objects.filter(application=case.acceptance, kind=NoticeKind.ACCEPTANCE).count() == 1


def test_merged_notice_pdf_names_the_accepted_track_and_not_both_continuing(client, approvals_world, monkeypatch):
    case = _notice_on_pre_opening_only(client, approvals_world, parallel_case_filed(approvals_world))
    rendered: dict[str, Any] = {}
    monkeypatch.setattr("approvals.views.parallel.render_pdf",
                        lambda template, context: rendered.update(context) or b"%PDF-1.4")
    client.force_login(approvals_world["applicant"])
    response = client.get(reverse("approvals:parallel_notice_pdf", args=[case.pk]))
    assert response.status_code == 200
    text = render_to_string("approvals/documents/merged_notice.html", rendered)
    acceptance_notice = IntakeNotice.objects.get(application=case.acceptance, kind=NoticeKind.ACCEPTANCE)
    assert acceptance_notice.number in text
    assert "两项申请将继续并联办理" not in text


def test_case_page_names_an_intake_date_as_the_intake_deadline(client, approvals_world):
    # given a submitted case: both tracks' dates are the window's intake deadline, not a decision date
    case = parallel_case_filed(approvals_world)
    client.force_login(approvals_world["applicant"])
    response = client.get(case.get_absolute_url())
    html = response.content.decode()
    assert "data-case-due=" not in html
    assert f'data-case-intake-due>{case.acceptance.due_date:%Y-%m-%d}' in html
    assert 'data-due-kind="intake"' in html and 'data-due-kind="decision"' not in html


def test_my_applications_names_an_intake_date_as_the_intake_deadline(client, approvals_world):
    case = parallel_case_filed(approvals_world)
    client.force_login(approvals_world["applicant"])
    response = client.get(reverse("approvals:my_applications"))
    rows = [row for row in response.context["parallel_cases"] if row.pk == case.pk]
    assert [(row.due.kind, row.due.date) for row in rows] == [("intake", case.acceptance.due_date)]


def test_case_due_has_no_decision_date_while_a_track_waits_for_its_supplement():
    due = case_due([(ApplicationStatus.ACCEPTED, date(2027, 1, 12)), (ApplicationStatus.DEFICIENT, None)])
    assert (due.kind, due.date) == ("", None)


def test_case_page_shows_no_case_due_date_after_a_notice_on_one_track(client, approvals_world):
    case = _notice_on_pre_opening_only(client, approvals_world, parallel_case_filed(approvals_world))
    response = client.get(case.get_absolute_url())
    html = response.content.decode()
    assert "data-case-due>" not in html and "data-case-no-due" in html
    assert 'data-due-kind="decision"' in html


def test_merged_notice_refuses_a_shared_paper_in_order_on_one_track_and_faulty_on_the_other(client, approvals_world):
    # given the business licence, one paper for both tracks, marked faulty on one track only
    case = parallel_case_filed(approvals_world)
    licence = case.pre_opening.required_items.get(requirement__code="business_licence").requirement
    data = {"action": "notice"}
    data.update(intake_form_data(case.acceptance, "notice", prefix=True))
    data.update(intake_form_data(case.pre_opening, "notice", prefix=True, rows={
        licence.pk: {"state": "faulty", "problem": "已过期"}}))
    client.force_login(approvals_world["clerk"])
    # when the clerk issues the notice
    response = client.post(reverse("approvals:parallel_intake", args=[case.pk]), data)
    # then it is refused and neither track moves (the acceptance track is not accepted on that paper)
    assert response.status_code == 200 and response.context["errors"]
    assert {a.status for a in ParallelCase.objects.get(pk=case.pk).tracks} == {ApplicationStatus.SUBMITTED}
