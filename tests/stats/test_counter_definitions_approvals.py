"""Each approvals and deadline counter counts exactly the records it names, in the period and scope asked (C6).

For every counter the same hand-made data set: three matching rows in 甲's brigade (the first
minute of March 2026, early on 1 March, the last minute of 31 March; days for date fields),
matching rows just outside the period (28 February, 1 April), one matching row in 乙's brigade
and, for a counter with a condition, rows in 甲 inside the period that fail it. 甲's detachment
must then show exactly 3 (plus any further matching variant) and 乙's exactly 1, counted live
and again from the roll-up.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum
from django.utils import timezone

from approvals.enums import (
    AcceptanceMode,
    ApplicationStatus,
    AppointmentStatus,
    DecisionOutcome,
    NoticeKind,
)
from approvals.models import (
    Application,
    Appointment,
    AppointmentSlot,
    Consultation,
    IntakeNotice,
    Matter,
    PrecheckNotice,
    SpotCheck,
    ThreeOnesBreach,
)
from approvals.models_review import Decision, EarlyIntervention, ParallelCase
from approvals.precheck import OutcomeCode
from firesvc.accounts.models import OrgUnit
from firesvc.sla.enums import OUTCOME_WITHDRAWN, ClockStatus
from firesvc.sla.models import Clock, TimeLimitRule
from firesvc.stats.models import DailyCount, RollupState
from firesvc.stats.registry import counter
from firesvc.stats.selectors import Period, figures_for
from firesvc.stats.services import stats_rollup
from tests.approvals.conftest import PROJECT
from tests.factories import EnterpriseFactory, enterprise_user

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2026, 3, 1), date(2026, 3, 31))
_serial = itertools.count(1)


def _local(d: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(d.year, d.month, d.day, hour, minute), timezone.get_current_timezone())


FIRST_MINUTE = _local(PERIOD.first, 0, 0)
# Still the previous day in UTC: a period bounded in UTC instead of local time would miss it.
FIRST_MORNING = _local(PERIOD.first, 7, 30)
LAST_MINUTE = _local(PERIOD.last, 23, 59)
DAY_BEFORE = _local(PERIOD.first - timedelta(days=1), 23, 59)
DAY_AFTER = _local(PERIOD.last + timedelta(days=1), 0, 0)
MID_PERIOD = _local(date(2026, 3, 15), 11, 0)


@pytest.fixture
def world(approvals_world, tree) -> dict[str, Any]:
    """approvals_world plus an enterprise and a user in 乙's brigade, and a time-limit rule."""
    other = EnterpriseFactory(brigade=tree["b"]["brigade"])
    return {
        **approvals_world,
        "tree": tree,
        "enterprise_b": other,
        "applicant_b": enterprise_user(other),
        "rule": TimeLimitRule.objects.filter(ruleset__is_active=True).order_by("pk").first(),
    }


def _unit(world: dict[str, Any], side: str) -> OrgUnit:
    return world["tree"][side]["brigade"]


def _application(world: dict[str, Any], side: str, *, matter: str = "acceptance", **fields: Any) -> Application:
    enterprise = world["enterprise"] if side == "a" else world["enterprise_b"]
    applicant = world["applicant"] if side == "a" else world["applicant_b"]
    return Application.objects.create(
        matter=Matter.objects.get(code=matter), enterprise=enterprise, brigade=_unit(world, side),
        applicant=applicant, number=f"T{next(_serial):06d}", **PROJECT, **fields)


# --- one builder per counter: build(world, side, when, variant) creates one row ----------------
# ``variant`` is "match" (the row the counter names) or the name of a way to fail the condition.


def _applications_decided(world, side, when, variant):
    status = {"match": ApplicationStatus.APPROVED, "rejected": ApplicationStatus.REJECTED,
              "refused": ApplicationStatus.REFUSED, "withdrawn": ApplicationStatus.WITHDRAWN,
              "accepted_open": ApplicationStatus.ACCEPTED, "filing_closed": ApplicationStatus.APPROVED}[variant]
    matter = "completion_filing" if variant == "filing_closed" else "acceptance"
    _application(world, side, matter=matter, status=status, submitted_at=when, accepted_at=when, closed_at=when)


