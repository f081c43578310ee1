"""What each counter of the enterprise-service, hazard and supervision sections counts (C6).

For every counter: rows that match it in detachment 甲's units inside March 2026, rows of the
same kind a day outside the period, one in detachment 乙, and rows that fail its condition.
The figure of 甲 for March must be exactly the matching rows (or, for a sum, their ratings).
Each test also shows the rows it expects to be left out would count in their own period or
scope, so that they are left out for the reason the test names and for no other.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from itertools import count, cycle
from typing import Any

import pytest
from django.utils import timezone

from enterprises.enums import Satisfaction, SuggestionSource, VisitStatus
from enterprises.models import (
    Forum,
    ServiceMeasure,
    Suggestion,
    TrainingAttendance,
    TrainingRequest,
    TrainingSession,
    Visit,
)
from enterprises.safety.enums import HazardSeverity, HazardSource, HazardStatus
from enterprises.safety.models import Hazard, RectificationOrder
from feedback.enums import ActKind, ComplaintKind, ComplaintSource, QuestionStatus
from feedback.enums import VisitStatus as ReturnVisitStatus
from feedback.hazard_reports.enums import HazardCategory, ReportStatus
from feedback.hazard_reports.models import HazardReport
from feedback.models import CitizenQuestion, Complaint, EnforcementAct, Receipt, ReturnVisit
from firesvc.accounts.roles import Role
from firesvc.stats.models import DailyCount, RollupState
from firesvc.stats.registry import counter, counter_queryset
from firesvc.stats.selectors import Period, _subtree_ids, figures_for
from firesvc.stats.services import stats_rollup
from tests.factories import EnterpriseFactory, UserFactory, staff

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2026, 3, 1), date(2026, 3, 31))
WIDER = Period(date(2026, 2, 28), date(2026, 4, 1))  # the period and the day on either side


def _local(d: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(hour, minute)), timezone.get_current_timezone())


FIRST_MINUTE = _local(date(2026, 3, 1), 0, 0)
MIDDLE = _local(date(2026, 3, 15), 12, 0)
LAST_MINUTE = _local(date(2026, 3, 31), 23, 59)
DAY_BEFORE = _local(date(2026, 2, 28), 23, 59)  # last minute before the period
DAY_AFTER = _local(date(2026, 4, 1), 0, 0)  # first minute after it

INSIDE = (FIRST_MINUTE, MIDDLE, LAST_MINUTE)
RATINGS = (5, 2, 4)  # overall ratings of the matching receipts: their sum is 11
OTHER_RATING = 3  # rating of every receipt that must be left out

_seq = count(1)


def _n() -> int:
    return next(_seq)


@pytest.fixture
def world(tree):
    """Each detachment's units, an enterprise of its brigade and a member of its staff."""
    return {
        side: {**tree[side], "enterprise": EnterpriseFactory(brigade=tree[side]["brigade"]),
               "user": UserFactory(unit=tree[side]["brigade"])}
        for side in ("a", "b")
    }


def _stamp(model: Any, pk: int, **fields: Any) -> None:
    """Set auto_now_add timestamps (and the like) after creation."""
    model.objects.filter(pk=pk).update(**fields)


# --- Enterprise services (E3–E5, E8) ---------------------------------------------------------------------------------


def _visit(side, unit, when, variant, rating):
    day = timezone.localdate(when)
    if variant == "planned":  # planned for the period, not done
        return Visit.objects.create(enterprise=side["enterprise"], unit=unit, staff=side["user"], planned_for=day)
    status = {"ok": VisitStatus.DONE, "cancelled": VisitStatus.CANCELLED}[variant]
    return Visit.objects.create(enterprise=side["enterprise"], unit=unit, staff=side["user"], status=status,
                                planned_for=day, visited_on=day)


def _forum(side, unit, when, variant, rating):
    assert variant == "ok"
    return Forum.objects.create(unit=unit, held_on=timezone.localdate(when), place="支队会议室", topic="消防服务",
                                recorded_by=side["user"])


def _suggestion(side, unit, *, created, fed_back=None, satisfaction=""):
    row = Suggestion.objects.create(number=f"JY-{_n()}", unit=unit, enterprise=side["enterprise"],
                                    source=SuggestionSource.WINDOW, submitter_name="李海燕", content="希望简化手续",
                                    fed_back_at=fed_back, feedback="已答复" if fed_back else "",
                                    satisfaction=satisfaction)
    _stamp(Suggestion, row.pk, created_at=created)
    return row


