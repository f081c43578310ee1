"""The kernel's notification matrix (firesvc.notifications.matrix): a rule may apply to only some events of
its action, and may key its notification across events. A stand-in subject (users) keeps the apps out."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from firesvc.notifications import matrix
from firesvc.notifications.matrix import ANY_STATUS_CHANGE, Rule, Subject, dispatch, register, rules_for
from firesvc.notifications.models import Notification

MODEL = "accounts.user"


def _rule(event: str, **options: Any) -> Rule:
    return Rule(model=MODEL, event=event, recipient="self", channels=(), kind="system", title="Title %(n)s",
                body="Body", **options)


@pytest.fixture
def registered(monkeypatch):  # type: ignore[no-untyped-def]
    """Register rules on a stand-in subject for one test; the real matrix is restored after it."""
    monkeypatch.setattr(matrix, "_rules", list(matrix._rules))
    monkeypatch.setattr(matrix, "_subjects", dict(matrix._subjects))
    subject = Subject(model=MODEL, recipients={"self": lambda event, user: [user]},
                      context=lambda event, user: {"n": event.data.get("n", "")}, url=lambda user: "/",
                      is_status_change=lambda event: True)
    return lambda *rules: register(subject, rules)


def _event(action: str, seq: int = 1, **data: Any) -> SimpleNamespace:
    return SimpleNamespace(action=action, seq=seq, actor_id=None, data=data, from_state="a", to_state="b")


def test_rules_for_leaves_out_a_named_rule_that_does_not_apply(registered) -> None:
    registered(_rule("thing.move", applies=lambda event: event.data.get("n") == 1), _rule(ANY_STATUS_CHANGE))
    assert [r.event for r in rules_for(model=MODEL, event=_event("thing.move", n=1))] == ["thing.move"]
    # the action is named, so the "*" rule does not stand in for it either
    assert rules_for(model=MODEL, event=_event("thing.move", n=2)) == []


def test_dispatch_keys_a_notification_by_the_rule_s_own_key(registered, person) -> None:
    registered(_rule("thing.move", dedupe_key="things:%(n)s:%(recipient)s"))
    assert dispatch(_event("thing.move", seq=1, n=7), person) == 1
    dispatch(_event("thing.move", seq=2, n=7), person)  # another event of the same thing: written once
    assert list(Notification.objects.filter(recipient=person).values_list("dedupe_key", flat=True)) == [
        f"things:7:{person.pk}"]


def test_dispatch_keys_a_notification_by_event_and_recipient_by_default(registered, person) -> None:
    registered(_rule("thing.move"))
    dispatch(_event("thing.move", seq=41), person)
    assert Notification.objects.get(recipient=person).dedupe_key == f"audit:41:self:{person.pk}"