def _decisions_signed(world, side, when, variant):
    application = _application(world, side, status=ApplicationStatus.ACCEPTED, accepted_at=when)
    Decision.objects.create(application=application, outcome=DecisionOutcome.APPROVE,
                            drafted_by=world["reviewer"], drafted_at=when,
                            signed_by=world["approver"] if variant == "match" else None,
                            signed_at=when if variant == "match" else None,
                            number=f"D{next(_serial):06d}" if variant == "match" else None)


def _one_time_filings(world, side, when, variant):
    clerk = world["clerk"] if side == "a" else world["clerk_other"]
    _application(world, side, status=ApplicationStatus.SUBMITTED, submitted_at=when,
                 filed_by_clerk=clerk if variant == "match" else None)


def _early_interventions(world, side, when, variant):
    row = EarlyIntervention.objects.create(
        brigade=_unit(world, side), enterprise=world["enterprise"] if side == "a" else world["enterprise_b"],
        project_name="万达三期", met_on=timezone.localdate(when), advice="提前介入意见",
        recorded_by=world["reviewer"])
    # created_at (in the period for every row) must not place the meeting: only met_on does
    EarlyIntervention.objects.filter(pk=row.pk).update(created_at=MID_PERIOD)


def _parallel_cases(world, side, when, variant):
    # "enterprise_draft": both tracks still the enterprise's unsubmitted drafts, which staff do not see
    status, submitted_at = ((ApplicationStatus.SUBMITTED, when) if variant == "match"
                            else (ApplicationStatus.DRAFT, None))
    row = ParallelCase.objects.create(
        number=f"P{next(_serial):06d}", enterprise=world["enterprise"] if side == "a" else world["enterprise_b"],
        brigade=_unit(world, side),
        acceptance=_application(world, side, status=status, submitted_at=submitted_at),
        pre_opening=_application(world, side, matter="pre_opening", status=status, submitted_at=submitted_at),
        acceptance_mode=AcceptanceMode.BRIGADE, created_by=world["clerk"])
    ParallelCase.objects.filter(pk=row.pk).update(created_at=when)


def _shortened_limit_cases(world, side, when, variant):
    fields = {
        "match": {"matter": "acceptance", "is_key_project": True},
        "match_livelihood": {"matter": "pre_opening", "is_livelihood_project": True},
        "ordinary_project": {"matter": "acceptance"},
        "no_promised_limit": {"matter": "completion_filing", "is_key_project": True},
    }[variant]
    _application(world, side, status=ApplicationStatus.ACCEPTED, submitted_at=when, accepted_at=when, **fields)


def _no_filing_notices(world, side, when, variant):
    outcome = {"match": OutcomeCode.NONE, "no_brigade": OutcomeCode.NONE, "review": OutcomeCode.REVIEW,
               "filing": OutcomeCode.FILING}[variant]
    row = PrecheckNotice.objects.create(number=f"Y{next(_serial):06d}", outcome=outcome, rule="第十三条",
                                        brigade=None if variant == "no_brigade" else _unit(world, side))
    PrecheckNotice.objects.filter(pk=row.pk).update(created_at=when)


def _spot_checks_drawn(world, side, when, variant):
    application = _application(world, side, matter="completion_filing", status=ApplicationStatus.ACCEPTED,
                               submitted_at=when, accepted_at=when)
    row = SpotCheck.objects.create(application=application, selected=variant == "match", ratio=Decimal("0.2000"))
    SpotCheck.objects.filter(pk=row.pk).update(decided_at=when)


def _consultations_first_contact(world, side, when, variant):
    clerk = world["clerk"] if side == "a" else world["clerk_other"]
    row = Consultation.objects.create(unit=_unit(world, side), clerk=clerk, question="问", answer="答",
                                      resolved_first_contact=variant == "match")
    Consultation.objects.filter(pk=row.pk).update(created_at=when)


