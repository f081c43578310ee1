"""The words the Chinese pages showed wrong (issue 21 §7): each meaning of one English word has its own text."""

from __future__ import annotations

import pytest
from django.utils import translation

from enterprises.enums import SuggestionStatus
from enterprises.forms.forums import ForumForm
from feedback.enums import VisitStatus as ReturnVisitStatus
from feedback.forms.board import BoardForm
from feedback.hazard_reports.enums import ReportStatus


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
    assert (translation.gettext("From"), translation.gettext("To")) == ("原状态", "新状态")  # the audit log's


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
