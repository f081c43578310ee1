"""The worklist's card is the case page's (firesvc.sla.cards): paused cases included."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.models import Application
from approvals.selectors import intake as selectors
from approvals.services.clocks import track_pause
from approvals.services.intake import application_accept
from firesvc.sla.enums import Card, ClockStatus, LimitUnit
from firesvc.sla.models import Clock
from firesvc.sla.selectors import clock_view, clocks_for_owner
from tests.approvals.conftest import make_submitted

pytestmark = pytest.mark.django_db


def _paused_case(world: dict[str, Any]) -> Application:
    """An accepted case whose decision clock was paused (expert review) the day it was accepted."""
    application = make_submitted(world)
    application_accept(actor=world["clerk"], application=application)
    application = Application.objects.get(pk=application.pk)
    track_pause(actor=world["approver"], application=application, reason="expert_review", note="专家评审")
    return Application.objects.get(pk=application.pk)


def _row(world: dict[str, Any], application: Application, **filters: Any) -> selectors.WorklistRow | None:
    now = application.due_at + timedelta(days=10)  # ten days past the due date it had when paused
    rows = selectors.worklist(world["clerk"], page_size=100, now=now, **filters).rows
    return next((row for row in rows if row.pk == application.pk), None)


def test_a_paused_case_past_its_old_due_date_shows_the_case_pages_card(approvals_world) -> None:
    application = _paused_case(approvals_world)
    clock = clocks_for_owner(application).get(status=ClockStatus.PAUSED)
    now = application.due_at + timedelta(days=10)

    row = _row(approvals_world, application)

    assert clock.card(now) == Card.GREEN
    assert row is not None and row.card == Card.GREEN


def test_a_paused_case_is_not_counted_overdue(approvals_world) -> None:
    application = _paused_case(approvals_world)

    row = _row(approvals_world, application)

    assert row is not None and row.remaining is not None and row.remaining >= 0
    assert row.overdue_days == 0



def _page_row(client: Any, world: dict[str, Any], application: Application) -> str:
    """The case's row of the clerk's worklist page, ten days past the due date it had when paused."""
    with time_machine.travel(application.due_at + timedelta(days=10), tick=False):
        client.force_login(world["clerk"])
        html = client.get(reverse("approvals:worklist")).content.decode()
    start = html.index(f'<tr data-application="{application.pk}">')
    return html[start:html.index("</tr>", start)]

@pytest.mark.parametrize(("card", "listed"), [("red", False), ("yellow", False), ("green", True)])
def test_the_card_filter_finds_a_paused_case_by_its_card(approvals_world, card, listed) -> None:
    application = _paused_case(approvals_world)

    assert (_row(approvals_world, application, card=card) is not None) is listed


def test_the_worklist_page_shows_a_paused_case_without_overdue_days(client, approvals_world) -> None:
    application = _paused_case(approvals_world)

    row = _page_row(client, approvals_world, application)
    assert 'class="badge sla-green"' in row and "text-danger" not in row


def _spot_check_case(world: dict[str, Any], settings: Any) -> Application:
    """A completion filing drawn for spot check (抽查): its clock counts calendar days (日), not working days."""
    settings.FILING_SPOT_CHECK_RATIO = 1.0
    application = make_submitted(world, "completion_filing")
    application_accept(actor=world["clerk"], application=application)
    return Application.objects.get(pk=application.pk)


def test_the_worklist_card_and_days_left_are_the_clocks_for_running_paused_and_calendar_day_cases(
        approvals_world, settings) -> None:
    # given cases with running, paused and calendar-day clocks, read before, at and after their yellow and due
    # instants
    running = make_submitted(approvals_world)
    paused = _paused_case(approvals_world)
    spot_check = _spot_check_case(approvals_world, settings)
    cases = {case.pk: clocks_for_owner(case).exclude(status=ClockStatus.STOPPED).get()
             for case in (running, paused, spot_check)}
    assert cases[spot_check.pk].limit_unit == LimitUnit.DAYS
    instants = []
    for clock, shift in itertools.product(cases.values(), (-1, 0, 1)):
        for boundary in (clock.yellow_at, clock.due_at, clock.paused_at):
            if boundary is not None:
                instants.append(boundary + timedelta(seconds=shift))
    instants.append(max(c.due_at for c in cases.values()) + timedelta(days=30))
    for now in instants:
        # when the worklist's database expression and its rows, and the clock's card and case page, are read then
        shown = dict(selectors.with_card(Application.objects.filter(pk__in=cases), now).values_list("pk", "card"))
        rows = {row.pk: (row.remaining, row.unit_label)
                for row in selectors.worklist(approvals_world["clerk"], page_size=100, now=now).rows
                if row.pk in cases}
        views = {pk: clock_view(clock, now=now) for pk, clock in cases.items()}
        # then they agree: the card, and what is left in the clock's own unit
        assert shown == {pk: clock.card(now).value for pk, clock in cases.items()}, now
        assert rows == {pk: (view.remaining, view.unit_label) for pk, view in views.items()}, now


def _left_cell(html: str, application: Application) -> tuple[str, str]:
    """The "left" cell (the second) of the case's row of a worklist page: its markup and its text."""
    start = html.index(f'<tr data-application="{application.pk}">')
    cell = "<td" + html[start:html.index("</tr>", start)].split("<td")[2]
    return cell, re.sub(r"<[^>]+>", "", cell).strip()


