"""The card's one definition (firesvc.sla.cards) read in Python and in the database agree."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest

from firesvc.sla.cards import card_expression, card_of
from firesvc.sla.enums import Card, ClockStatus
from firesvc.sla.models import Clock
from firesvc.sla.services import clock_extend, clock_start
from tests.factories import EnterpriseFactory
from tests.sla.conftest import at

pytestmark = pytest.mark.django_db

NOW = at(2026, 3, 20, 10, 0)
TICK = timedelta(seconds=1)
AROUND = (-TICK, timedelta(0), TICK)  # just before, exactly at and just after a boundary


def _clock(case, **values) -> Clock:  # type: ignore[no-untyped-def]
    """A started clock, then given ``values`` as they are stored."""
    clock = clock_start(owner=EnterpriseFactory(brigade=case["unit"]), rule_code="acceptance.decide",
                        unit=case["unit"], actor=None, started_at=at(2026, 3, 2, 9, 0))
    Clock.objects.filter(pk=clock.pk).update(**values)
    return Clock.objects.get(pk=clock.pk)


def _boundary_clocks(case) -> list[Clock]:  # type: ignore[no-untyped-def]
    """Running, paused and stopped clocks whose reading instant (now, paused_at, stopped_at) is just
    before, at and just after their yellow and due instants, and some with a value left empty."""
    clocks = []
    for shift in AROUND:
        clocks.append(_clock(case, status=ClockStatus.RUNNING, yellow_at=NOW + shift, due_at=NOW + timedelta(days=1)))
        clocks.append(_clock(case, status=ClockStatus.RUNNING, yellow_at=NOW - timedelta(hours=1), due_at=NOW + shift))
    for yellow_shift, due_shift in itertools.product(AROUND, AROUND):
        read_at = NOW - timedelta(days=10)  # paused or stopped ten days ago, around its yellow and due instants
        clocks.append(_clock(case, status=ClockStatus.PAUSED, paused_at=read_at, yellow_at=read_at + yellow_shift,
                             due_at=read_at + due_shift))
        clocks.append(_clock(case, status=ClockStatus.STOPPED, stopped_at=read_at,
                             yellow_at=read_at + yellow_shift, due_at=read_at + due_shift))
    for due_shift in AROUND:
        clocks.append(_clock(case, status=ClockStatus.PAUSED, paused_at=None, yellow_at=NOW - timedelta(days=1),
                             due_at=NOW + due_shift))
        clocks.append(_clock(case, status=ClockStatus.STOPPED, stopped_at=None, yellow_at=NOW - timedelta(days=1),
                             due_at=NOW + due_shift))
    return clocks


def _in_python(clocks: list[Clock], now: datetime) -> dict[int, str]:
    return {clock.pk: clock.card(now).value for clock in clocks}


def _in_the_database(clocks: list[Clock], now: datetime) -> dict[int, str]:
    return dict(Clock.objects.filter(pk__in=[c.pk for c in clocks]).annotate(card=card_expression(now))
                .values_list("pk", "card"))


def test_the_card_in_python_and_in_the_database_agree_at_the_boundaries(case) -> None:
    clocks = _boundary_clocks(case)

    python = _in_python(clocks, NOW)

    assert _in_the_database(clocks, NOW) == python
    assert set(python.values()) == {Card.GREEN.value, Card.YELLOW.value, Card.RED.value}  # every card is tried


def test_an_extended_clock_reads_the_same_either_side_of_its_new_boundaries(case) -> None:
    clock = clock_start(owner=EnterpriseFactory(brigade=case["unit"]), rule_code="acceptance.decide",
                        unit=case["unit"], actor=None, started_at=at(2026, 3, 2, 9, 0))
    extended = clock_extend(clock=clock, amount=5, reason="专家论证", approved_by=case["approver"])
    assert extended.due_at > clock.due_at

    for boundary, shift in itertools.product((extended.yellow_at, extended.due_at, clock.due_at), AROUND):
        now = boundary + shift
        assert _in_the_database([extended], now) == _in_python([extended], now), now


@pytest.mark.parametrize(("status", "expected"), [
    (ClockStatus.RUNNING, Card.RED),  # ten days past due
    (ClockStatus.PAUSED, Card.GREEN),  # paused before it was due: it cannot fall due while paused
    (ClockStatus.STOPPED, Card.GREEN),  # finished before it was due
])
def test_a_clock_read_ten_days_after_its_due_date(status, expected) -> None:
    due_at = NOW - timedelta(days=10)
    earlier = due_at - timedelta(days=1)

    card = card_of(status=status, now=NOW, due_at=due_at, yellow_at=earlier - timedelta(days=2), paused_at=earlier,
                   stopped_at=earlier)

    assert card == expected
