"""The words the Chinese pages showed wrong (issue 21 §7): each meaning of one English word has its own text."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from enterprises.enums import AccountStatus, SuggestionStatus
from enterprises.forms.forums import ForumForm
from feedback.enums import VisitStatus as ReturnVisitStatus
from feedback.forms.board import BoardForm
from feedback.hazard_reports.enums import ReportStatus
from feedback.hazard_reports.models import HazardReport
from feedback.hazard_reports.services.reports import hazard_report_submit
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.factories import EnterpriseFactory, enterprise_user, staff, unit_chain


@pytest.fixture(autouse=True)
def _chinese():  # type: ignore[no-untyped-def]
    with translation.override("zh-hans"):
        yield


def test_a_new_report_and_a_new_suggestion_are_received_not_a_date() -> None:
    assert str(ReportStatus.NEW.label) == str(SuggestionStatus.SUBMITTED.label) == "已接收"
    assert translation.gettext("Received") == "受理时间"  # the date column keeps its label


def test_a_return_visit_due_is_a_status_not_a_deadline() -> None:
    assert str(ReturnVisitStatus.DUE.label) == "待回访"


def test_the_boards_period_is_from_and_to_dates_not_old_and_new_status() -> None:
    form = BoardForm()
    assert (str(form.fields["start"].label), str(form.fields["end"].label)) == ("开始日期", "结束日期")
    assert (translation.gettext("from"), translation.gettext("to")) == ("原状态", "新状态")  # the audit log's


def test_the_satisfaction_figures_period_is_from_and_to_dates_not_old_and_new_status() -> None:
    from firesvc.reviews.views import PeriodForm

    form = PeriodForm()
    assert (str(form.fields["start"].label), str(form.fields["end"].label)) == ("开始日期", "结束日期")


def test_the_satisfaction_figures_page_labels_its_dates(client, db) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.SUPERVISOR, unit_chain("f")["detachment"]))
    page = client.get(reverse("reviews:figures")).content.decode()
    assert 'for="id_start">开始日期</label>' in page and 'for="id_end">结束日期</label>' in page


def test_the_three_ones_period_is_from_and_to_dates_not_old_and_new_status() -> None:
    from approvals.forms.three_ones import ThreeOnesPeriodForm

    form = ThreeOnesPeriodForm()
    assert (str(form.fields["start"].label), str(form.fields["end"].label)) == ("开始日期", "结束日期")


def test_a_forums_topic_is_not_a_training_topic() -> None:
    assert str(ForumForm.base_fields["topic"].label) == "座谈主题"
    assert translation.gettext("Topic") == "培训内容"


def test_a_declined_suggestion_is_not_a_declined_training_request() -> None:
    assert str(SuggestionStatus.DECLINED.label) == "不予采纳"


def test_the_language_menu_names_each_language_in_itself(client, db) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/").content.decode()
    assert ">English</option>" in page
    assert ">简体中文</option>" in page
    assert "英语" not in page


def _button(page: str, form_marker: str) -> str:
    """The text of the submit button of the form marked ``form_marker``."""
    form = page[page.index(form_marker):]
    return re.search(r'<button type="submit"[^>]*>([^<]*)</button>', form).group(1)  # type: ignore[union-attr]


@pytest.mark.django_db
def test_the_public_document_check_verifies_a_paper_it_does_not_approve(client) -> None:
    page = client.get(reverse("approvals:verify")).content.decode()
    assert _button(page, "data-verify-form") == "核验"


@pytest.mark.django_db
def test_the_public_pre_check_button_is_a_self_check_not_an_official_review(client) -> None:
    page = client.get(reverse("approvals:precheck")).content.decode()
    assert _button(page, "data-precheck-form") == "自助预检"


@pytest.mark.django_db
def test_the_account_review_still_approves_an_account(client, tree) -> None:  # type: ignore[no-untyped-def]
    enterprise_user(EnterpriseFactory(brigade=tree["a"]["brigade"]), status=AccountStatus.PENDING)
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    page = client.get(reverse("enterprises:account_queue")).content.decode()
    assert '<button class="btn btn-success btn-sm">通过</button>' in page


def test_a_checked_hazard_report_is_checked_not_an_approved_account() -> None:
    assert str(ReportStatus.VERIFIED.label) == "已核查"
    assert str(AccountStatus.VERIFIED.label) == "已审核"


@pytest.mark.django_db
def test_the_tracking_and_staff_pages_of_a_checked_report_say_checked(client, tree) -> None:  # type: ignore[no-untyped-def]
    load_rule_sets()
    place = tree["a"]
    report = hazard_report_submit(category="other", subdistrict=place["subdistrict"], community=place["community"],
                                  grid=place["grid"], address="友谊街12号", description="门口堆放杂物")
    HazardReport.objects.filter(pk=report.pk).update(status=ReportStatus.VERIFIED)
    tracking = client.get(report.get_tracking_url()).content.decode()
    client.force_login(staff(Role.DUTY_OFFICER, place["subdistrict"]))
    staff_page = client.get(report.get_absolute_url()).content.decode()
    assert "<span data-status>已核查</span>" in tracking
    assert "<span data-status>已核查</span>" in staff_page