def _suggestion_received(side, unit, when, variant, rating):
    assert variant == "ok"
    # fed back after the period: placed by when it was received, not by the reply
    return _suggestion(side, unit, created=when, fed_back=when + timedelta(days=40))


def _suggestion_fed_back(side, unit, when, variant, rating):
    if variant == "not_fed_back":  # received in the period, never answered
        return _suggestion(side, unit, created=when)
    assert variant == "ok"
    return _suggestion(side, unit, created=when - timedelta(days=20), fed_back=when)


_SATISFACTION = {"ok": Satisfaction.SATISFIED, "satisfied": Satisfaction.SATISFIED,
                 "basically": Satisfaction.BASICALLY, "dissatisfied": Satisfaction.DISSATISFIED, "not_rated": ""}


def _suggestion_rated(side, unit, when, variant, rating):
    # "ok" for suggestions_rated: any rating; the variants name the rating given
    satisfaction = {**_SATISFACTION, "ok": Satisfaction.DISSATISFIED}[variant]
    return _suggestion(side, unit, created=when - timedelta(days=20), fed_back=when, satisfaction=satisfaction)


def _suggestion_satisfied(side, unit, when, variant, rating):
    return _suggestion(side, unit, created=when - timedelta(days=20), fed_back=when,
                       satisfaction=_SATISFACTION[variant])


def _measure(side, unit, when, variant, rating):
    return ServiceMeasure.objects.create(unit=unit, number=_n(), title="企业开业前消防安全检查承诺制",
                                         issued_on=timezone.localdate(when), is_published=variant == "ok")


def _session(unit, when, *, internal):
    return TrainingSession.objects.create(unit=unit, date=timezone.localdate(when), start_time=time(9),
                                          trainer="张教官", topic="灭火器使用", place="大队会议室", internal=internal)


def _held(session, *, attended=True):
    TrainingAttendance.objects.create(session=session, person_name="王建华", attended=attended)
    return session


def _training_session(side, unit, when, variant, rating):
    session = _session(unit, when, internal=variant == "internal")
    if variant == "planned":  # nobody recorded as attending: not training given
        return session
    return _held(session, attended=variant != "nobody_attended")


def _officer_training_session(side, unit, when, variant, rating):
    session = _session(unit, when, internal=variant != "for_enterprises")
    if variant == "planned":
        return session
    return _held(session, attended=variant != "nobody_attended")


def _training_attendee(side, unit, when, variant, rating):
    session = _session(unit, when, internal=False)
    if variant == "officer":
        return TrainingAttendance.objects.create(session=session, person_name="赵警官", is_officer=True,
                                                 attended=True)
    return TrainingAttendance.objects.create(session=session, enterprise=side["enterprise"], person_name="王建华",
                                             attended={"ok": True, "absent": False}[variant])


def _officer_trained(side, unit, when, variant, rating):
    session = _session(unit, when, internal=True)
    if variant == "enterprise_person":
        return TrainingAttendance.objects.create(session=session, enterprise=side["enterprise"],
                                                 person_name="王建华", attended=True)
    return TrainingAttendance.objects.create(session=session, person_name="钱警官", is_officer=True,
                                             attended={"ok": True, "absent": False}[variant])


def _training_request(side, unit, when, variant, rating):
    assert variant == "ok"
    row = TrainingRequest.objects.create(enterprise=side["enterprise"], requested_by=side["user"],
                                         topic="疏散演练")
    _stamp(TrainingRequest, row.pk, created_at=when)
    return row


# --- Hazards (E6) ----------------------------------------------------------------------------------------------------


def _hazard(side, unit, *, created, severity=HazardSeverity.GENERAL, status=HazardStatus.RECORDED,
            eliminated=None):
    row = Hazard.objects.create(unit=unit, enterprise=side["enterprise"], source=HazardSource.INSPECTION,
                                description="疏散通道堵塞", address="铁西区建设大路1号", severity=severity,
                                status=status, eliminated_at=eliminated)
    _stamp(Hazard, row.pk, created_at=created)
    return row


