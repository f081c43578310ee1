"""Scheduling a site inspection (现场检查/评定): two officers on site, never in the past, a rest day only when
confirmed; the names of the inspectors on the case page and the record page."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.formats import date_format

from approvals.models import Application, ChecklistItem, SiteInspection
from approvals.services.intake import application_accept
from approvals.services.technical_review import (
    ChecklistResult,
    check_inspection_date,
    inspection_record,
    inspection_schedule,
    review_assign,
)
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.workdays import WorkdayCalendar
from tests.approvals.conftest import make_submitted
from tests.factories import staff

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 12, 7)
SATURDAY = date(2026, 12, 12)
NEXT_MONDAY = date(2026, 12, 14)
TUESDAY = date(2026, 12, 8)
# A calendar of plain data: 国庆节 on Thursday 1 and Friday 2 October, a make-up working Saturday on the 10th.
CALENDAR = WorkdayCalendar(holidays={date(2026, 10, 1): "国庆节", date(2026, 10, 2): "国庆节"},
                           workdays={date(2026, 10, 10): "国庆节调休"}, covered_years=[2026])


@pytest.fixture(autouse=True)
def _english(english):  # type: ignore[no-untyped-def]
    """Messages are matched in English (tests/approvals/conftest.py)."""


@pytest.fixture
def monday():  # type: ignore[no-untyped-def]
    """Today is Monday 7 December 2026, a working day, in the morning in China."""
    with time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


@pytest.fixture
def assigned(approvals_world: dict[str, Any], monday: None) -> Application:
    """An accepted case of the world's brigade, assigned to the world's reviewer."""
    application = make_submitted(approvals_world)
    application_accept(actor=approvals_world["clerk"], application=application)
    application = Application.objects.get(pk=application.pk)
    review_assign(actor=approvals_world["approver"], application=application, reviewer=approvals_world["reviewer"])
    return application


def _schedule(world: dict[str, Any], application: Application, *, on: date = TUESDAY, inspectors: Any = None,
              confirmed: bool = False) -> SiteInspection:
    return inspection_schedule(actor=world["reviewer"], application=application, on=on,
                               inspectors=[world["approver"]] if inspectors is None else inspectors,
                               rest_day_confirmed=confirmed)


# --- the date rule, on plain values -------------------------------------------------------------

def test_a_date_in_the_past_is_refused():
    with pytest.raises(ValidationError, match="cannot be in the past"):
        check_inspection_date(date(2026, 9, 30), today=date(2026, 10, 8), cal=CALENDAR, rest_day_confirmed=True)


def test_a_working_day_needs_no_confirmation():
    assert check_inspection_date(date(2026, 9, 30), today=date(2026, 9, 28), cal=CALENDAR,
                                 rest_day_confirmed=False) is None


def test_a_weekend_unconfirmed_is_refused_with_the_next_working_day():
    with pytest.raises(ValidationError, match=r"Oct\. 12, 2026") as refusal:
        check_inspection_date(date(2026, 10, 11), today=date(2026, 9, 28), cal=CALENDAR, rest_day_confirmed=False)
    assert list(refusal.value.error_dict) == ["confirm_rest_day"]


def test_a_statutory_holiday_on_a_weekday_is_named_in_the_warning():
    with pytest.raises(ValidationError, match=r"国庆节.*Oct\. 5, 2026"):
        check_inspection_date(date(2026, 10, 1), today=date(2026, 9, 28), cal=CALENDAR, rest_day_confirmed=False)


def test_a_make_up_working_saturday_is_a_working_day():
    assert check_inspection_date(date(2026, 10, 10), today=date(2026, 9, 28), cal=CALENDAR,
                                 rest_day_confirmed=False) is None


def test_a_confirmed_rest_day_is_accepted_and_named():
    rest = check_inspection_date(date(2026, 10, 2), today=date(2026, 9, 28), cal=CALENDAR, rest_day_confirmed=True)
    assert rest is not None and rest.name == "国庆节"


# --- two officers on site -----------------------------------------------------------------------

def test_the_reviewer_alone_is_refused(approvals_world, assigned):
    with pytest.raises(ValidationError, match="at least two law-enforcement officers"):
        _schedule(approvals_world, assigned, inspectors=[approvals_world["reviewer"]])
    assert not assigned.inspections.exists()


def test_the_reviewer_goes_even_when_not_named(approvals_world, assigned):
    inspection = _schedule(approvals_world, assigned, inspectors=[approvals_world["approver"]])
    assert set(inspection.inspectors.all()) == {approvals_world["reviewer"], approvals_world["approver"]}


def test_a_window_clerk_cannot_be_the_second_inspector(approvals_world, assigned):
    with pytest.raises(ValidationError, match="cannot inspect for this unit"):
        _schedule(approvals_world, assigned, inspectors=[approvals_world["clerk"]])


def test_a_reviewer_of_another_brigade_cannot_be_the_second_inspector(approvals_world, assigned, tree):
    with pytest.raises(ValidationError, match="cannot inspect for this unit"):
        _schedule(approvals_world, assigned, inspectors=[staff(Role.REVIEWER, tree["b"]["brigade"])])


def test_the_schedule_audit_names_the_team(approvals_world, assigned):
    _schedule(approvals_world, assigned)
    event = AuditEvent.objects.get(object_id=str(assigned.pk), action="inspection.schedule")
    assert event.data["inspector_names"] == [approvals_world["reviewer"].display_name,
                                             approvals_world["approver"].display_name]


# --- a rest day, through the service --------------------------------------------------------------

def test_an_unconfirmed_saturday_schedules_nothing(approvals_world, assigned):
    with pytest.raises(ValidationError, match="not a working day"):
        _schedule(approvals_world, assigned, on=SATURDAY)
    assert not assigned.inspections.exists()


def test_a_confirmed_saturday_is_scheduled_and_audited_as_a_rest_day(approvals_world, assigned):
    _schedule(approvals_world, assigned, on=SATURDAY, confirmed=True)
    event = AuditEvent.objects.get(object_id=str(assigned.pk), action="inspection.schedule")
    assert event.data["rest_day"] == "weekend"


# --- inspections scheduled before the rule --------------------------------------------------------

def test_an_earlier_inspection_with_one_inspector_is_still_recorded(approvals_world, assigned):
    reviewer = approvals_world["reviewer"]
    inspection = SiteInspection.objects.create(application=assigned, scheduled_for=MONDAY, scheduled_by=reviewer)
    inspection.inspectors.set([reviewer])
    results = [ChecklistResult(item.pk, True) for item in ChecklistItem.objects.filter(matter=assigned.matter)]
    inspection_record(actor=reviewer, inspection=inspection, results=results)
    assert SiteInspection.objects.get(pk=inspection.pk).completed_at is not None


# --- the pages ------------------------------------------------------------------------------------

def _form_url(application: Application) -> str:
    return reverse("approvals:inspection_schedule", args=[application.pk])


def test_the_form_offers_the_brigades_officers_but_not_the_reviewer_or_a_clerk(client, approvals_world, assigned):
    client.force_login(approvals_world["reviewer"])
    choices = {str(user) for user in client.get(_form_url(assigned)).context["form"].fields["inspectors"].queryset}
    assert choices == {approvals_world["approver"].display_name}


def test_the_form_never_shows_a_login_name(client, approvals_world, assigned):
    nameless = staff(Role.REVIEWER, approvals_world["brigade"], username="li_login", full_name="")
    client.force_login(approvals_world["reviewer"])
    page = client.get(_form_url(assigned)).content.decode()
    assert nameless.username not in page


def test_the_form_before_a_reviewer_is_assigned_goes_back_to_the_case(client, approvals_world, monday):
    application = make_submitted(approvals_world)
    application_accept(actor=approvals_world["clerk"], application=application)
    client.force_login(approvals_world["approver"])
    response = client.get(_form_url(application), follow=True)
    assert "No reviewer is assigned" in response.content.decode()


def test_the_form_on_a_saturday_with_one_inspector_names_both_problems(client, approvals_world, assigned):
    client.force_login(approvals_world["reviewer"])
    page = client.post(_form_url(assigned), {"scheduled_for": SATURDAY.isoformat()}).content.decode()
    assert "at least two law-enforcement officers" in page
    assert "not a working day" in page


def test_the_form_with_one_inspector_comes_back_with_the_rule(client, approvals_world, assigned):
    client.force_login(approvals_world["reviewer"])
    response = client.post(_form_url(assigned), {"scheduled_for": TUESDAY.isoformat()})
    assert response.status_code == 200
    assert "at least two law-enforcement officers" in response.content.decode()
    assert not assigned.inspections.exists()


def test_the_form_on_a_saturday_asks_for_the_confirmation(client, approvals_world, assigned):
    client.force_login(approvals_world["reviewer"])
    response = client.post(_form_url(assigned), {"scheduled_for": SATURDAY.isoformat(),
                                                 "inspectors": [approvals_world["approver"].pk]})
    page = response.content.decode()
    assert date_format(NEXT_MONDAY, "DATE_FORMAT") in page
    assert 'type="checkbox" name="confirm_rest_day"' in page
    assert not assigned.inspections.exists()


def test_the_form_on_a_confirmed_saturday_schedules_the_inspection(client, approvals_world, assigned):
    client.force_login(approvals_world["reviewer"])
    response = client.post(_form_url(assigned), {"scheduled_for": SATURDAY.isoformat(), "confirm_rest_day": "on",
                                                 "inspectors": [approvals_world["approver"].pk]})
    assert response.status_code == 302
    assert assigned.inspections.get().scheduled_for == SATURDAY


def test_the_case_page_names_both_inspectors(client, approvals_world, assigned):
    inspection = _schedule(approvals_world, assigned)
    client.force_login(approvals_world["approver"])
    page = client.get(reverse("approvals:application", args=[assigned.pk])).content.decode()
    block = page.split(f'data-inspection="{inspection.pk}"', 1)[1].split("</div>", 1)[0]
    assert approvals_world["reviewer"].display_name in block
    assert approvals_world["approver"].display_name in block


def test_the_record_page_names_both_inspectors(client, approvals_world, assigned):
    inspection = _schedule(approvals_world, assigned)
    client.force_login(approvals_world["reviewer"])
    page = client.get(reverse("approvals:inspection_record", args=[inspection.pk])).content.decode()
    assert approvals_world["reviewer"].display_name in page
    assert approvals_world["approver"].display_name in page


def test_the_rest_day_warning_names_the_days_as_a_chinese_reader_writes_them(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "zh-hans"
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        check_inspection_date(SATURDAY, today=MONDAY, cal=CALENDAR, rest_day_confirmed=False)
    text = " ".join(error.value.messages)
    assert "2026年12月12日" in text
    assert "2026年12月14日" in text
