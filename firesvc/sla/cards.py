"""The electronic-supervision card (电子监察) of a clock: one definition, read in Python and in SQL.

``CARD_RULES`` is the rule. ``card_of`` reads it for one clock's values (the case page,
``Clock.card``); ``card_expression`` turns the same rules into a ``Case``/``When`` for a queryset,
so a list can filter by the card the case page shows (the worklist). tests/sla/test_cards.py
runs the same clocks through both.

A clock is read at an instant: a running clock now, a paused one when it was paused (its deadline
moves on when it resumes, so it cannot fall overdue while paused), a stopped one when it stopped.
It is red once that instant has reached ``due_at``; a running clock is yellow once it has reached
``yellow_at``; anything else is green.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Case, CharField, F, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, LessThanOrEqual

from firesvc.sla.enums import Card, ClockStatus

# The clock's values a card reads (a ``Clock``'s own field names).
CARD_FIELDS = ("status", "due_at", "yellow_at", "paused_at", "stopped_at")


@dataclass(frozen=True)
class CardRule:
    """For clocks in ``status``: ``card`` when the instant they are read at has reached ``threshold``
    (``None``: always). ``at``: that instant, ``"now"`` or a field; ``or_now``: a field left empty
    reads as now."""

    status: str
    card: Card
    threshold: str | None = None  # "due_at" or "yellow_at"
    at: str = "now"
    or_now: bool = False


# First match wins; a threshold left empty (NULL) is never reached.
CARD_RULES: tuple[CardRule, ...] = (
    CardRule(ClockStatus.STOPPED, Card.RED, "due_at", at="stopped_at"),  # finished late
    CardRule(ClockStatus.STOPPED, Card.GREEN),
    CardRule(ClockStatus.PAUSED, Card.RED, "due_at", at="paused_at", or_now=True),  # paused when already late
    CardRule(ClockStatus.PAUSED, Card.GREEN),
    CardRule(ClockStatus.RUNNING, Card.RED, "due_at"),
    CardRule(ClockStatus.RUNNING, Card.YELLOW, "yellow_at"),
    CardRule(ClockStatus.RUNNING, Card.GREEN),
)
DEFAULT_CARD = Card.GREEN  # a status no rule names (none today)


def _instant(rule: CardRule, values: Mapping[str, Any], now: datetime) -> datetime | None:
    if rule.at == "now":
        return now
    value = values[rule.at]
    return now if value is None and rule.or_now else value


def card_of(*, status: str, now: datetime, due_at: datetime | None, yellow_at: datetime | None = None,
            paused_at: datetime | None = None, stopped_at: datetime | None = None) -> Card:
    """The card of a clock with these values at ``now`` (``CARD_RULES``)."""
    values = {"due_at": due_at, "yellow_at": yellow_at, "paused_at": paused_at, "stopped_at": stopped_at}
    for rule in CARD_RULES:
        if rule.status != status:
            continue
        if rule.threshold is None:
            return rule.card
        instant, threshold = _instant(rule, values, now), values[rule.threshold]
        if instant is not None and threshold is not None and instant >= threshold:
            return rule.card
    return DEFAULT_CARD


def card_expression(now: datetime, fields: Mapping[str, str | Combinable] | None = None) -> Case:
    """``CARD_RULES`` as a database expression giving the card's value (``Card``) at ``now``.

    ``fields`` maps the names in ``CARD_FIELDS`` to the queryset's own: a field name, an annotation's
    name or an expression (an application's clock status, say). Unmapped names are the ``Clock``'s.
    """
    names = {name: name for name in CARD_FIELDS} | dict(fields or {})

    def ref(name: str) -> Any:
        value = names[name]
        return F(value) if isinstance(value, str) else value

    def reached(rule: CardRule) -> Any:
        instant = Value(now) if rule.at == "now" else ref(rule.at)
        if rule.at != "now" and rule.or_now:
            instant = Coalesce(instant, Value(now))
        # instant >= threshold, written "threshold <= instant": NULL on either side is no match.
        return LessThanOrEqual(ref(rule.threshold), instant)

    by_status: dict[str, list[CardRule]] = {}
    for rule in CARD_RULES:
        by_status.setdefault(rule.status, []).append(rule)
    per_status = []
    for status, rules in by_status.items():  # the status is read once, then its rules in order
        whens, otherwise = [], DEFAULT_CARD
        for rule in rules:
            if rule.threshold is None:  # always: the rules after it are never reached
                otherwise = rule.card
                break
            whens.append(When(reached(rule), then=Value(rule.card.value)))
        card = Case(*whens, default=Value(otherwise.value), output_field=CharField()) if whens else Value(
            otherwise.value, output_field=CharField())
        per_status.append(When(Exact(ref("status"), Value(status)), then=card))
    return Case(*per_status, default=Value(DEFAULT_CARD.value), output_field=CharField())


def read_instant_expression(now: datetime) -> Case:
    """The instant each clock is read at (see above), as a database expression: a running clock now, a paused
    one when it was paused, a stopped one when it stopped. A threshold at or before it has been reached —
    ``due_at``: the clock's red card, ``yellow_at``: its yellow one — whether or not the sweep has run."""
    return Case(When(status=ClockStatus.STOPPED, then=F("stopped_at")),
                When(status=ClockStatus.PAUSED, then=Coalesce(F("paused_at"), Value(now))),
                default=Value(now))