def _notice(application: Application, at: datetime) -> IntakeNotice:
    return IntakeNotice.objects.create(application=application, kind=NoticeKind.DEFICIENCY,
                                       number=f"N{next(_serial):06d}", issued_at=at)


def _three_ones_breaches(world, side, when, variant):
    application = _application(world, side, status=ApplicationStatus.DEFICIENT, submitted_at=when)
    requirement = application.matter.requirements.order_by("pk").first()
    row = ThreeOnesBreach.objects.create(
        application=application, notice=_notice(application, when),
        earlier_notice=_notice(application, when - timedelta(days=3)), requirement=requirement,
        clerk=world["clerk"], unit=_unit(world, side))
    ThreeOnesBreach.objects.filter(pk=row.pk).update(created_at=when)


def _slot(world, side, day: date) -> AppointmentSlot:
    slot, _created = AppointmentSlot.objects.get_or_create(
        unit=_unit(world, side), date=day, start=time(9), defaults={"end": time(10), "capacity": 20})
    return slot


def _appointment(world, side, when, status, *, booked_at: datetime) -> None:
    row = Appointment.objects.create(slot=_slot(world, side, timezone.localdate(when)), name="孙立新",
                                     phone="13912345678", booked_by=world["applicant"], status=status)
    Appointment.objects.filter(pk=row.pk).update(created_at=booked_at)


def _appointments_booked(world, side, when, variant):
    # placed by the day it was booked, whatever the slot's day (here a week later)
    row = Appointment.objects.create(slot=_slot(world, side, timezone.localdate(when) + timedelta(days=7)),
                                     name="孙立新", phone="13912345678", booked_by=world["applicant"])
    Appointment.objects.filter(pk=row.pk).update(created_at=when)


def _appointments_no_show(world, side, when, variant):
    status = {"match": AppointmentStatus.NO_SHOW, "attended": AppointmentStatus.ATTENDED,
              "cancelled": AppointmentStatus.CANCELLED, "booked": AppointmentStatus.BOOKED}[variant]
    # placed by the slot's day, not by the day it was booked (booked in the period for every row)
    _appointment(world, side, when, status, booked_at=MID_PERIOD)


def _clock(world, side, *, stopped_at: datetime | None, due_at: datetime, outcome: str = "decided") -> None:
    rule = world["rule"]
    unit = _unit(world, side)
    Clock.objects.create(
        owner_type=ContentType.objects.get_for_model(OrgUnit), owner_id=unit.pk, rule=rule, unit=unit,
        status=ClockStatus.STOPPED if stopped_at else ClockStatus.RUNNING, limit=rule.limit,
        limit_unit=rule.unit, started_at=due_at - timedelta(days=20), due_at=due_at,
        yellow_at=due_at - timedelta(days=4), stopped_at=stopped_at, outcome=outcome if stopped_at else "")


def _clocks_closed(world, side, when, variant):
    if variant == "match":  # a late clock counts as completed too
        _clock(world, side, stopped_at=when, due_at=when - timedelta(days=2))
    elif variant == "withdrawn":  # stopped by the applicant's withdrawal: no limit was completed
        _clock(world, side, stopped_at=when, due_at=when + timedelta(days=2), outcome=OUTCOME_WITHDRAWN)
    else:  # "running": due in the period, never stopped
        _clock(world, side, stopped_at=None, due_at=when)


def _clocks_closed_on_time(world, side, when, variant):
    due_at = {"match": when + timedelta(minutes=1), "stopped_at_due": when,
              "stopped_late": when - timedelta(days=1), "withdrawn": when + timedelta(days=2)}[variant]
    _clock(world, side, stopped_at=when, due_at=due_at,
           outcome=OUTCOME_WITHDRAWN if variant == "withdrawn" else "decided")


@dataclass(frozen=True)
class Case:
    key: str
    build: Callable[..., None]
    failing: tuple[str, ...] = ()  # rows in 甲, inside the period, that the condition must leave out
    extra_matches: tuple[str, ...] = ()  # further variants that match (counted in the expected figure)


