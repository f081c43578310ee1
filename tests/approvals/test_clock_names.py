"""An applicant's or clerk's screens name a case's own time limit its 审批期限 (the approval time limit, as the
time-limit notices word it), never by the matter ("公众聚集场所投入使用、营业前消防安全检查") nor by the rule set's
internal name of the rule ("营业前消防安全检查(检查)")."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from approvals.models import Application, Matter
from approvals.selectors.filing import clock_step_name, limit_ends_label
from approvals.services.clocks import track_pause, track_resume
from approvals.services.intake import application_accept
from approvals.services.parallel import (
    parallel_case_accept,
    parallel_case_create,
    parallel_case_submit,
    parallel_material_upload,
    shared_requirements,
)
from firesvc.sla.models import TimeLimitRule
from firesvc.sla.services import active_rule
from tests.approvals.conftest import PDF, PROJECT, make_submitted

pytestmark = pytest.mark.django_db

RULE_NAME = "营业前消防安全检查(检查)"


def _accepted(world: dict[str, Any]) -> Application:
    application = make_submitted(world, "pre_opening")
    application_accept(actor=world["clerk"], application=application)
    return application


def _clock_titles(client, user, application: Application) -> list[str]:  # type: ignore[no-untyped-def]
    client.force_login(user)
    page = client.get(reverse("approvals:application", args=[application.pk])).content.decode()
    return [part.split("</strong>", 1)[0] for part in page.split("<strong data-clock-title>")[1:]]


@pytest.mark.parametrize("who", ["applicant", "clerk"])
def test_the_case_page_names_the_matters_time_limit_the_approval_time_limit(client, approvals_world, english,
                                                                             who) -> None:
    application = _accepted(approvals_world)
    assert active_rule("pre_opening.inspect").name == RULE_NAME
    titles = _clock_titles(client, approvals_world[who], application)
    assert "Approval time limit" in titles
    assert application.matter.name not in titles and RULE_NAME not in titles


def test_the_parallel_case_page_names_each_tracks_time_limit_the_approval_time_limit(client, approvals_world,
                                                                                      english) -> None:
    world = approvals_world
    case = parallel_case_create(actor=world["applicant"], enterprise=world["enterprise"], **PROJECT)
    for row in shared_requirements(case):
        if row["mandatory"]:
            parallel_material_upload(actor=world["applicant"], case=case, code=row["code"], data=PDF,
                                     filename=f"{row['code']}.pdf")
    parallel_case_submit(actor=world["applicant"], case=case)
    parallel_case_accept(actor=world["clerk"], case=case)
    client.force_login(world["applicant"])
    page = client.get(case.get_absolute_url()).content.decode()
    titles = [part.split("</strong>", 1)[0] for part in page.split("<strong data-clock-title>")[1:]]
    assert titles.count("Approval time limit") == 2
    assert Matter.objects.get(code="acceptance").name not in titles
    assert active_rule("acceptance.decide").name not in titles


def _accepted_parallel_case(world: dict[str, Any]) -> Any:
    case = parallel_case_create(actor=world["applicant"], enterprise=world["enterprise"], **PROJECT)
    for row in shared_requirements(case):
        if row["mandatory"]:
            parallel_material_upload(actor=world["applicant"], case=case, code=row["code"], data=PDF,
                                     filename=f"{row['code']}.pdf")
    parallel_case_submit(actor=world["applicant"], case=case)
    parallel_case_accept(actor=world["clerk"], case=case)
    return case


def test_the_parallel_case_page_dates_each_tracks_end_by_its_approval_time_limit(client, approvals_world,
                                                                                 english) -> None:
    case = _accepted_parallel_case(approvals_world)
    client.force_login(approvals_world["approver"])
    page = client.get(case.get_absolute_url()).content.decode()
    # The pre-opening track prints no date while its clock waits for the acceptance (test_parallel_waiting_clock).
    track = Application.objects.get(pk=case.acceptance_id)
    assert f"Approval time limit ends on <strong data-due-date>{track.due_date:%Y-%m-%d}</strong>" in page
    assert "decision due by" not in page


def test_the_time_limit_forms_date_the_end_by_the_approval_time_limit(client, approvals_world, english) -> None:
    application = Application.objects.get(pk=_accepted(approvals_world).pk)
    client.force_login(approvals_world["approver"])
    page = client.get(reverse("approvals:track_pause", args=[application.pk])).content.decode()
    assert f"Approval time limit ends on <strong data-due-date>{application.due_date:%Y-%m-%d}</strong>" in page
    assert "decision due by" not in page


def test_the_acceptance_notice_line_dates_the_end_by_the_approval_time_limit(client, approvals_world,
                                                                             english) -> None:
    application = _accepted(approvals_world)
    notice = application.notices.get()
    client.force_login(approvals_world["clerk"])
    page = client.get(reverse("approvals:application", args=[application.pk])).content.decode()
    assert f"Approval time limit ends on <strong data-due-date>{notice.due_date:%Y-%m-%d}</strong>" in page
    assert "decision due by" not in page


def test_the_time_limit_notice_line_dates_the_end_by_the_approval_time_limit(client, approvals_world,
                                                                             english) -> None:
    application = Application.objects.get(pk=_accepted(approvals_world).pk)
    track_pause(actor=approvals_world["approver"], application=application, reason="supplement", note="补正",
                expected_until=timezone.localdate() + timedelta(days=10))
    notice = track_resume(actor=approvals_world["approver"], application=application)
    client.force_login(approvals_world["approver"])
    page = client.get(reverse("approvals:application", args=[application.pk])).content.decode()
    line = page.split('data-clock-notice="resume">', 1)[1].split("</li>", 1)[0]
    assert f"Approval time limit ends on <strong data-due-date>{notice.due_date:%Y-%m-%d}</strong>" in line


def test_a_completion_filings_end_is_dated_by_its_spot_check_time_limit(english) -> None:
    matter = Matter(code="completion_filing", name="建设工程竣工验收消防备案", rule_code="filing.spot_check")
    assert limit_ends_label(matter) == "Spot check time limit ends on"


def test_the_windows_intake_limit_keeps_its_own_name(client, approvals_world) -> None:
    application = _accepted(approvals_world)
    assert active_rule("intake.deficiency_notice").name in _clock_titles(client, approvals_world["applicant"],
                                                                         application)


def test_the_matters_own_clock_is_named_the_approval_time_limit(english) -> None:
    matter = Matter(code="pre_opening", name="公众聚集场所投入使用、营业前消防安全检查",
                    rule_code="pre_opening.inspect")
    clock = type("Clock", (), {"rule": TimeLimitRule(code="pre_opening.inspect", name=RULE_NAME)})()
    assert clock_step_name(clock, matter) == "Approval time limit"


def test_a_completion_filings_clock_is_named_the_spot_check_time_limit(english) -> None:
    # a filing is not an approval: its own clock is the spot check's
    matter = Matter(code="completion_filing", name="建设工程竣工验收消防备案", rule_code="filing.spot_check")
    clock = type("Clock", (), {"rule": TimeLimitRule(code="filing.spot_check", name="竣工验收消防备案抽查")})()
    assert clock_step_name(clock, matter) == "Spot check time limit"


def test_a_clock_of_another_rule_than_the_matters_keeps_the_rules_name() -> None:
    matter = Matter(name="公众聚集场所投入使用、营业前消防安全检查", rule_code="pre_opening.inspect")
    clock = type("Clock", (), {"rule": TimeLimitRule(code="intake.deficiency_notice", name="窗口受理审查期限")})()
    assert clock_step_name(clock, matter) == "窗口受理审查期限"


def test_the_api_names_the_matters_time_limit_the_approval_time_limit(approvals_world, english) -> None:
    application = _accepted(approvals_world)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=approvals_world['applicant'])[0]}")
    steps = {c["rule"]: c["step"] for c in api.get(f"/api/v1/applications/{application.pk}/").json()["clocks"]}
    assert steps["pre_opening.inspect"] == "Approval time limit"


def test_the_service_guide_does_not_name_the_rule(client, approvals_world) -> None:
    page = client.get(reverse("approvals:guide", args=["pre_opening"])).content.decode()
    limit = page.split("data-time-limit>", 1)[1].split("</dd>", 1)[0]
    assert "10" in limit and RULE_NAME not in limit


def test_the_printed_service_guide_does_not_name_the_rule(approvals_world) -> None:
    matter = Matter.objects.get(code="pre_opening")
    html = render_to_string("documents/service_guide.html", {"matter": matter, "rule": active_rule(matter.rule_code)})
    assert "受理之日起计算" in html and RULE_NAME not in html
