"""Return visits (B3): attempts, outcomes and the working-day deadline."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from feedback.enums import ActKind, VisitMethod, VisitStatus
from feedback.models import Complaint, ReturnVisit
from feedback.services.return_visits import visit_attempt_record
from firesvc.accounts.roles import Role
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock, SlaAlert
from firesvc.sla.services import load_rule_sets
from firesvc.sla.sweep import sla_sweep
from tests.factories import staff
from tests.feedback.supervision_helpers import at, make_act


@pytest.fixture
def setup(tree):  # type: ignore[no-untyped-def]
    load_rule_sets()
    officer = staff(Role.REVIEWER, tree["a"]["brigade"])
    supervisor = staff(Role.SUPERVISOR, tree["a"]["brigade"])
    act = make_act(unit=tree["a"]["brigade"], officer=officer, kind=ActKind.PENALTY, when=at(2026, 9, 29, 10))
    return {"officer": officer, "supervisor": supervisor, "visit": ReturnVisit.objects.get(act=act)}


def _clock(visit: ReturnVisit) -> Clock:
    return Clock.objects.for_owner(visit).get()


def test_visit_is_due_five_working_days_after_the_act_skipping_the_golden_week(setup) -> None:  # type: ignore[no-untyped-def]
    # 29 Sep 2026 + 5 working days by the official calendar: the National Day holiday (1–7 Oct) does not count
    clock = _clock(setup["visit"])
    assert clock.due_date.isoformat() == "2026-10-12"
    assert setup["visit"].due_at == clock.due_at


def test_visit_is_not_overdue_on_its_last_day(setup) -> None:  # type: ignore[no-untyped-def]
    sla_sweep(now=at(2026, 10, 12, 23, 59))
    assert not SlaAlert.objects.filter(clock=_clock(setup["visit"]), level="red").exists()


def test_visit_becomes_overdue_the_next_day(setup) -> None:  # type: ignore[no-untyped-def]
    sla_sweep(now=at(2026, 10, 13, 0, 1))
    assert SlaAlert.objects.filter(clock=_clock(setup["visit"]), level="red").exists()


def test_overdue_visit_shows_on_the_board(client, setup) -> None:  # type: ignore[no-untyped-def]
    from feedback.selectors.board import coverage_board

    data = coverage_board(setup["supervisor"], start=at(2026, 9, 1).date(), end=at(2026, 9, 30).date(),
                          now=at(2026, 10, 13, 9))
    assert data["units"][0].visits_overdue == 1
    data = coverage_board(setup["supervisor"], start=at(2026, 9, 1).date(), end=at(2026, 9, 30).date(),
                          now=at(2026, 10, 12, 9))
    assert data["units"][0].visits_overdue == 0


def test_reached_visit_is_done_and_stops_the_clock(setup) -> None:  # type: ignore[no-untyped-def]
    visit = visit_attempt_record(visit=setup["visit"], actor=setup["supervisor"], method=VisitMethod.PHONE,
                                 reached=True, questions_answers="问：是否出示证件？答：出示了。", satisfaction=5,
                                 at=at(2026, 9, 30, 10))
    assert visit.status == VisitStatus.DONE
    assert _clock(visit).status == ClockStatus.STOPPED


def test_three_unanswered_attempts_on_different_days_end_the_visit(setup) -> None:  # type: ignore[no-untyped-def]
    for day in (30, 8, 9):
        month = 9 if day == 30 else 10
        visit = visit_attempt_record(visit=setup["visit"], actor=setup["supervisor"], method=VisitMethod.PHONE,
                                     reached=False, at=at(2026, month, day, 10))
    assert visit.status == VisitStatus.UNREACHED
    assert visit.attempts.count() == 3


def test_second_attempt_on_the_same_day_is_refused(setup) -> None:  # type: ignore[no-untyped-def]
    visit_attempt_record(visit=setup["visit"], actor=setup["supervisor"], method=VisitMethod.PHONE, reached=False,
                         at=at(2026, 9, 30, 9))
    with translation.override("en"), pytest.raises(ValidationError, match="different day"):
        visit_attempt_record(visit=setup["visit"], actor=setup["supervisor"], method=VisitMethod.PHONE,
                             reached=False, at=at(2026, 9, 30, 16))


def test_reached_visit_needs_satisfaction_and_answers(setup) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        visit_attempt_record(visit=setup["visit"], actor=setup["supervisor"], method=VisitMethod.ON_SITE,
                             reached=True)
    assert set(error.value.message_dict) == {"satisfaction", "questions_answers"}


def test_a_dissatisfied_visit_needs_the_problem_raised(setup) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        visit_attempt_record(visit=setup["visit"], actor=setup["supervisor"], method=VisitMethod.PHONE,
                             reached=True, questions_answers="问答", satisfaction=2, problem="  ")
    assert set(error.value.message_dict) == {"problem"}


def test_the_visit_form_asks_for_the_problem_of_a_dissatisfied_person(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["supervisor"])
    response = client.post(reverse("feedback:visit", args=[setup["visit"].pk]),
                           {"method": "phone", "reached": "yes", "questions_answers": "问答", "satisfaction": "2",
                            "problem": ""})
    assert response.status_code == 400
    assert ReturnVisit.objects.get(pk=setup["visit"].pk).status == VisitStatus.DUE


def test_only_discipline_staff_record_visits(setup) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        visit_attempt_record(visit=setup["visit"], actor=setup["officer"], method=VisitMethod.PHONE, reached=False)


def test_low_satisfaction_opens_a_complaint(setup) -> None:  # type: ignore[no-untyped-def]
    visit_attempt_record(visit=setup["visit"], actor=setup["supervisor"], method=VisitMethod.PHONE, reached=True,
                         questions_answers="问答", satisfaction=1, problem="检查时态度生硬", at=at(2026, 9, 30, 10))
    complaint = Complaint.objects.get(visit=setup["visit"])
    assert complaint.text == "检查时态度生硬"


def test_visit_form_keeps_input_on_error(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["supervisor"])
    response = client.post(reverse("feedback:visit", args=[setup["visit"].pk]),
                           {"method": "phone", "reached": "yes", "problem": "保留的问题"})
    assert response.status_code == 400
    assert "保留的问题" in response.content.decode()


def test_the_acts_page_shows_the_visits_last_day_not_the_next_midnight(client, setup) -> None:  # type: ignore[no-untyped-def]
    import re

    client.force_login(setup["supervisor"])
    html = client.get(reverse("feedback:act", args=[setup["visit"].act_id])).content.decode()
    assert re.search(r"data-visit-due>([^<]*)<", html).group(1) == "2026-10-12"  # type: ignore[union-attr]


def test_the_visit_form_offers_satisfaction_in_words_not_digits() -> None:
    from feedback.forms.return_visits import VisitAttemptForm

    labels = [str(label) for value, label in VisitAttemptForm().fields["satisfaction"].choices if value]
    assert len(labels) == 5
    assert not any(label.isdigit() for label in labels)


@pytest.mark.django_db
def test_a_person_without_a_name_is_offered_without_the_login_name() -> None:
    from feedback.forms.fields import UserChoiceField
    from firesvc.accounts.models import User

    person = User.objects.create(username="login_sun")
    assert UserChoiceField(queryset=User.objects.all()).label_from_instance(person) != "login_sun"