def _hazard_found(side, unit, when, variant, rating):
    assert variant == "ok"
    return _hazard(side, unit, created=when)


def _major_hazard(side, unit, when, variant, rating):
    severity = {"ok": HazardSeverity.MAJOR, "general": HazardSeverity.GENERAL}[variant]
    return _hazard(side, unit, created=when, severity=severity)


def _rectification_order(side, unit, when, variant, rating):
    assert variant == "ok"
    # the hazard is recorded before the period: the order is placed by when it was issued
    hazard = _hazard(side, unit, created=when - timedelta(days=20), status=HazardStatus.ORDERED)
    return RectificationOrder.objects.create(hazard=hazard, number=f"ZL-{_n()}", requirements="清理疏散通道",
                                             rectify_workdays=5, due_date=timezone.localdate(when) + timedelta(7),
                                             issued_by=side["user"], issued_at=when)


def _hazard_eliminated(side, unit, when, variant, rating):
    if variant == "still_open":  # recorded in the period, not eliminated
        return _hazard(side, unit, created=when, status=HazardStatus.ORDERED)
    assert variant == "ok"
    return _hazard(side, unit, created=when - timedelta(days=20), status=HazardStatus.ELIMINATED, eliminated=when)


# --- Citizen hazard reports (B6) --------------------------------------------------------------------------------------


def _report(side, unit, *, created, status=ReportStatus.NEW, ack_after=None, closed=None):
    row = HazardReport.objects.create(category=HazardCategory.BLOCKED_EXIT, status=status, subdistrict=unit,
                                      community=side["community"], grid=side["grid"], address="建设大路1号",
                                      description="楼道堆放杂物", closed_at=closed)
    fields: dict[str, Any] = {"created_at": created, "ack_due_at": created + timedelta(minutes=10)}
    if ack_after is not None:
        fields["acknowledged_at"] = created + ack_after
    _stamp(HazardReport, row.pk, **fields)
    return row


def _hazard_report(side, unit, when, variant, rating):
    status = {"ok": ReportStatus.NEW, "linked": ReportStatus.LINKED}[variant]
    return _report(side, unit, created=when, status=status)


def _hazard_report_in_time(side, unit, when, variant, rating):
    # acknowledged after five minutes (in time), fifteen (late), never; or a duplicate acknowledged in time
    status, ack_after = {
        "ok": (ReportStatus.ACKNOWLEDGED, timedelta(minutes=5)),
        "at_the_deadline": (ReportStatus.ACKNOWLEDGED, timedelta(minutes=10)),
        "late": (ReportStatus.ACKNOWLEDGED, timedelta(minutes=15)),
        "never_acknowledged": (ReportStatus.NEW, None),
        "linked": (ReportStatus.LINKED, timedelta(minutes=5)),
    }[variant]
    return _report(side, unit, created=when, status=status, ack_after=ack_after)


def _hazard_report_closed(side, unit, when, variant, rating):
    if variant == "still_open":  # received in the period, not closed
        return _report(side, unit, created=when, status=ReportStatus.DISPATCHED, ack_after=timedelta(minutes=5))
    assert variant == "ok"
    return _report(side, unit, created=when - timedelta(days=20), status=ReportStatus.CLOSED,
                   ack_after=timedelta(minutes=5), closed=when)


# --- Citizen questions (B7) ------------------------------------------------------------------------------------------


def _question(unit, *, created, answered=None, first_contact=False):
    row = CitizenQuestion.objects.create(
        question="灭火器多久检查一次?", community=unit,
        status=QuestionStatus.ANSWERED if answered else QuestionStatus.OPEN, answer="每月一次" if answered else "",
        answered_at=answered, resolved_first_contact=first_contact)
    _stamp(CitizenQuestion, row.pk, created_at=created)
    return row


def _citizen_question(side, unit, when, variant, rating):
    assert variant == "ok"
    return _question(unit, created=when, answered=when + timedelta(days=40))


def _question_answered(side, unit, when, variant, rating):
    if variant == "unanswered":
        return _question(unit, created=when)
    assert variant == "ok"
    return _question(unit, created=when - timedelta(days=20), answered=when)


def _question_first_contact(side, unit, when, variant, rating):
    return _question(unit, created=when - timedelta(days=20), answered=when,
                     first_contact={"ok": True, "not_first_contact": False}[variant])


