"""A figure of /stats/ and its records page agree, also for records dated on a day the roll-up had closed
before they were entered (an early-intervention meeting of 1 December entered on the 6th), and after a record
of a closed day changes its status or its date."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet, Sum
from django.utils import timezone

from approvals.services.early import early_intervention_record
from enterprises.enums import VisitStatus
from enterprises.models import Visit
from enterprises.services.visits import visit_plan, visit_record
from firesvc.accounts.roles import Role
from firesvc.stats import freshness
from firesvc.stats.registry import counter
from firesvc.stats.selectors import Period, counter_records, figures_for
from firesvc.stats.services import stats_rollup_recent
from tests.factories import EnterpriseFactory, staff
from tests.stats import test_counter_definitions_approvals as approvals_cases
from tests.stats import test_counter_definitions_services as services_cases
from tests.stats.test_counter_definitions_approvals import world as approvals_world_fixture  # noqa: F401
from tests.stats.test_counter_definitions_services import world as services_world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def _records_figure(key: str, *, unit: Any, period: Period) -> int:
    """What the records page of ``key`` lists: its rows (or, for a sum, the sum of their values)."""
    item = counter(key)
    rows = counter_records(item, user=staff(Role.ADMINISTRATOR, None), unit=unit, period=period)
    if item.sum_field:
        return int(rows.aggregate(total=Sum(item.sum_field))["total"] or 0)
    return rows.count()


def _agree(key: str, *, unit: Any, period: Period) -> tuple[int, int]:
    return figures_for(unit=unit, period=period).get(key), _records_figure(key, unit=unit, period=period)


def test_a_meeting_entered_after_its_day_was_rolled_up_counts_on_the_dashboard(
        tree, django_capture_on_commit_callbacks) -> None:
    today = timezone.localdate()
    met_on = today - timedelta(days=5)
    reviewer = staff(Role.REVIEWER, tree["a"]["brigade"])
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    early_intervention_record(actor=reviewer, enterprise=enterprise, project_name="万达三期",
                              met_on=met_on - timedelta(days=1), staff=[reviewer], advice="提前介入意见")
    stats_rollup_recent(today=today)  # the nightly run: every day up to yesterday is closed

    with django_capture_on_commit_callbacks(execute=True):  # the entry's transaction commits
        early_intervention_record(actor=reviewer, enterprise=enterprise, project_name="万达四期", met_on=met_on,
                                  staff=[reviewer], advice="提前介入意见")  # entered today, dated five days ago

    period = Period(met_on - timedelta(days=10), today)
    assert _agree("early_interventions", unit=tree["a"]["detachment"], period=period) == (2, 2)


def test_a_visit_recorded_done_for_a_closed_day_counts_on_the_dashboard(
        tree, django_capture_on_commit_callbacks) -> None:
    today = timezone.localdate()
    reviewer = staff(Role.REVIEWER, tree["a"]["brigade"])
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    visit_plan(actor=reviewer, enterprise=enterprise, planned_for=today)
    stats_rollup_recent(today=today)

    with django_capture_on_commit_callbacks(execute=True):
        visit = visit_record(actor=reviewer, enterprise=enterprise, visited_on=today - timedelta(days=3))

    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.DONE  # the plan, completed by a transition
    period = Period(today - timedelta(days=7), today - timedelta(days=1))
    assert _agree("visits_done", unit=tree["a"]["detachment"], period=period) == (1, 1)


@contextmanager
def _entries_are_saves():
    """The counter-definition factories date some rows by an UPDATE after creating them; here that stands
    for entering a record with that date, which the portal does by a save or a transition (both watched)."""
    original = QuerySet.update

    def update(self: QuerySet, **kwargs: Any) -> int:
        pks = list(self.values_list("pk", flat=True))
        written = original(self, **kwargs)
        for row in self.model._base_manager.filter(pk__in=pks):
            freshness._after_change(self.model, row)
        return written

    QuerySet.update = update  # type: ignore[method-assign]
    try:
        yield
    finally:
        QuerySet.update = original  # type: ignore[method-assign]


def _close_the_period() -> None:
    """The nightly roll-up ran on 2 April 2026, before any record of the test was entered."""
    stats_rollup_recent(today=date(2026, 4, 2))


@pytest.mark.parametrize("case", services_cases.CASES, ids=str)
def test_an_enterprise_service_figure_equals_its_records_page_for_records_entered_late(
        services_world_fixture, case, django_capture_on_commit_callbacks) -> None:  # noqa: F811
    _close_the_period()
    with _entries_are_saves(), django_capture_on_commit_callbacks(execute=True):
        services_cases._populate(services_world_fixture, case)

    expected = services_cases._value(case, services_cases.RATINGS)
    unit = services_world_fixture["a"]["detachment"]
    assert _agree(case.key, unit=unit, period=services_cases.PERIOD) == (expected, expected)


@pytest.mark.parametrize("case", approvals_cases.CASES, ids=[c.key for c in approvals_cases.CASES])
def test_an_approvals_figure_equals_its_records_page_for_records_entered_late(
        approvals_world_fixture, case, django_capture_on_commit_callbacks) -> None:  # noqa: F811
    _close_the_period()
    with _entries_are_saves(), django_capture_on_commit_callbacks(execute=True):
        expected, _other = approvals_cases._populate(approvals_world_fixture, case)

    unit = approvals_world_fixture["tree"]["a"]["detachment"]
    assert _agree(case.key, unit=unit, period=approvals_cases.PERIOD) == (expected, expected)


def test_a_record_of_today_reads_nothing_of_the_rollup_state(tree, django_capture_on_commit_callbacks) -> None:
    # Every write of a counted record checks whether its day is closed; today's never is (the nightly run closes
    # the days before it), so none reads, let alone locks and queues on, the roll-up state's one row.
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()
    reviewer = staff(Role.REVIEWER, tree["a"]["brigade"])
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    stats_rollup_recent(today=today)
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True) as done:
        early_intervention_record(actor=reviewer, enterprise=enterprise, project_name="万达五期", met_on=today,
                                  staff=[reviewer], advice="提前介入意见")
    assert done  # the check was scheduled and ran
    assert [q["sql"] for q in queries.captured_queries if "stats_rollupstate" in q["sql"]] == []


def test_a_save_of_other_fields_does_not_read_the_rows_day_back(tree) -> None:
    # Only a save that names a date field can move the row to another day: the others need no look back.
    from django.test.utils import CaptureQueriesContext

    reviewer = staff(Role.REVIEWER, tree["a"]["brigade"])
    meeting = early_intervention_record(actor=reviewer, enterprise=EnterpriseFactory(brigade=tree["a"]["brigade"]),
                                        project_name="万达六期", met_on=timezone.localdate(), staff=[reviewer],
                                        advice="提前介入意见")
    meeting.advice = "补充意见"
    with CaptureQueriesContext(connection) as queries:
        meeting.save(update_fields=["advice"])
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["UPDATE"]


def test_a_save_that_names_the_date_field_still_redoes_the_day_it_leaves(
        tree, django_capture_on_commit_callbacks) -> None:
    today = timezone.localdate()
    reviewer = staff(Role.REVIEWER, tree["a"]["brigade"])
    meeting = early_intervention_record(actor=reviewer, enterprise=EnterpriseFactory(brigade=tree["a"]["brigade"]),
                                        project_name="万达七期", met_on=today - timedelta(days=3), staff=[reviewer],
                                        advice="提前介入意见")
    stats_rollup_recent(today=today)
    with django_capture_on_commit_callbacks(execute=True):
        meeting.met_on = today - timedelta(days=2)
        meeting.save(update_fields=["met_on"])
    day_left = Period(today - timedelta(days=3), today - timedelta(days=3))
    assert _agree("early_interventions", unit=tree["a"]["detachment"], period=day_left) == (0, 0)