def test_the_worklist_counts_a_spot_checks_days_left_in_days_as_its_case_page(
        client, approvals_world, settings) -> None:
    # given a filing drawn for spot check, read five days after it was drawn
    application = _spot_check_case(approvals_world, settings)
    clock = clocks_for_owner(application).get(status=ClockStatus.RUNNING)
    when = clock.started_at + timedelta(days=5)
    left = clock_view(clock, now=when).remaining
    # when the clerk opens the worklist and the case page
    with time_machine.travel(when, tick=False):
        client.force_login(approvals_world["clerk"])
        worklist_page = client.get(reverse("approvals:worklist")).content.decode()
        case_page = client.get(reverse("approvals:application", args=[application.pk])).content.decode()
    # then both show the same days left, in days (日), not in working days
    _, text = _left_cell(worklist_page, application)
    assert f"剩余 {left} 日" in case_page
    assert re.findall(r"\d+", text) == [str(left)] and "工作日" not in text


def test_the_worklist_counts_an_overdue_spot_check_in_days(client, approvals_world, settings) -> None:
    application = _spot_check_case(approvals_world, settings)
    clock = clocks_for_owner(application).get(status=ClockStatus.RUNNING)

    with time_machine.travel(clock.due_at + timedelta(days=2, hours=1), tick=False):
        client.force_login(approvals_world["clerk"])
        cell, text = _left_cell(client.get(reverse("approvals:worklist")).content.decode(), application)

    assert 'class="text-danger"' in cell and re.findall(r"\d+", text) == ["3"] and "工作日" not in text



def test_the_rows_show_the_card_the_filter_expression_gives(approvals_world) -> None:
    # given cases with running and paused clocks, read before, at and after their yellow and due instants
    running = make_submitted(approvals_world)
    paused = _paused_case(approvals_world)
    cases = {case.pk: clocks_for_owner(case).exclude(status=ClockStatus.STOPPED).get() for case in (running, paused)}
    instants = [boundary + timedelta(seconds=shift) for clock in cases.values() for shift in (-1, 0, 1)
                for boundary in (clock.yellow_at, clock.due_at) if boundary is not None]
    for now in instants:
        # when the page's rows (read in Python) and the filter's expression are read at that instant
        rows = {row.pk: row.card for row in selectors.worklist(approvals_world["clerk"], page_size=100, now=now).rows
                if row.pk in cases}
        filtered = dict(selectors.with_card(Application.objects.filter(pk__in=cases), now).values_list("pk", "card"))
        # then they agree
        assert rows == filtered, now

def test_the_worklist_page_uses_a_constant_number_of_queries(client, approvals_world) -> None:
    make_submitted(approvals_world)
    _paused_case(approvals_world)
    client.force_login(approvals_world["clerk"])
    url = reverse("approvals:worklist")
    client.get(url)  # warm the caches, as on a running server
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        make_submitted(approvals_world)
        _paused_case(approvals_world)
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"card": "green", "status": "accepted"})
    assert Clock.objects.filter(status=ClockStatus.PAUSED).count() == 5
    assert len(many) == len(few)


def test_the_worklist_marks_a_paused_case_and_its_days_left_once_resumed(client, approvals_world) -> None:
    application = _paused_case(approvals_world)

    row = _page_row(client, approvals_world, application)
    assert "data-paused" in row and "恢复计时后剩余" in row