# --- Supervision of enforcement (B1–B5) ------------------------------------------------------------------------------


def _act(side, unit, occurred):
    return EnforcementAct.objects.create(number=f"ZF-{_n()}", kind=ActKind.INSPECTION, unit=unit,
                                         enterprise=side["enterprise"], occurred_at=occurred,
                                         place="铁西区建设大路1号", summary="监督检查")


def _enforcement_act(side, unit, when, variant, rating):
    assert variant == "ok"
    return _act(side, unit, when)


def _receipt(side, unit, when, variant, rating):
    # the act is done before the period: the receipt is placed by when it was first rated
    act = _act(side, unit, when - timedelta(days=20))
    if variant == "not_rated":
        return Receipt.objects.create(act=act, number=f"HZ-{_n()}", token="t")
    assert variant == "ok"
    return Receipt.objects.create(act=act, number=f"HZ-{_n()}", token="t", overall=rating, first_rated_at=when,
                                  rated_at=when)


def _return_visit(side, unit, when, variant, rating):
    act = _act(side, unit, when - timedelta(days=20))
    if variant == "still_due":
        return ReturnVisit.objects.create(act=act, due_at=when)
    status = {"ok": ReturnVisitStatus.DONE, "unreached": ReturnVisitStatus.UNREACHED}[variant]
    return ReturnVisit.objects.create(act=act, status=status, done_at=when, due_at=when)


def _complaint(unit, *, kind, created, closed=None):
    return Complaint.objects.create(number=f"TS-{_n()}", kind=kind, source=ComplaintSource.HOTLINE, unit=unit,
                                    text="执法人员态度生硬", created_at=created, closed_at=closed)


def _complaint_received(side, unit, when, variant, rating):
    kind = {"ok": ComplaintKind.COMPLAINT, "integrity_report": ComplaintKind.INTEGRITY}[variant]
    return _complaint(unit, kind=kind, created=when)


def _complaint_closed(side, unit, when, variant, rating):
    if variant == "still_open":
        return _complaint(unit, kind=ComplaintKind.COMPLAINT, created=when)
    kind = {"ok": ComplaintKind.COMPLAINT, "integrity_report_closed": ComplaintKind.INTEGRITY}[variant]
    return _complaint(unit, kind=kind, created=when - timedelta(days=20), closed=when)


# --- The cases -------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Case:
    key: str
    make: Callable[..., Any]  # make(side, unit, when, variant, rating) -> one row
    kinds: tuple[str, ...]  # kinds of unit the matching rows are placed in (in turn)
    failing: tuple[str, ...] = ()  # variants in the period and scope that fail the condition
    undated: tuple[str, ...] = ()  # of those, the ones without a value in the counter's date field
    sums_ratings: bool = False  # the figure is the sum of the rows' overall ratings, not their number

    def __str__(self) -> str:
        return self.key