CASES = [
    Case("applications_decided", _applications_decided, ("refused", "withdrawn", "accepted_open", "filing_closed"),
         extra_matches=("rejected",)),
    Case("decisions_signed", _decisions_signed, ("unsigned",)),
    Case("one_time_filings", _one_time_filings, ("filed_by_applicant",)),
    Case("early_interventions", _early_interventions),
    Case("parallel_cases", _parallel_cases, ("enterprise_draft",)),
    Case("shortened_limit_cases", _shortened_limit_cases, ("ordinary_project", "no_promised_limit"),
         extra_matches=("match_livelihood",)),
    Case("no_filing_notices", _no_filing_notices, ("review", "filing", "no_brigade")),
    Case("spot_checks_drawn", _spot_checks_drawn, ("not_selected",)),
    Case("consultations_first_contact", _consultations_first_contact, ("not_first_contact",)),
    Case("three_ones_breaches", _three_ones_breaches),
    Case("appointments_booked", _appointments_booked),
    Case("appointments_no_show", _appointments_no_show, ("attended", "cancelled", "booked")),
    Case("clocks_closed", _clocks_closed, ("running", "withdrawn")),
    Case("clocks_closed_on_time", _clocks_closed_on_time, ("stopped_at_due", "stopped_late", "withdrawn")),
]


def _populate(world: dict[str, Any], case: Case) -> tuple[int, int]:
    """The hand-made rows of ``case``; returns the figures expected for 甲's and 乙's detachments."""
    case.build(world, "a", FIRST_MINUTE, "match")
    case.build(world, "a", FIRST_MORNING, "match")
    case.build(world, "a", LAST_MINUTE, "match")
    case.build(world, "a", DAY_BEFORE, "match")
    case.build(world, "a", DAY_AFTER, "match")
    case.build(world, "b", MID_PERIOD, "match")
    for variant in case.extra_matches:
        case.build(world, "a", MID_PERIOD, variant)
    for variant in case.failing:
        case.build(world, "a", MID_PERIOD, variant)
    return 3 + len(case.extra_matches), 1


def _figure(world: dict[str, Any], side: str, key: str) -> int:
    return figures_for(unit=world["tree"][side]["detachment"], period=PERIOD).get(key)


@pytest.mark.parametrize("case", CASES, ids=[c.key for c in CASES])
def test_counter_counts_exactly_its_records_live(world, case):
    counter(case.key)  # declared under this key
    expected_a, expected_b = _populate(world, case)

    assert RollupState.objects.filter(complete_through__isnull=False).count() == 0  # nothing rolled up: live
    assert _figure(world, "a", case.key) == expected_a
    assert _figure(world, "b", case.key) == expected_b
    # the rows just outside the period are there and counted when the period covers them
    wider = Period(PERIOD.first - timedelta(days=1), PERIOD.last + timedelta(days=1))
    assert figures_for(unit=world["tree"]["a"]["detachment"], period=wider).get(case.key) == expected_a + 2


@pytest.mark.parametrize("case", CASES, ids=[c.key for c in CASES])
def test_counter_counts_exactly_its_records_rolled_up(world, case):
    expected_a, expected_b = _populate(world, case)
    live = (_figure(world, "a", case.key), _figure(world, "b", case.key))

    stats_rollup(first=date(2026, 2, 1), last=date(2026, 4, 30))
    RollupState.objects.update_or_create(singleton=1, defaults={"complete_through": date(2026, 4, 30)})

    rolled = DailyCount.objects.filter(key=case.key, day__gte=PERIOD.first, day__lte=PERIOD.last,
                                       unit__isnull=False)  # a brigade-less pre-check notice has no unit
    assert rolled.aggregate(total=Sum("value"))["total"] == expected_a + expected_b  # read from the roll-up
    assert DailyCount.objects.filter(key=case.key, day=PERIOD.first - timedelta(days=1)).exists()
    assert DailyCount.objects.filter(key=case.key, day=PERIOD.last + timedelta(days=1)).exists()
    assert (_figure(world, "a", case.key), _figure(world, "b", case.key)) == live == (expected_a, expected_b)
