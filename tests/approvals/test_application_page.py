"""The application page (the clerk's case page, the enterprise's status page): what it shows, and its queries."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.models import Application, MaterialRequirement, ParallelCase
from approvals.models_review import Decision, Review
from approvals.selectors import filing as selectors
from approvals.selectors.parallel import parallel_cases_of
from approvals.services.applications import NoticeItem
from approvals.services.clocks import track_pause, track_resume
from approvals.services.intake import application_accept, application_issue_deficiency_notice
from approvals.services.parallel import parallel_case_create
from approvals.services.technical_review import review_assign
from firesvc.sla.selectors import clocks_for_owner
from tests.approvals.conftest import (
    ACCOUNT_HOLDERS,
    PROJECT,
    account_holder,
    make_draft,
    make_submitted,
    schedule_inspection,
)

pytestmark = pytest.mark.django_db


def _page(client: Any, user: Any, application: Application) -> str:
    client.force_login(user)
    response = client.get(reverse("approvals:application", args=[application.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _under_review(world: dict[str, Any]) -> Application:
    """An accepted case with a reviewer, a site inspection and a paused clock (a time-limit notice)."""
    application = make_submitted(world)
    application_accept(actor=world["clerk"], application=application)
    application = Application.objects.get(pk=application.pk)
    review_assign(actor=world["approver"], application=application, reviewer=world["reviewer"])
    schedule_inspection(world["reviewer"], application, days=3)
    track_pause(actor=world["reviewer"], application=application, reason="expert_review", note="专家评审")
    return Application.objects.get(pk=application.pk)


def _first_mandatory(matter_code: str = "acceptance") -> MaterialRequirement:
    return MaterialRequirement.objects.filter(matter__code=matter_code, is_mandatory=True).order_by("order").first()


def test_a_draft_page_lists_the_mandatory_materials_still_missing(client, approvals_world) -> None:
    skipped = _first_mandatory()
    draft = make_draft(approvals_world, skip=(skipped.code,))
    html = _page(client, approvals_world["applicant"], draft)
    missing = re.search(r'<div class="alert alert-warning small" data-missing>(.*?)</div>', html, re.S)
    assert missing is not None
    assert skipped.name in missing.group(1)
    uploaded = draft.required_items.exclude(requirement=skipped).filter(requirement__is_mandatory=True).first()
    assert uploaded.requirement.name not in missing.group(1)


def test_after_a_one_time_notice_only_the_listed_materials_can_be_uploaded_again(client, approvals_world) -> None:
    application = make_submitted(approvals_world)
    listed, other = [item.requirement for item in application.required_items.select_related("requirement")[:2]]
    item = NoticeItem(requirement_id=listed.pk, problem="扫描不清", fix="重新扫描")
    application_issue_deficiency_notice(actor=approvals_world["clerk"], application=application, items=[item])
    html = _page(client, approvals_world["applicant"], application)
    assert reverse("approvals:upload", args=[application.pk, listed.pk]) in html
    assert reverse("approvals:upload", args=[application.pk, other.pk]) not in html
    assert "扫描不清 — 重新扫描" in html


def test_each_track_of_a_parallel_case_links_to_the_case(client, approvals_world) -> None:
    case = parallel_case_create(actor=approvals_world["applicant"], enterprise=approvals_world["enterprise"], **PROJECT)
    for track in (case.acceptance, case.pre_opening):
        html = _page(client, approvals_world["applicant"], track)
        assert f'<a href="{case.get_absolute_url()}">' in html
        assert case.number in html


def test_an_application_outside_a_parallel_case_links_to_none(client, approvals_world) -> None:
    parallel_case_create(actor=approvals_world["applicant"], enterprise=approvals_world["enterprise"], **PROJECT)
    html = _page(client, approvals_world["applicant"], make_draft(approvals_world))
    assert reverse("approvals:parallel_case", args=[ParallelCase.objects.get().pk]) not in html


def test_the_case_page_shows_the_reviewer_inspection_and_time_limit_notice_to_staff(client, approvals_world) -> None:
    application = _under_review(approvals_world)
    html = _page(client, approvals_world["approver"], application)
    reviewer = approvals_world["reviewer"]
    assert f"data-reviewer>{reviewer.get_full_name() or reviewer.username}</strong>" in html
    assert f'data-inspection="{application.inspections.get().pk}"' in html
    assert 'data-clock-notice="pause"' in html
    assert 'class="sla-clock' in html


def test_the_case_page_uses_a_constant_number_of_queries(client, approvals_world) -> None:
    application = _under_review(approvals_world)
    client.force_login(approvals_world["approver"])
    url = reverse("approvals:application", args=[application.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    schedule_inspection(approvals_world["reviewer"], application, days=4)
    track_resume(actor=approvals_world["reviewer"], application=application)
    track_pause(actor=approvals_world["reviewer"], application=application, reason="testing", note="检测")
    client.get(url)  # warm again: the writes may have dropped cached entries, which is not what is measured
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few), "\n".join(q["sql"][:200] for q in many.captured_queries)


def test_a_fresh_draft_page_looks_up_no_notices_clocks_or_review(client, approvals_world) -> None:
    draft = make_draft(approvals_world, upload=False)
    client.force_login(approvals_world["applicant"])
    url = reverse("approvals:application", args=[draft.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # the case's own query asks which lists have rows (EXISTS); no other query reads them
    looked_up = " ".join(q["sql"] for q in queries.captured_queries if 'AS "has_notices"' not in q["sql"])
    for table in ("approvals_intakenotice", "sla_clock", "approvals_review", "approvals_siteinspection",
                  "approvals_clocknotice", "approvals_applicationmaterial"):
        assert f'FROM "{table}"' not in looked_up


def test_the_probe_of_related_rows_agrees_with_the_database(approvals_world) -> None:
    viewer = approvals_world["applicant"]  # staff do not see the enterprise's own drafts, its users do
    case = parallel_case_create(actor=approvals_world["applicant"], enterprise=approvals_world["enterprise"], **PROJECT)
    for application in (make_draft(approvals_world, upload=False), make_submitted(approvals_world),
                        _under_review(approvals_world), case.acceptance, case.pre_opening):
        expected = {
            "review": hasattr(application, "review"), "decision": hasattr(application, "decision"),
            "parallel_case": ParallelCase.objects.filter(Q(acceptance=application) | Q(pre_opening=application))
            .exists(),
            "notices": application.notices.exists(), "required_items": application.required_items.exists(),
            "materials": application.materials.exists(), "clocks": clocks_for_owner(application).exists(),
            "inspections": application.inspections.exists(), "clock_notices": application.clock_notices.exists(),
        }
        _case, present = selectors.application_for_page(viewer, application.pk)
        assert present == expected


def test_the_case_rows_are_the_applications_own(approvals_world) -> None:
    viewer = approvals_world["applicant"]  # staff do not see the enterprise's own drafts, its users do
    case = parallel_case_create(actor=approvals_world["applicant"], enterprise=approvals_world["enterprise"], **PROJECT)
    for application in (make_draft(approvals_world, upload=False), _under_review(approvals_world), case.acceptance,
                        case.pre_opening):
        found, present = selectors.application_for_page(viewer, application.pk)
        rows = selectors.case_rows(found, present)
        assert (getattr(rows.review, "pk", None), getattr(rows.decision, "pk", None),
                getattr(rows.parallel_case, "pk", None)) == (
            Review.objects.filter(application=application).values_list("pk", flat=True).first(),
            Decision.objects.filter(application=application).values_list("pk", flat=True).first(),
            ParallelCase.objects.filter(Q(acceptance=application) | Q(pre_opening=application))
            .values_list("pk", flat=True).first())


def test_the_case_query_joins_only_what_it_prints_from(client, approvals_world) -> None:
    application = _under_review(approvals_world)
    client.force_login(approvals_world["approver"])
    url = reverse("approvals:application", args=[application.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    case_sql = next(q["sql"] for q in queries.captured_queries if 'AS "has_notices"' in q["sql"])
    # PostgreSQL plans a join of every one-to-one row in milliseconds: the case query joins three tables
    assert case_sql.count(" JOIN ") == 3


@pytest.mark.parametrize("who", ACCOUNT_HOLDERS)
def test_my_applications_scope_with_the_account_in_hand_is_visible_to(approvals_world, who) -> None:
    from enterprises.models import EnterpriseAccount

    make_draft(approvals_world, upload=False)
    parallel_case_create(actor=approvals_world["applicant"], enterprise=approvals_world["enterprise"], **PROJECT)
    user = account_holder(approvals_world, who, staff_enterprise="other_enterprise")
    account = EnterpriseAccount.objects.get(user=user)
    expected = list(Application.objects.visible_to(user).order_by("-created_at", "-pk").values_list("pk", flat=True))
    assert [row.pk for row in selectors.applications_of(user, account=account).rows] == expected
    assert [row.pk for row in parallel_cases_of(user, account=account)] == list(
        ParallelCase.objects.visible_to(user).values_list("pk", flat=True))


def test_a_step_clock_stopped_by_acceptance_reads_as_that_step_completed(client, approvals_world) -> None:
    application = make_submitted(approvals_world)
    application_accept(actor=approvals_world["clerk"], application=application)
    client.force_login(approvals_world["applicant"])
    page = client.get(reverse("approvals:application", args=[application.pk])).content.decode()
    assert "本环节已完成" in page and "已办结" not in page


def test_a_clock_stopped_by_withdrawal_reads_as_withdrawn(client, approvals_world) -> None:
    from approvals.services.applications import application_withdraw

    application = make_submitted(approvals_world)
    application_withdraw(actor=approvals_world["applicant"], application=application, reason="")
    client.force_login(approvals_world["applicant"])
    page = client.get(reverse("approvals:application", args=[application.pk])).content.decode()
    assert "申请已撤回，停止计时" in page and "本环节已完成" not in page


def test_my_applications_marks_a_case_whose_time_limit_has_run_out(client, approvals_world) -> None:
    import time_machine

    overdue = make_submitted(approvals_world)
    on_time = make_submitted(approvals_world)
    Application.objects.filter(pk=on_time.pk).update(due_at=overdue.due_at + timedelta(days=30))
    client.force_login(approvals_world["applicant"])
    with time_machine.travel(overdue.due_at + timedelta(hours=1), tick=False):
        html = client.get(reverse("approvals:my_applications")).content.decode()
    rows = {pk: html[html.index(f'href="/approvals/{pk}/"'):] for pk in (overdue.pk, on_time.pk)}
    assert "data-overdue" in rows[overdue.pk].split("</tr>")[0]
    assert "data-overdue" not in rows[on_time.pk].split("</tr>")[0]