CASES = [
    Case("visits_done", _visit, ("brigade",), failing=("planned", "cancelled"), undated=("planned",)),
    Case("forums_held", _forum, ("brigade", "detachment")),
    Case("suggestions_received", _suggestion_received, ("brigade",)),
    Case("suggestions_fed_back", _suggestion_fed_back, ("brigade",), failing=("not_fed_back",),
         undated=("not_fed_back",)),
    Case("suggestions_rated", _suggestion_rated, ("brigade",), failing=("not_rated",)),
    Case("suggestions_satisfied", _suggestion_satisfied, ("brigade",),
         failing=("basically", "dissatisfied", "not_rated")),
    Case("service_measures_issued", _measure, ("detachment", "brigade"), failing=("unpublished",)),
    Case("training_sessions", _training_session, ("brigade",), failing=("internal", "planned", "nobody_attended")),
    Case("officer_training_sessions", _officer_training_session, ("brigade", "detachment"),
         failing=("for_enterprises", "planned", "nobody_attended")),
    Case("training_attendees", _training_attendee, ("brigade",), failing=("absent", "officer")),
    Case("officers_trained", _officer_trained, ("brigade",), failing=("absent", "enterprise_person")),
    Case("training_requests", _training_request, ("brigade",)),
    Case("hazards_found", _hazard_found, ("brigade",)),
    Case("major_hazards_found", _major_hazard, ("brigade",), failing=("general",)),
    Case("rectification_orders", _rectification_order, ("brigade",)),
    Case("hazards_eliminated", _hazard_eliminated, ("brigade",), failing=("still_open",), undated=("still_open",)),
    Case("hazard_reports", _hazard_report, ("subdistrict",), failing=("linked",)),
    Case("hazard_reports_acknowledged_in_time", _hazard_report_in_time, ("subdistrict",),
         failing=("late", "never_acknowledged", "linked")),
    Case("hazard_reports_closed", _hazard_report_closed, ("subdistrict",), failing=("still_open",),
         undated=("still_open",)),
    Case("citizen_questions", _citizen_question, ("community",)),
    Case("citizen_questions_answered", _question_answered, ("community",), failing=("unanswered",),
         undated=("unanswered",)),
    Case("citizen_questions_first_contact", _question_first_contact, ("community",),
         failing=("not_first_contact",)),
    Case("enforcement_acts", _enforcement_act, ("brigade", "detachment")),
    Case("receipts_returned", _receipt, ("brigade", "detachment"), failing=("not_rated",), undated=("not_rated",)),
    Case("receipt_rating_sum", _receipt, ("brigade", "detachment"), failing=("not_rated",), undated=("not_rated",),
         sums_ratings=True),
    Case("return_visits_done", _return_visit, ("brigade",), failing=("unreached", "still_due"),
         undated=("still_due",)),
    Case("complaints_received", _complaint_received, ("brigade",), failing=("integrity_report",)),
    Case("complaints_closed", _complaint_closed, ("brigade",), failing=("integrity_report_closed", "still_open"),
         undated=("still_open",)),
]


def _value(case: Case, ratings: tuple[int, ...]) -> int:
    """What matching rows with these ratings add to the counter: their number, or their ratings' sum."""
    return sum(ratings) if case.sums_ratings else len(ratings)


def _populate(world, case: Case) -> None:
    a, b = world["a"], world["b"]
    kinds = cycle(case.kinds)
    for when, rating in zip(INSIDE, RATINGS, strict=True):  # match: 甲, in the period (first and last minute too)
        case.make(a, a[next(kinds)], when, "ok", rating)
    home = a[case.kinds[0]]
    case.make(a, home, DAY_BEFORE, "ok", OTHER_RATING)  # the day before the period
    case.make(a, home, DAY_AFTER, "ok", OTHER_RATING)  # the day after
    case.make(b, b[case.kinds[0]], MIDDLE, "ok", OTHER_RATING)  # detachment 乙: out of scope
    for variant in case.failing:  # 甲, in the period, failing the condition
        case.make(a, home, MIDDLE, variant, OTHER_RATING)


def test_every_case_names_a_registered_counter():
    assert {case.key for case in CASES} == {
        "visits_done", "forums_held", "suggestions_received", "suggestions_fed_back", "suggestions_rated",
        "suggestions_satisfied", "service_measures_issued", "training_sessions", "officer_training_sessions",
        "training_attendees", "officers_trained", "training_requests", "hazards_found", "major_hazards_found",
        "rectification_orders",
        "hazards_eliminated", "hazard_reports", "hazard_reports_acknowledged_in_time", "hazard_reports_closed",
        "citizen_questions", "citizen_questions_answered", "citizen_questions_first_contact", "enforcement_acts",
        "receipts_returned", "receipt_rating_sum", "return_visits_done", "complaints_received", "complaints_closed"}
    for case in CASES:
        item = counter(case.key)  # KeyError if the counter is gone
        assert set(case.undated) <= set(case.failing)
        assert case.sums_ratings == (item.sum_field == "overall"), case.key
        if item.condition is not None:  # every condition is put to the test
            assert case.failing, case.key


@pytest.mark.parametrize("case", CASES, ids=str)
def test_counter_counts_exactly_the_records_it_names(world, case):
    _populate(world, case)

    figures = figures_for(unit=world["a"]["detachment"], period=PERIOD)

    assert figures.get(case.key) == _value(case, RATINGS)
    # The rows left out are left out for the reason named, not for being malformed:
    # the two next to the period count when the period takes in their days ...
    wider = figures_for(unit=world["a"]["detachment"], period=WIDER)
    assert wider.get(case.key) == _value(case, (*RATINGS, OTHER_RATING, OTHER_RATING))
    # ... 乙's row counts for 乙 ...
    assert figures_for(unit=world["b"]["detachment"], period=PERIOD).get(case.key) == _value(case, (OTHER_RATING,))
    # ... and the rows failing the condition lie in 甲 and in the period (those with a date there).
    item = counter(case.key)
    unconditioned = counter_queryset(dataclasses.replace(item, condition=None), first=PERIOD.first, last=PERIOD.last,
                                     unit_ids=_subtree_ids(world["a"]["detachment"]))
    assert unconditioned.count() == len(INSIDE) + len(case.failing) - len(case.undated)


def test_hazard_acknowledged_exactly_at_the_deadline_is_in_time(world):
    a = world["a"]
    _hazard_report_in_time(a, a["subdistrict"], MIDDLE, "at_the_deadline", None)
    _hazard_report_in_time(a, a["subdistrict"], MIDDLE, "late", None)

    figures = figures_for(unit=a["detachment"], period=PERIOD)

    assert figures.get("hazard_reports_acknowledged_in_time") == 1
    assert figures.get("hazard_reports") == 2


def test_report_acknowledged_after_the_period_counts_in_the_period_it_came_in(world):
    # the ten-minute promise is placed by when the report came in, not by the acknowledgement
    a = world["a"]
    _hazard_report_in_time(a, a["subdistrict"], _local(date(2026, 3, 31), 23, 58), "ok", None)  # acked 00:03

    assert figures_for(unit=a["detachment"], period=PERIOD).get("hazard_reports_acknowledged_in_time") == 1
    assert figures_for(unit=a["detachment"], period=Period(date(2026, 4, 1), date(2026, 4, 30))).get(
        "hazard_reports_acknowledged_in_time") == 0


def test_training_attendees_are_placed_by_the_sessions_day_and_unit(world):
    a, b = world["a"], world["b"]
    session = _session(a["brigade"], MIDDLE, internal=False)
    for name in ("王建华", "李海燕"):
        TrainingAttendance.objects.create(session=session, enterprise=b["enterprise"], person_name=name,
                                          attended=True)  # people of 乙's enterprise at 甲's session

    assert figures_for(unit=a["detachment"], period=PERIOD).get("training_attendees") == 2
    assert figures_for(unit=b["detachment"], period=PERIOD).get("training_attendees") == 0


def test_people_trained_leaves_out_officers_as_the_training_page_does(world):
    from enterprises.services.training import training_figures

    a = world["a"]
    outside = _session(a["brigade"], MIDDLE, internal=False)
    internal = _session(a["brigade"], MIDDLE, internal=True)
    TrainingAttendance.objects.create(session=outside, enterprise=a["enterprise"], person_name="王建华", attended=True)
    TrainingAttendance.objects.create(session=outside, person_name="赵警官", is_officer=True, attended=True)
    TrainingAttendance.objects.create(session=internal, person_name="钱警官", is_officer=True, attended=True)
    page = training_figures(staff(Role.APPROVER, a["detachment"]), PERIOD.first, PERIOD.last)

    figures = figures_for(unit=a["detachment"], period=PERIOD)
    assert figures.get("training_attendees") == page["people_trained"] == 1
    assert figures.get("officers_trained") == page["officers_trained"] == 2


ROLLED_UP = ["visits_done", "suggestions_satisfied", "hazard_reports_acknowledged_in_time", "receipt_rating_sum",
             "complaints_received", "training_attendees"]


@pytest.mark.parametrize("key", ROLLED_UP)
def test_rolled_up_figure_matches_the_live_one(world, key):
    case = next(c for c in CASES if c.key == key)
    _populate(world, case)
    live = figures_for(unit=world["a"]["detachment"], period=PERIOD).get(key)

    stats_rollup(first=date(2026, 2, 1), last=date(2026, 4, 30))
    RollupState.objects.update_or_create(singleton=1, defaults={"complete_through": date(2026, 4, 30)})
    rolled = figures_for(unit=world["a"]["detachment"], period=PERIOD)

    assert DailyCount.objects.filter(key=key).exists()  # the figure below is read from the roll-up
    assert rolled.get(key) == live == _value(case, RATINGS)
    assert figures_for(unit=world["a"]["detachment"], period=WIDER).get(key) == _value(
        case, (*RATINGS, OTHER_RATING, OTHER_RATING))
